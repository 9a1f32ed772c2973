"""Benchmark: geo-matching points to all 10,997 VG5000 municipalities against a bare geopandas.sjoin.

    uv run python bench/geo.py [--points 200000] [--repeat 3] [--seed 42]

Workloads: every station of the BNetzA register of 01.01.2022 (25,868 rows) and a generated set of random points uniform over Germany's bounding box (about 2/3 fall inside a
municipality). Both run against all municipalities of the VG5000 (01.01.2021) file, reprojected from
EPSG:31467 to EPSG:25832 once, outside the timings.

Timed, per workload and repetition, on the same in-memory frames:
- ``match_points``: ``normalize.geo.match_points(points, boundaries, cities=<the 81 cities>)``:
  boundary checks and indexing, coordinate checks, swap repair, reprojection, the join, the lowest-AGS
  tie rule, statuses and the report.
- ``sjoin``: the bare baseline ``gpd.sjoin(GeoDataFrame(points, points_from_xy(lon, lat), crs=4326)
  .to_crs(25832), boundaries, predicate="intersects", how="left")`` on a fresh copy of the boundaries
  (so neither side reuses a spatial index built by an earlier repetition).
- ``as sci geo``: what the pipeline step does: ``prepare_boundaries(repair_invalid=True)`` (finds and
  repairs invalid polygons, about 30 ms) and ``snap_m=250``.

Printed: best and median seconds, peak memory of one run (tracemalloc: Python and numpy allocations;
RSS: growth of the process high-water mark, which also counts GEOS objects), the ratio match/sjoin of the
best times, and whether both assign the same municipality to every point (points on a shared border
may differ: sjoin keeps every hit, match_points keeps the lowest AGS).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from normalize.cities import load_cities  # noqa: E402
from normalize.geo import JOIN_CRS, match_points, prepare_boundaries  # noqa: E402

DEFAULT_SNAP_M = 250.0  # as flows.steps.geo (bench must not import flows)

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
VG5000_GEM = SHARED_DATA / "boundaries" / "vg5000_01-01_2021" / "VG5000_GEM.shp"
REGISTER_2022 = SHARED_DATA / "bnetza-ladesaeulen" / "Ladesaeulenregister_Stand-2022-01-01.xlsx"
GERMANY_BBOX = (5.87, 47.27, 15.04, 55.06)  # lon_min, lat_min, lon_max, lat_max


def load_boundaries(path: Path) -> tuple[gpd.GeoDataFrame, str]:
    """The boundaries adapter's parse if it exists, else a plain geopandas read reprojected to 25832."""
    try:
        from sources.boundaries import parse
    except ImportError:
        frame = gpd.read_file(path, columns=["AGS", "GEN"]).rename(columns={"AGS": "ags", "GEN": "name"})
        return frame.to_crs(JOIN_CRS), "geopandas.read_file + to_crs(25832)"
    return parse(path), "sources.boundaries.parse"


def load_stations(path: Path) -> tuple[pd.DataFrame, str]:
    """The BNetzA adapter's parse if it exists, else a minimal calamine read of the coordinates."""
    try:
        from sources.bnetza_ladesaeulen import parse
    except ImportError:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Betreiber")
        frame = pd.DataFrame(rows[header + 1 :], columns=rows[header])
        coords = {
            name: pd.to_numeric(
                frame[column].astype(str).str.replace(",", ".", regex=False).str.strip(), errors="coerce"
            )
            for name, column in (("lat", "Breitengrad"), ("lon", "Längengrad"))
        }
        table = pd.DataFrame({"station_id": [f"row-{i}" for i in range(len(frame))], **coords})
        return table, "python-calamine (no adapter yet)"
    return parse(path), "sources.bnetza_ladesaeulen.parse"


