"""The flows end to end on the demo world's files (no crawl): ``sci run``, ``--only``, failures, lock.

One month is collected once per module (``base_month``); tests that write copy that data dir first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.runs import month_lock
from tests.flows.conftest import closed_port, tree_hashes
from tests.flows.harness import shared_demo

MONTH = "2021-05"
runner = CliRunner()
PROJECT_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("prefect_harness")


def _file_args(demo_world: dict, month: str, sources: list[str]) -> list[str]:
    args = []
    for source in sources:
        args += ["--file", f"{source}={demo_world['months'][month][source]}"]
    return args


def _sci(data_dir: Path, *args: str):
    """Invoke ``sci --data-dir DIR ...``; the global option exports SCI_DATA_DIR, which must not leak
    into other tests of the session."""
    before = os.environ.get("SCI_DATA_DIR")
    try:
        return runner.invoke(app, ["--data-dir", str(data_dir), *args], terminal_width=200)
    finally:
        if before is None:
            os.environ.pop("SCI_DATA_DIR", None)
        else:
            os.environ["SCI_DATA_DIR"] = before


def _records(data_dir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((data_dir / "runs").glob("*.json"))]


@pytest.fixture(scope="module")
def base_month(tmp_path_factory: pytest.TempPathFactory, prefect_harness) -> dict:
    """A data dir holding the demo world's two collected months (the demo runs once per session)."""
    from flows.demo import world

    demo = shared_demo(tmp_path_factory)
    world_dir = demo["dir"] / "world"
    files = {
        m: {source: world_dir / m / pattern.format(month=m) for source, pattern in world.SOURCE_FILES.items()}
        for m in world.DEMO_MONTHS
    }
    return {
        "dir": demo["dir"],
        "record": demo["result"].records[0],
        "world": {"months": files, "cities_file": world_dir / "cities.csv"},
    }


