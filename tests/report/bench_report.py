"""Benchmark of the report part on a full-size month: 81 cities x 106 parameters, two months.

Run: ``uv run python -m tests.report.bench_report`` (prints seconds and ratios; asserts nothing).

Figures printed:
- ``build_report`` for one month (81 city pages with maps of 20,000 points and charts), against a plain
  baseline measured in the same run: pandas ``DataFrame.to_html`` of each city's resolved rows joined
  with their evidence, written to one file per city (no maps, charts, escaping rules or rankings);
- the evidence view of one city (what ``sci evidence`` computes) and the diff of two months.

This lives under ``tests/report`` because ``bench/`` must not import ``flows``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer
from shapely.geometry import box

from flows.report import build_report
from flows.report.data import read_run_records, read_scores
from normalize.catalog import load_catalog
from normalize.cities import load_cities
from normalize.diff import diff_months
from normalize.evidence import make_evidence_id
from normalize.inspect import city_view, prepare_month
from normalize.precedence import resolve
from normalize.scoring import score_parameters
from normalize.storage import (
    atomic_write_parquet,
    read_evidence,
    read_parameters,
    scores_path,
    source_table_dir,
    write_evidence,
    write_parameters,
)

MONTHS = ("2024-04", "2024-05")
N_POINTS = 20_000


def generate(data_dir: Path) -> None:
    rng = np.random.default_rng(7)
    catalog = load_catalog()
    cities = load_cities()
    previous = None
    for month in MONTHS:
        rows, evidence = [], []
        for city in cities:
            for par in catalog.parameters.values():
                if par.kind == "boolean":
                    value = float(rng.integers(0, 2))
                    status = "present" if value else "absent"
                elif par.kind == "ordinal":
                    value, status = float(rng.integers(0, (par.levels or 1) + 1)), "value"
                else:
                    value, status = float(np.round(rng.uniform(0, 30 if par.pilot else 100), 3)), "value"
                if rng.random() < 0.1:
                    value, status = np.nan, "not_checkable"
                eid = make_evidence_id(month, city.ags, par.id)
                ts = pd.Timestamp(f"{month}-02T03:00:00Z")
                rows.append(
                    {
                        "month": month,
                        "city_ags": city.ags,
                        "parameter_id": par.id,
                        "value": value,
                        "status": status,
                        "raw": None,
                        "unit": par.unit,
                        "method": "crawl",
                        "source": "crawl",
                        "evidence": [eid],
                        "collected_at": ts,
                        "run_id": None,
                    }
                )
                evidence.append(
                    {
                        "evidence_id": eid,
                        "month": month,
                        "city_ags": city.ags,
                        "parameter_id": par.id,
                        "value": value,
                        "status": status,
                        "url": f"{city.website}/seite/{par.key}",
                        "final_url": None,
                        "http_status": 200,
                        "snippet": ("Die Stadt bietet <b>online</b> & mehr " * 9)[:300],
                        "rule_id": f"rule:{par.key}",
                        "fetched_at": ts,
                        "sha256": f"{rng.integers(0, 4):064x}",
                        "warc_file": None,
                        "warc_record_id": None,
                        "source": "crawl",
                        "method": "crawl",
                        "version": "det-1",
                        "items": [],
                    }
                )
        params = pd.DataFrame(rows)
        write_parameters(params, source="crawl", month=month, data_dir=data_dir, catalog=catalog)
        write_evidence(pd.DataFrame(evidence), source="crawl", month=month, data_dir=data_dir)
        scores = score_parameters(resolve(read_parameters(month, data_dir)), catalog, previous)
        atomic_write_parquet(scores, scores_path(data_dir, month))
        previous = scores
    # Boundaries: a 10 km square per city (EPSG:25832); 20,000 charging stations spread over them.
    xs = 300000 + 12000 * (np.arange(len(cities)) % 9)
    ys = 5300000 + 12000 * (np.arange(len(cities)) // 9)
    squares = [box(x, y, x + 10000, y + 10000).segmentize(50) for x, y in zip(xs, ys, strict=True)]
    boundaries = gpd.GeoDataFrame(
        {"ags": [c.ags for c in cities], "name": [c.name for c in cities], "vintage": "2021-01-01"},
        geometry=squares,
        crs=25832,
    )
    target = source_table_dir(data_dir, "boundaries", MONTHS[0]) / "boundaries.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    boundaries.to_parquet(target)
    which = rng.integers(0, len(cities), N_POINTS)
    px = xs[which] + rng.uniform(0, 10000, N_POINTS)
    py = ys[which] + rng.uniform(0, 10000, N_POINTS)
    lon, lat = Transformer.from_crs(25832, 4326, always_xy=True).transform(px, py)
    points = pd.DataFrame(
        {
            "station_id": [f"st-{i}" for i in range(N_POINTS)],
            "operator": "Stadtwerke",
            "lat": lat,
            "lon": lon,
            "city_ags": [cities[i].ags for i in which],
            "geo_status": "matched",
        }
    )
    atomic_write_parquet(
        points,
        source_table_dir(data_dir, "bnetza_ladesaeulen", MONTHS[1]) / "bnetza_ladesaeulen_matched.parquet",
    )


def plain_baseline(data_dir: Path, out: Path) -> None:
    month = MONTHS[1]
    resolved = resolve(read_parameters(month, data_dir))
    evidence = read_evidence(month, data_dir)
    first = resolved.assign(evidence_id=resolved["evidence"].str[0])
    joined = first.merge(evidence, on="evidence_id", how="left", suffixes=("", "_ev"))
    out.mkdir(parents=True, exist_ok=True)
    for ags, rows in joined.groupby("city_ags"):
        cols = ["parameter_id", "value", "status", "method", "source", "url", "snippet", "fetched_at"]
        (out / f"{ags}.html").write_text(rows[cols].to_html(), encoding="utf-8")


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "sci-data"
        data_dir.mkdir()
        t0 = time.perf_counter()
        generate(data_dir)
        print(
            f"generated 81 cities x 106 parameters x 2 months + {N_POINTS} points in {time.perf_counter() - t0:.1f} s"
        )
        report_s = timed(lambda: build_report(month=MONTHS[1], data_dir=data_dir, out_dir=Path(tmp) / "site"))
        baseline_s = timed(lambda: plain_baseline(data_dir, Path(tmp) / "plain"))
        size = sum(p.stat().st_size for p in (Path(tmp) / "site").rglob("*.html"))
        print(f"build_report (82 pages, {size / 1e6:.1f} MB): {report_s:.2f} s")
        print(f"plain baseline (pandas to_html per city): {baseline_s:.2f} s")
        print(f"ratio report / baseline: {report_s / baseline_s:.1f}x")

        catalog = load_catalog()
        month = MONTHS[1]

        def one_city():
            ctx = prepare_month(
                month,
                read_parameters(month, data_dir),
                read_evidence(month, data_dir),
                read_scores(data_dir, month),
                catalog,
                only_cities={"05315000"},
            )
            city_view(ctx, "05315000", city_name="Köln")

        def read_only():
            read_parameters(month, data_dir)
            read_evidence(month, data_dir)

        evidence_s, read_s = timed(one_city), timed(read_only)
        print(
            f"evidence view of one city (incl. reading the month): {evidence_s:.2f} s; "
            f"reading the month alone: {read_s:.2f} s; ratio {evidence_s / read_s:.1f}x"
        )

        def diff():
            ctxs = [
                prepare_month(
                    m,
                    read_parameters(m, data_dir),
                    read_evidence(m, data_dir),
                    read_scores(data_dir, m),
                    catalog,
                )
                for m in MONTHS
            ]
            return diff_months(ctxs[0], ctxs[1], runs=read_run_records(data_dir))

        diff_s = timed(diff, repeat=1)
        changes = sum(len(c.changes) for c in diff().cities)
        print(f"diff of two months (81 cities, {changes} changes): {diff_s:.2f} s")


if __name__ == "__main__":
    main()
