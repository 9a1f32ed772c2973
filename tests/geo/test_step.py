"""flows.steps.geo.run_geo on a tmp data dir: files written, parameters, evidence, --as-of, errors."""

from __future__ import annotations

import json
import types
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import sources.registry
from flows.steps.geo import GeoStepError, matched_table_path, run_geo
from normalize.evidence import make_evidence_id
from normalize.storage import (
    atomic_write_parquet,
    evidence_path,
    parameters_path,
    read_evidence,
    read_parameters,
    source_table_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import parameter_row
from tests.geo.conftest import LORAWAN_SH, place

SOURCE = "bnetza_ladesaeulen"
MONTH = "2021-12"
KOELN, HAMBURG, KIEL = "05315000", "02000000", "01002000"
PER_1000 = "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew"
FAST = "energie_umwelt.ladeinfrastruktur.anteil_schnellladen"
PER_STATION = "energie_umwelt.ladeinfrastruktur.ladepunkte_je_station"
LORAWAN = "it_kommunikation.netzwerktechnologien.lorawan_gateways"
KOELN_POPULATION = 1_087_863  # data/cities.csv, 31.12.2019
KIEL_POPULATION = 246_794


def count_in(path: Path, where: str) -> int:
    return duckdb.execute(f"select count(*) from read_parquet('{path}') where {where}").fetchone()[0]


def test_run_geo_writes_the_matched_table_parameters_and_evidence(geo_data_dir):
    result = run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir, run_id="run-1")

    matched = matched_table_path(geo_data_dir, SOURCE, MONTH)
    assert result.matched_path == matched
    assert count_in(matched, "true") == 23_396
    assert count_in(matched, f"city_ags = '{KOELN}'") == 265
    assert count_in(matched, f"city_ags = '{HAMBURG}'") == 661
    assert count_in(matched, "city_ags is null") == 23_396 - 7646
    by_status = dict(
        duckdb.execute(f"select geo_status, count(*) from read_parquet('{matched}') group by 1").fetchall()
    )
    assert by_status == {"matched": 7645, "outside_cities": 15711, "snapped": 16, "outside_germany": 24}
    assert result.boundaries_month == "2021-11"
    assert result.boundaries_vintage == "2021-01-01"
    assert result.population_month is None

    params = read_parameters(MONTH, geo_data_dir, sources=[SOURCE])
    assert len(params) == 81 * 3
    assert set(params["method"]) == {"geo"}
    assert set(params["source"]) == {SOURCE}
    assert set(params["run_id"]) == {"run-1"}
    koeln = params[params["city_ags"] == KOELN].set_index("parameter_id")
    assert koeln.at[PER_1000, "value"] == pytest.approx(265 / KOELN_POPULATION * 1000)
    assert koeln.at[FAST, "value"] == pytest.approx(100 * 14 / 265)
    assert koeln.at[PER_STATION, "value"] == pytest.approx(462 / 265)
    assert "265 stations" in koeln.at[PER_1000, "raw"]

    evidence = read_evidence(MONTH, geo_data_dir, sources=[SOURCE]).set_index("evidence_id")
    koeln_ids = sorted(
        r[0]
        for r in duckdb.execute(
            f"select station_id from read_parquet('{matched}') where city_ags = '{KOELN}'"
        ).fetchall()
    )
    for pid in (PER_1000, FAST, PER_STATION):
        (evidence_id,) = koeln.at[pid, "evidence"]
        record = evidence.loc[evidence_id]
        assert sorted(record["items"]) == koeln_ids
        assert record["method"] == "geo"
    assert len(evidence) == 81 * 3

    report = json.loads(result.report_path.read_text(encoding="utf-8"))
    assert report["parameters_path"] == str(parameters_path(geo_data_dir, MONTH, SOURCE))
    assert report["report"]["counts"]["snapped"] == 16
    assert report["report"]["per_city"][KOELN] == 265
    assert report["boundaries_month"] == "2021-11"
    assert report["run_id"] == "run-1"


