"""BKG municipality boundaries (VG250 live; VG5000 and GeoJSON extracts): one polygon per AGS.

Accepted inputs: a ZIP of the BKG download (only the Gemeinde layer and ``aktualitaet.txt`` are
extracted, with the archive guards), a directory holding a shapefile set, a ``.shp`` (with its
siblings), a GeoJSON or a GeoPackage. The Gemeinde layer is the only layer, or the one named
``*_GEM*``.

Output: a GeoDataFrame ``ags, name, vintage, geometry`` in EPSG:25832 (ETRS89 / UTM 32N, metres),
one row per 8-digit AGS. VG250 splits a municipality into parts by ``GF`` (land/water, with or
without structure): all parts of an AGS are dissolved into one geometry, because a municipality's
territory includes its waters. Invalid rings (the generalised VG5000 has three) are repaired with
``make_valid``.

``vintage`` is the territorial status date of the boundaries: ``as_of`` if given, else the date in
BKG's ``aktualitaet.txt`` (VG5000 2021: 01.01.2021), else a date in the file name, else the newest
``WSK`` (date the last territorial change took effect) in the data.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import httpx
import pandas as pd
import pandera.pandas as pa
import shapely

from sources.archives import extract_zip, open_checked_zip
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import date_from_name, file_kind, validate_table

NAME = "boundaries"
TITLE = "BKG Verwaltungsgebiete: municipality boundaries (VG250, 1:250,000)"
URL = (
    "https://daten.gdz.bkg.bund.de/produkte/vg/vg250_ebenen_0101/aktuell/vg250_01-01.utm32s.shape.ebenen.zip"
)
KIND = "reference"
USES_POPULATION = False
PARAMETERS: tuple[str, ...] = ()
VERSION = "boundaries/1"
EXPECTS = ("zip", "geojson", "json", "gpkg")
POLICY = FetchPolicy(max_bytes=600 * 1024**2, read_timeout=120.0)
TARGET_CRS = "EPSG:25832"
LAYER_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg")
AGS_ALIASES = ("AGS", "ags", "Gemeindeschluessel", "gemeindeschluessel")
RS_ALIASES = ("ARS", "RS", "ars", "rs")
NAME_ALIASES = ("GEN", "gen", "name", "NAME", "gemeindename", "Gemeindename")

SCHEMA = pa.DataFrameSchema(
    {
        "ags": pa.Column(str, pa.Check.str_matches(r"^\d{8}$"), unique=True),
        "name": pa.Column(str, nullable=True),
        "vintage": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
    },
    checks=[pa.Check(lambda df: ~df.geometry.isna() & ~df.geometry.is_empty, error="geometry missing")],
    name="boundaries",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


def _find_layer(files: list[str], where: Path) -> str:
    layers = [f for f in files if f.lower().endswith(LAYER_SUFFIXES) and not Path(f).name.startswith(".")]
    if len(layers) == 1:
        return layers[0]
    gem = [f for f in layers if re.search(r"(^|[_\-/])gem([_.\-]|$)", Path(f).name.lower())]
    if len(gem) == 1:
        return gem[0]
    if not layers:
        raise SourceParseError(where, "no shapefile, GeoJSON or GeoPackage layer found", edition="boundaries")
    raise SourceParseError(
        where,
        f"several layers and none is the Gemeinde layer (*_GEM*): {', '.join(sorted(layers)[:8])}",
        edition="boundaries",
    )


def _read_vintage_text(text: str) -> date | None:
    match = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    return date(*(int(g) for g in match.groups())) if match else None


def _aktualitaet(paths: list[Path]) -> date | None:
    for path in paths:
        if path.name.lower() == "aktualitaet.txt" and path.is_file():
            found = _read_vintage_text(path.read_bytes().decode("cp1252", errors="replace"))
            if found:
                return found
    return None


def _vintage_from_names(names: list[str]) -> date | None:
    for name in names:
        found = date_from_name(name)
        if found:
            return found
        # BKG style "vg5000_01-01_2021": day-month, then the year.
        match = re.search(r"(\d{2})-(\d{2})[_.\-](20\d{2})", name)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None


def _materialise(path: Path, tmp: Path) -> tuple[Path, list[Path], list[str]]:
    """The layer file to read, files that may carry the vintage, and names for vintage hints."""
    kind = "dir" if path.is_dir() else file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="boundaries")
    if kind == "dir":
        files = [str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()]
        layer = path / _find_layer(files, path)
        extras = [p for p in path.rglob("*") if p.name.lower() == "aktualitaet.txt"]
        return layer, extras, [path.name, *files]
    if kind in {"zip", "xlsx"}:
        with open_checked_zip(path, what="ZIP") as zf:
            names = zf.namelist()
        layer_name = _find_layer(names, path)
        stem = layer_name[: -len(Path(layer_name).suffix)]
        wanted = [n for n in names if n.startswith(stem + ".") or Path(n).name.lower() == "aktualitaet.txt"]
        extracted = extract_zip(path, tmp, members=wanted, what="ZIP")
        extras = [p for p in extracted if p.name.lower() == "aktualitaet.txt"]
        return tmp.joinpath(*Path(layer_name).parts), extras, names
    if path.suffix.lower() == ".shp" or kind in {"json", "text"}:
        extras = [p for p in path.parent.glob("*") if p.name.lower() == "aktualitaet.txt"]
        return path, extras, [path.name]
    raise SourceParseError(path, f"not a boundary file ({kind})", edition="boundaries")


def _ags_column(frame: pd.DataFrame, path: Path, edition: str) -> pd.Series:
    for alias in AGS_ALIASES:
        if alias in frame.columns:
            return frame[alias].astype("string").str.strip().str.zfill(8)
    for alias in RS_ALIASES:
        if alias in frame.columns:
            rs = frame[alias].astype("string").str.strip()
            # RS/ARS = Land(2) RB(1) Kreis(2) Verband(4) Gemeinde(3); the AGS drops the Verband.
            return rs.str[:5] + rs.str[9:12]
    columns = ", ".join(c for c in frame.columns if c != "geometry")
    raise SourceParseError(
        path, f"missing column AGS (or ARS/RS); found columns: {columns}", edition=edition, column="AGS"
    )


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> gpd.GeoDataFrame:
    """Municipality boundaries, one row per AGS, EPSG:25832, with the vintage recorded."""
    path = Path(path)
    if not path.exists():
        raise SourceParseError(path, "no such file or directory", edition="boundaries")
    with tempfile.TemporaryDirectory(prefix="sci-boundaries-") as tmp_name:
        layer, extras, names = _materialise(path, Path(tmp_name))
        edition = f"{layer.suffix.lstrip('.').lower()} layer {layer.name}"
        try:
            frame = gpd.read_file(layer, engine="pyogrio")
        except Exception as exc:  # pyogrio/GDAL raise their own types for unreadable data
            raise SourceParseError(path, f"cannot read layer {layer.name}: {exc}", edition=edition) from exc
        vintage_date = _aktualitaet(extras)
    if frame.empty:
        raise SourceParseError(path, f"layer {layer.name} has no features", edition=edition)
    if frame.crs is None:
        raise SourceParseError(path, f"layer {layer.name} has no CRS (missing .prj?)", edition=edition)
    ags = _ags_column(frame, path, edition)
    name_col = next((c for c in NAME_ALIASES if c in frame.columns), None)
    names_series = (
        frame[name_col].astype("string").str.strip() if name_col else pd.Series(pd.NA, index=frame.index)
    )
    out = gpd.GeoDataFrame(
        {"ags": ags.astype(str), "name": names_series, "geometry": frame.geometry}, crs=frame.crs
    )
    out = out[out["ags"].str.fullmatch(r"\d{8}") & out.geometry.notna() & ~out.geometry.is_empty]
    if out.empty:
        raise SourceParseError(path, "no feature has an 8-digit AGS and a geometry", edition=edition)
    out = out.to_crs(TARGET_CRS)
    invalid = ~out.geometry.is_valid
    if invalid.any():
        out.loc[invalid, "geometry"] = shapely.make_valid(out.geometry[invalid].values)
    out = _dissolve_parts(out)

    if as_of:
        vintage = as_of
    else:
        found = vintage_date or _vintage_from_names([filename or "", *names])
        if found is None and "WSK" in frame.columns:
            wsk = pd.to_datetime(frame["WSK"], errors="coerce").max()
            found = None if pd.isna(wsk) else wsk.date()
        if found is None:
            raise SourceParseError(
                path,
                "cannot tell the boundaries' vintage (no aktualitaet.txt, no date in the name, no WSK column); "
                "pass as_of / --as-of",
                edition=edition,
            )
        vintage = found.isoformat()
    out["vintage"] = vintage
    out = out[["ags", "name", "vintage", "geometry"]].sort_values("ags").reset_index(drop=True)
    out["name"] = out["name"].astype("str")
    out["ags"] = out["ags"].astype("str")
    out["vintage"] = out["vintage"].astype("str")
    validated = validate_table(out, SCHEMA, path, edition=edition)
    result = gpd.GeoDataFrame(validated, geometry="geometry", crs=TARGET_CRS)
    result.attrs.update({"edition": edition, "as_of": vintage, "features_read": len(frame)})
    return result


def _dissolve_parts(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per AGS: parts (VG250 GF land/water pieces, GeoJSON duplicates) unioned."""
    duplicated = frame["ags"].duplicated(keep=False)
    if not duplicated.any():
        return frame
    single = frame[~duplicated]
    parts = frame[duplicated]
    merged_rows = []
    for ags, group in parts.groupby("ags", sort=False):
        merged_rows.append(
            {
                "ags": ags,
                "name": group["name"].dropna().iloc[0] if group["name"].notna().any() else None,
                "geometry": shapely.union_all(group.geometry.values),
            }
        )
    merged = gpd.GeoDataFrame(merged_rows, geometry="geometry", crs=frame.crs)
    return gpd.GeoDataFrame(
        pd.concat([single, merged], ignore_index=True), geometry="geometry", crs=frame.crs
    )
