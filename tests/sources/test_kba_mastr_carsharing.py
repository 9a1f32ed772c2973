"""KBA (derived 2019 CSV + hand-made FZ1 layout), MaStR aggregates, the bcs car-sharing ranking."""

from __future__ import annotations

import pytest

from normalize.cities import load_cities
from sources import carsharing, kba, mastr
from sources.errors import SourceParseError
from tests.sources.conftest import FIXTURES, write_xlsx
from tests.sources.fixtures import kba_fz1

KBA_2019 = "kba/pkw-bestand-20190101_lhm.csv"
MASTR_2021 = "mastr/localzero_renewable_energy_2021.csv"
MASTR_2024 = "mastr/localzero_renewable_energy_2024.csv"
RANKING = FIXTURES / "carsharing_ranking_handmade.html"


def cities_of(*ags: str):
    return [c for c in load_cities() if c.ags in set(ags)]


# --- kba -------------------------------------------------------------------------------------------


def test_kba_derived_2019_csv(parsed):
    table = parsed("kba", KBA_2019)
    assert len(table) == 400
    assert table.attrs["as_of"] == "2019-01-01"  # from the file name
    koeln = table.set_index("ks").loc["05315"]
    assert (koeln["district"], koeln["cars_total"], koeln["bev"], koeln["hybrid"]) == (
        "KOELN,STADT",
        482847,
        820,
        5611,
    )
    assert koeln["phev"] is None or str(koeln["phev"]) == "<NA>"
    assert table.set_index("ks").loc["08111", "district"] == "STUTTGART,STADT"  # quoted name with a comma
    assert int(table["cars_total"].sum()) == 47_077_855
    assert int(table["bev"].sum()) == 83_125


def test_kba_fz1_layout_fixture(tmp_path):
    path = write_xlsx(tmp_path / "fz1_2021.xlsx", kba_fz1.ROWS, sheet=kba_fz1.SHEET)
    table = kba.parse(path)
    assert table["ks"].tolist() == [
        "08111",
        "08115",
        "05315",
        "05162",
        "05774",
        "11000",
    ]  # sums/total skipped
    koeln = table.set_index("ks").loc["05315"]
    assert (koeln["cars_total"], koeln["bev"], koeln["phev"], koeln["hybrid"]) == (500000, 4000, 3500, 10000)
    assert table.attrs["as_of"] == "2021-01-01"  # "am 1. Januar 2021" in the title
    assert table.attrs["edition"] == "FZ1 table (Zulassungsbezirke x Kraftstoffarten), XLSX sheet 'FZ1.1'"


def test_kba_to_parameters_kreisfrei_only(tmp_path):
    table = kba.parse(write_xlsx(tmp_path / "fz1.xlsx", kba_fz1.ROWS, sheet=kba_fz1.SHEET))
    params, evidence = kba.to_parameters(
        table,
        month="2021-12",
        cities=cities_of("05315000", "05162024", "05774032", "11000000", "09162000"),
        population=None,
        snapshot=None,
    )
    rows = params.set_index("city_ags")
    assert rows.loc["05315000", "value"] == pytest.approx(100 * (4000 + 3500) / 500000)
    assert "4,000 BEV + 3,500 plug-in hybrids of 500,000 passenger cars" in rows.loc["05315000", "raw"]
    assert rows.loc["11000000", "value"] == pytest.approx(100 * 15000 / 1200000)
    for kreisangehoerig in ("05162024", "05774032"):  # Neuss, Paderborn: the Kreis is not the city
        assert rows.loc[kreisangehoerig, "status"] == "source_missing"
        assert "kreisangehörig" in rows.loc[kreisangehoerig, "raw"]
    assert "no Zulassungsbezirk 09162" in rows.loc["09162000", "raw"]
    assert evidence.set_index("city_ags").loc["05315000", "rule_id"] == "kba:Zulassungsbezirk 05315"


def test_kba_2019_share_counts_bev_only(parsed):
    params, _ = kba.to_parameters(
        parsed("kba", KBA_2019), month="2021-12", cities=cities_of("05315000"), population=None, snapshot=None
    )
    row = params.iloc[0]
    assert row["value"] == pytest.approx(100 * 820 / 482847)
    assert "plug-in hybrids not reported separately in this edition, not counted" in row["raw"]


def test_kba_renamed_and_missing_columns(tmp_path):
    renamed = tmp_path / "kba.csv"
    renamed.write_text(
        "KS,Zulassungsbezirk,Benzin,Diesel,Gas,Hybrid,Strom,Sonstige Kraftstoffart\n05315,K,1,1,1,1,1,1\n"
    )
    with pytest.raises(SourceParseError, match="missing column 'Elektro'") as info:
        kba.parse(renamed)
    assert "derived FZ1 table" in str(info.value)
    rows = [list(r) for r in kba_fz1.ROWS]
    rows[4] = [c if c != "Elektro (BEV)" else "Batterie" for c in rows[4]]
    with pytest.raises(SourceParseError, match="missing column 'Elektro \\(BEV\\)'"):
        kba.parse(write_xlsx(tmp_path / "fz1.xlsx", rows))


# --- mastr -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "rows", "edition", "koeln_pv", "total_pv"),
    [
        (MASTR_2021, 11322, "2021", 77115.92, 60_096_526.835),
        (MASTR_2024, 11097, "2024", 140682.142, 81_925_427.514),
    ],
)
def test_mastr_localzero_aggregates(parsed, relpath, rows, edition, koeln_pv, total_pv):
    table = parsed("mastr", relpath)
    assert len(table) == rows  # DG000000 dropped
    assert set(table["edition"]) == {edition}
    koeln = table.set_index("ags").loc["05315000"]
    assert koeln["pv_kw"] == koeln_pv
    laender = table[
        table["ags"].str.endswith("000000") & (table["ags"] != "02000000") & (table["ags"] != "11000000")
    ]
    assert laender["pv_kw"].sum() + table.set_index("ags").loc[["02000000", "11000000"], "pv_kw"].sum() == (
        pytest.approx(total_pv, abs=1)
    )


