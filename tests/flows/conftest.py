"""Fixtures of the flow tests: one Prefect test harness per session, demo-world files, helpers."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.harness import start_harness, stop_harness


@pytest.fixture(scope="session")
def prefect_harness(request: pytest.FixtureRequest) -> Iterator[None]:
    """A temporary Prefect server and database for every flow run of the session."""
    start_harness()
    request.session.config.add_cleanup(stop_harness)
    yield


@pytest.fixture(scope="session")
def demo_world(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The demo world's files for both months (deterministic), and a city registry for them."""
    from flows.demo import world

    world_dir = tmp_path_factory.mktemp("world")
    months = {m: world.write_world_month(world_dir, m) for m in world.DEMO_MONTHS}
    cities_file = world.write_cities_csv(
        world_dir, {c.ags: f"http://127.0.0.{11 + i}:9/" for i, c in enumerate(world.CITIES)}
    )
    research_dir = world.write_research(world_dir)
    return {"dir": world_dir, "months": months, "cities_file": cities_file, "research_dir": research_dir}


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_hashes(root: Path, *subdirs: str) -> dict[str, str]:
    """sha256 of every file under ``root/<subdir>`` (relative path -> hash)."""
    out = {}
    for sub in subdirs:
        base = root / sub
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
