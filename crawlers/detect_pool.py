"""Run the detectors in a worker process next to the crawl, so that the two use two cores.

Detection is pure CPU work (regular expressions over every page) and is most of a page's cost; inside
the Twisted reactor it would stop downloading while it runs. ``crawlers.run`` starts the pool BEFORE the
reactor (fork of a single-threaded process, the detector module already imported) and the spider awaits
each page's result without blocking the reactor. ``SCI_DETECT_WORKERS = 0`` runs them inline instead.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

from crawlers.detector_api import DetectorAPI, load_detector_api
from crawlers.detectors.base import Page

_WORKER_API: DetectorAPI | None = None
_POOL: ProcessPoolExecutor | None = None

DETECTION_FIELDS = ("parameter_id", "value", "status", "rule_id", "snippet", "url")


def run_detectors(
    api: DetectorAPI, page: Page, reference: date | None
) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """(detections as dicts, page signals, errors) of one page; a failing rule set never raises."""
    detections: list[dict[str, Any]] = []
    signals: dict[str, Any] = {}
    errors: list[str] = []
    try:
        detections = [{f: getattr(d, f) for f in DETECTION_FIELDS} for d in api.detect_page(page, reference)]
    except Exception as exc:  # a hostile page must not stop the crawl
        errors.append(f"detect: {type(exc).__name__}: {exc}"[:500])
    try:
        signals = dict(api.page_signals(page))
    except Exception as exc:
        errors.append(f"page_signals: {type(exc).__name__}: {exc}"[:500])
    return detections, signals, errors


def _init_worker(module_name: str | None) -> None:
    global _WORKER_API
    _WORKER_API = load_detector_api(module_name)


def _detect_in_worker(page: Page, reference: date | None):
    assert _WORKER_API is not None
    return run_detectors(_WORKER_API, page, reference)


def _ping() -> bool:
    return True


def start_pool(module_name: str | None, workers: int) -> ProcessPoolExecutor | None:
    """Start ``workers`` detector processes (fork; call before the reactor starts). None when workers <= 0."""
    global _POOL
    if workers <= 0:
        return None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(module_name,),
    )
    for f in [pool.submit(_ping) for _ in range(workers)]:
        f.result(timeout=120)  # all workers up before any thread of the reactor exists
    _POOL = pool
    return pool


def current_pool() -> ProcessPoolExecutor | None:
    return _POOL


def submit(pool: ProcessPoolExecutor, page: Page, reference: date | None) -> Future:
    return pool.submit(_detect_in_worker, page, reference)


def stop_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.shutdown(wait=True, cancel_futures=True)
        _POOL = None
