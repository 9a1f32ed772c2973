"""Benchmark: research-entry validation and the feedback round's workbooks, against plain baselines.

Run: ``uv run python bench/research_feedback.py [--cities 81] [--repeat 3]``

Everything is generated in a temp dir (invented cities and entries, no real facts):
- research: every ``how: research`` parameter for every city as an entry (81 x 40 = 3,240 lines in
  five area files). ``read_research`` (parse, check every field, duplicates) against a plain
  ``csv.DictReader`` pass over the same files; then ``apply_research`` for one month.
- feedback: export one workbook per city (106 lines, styles, validation lists, protection, metadata)
  against a plain openpyxl write of the same cells; check a returned workbook (``check_workbook``:
  container checks, metadata checksum, every line) against a plain openpyxl read of the same file.
Figures are the best of ``--repeat`` runs; ratios are ours / baseline in the same run.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook

from normalize.catalog import load_catalog
from normalize.cities import City
from normalize.feedback_store import check_workbook, export_workbook
from normalize.research import ENTRY_COLUMNS, apply_research, read_research
from normalize.storage import write_parameters
from normalize.table import parameter_row

MONTH = "2021-06"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_cities(n: int) -> list[City]:
    return [
        City(
            f"{90_000_000 + i:08d}",
            f"Stadt {i}",
            "Bayern",
            100_000 + i,
            "2019-12-31",
            f"https://s{i}.example",
            "2021",
        )
        for i in range(n)
    ]


def write_research(research_dir: Path, cities: list[City]) -> int:
    catalog = load_catalog()
    by_area: dict[str, list[list[str]]] = {a.id: [] for a in catalog.areas}
    for par in catalog.parameters_by_how("research"):
        for i, city in enumerate(cities):
            if par.kind == "boolean":
                value = "ja" if i % 3 else "nein"
            elif par.kind == "ordinal":
                value = str(i % ((par.levels or 1) + 1))
            else:
                value = f"{(i % 20) / 2:.1f}".replace(".", ",")
            by_area[par.area_id].append(
                [
                    city.ags,
                    par.id,
                    value,
                    f"https://s{i}.example/{par.key}",
                    "generated",
                    "bench",
                    "2021-06-01",
                ]
            )
    for area, rows in by_area.items():
        with (research_dir / f"{area}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(ENTRY_COLUMNS)
            writer.writerows(rows)
    return sum(len(r) for r in by_area.values())


def plain_csv(research_dir: Path) -> int:
    count = 0
    for path in sorted(research_dir.glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            count += sum(1 for _ in csv.DictReader(fh))
    return count


def plain_write(path: Path, n_rows: int = 106, n_cols: int = 14) -> None:
    wb = Workbook()
    ws = wb.active
    for r in range(n_rows + 3):
        ws.append([f"cell {r}.{c}" for c in range(n_cols)])
    wb.save(path)


def plain_read(path: Path) -> int:
    wb = load_workbook(path, read_only=True)
    count = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=81)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cities = make_cities(args.cities)
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        research_dir = base / "research"
        research_dir.mkdir()
        n_entries = write_research(research_dir, cities)
        today = date(2021, 7, 1)
        ours = best(lambda: read_research(research_dir, cities=cities, today=today), args.repeat)
        plain = best(lambda: plain_csv(research_dir), args.repeat)
        found = read_research(research_dir, cities=cities, today=today)
        assert not found.problems and len(found.entries) == n_entries, found.problems[:3]
        print(
            f"research validate: {n_entries} entries in {ours:.3f} s ({n_entries / ours:,.0f} entries/s); "
            f"plain csv.DictReader {plain:.4f} s; ratio {ours / plain:.1f}x"
        )
        data_dir = base / "data"
        applied = best(
            lambda: apply_research(MONTH, data_dir, research_dir=research_dir, cities=cities, today=today),
            args.repeat,
        )
        print(f"research apply: {n_entries} rows written (validated + evidence) in {applied:.3f} s")

        # collected rows for every city so the workbooks carry values
        rows = [
            parameter_row(
                month=MONTH,
                city_ags=c.ags,
                parameter_id=p.id,
                value=1,
                status="present",
                method="crawl",
                source="city_sites",
            )
            for c in cities
            for p in catalog.parameters.values()
            if p.kind == "boolean" and p.how == "crawl"
        ]
        write_parameters(pd.DataFrame(rows), source="city_sites", month=MONTH, data_dir=data_dir)
        out = base / "wb.xlsx"
        export_one = best(
            lambda: export_workbook(cities[0], MONTH, out, data_dir, catalog=catalog), args.repeat
        )
        plain_out = base / "plain.xlsx"
        plain_export = best(lambda: plain_write(plain_out), args.repeat)
        start = time.perf_counter()
        for city in cities:
            export_workbook(city, MONTH, base / f"{city.ags}.xlsx", data_dir, catalog=catalog)
        all_exports = time.perf_counter() - start
        print(
            f"feedback export: {export_one:.3f} s per workbook (plain openpyxl write of the same cells "
            f"{plain_export:.3f} s; ratio {export_one / plain_export:.1f}x); all {len(cities)} cities "
            f"{all_exports:.1f} s"
        )
        returned = base / f"{cities[-1].ags}.xlsx"
        check = best(lambda: check_workbook(returned, data_dir, catalog=catalog, cities=cities), args.repeat)
        plain_check = best(lambda: plain_read(returned), args.repeat)
        print(
            f"feedback import check: {check:.3f} s per workbook (plain openpyxl read {plain_check:.3f} s; "
            f"ratio {check / plain_check:.1f}x)"
        )


if __name__ == "__main__":
    main()