def generated_points(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lon_min, lat_min, lon_max, lat_max = GERMANY_BBOX
    return pd.DataFrame(
        {
            "point_id": [f"p{i}" for i in range(n)],
            "lat": rng.uniform(lat_min, lat_max, n),
            "lon": rng.uniform(lon_min, lon_max, n),
        }
    )


def bare_sjoin(points: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> pd.DataFrame:
    frame = gpd.GeoDataFrame(points, geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=4326)
    return gpd.sjoin(frame.to_crs(JOIN_CRS), boundaries, predicate="intersects", how="left")


def _rss_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_high_water_mark() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def measure_memory(run: Callable[[], object]) -> tuple[float, float | None]:
    """Peak MiB of one run: tracemalloc peak, and RSS high-water growth (None where unsupported)."""
    gc.collect()
    rss_before = _rss_kib("VmRSS")
    can_reset = _reset_high_water_mark()
    tracemalloc.start()
    result = run()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    hwm = _rss_kib("VmHWM")
    del result
    rss_peak = (hwm - rss_before) / 1024 if can_reset and hwm and rss_before else None
    return traced_peak / 2**20, rss_peak


def time_runs(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def agreement(matched: pd.DataFrame, joined: pd.DataFrame) -> tuple[int, int]:
    """Points for which the baseline's (first, lowest) hit equals match_points' municipality."""
    lowest = joined["ags"].groupby(level=0).min()
    ours = matched["municipality_ags"]
    same = (ours.fillna("-").to_numpy() == lowest.reindex(matched.index).fillna("-").to_numpy()).sum()
    return int(same), len(matched)


def bench(name: str, points: pd.DataFrame, id_column: str, boundaries: gpd.GeoDataFrame, args) -> None:
    city_ags = [c.ags for c in load_cities()]

    def ours():
        return match_points(points, boundaries, id_column=id_column, cities=city_ags)

    def ours_as_step():
        # What `sci geo` does: also look for invalid polygons and repair them.
        prepared = prepare_boundaries(boundaries, repair_invalid=True)
        return match_points(points, prepared, id_column=id_column, cities=city_ags, snap_m=DEFAULT_SNAP_M)

    def baseline():
        return bare_sjoin(points, boundaries.copy())

    methods = {"match_points": ours, "bare sjoin": baseline, "as sci geo": ours_as_step}
    for run in methods.values():  # warm-up: imports, PROJ database, first allocations
        run()
    times: dict[str, list[float]] = {label: [] for label in methods}
    for _ in range(args.repeat):  # interleaved, so drift hits every method alike
        for label, run in methods.items():
            times[label] += time_runs(run, 1)
    memory = {label: measure_memory(run) for label, run in methods.items()}
    (matched, report), joined = ours(), baseline()
    same, total = agreement(matched, joined)

    print(f"\n{name}: {len(points):,} points x {len(boundaries):,} municipalities ({args.repeat} runs each)")
    for label in methods:
        traced, rss = memory[label]
        rss_text = f"{rss:8.1f}" if rss is not None else "     n/a"
        print(
            f"  {label:<13} best {min(times[label]):6.3f} s   median {statistics.median(times[label]):6.3f} s   "
            f"peak traced {traced:7.1f} MiB   peak RSS +{rss_text} MiB"
        )
    ratio = min(times["match_points"]) / min(times["bare sjoin"])
    print(f"  ratio match_points / sjoin (best): {ratio:.2f}   (target <= 1.3)")
    print(f"  ratio as sci geo / sjoin (best):   {min(times['as sci geo']) / min(times['bare sjoin']):.2f}")
    print(f"  same municipality as sjoin's lowest hit: {same:,} of {total:,} points")
    print("  match report:\n  " + "\n  ".join(report.lines()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=200_000, help="size of the generated point set")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per method")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    boundaries, how_b = load_boundaries(VG5000_GEM)
    print(f"boundaries: {len(boundaries):,} municipalities via {how_b} ({time.perf_counter() - start:.2f} s)")
    start = time.perf_counter()
    stations, how_s = load_stations(REGISTER_2022)
    print(
        f"stations:   {len(stations):,} rows of {REGISTER_2022.name} via {how_s} "
        f"({time.perf_counter() - start:.2f} s)"
    )

    bench("BNetzA register 2022-01-01", stations, "station_id", boundaries, args)
    bench(
        f"generated (seed {args.seed})",
        generated_points(args.points, args.seed),
        "point_id",
        boundaries,
        args,
    )


if __name__ == "__main__":
    main()