def test_mastr_to_parameters_kw_per_inhabitant(parsed):
    population = __import__("pandas").DataFrame(
        {
            "ags": ["05315000"],
            "population": [1_073_096],
            "reference_date": ["2021-12-31"],
            "origin": ["population source 2021-12"],
        }
    )
    params, evidence = mastr.to_parameters(
        parsed("mastr", MASTR_2024),
        month="2024-12",
        cities=cities_of("05315000", "01002000"),
        population=population,
        snapshot=None,
    )
    rows = params.set_index("city_ags")
    assert rows.loc["05315000", "value"] == pytest.approx(140682.142 / 1_073_096)
    assert rows.loc["05315000", "unit"] == "kW per inhabitant"
    assert "population 1,073,096 (2021-12-31, population source 2021-12)" in rows.loc["05315000", "raw"]
    assert "city registry" in rows.loc["01002000", "raw"]


def test_mastr_unit_export_dialect(tmp_path):
    # HAND-MADE rows in the layout of the MaStR web export (";" and decimal comma), not real units.
    path = tmp_path / "EinheitenSolar_2023.csv"
    path.write_bytes(
        (
            "MaStR-Nr. der Einheit;Betriebs-Status;Energieträger;Bruttoleistung der Einheit;Gemeindeschlüssel\n"
            "SEE1;In Betrieb;Solare Strahlungsenergie;9,8;05315000\n"
            "SEE2;In Betrieb;Solare Strahlungsenergie;1.250,5;05315000\n"
            "SEE3;In Planung;Solare Strahlungsenergie;100;05315000\n"
            "SEE4;In Betrieb;Wind;3000;05315000\n"
            "SEE5;In Betrieb;Solare Strahlungsenergie;5;\n"
        ).encode("cp1252")
    )
    table = mastr.parse(path)
    assert table.to_dict("records")[0]["pv_kw"] == pytest.approx(1260.3)
    assert table.attrs["edition"] == "MaStR unit export 2023, CSV (cp1252, ';')"


def test_mastr_bad_inputs(tmp_path):
    renamed = tmp_path / "2024.csv"
    renamed.write_text("gemeinde,photovoltaik\n05315000,1\n")
    with pytest.raises(SourceParseError, match="missing column 'ags'"):
        mastr.parse(renamed)
    no_pv = tmp_path / "2023.csv"
    no_pv.write_text("ags,solar\n05315000,1\n")
    with pytest.raises(SourceParseError, match="missing column 'pv'"):
        mastr.parse(no_pv)


# --- carsharing ------------------------------------------------------------------------------------


def test_ranking_page_all_size_classes():
    table = carsharing.parse(RANKING)
    assert len(table) == 12
    assert table.attrs["edition"] == "bcs CarSharing-Städteranking 2022, HTML page"
    karlsruhe = table.set_index("city").loc["Karlsruhe"]
    assert (karlsruhe["cars_per_1000"], karlsruhe["rank"]) == (4.34, 1)
    assert karlsruhe["size_class"] == "Städte von 200.000 bis 500.000 Einwohner*innen"
    assert table.set_index("city").loc["München", "cars_per_1000"] == 2.02


def test_ranking_to_parameters_matches_names():
    params, evidence = carsharing.to_parameters(
        carsharing.parse(RANKING), month="2022-01", cities=load_cities(), population=None, snapshot=None
    )
    values = params[params["status"] == "value"].set_index("city_ags")["value"].to_dict()
    assert values == {
        "09162000": 2.02,
        "11000000": 1.98,
        "06412000": 1.75,
        "05315000": 1.52,
        "08212000": 4.34,
        "08311000": 2.11,
        "15002000": 0.61,
        "03159016": 1.24,
        "05117000": 0.35,
        "03403000": 0.80,
    }  # Tübingen and Frankfurt (Oder) are not registry cities
    assert (params["status"] == "source_missing").sum() == 71
    hamburg = params.set_index("city_ags").loc["02000000", "raw"]
    assert hamburg == "Hamburg is not in the CarSharing-Städteranking 2022"


def test_ranking_name_matching():
    cities = load_cities()
    assert carsharing.match_city("Frankfurt (Oder)", cities) is None
    assert carsharing.match_city("Freiburg i. Br.", cities).ags == "08311000"
    assert carsharing.match_city("Ludwigshafen a. Rh.", cities).ags == "07314000"
    assert carsharing.match_city("Offenbach", cities).ags == "06413000"


def test_ranking_as_csv_and_errors(tmp_path):
    csv_path = tmp_path / "ranking_2024.csv"
    csv_path.write_text("Rang;Stadt;Fahrzeuge je 1.000 Einwohner\n1;Karlsruhe;5,35\n2;München;3,37\n")
    table = carsharing.parse(csv_path)
    assert table["cars_per_1000"].tolist() == [5.35, 3.37] and set(table["edition"]) == {"2024"}
    no_table = tmp_path / "page.html"
    no_table.write_text("<html><body><table><tr><th>Stadt</th><th>Anbieter</th></tr></table></body></html>")
    with pytest.raises(SourceParseError, match="no ranking table"):
        carsharing.parse(no_table)
    bad = tmp_path / "bad.csv"
    bad.write_text("Stadt;Fahrzeuge je 1.000 Einwohner\nKöln;viele\n")
    with pytest.raises(SourceParseError, match="row 2 \\(Köln\\): 'viele' is not a number"):
        carsharing.parse(bad)
