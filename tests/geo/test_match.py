"""normalize.geo.match_points: CRS rules, statuses, the shared-border rule, and exact counts on real files."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Polygon, box

from normalize.cities import load_cities
from normalize.geo import (
    GEO_STATUSES,
    BoundaryCRSError,
    BoundaryError,
    PointTableError,
    match_points,
    prepare_boundaries,
)
from tests.geo.conftest import VG5000_GEM

KOELN, BERLIN, HAMBURG, MUENCHEN, STUTTGART, DUESSELDORF, KIEL = (
    "05315000",
    "11000000",
    "02000000",
    "09162000",
    "08111000",
    "05111000",
    "01002000",
)
BIG_CITIES = (KOELN, BERLIN, HAMBURG, MUENCHEN, STUTTGART, DUESSELDORF, KIEL)
CITY_AGS = [c.ags for c in load_cities()]
TO_UTM = Transformer.from_crs(4326, 25832, always_xy=True)
TO_WGS84 = Transformer.from_crs(25832, 4326, always_xy=True)
# An anchor in Bavaria; the synthetic municipalities are built around its exact UTM coordinates.
ANCHOR_LAT, ANCHOR_LON = 48.5, 11.5


def squares(cells: dict[str, tuple[float, float, float, float]], crs=25832) -> gpd.GeoDataFrame:
    """Municipalities as boxes (offsets in metres from the anchor's UTM coordinates)."""
    x, y = TO_UTM.transform(ANCHOR_LON, ANCHOR_LAT)
    geoms = [box(x + x0, y + y0, x + x1, y + y1) for x0, y0, x1, y1 in cells.values()]
    return gpd.GeoDataFrame({"ags": list(cells), "name": list(cells)}, geometry=geoms, crs=crs)


def at_offset(dx: float, dy: float) -> tuple[float, float]:
    """lat, lon of the point dx/dy metres from the anchor (approximately; exact only at 0, 0)."""
    x, y = TO_UTM.transform(ANCHOR_LON, ANCHOR_LAT)
    lon, lat = TO_WGS84.transform(x + dx, y + dy)
    return lat, lon


def points(rows: list[tuple[str, object, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["point_id", "lat", "lon"])


# --- shared borders -------------------------------------------------------------------------------


def test_a_point_exactly_on_a_shared_border_goes_to_the_lowest_ags():
    # Right square listed first: the rule must not depend on row order.
    two = squares({"09000002": (0, -1000, 1000, 1000), "09000001": (-1000, -1000, 0, 1000)})
    west_lat, west_lon = at_offset(-500, 0)
    table, report = match_points(
        points([("border", ANCHOR_LAT, ANCHOR_LON), ("west", west_lat, west_lon)]), two, id_column="point_id"
    )
    assert table["municipality_ags"].tolist() == ["09000001", "09000001"]
    assert table["geo_status"].tolist() == ["matched", "matched"]
    assert report.on_border == 1
    assert report.border_examples == ["border"]
    east_lat, east_lon = at_offset(500, 0)
    table, report = match_points(points([("east", east_lat, east_lon)]), two, id_column="point_id")
    assert table["municipality_ags"].tolist() == ["09000002"]
    assert report.on_border == 0


def test_a_corner_shared_by_four_municipalities_goes_to_exactly_one():
    four = squares(
        {
            "09000004": (0, 0, 1000, 1000),
            "09000003": (-1000, 0, 0, 1000),
            "09000002": (0, -1000, 1000, 0),
            "09000001": (-1000, -1000, 0, 0),
        }
    )
    table, report = match_points(points([("corner", ANCHOR_LAT, ANCHOR_LON)]), four, cities=["09000003"])
    assert len(table) == 1
    assert table.loc[0, "municipality_ags"] == "09000001"
    # Assigned to 09000001, which is not a run city: the point is not counted for 09000003.
    assert table.loc[0, "geo_status"] == "outside_cities"
    assert pd.isna(table.loc[0, "city_ags"])
    assert report.per_city == {"09000003": 0}
    assert report.on_border == 1


def test_the_same_municipality_in_several_parts_is_not_a_border():
    parts = squares({"09000001": (-1000, -1000, 0, 1000), "09000001 ": (0, -1000, 1000, 1000)})
    parts["ags"] = ["09000001", "09000001"]
    table, report = match_points(points([("seam", ANCHOR_LAT, ANCHOR_LON)]), parts)
    assert table["municipality_ags"].tolist() == ["09000001"]
    assert report.on_border == 0


# --- coordinate problems --------------------------------------------------------------------------


def test_every_status_is_counted_and_no_point_is_dropped(vg5000_prepared):
    rows = [
        ("dom", 50.9413, 6.9583),  # Kölner Dom
        ("dom-swapped", 6.9583, 50.9413),  # the same point with lat and lon swapped
        ("bonn", 50.7374, 7.0982),  # inside Germany, not a run city here
        ("paris", 48.8566, 2.3522),
        ("atlantic", 45.0, -30.0),
        ("far-east", 0.5, 100.0),  # projects to inf in UTM 32
        ("no-lat", None, 6.95),
        ("nan-lon", 50.9, np.nan),
        ("empty", "", ""),
        ("null-island", 0.0, 0.0),
        ("lat-95", 95.0, 7.0),
        ("text", "fünfzig", "7"),
        ("inf", np.inf, 7.0),
    ]
    frame = points(rows).assign(extra=range(len(rows)))
    table, report = match_points(frame, vg5000_prepared, id_column="point_id", cities=[KOELN])
    assert table["point_id"].tolist() == [r[0] for r in rows]  # all rows, input order
    assert table["extra"].tolist() == list(range(len(rows)))
    assert table["geo_status"].tolist() == [
        "matched",
        "swapped",
        "outside_cities",
        "outside_germany",
        "outside_germany",
        "outside_germany",
        "missing_coords",
        "missing_coords",
        "missing_coords",
        "missing_coords",
        "invalid_coords",
        "invalid_coords",
        "invalid_coords",
    ]
    assert table["city_ags"].iloc[:2].tolist() == [KOELN, KOELN]
    assert table["city_ags"].iloc[2:].isna().all()
    assert table["municipality_ags"].iloc[2] == "05314000"  # Bonn
    assert table["municipality_ags"].iloc[3:].isna().all()
    # The published coordinates stay as they were, also for the repaired one.
    assert table.loc[1, ["lat", "lon"]].tolist() == [6.9583, 50.9413]
    assert report.total == 13
    assert report.counts == {
        "matched": 1,
        "outside_cities": 1,
        "swapped": 1,
        "snapped": 0,
        "outside_germany": 3,
        "missing_coords": 4,
        "invalid_coords": 3,
    }
    assert report.examples["missing_coords"] == ["no-lat", "nan-lon", "empty", "null-island"]
    assert report.examples["swapped"] == ["dom-swapped"]
    assert report.repaired_in_cities == {"swapped": 1}
    assert report.per_city == {KOELN: 2}
    assert report.not_located == 10
    lines = "\n".join(report.lines())
    assert "swapped: 1 (1 of them in the run's cities)  e.g. dom-swapped" in lines
    assert "outside_germany: 3  e.g. paris, atlantic, far-east" in lines


def test_swapped_points_outside_the_cities_keep_the_swapped_status(vg5000_prepared):
    table, report = match_points(points([("bonn-swapped", 7.0982, 50.7374)]), vg5000_prepared, cities=[KOELN])
    assert table.loc[0, "geo_status"] == "swapped"
    assert table.loc[0, "municipality_ags"] == "05314000"
    assert pd.isna(table.loc[0, "city_ags"])
    assert report.repaired_in_cities == {"swapped": 0}


def test_snapping_assigns_points_just_outside_every_boundary_to_the_nearest():
    one = squares({"09000001": (-1000, -1000, 0, 1000)})
    lat, lon = at_offset(100, 0)  # 100 m east of the square
    frame = points([("near", lat, lon)])
    strict, report = match_points(frame, one)
    assert strict.loc[0, "geo_status"] == "outside_germany"
    assert report.counts["outside_germany"] == 1
    snapped, report = match_points(frame, one, snap_m=250)
    assert snapped.loc[0, "geo_status"] == "snapped"
    assert snapped.loc[0, "city_ags"] == "09000001"
    assert report.repaired_in_cities == {"snapped": 1}
    too_far, _ = match_points(frame, one, snap_m=50)
    assert too_far.loc[0, "geo_status"] == "outside_germany"


def test_snapping_ties_go_to_the_lowest_ags():
    twins = squares({"09000007": (-1000, -1000, 0, 1000), "09000003": (-1000, -1000, 0, 1000)})
    lat, lon = at_offset(100, 0)
    table, _ = match_points(points([("near", lat, lon)]), twins, snap_m=250)
    assert table.loc[0, "municipality_ags"] == "09000003"


def test_cities_none_means_every_municipality_counts():
    two = squares({"09000002": (0, -1000, 1000, 1000), "09000001": (-1000, -1000, 0, 1000)})
    lat, lon = at_offset(500, 0)
    table, report = match_points(points([("p", lat, lon)]), two)
    assert table.loc[0, "city_ags"] == "09000002"
    assert report.per_city == {"09000002": 1}


def test_cities_without_a_boundary_are_reported():
    one = squares({"09000001": (-1000, -1000, 0, 1000)})
    lat, lon = at_offset(-500, 0)
    _, report = match_points(points([("p", lat, lon)]), one, cities=["09000001", "09999999"])
    assert report.cities_without_boundary == ["09999999"]
    assert report.per_city == {"09000001": 1, "09999999": 0}
    assert "  cities without a boundary: 09999999" in report.lines()


def test_existing_geo_columns_are_replaced_and_the_input_is_not_modified():
    one = squares({"09000001": (-1000, -1000, 0, 1000)})
    lat, lon = at_offset(-500, 0)
    frame = points([("p", lat, lon)]).assign(city_ags="stale", geo_status="stale")
    before = frame.copy()
    table, _ = match_points(frame, one)
    pd.testing.assert_frame_equal(frame, before)
    assert table.columns.tolist() == ["point_id", "lat", "lon", "municipality_ags", "city_ags", "geo_status"]
    assert table.loc[0, "city_ags"] == "09000001"


def test_an_empty_point_table_gives_an_empty_result():
    one = squares({"09000001": (-1000, -1000, 0, 1000)})
    table, report = match_points(points([]), one, cities=["09000001"])
    assert table.empty and "geo_status" in table.columns
    assert report.total == 0 and report.per_city == {"09000001": 0}


def test_invalid_polygons_are_repaired_on_request():
    x, y = TO_UTM.transform(ANCHOR_LON, ANCHOR_LAT)
    bow_tie = Polygon(
        [(x - 1000, y - 1000), (x + 1000, y + 1000), (x + 1000, y - 1000), (x - 1000, y + 1000)]
    )
    frame = gpd.GeoDataFrame({"ags": ["09000001"]}, geometry=[bow_tie], crs=25832)
    assert prepare_boundaries(frame).repaired_ags == ()
    prepared = prepare_boundaries(frame, repair_invalid=True)
    assert prepared.repaired_ags == ("09000001",)
    assert prepared.geometries[0].is_valid
    lat, lon = at_offset(800, 0)  # inside the right-hand lobe
    table, report = match_points(points([("lobe", lat, lon)]), prepared)
    assert table.loc[0, "city_ags"] == "09000001"
    assert report.repaired_boundaries == ["09000001"]


# --- errors ---------------------------------------------------------------------------------------


def test_boundaries_in_the_wrong_crs_are_an_error_not_a_warning(shared_data):
    raw = gpd.read_file(shared_data / VG5000_GEM, columns=["AGS"]).rename(columns={"AGS": "ags"})
    assert raw.crs.to_epsg() == 31467
    frame = points([("dom", 50.9413, 6.9583)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(BoundaryCRSError, match=r"EPSG:31467.*not EPSG:25832.*to_crs\(25832\)"):
            match_points(frame, raw)
    # The same frame reprojected is fine.
    table, _ = match_points(frame, raw.to_crs(25832))
    assert table.loc[0, "municipality_ags"] == KOELN


def test_boundaries_in_wgs84_or_without_crs_are_an_error():
    wgs84 = squares({"09000001": (-1000, -1000, 0, 1000)}).to_crs(4326)
    with pytest.raises(BoundaryCRSError, match="EPSG:4326"):
        match_points(points([]), wgs84)
    no_crs = gpd.GeoDataFrame({"ags": ["09000001"]}, geometry=[box(0, 0, 1, 1)])
    with pytest.raises(BoundaryCRSError, match="have no CRS"):
        match_points(points([]), no_crs)
    with pytest.raises(BoundaryCRSError):
        prepare_boundaries(no_crs)


def test_bad_boundary_frames_are_errors_naming_the_problem():
    good = squares({"09000001": (-1000, -1000, 0, 1000)})
    with pytest.raises(BoundaryError, match="no 'ags' column"):
        prepare_boundaries(good.rename(columns={"ags": "AGS"}))
    with pytest.raises(BoundaryError, match="8-digit AGS"):
        prepare_boundaries(good.assign(ags=["9000001"]))
    with pytest.raises(BoundaryError, match="empty"):
        prepare_boundaries(good.iloc[0:0])
    with pytest.raises(BoundaryError, match="not polygons"):
        prepare_boundaries(good.set_geometry(good.centroid))
    with pytest.raises(BoundaryError, match="GeoDataFrame"):
        prepare_boundaries(pd.DataFrame(good))


def test_point_tables_without_coordinate_or_id_columns_are_errors():
    one = squares({"09000001": (-1000, -1000, 0, 1000)})
    with pytest.raises(PointTableError, match="no column.*lat"):
        match_points(pd.DataFrame({"latitude": [50.0], "lon": [7.0]}), one)
    with pytest.raises(PointTableError, match="station_id"):
        match_points(points([]), one, id_column="station_id")
    with pytest.raises(ValueError, match="snap_m"):
        match_points(points([]), one, snap_m=-1)


# --- exact counts on the real files -----------------------------------------------------------------


def test_register_2021_inside_the_vg5000_boundaries(register_2021, vg5000_prepared):
    table, report = match_points(register_2021, vg5000_prepared, id_column="station_id", cities=CITY_AGS)
    assert report.total == len(table) == 23_396
    assert report.counts == {
        "matched": 7645,
        "outside_cities": 15711,
        "swapped": 0,
        "snapped": 0,
        "outside_germany": 40,
        "missing_coords": 0,
        "invalid_coords": 0,
    }
    assert {ags: report.per_city[ags] for ags in BIG_CITIES} == {
        KOELN: 265,
        BERLIN: 754,
        HAMBURG: 660,
        MUENCHEN: 695,
        STUTTGART: 265,
        DUESSELDORF: 184,
        KIEL: 65,
    }
    assert sum(report.per_city.values()) == 7645
    assert len(report.per_city) == 81
    assert report.cities_without_boundary == []
    assert report.on_border == 0
    # A Köln operator's station with lon 6.007016 (a typo for 7.007...): placed at the Dutch border.
    koeln_typo = table.set_index("station_id").loc["bna-0cff874047d9a3f4"]
    assert koeln_typo["geo_status"] == "outside_germany"
    assert set(table["geo_status"]) <= set(GEO_STATUSES)


def test_snapping_recovers_stations_cut_off_by_the_generalised_coast(register_2021, vg5000_prepared):
    table, report = match_points(
        register_2021, vg5000_prepared, id_column="station_id", cities=CITY_AGS, snap_m=250
    )
    assert report.counts["snapped"] == 16
    assert report.counts["outside_germany"] == 24
    assert report.repaired_in_cities == {"snapped": 1}
    # The one city station among them: Hamburg-Rissen on the Elbe shore, 67 m outside VG5000's Hamburg.
    hamburg = table.set_index("station_id").loc["bna-429162eda5e5fba6"]
    assert (hamburg["geo_status"], hamburg["city_ags"]) == ("snapped", HAMBURG)
    assert report.per_city[HAMBURG] == 661
    assert report.per_city[KOELN] == 265


def test_match_points_agrees_with_a_bare_sjoin(register_2021, vg5000):
    table, _ = match_points(register_2021, vg5000, id_column="station_id")
    frame = gpd.GeoDataFrame(
        register_2021, geometry=gpd.points_from_xy(register_2021["lon"], register_2021["lat"]), crs=4326
    ).to_crs(25832)
    joined = gpd.sjoin(frame, vg5000[["ags", "geometry"]], predicate="within", how="left")
    assert not joined.index.duplicated().any()
    expected = joined["ags"].reindex(table.index)
    assert (table["municipality_ags"].fillna("-") == expected.fillna("-")).all()


def test_register_2022_counts(register_2022, vg5000_prepared):
    _, report = match_points(register_2022, vg5000_prepared, id_column="station_id", cities=CITY_AGS)
    assert report.total == 25_868
    assert {ags: report.per_city[ags] for ags in BIG_CITIES} == {
        KOELN: 297,
        BERLIN: 773,
        HAMBURG: 708,
        MUENCHEN: 718,
        STUTTGART: 300,
        DUESSELDORF: 219,
        KIEL: 89,
    }
    assert report.counts["outside_germany"] == 44


def test_koeln_extract_rows_inside_koeln(koeln_extract, vg5000_prepared):
    # SOURCES.md speaks of 291 data rows; the file holds 292 (its last line has no line end).
    assert len(koeln_extract) == 292
    table, report = match_points(koeln_extract, vg5000_prepared, id_column="station_id", cities=CITY_AGS)
    assert report.per_city[KOELN] == 291
    assert report.in_cities == 291
    assert report.counts["outside_germany"] == 1
    assert report.examples["outside_germany"] == ["bna-0cff874047d9a3f4"]
    outlier = table[table["geo_status"] != "matched"]
    assert outlier[["address", "lat", "lon"]].values.tolist() == [["Tiefentalstraße 39", 50.975501, 6.007016]]
