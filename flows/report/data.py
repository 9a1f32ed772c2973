"""Reading what the report shows from the data dir: scores, boundaries, matched points, run records.

Every reader tolerates absence (the report says what is missing) and names the file when a file is
broken; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely
from pyproj import Transformer

from normalize.storage import list_months, read_parquet_plain, scores_path
from normalize.table import check_month

MAP_CRS = 25832
# Labels and colours of the point sources the pipeline matches; any other *_matched table is drawn too.
POINT_SOURCES = {
    "bnetza_ladesaeulen": ("Charging stations", "#d62728"),
    "lorawan": ("LoRaWAN gateways", "#1f77b4"),
}
OTHER_COLORS = ("#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")
ID_COLUMNS = ("station_id", "gateway_id", "id")
NAME_COLUMNS = ("operator", "name", "address")


@dataclass
class Problems:
    """Things the report could not read; shown on the overview page and printed by the CLI."""

    messages: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)


def month_at_or_before(months: list[str], month: str) -> str | None:
    candidates = [m for m in months if m <= month]
    return max(candidates) if candidates else None


def _months_in(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    out = []
    for d in directory.iterdir():
        if d.is_dir() and d.name.startswith("month="):
            try:
                out.append(check_month(d.name.split("=", 1)[1]))
            except ValueError:
                continue
    return sorted(out)


# --- scores -------------------------------------------------------------------------------------------


def read_scores(data_dir: Path, month: str, problems: Problems | None = None) -> pd.DataFrame:
    """The month's scores (empty frame when there are none or the file is unreadable)."""
    path = scores_path(data_dir, month)
    if not path.is_file():
        return pd.DataFrame()
    try:
        df = read_parquet_plain(path)
    except Exception as exc:  # a broken file must not stop the report
        if problems is not None:
            problems.add(f"{path}: unreadable scores file ({exc})")
        return pd.DataFrame()
    missing = [c for c in ("city_ags", "level", "id", "score", "rank") if c not in df.columns]
    if missing:
        if problems is not None:
            problems.add(f"{path}: scores file lacks column(s) {', '.join(missing)}")
        return pd.DataFrame()
    df["city_ags"] = df["city_ags"].astype(str)
    return df


def score_history(data_dir: Path, problems: Problems | None = None) -> dict[str, pd.DataFrame]:
    """Every month's scores in the data dir: month -> frame."""
    out = {}
    for month in list_months(data_dir, "scores"):
        df = read_scores(data_dir, month, problems)
        if not df.empty:
            out[month] = df
    return out


# --- boundaries --------------------------------------------------------------------------------------


@dataclass
class Boundaries:
    month: str
    path: Path
    geometries: dict[str, Any]  # ags -> shapely geometry in EPSG:25832


