"""Fixtures of the source-adapter tests: each real shared file parsed once per session, helpers.

Parsing the large register workbooks takes about a second each, so every real file is parsed at
most once per test session (``parsed(...)``) and the tests share the result (they must not mutate it).
"""

from __future__ import annotations

import importlib
import io
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sources.http import FetchPolicy

FIXTURES = Path(__file__).parent / "fixtures"


class ParsedCache:
    """Parse ``shared/data/<relpath>`` with adapter ``name`` once per session."""

    def __init__(self, shared_data: Path):
        self.shared_data = shared_data
        self._cache: dict[tuple[str, str, str | None], pd.DataFrame] = {}

    def __call__(self, name: str, relpath: str, *, as_of: str | None = None) -> pd.DataFrame:
        key = (name, relpath, as_of)
        if key not in self._cache:
            module = importlib.import_module(f"sources.{name}")
            self._cache[key] = module.parse(self.shared_data / relpath, as_of=as_of)
        return self._cache[key]


@pytest.fixture(scope="session")
def parsed(shared_data: Path) -> ParsedCache:
    return ParsedCache(shared_data)


@pytest.fixture()
def fast_policy() -> FetchPolicy:
    """Short timeouts and no real waiting between attempts."""
    return FetchPolicy(
        max_bytes=5 * 1024**2,
        connect_timeout=1.0,
        read_timeout=2.0,
        attempts=3,
        backoff=0.01,
        backoff_max=0.05,
        retry_after_cap=0.05,
    )


@pytest.fixture()
def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_xlsx(path: Path, rows: list[list[Any]], *, sheet: str = "Tabelle1") -> Path:
    """A small workbook written with openpyxl (the way tests build hand-made layouts)."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


@pytest.fixture()
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: list[list[Any]], name: str = "table.xlsx", **kwargs: Any) -> Path:
        return write_xlsx(tmp_path / name, rows, **kwargs)

    return make


def zip_bomb(path: Path, *, size: int = 60 * 1024**2, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """A small ZIP that would expand to ``size`` bytes of zeros (ratio about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr(member, b"\0" * size)
    path.write_bytes(buffer.getvalue())
    return path
