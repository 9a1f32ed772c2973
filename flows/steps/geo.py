"""Pipeline step: geo-match a parsed point source to the city boundaries and derive its parameters.

Generic over point sources: it needs only the adapter (``sources.registry.get_adapter``) whose parsed
table has WGS84 ``lat``/``lon`` columns and whose ``to_parameters(matched, ...)`` turns the matched
points into parameter and evidence rows.

Reads (under the data dir)::

    sources/<source>/month=M/<source>.parquet          the parsed points (``sci source <source>``)
    sources/boundaries/month=M'/boundaries.parquet     boundaries of month M, else the latest earlier one
    sources/population/month=M'/population.parquet    population, same rule (optional: else cities.csv)

Writes, after everything was computed and validated (nothing half-written on an error)::

    sources/<source>/month=M/<source>_matched.parquet  every point + municipality_ags, city_ags, geo_status
    sources/<source>/month=M/<source>_matched.json     the MatchReport and the inputs used
    evidence/month=M/<source>.parquet                  evidence (items = ids of the points behind a value)
    parameters/month=M/<source>.parquet                the parameter rows (method geo)
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from normalize.catalog import load_catalog
from normalize.cities import City, load_cities
from normalize.evidence import validate_evidence
from normalize.geo import GeoError, MatchReport, match_points, prepare_boundaries
from normalize.storage import (
    atomic_write_json,
    atomic_write_parquet,
    evidence_path,
    parameters_path,
    read_parquet_plain,
    resolve_data_dir,
    source_table_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import check_month, utcnow, validate_parameters
from sources.population import load_population as load_population_table
from sources.registry import UnknownSource, get_adapter
from sources.snapshots import Snapshot, latest_snapshot
from sources.tables import table_snapshot

BOUNDARIES = "boundaries"
POPULATION = "population"
METHOD = "geo"
# Metres: VG5000 (1:5,000,000) generalises coasts and national borders by up to several hundred
# metres, so stations on a harbour front or right at the border fall just outside every polygon.
DEFAULT_SNAP_M = 250.0
COMMISSIONED = "commissioned"


class GeoStepError(RuntimeError):
    """The step cannot run: a missing input, a non-point source, a bad option. The message says which."""


@dataclass
class GeoResult:
    """What one geo step run did: paths written, the match report and the inputs it used."""

    source: str
    month: str
    matched_path: Path
    report_path: Path
    parameters_path: Path
    evidence_path: Path
    report: MatchReport
    parameters: pd.DataFrame
    points_total: int
    as_of: str | None
    excluded_by_as_of: int
    undated: int
    boundaries_month: str
    boundaries_vintage: str | None
    population_month: str | None
    snapshot_sha256: str | None
    cities: list[City] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "month": self.month,
            "matched_path": str(self.matched_path),
            "parameters_path": str(self.parameters_path),
            "evidence_path": str(self.evidence_path),
            "points_total": self.points_total,
            "as_of": self.as_of,
            "excluded_by_as_of": self.excluded_by_as_of,
            "undated": self.undated,
            "boundaries_month": self.boundaries_month,
            "boundaries_vintage": self.boundaries_vintage,
            "population_month": self.population_month,
            "snapshot_sha256": self.snapshot_sha256,
            "parameter_rows": len(self.parameters),
            "report": self.report.to_dict(),
        }


# --- paths and inputs ---------------------------------------------------------------------------


def parsed_table_path(data_dir: Path, source: str, month: str) -> Path:
    return source_table_dir(data_dir, source, month) / f"{source}.parquet"


def matched_table_path(data_dir: Path, source: str, month: str) -> Path:
    return source_table_dir(data_dir, source, month) / f"{source}_matched.parquet"


def source_months(data_dir: Path, source: str, filename: str | None = None) -> list[str]:
    """Months (sorted) with a parsed table of ``source`` (or the given file name) in the data dir."""
    base = Path(data_dir) / "sources" / source
    if not base.is_dir():
        return []
    months = []
    for entry in base.iterdir():
        match = re.fullmatch(r"month=(\d{4}-\d{2})", entry.name)
        if not match or not entry.is_dir():
            continue
        wanted = entry / filename if filename else None
        has = wanted.is_file() if wanted else any(_visible_parquet(entry))
        if has:
            months.append(match.group(1))
    return sorted(months)


def _visible_parquet(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.parquet") if not p.name.startswith("."))


def latest_month_upto(data_dir: Path, source: str, month: str) -> str | None:
    """The month itself if ``source`` has a parsed table for it, else the latest earlier one."""
    earlier = [m for m in source_months(data_dir, source) if m <= month]
    return earlier[-1] if earlier else None


def _reference_file(data_dir: Path, source: str, month: str) -> Path:
    directory = source_table_dir(data_dir, source, month)
    preferred = directory / f"{source}.parquet"
    if preferred.is_file():
        return preferred
    return _visible_parquet(directory)[0]


def load_boundaries(data_dir: Path, month: str) -> tuple[gpd.GeoDataFrame, str, Path]:
    """The parsed boundaries of ``month`` or the latest earlier month (GeoParquet, EPSG:25832)."""
    found = latest_month_upto(data_dir, BOUNDARIES, month)
    if found is None:
        raise GeoStepError(
            f"no parsed boundaries for {month} or earlier under {Path(data_dir) / 'sources' / BOUNDARIES}; "
            "run `sci source boundaries --file <VG250/VG5000 file>` first"
        )
    path = _reference_file(data_dir, BOUNDARIES, found)
    try:
        frame = gpd.read_parquet(path)
    except Exception as exc:  # pyarrow/geopandas raise several types for unreadable files
        raise GeoStepError(f"{path}: cannot read the boundaries as GeoParquet: {exc}") from exc
    return frame, found, path


def load_population(data_dir: Path, month: str) -> tuple[pd.DataFrame | None, str | None]:
    """The parsed population of ``month`` or the latest earlier month, or None (use cities.csv)."""
    found = latest_month_upto(data_dir, POPULATION, month)
    if found is None:
        return None, None
    return load_population_table(found, data_dir), found


def load_points(data_dir: Path, source: str, month: str) -> tuple[pd.DataFrame, Path]:
    path = parsed_table_path(data_dir, source, month)
    if not path.is_file():
        have = source_months(data_dir, source, f"{source}.parquet")
        hint = f" (parsed months: {', '.join(have)})" if have else ""
        raise GeoStepError(
            f"no parsed table of {source} for {month} at {path}{hint}; run `sci source {source} --month {month}` first"
        )
    try:
        return read_parquet_plain(path), path
    except Exception as exc:  # pyarrow raises several types for truncated or foreign files
        raise GeoStepError(f"{path}: cannot read the parsed table of {source}: {exc}") from exc


def find_snapshot(data_dir: Path, source: str, month: str) -> Snapshot | None:
    """The raw snapshot the parsed table came from (its ``.meta.json``), else the source's latest."""
    return table_snapshot(source, month, data_dir) or latest_snapshot(source, data_dir)


