"""Subprocess entry point: crawl ONE city, probe its open-data portal, commit the raw outputs.

    python -m crawlers.run --job JOB.json

The Twisted reactor cannot be restarted inside a long-lived process (a Prefect flow, a test session),
so every city crawl runs in its own interpreter (``flows.steps.crawl.run_crawl`` starts it). The job
file names the city, month, data dir, run id and setting overrides. Outputs, under the data dir:

    crawl/month=M/<ags>.pages.jsonl     raw per-page records (detections, signals, links)
    crawl/month=M/<ags>.probes.jsonl    raw open-data/portal probe records
    crawl/month=M/<ags>.summary.json    the crawl's outcome (written LAST: the commit marker)
    warc/month=M/<ags>.warc.gz          every exchange of the crawl and the probes

Everything is written to temp names and renamed on commit. A failed crawl (dead site, robots, ...)
does not replace a completed crawl of the same month: the previous one is kept and the failure is
recorded beside it (``<ags>.failed.json``). The last stdout line is a JSON outcome for the parent.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import signal
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.warc import commit_warc, discard_warc, temp_warc_path, warc_path
from normalize.storage import pid_alive

# The subprocess must start fast: no pandas/pandera here (normalize.storage/table import them).
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_month(month: str) -> str:
    if not isinstance(month, str) or not _MONTH_RE.match(month):
        raise ValueError(f"month {month!r} is not YYYY-MM")
    return month


def atomic_write_json(target: Path, obj: Any) -> Path:
    """Write JSON to a hidden temp file beside ``target``, fsync, rename over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=2, ensure_ascii=False, default=str)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return target


def crawl_dir(data_dir: Path | str, month: str) -> Path:
    return Path(data_dir) / "crawl" / f"month={check_month(month)}"


def raw_paths(data_dir: Path | str, month: str, ags: str) -> dict[str, Path]:
    base = crawl_dir(data_dir, month)
    return {
        "pages": base / f"{ags}.pages.jsonl",
        "probes": base / f"{ags}.probes.jsonl",
        "summary": base / f"{ags}.summary.json",
        "failed": base / f"{ags}.failed.json",
        "log": base / f"{ags}.log",
        "warc": warc_path(data_dir, month, ags),
    }


def crawl_status(summary: dict[str, Any]) -> tuple[str, str]:
    """(completed | partial | failed, reason) of a crawl from its summary."""
    home = summary.get("homepage") or {}
    if summary.get("crash"):
        return "failed", f"crawl process failed: {summary['crash']}"
    if not home.get("fetched"):
        kind = home.get("error_kind")
        if kind == "robots":
            if "robots.txt unreachable" in str(home.get("error") or ""):
                return "failed", "robots.txt unreachable (timed out): complete disallow assumed (RFC 9309)"
            return "failed", "robots.txt disallows the homepage"
        return "failed", f"homepage unreadable: {home.get('error') or 'not fetched'}"
    if home.get("error"):
        return "failed", f"homepage unreadable: {home['error']}"
    if home.get("js_only"):
        return "failed", "homepage needs JavaScript (no readable content without it)"
    stop = summary.get("stop_reason")
    if summary.get("budget"):
        return (
            "partial",
            f"{summary['budget']} budget reached ({stop}); {summary.get('pending', 0)} links unvisited",
        )
    if stop != "finished":
        return "failed", f"crawl stopped: {stop}"
    return "completed", "frontier exhausted"


def discard_stale_temps(paths: dict[str, Path]) -> list[Path]:
    """Remove temp files of this city's raw crawl and WARC whose crawl process is gone.

    A crawl killed with SIGKILL (or a machine that went down) cannot clean up after itself: its temp
    files (``.<name>.<run id>.<pid>.tmp``) are invisible to readers but would pile up month after month.
    Temps of a crawl process that is still alive are left alone.
    """
    removed = []
    for key in ("pages", "probes", "warc"):
        final = paths[key]
        if not final.parent.is_dir():
            continue
        for tmp in final.parent.glob(f".{final.name}.*.tmp"):
            pid = tmp.name.removesuffix(".tmp").rsplit(".", 1)[-1]
            if pid.isdigit() and pid_alive(int(pid)):
                continue
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def die_with_parent(parent_pid: int | None) -> None:
    """Linux: have the kernel SIGKILL this crawl when the run that started it dies.

    A run killed with SIGKILL cannot stop its crawl subprocesses; orphaned, they would go on crawling
    and commit a city's crawl after the next run of the month has started. ``PR_SET_PDEATHSIG`` ties
    the crawl's life to its parent's (the detector worker then sees EOF and exits as well).
    """
    if not parent_pid or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the death signal was armed
        os._exit(1)