def test_other_sources_and_months_are_untouched(geo_data_dir):
    other = pd.DataFrame(
        [
            parameter_row(
                month=MONTH,
                city_ags=KOELN,
                parameter_id="energie_umwelt.e_fahrzeuge.anteil",
                value=1.5,
                status="value",
                method="source",
                source="kba",
                evidence=[make_evidence_id("kba", KOELN)],
            )
        ]
    )
    write_parameters(other, source="kba", month=MONTH, data_dir=geo_data_dir)
    write_evidence(
        pd.DataFrame(
            [
                {
                    "evidence_id": make_evidence_id("kba", KOELN),
                    "month": MONTH,
                    "city_ags": KOELN,
                    "source": "kba",
                    "method": "source",
                    "items": [],
                }
            ]
        ),
        source="kba",
        month=MONTH,
        data_dir=geo_data_dir,
    )
    before = {
        p: p.read_bytes()
        for p in (parameters_path(geo_data_dir, MONTH, "kba"), evidence_path(geo_data_dir, MONTH, "kba"))
    }
    run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir)
    run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir)  # a re-run replaces, never appends
    assert {p: p.read_bytes() for p in before} == before
    assert len(read_parameters(MONTH, geo_data_dir, sources=[SOURCE])) == 243
    assert sorted(p.name for p in (geo_data_dir / "parameters" / f"month={MONTH}").iterdir()) == [
        "bnetza_ladesaeulen.parquet",
        "kba.parquet",
    ]


def test_as_of_counts_only_stations_commissioned_by_then(geo_data_dir):
    result = run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir, as_of="2020-12-31")
    assert result.as_of == "2020-12-31"
    assert result.excluded_by_as_of == 4634
    assert result.undated == 0
    assert result.report.total == 18_762
    assert result.report.per_city[KOELN] == 181
    matched = matched_table_path(geo_data_dir, SOURCE, MONTH)
    assert count_in(matched, "commissioned > DATE '2020-12-31'") == 0
    assert count_in(matched, f"city_ags = '{KOELN}'") == 181
    params = read_parameters(MONTH, geo_data_dir, sources=[SOURCE])
    koeln = params[(params["city_ags"] == KOELN) & (params["parameter_id"] == PER_1000)].iloc[0]
    assert koeln["value"] == pytest.approx(181 / KOELN_POPULATION * 1000)
    assert koeln["raw"].endswith("points commissioned on or before 2020-12-31 only")
    assert any("4634 point(s) commissioned later" in note for note in result.report.notes)
    # The German date form works too, and the day itself counts ("on or before").
    same = run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir, as_of="31.12.2020")
    assert same.report.per_city[KOELN] == 181


def test_as_of_is_an_error_for_a_source_without_commissioning_dates(data_dir, parsed_files, shared_data):
    from sources.lorawan import parse

    place(data_dir, "boundaries", MONTH, parsed_files["boundaries"])
    atomic_write_parquet(
        parse(shared_data / LORAWAN_SH), source_table_dir(data_dir, "lorawan", MONTH) / "lorawan.parquet"
    )
    with pytest.raises(GeoStepError, match="--as-of needs a 'commissioned' column.*lorawan"):
        run_geo("lorawan", month=MONTH, data_dir=data_dir, as_of="2021-01-01")
    with pytest.raises(GeoStepError, match="not a date"):
        run_geo(SOURCE, month=MONTH, data_dir=data_dir, as_of="yesterday")
    assert not matched_table_path(data_dir, "lorawan", MONTH).exists()