def parse_as_of(value: date | datetime | str | None) -> date | None:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY`` (or a date) -> date; None stays None."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise GeoStepError(f"--as-of {value!r} is not a date (YYYY-MM-DD or DD.MM.YYYY)")


def filter_as_of(points: pd.DataFrame, as_of: date, source: str) -> tuple[pd.DataFrame, int, int]:
    """Keep points commissioned on or before ``as_of``; count later ones and undated ones (dropped)."""
    if COMMISSIONED not in points.columns:
        raise GeoStepError(
            f"--as-of needs a {COMMISSIONED!r} column, and the parsed table of {source} has none "
            f"(columns: {', '.join(map(str, points.columns))})"
        )
    commissioned = pd.to_datetime(points[COMMISSIONED], errors="coerce")
    if getattr(commissioned.dt, "tz", None) is not None:
        commissioned = commissioned.dt.tz_localize(None)
    undated = commissioned.isna()
    keep = ~undated & (commissioned <= pd.Timestamp(as_of))
    later = int((~undated & ~keep).sum())
    return points.loc[keep].reset_index(drop=True), later, int(undated.sum())


def id_column_of(adapter: ModuleType, points: pd.DataFrame) -> str | None:
    """The adapter's ``ID_COLUMN``, else the first ``*_id`` (or ``id``) column, else None (the index)."""
    declared = getattr(adapter, "ID_COLUMN", None)
    if declared and declared in points.columns:
        return declared
    for column in points.columns:
        if column == "id" or str(column).endswith("_id"):
            return str(column)
    return None


