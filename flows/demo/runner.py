"""Run the demo world through the real monthly flow, for two consecutive months.

1. write the world's files for the month (city registry, boundaries, publishers' files, research);
2. serve the cities' websites on loopback addresses and switch them to the month;
3. run ``monthly-index`` exactly as a live month runs, with each source's ``--file`` pointing at the
   world's file and the crawl allowed onto loopback (the only difference from a live run);
4. print the ranking of the last month with trends, and where the report and the data are.

Re-runnable: every file of the world is byte-identical on every run (same raw snapshot hashes), each
month's outputs are replaced atomically, and the crawl's HTTP cache turns unchanged pages into 304s.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.demo import world
from flows.demo.sites import DemoSites

DEFAULT_DEMO_DIR = Path(".sci") / "demo"
# The demo sites are small: a tight budget and no politeness delay (it is our own loopback server).
# Two crawl processes at a time: on 2 cores a crawl is CPU-bound (process start-up, parsing), and
# detection runs inline rather than in a side process per crawl.
DEMO_CRAWL_OPTIONS: dict[str, Any] = {
    "parallel": 2,
    "max_seconds": 60,
    "settings": {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "SCI_DETECT_WORKERS": 0,
    },
}
DEMO_MAX_PAGES = 60


@dataclass
class DemoResult:
    data_dir: Path
    months: list[str]
    records: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def last_month(self) -> str:
        return self.months[-1]

    def report_index(self) -> Path | None:
        for record in reversed(self.records):
            for step in record.get("steps", []):
                if step["kind"] == "report" and step["status"] == "ok":
                    index = (step.get("details") or {}).get("index")
                    if index:
                        return Path(index)
        return None


@contextlib.contextmanager
def _env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def demo_inputs(paths: dict[str, Path], available: list[str]) -> dict[str, str]:
    """The world's file for every source the project has an adapter for."""
    inputs = {}
    for source in available:
        if source in paths:
            inputs[source] = str(paths[source].resolve())
    return inputs


def run_demo(
    data_dir: Path | str = DEFAULT_DEMO_DIR,
    *,
    months: tuple[str, ...] = world.DEMO_MONTHS,
    crawl: bool = True,
    progress: Any = None,
    flow: Any = None,
) -> DemoResult:
    """Generate the world and run every month of it through ``monthly-index``; return the records.

    ``progress(event, what)`` receives the flow's step events; ``flow`` replaces ``monthly_index``
    (tests pass the same flow; the default is the real one).
    """
    import flows.flows as flows_module

    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    world_dir = data_dir / "world"
    research_dir = world.write_research(world_dir)
    run_flow = flow or flows_module.monthly_index
    available = flows_module.source_names()
    result = DemoResult(data_dir=data_dir, months=list(months))
    t0 = time.monotonic()
    old_hook = flows_module.PROGRESS_HOOK
    if progress is not None:
        flows_module.PROGRESS_HOOK = progress
    try:
        with (
            DemoSites() as sites,
            _env(SCI_DATA_DIR=str(data_dir), SCI_RESEARCH_DIR=str(research_dir)),
            flows_module.in_process_run_settings(),
        ):
            cities_file = world.write_cities_csv(world_dir, sites.websites())
            for month in months:
                world.check_demo_month(month)
                paths = world.write_world_month(world_dir, month)
                sites.set_month(month)
                record = run_flow(
                    month=month,
                    inputs=demo_inputs(paths, available),
                    data_dir=str(data_dir),
                    cities_file=str(cities_file),
                    skip_crawl=not crawl,
                    allow_loopback=True,
                    max_pages=DEMO_MAX_PAGES,
                    crawl_options=DEMO_CRAWL_OPTIONS,
                    wait=True,
                    offline=True,
                )
                result.records.append(record)
    finally:
        flows_module.PROGRESS_HOOK = old_hook
    result.seconds = time.monotonic() - t0
    return result


def ranking(data_dir: Path, month: str) -> list[dict[str, Any]]:
    """The overall ranking of ``month`` with area scores, trend and coverage, best first."""
    from normalize.cities import load_cities
    from normalize.storage import read_parquet_plain, scores_path

    path = scores_path(data_dir, month)
    if not path.is_file():
        return []
    scores = read_parquet_plain(path)
    names = {c.ags: c.name for c in load_cities(data_dir / "world" / "cities.csv")}
    overall = scores[scores["level"] == "overall"].sort_values(["rank", "city_ags"])
    areas = scores[scores["level"] == "area"]
    rows = []
    for row in overall.itertuples(index=False):
        city_areas = areas[areas["city_ags"] == row.city_ags].set_index("id")["score"].to_dict()
        trend = getattr(row, "trend", None)
        rows.append(
            {
                "rank": int(row.rank),
                "city_ags": row.city_ags,
                "name": names.get(row.city_ags, row.city_ags),
                "score": float(row.score),
                "trend": None if trend is None or trend != trend else int(trend),
                "coverage": None if getattr(row, "coverage", None) is None else float(row.coverage),
                "areas": {k: float(v) for k, v in city_areas.items()},
            }
        )
    return rows
