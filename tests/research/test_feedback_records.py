"""Feedback records: one per correction, idempotent imports, superseding, decisions, precedence."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from normalize.feedback import FeedbackError
from normalize.feedback_store import (
    apply_feedback,
    export_workbook,
    import_workbook,
    read_records,
    records_path,
    review_records,
)
from normalize.precedence import resolve
from normalize.provenance import explain
from normalize.research import apply_research
from normalize.storage import read_parameters
from tests.research.conftest import DMS, EAKTE, HAMBURG, HEADER, KOELN, MONTH, city_edits, store_collected

runner = CliRunner()


def do_import(path, data_dir, cities, **kwargs):
    return import_workbook(path, data_dir, imported_by="Ana", cities=cities, **kwargs)


def by_param(data_dir):
    return {r["parameter_id"]: r for r in read_records(data_dir).to_dict("records")}


def test_resent_workbook_supersedes_pending_records(collected, hamburg_workbook, tmp_path, cities):
    v1 = city_edits(
        hamburg_workbook,
        tmp_path / "v1.xlsx",
        {DMS: ("ja", "seit 2019", "a@b.example"), EAKTE: ("ja", "x", None)},
    )
    first = do_import(v1, collected, cities)
    assert (len(first.added), first.already_known, first.superseded) == (2, [], [])
    old = by_param(collected)
    v2 = city_edits(
        hamburg_workbook,
        tmp_path / "v2.xlsx",
        {DMS: ("ja", "seit 2018", "a@b.example"), EAKTE: ("ja", "x", None)},
    )
    second = do_import(v2, collected, cities)
    assert second.already_known == [old[EAKTE]["record_id"]]
    assert second.superseded == [old[DMS]["record_id"]]
    assert len(second.added) == 1
    records = read_records(collected)
    assert len(records) == 3
    superseded = records[records["record_id"] == old[DMS]["record_id"]].iloc[0]
    assert (superseded["state"], superseded["reason"]) == ("superseded", f"superseded by {second.added[0]}")
    with pytest.raises(FeedbackError, match="decide the newer record instead"):
        review_records([(old[DMS]["record_id"], True)], collected, analyst="Ana", reason=None)


def test_decisions_are_checked_before_anything_is_stored(collected, hamburg_workbook, tmp_path, cities):
    path = city_edits(
        hamburg_workbook, tmp_path / "r.xlsx", {DMS: ("ja", "c", None), EAKTE: ("nein", "d", None)}
    )
    do_import(path, collected, cities)
    ids = {p: r["record_id"] for p, r in by_param(collected).items()}
    before = records_path(collected).read_bytes()
    with pytest.raises(FeedbackError) as exc:
        review_records([(ids[DMS], True), (ids[EAKTE], False)], collected, analyst="Ana", reason=None)
    assert str(exc.value) == f"rejecting {ids[EAKTE]} needs a reason (--reason)"
    assert records_path(collected).read_bytes() == before  # the accept was not stored either
    with pytest.raises(FeedbackError, match="no feedback record 'fb-000000'"):
        review_records([("fb-000000", True)], collected, analyst="Ana", reason=None)
    with pytest.raises(FeedbackError, match="is ambiguous"):
        review_records([("fb-", True)], collected, analyst="Ana", reason=None)
    review_records([(ids[DMS], True)], collected, analyst="Ana", reason="geprüft")
    with pytest.raises(FeedbackError) as exc:
        review_records([(ids[DMS], False)], collected, analyst="Bea", reason="doch nicht")
    assert (
        str(exc.value)
        == f"{ids[DMS]} is already accepted by Ana (geprüft); use --force to change the decision"
    )
    review_records([(ids[DMS], False)], collected, analyst="Bea", reason="doch nicht", force=True)
    assert (by_param(collected)[DMS]["state"], by_param(collected)[DMS]["analyst"]) == ("rejected", "Bea")


def test_accept_all_list_and_remarks(collected, hamburg_workbook, tmp_path, cities, cities_path):
    path = city_edits(
        hamburg_workbook,
        tmp_path / "r.xlsx",
        {
            DMS: ("ja", None, "x@hamburg.example"),
            EAKTE: ("entfällt", "kein eigenes Archiv", None),
            "verwaltung.payment.epayment": (None, "nur ein Hinweis", None),
        },
    )
    do_import(path, collected, cities)
    result = runner.invoke(
        app,
        [
            "feedback",
            "review",
            "--accept-all",
            "--city",
            "Hamburg",
            "--by",
            "Ana",
            "--cities",
            str(cities_path),
        ],
        terminal_width=300,
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"{MONTH}: 2 accepted correction(s) in the parameter table; re-score with `sci score --month {MONTH}`"
    )
    rows = read_parameters(MONTH, collected, sources=["feedback"])
    assert [(r.parameter_id, None if pd.isna(r.value) else r.value, r.status) for r in rows.itertuples()] == [
        (DMS, 1.0, "present"),
        (EAKTE, None, "not_applicable"),  # the city says the parameter does not apply
    ]
    won = resolve(read_parameters(MONTH, collected)).set_index(["city_ags", "parameter_id"])
    assert won.loc[(HAMBURG, EAKTE), "status"] == "not_applicable"
    result = runner.invoke(app, ["feedback", "list", "--state", "accepted", "--json"])
    listed = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["parameter_id"], r["state"], r["analyst"]) for r in listed] == [
        (DMS, "accepted", "Ana"),
        (EAKTE, "accepted", "Ana"),
        ("verwaltung.payment.epayment", "accepted", "Ana"),
    ]
    assert listed[0]["reviewed_at"] is not None and listed[0]["reason"] is None
    result = runner.invoke(app, ["feedback", "list"], terminal_width=300)
    assert result.output.splitlines()[-1] == "3 record(s): 0 pending, 3 accepted, 0 rejected, 0 superseded"
    result = runner.invoke(app, ["feedback", "review", "--accept-all"], terminal_width=300)
    assert result.exit_code == 1 and "--accept-all needs --city" in result.output
    result = runner.invoke(app, ["feedback", "review", "fb-1", "--reject", "--by", "Ana"], terminal_width=300)
    assert result.exit_code == 1


def test_latest_accepted_wins_and_months_stay_apart(collected, hamburg_workbook, tmp_path, cities):
    v1 = city_edits(hamburg_workbook, tmp_path / "v1.xlsx", {DMS: ("ja", "erste", None)})
    do_import(v1, collected, cities, now=pd.Timestamp("2021-07-01T10:00", tz="UTC"))
    review_records(
        [(read_records(collected).iloc[0]["record_id"], True)], collected, analyst="Ana", reason=None
    )
    v2 = city_edits(hamburg_workbook, tmp_path / "v2.xlsx", {DMS: ("nein", "doch nicht", None)})
    do_import(v2, collected, cities, now=pd.Timestamp("2021-07-02T10:00", tz="UTC"))
    newer = read_records(collected).iloc[1]["record_id"]
    review_records([(newer, True)], collected, analyst="Ana", reason=None)
    result = apply_feedback(MONTH, collected)
    assert result.rows == 1
    row = read_parameters(MONTH, collected, sources=["feedback"]).iloc[0]
    assert (row["value"], row["status"], row["raw"]) == (0.0, "absent", "nein")
    assert row["collected_at"] == pd.Timestamp("2021-07-02T10:00", tz="UTC")
    # another month knows nothing of June's corrections
    assert apply_feedback("2021-07", collected).path is None
    assert read_parameters("2021-07", collected).empty


def test_dry_run_and_foreign_workbook(collected, tmp_path, cities, monkeypatch):
    other = tmp_path / "other-data"
    store_collected(other, [(HAMBURG, DMS, 0, "absent")])
    hamburg = next(c for c in cities if c.ags == HAMBURG)
    export_workbook(hamburg, MONTH, tmp_path / "foreign.xlsx", other)
    path = city_edits(tmp_path / "foreign.xlsx", tmp_path / "foreign-back.xlsx", {DMS: ("ja", "x", None)})
    dry = do_import(path, collected, cities, dry_run=True)
    assert (len(dry.added), dry.dry_run) == (1, True)
    assert not records_path(collected).exists()
    real = do_import(path, collected, cities)
    assert real.warnings == [f"workbook {real.meta.workbook_id} was not exported from this data dir"]
    assert len(read_records(collected)) == 1


def test_precedence_feedback_over_research_over_collected(
    collected, hamburg_workbook, tmp_path, cities, research_dir
):
    (research_dir / "verwaltung.csv").write_text(
        HEADER
        + f"{HAMBURG},{DMS},ja,https://www.hamburg.de/dms,Ratsdrucksache,Res,2021-06-01\n"
        + f"{KOELN},{EAKTE},ja,https://www.stadt-koeln.de/eakte,,Res,2021-06-01\n",
        encoding="utf-8",
    )
    apply_research(MONTH, collected, research_dir=research_dir, cities=cities)
    why = explain(MONTH, HAMBURG, DMS, collected)
    assert (why.winner["source"], why.winner["value"]) == ("research", 1.0)
    assert [r["source"] for r in why.overridden] == ["city_sites"]
    # the city disagrees with the research and the analyst accepts its correction
    path = city_edits(hamburg_workbook, tmp_path / "r.xlsx", {DMS: ("nein", "DMS erst 2022", None)})
    do_import(path, collected, cities)
    review_records(
        [(read_records(collected).iloc[0]["record_id"], True)], collected, analyst="Ana", reason="ok"
    )
    apply_feedback(MONTH, collected)
    why = explain(MONTH, HAMBURG, DMS, collected)
    assert (why.winner["source"], why.winner["method"], why.winner["value"]) == ("feedback", "feedback", 0.0)
    assert [(r["source"], r["value"]) for r in why.overridden] == [("research", 1.0), ("city_sites", 0.0)]
    won = resolve(read_parameters(MONTH, collected)).set_index(["city_ags", "parameter_id"])
    assert won.loc[(KOELN, EAKTE), "source"] == "research"
    assert won.loc[(KOELN, EAKTE), "overrides"] == ["city_sites"]
    assert won.loc[(KOELN, DMS), "source"] == "city_sites"
    # all rows stay in the table: nothing was edited
    assert len(read_parameters(MONTH, collected)) == 5 + 2 + 1
