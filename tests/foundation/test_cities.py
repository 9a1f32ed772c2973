from __future__ import annotations

import csv
from pathlib import Path

import pytest

from normalize.cities import (
    STATE_BY_PREFIX,
    AmbiguousCity,
    City,
    CityNotFound,
    CityRegistryError,
    find_city,
    fold_name,
    load_cities,
)


def test_81_cities_with_unique_ags():
    cities = load_cities()
    assert len(cities) == 81
    assert len({c.ags for c in cities}) == 81
    assert all(len(c.ags) == 8 and c.ags.isdigit() for c in cities)


def test_state_matches_ags_prefix():
    for c in load_cities():
        assert STATE_BY_PREFIX[c.ags[:2]] == c.state, c


def test_population_and_urls():
    for c in load_cities():
        assert c.population >= 100_000, c
        assert c.website.startswith("https://"), c


def test_spot_values():
    by_ags = {c.ags: c for c in load_cities()}
    assert by_ags["02000000"].name == "Hamburg"
    assert by_ags["05315000"].name == "Köln"
    assert by_ags["05315000"].population == 1_087_863
    assert by_ags["01002000"].population == 246_794
    assert by_ags["11000000"].website == "https://www.berlin.de"
    assert by_ags["07312000"].population == 100_030  # Kaiserslautern, the smallest


def test_cross_check_against_destatis_extract(shared_data: Path):
    """Exactly the Gemeinden (satzart 60) with >= 100,000 inhabitants, same population figures."""
    src = shared_data / "cities" / "AuszugGV4QAktuell_grundeinkommensbuero.csv"
    expected = {}
    with src.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["satzart"].strip() == "60":
                pop = int(row["bevoelkerung"].replace(" ", "") or 0)
                if pop >= 100_000:
                    expected[row["land"] + row["rb"] + row["kreis"] + row["gemeinde"]] = pop
    assert {c.ags: c.population for c in load_cities()} == expected


def test_names_agree_with_destatis_ags_list(shared_data: Path):
    names = {}
    with (shared_data / "cities" / "localzero_ags_2021.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["ags"]] = row["description"]
    for c in load_cities():
        assert fold_name(names[c.ags]).startswith(fold_name(c.name).split(" ")[0]), (c.name, names[c.ags])


@pytest.mark.parametrize(
    ("query", "ags"),
    [
        ("Köln", "05315000"),
        ("koeln", "05315000"),
        ("KOLN", "05315000"),
        ("05315000", "05315000"),
        ("5315000", "05315000"),
        ("muenchen", "09162000"),
        ("Mülheim an der Ruhr", "05117000"),
        ("mulheim", "05117000"),
        ("halle saale", "15002000"),
        ("Frankfurt", "06412000"),
        ("Düsseldorf", "05111000"),
    ],
)
def test_find_city(query, ags):
    assert find_city(query).ags == ags


def test_ambiguous_name_lists_candidates():
    with pytest.raises(AmbiguousCity) as info:
        find_city("Ber")  # Berlin, Bergisch Gladbach
    assert {c.ags for c in info.value.candidates} == {"11000000", "05378004"}
    assert "Berlin (11000000)" in str(info.value)


def test_exact_name_beats_prefix():
    cities = [
        City("01000001", "Neustadt", "x", 1, "", "https://a", ""),
        City("01000002", "Neustadt am Rhein", "x", 1, "", "https://b", ""),
    ]
    assert find_city("neustadt", cities).ags == "01000001"


def test_not_found():
    with pytest.raises(CityNotFound):
        find_city("Atlantis")
    with pytest.raises(CityNotFound):
        find_city("99999999")


def test_registry_errors_name_file_and_line(tmp_path: Path):
    bad = tmp_path / "cities.csv"
    bad.write_text(
        "ags,name,state,population,population_date,website,boundary_vintage\n"
        "01002000,Kiel,Schleswig-Holstein,246794,2019-12-31,https://www.kiel.de,2021-01-01\n"
        "1002000,Kiel,Schleswig-Holstein,246794,2019-12-31,https://www.kiel.de,2021-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(CityRegistryError, match=r"cities.csv:3: AGS '1002000' is not an 8-digit string"):
        load_cities(bad)
