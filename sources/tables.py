"""Parsed source tables in the data dir: ``<data-dir>/sources/<name>/month=M/<name>.parquet``.

Each table has a ``<name>.meta.json`` beside it (snapshot sha256, URL, original file name, edition,
as-of date, row count, adapter version, run id), so a consumer (geo-matching, reports) can point
its evidence at the raw snapshot the table came from. Boundaries are written as GeoParquet.
Both files are replaced atomically; DuckDB reads the parquet directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from normalize.storage import (
    atomic_path,
    atomic_write_json,
    atomic_write_parquet,
    clean_stale_temp_files,
    read_parquet_plain,
    resolve_data_dir,
    source_table_dir,
)
from sources.snapshots import Snapshot, raw_dir, read_snapshot


def table_path(name: str, month: str, data_dir: Path | str | None = None) -> Path:
    return source_table_dir(resolve_data_dir(data_dir), name, month) / f"{name}.parquet"


def meta_path(name: str, month: str, data_dir: Path | str | None = None) -> Path:
    return source_table_dir(resolve_data_dir(data_dir), name, month) / f"{name}.meta.json"


def write_source_table(
    table: pd.DataFrame, name: str, month: str, data_dir: Path | str | None, meta: dict[str, Any]
) -> Path:
    """Atomically (re)place the parsed table of ``name`` for ``month`` and its meta file."""
    target = table_path(name, month, data_dir)
    clean_stale_temp_files(target.parent)
    if isinstance(table, gpd.GeoDataFrame):
        with atomic_path(target) as tmp:
            table.to_parquet(tmp, index=False)
    else:
        atomic_write_parquet(table, target)
    atomic_write_json(meta_path(name, month, data_dir), meta)
    return target


def read_table_meta(name: str, month: str, data_dir: Path | str | None = None) -> dict[str, Any] | None:
    path = meta_path(name, month, data_dir)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def read_source_table(name: str, month: str, data_dir: Path | str | None = None) -> pd.DataFrame | None:
    """The parsed table of ``name`` for ``month`` (a GeoDataFrame for GeoParquet), or None."""
    path = table_path(name, month, data_dir)
    if not path.exists():
        return None
    meta = read_table_meta(name, month, data_dir) or {}
    if meta.get("geo"):
        return gpd.read_parquet(path)
    return read_parquet_plain(path)


def table_snapshot(name: str, month: str, data_dir: Path | str | None = None) -> Snapshot | None:
    """The raw snapshot the stored table of ``name``/``month`` was parsed from (for evidence)."""
    meta = read_table_meta(name, month, data_dir)
    if not meta or not meta.get("snapshot_file"):
        return None
    path = raw_dir(resolve_data_dir(data_dir), name) / meta["snapshot_file"]
    return read_snapshot(path, source=name) if path.exists() else None
