"""Session-wide test settings: offline Prefect, a throw-away data dir, the shared real files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Real files in their original formats live beside the project, never inside it.
SHARED_DIR = Path(os.environ.get("SCI_SHARED_DIR", PROJECT_ROOT.parent / "shared")).resolve()

os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (or ``$SCI_SHARED_DIR``). Missing shared data is an error, not a skip."""
    if not (SHARED_DIR / "data" / "SOURCES.md").is_file():
        pytest.fail(f"the shared real data is missing at {SHARED_DIR} (set SCI_SHARED_DIR)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def shared_data(shared_dir: Path) -> Path:
    return shared_dir / "data"


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir for one test, also exported as SCI_DATA_DIR."""
    path = tmp_path / "sci-data"
    path.mkdir()
    monkeypatch.setenv("SCI_DATA_DIR", str(path))
    return path
