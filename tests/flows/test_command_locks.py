"""Single-step commands that write a month take the month lock, like ``sci run``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.runs import month_lock

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["source", "kba", "--month", "2021-06", "--file", "README.md"], "sci source kba"),
        (["geo", "bnetza_ladesaeulen", "--month", "2021-06"], "sci geo bnetza_ladesaeulen"),
        (["crawl", "--month", "2021-06", "--city", "Köln"], "sci crawl"),
    ],
)
def test_a_held_month_stops_the_command_with_the_holder_named(data_dir, args, what):
    with month_lock(data_dir, "2021-06", run_id="holder-run-1"):
        result = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert f"{what}:" in text
    assert "holder-run-1" in text
    assert not (data_dir / "parameters").exists()