def _resolve_cities(cities: Sequence[City | str] | None) -> list[City]:
    if cities is None:
        return load_cities()
    if all(isinstance(c, City) for c in cities):
        return list(cities)  # e.g. another registry file's cities (the demo world)
    by_ags = {c.ags: c for c in load_cities()}
    resolved = []
    for item in cities:
        if isinstance(item, City):
            resolved.append(item)
        elif str(item) in by_ags:
            resolved.append(by_ags[str(item)])
        else:
            raise GeoStepError(f"city {item!r} is not an AGS of the city registry")
    return resolved


def _get_point_adapter(source: str) -> ModuleType:
    try:
        adapter = get_adapter(source)
    except UnknownSource as exc:
        raise GeoStepError(str(exc)) from None
    except ImportError as exc:
        raise GeoStepError(f"the adapter of {source} cannot be imported: {exc}") from exc
    kind = getattr(adapter, "KIND", "points")
    if kind != "points" or not callable(getattr(adapter, "to_parameters", None)):
        raise GeoStepError(
            f"{source} is not a point source (KIND {kind!r}); geo-matching needs located points: "
            "run it with `sci source` instead"
        )
    return adapter


def _accepts(function: Any, name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


# --- post-processing of the adapter's rows ------------------------------------------------------


def _mark_cities_without_boundary(
    params: pd.DataFrame, evidence: pd.DataFrame, missing: list[str], vintage: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of cities the boundaries lack become source_missing: zero points there means 'unknown'.

    For adapters whose ``to_parameters`` has no ``unmatched`` argument (those that have it do this
    themselves).
    """
    if not missing or params.empty:
        return params, evidence
    reason = (
        f"no boundary for this AGS in the boundaries (vintage {vintage or 'unknown'}): points not countable"
    )
    params, evidence = params.copy(), evidence.copy()
    rows = params["city_ags"].isin(missing)
    params.loc[rows, ["value", "status", "raw"]] = [np.nan, "source_missing", reason]
    ev_rows = evidence["city_ags"].isin(missing)
    evidence.loc[ev_rows, ["value", "status", "snippet"]] = [np.nan, "source_missing", reason]
    evidence.loc[ev_rows, "items"] = pd.Series(
        [[] for _ in range(int(ev_rows.sum()))], index=evidence.index[ev_rows]
    )
    return params, evidence


def _note_as_of(
    params: pd.DataFrame, evidence: pd.DataFrame, as_of: date | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if as_of is None or params.empty:
        return params, evidence
    note = f"; points commissioned on or before {as_of.isoformat()} only"
    params, evidence = params.copy(), evidence.copy()
    known = params["status"] != "source_missing"
    params.loc[known, "raw"] = params.loc[known, "raw"].fillna("").astype(str) + note
    if "rule_id" in evidence.columns:
        evidence["rule_id"] = evidence["rule_id"].fillna("").astype(str) + f" as-of {as_of.isoformat()}"
    return params, evidence


# --- the step -----------------------------------------------------------------------------------


def run_geo(
    source: str,
    *,
    month: str,
    data_dir: Path | str | None = None,
    as_of: date | str | None = None,
    run_id: str | None = None,
    cities: Sequence[City | str] | None = None,
    snap_m: float = DEFAULT_SNAP_M,
) -> GeoResult:
    """Match the parsed points of ``source`` for ``month`` to the boundaries and write the results."""
    check_month(month)
    base = resolve_data_dir(data_dir)
    adapter = _get_point_adapter(source)
    as_of_date = parse_as_of(as_of)
    run_cities = _resolve_cities(cities)

    points, points_path = load_points(base, source, month)
    points_total = len(points)
    later = undated = 0
    if as_of_date is not None:
        points, later, undated = filter_as_of(points, as_of_date, source)
    boundaries, boundaries_month, boundaries_path = load_boundaries(base, month)
    population, population_month = load_population(base, month)

    try:
        prepared = prepare_boundaries(boundaries, repair_invalid=True, what=f"boundaries {boundaries_path}")
        matched, report = match_points(
            points,
            prepared,
            id_column=id_column_of(adapter, points),
            cities=[c.ags for c in run_cities],
            snap_m=snap_m,
        )
    except GeoError as exc:
        raise GeoStepError(f"{source} {month}: {exc}") from exc
    if as_of_date is not None:
        report.notes.append(
            f"--as-of {as_of_date.isoformat()}: {later} point(s) commissioned later and {undated} without a "
            f"commissioning date left out (of {points_total})"
        )

    snapshot = find_snapshot(base, source, month)
    extra = {}
    if _accepts(adapter.to_parameters, "unmatched"):
        extra["unmatched"] = list(report.cities_without_boundary)
    params, evidence = adapter.to_parameters(
        matched,
        month=month,
        cities=run_cities,
        population=population,
        snapshot=snapshot,
        run_id=run_id,
        **extra,
    )
    params = params.assign(method=METHOD, source=source)
    evidence = evidence.assign(method=METHOD, source=source)
    if "unmatched" not in extra:
        params, evidence = _mark_cities_without_boundary(
            params, evidence, report.cities_without_boundary, prepared.vintage
        )
    params, evidence = _note_as_of(params, evidence, as_of_date)
    # Validate both before writing anything, so an adapter bug leaves the last good data in place.
    catalog = load_catalog()
    params = validate_parameters(params, catalog, what=f"parameters of {source} for {month}")
    evidence = validate_evidence(evidence, what=f"evidence of {source} for {month}")

    matched_path = atomic_write_parquet(matched, matched_table_path(base, source, month))
    result = GeoResult(
        source=source,
        month=month,
        matched_path=matched_path,
        report_path=matched_path.with_suffix(".json"),
        parameters_path=parameters_path(base, month, source),
        evidence_path=evidence_path(base, month, source),
        report=report,
        parameters=params,
        points_total=points_total,
        as_of=as_of_date.isoformat() if as_of_date else None,
        excluded_by_as_of=later,
        undated=undated,
        boundaries_month=boundaries_month,
        boundaries_vintage=prepared.vintage,
        population_month=population_month,
        snapshot_sha256=snapshot.sha256 if snapshot else None,
        cities=run_cities,
    )
    atomic_write_json(
        result.report_path,
        {
            **result.summary(),
            "points_path": str(points_path),
            "boundaries_path": str(boundaries_path),
            "run_id": run_id,
            "written_at": utcnow().isoformat(),
        },
    )
    write_evidence(evidence, source=source, month=month, data_dir=base)
    write_parameters(params, source=source, month=month, data_dir=base, catalog=catalog)
    return result


def read_matched(source: str, *, month: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The matched point table of ``source`` for ``month`` (written by :func:`run_geo`)."""
    base = resolve_data_dir(data_dir)
    path = matched_table_path(base, source, check_month(month))
    if not path.is_file():
        raise GeoStepError(
            f"no matched table of {source} for {month} at {path}; run `sci geo {source} --month {month}` first"
        )
    return read_parquet_plain(path)