def read_boundaries(data_dir: Path, month: str, problems: Problems) -> Boundaries | None:
    """The boundaries of ``month``, else of the latest earlier month; None when there are none."""
    base = Path(data_dir) / "sources" / "boundaries"
    used = month_at_or_before(_months_in(base), month)
    if used is None:
        return None
    path = base / f"month={used}" / "boundaries.parquet"
    if not path.is_file():
        problems.add(f"{path}: missing (no boundaries file for {used})")
        return None
    try:
        frame = _read_geo_parquet(path)
    except Exception as exc:
        problems.add(f"{path}: unreadable boundaries ({exc}); maps are left out")
        return None
    if "ags" not in frame.columns:
        problems.add(f"{path}: boundaries lack the 'ags' column; maps are left out")
        return None
    if frame.crs is None:
        problems.add(f"{path}: boundaries have no CRS; assumed EPSG:{MAP_CRS}")
        frame = frame.set_crs(MAP_CRS)
    elif frame.crs.to_epsg() != MAP_CRS:
        frame = frame.to_crs(MAP_CRS)
    geometries = {}
    for ags, geom in zip(frame["ags"].astype(str), frame.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        geometries[ags] = geom if ags not in geometries else shapely.union(geometries[ags], geom)
    return Boundaries(month=used, path=path, geometries=geometries)


def _read_geo_parquet(path: Path) -> gpd.GeoDataFrame:
    try:
        return gpd.read_parquet(path)
    except ValueError:
        # Plain parquet with WKB geometry and no GeoParquet metadata: decode it ourselves.
        df = pq.read_table(path).to_pandas()
        if "geometry" not in df.columns:
            raise
        geometry = shapely.from_wkb(df["geometry"].to_numpy())
        return gpd.GeoDataFrame(df.drop(columns="geometry"), geometry=geometry, crs=None)


# --- matched points ---------------------------------------------------------------------------------


@dataclass
class PointSet:
    source: str
    month: str
    path: Path
    label: str
    color: str
    frame: pd.DataFrame  # columns: city_ags, x, y, tip (x/y in EPSG:25832)


def _tooltip(row: dict[str, Any], id_column: str | None, name_column: str | None) -> str:
    parts = []
    if id_column and row.get(id_column) is not None:
        parts.append(str(row[id_column]))
    if name_column and row.get(name_column) is not None and str(row[name_column]) not in parts:
        parts.append(str(row[name_column]))
    return " · ".join(parts)


def _point_frame(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    missing = [c for c in ("lat", "lon", "city_ags") if c not in df.columns]
    if missing:
        raise ValueError(f"lacks column(s) {', '.join(missing)}")
    df = df[df["city_ags"].notna()].copy()
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(dtype=float)
    if "geo_status" in df.columns:
        # The matcher repaired swapped pairs for the join but left lat/lon as published.
        swapped = (df["geo_status"].astype(str) == "swapped").to_numpy()
        lat, lon = np.where(swapped, lon, lat), np.where(swapped, lat, lon)
    ok = np.isfinite(lat) & np.isfinite(lon)
    transformer = Transformer.from_crs(4326, MAP_CRS, always_xy=True)
    x, y = transformer.transform(lon[ok], lat[ok])
    id_column = next((c for c in ID_COLUMNS if c in df.columns), None)
    name_column = next((c for c in NAME_COLUMNS if c in df.columns), None)
    kept = df[ok]
    tips = [_tooltip(r, id_column, name_column) for r in kept.to_dict("records")]
    return pd.DataFrame(
        {
            "city_ags": kept["city_ags"].astype(str).to_numpy(),
            "x": np.asarray(x),
            "y": np.asarray(y),
            "tip": tips,
        }
    )


def read_matched_points(data_dir: Path, month: str, problems: Problems) -> list[PointSet]:
    """Every ``sources/<source>/month=M/<source>_matched.parquet`` (latest month <= ``month``)."""
    base = Path(data_dir) / "sources"
    if not base.is_dir():
        return []
    out = []
    others = iter(OTHER_COLORS * 10)
    for source_dir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        source = source_dir.name
        months = [
            m
            for m in _months_in(source_dir)
            if (source_dir / f"month={m}" / f"{source}_matched.parquet").is_file()
        ]
        used = month_at_or_before(months, month)
        if used is None:
            continue
        path = source_dir / f"month={used}" / f"{source}_matched.parquet"
        label, color = POINT_SOURCES.get(source, (source.replace("_", " "), None))
        try:
            frame = _point_frame(read_parquet_plain(path), path)
        except Exception as exc:
            problems.add(f"{path}: unreadable matched points ({exc}); left off the maps")
            continue
        out.append(
            PointSet(
                source=source, month=used, path=path, label=label, color=color or next(others), frame=frame
            )
        )
    return out


# --- run records -------------------------------------------------------------------------------------


def read_run_records(data_dir: Path, problems: Problems | None = None) -> list[dict[str, Any]]:
    """Every readable ``runs/*.json`` record; unreadable ones are named in ``problems``."""
    from flows.runs import list_run_records

    records = []
    for record in list_run_records(data_dir):
        if record.get("status") == "unreadable":
            if problems is not None:
                problems.add(f"{record['path']}: unreadable run record ({record['reason']})")
        else:
            records.append(record)
    return records
