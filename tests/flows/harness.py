"""One Prefect test harness per test process, shared by tests/flows and tests/demo.

``prefect_test_harness`` starts a temporary Prefect server (a subprocess with its own SQLite DB, ~10 s
on 2 cores). pytest would start one per conftest that defines the fixture; this module makes it one
per process: the first fixture that asks starts it, and it stops when the session ends.
"""

from __future__ import annotations

import contextlib
from typing import Any

_STACK: contextlib.ExitStack | None = None


def start_harness() -> None:
    global _STACK
    if _STACK is not None:
        return
    from prefect.testing.utilities import prefect_test_harness

    stack = contextlib.ExitStack()
    stack.enter_context(prefect_test_harness(server_startup_timeout=120))
    _STACK = stack


def stop_harness(*_: Any) -> None:
    global _STACK
    if _STACK is not None:
        _STACK.close()
        _STACK = None


_DEMO: dict[str, Any] | None = None


def shared_demo(tmp_path_factory: Any) -> dict[str, Any]:
    """The demo world run once per test process (both months, crawl included).

    tests/demo asserts its outcomes; tests/flows copies its data dir to re-run steps on a fully
    collected month. Read-only for the callers: copy before writing.
    """
    global _DEMO
    if _DEMO is None:
        from flows.demo.runner import run_demo

        start_harness()
        data_dir = tmp_path_factory.mktemp("demo") / "data"
        events: list[tuple[str, str]] = []
        result = run_demo(data_dir, progress=lambda event, what: events.append((event, what)))
        _DEMO = {"result": result, "dir": data_dir, "events": events}
    return _DEMO
