"""``sci geo SOURCE`` (match and print) and ``sci geo SOURCE --city`` (list the points of one city)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import flows.console
from flows.cli import app
from normalize.storage import read_parameters

runner = CliRunner()
SOURCE = "bnetza_ladesaeulen"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Rich sizes tables to the console (80 columns when not a terminal); tests read whole rows."""
    monkeypatch.setattr(flows.console.console, "width", 250)


def sci(*args: str):
    return runner.invoke(app, list(args), terminal_width=250)


def test_sci_geo_matches_and_prints_counts_and_the_report(geo_data_dir):
    result = sci("geo", SOURCE)  # month: the latest with a parsed table (2021-12)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    koeln = next(line for line in lines if "Köln" in line)
    assert [cell.strip() for cell in koeln.split("│")[1:7]] == [
        "Köln",
        "05315000",
        "265",
        "0.244",
        "5.283",
        "1.743",
    ]
    assert "23396 points, 7646 in the run's cities" in result.output
    assert "  snapped: 16 (1 of them in the run's cities)" in result.output
    assert "  outside_germany: 24  e.g. bna-bbcb1dc9e792800b" in result.output
    assert "boundaries: month 2021-11, vintage 2021-01-01; population: city registry" in result.output
    assert "243 parameter rows" in result.output
    assert len(read_parameters("2021-12", geo_data_dir, sources=[SOURCE])) == 243


def test_sci_geo_as_of_and_json(geo_data_dir):
    result = sci("geo", SOURCE, "--month", "2021-12", "--as-of", "2020-12-31", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["as_of"] == "2020-12-31"
    assert summary["excluded_by_as_of"] == 4634
    assert summary["report"]["per_city"]["05315000"] == 181
    assert summary["parameter_rows"] == 243


def test_sci_geo_snap_option(geo_data_dir):
    result = sci("geo", SOURCE, "--snap-m", "0", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)["report"]["counts"]
    assert (counts["snapped"], counts["outside_germany"]) == (0, 40)


def test_sci_geo_city_lists_the_matched_points(geo_data_dir):
    assert sci("geo", SOURCE).exit_code == 0
    result = sci("geo", SOURCE, "--city", "koeln")
    assert result.exit_code == 0, result.output
    assert "265 points in Köln (05315000): matched 265" in result.output
    assert result.output.count("bna-") == 265
    result = sci("geo", SOURCE, "--city", "02000000", "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 661
    assert {r["city_ags"] for r in rows} == {"02000000"}
    snapped = [r for r in rows if r["geo_status"] == "snapped"]
    assert [r["station_id"] for r in snapped] == ["bna-429162eda5e5fba6"]
    result = sci("geo", SOURCE, "--city", "Kiel", "--as-of", "2018-12-31", "--json")
    assert result.exit_code == 0, result.output
    kiel_2018 = [json.loads(line) for line in result.output.splitlines()]
    assert len(kiel_2018) == 31
    assert max(r["commissioned"] for r in kiel_2018) <= "2018-12-31"


def test_sci_geo_city_errors(geo_data_dir):
    result = sci("geo", SOURCE, "--city", "Köln")
    assert result.exit_code == 1
    assert "no matched table of bnetza_ladesaeulen" in result.output
    assert "run `sci geo bnetza_ladesaeulen` first" in result.output
    assert sci("geo", SOURCE).exit_code == 0
    result = sci("geo", SOURCE, "--city", "Mün")
    assert result.exit_code == 1
    assert "'Mün' matches 2 cities" in result.output
    assert "05515000  Münster" in result.output and "09162000  München" in result.output
    result = sci("geo", SOURCE, "--city", "Atlantis")
    assert result.exit_code == 1
    assert "Atlantis" in result.output


def test_sci_geo_errors_are_clear(data_dir):
    result = sci("geo", SOURCE)
    assert result.exit_code == 1
    assert "no parsed table of bnetza_ladesaeulen" in result.output
    assert "sci source bnetza_ladesaeulen" in result.output
    result = sci("geo", SOURCE, "--month", "2021-13")
    assert result.exit_code == 1
    assert "2021-13" in result.output
    result = sci("geo", SOURCE, "--as-of", "soon")
    assert result.exit_code == 1
    assert "not a date" in result.output


def test_sci_geo_as_of_for_a_source_without_dates(data_dir, parsed_files, shared_data):
    from normalize.storage import atomic_write_parquet, source_table_dir
    from sources.lorawan import parse
    from tests.geo.conftest import LORAWAN_SH, place

    place(data_dir, "boundaries", "2021-12", parsed_files["boundaries"])
    atomic_write_parquet(
        parse(shared_data / LORAWAN_SH), source_table_dir(data_dir, "lorawan", "2021-12") / "lorawan.parquet"
    )
    result = sci("geo", "lorawan", "--as-of", "2021-01-01")
    assert result.exit_code == 1
    assert "--as-of needs a 'commissioned' column" in result.output
    result = sci("geo", "lorawan")
    assert result.exit_code == 0, result.output
    assert "9 points, 0 in the run's cities" in result.output
    result = sci("geo", "lorawan", "--city", "Kiel")
    assert result.exit_code == 0, result.output
    assert "no points of lorawan in Kiel (01002000) in 2021-12" in result.output
