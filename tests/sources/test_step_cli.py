"""The source step (fetch/file -> parse -> write) and ``sci source``; downloads only from 127.0.0.1."""

from __future__ import annotations

import json
from dataclasses import replace

import geopandas as gpd
import httpx
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.steps.source import SourceResult, run_source
from normalize.storage import read_evidence, read_parameters
from sources import kba, lorawan
from sources.tables import read_source_table, read_table_meta, table_path, table_snapshot

runner = CliRunner()
KBA_2019 = "kba/pkw-bestand-20190101_lhm.csv"
LOCALZERO = "cities/localzero_population_2021.csv"
MASTR_2021 = "mastr/localzero_renewable_energy_2021.csv"


def test_reference_source_writes_its_table_and_meta(shared_data, data_dir):
    result = run_source("population", month="2021-12", file=shared_data / LOCALZERO, run_id="run-1")
    assert isinstance(result, SourceResult) and result.ok, result.error
    assert (result.rows_parsed, result.parameter_rows, result.parameters_path) == (11097, 0, None)
    assert result.snapshot_origin == "local-file" and not result.snapshot_reused
    assert result.as_of == "2021-12-31"
    meta = read_table_meta("population", "2021-12", data_dir)
    assert meta["snapshot_sha256"] == result.snapshot_sha256
    assert meta["original_name"] == "localzero_population_2021.csv"
    assert meta["rows"] == 11097 and meta["run_id"] == "run-1"
    table = read_source_table("population", "2021-12", data_dir)
    assert table.set_index("ags").loc["05315000", "population"] == 1_073_096
    assert table_snapshot("population", "2021-12", data_dir).sha256 == result.snapshot_sha256
    again = run_source("population", month="2021-12", file=shared_data / LOCALZERO)
    assert again.snapshot_reused and again.snapshot_sha256 == result.snapshot_sha256


def test_parameter_source_uses_the_month_population(shared_data, data_dir):
    run_source("population", month="2021-12", file=shared_data / LOCALZERO)
    result = run_source("mastr", month="2021-12", file=shared_data / MASTR_2021, run_id="run-2")
    assert result.ok, result.error
    assert (result.parameter_rows, result.evidence_rows) == (81, 81)
    assert result.population_origin.startswith("population source 2021-12 (localzero_population_2021.csv ")
    params = read_parameters("2021-12", data_dir).set_index("city_ags")
    assert params.loc["05315000", "value"] == pytest.approx(77115.92 / 1_073_096)
    assert set(params["run_id"]) == {"run-2"} and set(params["source"]) == {"mastr"}
    evidence = read_evidence("2021-12", data_dir).set_index("city_ags").loc["05315000"]
    assert evidence["sha256"] == result.snapshot_sha256
    assert evidence["url"] == (shared_data / MASTR_2021).resolve().as_uri()
    # a later month without its own population table uses the latest earlier one
    later = run_source("mastr", month="2022-03", file=shared_data / MASTR_2021)
    assert later.population_origin.startswith("population source 2021-12")


def test_without_population_the_registry_is_used(shared_data, data_dir):
    result = run_source("mastr", month="2021-12", file=shared_data / MASTR_2021)
    assert result.population_origin == "city registry (data/cities.csv)"
    raw = read_parameters("2021-12", data_dir).set_index("city_ags").loc["05315000", "raw"]
    assert "population 1,087,863 (2019-12-31, city registry (data/cities.csv))" in raw


def test_fetch_through_the_step_then_reuse(httpserver, shared_data, data_dir):
    body = (shared_data / KBA_2019).read_bytes()
    httpserver.expect_ordered_request("/fz1.csv").respond_with_data(
        body, content_type="text/csv", headers={"ETag": '"kba-2019"'}
    )
    httpserver.expect_ordered_request("/fz1.csv", headers={"If-None-Match": '"kba-2019"'}).respond_with_data(
        b"", status=304
    )
    url = httpserver.url_for("/fz1.csv")
    with httpx.Client() as client:
        first = run_source("kba", month="2021-12", url=url, client=client)
        second = run_source("kba", month="2021-12", url=url, client=client)
    assert first.ok and not first.snapshot_reused and first.snapshot_url == url
    assert second.ok and second.snapshot_reused and second.snapshot_sha256 == first.snapshot_sha256
    assert first.parameter_rows == 81
    assert read_parameters("2021-12", data_dir)["status"].value_counts().to_dict() == {
        "value": 68,
        "source_missing": 13,
    }


