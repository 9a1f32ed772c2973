"""Research entries become parameter rows (method=research) with evidence, month by month."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from normalize.evidence import make_evidence_id
from normalize.research import ResearchError, apply_research
from normalize.storage import parameters_path, read_evidence, read_parameters
from tests.research.conftest import DMS, EAKTE, HAMBURG, HEADER, KIEL, KOELN

runner = CliRunner()
TODAY = date(2021, 8, 1)
PILOT = "verwaltung.pilotprojekte.pilotprojekte"
LADESAEULE = "energie_umwelt.strassenbeleuchtung.ladesaeule"


@pytest.fixture()
def entries(research_dir):
    (research_dir / "verwaltung.csv").write_text(
        HEADER
        + f"{HAMBURG},{DMS},nein,https://www.hamburg.de/dms-plan,Stadt plant ein DMS,Alice,2021-05-20\n"
        + f"{HAMBURG},{DMS},ja,https://www.hamburg.de/dms,DMS seit Juni im Betrieb,Alice,2021-06-10\n"
        + f"{KOELN},{EAKTE},ja,https://www.stadt-koeln.de/eakte,,Bob,2021-07-01\n"
        + f'{KIEL},{PILOT},"12,5",https://www.kiel.de/pilot,Drei Projekte,Bob,2021-06-01\n',
        encoding="utf-8",
    )
    (research_dir / "energie_umwelt.csv").write_text(
        HEADER
        + f"{KIEL},{LADESAEULE},entfällt,https://www.kiel.de/licht,Keine eigene Beleuchtung,Carla,2021-06-03\n",
        encoding="utf-8",
    )
    return research_dir


def table(df):
    return [
        (
            r.city_ags,
            r.parameter_id,
            None if pd.isna(r.value) else r.value,
            r.status,
            r.raw,
            r.method,
            r.source,
        )
        for r in df.sort_values(["city_ags", "parameter_id"]).itertuples()
    ]


def test_rows_of_june(data_dir, entries, cities):
    result = apply_research("2021-06", data_dir, research_dir=entries, cities=cities, today=TODAY)
    assert (result.rows, result.entries_read) == (3, 5)
    assert result.path == parameters_path(data_dir, "2021-06", "research")
    rows = read_parameters("2021-06", data_dir)
    assert table(rows) == [
        (KIEL, LADESAEULE, None, "not_applicable", "entfällt", "research", "research"),
        (KIEL, PILOT, 12.5, "value", "12,5", "research", "research"),
        (HAMBURG, DMS, 1.0, "present", "ja", "research", "research"),  # the newer entry wins
    ]
    hamburg = rows[rows["city_ags"] == HAMBURG].iloc[0]
    ev_id = make_evidence_id("research", "2021-06", HAMBURG, DMS, "2021-06-10", "ja")
    assert list(hamburg["evidence"]) == [ev_id]
    assert hamburg["collected_at"] == pd.Timestamp("2021-06-10", tz="UTC")
    assert rows.loc[rows["parameter_id"] == PILOT, "unit"].item() == "bonus points"
    ev = read_evidence("2021-06", data_dir).set_index("evidence_id").loc[ev_id]
    assert ev["url"] == "https://www.hamburg.de/dms"
    assert ev["snippet"] == "DMS seit Juni im Betrieb"
    assert (ev["rule_id"], ev["source"], ev["method"], ev["value"], ev["status"]) == (
        "research",
        "research",
        "research",
        1.0,
        "present",
    )
    assert list(ev["items"]) == [f"{entries}/verwaltung.csv:3", "researcher=Alice"]
    assert ev["fetched_at"] == pd.Timestamp("2021-06-10", tz="UTC")


def test_entries_apply_from_their_month_on(data_dir, entries, cities):
    apply_research("2021-05", data_dir, research_dir=entries, cities=cities, today=TODAY)
    assert table(read_parameters("2021-05", data_dir)) == [
        (HAMBURG, DMS, 0.0, "absent", "nein", "research", "research")
    ]
    apply_research("2021-07", data_dir, research_dir=entries, cities=cities, today=TODAY)
    assert [r[:4] for r in table(read_parameters("2021-07", data_dir))] == [
        (KIEL, LADESAEULE, None, "not_applicable"),
        (KIEL, PILOT, 12.5, "value"),
        (HAMBURG, DMS, 1.0, "present"),
        (KOELN, EAKTE, 1.0, "present"),
    ]
    # Before the first entry nothing is written at all (no empty month appears).
    result = apply_research("2021-04", data_dir, research_dir=entries, cities=cities, today=TODAY)
    assert (result.rows, result.path) == (0, None)
    assert not (data_dir / "parameters" / "month=2021-04").exists()


def test_invalid_entry_writes_nothing_and_keeps_last_good(data_dir, entries, cities):
    apply_research("2021-06", data_dir, research_dir=entries, cities=cities, today=TODAY)
    target = parameters_path(data_dir, "2021-06", "research")
    good = target.read_bytes()
    with (entries / "verwaltung.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{KOELN},{DMS},vielleicht,https://www.stadt-koeln.de/x,,Bob,2021-06-11\n")
    with pytest.raises(ResearchError) as exc:
        apply_research("2021-06", data_dir, research_dir=entries, cities=cities, today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        f"{entries}/verwaltung.csv:6: value for {DMS}: 'vielleicht' is not a boolean (use ja/nein, 1/0, true/false, yes/no)"
    ]
    assert target.read_bytes() == good


def test_deleted_entries_disappear_on_the_next_apply(data_dir, entries, cities):
    apply_research("2021-06", data_dir, research_dir=entries, cities=cities, today=TODAY)
    for name in ("verwaltung.csv", "energie_umwelt.csv"):
        (entries / name).write_text(HEADER, encoding="utf-8")
    result = apply_research("2021-06", data_dir, research_dir=entries, cities=cities, today=TODAY)
    assert result.rows == 0
    assert read_parameters("2021-06", data_dir, sources=["research"]).empty
    assert read_evidence("2021-06", data_dir, sources=["research"]).empty


def test_cli_apply(data_dir, entries, cities_path):
    result = runner.invoke(
        app, ["research", "apply", "--month", "2021-06", "--cities", str(cities_path)], terminal_width=300
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output == f"2021-06: 3 research row(s) -> {parameters_path(data_dir, '2021-06', 'research')}\n"
    )
    (entries / "mobilitaet.csv").write_text(HEADER + f"{KIEL},{DMS},ja,https://www.kiel.de,,Bob,2021-06-01\n")
    result = runner.invoke(
        app, ["research", "apply", "--month", "2021-06", "--cities", str(cities_path)], terminal_width=300
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "error: 1 problem(s) in research entries:",
        f"- {entries}/mobilitaet.csv:2: parameter {DMS} belongs to area verwaltung, not to this file's mobilitaet",
        "nothing was written",
    ]


def test_cli_list(data_dir, entries, cities_path):
    result = runner.invoke(
        app,
        ["research", "list", "--month", "2021-06", "--city", "Kiel", "--json", "--cities", str(cities_path)],
    )
    assert result.exit_code == 0, result.output
    import json

    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["parameter_id"], r["value"], r["status"], r["from_month"]) for r in rows] == [
        (LADESAEULE, None, "not_applicable", "2021-06"),
        (PILOT, 12.5, "value", "2021-06"),
    ]
