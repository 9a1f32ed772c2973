"""A small two-month world for the report, evidence and diff tests.

Cities: Hamburg (02000000), Köln (05315000), Kiel (01002000). Months 2024-04 (A) and 2024-05 (B).
Changes A -> B, one per diff cause:

- Hamburg buergeramt   absent -> present, same page body, detector det-1 -> det-2  => detector_change
- Hamburg epayment     absent -> present, same page body and detector, catalog 2021.1 -> 2021.2
                                                                                     => catalog_change
- Hamburg informationsgehalt 2 -> 3: a research entry overrides the crawl          => manual_entry
- Hamburg dms          no row -> present (research)                                 => first_collected
- Köln epayment        absent -> present, the page body changed                     => site_change
- Kiel buergeramt      present -> not_checkable                                     => collection_failure
- Kiel stationen_je_1000_ew 0.5 -> 0.7, new BNetzA snapshot                          => new_source_data

Köln's evidence is hostile: a snippet with ``<script>`` and ``<img onerror>``, a ``javascript:`` URL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Polygon

from normalize.catalog import load_catalog
from normalize.evidence import make_evidence_id
from normalize.precedence import resolve
from normalize.scoring import score_parameters
from normalize.storage import (
    atomic_write_json,
    atomic_write_parquet,
    scores_path,
    source_table_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import parameter_row

HH, K, KI = "02000000", "05315000", "01002000"
A, B = "2024-04", "2024-05"
T = "verwaltung.online_terminvergabe.buergeramt"
E = "verwaltung.payment.epayment"
INFO = "verwaltung.website.informationsgehalt"
L = "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew"
D = "verwaltung.interne_prozesse.dms"
P = "verwaltung.pilotprojekte.pilotprojekte"
KITA = "verwaltung.online_dienstleistungen.kita_anmeldung"
HOSTILE_SNIPPET = 'Jetzt online zahlen <script>alert("x")</script><img src=x onerror="alert(1)"> & mehr'
JS_URL = "javascript:alert(3)"

# Köln: a square 10 km x 10 km with a 2 km square hole; Hamburg: a triangle (EPSG:25832 metres).
KOELN_POLYGON = Polygon(
    [(350000, 5640000), (360000, 5640000), (360000, 5650000), (350000, 5650000)],
    holes=[[(354000, 5644000), (356000, 5644000), (356000, 5646000), (354000, 5646000)]],
)
HAMBURG_POLYGON = Polygon([(560000, 5920000), (580000, 5920000), (570000, 5940000)])
KOELN_STATIONS_M = [(351000, 5641000), (359000, 5649000), (352000, 5648000)]  # inside, outside the hole
KOELN_SWAPPED_M = (357000, 5642000)
HAMBURG_STATION_M = (570000, 5925000)
HAMBURG_GATEWAYS_M = [(565000, 5922000), (575000, 5922000)]

TS_A = pd.Timestamp("2024-04-03T10:00:00Z")
TS_B = pd.Timestamp("2024-05-03T10:00:00Z")


def _lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = Transformer.from_crs(25832, 4326, always_xy=True).transform(x, y)
    return float(lon), float(lat)


class World:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.catalog = load_catalog()
        self.params: dict[str, list[dict]] = {}
        self.evidence: dict[str, list[dict]] = {}

    def row(
        self,
        month,
        ags,
        pid,
        value,
        status,
        *,
        source,
        method,
        sha=None,
        version=None,
        url=None,
        snippet=None,
        http_status=200,
        raw=None,
        items=None,
        ts=None,
    ):
        ts = ts if ts is not None else (TS_A if month == A else TS_B)
        eid = make_evidence_id(month, ags, pid, source)
        self.params.setdefault((month, source), []).append(
            parameter_row(
                month=month,
                city_ags=ags,
                parameter_id=pid,
                value=value,
                status=status,
                method=method,
                source=source,
                raw=raw,
                evidence=[eid],
                collected_at=ts,
                run_id="run-a" if month == A else "run-b",
            )
        )
        self.evidence.setdefault((month, source), []).append(
            {
                "evidence_id": eid,
                "month": month,
                "city_ags": ags,
                "parameter_id": pid,
                "value": value,
                "status": status,
                "url": url or f"https://www.example-{ags}.de/{pid.split('.')[-1]}",
                "final_url": None,
                "http_status": http_status,
                "snippet": snippet,
                "rule_id": f"rule:{pid.split('.')[-1]}",
                "fetched_at": ts,
                "sha256": sha,
                "warc_file": None,
                "warc_record_id": None,
                "source": source,
                "method": method,
                "version": version,
                "items": items or [],
            }
        )

    def write(self) -> None:
        for (month, source), rows in self.params.items():
            write_parameters(pd.DataFrame(rows), source=source, month=month, data_dir=self.data_dir)
        for (month, source), rows in self.evidence.items():
            write_evidence(pd.DataFrame(rows), source=source, month=month, data_dir=self.data_dir)


def build_world(data_dir: Path) -> World:
    w = World(data_dir)
    crawl = {"source": "crawl", "method": "crawl"}
    geo = {"source": "bnetza_ladesaeulen", "method": "geo"}
    research = {"source": "research", "method": "research"}
    # --- month A
    w.row(A, HH, T, 0, "absent", sha="h-T", version="det-1", snippet="Termine nur telefonisch", **crawl)
    w.row(A, HH, E, 0, "absent", sha="h-E", version="det-1", snippet="Überweisung auf IBAN", **crawl)
    w.row(A, HH, INFO, 2, "value", sha="h-I", version="det-1", **crawl)
    w.row(A, HH, L, 2.0, "value", sha="snapA", version="bnetza-1", items=["st-1", "st-2"], **geo)
    w.row(A, K, T, 1, "present", sha="k-T", version="det-1", url=JS_URL, snippet="Termin buchen", **crawl)
    w.row(A, K, E, 0, "absent", sha="k-E1", version="det-1", snippet="Zahlung per Überweisung", **crawl)
    w.row(A, K, INFO, 3, "value", sha="k-I", version="det-1", **crawl)
    w.row(A, K, L, 1.0, "value", sha="snapA", version="bnetza-1", **geo)
    w.row(A, KI, T, 1, "present", sha="ki-T", version="det-1", snippet="Online-Termin", **crawl)
    w.row(A, KI, E, 1, "present", sha="ki-E", version="det-1", **crawl)
    w.row(A, KI, INFO, 1, "value", sha="ki-I", version="det-1", **crawl)
    w.row(A, KI, L, 0.5, "value", sha="snapA", version="bnetza-1", **geo)
    # --- month B
    w.row(B, HH, T, 1, "present", sha="h-T", version="det-2", snippet="Termine nur telefonisch", **crawl)
    w.row(B, HH, E, 1, "present", sha="h-E", version="det-1", snippet="Überweisung auf IBAN", **crawl)
    w.row(B, HH, INFO, 2, "value", sha="h-I", version="det-2", **crawl)
    w.row(B, HH, INFO, 3, "value", url="https://www.hamburg.de/digital", snippet="geprüft", **research)
    w.row(B, HH, D, 1, "present", url="https://www.hamburg.de/eakte", **research)
    w.row(B, HH, P, 12.0, "value", url="https://www.hamburg.de/pilot", **research)
    w.row(B, HH, L, 2.0, "value", sha="snapB", version="bnetza-1", **geo)
    w.row(B, K, T, 1, "present", sha="k-T", version="det-1", url=JS_URL, snippet="Termin buchen", **crawl)
    w.row(
        B,
        K,
        E,
        1,
        "present",
        sha="k-E2",
        version="det-1",
        snippet=HOSTILE_SNIPPET,
        raw="<b>ePayBL</b>",
        **crawl,
    )
    w.row(B, K, INFO, 3, "value", sha="k-I", version="det-1", **crawl)
    w.row(B, K, L, 1.0, "value", sha="snapB", version="bnetza-1", **geo)
    w.row(B, K, KITA, None, "not_applicable", url="https://www.stadt-koeln.de/kita", **research)
    w.row(
        B,
        KI,
        T,
        None,
        "not_checkable",
        sha=None,
        version="det-1",
        http_status=None,
        snippet="timeout",
        **crawl,
    )
    w.row(B, KI, E, 1, "present", sha="ki-E", version="det-1", **crawl)
    w.row(B, KI, INFO, 1, "value", sha="ki-I", version="det-1", **crawl)
    w.row(B, KI, L, 0.7, "value", sha="snapB", version="bnetza-1", **geo)
    w.write()
    write_scores(data_dir, w.catalog)
    write_runs(data_dir)
    write_geo(data_dir)
    return w


def write_scores(data_dir: Path, catalog) -> None:
    from normalize.storage import read_parameters

    previous = None
    for month in (A, B):
        resolved = resolve(read_parameters(month, data_dir))
        scores = score_parameters(
            resolved[["month", "city_ags", "parameter_id", "value", "status"]], catalog, previous
        )
        atomic_write_parquet(scores, scores_path(data_dir, month))
        previous = scores


def write_runs(data_dir: Path) -> None:
    for run_id, month, catalog, detector, snap in (
        ("run-a", A, "2021.1", "det-1", "snapA"),
        ("run-b", B, "2021.2", "det-2", "snapB"),
    ):
        atomic_write_json(
            data_dir / "runs" / f"{run_id}.json",
            {
                "run_id": run_id,
                "month": month,
                "status": "ok",
                "started_at": f"{month}-03T10:00:00Z",
                "code_version": {"package": "0.1.0", "git_commit": "abc"},
                "catalog_version": catalog,
                "detector_version": detector,
                "steps": [
                    {
                        "kind": "source",
                        "name": "bnetza_ladesaeulen",
                        "status": "ok",
                        "snapshots": [{"sha256": snap}],
                    }
                ],
            },
        )


def write_geo(data_dir: Path) -> None:
    boundaries = gpd.GeoDataFrame(
        {"ags": [K, HH], "name": ["Köln", "Hamburg"], "vintage": ["2021-01-01", "2021-01-01"]},
        geometry=[KOELN_POLYGON, HAMBURG_POLYGON],
        crs=25832,
    )
    target = source_table_dir(data_dir, "boundaries", A) / "boundaries.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    boundaries.to_parquet(target)
    stations = []
    for i, (x, y) in enumerate(KOELN_STATIONS_M):
        lon, lat = _lonlat(x, y)
        stations.append(
            {
                "station_id": f"k-{i}",
                "operator": "RheinEnergie",
                "lat": lat,
                "lon": lon,
                "city_ags": K,
                "geo_status": "matched",
            }
        )
    lon, lat = _lonlat(*KOELN_SWAPPED_M)
    stations.append(
        {
            "station_id": "k-swapped",
            "operator": "<b>Evil</b>",
            "lat": lon,
            "lon": lat,
            "city_ags": K,
            "geo_status": "swapped",
        }
    )
    lon, lat = _lonlat(*HAMBURG_STATION_M)
    stations.append(
        {
            "station_id": "h-0",
            "operator": "Stromnetz",
            "lat": lat,
            "lon": lon,
            "city_ags": HH,
            "geo_status": "matched",
        }
    )
    stations.append(
        {
            "station_id": "x-0",
            "operator": "elsewhere",
            "lat": 48.1,
            "lon": 11.5,
            "city_ags": None,
            "geo_status": "outside_cities",
        }
    )
    atomic_write_parquet(
        pd.DataFrame(stations),
        source_table_dir(data_dir, "bnetza_ladesaeulen", B) / "bnetza_ladesaeulen_matched.parquet",
    )
    gateways = []
    for i, (x, y) in enumerate(HAMBURG_GATEWAYS_M):
        lon, lat = _lonlat(x, y)
        gateways.append(
            {
                "gateway_id": f"gw-{i}",
                "name": f"Gateway {i}",
                "lat": lat,
                "lon": lon,
                "city_ags": HH,
                "geo_status": "matched",
            }
        )
    atomic_write_parquet(
        pd.DataFrame(gateways), source_table_dir(data_dir, "lorawan", A) / "lorawan_matched.parquet"
    )


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> Path:
    """The world built once per session (writing it validates every table: ~1.5 s)."""
    data_dir = tmp_path_factory.mktemp("world-template") / "sci-data"
    data_dir.mkdir()
    build_world(data_dir)
    return data_dir


@pytest.fixture()
def world(world_template: Path, data_dir: Path) -> Path:
    """A fresh copy of the world in this test's data dir (tests may add to it)."""
    shutil.copytree(world_template, data_dir, dirs_exist_ok=True)
    return data_dir


@pytest.fixture(scope="session")
def built_report(world_template: Path, tmp_path_factory) -> Path:
    """One report of the world (month B) in its own directory, shared by the browser tests."""
    from flows.report import build_report

    out = tmp_path_factory.mktemp("built-report") / "site"
    return build_report(month=B, data_dir=world_template, out_dir=out).out_dir
