"""BKG boundaries: the VG5000 shapefile set in every accepted form, the VG250-derived GeoJSON, errors."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Polygon

from normalize.cities import load_cities
from sources import boundaries
from sources.errors import SourceParseError, UnsafeArchive
from tests.sources.conftest import zip_bomb

VG5000 = "boundaries/vg5000_01-01_2021"
GEOJSON = "boundaries/gemeinden_simplify200.geojson"


def test_vg5000_directory_one_row_per_ags_in_utm32(parsed):
    table = parsed("boundaries", VG5000)
    assert len(table) == 10997
    assert table.crs.to_epsg() == 25832
    assert table["ags"].is_unique
    assert list(table.columns) == ["ags", "name", "vintage", "geometry"]
    assert set(table["vintage"]) == {"2021-01-01"}  # from aktualitaet.txt
    assert table.geometry.is_valid.all()  # three invalid VG5000 rings repaired
    koeln = table.set_index("ags").loc["05315000"]
    assert koeln["name"] == "Köln"
    assert koeln.geometry.area / 1e6 == pytest.approx(404.17, abs=0.01)
    assert [round(v) for v in koeln.geometry.bounds] == [344021, 5632683, 370754, 5661423]
    assert table.set_index("ags").loc["02000000"].geometry.geom_type == "MultiPolygon"  # Hamburg + Neuwerk
    assert table.geometry.area.sum() / 1e6 == pytest.approx(357201, abs=1)


def test_every_registry_city_has_a_boundary(parsed):
    table = parsed("boundaries", VG5000)
    assert {c.ags for c in load_cities()} <= set(table["ags"])


@pytest.mark.parametrize("form", ["shp", "zip", "shp_zip_snapshot"])
def test_same_boundaries_from_shp_and_zip(parsed, shared_data, tmp_path, data_dir, form):
    source_dir = shared_data / VG5000
    if form == "shp":
        path = source_dir / "VG5000_GEM.shp"
    elif form == "zip":
        path = tmp_path / "vg5000_01-01.gk3.shape.ebenen.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for member in sorted(source_dir.iterdir()):
                zf.write(member, f"vg5000_ebenen_0101/{member.name}")
    else:
        from sources.snapshots import snapshot_file

        snap = snapshot_file("boundaries", source_dir / "VG5000_GEM.shp", data_dir)
        assert snap.meta["members"] == [
            "VG5000_GEM.cpg",
            "VG5000_GEM.dbf",
            "VG5000_GEM.prj",
            "VG5000_GEM.shp",
            "VG5000_GEM.shx",
            "aktualitaet.txt",
        ]
        path = snap.path
    table = boundaries.parse(path)
    reference = parsed("boundaries", VG5000)
    assert len(table) == 10997
    assert set(table["vintage"]) == {"2021-01-01"}
    assert (
        table.set_index("ags")
        .loc["05315000"]
        .geometry.equals(reference.set_index("ags").loc["05315000"].geometry)
    )


def test_geojson_vg250_parts_are_dissolved(parsed):
    table = parsed("boundaries", GEOJSON)
    assert len(table) == 971  # 999 features, 28 AGS with a second (GF 2, water) part
    assert table.crs.to_epsg() == 25832
    assert set(table["vintage"]) == {"2017-07-01"}  # newest WSK: the file has no aktualitaet.txt
    hamburg = table.set_index("ags").loc["02000000"]
    assert hamburg.geometry.area / 1e6 == pytest.approx(750.32, abs=0.01)
    assert table.set_index("ags").loc["03241001", "name"] == "Hannover"


def test_as_of_overrides_the_vintage(shared_data):
    table = boundaries.parse(shared_data / GEOJSON, as_of="2013-12-31")
    assert set(table["vintage"]) == {"2013-12-31"}


def _tiny_layer(path: Path, columns: dict, crs: str | None = "EPSG:25832") -> Path:
    square = Polygon([(0, 0), (0, 1000), (1000, 1000), (1000, 0)])
    frame = gpd.GeoDataFrame({**columns, "geometry": [square]}, crs=crs)
    frame.to_file(path, driver="GeoJSON")
    return path


def test_missing_ags_column_names_the_column(tmp_path):
    path = _tiny_layer(tmp_path / "gem_2021-01-01.geojson", {"KEY": ["05315000"], "GEN": ["Köln"]})
    with pytest.raises(SourceParseError, match="missing column AGS .*found columns: KEY, GEN") as info:
        boundaries.parse(path)
    assert info.value.column == "AGS"
    assert "geojson layer gem_2021-01-01.geojson" in str(info.value)


def test_ars_column_is_enough(tmp_path):
    path = _tiny_layer(tmp_path / "gem_2022-01-01.geojson", {"ARS": ["053150000000"], "GEN": ["Köln"]})
    table = boundaries.parse(path)
    assert table["ags"].tolist() == ["05315000"] and table["vintage"].tolist() == ["2022-01-01"]


def test_unknown_vintage_asks_for_as_of(tmp_path):
    path = _tiny_layer(tmp_path / "gemeinden.geojson", {"AGS": ["05315000"], "GEN": ["Köln"]})
    with pytest.raises(SourceParseError, match="cannot tell the boundaries' vintage"):
        boundaries.parse(path)
    assert boundaries.parse(path, as_of="2024-01-01")["vintage"].tolist() == ["2024-01-01"]


def test_shapefile_without_prj_has_no_crs(shared_data, tmp_path):
    for suffix in (".shp", ".shx", ".dbf", ".cpg"):
        shutil.copy(shared_data / VG5000 / f"VG5000_LAN{suffix}", tmp_path / f"VG5000_LAN{suffix}")
    with pytest.raises(SourceParseError, match=r"has no CRS \(missing \.prj\?\)"):
        boundaries.parse(tmp_path / "VG5000_LAN.shp", as_of="2021-01-01")


def test_directory_with_several_layers_picks_gem(shared_data, tmp_path):
    for name in ("VG5000_GEM", "VG5000_KRS"):
        for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            shutil.copy(shared_data / VG5000 / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    table = boundaries.parse(tmp_path, as_of="2021-01-01")
    assert len(table) == 10997


def test_truncated_zip_and_bomb_and_empty(tmp_path):
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("VG250_GEM.shp", b"x" * 5000)
    truncated = tmp_path / "vg250.zip"
    truncated.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(UnsafeArchive, match="truncated or corrupt"):
        boundaries.parse(truncated)
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        boundaries.parse(zip_bomb(tmp_path / "bomb.zip", member="VG250_GEM.shp"))
    empty = tmp_path / "empty.geojson"
    empty.write_bytes(b"")
    with pytest.raises(SourceParseError, match="the file is empty"):
        boundaries.parse(empty)