def test_lorawan_gateways_per_100000_with_no_new_code(data_dir, parsed_files, shared_data, tmp_path):
    from sources.lorawan import parse

    place(data_dir, "boundaries", MONTH, parsed_files["boundaries"])
    gateways = json.loads((shared_data / LORAWAN_SH).read_text(encoding="utf-8"))
    gateways += [
        {"id": "kiel-rathaus", "name": "Rathaus", "lat": 54.3213, "lon": 10.1349},
        {"id": "kiel-uni", "name": "Uni", "lat": 54.3465, "lon": 10.1131},
        {"id": "kiel-swapped", "name": "Hafen", "lat": 10.1420, "lon": 54.3260},
    ]
    listing = tmp_path / "gateways.json"
    listing.write_text(json.dumps(gateways), encoding="utf-8")
    atomic_write_parquet(parse(listing), source_table_dir(data_dir, "lorawan", MONTH) / "lorawan.parquet")

    result = run_geo("lorawan", month=MONTH, data_dir=data_dir)
    assert result.report.total == 12
    assert result.report.counts["swapped"] == 1
    assert result.report.per_city[KIEL] == 3
    assert result.report.in_cities == 3  # the nine real gateways lie outside every Großstadt
    params = read_parameters(MONTH, data_dir, sources=["lorawan"]).set_index("city_ags")
    assert len(params) == 81
    assert params.at[KIEL, "value"] == pytest.approx(3 / KIEL_POPULATION * 100_000)
    assert params.at[KOELN, "value"] == 0
    assert set(params["method"]) == {"geo"}
    evidence = read_evidence(MONTH, data_dir, sources=["lorawan"]).set_index("evidence_id")
    assert sorted(evidence.loc[params.at[KIEL, "evidence"][0], "items"]) == [
        "kiel-rathaus",
        "kiel-swapped",
        "kiel-uni",
    ]


def test_boundaries_of_an_earlier_month_are_used_and_missing_ones_are_an_error(data_dir, parsed_files):
    place(data_dir, SOURCE, MONTH, parsed_files[SOURCE])
    with pytest.raises(
        GeoStepError, match=r"no parsed boundaries for 2021-12 or earlier.*sci source boundaries"
    ):
        run_geo(SOURCE, month=MONTH, data_dir=data_dir)
    place(data_dir, "boundaries", "2022-01", parsed_files["boundaries"])  # later months do not count
    with pytest.raises(GeoStepError, match="no parsed boundaries"):
        run_geo(SOURCE, month=MONTH, data_dir=data_dir)
    assert not (data_dir / "parameters").exists()
    place(data_dir, "boundaries", "2020-01", parsed_files["boundaries"])
    assert run_geo(SOURCE, month=MONTH, data_dir=data_dir).boundaries_month == "2020-01"


def test_a_missing_parsed_table_names_the_command_to_run(data_dir, parsed_files):
    place(data_dir, "boundaries", MONTH, parsed_files["boundaries"])
    place(data_dir, SOURCE, "2021-11", parsed_files[SOURCE])
    with pytest.raises(
        GeoStepError, match=r"no parsed table of bnetza_ladesaeulen for 2021-12.*\(parsed months: 2021-11\)"
    ):
        run_geo(SOURCE, month=MONTH, data_dir=data_dir)
    broken = source_table_dir(data_dir, SOURCE, MONTH) / f"{SOURCE}.parquet"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"<html>not a parquet file</html>")
    with pytest.raises(GeoStepError, match=r"bnetza_ladesaeulen.parquet: cannot read the parsed table"):
        run_geo(SOURCE, month=MONTH, data_dir=data_dir)


def test_reference_and_unknown_sources_are_refused(geo_data_dir):
    with pytest.raises(GeoStepError, match="boundaries is not a point source \\(KIND 'reference'\\)"):
        run_geo("boundaries", month=MONTH, data_dir=geo_data_dir)
    with pytest.raises(GeoStepError, match="population is not a point source"):
        run_geo("population", month=MONTH, data_dir=geo_data_dir)
    with pytest.raises(GeoStepError, match="unknown source 'nope'"):
        run_geo("nope", month=MONTH, data_dir=geo_data_dir)


