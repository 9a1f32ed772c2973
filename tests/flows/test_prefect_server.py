"""``sci schedule`` against a REAL Prefect server on 127.0.0.1 (started here, SQLite in a tmp dir).

Checks that the monthly deployment is registered with cron ``0 3 1 * *`` in Europe/Berlin (read back
through the client), and that a manual run of a source deployment completes and writes its run
record. The source run uses a local file (``file`` parameter): no network beyond loopback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.flows.conftest import closed_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MONTH = "2021-05"
SOURCE = "population"

pytestmark = pytest.mark.prefect_server


def _wait_healthy(api: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"prefect server exited with {proc.returncode}")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"prefect server at {api} not healthy after {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with_group = True
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            with_group = False
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            if with_group:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture()
def prefect_server(tmp_path: Path):
    port = closed_port()
    api = f"http://127.0.0.1:{port}/api"
    env = dict(
        os.environ,
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_UI_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    env.pop("PREFECT_API_KEY", None)
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_healthy(api, proc)
        yield {"api": api, "env": env}
    finally:
        _stop(proc)
        log.close()


def _client_call(env: dict, code: str) -> dict:
    """Run client code in a fresh interpreter against the test server (the session's Prefect
    settings point at the test harness, not at this server)."""
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


READ_DEPLOYMENTS = """
import json
from prefect.client.orchestration import get_client
with get_client(sync_client=True) as client:
    out = {}
    for d in client.read_deployments():
        flow = client.read_flow(d.flow_id)
        out[f"{flow.name}/{d.name}"] = {
            "id": str(d.id),
            "entrypoint": d.entrypoint,
            "schedules": [
                {"cron": getattr(s.schedule, "cron", None), "timezone": getattr(s.schedule, "timezone", None),
                 "active": s.active}
                for s in d.schedules
            ],
        }
print(json.dumps(out))
"""

RUN_DEPLOYMENT = """
import json, sys, time
from prefect.client.orchestration import get_client
name, params = sys.argv[1], json.loads(sys.argv[2])
with get_client(sync_client=True) as client:
    deployment = client.read_deployment_by_name(name)
    run = client.create_flow_run_from_deployment(deployment.id, parameters=params)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        run = client.read_flow_run(run.id)
        if run.state is not None and run.state.is_final():
            break
        time.sleep(0.5)
    print(json.dumps({"state": run.state.type.value if run.state else None,
                      "message": run.state.message if run.state else None}))
"""


def test_schedule_registers_the_monthly_cron_and_runs_a_source_deployment(
    prefect_server, demo_world, tmp_path
):
    data_dir = tmp_path / "data"
    env = dict(prefect_server["env"], SCI_DATA_DIR=str(data_dir))
    serve_log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "schedule", "--source", SOURCE, "--source", "kba"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deployments: dict = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and f"source-{SOURCE}/{SOURCE}" not in deployments:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            deployments = _client_call(env, READ_DEPLOYMENTS)
            time.sleep(1)
        monthly = deployments["monthly-index/monthly"]
        assert monthly["schedules"] == [{"cron": "0 3 1 * *", "timezone": "Europe/Berlin", "active": True}]
        assert monthly["entrypoint"] == "flows.flows.monthly_index"
        assert deployments[f"source-{SOURCE}/{SOURCE}"]["schedules"] == []
        assert deployments[f"source-{SOURCE}/{SOURCE}"]["entrypoint"] == f"flows.flows.source_{SOURCE}"
        assert {"source-kba/kba", "crawl-cities/crawl", "score/score"} <= set(deployments)

        params = {
            "month": MONTH,
            "file": str(demo_world["months"][MONTH][SOURCE]),
            "cities_file": str(demo_world["cities_file"]),
        }
        code = RUN_DEPLOYMENT
        proc = subprocess.run(
            [sys.executable, "-c", code, f"source-{SOURCE}/{SOURCE}", json.dumps(params)],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=150,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        outcome = json.loads(proc.stdout.strip().splitlines()[-1])
        assert outcome["state"] == "COMPLETED", (outcome, (tmp_path / "serve.log").read_text()[-3000:])
        (record_path,) = (data_dir / "runs").glob("*.json")
        record = json.loads(record_path.read_text())
        assert record["kind"] == f"source-{SOURCE}" and record["month"] == MONTH
        assert record["options"]["only"] == [SOURCE]
        assert record["steps"][0]["kind"] == "source" and record["steps"][0]["status"] == "ok"
        assert record["steps"][0]["snapshots"][0]["origin"] == "local-file"
    finally:
        _stop(serve)
        serve_log.close()