def _build_settings(job: dict[str, Any], warc_tmp: Path, pages_tmp: Path):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    data_dir = Path(job["data_dir"])
    # One cache per city: a city's entries can be dropped alone, parallel city crawls never share files.
    cache_dir = (data_dir / "cache" / "http" / job["city"]["ags"]).resolve()
    settings.set("HTTPCACHE_DIR", str(cache_dir), priority="cmdline")
    settings.set("SCI_WARC_PATH", str(warc_tmp), priority="cmdline")
    settings.set("SCI_PAGES_PATH", str(pages_tmp), priority="cmdline")
    settings.set("SCI_RUN_ID", job.get("run_id") or "", priority="cmdline")
    settings.set(
        "SCI_WARC_DESCRIPTION",
        f"city {job['city']['ags']} {job['city'].get('name', '')} {job['month']}",
        priority="cmdline",
    )
    for key, value in (job.get("settings") or {}).items():
        settings.set(key, value, priority="cmdline")
    settings.set("CLOSESPIDER_TIMEOUT", settings.getfloat("SCI_MAX_SECONDS"), priority="cmdline")
    return settings


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Crawl and probe one city, commit its outputs; return the outcome (also for a failed crawl)."""
    from scrapy.crawler import CrawlerProcess

    from crawlers import detect_pool
    from crawlers.detector_api import load_detector_api
    from crawlers.probes import run_city_probes
    from crawlers.spiders.city_sites import CitySitesSpider
    from crawlers.warc import WarcArchive

    city = job["city"]
    ags, month = city["ags"], check_month(job["month"])
    data_dir = Path(job["data_dir"])
    paths = raw_paths(data_dir, month, ags)
    tag = f"{job.get('run_id') or 'run'}.{os.getpid()}"
    warc_tmp = temp_warc_path(paths["warc"], tag)
    pages_tmp = paths["pages"].with_name(f".{paths['pages'].name}.{tag}.tmp")
    probes_tmp = paths["probes"].with_name(f".{paths['probes'].name}.{tag}.tmp")
    discard_stale_temps(paths)
    for p in (warc_tmp, pages_tmp, probes_tmp):
        p.parent.mkdir(parents=True, exist_ok=True)
    committed = False
    try:
        settings = _build_settings(job, warc_tmp, pages_tmp)
        load_detector_api(settings.get("SCI_DETECTORS_MODULE"))  # import the rules now, not in crawl time
        # Detector workers are forked now, while this process has no threads yet.
        detect_pool.start_pool(settings.get("SCI_DETECTORS_MODULE"), settings.getint("SCI_DETECT_WORKERS"))
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(CitySitesSpider)
        process.crawl(crawler, ags=ags, city_name=city.get("name", ""), website=city["website"])
        process.start()
        detect_pool.stop_pool()
        spider = crawler.spider
        summary = (
            dict(spider.summary)
            if spider is not None and spider.summary
            else {"crash": "spider did not close"}
        )
        summary.update(
            ags=ags, name=city.get("name", ""), website=city["website"], month=month, run_id=job.get("run_id")
        )
        status, reason = crawl_status(summary)
        probe_records: list[dict[str, Any]] = []
        if status != "failed" and job.get("probes", True) and pages_tmp.exists():
            archive = WarcArchive(warc_tmp)
            try:
                probe_records = run_city_probes(
                    pages_tmp,
                    archive=archive,
                    allow_loopback=settings.getbool("SCI_ALLOW_LOOPBACK"),
                    loopback_only=settings.getbool("SCI_LOOPBACK_ONLY"),
                    user_agent=settings.get("USER_AGENT"),
                    timeout=min(settings.getfloat("DOWNLOAD_TIMEOUT"), 30.0),
                    max_bytes=settings.getint("DOWNLOAD_MAXSIZE"),
                )
            finally:
                archive.close()
        with open(probes_tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"kind": "header", "run_id": job.get("run_id")}) + "\n")
            for rec in probe_records:
                fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        summary.update(status=status, status_reason=reason, probes=len(probe_records))
        outcome = {
            "ags": ags,
            "status": status,
            "reason": reason,
            "pages": summary.get("pages", 0),
            "kept_previous": False,
        }
        previous = _read_json(paths["summary"])
        if status == "failed" and previous and previous.get("status") in ("completed", "partial"):
            # Last good data is kept: record the failed attempt beside it.
            atomic_write_json(paths["failed"], summary)
            outcome.update(kept_previous=True, previous_run_id=previous.get("run_id"))
        else:
            os.replace(pages_tmp, paths["pages"])
            os.replace(probes_tmp, paths["probes"])
            commit_warc(warc_tmp, paths["warc"])
            atomic_write_json(paths["summary"], summary)  # the commit marker, last
            with contextlib.suppress(FileNotFoundError):
                paths["failed"].unlink()
            committed = True
        outcome["committed"] = committed
        return outcome
    finally:
        detect_pool.stop_pool()
        if not committed:
            for p in (pages_tmp, probes_tmp):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
            discard_warc(warc_tmp)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def peak_rss_kb() -> int:
    """Peak resident memory of this process in KiB: VmHWM (Linux; reset by exec, unlike ru_maxrss, which
    keeps the forking parent's size), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.run", description=__doc__.split("\n")[0])
    parser.add_argument("--job", required=True, help="JSON job file")
    args = parser.parse_args(argv)
    try:
        job = json.loads(Path(args.job).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read job file {args.job}: {exc}", file=sys.stderr)
        return 2
    die_with_parent(job.get("parent_pid"))
    try:
        outcome = run_job(job)
    except Exception as exc:
        traceback.print_exc()
        outcome = {
            "ags": job.get("city", {}).get("ags"),
            "status": "failed",
            "committed": False,
            "reason": f"crawl process error: {type(exc).__name__}: {exc}"[:500],
        }
        print(json.dumps(outcome, ensure_ascii=False))
        return 1
    outcome["finished_at"] = datetime.now(UTC).isoformat()
    outcome["max_rss_kb"] = peak_rss_kb()  # peak memory of this crawl process
    outcome["worker_max_rss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # detector workers
    print(json.dumps(outcome, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