def test_the_parsed_population_source_is_used_when_present(geo_data_dir):
    population = pd.DataFrame({"ags": [KOELN], "population": [1_073_096], "reference_date": ["2021-12-31"]})
    atomic_write_parquet(
        population, source_table_dir(geo_data_dir, "population", "2021-10") / "population.parquet"
    )
    result = run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir)
    assert result.population_month == "2021-10"
    params = read_parameters(MONTH, geo_data_dir, sources=[SOURCE])
    per_1000 = params[params["parameter_id"] == PER_1000].set_index("city_ags")
    assert per_1000.at[KOELN, "value"] == pytest.approx(265 / 1_073_096 * 1000)
    assert "population source 2021-10" in per_1000.at[KOELN, "raw"]
    assert "city registry" in per_1000.at[KIEL, "raw"]  # not in the population table: registry


def test_run_cities_can_be_restricted(geo_data_dir):
    result = run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir, cities=[KOELN, KIEL])
    assert result.report.per_city == {KIEL: 65, KOELN: 265}
    params = read_parameters(MONTH, geo_data_dir, sources=[SOURCE])
    assert sorted(set(params["city_ags"])) == [KIEL, KOELN]
    matched = matched_table_path(geo_data_dir, SOURCE, MONTH)
    assert count_in(matched, "city_ags is not null") == 330
    assert count_in(matched, f"municipality_ags = '{HAMBURG}'") == 661  # still inspectable
    with pytest.raises(GeoStepError, match="not an AGS of the city registry"):
        run_geo(SOURCE, month=MONTH, data_dir=geo_data_dir, cities=["99999999"])


def test_a_city_missing_from_the_boundaries_is_source_missing(data_dir, vg5000, parsed_files, tmp_path):
    without_koeln = tmp_path / "boundaries.parquet"
    vg5000[vg5000["ags"] != KOELN].to_parquet(without_koeln)
    place(data_dir, "boundaries", MONTH, without_koeln)
    place(data_dir, SOURCE, MONTH, parsed_files[SOURCE])
    result = run_geo(SOURCE, month=MONTH, data_dir=data_dir)
    assert result.report.cities_without_boundary == [KOELN]
    params = read_parameters(MONTH, data_dir, sources=[SOURCE])
    koeln = params[params["city_ags"] == KOELN]
    assert set(koeln["status"]) == {"source_missing"} and koeln["value"].isna().all()
    assert (params[params["city_ags"] == KIEL]["status"] == "value").all()


# --- generic over adapters: a minimal point adapter, registered only for the test ----------------


def _fake_adapter(*, broken: bool = False) -> types.ModuleType:
    module = types.ModuleType("fake_points")
    module.NAME = "fake_points"
    module.KIND = "points"

    def to_parameters(table, *, month, cities, population, snapshot, run_id=None):
        rows, evidence = [], []
        for city in cities:
            ids = sorted(table.loc[table["city_ags"] == city.ags, "point_id"])
            ev = make_evidence_id("fake_points", month, city.ags)
            rows.append(
                parameter_row(
                    month=month,
                    city_ags=city.ags,
                    parameter_id=LORAWAN,
                    value=len(ids),
                    status="bogus" if broken else "value",
                    method="source",  # the step makes it geo
                    source="fake_points",
                    evidence=[ev],
                )
            )
            evidence.append(
                {
                    "evidence_id": ev,
                    "month": month,
                    "city_ags": city.ags,
                    "source": "fake_points",
                    "method": "source",
                    "items": ids,
                }
            )
        return pd.DataFrame(rows), pd.DataFrame(evidence)

    module.to_parameters = to_parameters
    return module


