"""Month-to-month diff: change classification (detector vs site vs new source data ...) and `sci diff`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.report.data import read_run_records, read_scores
from normalize.catalog import load_catalog
from normalize.diff import RunIndex, RunVersions, Side, classify_change, diff_months, run_versions
from normalize.inspect import EvidenceItem, prepare_month
from normalize.storage import read_evidence, read_parameters
from tests.report.conftest import HH, INFO, KI, KITA, A, B, D, E, K, L, P, T

runner = CliRunner()


def ev(sha=None, version=None):
    return EvidenceItem(evidence_id="ev-000000", found=True, sha256=sha, version=version)


def side(value=1.0, status="present", *, method="crawl", source="crawl", evidence=(), month=B, run_id=None):
    return Side(
        month=month,
        value=value,
        value_text=str(value),
        status=status,
        source=source,
        method=method,
        run_id=run_id,
        collected_at=None,
        evidence=list(evidence),
    )


def run(catalog="2021.1", detector="det-1", code="package=0.1.0", snapshots=None):
    return RunVersions(
        run_id="r",
        month=B,
        started_at=None,
        code=code,
        catalog=catalog,
        detector=detector,
        snapshots={k: frozenset(v) for k, v in (snapshots or {}).items()},
    )


# --- the rules, one by one ----------------------------------------------------------------------------


def test_same_page_body_new_detector_version_is_a_detector_change():
    old = side(0.0, "absent", evidence=[ev("aaa", "det-1")])
    new = side(1.0, "present", evidence=[ev("aaa", "det-2")])
    assert classify_change(old, new, run(), run()) == (
        "detector_change",
        "same page body, detector version det-1 -> det-2",
    )


def test_different_page_body_is_a_site_change_even_with_a_new_detector():
    old = side(0.0, "absent", evidence=[ev("aaa", "det-1")])
    assert classify_change(old, side(evidence=[ev("bbb", "det-1")]), None, None) == (
        "site_change",
        "page body hash changed",
    )
    assert classify_change(old, side(evidence=[ev("bbb", "det-2")]), None, None) == (
        "site_change",
        "page body hash changed (also detector version det-1 -> det-2)",
    )


def test_new_source_snapshot_is_new_source_data():
    old = side(0.5, "value", method="source", source="kba", evidence=[ev("snap1", "kba-1")])
    new = side(0.7, "value", method="source", source="kba", evidence=[ev("snap2", "kba-1")])
    assert classify_change(old, new, None, None) == ("new_source_data", "source snapshot hash changed")
    same_snapshot_new_adapter = side(
        0.7, "value", method="source", source="kba", evidence=[ev("snap1", "kba-2")]
    )
    assert classify_change(old, same_snapshot_new_adapter, None, None) == (
        "detector_change",
        "same source snapshot, adapter version kba-1 -> kba-2",
    )


def test_run_records_supply_hashes_and_versions_the_evidence_lacks():
    old = side(0.5, "value", method="geo", source="bnetza_ladesaeulen", evidence=[ev()])
    new = side(0.7, "value", method="geo", source="bnetza_ladesaeulen", evidence=[ev()])
    run_a = run(snapshots={"bnetza_ladesaeulen": {"s1"}})
    run_b = run(snapshots={"bnetza_ladesaeulen": {"s2"}})
    assert classify_change(old, new, run_a, run_b) == ("new_source_data", "source snapshot hash changed")
    run_b_same = run(code="package=0.2.0", snapshots={"bnetza_ladesaeulen": {"s1"}})
    assert classify_change(old, new, run_a, run_b_same) == (
        "detector_change",
        "same source snapshot, adapter version package=0.1.0 -> package=0.2.0",
    )
    # Pages: the run's detector_version when the evidence carries no version.
    page_old = side(0.0, "absent", evidence=[ev("p1")])
    page_new = side(1.0, "present", evidence=[ev("p1")])
    assert classify_change(page_old, page_new, run(detector="d1"), run(detector="d2")) == (
        "detector_change",
        "same page body, detector version d1 -> d2",
    )


def test_catalog_change_unexplained_and_unknown():
    old = side(0.0, "absent", evidence=[ev("aaa", "det-1")])
    new = side(1.0, "present", evidence=[ev("aaa", "det-1")])
    assert classify_change(old, new, run(catalog="2021.1"), run(catalog="2021.2")) == (
        "catalog_change",
        "same input and version, catalog 2021.1 -> 2021.2",
    )
    assert classify_change(old, new, run(), run()) == (
        "unexplained",
        "same input hashes, versions and catalog",
    )
    bare_old, bare_new = side(0.0, "absent"), side(1.0, "present")
    assert classify_change(bare_old, bare_new, None, None) == (
        "unknown",
        "no input hash in either month and no version change recorded",
    )
    assert classify_change(bare_old, bare_new, run(detector="a"), run(detector="b")) == (
        "detector_change",
        "no input hash in either month; detector version a -> b",
    )
    assert classify_change(bare_old, bare_new, run(catalog="1"), run(catalog="2")) == (
        "catalog_change",
        "no input hash in either month; catalog 1 -> 2",
    )


def test_feature_appearing_on_pages_with_the_same_detector_is_a_site_change():
    # An absent decision names the pages it searched but no matching body.
    absent = side(0.0, "absent", evidence=[ev(None, "1.0.0")])
    present = side(1.0, "present", evidence=[ev("p1", "1.0.0"), ev("p2", "1.0.0"), ev("p1", "1.0.0")])
    assert classify_change(absent, present, None, None) == (
        "site_change",
        "no matching page in the earlier month; now on 2 page(s), same detector version 1.0.0",
    )
    assert classify_change(present, absent, None, None) == (
        "site_change",
        "no matching page in the later month; earlier on 2 page(s), same detector version 1.0.0",
    )
    newer = side(1.0, "present", evidence=[ev("p1", "1.1.0")])
    assert classify_change(absent, newer, None, None) == (
        "detector_change",
        "no input hash in the earlier month; detector version 1.0.0 -> 1.1.0",
    )
    # Data rows: a missing snapshot hash on one side is not evidence of anything.
    src_old = side(1.0, "value", method="source", source="kba", evidence=[ev(None, "kba-1")])
    src_new = side(2.0, "value", method="source", source="kba", evidence=[ev("s", "kba-1")])
    assert classify_change(src_old, src_new, None, None) == (
        "unknown",
        "no input hash in the earlier month and no version change recorded",
    )


def test_rows_appearing_manual_entries_producers_and_failures():
    crawl = side(0.0, "absent", evidence=[ev("a", "d")])
    assert classify_change(None, crawl, None, None) == ("first_collected", "no row in the earlier month")
    assert classify_change(crawl, None, None, None) == ("no_longer_collected", "no row in the later month")
    research = side(1.0, "present", method="research", source="research")
    assert classify_change(crawl, research, None, None) == (
        "manual_entry",
        "a research entry now decides (was crawl from crawl)",
    )
    feedback = side(0.0, "absent", method="feedback", source="feedback")
    assert classify_change(research, feedback, None, None) == (
        "manual_entry",
        "a city correction now decides (was research from research)",
    )
    assert classify_change(research, crawl, None, None) == (
        "manual_entry",
        "the research entry was withdrawn; crawl from crawl decides",
    )
    assert classify_change(
        research, side(0.0, "absent", method="research", source="research"), None, None
    ) == (
        "manual_entry",
        "the research entry changed",
    )
    probe = side(1.0, "present", method="probe", source="opendata_probe", evidence=[ev("a", "d")])
    assert classify_change(crawl, probe, None, None) == (
        "producer_change",
        "the value now comes from opendata_probe (was crawl)",
    )
    failed = side(None, "not_checkable", evidence=[ev(None, "d")])
    assert classify_change(crawl, failed, None, None) == (
        "collection_failure",
        "the check could not be completed in the later month",
    )
    assert classify_change(failed, crawl, None, None) == (
        "collection_failure",
        "the check could not be completed in the earlier month",
    )


def test_run_versions_reads_the_flows_record_format():
    record = {
        "run_id": "20240501T030000Z-abc123",
        "month": "2024-05",
        "started_at": "2024-05-01T03:00:00Z",
        "code_version": {"package": "0.1.0", "git_commit": "deadbeef"},
        "catalog_version": "2021.1",
        "detector_version": None,
        "steps": [
            {"kind": "source", "name": "kba", "snapshots": [{"sha256": "k1"}, {"sha256": "k2"}]},
            {"kind": "source", "name": "lorawan", "snapshots": [{"source": "lorawan", "sha256": "l1"}]},
            {"kind": "crawl", "name": "cities", "snapshots": []},
            "garbage",
        ],
    }
    assert run_versions(record) == RunVersions(
        run_id="20240501T030000Z-abc123",
        month="2024-05",
        started_at="2024-05-01T03:00:00Z",
        code="git_commit=deadbeef, package=0.1.0",
        catalog="2021.1",
        detector=None,
        snapshots={"kba": frozenset({"k1", "k2"}), "lorawan": frozenset({"l1"})},
    )
    assert run_versions({}) == RunVersions(None, None, None, None, None, None, {})


def test_run_index_falls_back_to_the_latest_run_of_the_month():
    index = RunIndex(
        [
            {"run_id": "r1", "month": B, "started_at": "2024-05-01T03:00:00Z", "catalog_version": "1"},
            {"run_id": "r2", "month": B, "started_at": "2024-05-02T03:00:00Z", "catalog_version": "2"},
            {"run_id": "r0", "month": A, "started_at": "2024-04-01T03:00:00Z", "catalog_version": "0"},
        ]
    )
    assert index.for_row("r1", B).catalog == "1"
    assert index.for_row(None, B).catalog == "2"
    assert index.for_row("missing", A).catalog == "0"
    assert index.for_row(None, "2023-01") is None


# --- the whole world ------------------------------------------------------------------------------------


def world_diff(data_dir, cities=None):
    catalog = load_catalog()
    ctx = [
        prepare_month(
            m, read_parameters(m, data_dir), read_evidence(m, data_dir), read_scores(data_dir, m), catalog
        )
        for m in (A, B)
    ]
    return diff_months(ctx[0], ctx[1], runs=read_run_records(data_dir), cities=cities)


def test_world_changes_get_their_causes(world, data_dir):
    result = world_diff(data_dir)
    causes = {(c.city_ags, ch.parameter_id): ch.cause for c in result.cities for ch in c.changes}
    assert causes == {
        (HH, T): "detector_change",
        (HH, E): "catalog_change",
        (HH, INFO): "manual_entry",
        (HH, D): "first_collected",
        (HH, P): "first_collected",
        (K, E): "site_change",
        (K, KITA): "first_collected",
        (KI, T): "collection_failure",
        (KI, L): "new_source_data",
    }
    assert result.cause_counts() == {
        "catalog_change": 1,
        "collection_failure": 1,
        "detector_change": 1,
        "first_collected": 3,
        "manual_entry": 1,
        "new_source_data": 1,
        "site_change": 1,
    }


def test_world_change_carries_evidence_of_both_months(world, data_dir):
    [koeln] = world_diff(data_dir, cities=[K]).cities
    change = next(c for c in koeln.changes if c.parameter_id == E)
    assert (change.old.value_text, change.old.status, change.new.value_text, change.new.status) == (
        "no",
        "absent",
        "yes",
        "present",
    )
    assert [e.sha256 for e in change.old.evidence] == ["k-E1"]
    assert [e.sha256 for e in change.new.evidence] == ["k-E2"]
    assert change.old.evidence[0].snippet == "Zahlung per Überweisung"


def test_world_score_and_rank_changes(world, data_dir):
    scores_a, scores_b = read_scores(data_dir, A), read_scores(data_dir, B)

    def score(df, ags, sid):
        return float(df[(df["city_ags"] == ags) & (df["id"] == sid)]["score"].iloc[0])

    [hamburg] = world_diff(data_dir, cities=[HH]).cities
    overall = next(s for s in hamburg.scores if s.id == "overall")
    assert (overall.old_rank, overall.new_rank, overall.places) == (3, 1, 2)
    assert overall.delta == pytest.approx(
        score(scores_b, HH, "overall") - score(scores_a, HH, "overall"), abs=1e-12
    )
    assert [s.id for s in hamburg.scores if s.level == "area"] == ["verwaltung"]
    [kiel] = world_diff(data_dir, cities=[KI]).cities
    kiel_overall = next(s for s in kiel.scores if s.id == "overall")
    assert (kiel_overall.old_rank, kiel_overall.new_rank, kiel_overall.places) == (2, 3, -1)


def test_cli_json(world, data_dir):
    result = runner.invoke(app, ["diff", A, B, "--city", "hamburg", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["month_a"], doc["month_b"], doc["warnings"]) == (A, B, [])
    [city] = doc["cities"]
    assert city["city"] == {"ags": HH, "name": "Hamburg"}
    assert {c["parameter_id"]: c["cause"] for c in city["changes"]} == {
        D: "first_collected",
        E: "catalog_change",
        T: "detector_change",
        INFO: "manual_entry",
        P: "first_collected",
    }
    detector = next(c for c in city["changes"] if c["parameter_id"] == T)
    assert detector["reason"] == "same page body, detector version det-1 -> det-2"
    assert detector["old"]["evidence"][0]["version"] == "det-1"
    assert detector["new"]["evidence"][0]["version"] == "det-2"
    assert doc["causes"] == {
        "catalog_change": 1,
        "detector_change": 1,
        "first_collected": 2,
        "manual_entry": 1,
    }


def test_cli_text(world, data_dir):
    result = runner.invoke(app, ["diff", A, B])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "Köln (05315000)" in flat
    assert (
        "E-Payment bei Online-Services (verwaltung.payment.epayment) site_change: page body hash changed"
        in flat
    )
    assert "9 parameter change(s) in 3 of 3 cities" in flat
    assert "Overall:" in flat and "rank 3 -> 1 ▲ 2" in flat


def test_cli_errors(world, data_dir):
    missing = runner.invoke(app, ["diff", "2023-01", B])
    assert missing.exit_code == 1
    assert "has no data for 2023-01 (months with data: 2024-04, 2024-05)" in " ".join(missing.output.split())
    bad = runner.invoke(app, ["diff", "2024-4", B])
    assert bad.exit_code == 1 and "month '2024-4' is not YYYY-MM" in bad.output


def test_broken_run_record_is_a_warning_not_a_crash(world, data_dir):
    (data_dir / "runs" / "broken.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["diff", A, B, "--city", "Kiel", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["warnings"]) == 1 and "broken.json: unreadable run record" in doc["warnings"][0]
    assert {c["parameter_id"]: c["cause"] for c in doc["cities"][0]["changes"]} == {
        T: "collection_failure",
        L: "new_source_data",
    }
