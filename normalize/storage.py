"""Where run outputs live and how they are written: atomically, one file per month and source.

Layout under the data dir (``--data-dir``, ``SCI_DATA_DIR`` or ``./.sci``):

    raw/<source>/<sha256>.<ext> (+ .json sidecar)     immutable raw snapshots
    sources/<source>/month=YYYY-MM/<file>.parquet      parsed source tables
    parameters/month=YYYY-MM/<source>.parquet          the parameter table, one file per producer
    evidence/month=YYYY-MM/<source>.parquet            evidence records, one file per producer
    scores/month=YYYY-MM/scores.parquet                the index
    runs/<run_id>.json                                 run records

Every write goes to a hidden temp file in the target directory and is renamed into place, so a
reader (or a crash) never sees a half-written file; readers ignore dot-files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from normalize.catalog import Catalog
from normalize.evidence import EVIDENCE_COLUMNS, empty_evidence, validate_evidence
from normalize.table import PARAMETER_COLUMNS, check_month, empty_parameters, validate_parameters

DATA_DIR_ENV = "SCI_DATA_DIR"
DEFAULT_DATA_DIR = Path(".sci")


def resolve_data_dir(explicit: Path | str | None = None) -> Path:
    """The data dir: an explicit path, else ``$SCI_DATA_DIR``, else ``./.sci``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else DEFAULT_DATA_DIR


def month_dir(data_dir: Path | str, kind: str, month: str) -> Path:
    return Path(data_dir) / kind / f"month={check_month(month)}"


def _safe_name(name: str) -> str:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"invalid file name component {name!r}")
    return name


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temp path next to ``target``; on success fsync and rename it over ``target``.

    The temp file is flock-ed while it is being written: :func:`clean_stale_temp_files` removes only
    temp files nobody holds (the kernel drops the lock when a writer dies, even by SIGKILL).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    fcntl.flock(fd, fcntl.LOCK_EX)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        with contextlib.suppress(OSError):
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.close(fd)


def atomic_write_bytes(target: Path | str, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: Path | str, text: str) -> Path:
    return atomic_write_bytes(target, text.encode("utf-8"))


def atomic_write_json(target: Path | str, obj: Any) -> Path:
    return atomic_write_text(target, json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def atomic_write_parquet(df: pd.DataFrame, target: Path | str) -> Path:
    table = pa.Table.from_pandas(df, preserve_index=False)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp)
    return Path(target)


def clean_stale_temp_files(directory: Path | str) -> list[Path]:
    """Remove temp files a killed writer left behind (hidden ``.*.tmp`` files).

    A month directory is shared by every producing source: a temp file another writer is filling right
    now (it holds the file's flock, see :func:`atomic_path`) is left alone, or that write would fail.
    """
    removed = []
    directory = Path(directory)
    if directory.is_dir():
        for tmp in directory.glob(".*.tmp"):
            try:
                fd = os.open(tmp, os.O_RDONLY)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # being written
            else:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                    removed.append(tmp)
            finally:
                os.close(fd)
    return removed