def test_failure_keeps_the_last_good_data(httpserver, shared_data, data_dir, tmp_path):
    good = run_source("kba", month="2021-12", file=shared_data / KBA_2019)
    assert good.ok
    params_file = read_parameters("2021-12", data_dir)
    table_bytes = table_path("kba", "2021-12", data_dir).read_bytes()
    renamed = tmp_path / "kba_2020.csv"
    renamed.write_text((shared_data / KBA_2019).read_text().replace("Elektro", "Strom"))
    bad = run_source("kba", month="2021-12", file=renamed)
    assert bad.status == "error" and bad.error_type == "SourceParseError"
    assert "missing column 'Elektro'" in bad.error and str(bad.snapshot_path) in bad.error
    assert bad.table_path is None and bad.parameters_path is None
    httpserver.expect_request("/fz1.xlsx").respond_with_data(
        "<!DOCTYPE html><html>Wartung</html>", content_type="text/html"
    )
    html = run_source("kba", month="2021-12", url=httpserver.url_for("/fz1.xlsx"))
    assert html.error_type == "SourceFetchError" and httpserver.url_for("/fz1.xlsx") in html.error
    assert table_path("kba", "2021-12", data_dir).read_bytes() == table_bytes
    assert read_parameters("2021-12", data_dir).equals(params_file)


def test_unreachable_server_is_a_fast_clear_error(data_dir, free_port, monkeypatch, fast_policy):
    monkeypatch.setattr(lorawan, "POLICY", replace(fast_policy))
    result = run_source("lorawan", month="2021-12", url=f"http://127.0.0.1:{free_port}/api/v2/gateways")
    assert result.status == "error" and result.error_type == "SourceUnavailable"
    assert result.error.startswith(f"cannot reach 127.0.0.1:{free_port}")
    assert result.seconds < 3
    with pytest.raises(Exception, match="cannot reach"):
        run_source("lorawan", month="2021-12", url=f"http://127.0.0.1:{free_port}/x", raise_on_error=True)


def test_bad_month_and_unknown_source(data_dir):
    assert run_source("kba", month="2021-13").error == "month '2021-13' is not YYYY-MM"
    unknown = run_source("census", month="2021-12")
    assert unknown.error_type == "UnknownSource" and "known: bnetza_ladesaeulen" in unknown.error


def test_boundaries_are_geoparquet_and_points_write_no_parameters(shared_data, data_dir):
    result = run_source(
        "boundaries", month="2021-12", file=shared_data / "boundaries/gemeinden_simplify200.geojson"
    )
    assert result.ok and result.snapshot_origin == "local-file" and result.as_of == "2017-07-01"
    frame = gpd.read_parquet(result.table_path)
    assert len(frame) == 971 and frame.crs.to_epsg() == 25832
    assert isinstance(read_source_table("boundaries", "2021-12", data_dir), gpd.GeoDataFrame)
    points = run_source("lorawan", month="2021-12", file=shared_data / "lorawan/waldsensor-sh_gateways.json")
    assert points.ok and points.rows_parsed == 9 and points.parameters_path is None
    assert read_parameters("2021-12", data_dir).empty


# --- CLI -------------------------------------------------------------------------------------------


def test_cli_list():
    result = runner.invoke(app, ["source", "--list"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for name in (
        "bnetza_ladesaeulen",
        "boundaries",
        "breitbandatlas",
        "carsharing",
        "kba",
        "lorawan",
        "mastr",
        "population",
    ):
        assert f"{name} (" in result.output
    assert "8 adapters" in result.output


def test_cli_runs_a_source_and_reports_reuse(shared_data, data_dir):
    args = [
        "--data-dir",
        str(data_dir),
        "source",
        "kba",
        "--file",
        str(shared_data / KBA_2019),
        "--month",
        "2021-12",
    ]
    first = runner.invoke(app, args, terminal_width=200)
    assert first.exit_code == 0, first.output
    assert "kba 2021-12: snapshot new" in first.output
    assert "rows parsed 400" in first.output
    assert "parameters  81 rows" in first.output
    assert "population  city registry (data/cities.csv)" in first.output
    second = runner.invoke(app, args, terminal_width=200)
    assert "snapshot reused" in second.output


def test_cli_json_and_as_of(shared_data, data_dir):
    result = runner.invoke(
        app,
        [
            "--data-dir",
            str(data_dir),
            "source",
            "population",
            "--file",
            str(shared_data / "cities/AuszugGV4QAktuell_grundeinkommensbuero.csv"),
            "--month",
            "2021-12",
            "--as-of",
            "2019-12-31",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["status"], summary["rows_parsed"], summary["as_of"]) == ("ok", 11004, "2019-12-31")


def test_cli_errors_exit_non_zero(shared_data, data_dir, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(
        app,
        ["--data-dir", str(data_dir), "source", "kba", "--file", str(empty), "--month", "2021-12"],
        terminal_width=300,
    )
    assert result.exit_code == 1
    assert "SourceParseError" in result.output and "the file is empty" in result.output
    assert "previous data left unchanged" in result.output
    assert runner.invoke(app, ["source", "census"]).exit_code == 1
    missing = runner.invoke(app, ["source", "kba", "--file", str(tmp_path / "nope.csv")], terminal_width=300)
    assert missing.exit_code == 1 and "no such file or directory" in " ".join(missing.output.split())
    assert runner.invoke(app, ["source"]).exit_code == 1


def test_kba_module_constants_for_flows():
    assert kba.KIND == "parameters" and kba.USES_POPULATION is False
    assert lorawan.KIND == "points" and lorawan.USES_POPULATION is True
