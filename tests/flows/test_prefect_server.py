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
SOURCE = "kba"

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


def read_deployments(api: str) -> dict[str, dict]:
    """``flow/deployment`` -> the deployment as the server's REST API returns it."""
    deployments = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
    flows = {f["id"]: f["name"] for f in httpx.post(f"{api}/flows/filter", json={}, timeout=10).json()}
    return {f"{flows[d['flow_id']]}/{d['name']}": d for d in deployments}


def run_deployment(api: str, deployment_id: str, parameters: dict, timeout: float = 120) -> dict:
    """Create a flow run of the deployment (as ``prefect deployment run`` does) and wait for its end."""
    run = httpx.post(
        f"{api}/deployments/{deployment_id}/create_flow_run", json={"parameters": parameters}, timeout=10
    ).json()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()
        if run["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
            return run
        time.sleep(0.5)
    raise AssertionError(f"flow run {run['id']} still {run['state']['type']} after {timeout} s")


def test_schedule_registers_the_monthly_cron_and_runs_a_source_deployment(
    prefect_server, demo_world, tmp_path
):
    data_dir = tmp_path / "data"
    env = dict(prefect_server["env"], SCI_DATA_DIR=str(data_dir))
    serve_log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "schedule", "--source", SOURCE, "--source", "population"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        api = prefect_server["api"]
        deployments: dict = {}
        expected = {
            "monthly-index/monthly",
            f"source-{SOURCE}/{SOURCE}",
            "source-population/population",
            "crawl-cities/crawl",
            "score/score",
        }
        deadline = time.monotonic() + 90
        # serve registers the deployments one by one: wait for all of them, not just the first seen.
        while time.monotonic() < deadline and not expected <= set(deployments):
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(1)
            deployments = read_deployments(api)
        monthly = deployments["monthly-index/monthly"]
        schedules = [
            {
                "cron": s["schedule"].get("cron"),
                "timezone": s["schedule"].get("timezone"),
                "active": s["active"],
            }
            for s in monthly["schedules"]
        ]
        assert schedules == [{"cron": "0 3 1 * *", "timezone": "Europe/Berlin", "active": True}]
        assert monthly["entrypoint"] == "flows.flows.monthly_index"
        source = deployments[f"source-{SOURCE}/{SOURCE}"]
        assert source["schedules"] == []
        assert source["entrypoint"] == f"flows.flows.source_{SOURCE}"
        assert expected <= set(deployments)

        params = {
            "month": MONTH,
            "file": str(demo_world["months"][MONTH][SOURCE]),
            "cities_file": str(demo_world["cities_file"]),
        }
        run = run_deployment(api, source["id"], params)
        assert run["state"]["type"] == "COMPLETED", (
            run["state"],
            (tmp_path / "serve.log").read_text()[-3000:],
        )
        (record_path,) = (data_dir / "runs").glob("*.json")
        record = json.loads(record_path.read_text())
        assert record["kind"] == f"source-{SOURCE}" and record["month"] == MONTH
        assert record["options"]["only"] == [SOURCE]
        assert record["steps"][0]["kind"] == "source" and record["steps"][0]["status"] == "ok"
        assert record["steps"][0]["snapshots"][0]["origin"] == "local-file"
        assert record["steps"][0]["counts"]["parameter_rows"] == 8
        assert [(s["kind"], s["name"], s["status"]) for s in record["steps"]][1] == ("score", "index", "ok")
    finally:
        _stop(serve)
        serve_log.close()
