"""Run records, the month lock and the run plan (plain functions, no Prefect server)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.flows import PlanError, current_month, plan_run
from flows.runs import (
    MonthLocked,
    RunRecord,
    effective_status,
    list_run_records,
    lock_holder,
    month_lock,
    step_record,
)

SOURCES = [
    "population",
    "boundaries",
    "breitbandatlas",
    "kba",
    "mastr",
    "carsharing",
    "bnetza_ladesaeulen",
    "lorawan",
]
POINTS = ["bnetza_ladesaeulen", "lorawan"]
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_second_writer_of_a_month_is_refused_with_the_holder_named(data_dir):
    with month_lock(data_dir, "2024-05", run_id="run-a"):
        with pytest.raises(MonthLocked) as exc, month_lock(data_dir, "2024-05", run_id="run-b"):
            pass
        holder = lock_holder(data_dir, "2024-05")
        # Another month is independent.
        with month_lock(data_dir, "2024-06", run_id="run-c"):
            pass
    assert exc.value.holder["run_id"] == "run-a"
    assert exc.value.holder["pid"] == os.getpid()
    assert f"run run-a (pid {os.getpid()}" in str(exc.value)
    assert "--wait" in str(exc.value)
    assert holder["run_id"] == "run-a"
    assert lock_holder(data_dir, "2024-05") is None
    assert (data_dir / "locks" / "month=2024-05.lock").is_file()


def test_waiting_writer_gets_the_lock_when_the_holder_finishes(data_dir):
    order = []
    released = threading.Event()

    def holder():
        with month_lock(data_dir, "2024-05", run_id="first"):
            order.append("first in")
            released.wait(5)
            order.append("first out")

    thread = threading.Thread(target=holder)
    thread.start()
    while not order:
        time.sleep(0.01)
    waited_for = []
    threading.Timer(0.3, released.set).start()
    with month_lock(
        data_dir, "2024-05", run_id="second", wait=True, poll_seconds=0.05, on_wait=waited_for.append
    ) as held:
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    assert waited_for[0]["run_id"] == "first"
    assert held.waited_s > 0.2


def test_wait_with_timeout_gives_up(data_dir):
    with (
        month_lock(data_dir, "2024-05", run_id="holder"),
        pytest.raises(MonthLocked),
        month_lock(data_dir, "2024-05", run_id="x", wait=True, timeout=0.2, poll_seconds=0.05),
    ):
        pass


def test_lock_of_a_killed_process_does_not_block(data_dir):
    code = (
        "import sys, time\n"
        "from flows.runs import month_lock\n"
        "with month_lock(sys.argv[1], '2024-05', run_id='doomed'):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert lock_holder(data_dir, "2024-05")["run_id"] == "doomed"
        with pytest.raises(MonthLocked, match="doomed"), month_lock(data_dir, "2024-05", run_id="next"):
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        # The kernel released the flock with the process: the next run gets the month at once.
        with month_lock(data_dir, "2024-05", run_id="next") as held:
            assert held.holder["run_id"] == "next"
    finally:
        proc.kill()
        proc.wait()


def test_run_record_is_written_at_start_and_after_each_step(data_dir):
    record = RunRecord(
        month="2024-05", data_dir=data_dir, run_id="20240501T010000Z-aaaaaa", options={"only": []}
    )
    record.save()
    on_disk = json.loads(record.path.read_text())
    assert on_disk["status"] == "running"
    assert on_disk["month"] == "2024-05"
    assert on_disk["code_version"]["package"] == "0.1.0"
    assert on_disk["catalog_version"] == "2021.1"
    record.add_step(
        step_record(
            "source",
            "kba",
            "ok",
            started_at="2024-05-01T01:00:00Z",
            duration_s=1.23456,
            counts={"parameter_rows": 81},
            snapshots=[{"sha256": "ab" * 32}],
        )
    )
    record.add_step(
        step_record(
            "crawl",
            "cities",
            "ok",
            started_at="2024-05-01T01:00:02Z",
            duration_s=5,
            cities={"05315000": {"status": "failed", "reason": "503"}, "02000000": {"status": "ok"}},
        )
    )
    on_disk = json.loads(record.path.read_text())
    assert [s["name"] for s in on_disk["steps"]] == ["kba", "cities"]
    assert on_disk["steps"][0]["duration_s"] == 1.235
    assert on_disk["cities"]["05315000"] == {"crawl:cities": {"status": "failed", "reason": "503"}}
    done = record.finish()
    assert done["status"] == "partial"  # a city failed inside an ok crawl
    assert done["ended_at"] is not None
    assert list(record.path.parent.glob(".*.tmp")) == []


def test_run_status_ok_partial_failed(data_dir):
    def finished(*statuses):
        record = RunRecord(month="2024-05", data_dir=data_dir)
        for k, status in enumerate(statuses):
            record.add_step(step_record("source", f"s{k}", status, started_at="x", duration_s=0))
        return record.finish()["status"]

    assert finished("ok", "skipped") == "ok"
    assert finished("ok", "failed") == "partial"
    assert finished("failed", "failed", "skipped") == "failed"


def test_a_running_record_without_its_process_is_interrupted(data_dir):
    record = RunRecord(month="2024-05", data_dir=data_dir, run_id="20240501T010000Z-bbbbbb")
    record.data["pid"] = 2**22 + 12345  # no such process
    record.save()
    assert effective_status(json.loads(record.path.read_text()), data_dir) == "interrupted"
    with month_lock(data_dir, "2024-05", run_id=record.run_id):
        assert effective_status(json.loads(record.path.read_text()), data_dir) == "running"
    runs = list_run_records(data_dir, "2024-05")
    assert [r["run_id"] for r in runs] == ["20240501T010000Z-bbbbbb"]
    assert list_run_records(data_dir, "2024-06") == []


def test_plan_everything_in_dependency_order():
    plan = plan_run(None, sources=SOURCES, points=POINTS)
    assert plan.sources[:2] == ["population", "boundaries"]
    assert plan.geo == POINTS
    assert (plan.crawl, plan.research, plan.score) == (True, True, True)
    plan = plan_run(None, skip_crawl=True, sources=SOURCES, points=POINTS)
    assert plan.crawl is False and plan.skipped == {"crawl": "--skip-crawl"}


def test_plan_only_one_point_source_reruns_its_geo_step_and_the_scores():
    plan = plan_run(["bnetza_ladesaeulen"], sources=SOURCES, points=POINTS)
    assert plan.sources == ["bnetza_ladesaeulen"]
    assert plan.geo == ["bnetza_ladesaeulen"]
    assert (plan.crawl, plan.research, plan.score) == (False, False, True)
    plan = plan_run(["kba"], sources=SOURCES, points=POINTS)
    assert (plan.sources, plan.geo) == (["kba"], [])


def test_plan_only_boundaries_reruns_every_geo_step():
    plan = plan_run(["boundaries"], sources=SOURCES, points=POINTS)
    assert (plan.sources, plan.geo) == (["boundaries"], POINTS)


def test_plan_only_crawl_and_unknown_steps():
    plan = plan_run(["crawl"], sources=SOURCES, points=POINTS)
    assert (plan.sources, plan.geo, plan.crawl, plan.score) == ([], [], True, True)
    with pytest.raises(PlanError, match="unknown step.*nope.*known: population"):
        plan_run(["nope"], sources=SOURCES, points=POINTS)


def test_current_month_is_berlin_time():
    # 23:30 UTC on 31 January is already 1 February in Berlin.
    assert current_month(datetime(2024, 1, 31, 23, 30, tzinfo=UTC)) == "2024-02"
    assert current_month(datetime(2024, 6, 30, 21, 59, tzinfo=UTC)) == "2024-06"
    assert current_month(datetime(2024, 6, 30, 22, 0, tzinfo=UTC)) == "2024-07"


def test_schedule_without_a_server_says_how_to_start_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "schedule"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "prefect server start --host 127.0.0.1 --port 4200" in proc.stderr
    assert "PREFECT_API_URL=http://127.0.0.1:4200/api" in proc.stderr


def test_file_and_url_options_are_checked(tmp_path):
    from flows.commands.run import parse_inputs

    present = tmp_path / "kba.csv"
    present.write_text("KS,Zulassungsbezirk\n")
    assert parse_inputs([f"kba={present}"], ["lorawan=http://127.0.0.1:9/x.json"]) == {
        "kba": str(present.resolve()),
        "lorawan": "http://127.0.0.1:9/x.json",
    }
    with pytest.raises(ValueError, match="does not exist"):
        parse_inputs([f"kba={tmp_path / 'missing.csv'}"], None)
    with pytest.raises(ValueError, match="expected SOURCE=PATH"):
        parse_inputs(["kba"], None)
    with pytest.raises(ValueError, match="not an http"):
        parse_inputs(None, ["kba=ftp://example.org/x"])
    with pytest.raises(ValueError, match="given twice"):
        parse_inputs([f"kba={present}"], ["kba=http://127.0.0.1:9/"])
