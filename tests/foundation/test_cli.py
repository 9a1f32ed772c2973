from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def test_catalog_counts():
    result = runner.invoke(app, ["catalog"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "5 areas, 37 indicators, 106 parameters" in result.output


def test_catalog_filter_by_how():
    result = runner.invoke(app, ["catalog", "--how", "geo"], terminal_width=200)
    assert result.exit_code == 0
    assert "2 areas, 2 indicators, 4 parameters" in result.output
    result = runner.invoke(app, ["catalog", "--how", "source:kba", "--json"])
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == [
        "energie_umwelt.e_fahrzeuge.anteil"
    ]


def test_catalog_unknown_area():
    result = runner.invoke(app, ["catalog", "--area", "space"])
    assert result.exit_code == 1
    assert "unknown area 'space'" in result.output


def test_cities():
    result = runner.invoke(app, ["cities", "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 81
    assert rows[0]["ags"] == "01002000"
    result = runner.invoke(app, ["cities", "--state", "Bremen"], terminal_width=200)
    assert "2 cities" in result.output


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for command in ("catalog", "cities"):
        assert command in result.output
