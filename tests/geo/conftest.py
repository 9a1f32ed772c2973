"""Real files parsed once per session, and helpers to lay out a data dir for the geo step."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from normalize.geo import PreparedBoundaries, prepare_boundaries
from normalize.storage import atomic_write_parquet, source_table_dir

VG5000_GEM = Path("boundaries") / "vg5000_01-01_2021" / "VG5000_GEM.shp"
REGISTER_2021 = Path("bnetza-ladesaeulen") / "Ladesaeulenregister_Stand-2021-11-01.xlsx"
REGISTER_2022 = Path("bnetza-ladesaeulen") / "Ladesaeulenregister_Stand-2022-01-01.xlsx"
KOELN_EXTRACT = Path("bnetza-ladesaeulen") / "Ladesaeulenregister_Koeln_extract.csv"
LORAWAN_SH = Path("lorawan") / "waldsensor-sh_gateways.json"


@pytest.fixture(scope="session")
def vg5000(shared_data: Path) -> gpd.GeoDataFrame:
    """All 10,997 VG5000 municipalities through the boundaries adapter (EPSG:25832)."""
    from sources.boundaries import parse

    return parse(shared_data / VG5000_GEM)


@pytest.fixture(scope="session")
def vg5000_prepared(vg5000: gpd.GeoDataFrame) -> PreparedBoundaries:
    return prepare_boundaries(vg5000, repair_invalid=True)


@pytest.fixture(scope="session")
def register_2021(shared_data: Path) -> pd.DataFrame:
    from sources.bnetza_ladesaeulen import parse

    return parse(shared_data / REGISTER_2021)


@pytest.fixture(scope="session")
def register_2022(shared_data: Path) -> pd.DataFrame:
    from sources.bnetza_ladesaeulen import parse

    return parse(shared_data / REGISTER_2022)


@pytest.fixture(scope="session")
def koeln_extract(shared_data: Path) -> pd.DataFrame:
    from sources.bnetza_ladesaeulen import parse

    return parse(shared_data / KOELN_EXTRACT)


@pytest.fixture(scope="session")
def parsed_files(tmp_path_factory, vg5000, register_2021) -> dict[str, Path]:
    """The parsed tables as the source step stores them, written once (copied into each data dir)."""
    base = tmp_path_factory.mktemp("geo-parsed")
    boundaries = base / "boundaries.parquet"
    vg5000.to_parquet(boundaries)
    stations = atomic_write_parquet(register_2021, base / "bnetza_ladesaeulen.parquet")
    return {"boundaries": boundaries, "bnetza_ladesaeulen": stations}


def place(data_dir: Path, source: str, month: str, file: Path, name: str | None = None) -> Path:
    """Copy a parsed table into ``<data-dir>/sources/<source>/month=M/``."""
    target = source_table_dir(data_dir, source, month) / (name or f"{source}.parquet")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, target)
    return target


@pytest.fixture()
def geo_data_dir(data_dir: Path, parsed_files: dict[str, Path]) -> Path:
    """A data dir with VG5000 boundaries (month 2021-11) and the 01.11.2021 register (month 2021-12)."""
    place(data_dir, "boundaries", "2021-11", parsed_files["boundaries"])
    place(data_dir, "bnetza_ladesaeulen", "2021-12", parsed_files["bnetza_ladesaeulen"])
    return data_dir
