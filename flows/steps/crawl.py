"""Pipeline step: crawl the cities' websites (one Scrapy subprocess per city), then normalise.

A plain function (no Prefect inside). For each city a ``python -m crawlers.run`` subprocess crawls the
site, probes its open-data portal and commits the raw records, the summary and the WARC under the data
dir (see :mod:`crawlers.run`); a few cities run in parallel (different hosts: per-host politeness is
unaffected). A city whose crawl fails, hangs or crashes gets a failed summary (or keeps its last good
crawl of the month) and the others go on. Then :func:`crawlers.normalise.normalise_month` rebuilds the
month's ``city_sites`` and ``portal_probe`` parameter and evidence files from ALL committed raw crawls of
the month, so crawling one city never drops another city's rows.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.normalise import normalise_month
from crawlers.run import raw_paths
from crawlers.warc import temp_warc_path
from normalize.cities import City, find_city, load_cities
from normalize.storage import atomic_write_json, atomic_write_text, resolve_data_dir
from normalize.table import check_month

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GRACE_SECONDS = 120  # on top of the per-city time budget: start-up, probes, commit


@dataclass
class CityCrawl:
    ags: str
    name: str
    status: str  # completed | partial | failed
    reason: str
    pages: int = 0
    kept_previous: bool = False
    seconds: float = 0.0
    log_path: str | None = None


@dataclass
class CrawlResult:
    month: str
    run_id: str
    status: str = "ok"  # ok | error (normalising failed)
    cities: list[CityCrawl] = field(default_factory=list)
    parameter_rows: int = 0
    probe_rows: int = 0
    parameters_paths: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data["name"] = "crawl"
        return data


def current_month() -> str:
    return datetime.now(UTC).strftime("%Y-%m")


def resolve_cities(cities: Sequence[City | str] | None, cities_file: Path | str | None = None) -> list[City]:
    """City objects for AGS/name queries (or all cities of the registry when none are given)."""
    registry = load_cities(cities_file) if cities_file else load_cities()
    if not cities:
        return registry
    out: list[City] = []
    for item in cities:
        city = item if isinstance(item, City) else find_city(str(item), registry)
        if city not in out:
            out.append(city)
    return out


def crawl_settings(
    *,
    max_pages: int | None,
    max_depth: int | None,
    max_bytes: int | None,
    max_seconds: float | None,
    allow_loopback: bool,
    detectors_module: str | None,
    extra: dict[str, Any] | None,
) -> dict[str, Any]:
    settings: dict[str, Any] = dict(extra or {})
    for key, value in (
        ("SCI_MAX_PAGES", max_pages),
        ("SCI_MAX_DEPTH", max_depth),
        ("SCI_MAX_BYTES", max_bytes),
        ("SCI_MAX_SECONDS", max_seconds),
        ("SCI_DETECTORS_MODULE", detectors_module),
    ):
        if value is not None:
            settings[key] = value
    settings["SCI_ALLOW_LOOPBACK"] = bool(allow_loopback)
    # A run allowed onto loopback is a local test or demo world: it stays there (no outside name is even
    # looked up) unless the caller says otherwise.
    settings.setdefault("SCI_LOOPBACK_ONLY", bool(allow_loopback))
    return settings


def _child_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # No Public Suffix List download, and tldextract's cache (if it writes one) under the data dir.
    env.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    env.setdefault("TLDEXTRACT_CACHE", str(Path(data_dir).resolve() / "cache" / "tldextract"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _last_json_line(text: str) -> dict[str, Any] | None:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                return json.loads(line)
    return None


def _record_failure(data_dir: Path, month: str, city: City, run_id: str, reason: str) -> bool:
    """Write a failed summary for a city whose process died; keep a previous good crawl. True if kept."""
    paths = raw_paths(data_dir, month, city.ags)
    summary = {
        "ags": city.ags,
        "name": city.name,
        "website": city.website,
        "month": month,
        "run_id": run_id,
        "status": "failed",
        "status_reason": reason,
        "crash": reason,
        "homepage": {"fetched": False},
    }
    previous = None
    with contextlib.suppress(OSError, ValueError):
        previous = json.loads(paths["summary"].read_text(encoding="utf-8"))
    if previous and previous.get("status") in ("completed", "partial"):
        atomic_write_json(paths["failed"], summary)
        return True
    atomic_write_json(paths["summary"], summary)
    return False


def _remove_temps(data_dir: Path, month: str, ags: str, run_id: str, pid: int) -> None:
    paths = raw_paths(data_dir, month, ags)
    tag = f"{run_id}.{pid}"
    for temp in (
        temp_warc_path(paths["warc"], tag),
        paths["pages"].with_name(f".{paths['pages'].name}.{tag}.tmp"),
        paths["probes"].with_name(f".{paths['probes'].name}.{tag}.tmp"),
    ):
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def crawl_city(
    city: City,
    *,
    month: str,
    data_dir: Path,
    run_id: str,
    settings: dict[str, Any],
    timeout: float,
    probes: bool = True,
    python: str | None = None,
) -> CityCrawl:
    """Run one city's crawl subprocess and return its outcome (never raises for a failed crawl)."""
    t0 = time.monotonic()
    paths = raw_paths(data_dir, month, city.ags)
    paths["log"].parent.mkdir(parents=True, exist_ok=True)
    job = {
        "city": {"ags": city.ags, "name": city.name, "website": city.website},
        "month": month,
        "data_dir": str(Path(data_dir).resolve()),
        "run_id": run_id,
        "settings": settings,
        "probes": probes,
        "parent_pid": os.getpid(),  # the crawl dies with this process (crawlers.run.die_with_parent)
    }
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", prefix=f"sci-crawl-{city.ags}-", delete=False
    ) as fh:
        json.dump(job, fh)
        job_file = fh.name
    cmd = [python or sys.executable, "-m", "crawlers.run", "--job", job_file]
    proc = subprocess.Popen(
        cmd,
        cwd=PROJECT_ROOT,
        env=_child_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
            reason = None
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            reason = f"crawl process killed after {timeout:.0f} s"
        atomic_write_text(paths["log"], stderr or "")
        outcome = _last_json_line(stdout or "")
        if reason is None and (proc.returncode != 0 or outcome is None or "status" not in outcome):
            tail = " | ".join((stderr or "").strip().splitlines()[-3:])[:400]
            reason = (outcome or {}).get("reason") or f"crawl process exited with {proc.returncode}: {tail}"
        if reason is not None:
            _remove_temps(data_dir, month, city.ags, run_id, proc.pid)
            kept = _record_failure(data_dir, month, city, run_id, reason)
            return CityCrawl(
                city.ags, city.name, "failed", reason, 0, kept, time.monotonic() - t0, str(paths["log"])
            )
        return CityCrawl(
            city.ags,
            city.name,
            outcome["status"],
            outcome.get("reason", ""),
            int(outcome.get("pages") or 0),
            bool(outcome.get("kept_previous")),
            round(time.monotonic() - t0, 3),
            str(paths["log"]),
        )
    finally:
        with contextlib.suppress(OSError):
            os.unlink(job_file)


def run_crawl(
    cities: Sequence[City | str] | None = None,
    month: str | None = None,
    data_dir: Path | str | None = None,
    max_pages: int | None = None,
    run_id: str | None = None,
    allow_loopback: bool = False,
    *,
    cities_file: Path | str | None = None,
    max_depth: int | None = None,
    max_bytes: int | None = None,
    max_seconds: float | None = None,
    parallel: int = 2,
    timeout: float | None = None,
    settings: dict[str, Any] | None = None,
    detectors_module: str | None = None,
    probes: bool = True,
    normalise: bool = True,
) -> CrawlResult:
    """Crawl ``cities`` (City objects, AGS or names; default: all of the registry) for ``month``.

    Returns per-city outcomes; writes raw crawls, WARCs and (when ``normalise``) the month's
    ``city_sites`` / ``portal_probe`` parameter and evidence files under the data dir.
    """
    t0 = time.monotonic()
    month = check_month(month) if month else current_month()
    data_dir = Path(resolve_data_dir(data_dir))
    run_id = run_id or f"crawl-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    chosen = resolve_cities(cities, cities_file)
    child_settings = crawl_settings(
        max_pages=max_pages,
        max_depth=max_depth,
        max_bytes=max_bytes,
        max_seconds=max_seconds,
        allow_loopback=allow_loopback,
        detectors_module=detectors_module,
        extra=settings,
    )
    budget_seconds = float(child_settings.get("SCI_MAX_SECONDS") or _default_setting("SCI_MAX_SECONDS"))
    per_city_timeout = timeout or budget_seconds + GRACE_SECONDS
    result = CrawlResult(month=month, run_id=run_id)
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = [
            pool.submit(
                crawl_city,
                city,
                month=month,
                data_dir=data_dir,
                run_id=run_id,
                settings=child_settings,
                timeout=per_city_timeout,
                probes=probes,
            )
            for city in chosen
        ]
        for future in futures:
            result.cities.append(future.result())
    if normalise:
        try:
            done = normalise_month(data_dir, month, run_id=run_id, detectors_module=detectors_module)
        except Exception as exc:  # a broken detector module must not hide the crawl outcomes
            result.status, result.error = (
                "error",
                f"normalising the crawl failed: {type(exc).__name__}: {exc}",
            )
        else:
            result.parameter_rows, result.probe_rows = done.crawl_rows, done.probe_rows
            result.parameters_paths = [str(p) for p in done.parameters_paths]
            result.problems = done.problems
    result.seconds = round(time.monotonic() - t0, 3)
    return result


def _default_setting(name: str) -> Any:
    import crawlers.settings as defaults

    return getattr(defaults, name)