def _visible_parquet(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.parquet") if not p.name.startswith("."))


def list_months(data_dir: Path | str | None = None, kind: str = "parameters") -> list[str]:
    """Months (sorted) for which ``<data-dir>/<kind>/month=...`` holds data."""
    base = resolve_data_dir(data_dir) / kind
    if not base.is_dir():
        return []
    months = []
    for d in base.iterdir():
        if d.is_dir() and d.name.startswith("month="):
            month = d.name.split("=", 1)[1]
            with contextlib.suppress(ValueError):
                if any(not p.name.startswith(".") for p in d.iterdir()):
                    months.append(check_month(month))
    return sorted(months)


# --- the parameter table -------------------------------------------------------------------------


def parameters_path(data_dir: Path | str, month: str, source: str) -> Path:
    return month_dir(data_dir, "parameters", month) / f"{_safe_name(source)}.parquet"


def write_parameters(
    df: pd.DataFrame,
    *,
    source: str,
    month: str,
    data_dir: Path | str | None = None,
    catalog: Catalog | None = None,
) -> Path:
    """Validate and atomically (re)place the parameter rows of one producing source for one month.

    A re-run of one source replaces only its own file; every other source's rows stay untouched.
    """
    check_month(month)
    table = validate_parameters(df, catalog, what=f"parameters of {source} for {month}")
    wrong_month = table.loc[table["month"] != month, "month"].unique()
    if len(wrong_month):
        raise ValueError(f"parameters of {source}: rows for month(s) {list(wrong_month)} written to {month}")
    wrong_source = table.loc[table["source"] != source, "source"].unique()
    if len(wrong_source):
        raise ValueError(f"parameters of {source}: rows of source(s) {list(wrong_source)} in its file")
    target = parameters_path(resolve_data_dir(data_dir), month, source)
    clean_stale_temp_files(target.parent)
    return atomic_write_parquet(table, target)


def read_parquet_plain(path: Path | str) -> pd.DataFrame:
    """Read one parquet file with plain dtypes (no categoricals from hive partitions)."""
    # pq.read_table on a single file path never adds partition columns.
    return pq.read_table(path, partitioning=None).to_pandas()


def read_parameters(
    month: str | None = None,
    data_dir: Path | str | None = None,
    sources: list[str] | None = None,
) -> pd.DataFrame:
    """All stored parameter rows of ``month`` (or of every month), with plain dtypes."""
    base = resolve_data_dir(data_dir)
    months = [check_month(month)] if month else list_months(base, "parameters")
    frames = []
    for m in months:
        for path in _visible_parquet(month_dir(base, "parameters", m)):
            if sources is not None and path.stem not in sources:
                continue
            frames.append(read_parquet_plain(path))
    if not frames:
        return empty_parameters()
    df = pd.concat(frames, ignore_index=True)
    df["evidence"] = df["evidence"].map(lambda v: [] if v is None else [str(x) for x in v])
    return df[list(PARAMETER_COLUMNS)]


def parameter_sources(month: str, data_dir: Path | str | None = None) -> list[str]:
    """Names of the sources that have parameter rows stored for ``month``."""
    return [p.stem for p in _visible_parquet(month_dir(resolve_data_dir(data_dir), "parameters", month))]


# --- evidence -------------------------------------------------------------------------------------


def evidence_path(data_dir: Path | str, month: str, source: str) -> Path:
    return month_dir(data_dir, "evidence", month) / f"{_safe_name(source)}.parquet"


def write_evidence(df: pd.DataFrame, *, source: str, month: str, data_dir: Path | str | None = None) -> Path:
    """Validate and atomically (re)place the evidence records of one source for one month."""
    table = validate_evidence(df, what=f"evidence of {source} for {month}")
    target = evidence_path(resolve_data_dir(data_dir), month, source)
    clean_stale_temp_files(target.parent)
    return atomic_write_parquet(table, target)


def read_evidence(
    month: str | None = None, data_dir: Path | str | None = None, sources: list[str] | None = None
) -> pd.DataFrame:
    base = resolve_data_dir(data_dir)
    months = [check_month(month)] if month else list_months(base, "evidence")
    frames = []
    for m in months:
        for path in _visible_parquet(month_dir(base, "evidence", m)):
            if sources is None or path.stem in sources:
                frames.append(read_parquet_plain(path))
    if not frames:
        return empty_evidence()
    df = pd.concat(frames, ignore_index=True)
    df["items"] = df["items"].map(lambda v: [] if v is None else [str(x) for x in v])
    return df[list(EVIDENCE_COLUMNS)]


# --- parsed source tables and scores ------------------------------------------------------------


def source_table_dir(data_dir: Path | str, source: str, month: str) -> Path:
    return Path(data_dir) / "sources" / _safe_name(source) / f"month={check_month(month)}"


def scores_path(data_dir: Path | str, month: str) -> Path:
    return month_dir(data_dir, "scores", month) / "scores.parquet"


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` runs on this host (used to tell a live writer from a killed one)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True