@pytest.fixture()
def fake_points(monkeypatch, data_dir, vg5000, tmp_path, parsed_files):
    adapter = _fake_adapter()
    monkeypatch.setitem(sources.registry.ADAPTERS, "fake_points", "fake_points")
    monkeypatch.setitem(__import__("sys").modules, "fake_points", adapter)
    without_kiel = tmp_path / "boundaries.parquet"
    vg5000[vg5000["ags"] != KIEL].to_parquet(without_kiel)
    place(data_dir, "boundaries", MONTH, without_kiel)
    table = pd.DataFrame(
        {
            "point_id": ["dom", "rhein", "paris", "nowhere"],
            "lat": [50.9413, 50.9375, 48.8566, None],
            "lon": [6.9583, 6.9603, 2.3522, None],
        }
    )
    atomic_write_parquet(table, source_table_dir(data_dir, "fake_points", MONTH) / "fake_points.parquet")
    return adapter


def test_any_point_adapter_works_without_new_code(fake_points, data_dir):
    result = run_geo("fake_points", month=MONTH, data_dir=data_dir, cities=[KOELN, KIEL])
    assert result.report.counts["missing_coords"] == 1
    assert result.report.examples["outside_germany"] == ["paris"]
    params = read_parameters(MONTH, data_dir, sources=["fake_points"]).set_index("city_ags")
    assert params.at[KOELN, "value"] == 2 and params.at[KOELN, "method"] == "geo"
    # Kiel has no boundary here and this adapter does not handle it: the step marks it unknown.
    assert params.at[KIEL, "status"] == "source_missing"
    assert "no boundary for this AGS" in params.at[KIEL, "raw"]
    evidence = read_evidence(MONTH, data_dir, sources=["fake_points"]).set_index("city_ags")
    assert list(evidence.at[KOELN, "items"]) == ["dom", "rhein"]
    assert list(evidence.at[KIEL, "items"]) == []


def test_an_adapter_error_leaves_the_last_good_data(fake_points, data_dir, monkeypatch):
    run_geo("fake_points", month=MONTH, data_dir=data_dir, cities=[KOELN, KIEL])
    written = [
        matched_table_path(data_dir, "fake_points", MONTH),
        parameters_path(data_dir, MONTH, "fake_points"),
        evidence_path(data_dir, MONTH, "fake_points"),
    ]
    before = {p: p.read_bytes() for p in written}
    monkeypatch.setattr(fake_points, "to_parameters", _fake_adapter(broken=True).to_parameters)
    with pytest.raises(ValueError, match="status must be one of"):
        run_geo("fake_points", month=MONTH, data_dir=data_dir, cities=[KOELN])
    assert {p: p.read_bytes() for p in written} == before
    assert not list(matched_table_path(data_dir, "fake_points", MONTH).parent.glob(".*.tmp"))


def test_end_to_end_after_the_source_step_evidence_points_at_the_raw_snapshot(data_dir, shared_data):
    from flows.steps.source import run_source
    from tests.geo.conftest import KOELN_EXTRACT, VG5000_GEM

    boundaries = run_source(
        "boundaries", month="2021-11", data_dir=data_dir, file=shared_data / VG5000_GEM, raise_on_error=True
    )
    stations = run_source(
        SOURCE, month=MONTH, data_dir=data_dir, file=shared_data / KOELN_EXTRACT, raise_on_error=True
    )
    assert boundaries.ok and stations.ok
    result = run_geo(SOURCE, month=MONTH, data_dir=data_dir)
    assert result.snapshot_sha256 == stations.snapshot_sha256
    assert result.report.per_city[KOELN] == 291
    evidence = read_evidence(MONTH, data_dir, sources=[SOURCE])
    assert set(evidence["sha256"]) == {stations.snapshot_sha256}
    koeln = evidence[(evidence["city_ags"] == KOELN) & (evidence["parameter_id"] == PER_1000)].iloc[0]
    assert len(koeln["items"]) == 291
    assert koeln["url"].endswith("Ladesaeulenregister_Koeln_extract.csv")