def _copy(base: dict, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(base["dir"], target)
    return target


def test_full_month_runs_every_step_in_order(base_month):
    from flows.flows import source_names

    record = base_month["record"]
    steps = [(s["kind"], s["name"]) for s in record["steps"]]
    registered = source_names()
    assert registered[:2] == ["population", "boundaries"]
    assert steps[: len(registered)] == [("source", s) for s in registered]
    assert steps[len(registered) :] == [
        ("geo", "bnetza_ladesaeulen"),
        ("geo", "lorawan"),
        ("crawl", "cities"),
        ("research", "research"),
        ("research", "feedback"),
        ("score", "index"),
        ("report", "html"),
    ]
    by_step = {(s["kind"], s["name"]): s for s in record["steps"]}
    assert by_step[("score", "index")]["details"]["cities"] == 8
    assert by_step[("source", "kba")]["counts"]["parameter_rows"] == 8
    # Raw snapshot hashes are the world files' hashes (local files are snapshotted byte for byte).
    snap = by_step[("source", "bnetza_ladesaeulen")]["snapshots"][0]
    world_file = Path(record["options"]["inputs"]["bnetza_ladesaeulen"])
    assert snap["sha256"] == hashlib.sha256(world_file.read_bytes()).hexdigest()
    assert snap["origin"] == "local-file"
    assert record["code_version"]["package"] == "0.1.0"
    assert record["catalog_version"] == "2021.1"


def test_only_one_source_leaves_every_other_file_byte_identical(base_month, tmp_path):
    demo_world = base_month["world"]
    data_dir = _copy(base_month, tmp_path)
    watched = ("raw", "parameters", "evidence", "sources", "scores")
    before = tree_hashes(data_dir, *watched)
    # The June register has more stations: the source's files must change, nothing else's.
    result = _sci(
        data_dir,
        "run",
        "--offline",
        "--month",
        MONTH,
        "--only",
        "bnetza_ladesaeulen",
        "--cities",
        str(demo_world["cities_file"]),
        *_file_args(demo_world, "2021-06", ["bnetza_ladesaeulen"]),
    )
    assert result.exit_code == 0, result.output
    after = tree_hashes(data_dir, *watched)
    changed = {k for k in before.keys() & after.keys() if before[k] != after[k]}
    added = set(after) - set(before)
    removed = set(before) - set(after)
    allowed_prefixes = (
        "raw/bnetza_ladesaeulen/",
        f"parameters/month={MONTH}/bnetza_ladesaeulen.parquet",
        f"evidence/month={MONTH}/bnetza_ladesaeulen.parquet",
        f"sources/bnetza_ladesaeulen/month={MONTH}/",
        f"scores/month={MONTH}/",
    )
    assert removed == set()
    assert [k for k in changed | added if not k.startswith(allowed_prefixes)] == []
    assert f"parameters/month={MONTH}/bnetza_ladesaeulen.parquet" in changed
    assert f"scores/month={MONTH}/scores.parquet" in changed
    # The month's table now comes from the June register's snapshot (already in raw/ from June).
    june = hashlib.sha256(demo_world["months"]["2021-06"]["bnetza_ladesaeulen"].read_bytes()).hexdigest()
    meta = json.loads(
        (data_dir / f"sources/bnetza_ladesaeulen/month={MONTH}/bnetza_ladesaeulen.meta.json").read_text()
    )
    assert meta["snapshot_sha256"] == june
    unchanged_params = [k for k in before if k.startswith(f"parameters/month={MONTH}/") and "bnetza" not in k]
    assert unchanged_params and all(before[k] == after[k] for k in unchanged_params)
    record = _records(data_dir)[-1]
    assert [(s["kind"], s["name"], s["status"]) for s in record["steps"]][:3] == [
        ("source", "bnetza_ladesaeulen", "ok"),
        ("geo", "bnetza_ladesaeulen", "ok"),
        ("score", "index", "ok"),
    ]
    assert record["options"]["only"] == ["bnetza_ladesaeulen"]


def test_unreachable_source_fails_fast_and_the_others_go_on(base_month, tmp_path):
    demo_world = base_month["world"]
    data_dir = _copy(base_month, tmp_path)
    port = closed_port()
    args = [
        "run",
        "--offline",
        "--month",
        MONTH,
        "--only",
        "lorawan",
        "--only",
        "bnetza_ladesaeulen",
        "--url",
        f"lorawan=http://127.0.0.1:{port}/gateways.json",
        "--cities",
        str(demo_world["cities_file"]),
        *_file_args(demo_world, MONTH, ["bnetza_ladesaeulen"]),
    ]
    result = _sci(data_dir, *args)
    assert result.exit_code == 0, result.output  # not --strict: the run finishes, marks the failure
    record = _records(data_dir)[-1]
    by_step = {(s["kind"], s["name"]): s for s in record["steps"]}
    failed = by_step[("source", "lorawan")]
    assert failed["status"] == "failed"
    assert failed["error"].startswith("SourceUnavailable: ")
    assert f"cannot reach 127.0.0.1:{port}" in failed["error"]
    assert by_step[("source", "bnetza_ladesaeulen")]["status"] == "ok"
    # Last good data stays: the month's gateways from the earlier run are matched again.
    assert by_step[("geo", "lorawan")]["status"] == "ok"
    assert by_step[("score", "index")]["status"] == "ok"
    assert record["status"] == "partial"
    assert "source lorawan" in result.output and "partial" in result.output

    only_lorawan = ["run", "--offline", "--month", MONTH, "--only", "lorawan", *args[8:12]]
    assert only_lorawan[-4] == "--url" and only_lorawan[-2] == "--cities"
    strict = _sci(data_dir, *only_lorawan, "--strict")
    assert strict.exit_code == 1
    assert "--strict: run" in strict.output and "ended partial" in strict.output


def test_a_locked_month_is_refused_with_the_holder_named(base_month, tmp_path):
    demo_world = base_month["world"]
    data_dir = _copy(base_month, tmp_path)
    records_before = len(_records(data_dir))
    with month_lock(data_dir, MONTH, run_id="20210501T030000Z-other1"):
        result = _sci(
            data_dir,
            "run",
            "--month",
            MONTH,
            "--only",
            "population",
            "--cities",
            str(demo_world["cities_file"]),
        )
    assert result.exit_code == 1
    assert "month 2021-05 is being written by run 20210501T030000Z-other1" in result.output
    assert f"(pid {os.getpid()}" in result.output
    assert len(_records(data_dir)) == records_before  # the refused run wrote no record


def test_runs_and_status_list_what_the_month_has(base_month):
    data_dir = base_month["dir"]
    result = _sci(data_dir, "runs", "--json", "--month", MONTH)
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.output.splitlines()]
    assert line["run_id"] == base_month["record"]["run_id"]
    assert line["month"] == MONTH and line["kind"] == "monthly-index"
    assert line["steps_ok"] >= 6

    result = _sci(data_dir, "status", "--month", MONTH, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["producer"]: r for r in map(json.loads, result.output.splitlines())}
    bnetza = rows["bnetza_ladesaeulen"]
    assert bnetza["parameter_rows"] == 8 * 3  # 8 cities x 3 ladeinfrastruktur parameters
    assert bnetza["last_status"] == "ok" and bnetza["last_run"] == base_month["record"]["run_id"]
    world_file = base_month["world"]["months"][MONTH]["bnetza_ladesaeulen"]
    assert bnetza["snapshot"]["sha256"] == hashlib.sha256(world_file.read_bytes()).hexdigest()
    assert bnetza["snapshot"]["of_month"] is True
    assert rows["population"]["parameter_rows"] is None and rows["population"]["parsed_table"] is True

    table = _sci(data_dir, "status", "--month", MONTH)
    assert table.exit_code == 0 and "scores: " in table.output, table.output
    assert "boundaries" in table.output and "lorawan" in table.output, table.output
    show = _sci(data_dir, "runs", base_month["record"]["run_id"][:18])
    assert show.exit_code == 0 and json.loads(show.output)["month"] == MONTH


def test_flow_module_runs_as_a_plain_script(base_month, tmp_path):
    demo_world = base_month["world"]
    import prefect.settings

    data_dir = _copy(base_month, tmp_path)
    env = dict(os.environ, PREFECT_API_URL=prefect.settings.PREFECT_API_URL.value() or "")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.flows",
            "--month",
            MONTH,
            "--only",
            "population",
            "--input",
            f"population={demo_world['months'][MONTH]['population']}",
            "--offline",
            "--data-dir",
            str(data_dir),
            "--cities-file",
            str(demo_world["cities_file"]),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    record = _records(data_dir)[-1]
    assert out["month"] == MONTH and out["status"] == "ok", [
        (s["name"], s["status"], s["error"]) for s in record["steps"]
    ]
    assert record["run_id"] == out["run_id"]
    # population re-runs the geo steps (they read the population table), then the scores
    assert [(s["kind"], s["name"]) for s in record["steps"]][:4] == [
        ("source", "population"),
        ("geo", "bnetza_ladesaeulen"),
        ("geo", "lorawan"),
        ("score", "index"),
    ]
