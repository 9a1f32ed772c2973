"""Benchmark: parsing the BNetzA register of 01.01.2022 against bare reads of the same sheet.

Measured in one run, on the same file:

- ``calamine``: python-calamine reading the sheet into Python rows (the floor: no parsing at all);
- ``openpyxl``: openpyxl (read-only, values only) reading the same rows;
- ``parse``: ``sources.bnetza_ladesaeulen.parse`` (archive guard + calamine + header search + cell
  cleaning + station ids + pandera validation), with its caches cleared before every repeat.

Prints the best and median seconds of each and the ratios. Usage::

    uv run python bench/ingest.py [--file PATH] [--repeat 5] [--openpyxl-repeat 1]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = (
    PROJECT_ROOT.parent
    / "shared"
    / "data"
    / "bnetza-ladesaeulen"
    / "Ladesaeulenregister_Stand-2022-01-01.xlsx"
)


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return len(rows)


def read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return sum(1 for _ in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def run_parse(path: Path) -> int:
    from sources import bnetza_ladesaeulen, tabular

    tabular._fold_str.cache_clear()  # every repeat starts cold, like a monthly run
    return len(bnetza_ladesaeulen.parse(path))


def timed(func: Callable[[Path], Any], path: Path, repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func(path)
        times.append(time.perf_counter() - started)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--openpyxl-repeat", type=int, default=1)
    args = parser.parse_args()
    path: Path = args.file
    if not path.is_file():
        raise SystemExit(f"{path}: not found (the shared data lives beside the project in ../shared)")

    # Warm-up: imports and the OS file cache should not count against the first contender.
    read_calamine(path)
    run_parse(path)

    results = {}
    for name, func, repeat in (
        ("calamine", read_calamine, args.repeat),
        ("openpyxl", read_openpyxl, args.openpyxl_repeat),
        ("parse", run_parse, args.repeat),
    ):
        times, rows = timed(func, path, repeat)
        results[name] = (min(times), statistics.median(times), rows)

    print(f"file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"{'reader':<10} {'best s':>8} {'median s':>9} {'rows':>8}")
    for name, (best, median, rows) in results.items():
        print(f"{name:<10} {best:8.3f} {median:9.3f} {rows:8,}")
    calamine, openpyxl, parse = (results[n][0] for n in ("calamine", "openpyxl", "parse"))
    print(f"parse / calamine  = {parse / calamine:5.2f}x  (cost of parsing on top of the bare read)")
    print(f"openpyxl / calamine = {openpyxl / calamine:5.2f}x")
    print(f"parse / openpyxl  = {parse / openpyxl:5.2f}x  (below 1: parsing beats a bare openpyxl read)")


if __name__ == "__main__":
    main()
