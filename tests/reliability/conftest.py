"""Fixtures of the reliability suite: the hostile world, its one shared crawl, the loopback-only guard."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from crawlers.normalise import CRAWL_SOURCE
from crawlers.run import raw_paths
from normalize.storage import read_evidence, read_parameters
from tests.reliability.netguard.sci_netguard import read_log
from tests.reliability.world import MONTH, World, start_world

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NETGUARD_DIR = Path(__file__).resolve().parent / "netguard"
DETECTORS = "tests.reliability.rel_detectors"
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 2}
MAX_PAGES = 30
MAX_SECONDS = 30  # the per-city time budget (CLOSESPIDER_TIMEOUT)
KILL_AFTER = 90  # a city crawl still running after this is killed: none may get there (no hang)
JOB_TIMEOUT = 300  # the whole shared crawl: returning within it proves that nothing hangs
RSS_CAP_KB = 600 * 1024  # peak resident memory of any crawl process (and detector worker)


def guard_env(log_path: Path, zone: dict[str, str] | None = None) -> dict[str, str]:
    """Environment additions that install the loopback-only network guard in every child process."""
    path = os.pathsep.join(p for p in (str(NETGUARD_DIR), os.environ.get("PYTHONPATH", "")) if p)
    return {
        "PYTHONPATH": path,
        "SCI_NETGUARD_LOG": str(log_path),
        "SCI_NETGUARD_HOSTS": json.dumps(zone or {}),
    }


@pytest.fixture()
def guarded(monkeypatch, tmp_path) -> Path:
    """Crawl subprocesses started by this test run behind the guard; returns the guard's log file."""
    log = tmp_path / "netguard.jsonl"
    for key, value in guard_env(log).items():
        monkeypatch.setenv(key, value)
    return log


@dataclass
class HostileRun:
    world: World
    data_dir: Path
    result: dict[str, Any]
    peak_rss_kb: int
    guard_log: Path

    def outcome(self, name: str) -> dict[str, Any]:
        ags = self.world[name].ags
        (city,) = [c for c in self.result["cities"] if c["ags"] == ags]
        return city

    def rows(self, name: str, source: str = CRAWL_SOURCE) -> pd.DataFrame:
        df = read_parameters(MONTH, self.data_dir, sources=[source])
        return df[df["city_ags"] == self.world[name].ags].set_index("parameter_id")

    def evidence(self, source: str = CRAWL_SOURCE) -> pd.DataFrame:
        return read_evidence(MONTH, self.data_dir, sources=[source]).set_index("evidence_id")

    def records(self, name: str, kind: str | None = None) -> list[dict[str, Any]]:
        path = raw_paths(self.data_dir, MONTH, self.world[name].ags)["pages"]
        recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r for r in recs if kind is None or r.get("kind") == kind]

    def probes(self, name: str) -> list[dict[str, Any]]:
        path = raw_paths(self.data_dir, MONTH, self.world[name].ags)["probes"]
        recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r for r in recs if r.get("kind") == "probe"]

    def summary(self, name: str) -> dict[str, Any]:
        path = raw_paths(self.data_dir, MONTH, self.world[name].ags)["summary"]
        return json.loads(path.read_text(encoding="utf-8"))

    def guard_events(self) -> list[dict[str, Any]]:
        return read_log(self.guard_log)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> HostileRun:
    """Every city of the hostile world crawled in ONE run_crawl (4 cities at a time), in its own process.

    Shared by the hostile-site, network-safety, crash and untrusted-content tests: a crawl subprocess
    costs seconds of start-up on 2 cores, the servers are cheap.
    """
    base = tmp_path_factory.mktemp("hostile")
    world = start_world()
    data_dir = base / "data"
    spec = {
        "cities": [dataclasses.asdict(c.city()) for c in world.cities.values()],
        "kwargs": {
            "month": MONTH,
            "data_dir": str(data_dir),
            "max_pages": MAX_PAGES,
            "max_seconds": MAX_SECONDS,
            "run_id": "run-hostile",
            "allow_loopback": True,
            # Netzstadt is reached by a DNS name (in the guard's fake zone): the run may look names up.
            "settings": {**FAST, "SCI_LOOPBACK_ONLY": False},
            "detectors_module": DETECTORS,
            "parallel": 4,
            "timeout": KILL_AFTER,
        },
    }
    spec_path = base / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    guard_log = base / "netguard.jsonl"
    env = {**os.environ, **guard_env(guard_log, world.zone)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.crawl_job", str(spec_path)],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=JOB_TIMEOUT,
        )
    except BaseException:
        world.stop()
        raise
    if done.returncode != 0:
        world.stop()
        raise AssertionError(f"the hostile crawl failed ({done.returncode}):\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    yield HostileRun(world, data_dir, out["result"], int(out["peak_rss_kb"]), guard_log)
    world.stop()
