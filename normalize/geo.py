"""Geo-matching: assign points (WGS84 lat/lon) to the municipality whose official boundary contains them.

The coordinate reference systems are explicit: points come in as EPSG:4326 (lat/lon), boundaries must
already be in EPSG:25832 (ETRS89 / UTM 32N, metres), and the join happens in EPSG:25832. A boundary frame
in any other CRS, or without one, is an error (:class:`BoundaryCRSError`), never a geopandas warning.

Every input point stays in the output; the ``geo_status`` column says what happened to it:

``matched``          inside (or on the border of) one of the run's cities; ``city_ags`` is set.
``outside_cities``   inside a municipality that is not one of the run's cities.
``swapped``          the source swapped lat and lon (lat lies in Germany's longitude range and lon in
                     its latitude range). The point is repaired (swapped back) and matched with the
                     repaired coordinates, so ``municipality_ags``/``city_ags`` are set when it lands in
                     one; the original ``lat``/``lon`` values are left as published.
``snapped``          in no boundary, but within ``snap_m`` metres of one (the coarse generalised
                     boundaries cut off coastal and border strips); assigned to the nearest municipality.
``outside_germany``  in no boundary polygon (and farther than ``snap_m`` from every boundary).
``missing_coords``   lat or lon is missing, empty, or both are exactly 0 (the "null island" placeholder).
``invalid_coords``   lat or lon is not a number, not finite, or outside the WGS84 range.

Count points per city by ``city_ags`` (set for matched, swapped and snapped points inside a run city);
``geo_status`` is the quality flag. ``municipality_ags`` holds the containing municipality regardless
of the run's cities, so points outside the cities can be inspected too.

Shared borders: a point that intersects several municipalities (it lies exactly on their shared border)
goes to exactly one, the one with the lowest AGS (string order of the 8-digit key). The same lowest-AGS
rule breaks ties between equally near municipalities when snapping. The report counts such points.

This module never imports ``sources``: any adapter's point table works.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

POINT_CRS = CRS.from_epsg(4326)
JOIN_CRS = CRS.from_epsg(25832)

MATCHED = "matched"
OUTSIDE_CITIES = "outside_cities"
SWAPPED = "swapped"
SNAPPED = "snapped"
OUTSIDE_GERMANY = "outside_germany"
MISSING_COORDS = "missing_coords"
INVALID_COORDS = "invalid_coords"
GEO_STATUSES = (MATCHED, OUTSIDE_CITIES, SWAPPED, SNAPPED, OUTSIDE_GERMANY, MISSING_COORDS, INVALID_COORDS)
GEO_COLUMNS = ("municipality_ags", "city_ags", "geo_status")

# Germany's extent in WGS84 with a small margin (mainland and islands: lat 47.27..55.06, lon 5.87..15.04).
# The two ranges do not overlap, so a swapped pair is unambiguous.
GERMANY_LAT_RANGE = (47.0, 55.2)
GERMANY_LON_RANGE = (5.5, 15.5)

_NO_MATCH = np.iinfo(np.int64).max


class GeoError(ValueError):
    """Base class of geo-matching input errors; the message says what is wrong and how to fix it."""


class BoundaryCRSError(GeoError):
    """The boundaries are not in EPSG:25832 (or carry no CRS at all)."""


class BoundaryError(GeoError):
    """The boundary frame lacks columns, has bad AGS keys or non-polygon geometries."""


class PointTableError(GeoError):
    """The point table lacks the coordinate or id columns."""


@dataclass(frozen=True)
class PreparedBoundaries:
    """Boundaries checked and indexed once, reusable for many :func:`match_points` calls.

    ``geometries`` are sorted by AGS, so the position in the array is the AGS rank used by the
    lowest-AGS tie rule.
    """

    ags: np.ndarray  # AGS per polygon, sorted ascending
    geometries: np.ndarray  # shapely polygons, same order
    repaired_ags: tuple[str, ...]  # AGS of polygons whose invalid geometry was repaired
    vintage: str | None

    @property
    def municipalities(self) -> frozenset[str]:
        return frozenset(self.ags.tolist())

    def __len__(self) -> int:
        return len(self.ags)


@dataclass
class MatchReport:
    """What happened to the points of one matching run: counts per status with example ids."""

    total: int
    counts: dict[str, int]
    examples: dict[str, list[str]]
    per_city: dict[str, int]
    on_border: int
    border_examples: list[str]
    repaired_in_cities: dict[str, int]
    cities_without_boundary: list[str]
    boundaries: int
    boundaries_vintage: str | None
    repaired_boundaries: list[str]
    duplicate_ids: int
    snap_m: float
    id_column: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def in_cities(self) -> int:
        return sum(self.per_city.values())

    @property
    def not_located(self) -> int:
        """Points that could not be placed in any municipality."""
        return self.counts[OUTSIDE_GERMANY] + self.counts[MISSING_COORDS] + self.counts[INVALID_COORDS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "in_cities": self.in_cities,
            "counts": dict(self.counts),
            "examples": {k: list(v) for k, v in self.examples.items()},
            "per_city": dict(self.per_city),
            "on_border": self.on_border,
            "border_examples": list(self.border_examples),
            "repaired_in_cities": dict(self.repaired_in_cities),
            "cities_without_boundary": list(self.cities_without_boundary),
            "boundaries": self.boundaries,
            "boundaries_vintage": self.boundaries_vintage,
            "repaired_boundaries": list(self.repaired_boundaries),
            "duplicate_ids": self.duplicate_ids,
            "snap_m": self.snap_m,
            "id_column": self.id_column,
            "notes": list(self.notes),
        }

    def lines(self) -> list[str]:
        """A plain-text summary, one fact per line (the CLI prints it)."""
        out = [f"{self.total} points, {self.in_cities} in the run's cities"]
        for status in GEO_STATUSES:
            n = self.counts[status]
            if not n and status not in (MATCHED, OUTSIDE_CITIES):
                continue
            line = f"  {status}: {n}"
            if status in self.repaired_in_cities:
                line += f" ({self.repaired_in_cities[status]} of them in the run's cities)"
            if self.examples.get(status) and status not in (MATCHED, OUTSIDE_CITIES):
                line += f"  e.g. {', '.join(self.examples[status])}"
            out.append(line)
        if self.on_border:
            out.append(
                f"  on a shared border (assigned to the lowest AGS): {self.on_border}"
                f"  e.g. {', '.join(self.border_examples)}"
            )
        if self.cities_without_boundary:
            out.append(f"  cities without a boundary: {', '.join(self.cities_without_boundary)}")
        if self.repaired_boundaries:
            out.append(f"  invalid boundary geometries repaired: {', '.join(self.repaired_boundaries)}")
        if self.duplicate_ids:
            out.append(f"  duplicate point ids: {self.duplicate_ids}")
        out.extend(f"  note: {note}" for note in self.notes)
        return out


# --- boundaries ---------------------------------------------------------------------------------


def check_boundary_crs(boundaries: gpd.GeoDataFrame, *, what: str = "boundaries") -> None:
    """Raise :class:`BoundaryCRSError` unless ``boundaries`` is in EPSG:25832."""
    crs = getattr(boundaries, "crs", None)
    if crs is None:
        raise BoundaryCRSError(
            f"{what} have no CRS; they must be in EPSG:25832 (set it only if you know the coordinates are "
            "ETRS89 / UTM 32N, else reproject with .to_crs(25832))"
        )
    if not _is_join_crs(crs):
        raise BoundaryCRSError(
            f"{what} are in {crs.to_string()} ({crs.name}), not EPSG:25832 (ETRS89 / UTM 32N); "
            "reproject them with .to_crs(25832) before matching"
        )


def _is_join_crs(crs: CRS) -> bool:
    crs = CRS.from_user_input(crs)
    return crs.to_epsg() == 25832 or crs.equals(JOIN_CRS, ignore_axis_order=True)


def prepare_boundaries(
    boundaries: gpd.GeoDataFrame,
    *,
    ags_column: str = "ags",
    repair_invalid: bool = False,
    what: str = "boundaries",
) -> PreparedBoundaries:
    """Check a boundary frame (CRS, AGS keys, polygon geometries) and order it by AGS.

    Invalid polygons (VG5000 has three with self-touching rings) are matched as they are by default,
    with GEOS's even-odd point-in-polygon rule, exactly as geopandas does. ``repair_invalid=True``
    finds them (about 30 ms for 11,000 municipalities), repairs them with ``make_valid`` and lists
    their AGS in the report; the pipeline step does this.
    """
    if not isinstance(boundaries, gpd.GeoDataFrame):
        raise BoundaryError(f"{what} must be a GeoDataFrame, got {type(boundaries).__name__}")
    check_boundary_crs(boundaries, what=what)
    if ags_column not in boundaries.columns:
        raise BoundaryError(
            f"{what} have no {ags_column!r} column (columns: {', '.join(map(str, boundaries.columns))})"
        )
    if boundaries.empty:
        raise BoundaryError(f"{what} are empty: no municipality to match against")
    ags = boundaries[ags_column]
    ags_text = ags.astype(str)
    bad_ags = ags.isna() | ~ags_text.str.fullmatch(r"\d{8}")
    if bad_ags.any():
        raise BoundaryError(
            f"{what}: {int(bad_ags.sum())} row(s) without an 8-digit AGS, e.g. {ags[bad_ags].iloc[:3].tolist()!r}"
        )
    geoms = boundaries.geometry.values
    missing = shapely.is_missing(np.asarray(geoms)) | shapely.is_empty(np.asarray(geoms))
    if missing.any():
        raise BoundaryError(
            f"{what}: {int(missing.sum())} row(s) without a geometry, e.g. AGS {ags_text[missing].iloc[:3].tolist()}"
        )
    kinds = shapely.get_type_id(np.asarray(geoms))
    not_polygonal = ~np.isin(kinds, (3, 6))  # Polygon, MultiPolygon
    if not_polygonal.any():
        raise BoundaryError(
            f"{what}: {int(not_polygonal.sum())} geometries are not polygons, "
            f"e.g. AGS {ags_text[not_polygonal].iloc[:3].tolist()}"
        )
    order = np.argsort(ags_text.to_numpy(dtype=object), kind="stable")
    sorted_ags = ags_text.to_numpy(dtype=object)[order]
    sorted_geoms = np.asarray(geoms)[order]
    invalid = ~shapely.is_valid(sorted_geoms) if repair_invalid else np.zeros(len(sorted_geoms), dtype=bool)
    if invalid.any():
        # Ring self-intersections in generalised boundaries: repair, keeping polygonal output.
        sorted_geoms = sorted_geoms.copy()
        sorted_geoms[invalid] = shapely.make_valid(sorted_geoms[invalid], method="structure")
    vintage = _vintage(boundaries)
    return PreparedBoundaries(
        ags=sorted_ags,
        geometries=sorted_geoms,
        repaired_ags=tuple(sorted_ags[invalid].tolist()),
        vintage=vintage,
    )


def _vintage(boundaries: pd.DataFrame) -> str | None:
    if "vintage" not in boundaries.columns:
        return None
    values = sorted({str(v) for v in boundaries["vintage"].dropna().unique()})
    return ", ".join(values) if values else None


# --- points -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _to_join_crs() -> Transformer:
    return Transformer.from_crs(POINT_CRS, JOIN_CRS, always_xy=True)


def _coordinate(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The column as float64 (NaN where unusable) and a mask of raw values that are missing/empty."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return numbers, np.isnan(numbers)
    absent = values.isna().to_numpy() | (values.astype(str).str.strip() == "").to_numpy()
    numbers = pd.to_numeric(values.where(~absent), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return numbers, absent


def _in_range(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    return (values >= bounds[0]) & (values <= bounds[1])


def _city_ags_set(cities: Iterable[Any] | None) -> frozenset[str] | None:
    if cities is None:
        return None
    return frozenset(str(getattr(c, "ags", c)) for c in cities)


def _examples(ids: np.ndarray, mask: np.ndarray, limit: int) -> list[str]:
    return [str(v) for v in ids[mask][:limit]]


def match_points(
    points: pd.DataFrame,
    boundaries: gpd.GeoDataFrame | PreparedBoundaries,
    *,
    id_column: str | None = None,
    cities: Iterable[Any] | None = None,
    lat_column: str = "lat",
    lon_column: str = "lon",
    snap_m: float = 0.0,
    max_examples: int = 5,
) -> tuple[pd.DataFrame, MatchReport]:
    """Assign every point the AGS of the municipality containing it; return the table and a report.

    ``points``: any table with WGS84 ``lat``/``lon`` columns (numbers; numeric strings are accepted).
    ``boundaries``: a GeoDataFrame in EPSG:25832 with an ``ags`` column (or :func:`prepare_boundaries`'
    result). ``cities``: the run's cities (AGS strings or City objects); ``city_ags`` is None outside
    them. None means every municipality counts. ``id_column`` names the id used in the report's
    examples (default: the index). ``snap_m`` > 0 assigns points that fall in no polygon but lie within
    that distance of one to the nearest municipality (status ``snapped``).

    The output has every input row and column, in input order, plus ``municipality_ags``, ``city_ags``
    and ``geo_status`` (see the module docstring).
    """
    prepared = boundaries if isinstance(boundaries, PreparedBoundaries) else prepare_boundaries(boundaries)
    if not isinstance(points, pd.DataFrame):
        raise PointTableError(f"points must be a DataFrame, got {type(points).__name__}")
    missing_cols = [c for c in (lat_column, lon_column) if c not in points.columns]
    if id_column is not None and id_column not in points.columns:
        missing_cols.append(id_column)
    if missing_cols:
        raise PointTableError(
            f"point table has no column(s) {', '.join(missing_cols)} "
            f"(columns: {', '.join(map(str, points.columns))})"
        )
    if snap_m < 0 or not np.isfinite(snap_m):
        raise ValueError(f"snap_m must be a finite distance >= 0 metres, got {snap_m!r}")
    clash = [c for c in GEO_COLUMNS if c in points.columns]
    table = pd.DataFrame(points.drop(columns=clash))
    if isinstance(points, gpd.GeoDataFrame):
        table = table.drop(columns=[points.geometry.name])
    n = len(table)

    lat, lat_absent = _coordinate(points[lat_column])
    lon, lon_absent = _coordinate(points[lon_column])
    missing = lat_absent | lon_absent | ((lat == 0) & (lon == 0))
    with np.errstate(invalid="ignore"):
        invalid = ~missing & (
            ~np.isfinite(lat) | ~np.isfinite(lon) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
        )
    usable = ~missing & ~invalid
    swapped = (
        usable
        & _in_range(lat, GERMANY_LON_RANGE)
        & _in_range(lon, GERMANY_LAT_RANGE)
        & ~_in_range(lat, GERMANY_LAT_RANGE)
    )
    use_lat = np.where(swapped, lon, lat)
    use_lon = np.where(swapped, lat, lon)

    # Rank of the assigned municipality in prepared.ags (sorted), _NO_MATCH where none.
    rank = np.full(n, _NO_MATCH, dtype=np.int64)
    on_border = np.zeros(n, dtype=bool)
    x_all, y_all = np.full(n, np.inf), np.full(n, np.inf)
    if usable.any():
        x_all[usable], y_all[usable] = _to_join_crs().transform(use_lon[usable], use_lat[usable])
    # Far from UTM zone 32 (e.g. lon 100) the projection returns inf: such points are outside anyway.
    usable_idx = np.flatnonzero(usable & np.isfinite(x_all) & np.isfinite(y_all))
    if len(usable_idx):
        x, y = x_all[usable_idx], y_all[usable_idx]
        geoms = shapely.points(x, y)
        # Query with the (prepared) polygons against a tree of the points: GEOS prepares the query
        # geometry, so each polygon is indexed once; querying points against the polygon tree would
        # test every point against an unprepared polygon (about 1.5x slower on VG5000).
        hit_rank, hit_point = shapely.STRtree(geoms).query(prepared.geometries, predicate="intersects")
        best = np.full(len(usable_idx), _NO_MATCH, dtype=np.int64)
        np.minimum.at(best, hit_point, hit_rank.astype(np.int64))
        rank[usable_idx] = best
        on_border[usable_idx] = _several_municipalities(hit_point, hit_rank, prepared.ags, len(usable_idx))
        snapped_local = np.zeros(len(usable_idx), dtype=bool)
        if snap_m > 0:
            unplaced = np.flatnonzero(best == _NO_MATCH)
            if len(unplaced):
                near_rank = _nearest_within(prepared.geometries, geoms[unplaced], snap_m)
                snapped_local[unplaced] = near_rank != _NO_MATCH
                rank[usable_idx[unplaced]] = near_rank
        snapped = np.zeros(n, dtype=bool)
        snapped[usable_idx] = snapped_local
    else:
        snapped = np.zeros(n, dtype=bool)

    located = rank != _NO_MATCH
    municipality = np.full(n, None, dtype=object)
    municipality[located] = prepared.ags[rank[located]]
    city_set = _city_ags_set(cities)
    in_city = located.copy()
    if city_set is not None:
        in_city &= pd.Series(municipality).isin(city_set).to_numpy()
    city = np.where(in_city, municipality, None)

    status = np.full(n, OUTSIDE_GERMANY, dtype=object)
    status[located & ~in_city] = OUTSIDE_CITIES
    status[in_city] = MATCHED
    status[snapped] = SNAPPED
    status[swapped] = SWAPPED
    status[invalid] = INVALID_COORDS
    status[missing] = MISSING_COORDS

    table["municipality_ags"] = pd.array(municipality, dtype="str")
    table["city_ags"] = pd.array(city, dtype="str")
    table["geo_status"] = pd.array(status, dtype="str")

    ids = (table[id_column] if id_column else table.index.to_series()).astype(str).to_numpy(dtype=object)
    report = _report(
        ids=ids,
        status=status,
        city=city,
        in_city=in_city,
        on_border=on_border,
        prepared=prepared,
        city_set=city_set,
        snap_m=snap_m,
        id_column=id_column,
        max_examples=max_examples,
        duplicate_ids=int(table[id_column].duplicated().sum()) if id_column else 0,
    )
    return table, report


def _several_municipalities(
    hit_point: np.ndarray, hit_rank: np.ndarray, ags: np.ndarray, n_points: int
) -> np.ndarray:
    """Points that intersect more than one distinct municipality (they lie on a shared border)."""
    hits = np.bincount(hit_point, minlength=n_points)
    result = np.zeros(n_points, dtype=bool)
    multi = np.flatnonzero(hits > 1)
    if len(multi):
        sel = np.isin(hit_point, multi)
        pairs = pd.DataFrame({"point": hit_point[sel], "ags": ags[hit_rank[sel]]})
        distinct = pairs.drop_duplicates().groupby("point").size()
        result[distinct.index[distinct > 1].to_numpy()] = True
    return result


def _nearest_within(polygons: np.ndarray, geoms: np.ndarray, max_distance: float) -> np.ndarray:
    """Rank of the nearest polygon within ``max_distance`` (ties: lowest AGS), _NO_MATCH if none."""
    result = np.full(len(geoms), _NO_MATCH, dtype=np.int64)
    # As for containment: the polygons query a tree of the points (most points far from every
    # polygon are ruled out by the tree's bounding boxes), then exact distances for the candidates.
    poly_rank, point_idx = shapely.STRtree(geoms).query(polygons, predicate="dwithin", distance=max_distance)
    if len(point_idx):
        distance = shapely.distance(polygons[poly_rank], geoms[point_idx])
        order = np.lexsort((poly_rank, distance, point_idx))
        point_idx, poly_rank = point_idx[order], poly_rank[order]
        first = np.r_[True, point_idx[1:] != point_idx[:-1]]
        result[point_idx[first]] = poly_rank[first]
    return result


def _report(
    *,
    ids: np.ndarray,
    status: np.ndarray,
    city: np.ndarray,
    in_city: np.ndarray,
    on_border: np.ndarray,
    prepared: PreparedBoundaries,
    city_set: frozenset[str] | None,
    snap_m: float,
    id_column: str | None,
    max_examples: int,
    duplicate_ids: int,
) -> MatchReport:
    counts = {s: int((status == s).sum()) for s in GEO_STATUSES}
    examples = {s: _examples(ids, status == s, max_examples) for s in GEO_STATUSES if counts[s]}
    per_city_counts = pd.Series(city[in_city]).value_counts()
    cities = sorted(city_set) if city_set is not None else sorted(per_city_counts.index)
    per_city = {ags: int(per_city_counts.get(ags, 0)) for ags in cities}
    repaired_in_cities = {s: int(((status == s) & in_city).sum()) for s in (SWAPPED, SNAPPED) if counts[s]}
    known = prepared.municipalities
    return MatchReport(
        total=len(status),
        counts=counts,
        examples=examples,
        per_city=per_city,
        on_border=int(on_border.sum()),
        border_examples=_examples(ids, on_border, max_examples),
        repaired_in_cities=repaired_in_cities,
        cities_without_boundary=[a for a in cities if a not in known] if city_set is not None else [],
        boundaries=len(prepared),
        boundaries_vintage=prepared.vintage,
        repaired_boundaries=list(prepared.repaired_ags),
        duplicate_ids=duplicate_ids,
        snap_m=float(snap_m),
        id_column=id_column,
    )
