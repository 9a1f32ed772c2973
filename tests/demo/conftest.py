"""The demo test shares the one Prefect test harness of the session (tests/flows/harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.flows.harness import start_harness, stop_harness


@pytest.fixture(scope="session")
def prefect_harness(request: pytest.FixtureRequest) -> Iterator[None]:
    start_harness()
    request.session.config.add_cleanup(stop_harness)
    yield
