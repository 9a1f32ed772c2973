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
