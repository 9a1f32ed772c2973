"""The Prefect flows of the monthly index.

Flows (one per producer, plus the parent):

- ``source-<name>``: one source adapter for one month (fetch or ``--file`` -> parse -> parameters);
- ``geo-<source>``: points of a point source (charging stations, gateways) matched to boundaries;
- ``crawl-cities``: the city-website crawl (Scrapy in a subprocess) with per-city outcomes;
- ``research``: research entries and accepted city feedback applied to the month;
- ``score``: the month's index (and the HTML report when that part is installed);
- ``monthly-index``: the parent, running the others as subflows in dependency order: population and
  boundaries, the other sources, geo steps, the crawl, research/feedback, then score (and report).

Tasks pass paths, names and ids, never DataFrames: every step reads its inputs from and writes its
outputs to the data dir (``normalize.storage``). Only network tasks (fetching a publisher's file,
crawling) retry, with exponential backoff, and only on errors that a retry can cure (a refused
connection or an unknown host fails at once: "cannot reach <host>").

A failing source, geo step or city never stops the others: each subflow turns its failure into a
``failed`` step in the run record (``flows.runs``) and the parent goes on; the parent ends ``partial``
and the CLI exits non-zero only with ``--strict``. The parent holds the month lock while it writes.

Every flow is a plain function too: ``python -m flows.flows --month 2024-05 --only kba`` runs the
parent without any Prefect server (Prefect's ephemeral local mode).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import inspect
import json
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flows.settings import configure_environment

configure_environment()

from prefect import flow, task  # noqa: E402  (the environment must be set before Prefect loads)
from prefect.states import Failed  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from flows.runs import (  # noqa: E402
    MonthLocked,
    RunRecord,
    month_lock,
    new_run_id,
    step_record,
    utc_now_iso,
)
from normalize.storage import resolve_data_dir  # noqa: E402
from normalize.table import check_month  # noqa: E402

TIMEZONE = ZoneInfo("Europe/Berlin")
MONTHLY_CRON = "0 3 1 * *"
# The sources every other step needs (boundaries for geo, population for per-inhabitant figures).
FOUNDATION_SOURCES = ("population", "boundaries")
# Known sources in run order when the registry is not installed yet.
DEFAULT_SOURCES = (
    "population",
    "boundaries",
    "breitbandatlas",
    "kba",
    "mastr",
    "carsharing",
    "bnetza_ladesaeulen",
    "lorawan",
)
DEFAULT_POINT_SOURCES = ("bnetza_ladesaeulen", "lorawan")
# Steps besides the sources that --only accepts.
EXTRA_STEPS = ("crawl", "research", "score", "report")


def current_month(now: datetime | None = None) -> str:
    """The current month in Europe/Berlin (the monthly run at 03:00 on the 1st collects that month)."""
    now = now.astimezone(TIMEZONE) if now else datetime.now(TIMEZONE)
    return f"{now:%Y-%m}"


# --- what exists -----------------------------------------------------------------------------------


def _optional_module(name: str):
    """A module of another part of the project, or None while that part is not installed."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


def source_names() -> list[str]:
    """Every registered source, foundation sources first, then in the usual order, then the rest."""
    registry = _optional_module("sources.registry")
    names = list(registry.ADAPTERS) if registry else list(DEFAULT_SOURCES)
    order = {name: i for i, name in enumerate(DEFAULT_SOURCES)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def point_sources(names: Iterable[str] | None = None) -> list[str]:
    """Sources whose rows are points matched to boundaries (adapter ``KIND == "points"``)."""
    names = list(names) if names is not None else source_names()
    registry = _optional_module("sources.registry")
    if registry is None:
        return [n for n in names if n in DEFAULT_POINT_SOURCES]
    out = []
    for name in names:
        try:
            kind = getattr(registry.get_adapter(name), "KIND", None)
        except ModuleNotFoundError:
            kind = "points" if name in DEFAULT_POINT_SOURCES else None
        if kind == "points":
            out.append(name)
    return out


def population_dependent_sources(names: Iterable[str]) -> list[str]:
    """Sources whose parameters are per inhabitant (their rows change when the population does)."""
    registry = _optional_module("sources.registry")
    out = []
    for name in names:
        if name in FOUNDATION_SOURCES:
            continue
        try:
            module = registry.get_adapter(name) if registry else None
        except ModuleNotFoundError:
            module = None
        if module is not None and getattr(module, "USES_POPULATION", None) is False:
            continue
        if module is None or getattr(module, "KIND", "parameters") != "reference":
            out.append(name)
    return out


# --- the plan of a run -----------------------------------------------------------------------------


@dataclass
class Plan:
    """Which steps a run executes, in order."""

    sources: list[str]
    geo: list[str]
    crawl: bool
    research: bool
    score: bool
    report: bool
    skipped: dict[str, str] = field(default_factory=dict)  # step -> why it does not run

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class PlanError(ValueError):
    pass


def plan_run(
    only: Iterable[str] | None = None,
    *,
    skip_crawl: bool = False,
    sources: list[str] | None = None,
    points: list[str] | None = None,
) -> Plan:
    """The steps of a run: everything, or ``only`` some steps plus what depends on them.

    ``--only SOURCE`` re-runs that source, its geo step if it is a point source, and the month's
    scores; every other source's raw snapshots and parameter rows stay untouched. ``boundaries``
    pulls in every geo step; ``population`` every geo step.
    """
    sources = list(sources) if sources is not None else source_names()
    points = list(points) if points is not None else point_sources(sources)
    only = [o.strip() for o in (only or []) if o and o.strip()]
    unknown = [o for o in only if o not in sources and o not in EXTRA_STEPS]
    if unknown:
        known = ", ".join([*sources, *EXTRA_STEPS])
        raise PlanError(f"unknown step(s) {', '.join(unknown)}; known: {known}")
    skipped: dict[str, str] = {}
    if not only:
        plan = Plan(list(sources), list(points), not skip_crawl, True, True, True)
        if skip_crawl:
            skipped["crawl"] = "--skip-crawl"
        return dataclasses.replace(plan, skipped=skipped)
    chosen = set(only)
    run_sources = [s for s in sources if s in chosen]
    geo = [p for p in points if p in chosen]
    if "boundaries" in chosen:
        geo = list(points)
    if "population" in chosen:
        # Geo steps read the month's population table; per-inhabitant figures of the other sources
        # are computed when those sources run (re-run them with --only NAME): re-running them here
        # would mean downloading their files again.
        geo = list(points)
        for name in population_dependent_sources(sources):
            if name not in chosen and name not in points:
                skipped[f"note:{name}"] = "keeps its per-inhabitant figures until its next run"
    crawl = "crawl" in chosen and not skip_crawl
    if "crawl" in chosen and skip_crawl:
        skipped["crawl"] = "--skip-crawl"
    research = "research" in chosen
    for name in sources:
        if name not in run_sources:
            skipped[f"source:{name}"] = "not selected (--only)"
    return Plan(run_sources, geo, crawl, research, True, True, skipped)


# --- calling the steps of the other parts --------------------------------------------------------


def call_with_supported(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` with the keyword arguments its signature accepts (None values are left out).

    The steps are written by several people; an optional argument one of them does not (yet) take
    must not break the run.
    """
    params = inspect.signature(fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    accepted = {k: v for k, v in kwargs.items() if v is not None and (takes_any or k in params)}
    return fn(*args, **accepted)


def to_jsonable(value: Any, depth: int = 0) -> Any:
    """A step result (dataclass, pydantic model, dict, Path, DataFrame...) as plain JSON data."""
    if depth > 6:
        return repr(value)
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, float) and value != value:  # NaN
            return None
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, BaseException):
        return f"{type(value).__name__}: {value}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return to_jsonable(value.model_dump(), depth + 1)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v, depth + 1) for v in value]
    if hasattr(value, "to_dict") and hasattr(value, "shape"):  # a DataFrame in a result: keep its size
        return {"rows": int(value.shape[0])}
    if hasattr(value, "item"):
        with contextlib.suppress(Exception):
            return to_jsonable(value.item(), depth + 1)
    return str(value)


def error_text(exc: BaseException) -> str:
    """One line for the run record: the exception type and its message (which names file or URL)."""
    message = str(exc).strip() or repr(exc)
    return f"{type(exc).__name__}: {message}"


def _is_transient(exc: BaseException | None) -> bool:
    """Worth a retry: timeouts and server errors, not a refused connection or an unknown host."""
    if exc is None:
        return False
    text = str(exc).lower()
    if "cannot reach" in text or "name or service not known" in text or "connection refused" in text:
        return False
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(
        names & {"TimeoutError", "TimeoutException", "ReadTimeout", "ConnectTimeout", "RemoteProtocolError"}
        or ("SourceUnavailable" in names and ("timed out" in text or " 5" in text or "429" in text))
        or "CrawlInfrastructureError" in names
    )


def _retry_transient(task_obj, task_run, state) -> bool:
    try:
        state.result()
    except Exception as exc:
        return _is_transient(exc)
    return False


def _city_list(cities_file: str | None, city_filter: list[str] | None):
    """The run's cities: the registry (or another registry file), optionally narrowed to some."""
    from normalize.cities import find_city, load_cities

    cities = load_cities(cities_file) if cities_file else load_cities()
    if city_filter:
        chosen = []
        for query in city_filter:
            city = find_city(query, cities)
            if city not in chosen:
                chosen.append(city)
        cities = chosen
    return cities


# --- tasks -----------------------------------------------------------------------------------------


def _summarize_source_result(result: Any) -> dict[str, Any]:
    """A step's result as a small JSON dict: its own ``summary()`` when it has one."""
    summary = getattr(result, "summary", None)
    if callable(summary):
        with contextlib.suppress(Exception):
            result = summary()
    data = to_jsonable(result)
    return data if isinstance(data, dict) else {"result": data}


@task(
    name="collect-source",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=5),
    retry_jitter_factor=0.5,
    retry_condition_fn=_retry_transient,
    persist_result=False,
)
def collect_source_online(
    name: str, month: str, data_dir: str, url: str | None, run_id: str, cities_file: str | None
) -> dict[str, Any]:
    """Fetch the publisher's file (network), then parse and write the month's rows.

    Errors are raised (not returned) so that the retry condition can tell a timeout from an
    unreachable host.
    """
    return _run_source(name, month, data_dir, None, url, run_id, cities_file, raise_on_error=True)


@task(name="collect-source-file", persist_result=False)
def collect_source_file(
    name: str, month: str, data_dir: str, file: str, run_id: str, cities_file: str | None
) -> dict[str, Any]:
    """Snapshot a local file for the source, then parse and write the month's rows (no network)."""
    return _run_source(name, month, data_dir, file, None, run_id, cities_file)


def _run_source(
    name: str,
    month: str,
    data_dir: str,
    file: str | None,
    url: str | None,
    run_id: str,
    cities_file: str | None,
    *,
    raise_on_error: bool = False,
) -> dict[str, Any]:
    from flows.steps.source import run_source

    cities = _city_list(cities_file, None) if cities_file else None
    result = call_with_supported(
        run_source,
        name,
        month=month,
        data_dir=Path(data_dir),
        file=Path(file) if file else None,
        url=url,
        run_id=run_id,
        cities=cities,
        raise_on_error=True if raise_on_error else None,
    )
    summary = _summarize_source_result(result)
    failure = _declared_failure(summary)
    if failure:
        raise StepFailed(failure, summary)
    return summary


class StepFailed(RuntimeError):
    """A step returned a result that says it failed (rather than raising)."""

    def __init__(self, message: str, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.summary = summary or {}


def _declared_failure(summary: dict[str, Any]) -> str | None:
    status = str(summary.get("status", "ok")).lower()
    if status in ("failed", "error"):
        message = str(summary.get("error") or summary.get("message") or f"step reported status {status}")
        kind = summary.get("error_type")
        return f"{kind}: {message}" if kind and not message.startswith(str(kind)) else message
    return None


@task(name="match-points", persist_result=False)
def match_points_task(
    source: str, month: str, data_dir: str, as_of: str | None, run_id: str, cities_file: str | None
) -> dict[str, Any]:
    from flows.steps.geo import run_geo

    cities = _city_list(cities_file, None) if cities_file else None
    result = call_with_supported(
        run_geo, source, month=month, data_dir=Path(data_dir), as_of=as_of, run_id=run_id, cities=cities
    )
    summary = _summarize_source_result(result)
    failure = _declared_failure(summary)
    if failure:
        raise StepFailed(failure, summary)
    return summary


@task(
    name="crawl-sites",
    retries=1,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_condition_fn=_retry_transient,
    persist_result=False,
)
def crawl_task(
    month: str,
    data_dir: str,
    run_id: str,
    cities_file: str | None,
    city_filter: list[str] | None,
    max_pages: int | None,
    allow_loopback: bool,
    crawl_options: dict[str, Any] | None,
) -> dict[str, Any]:
    """Crawl the cities' websites (one Scrapy subprocess) and write the crawl's parameter rows."""
    from flows.steps.crawl import run_crawl

    cities = _city_list(cities_file, city_filter)
    result = call_with_supported(
        run_crawl,
        cities=cities,
        month=month,
        data_dir=Path(data_dir),
        max_pages=max_pages,
        run_id=run_id,
        allow_loopback=allow_loopback,
        **(crawl_options or {}),
    )
    return _summarize_source_result(result)


@task(name="apply-research", persist_result=False)
def research_task(month: str, data_dir: str, run_id: str, cities_file: str | None) -> dict[str, Any]:
    from normalize.research import apply_research

    cities = _city_list(cities_file, None) if cities_file else None
    result = call_with_supported(apply_research, month, Path(data_dir), cities=cities, run_id=run_id)
    return _summarize_source_result(result)


@task(name="apply-feedback", persist_result=False)
def feedback_task(month: str, data_dir: str, run_id: str, cities_file: str | None) -> dict[str, Any]:
    feedback = _optional_module("normalize.feedback_store") or _optional_module("normalize.feedback")
    apply = getattr(feedback, "apply_feedback", None) if feedback else None
    if apply is None:
        return {"status": "skipped", "reason": "feedback part not installed"}
    cities = _city_list(cities_file, None) if cities_file else None
    result = call_with_supported(apply, month, Path(data_dir), cities=cities, run_id=run_id)
    return _summarize_source_result(result)


@task(name="score-month", persist_result=False)
def score_task(month: str, data_dir: str) -> dict[str, Any]:
    """Score the month from its parameter table (precedence first) and write ``scores.parquet``."""
    from normalize.catalog import load_catalog
    from normalize.precedence import resolve
    from normalize.scoring import score_parameters
    from normalize.storage import atomic_write_parquet, read_parameters, read_parquet_plain, scores_path
    from normalize.table import next_month, previous_month

    base = Path(data_dir)
    table = read_parameters(month, base)
    if table.empty:
        raise StepFailed(f"no parameter rows for {month} in {base / 'parameters'}: nothing to score")
    winners = resolve(table).drop(columns=["overrides"])
    prev_path = scores_path(base, previous_month(month))
    previous = read_parquet_plain(prev_path) if prev_path.is_file() else None
    scores = score_parameters(winners, load_catalog(), previous)
    target = atomic_write_parquet(scores, scores_path(base, month))
    overall = scores[scores["level"] == "overall"]
    return {
        "path": str(target),
        "rows": int(len(scores)),
        "cities": int(overall["city_ags"].nunique()),
        "parameter_rows": int(len(table)),
        "has_trend": bool(previous is not None),
        "next_month_stale": bool(scores_path(base, next_month(month)).is_file()),
    }


@task(name="build-report", persist_result=False)
def report_task(month: str, data_dir: str, out_dir: str | None, cities_file: str | None) -> dict[str, Any]:
    builder = _report_builder()
    if builder is None:
        return {"status": "skipped", "reason": "report part not installed"}
    cities = _city_list(cities_file, None) if cities_file else None
    result = call_with_supported(
        builder,
        month=month,
        data_dir=Path(data_dir),
        out_dir=Path(out_dir) if out_dir else None,
        cities=cities,
    )
    return {
        "out_dir": str(getattr(result, "out_dir", "") or ""),
        "index": str(Path(getattr(result, "out_dir", "")) / "index.html"),
        "city_pages": len(getattr(result, "cities", []) or []),
        "maps": getattr(result, "maps", None),
        "charts": getattr(result, "charts", None),
        "problems": [str(p) for p in (getattr(result, "problems", []) or [])][:20],
    }


def _report_builder() -> Callable[..., Any] | None:
    for module_name, attr in (
        ("flows.report.build", "build_report"),
        ("flows.report.site", "build_report"),
        ("flows.report", "build_report"),
        ("flows.report.pages", "build_report"),
        ("flows.report.html", "build_report"),
    ):
        module = _optional_module(module_name)
        if module is not None and callable(getattr(module, attr, None)):
            return getattr(module, attr)
    return None


# --- step bookkeeping ----------------------------------------------------------------------------


def _run_task(kind: str, name: str, runner: Callable[[], Any]) -> dict[str, Any]:
    """Run one task (or a chain of them) and turn its outcome into a step record: never raises."""
    started, t0 = utc_now_iso(), time.monotonic()
    try:
        outcome = runner()
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name.startswith(("flows.steps", "sources.", "crawlers"))):
            return step_record(
                kind,
                name,
                "skipped",
                started_at=started,
                duration_s=time.monotonic() - t0,
                error=f"the {kind} step is not installed ({exc.name})",
            )
        return _failed(kind, name, started, t0, exc)
    except Exception as exc:
        return _failed(kind, name, started, t0, exc)
    return _ok(kind, name, started, t0, outcome)


def _failed(kind: str, name: str, started: str, t0: float, exc: BaseException) -> dict[str, Any]:
    details = exc.summary if isinstance(exc, StepFailed) else {}
    if not isinstance(exc, StepFailed):
        details = {"traceback": traceback.format_exception(exc)[-3:]}
    return step_record(
        kind,
        name,
        "failed",
        started_at=started,
        duration_s=time.monotonic() - t0,
        error=error_text(exc) if not isinstance(exc, StepFailed) else str(exc),
        counts=_counts(details),
        snapshots=_snapshots(details),
        cities=_cities_of(details),
        details=details,
    )


def _ok(kind: str, name: str, started: str, t0: float, outcome: dict[str, Any]) -> dict[str, Any]:
    status = "skipped" if str(outcome.get("status", "")).lower() == "skipped" else "ok"
    return step_record(
        kind,
        name,
        status,
        started_at=started,
        duration_s=time.monotonic() - t0,
        error=outcome.get("reason") if status == "skipped" else None,
        counts=_counts(outcome),
        snapshots=_snapshots(outcome),
        cities=_cities_of(outcome),
        details=outcome,
    )


_COUNT_KEYS = (
    "rows",
    "parameter_rows",
    "parameters",
    "evidence_rows",
    "evidence",
    "points",
    "matched",
    "unmatched",
    "outside",
    "missing_coordinates",
    "pages",
    "cities",
    "entries",
    "entries_read",
    "records",
    "points_total",
    "city_pages",
    "maps",
    "charts",
    "pages_fetched",
    "rows_parsed",
)


def _counts(summary: dict[str, Any]) -> dict[str, Any]:
    counts = {}
    for key, value in summary.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float) and (
            key in _COUNT_KEYS or key.endswith(("_rows", "_count", "count"))
        ):
            counts[key] = value
        elif isinstance(value, list) and key in _COUNT_KEYS:
            counts[key] = len(value)
    for nested in ("counts", "report", "match", "stats"):
        if isinstance(summary.get(nested), dict):
            for key, value in summary[nested].items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    counts.setdefault(key, value)
    return counts


def _snapshots(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Raw snapshot hashes a step used (``snapshot`` or ``snapshots`` in its result)."""
    found = []
    candidates = []
    if isinstance(summary.get("snapshot"), dict):
        candidates.append(summary["snapshot"])
    if isinstance(summary.get("snapshots"), list):
        candidates += [s for s in summary["snapshots"] if isinstance(s, dict)]
    for snap in candidates:
        meta = snap.get("meta") if isinstance(snap.get("meta"), dict) else {}
        found.append(
            {
                "source": snap.get("source"),
                "sha256": snap.get("sha256"),
                "path": snap.get("path"),
                "reused": snap.get("reused"),
                "url": meta.get("url") or snap.get("url"),
                "fetched_at": meta.get("fetched_at") or snap.get("fetched_at"),
            }
        )
    sha = summary.get("snapshot_sha256") or summary.get("sha256")
    if not found and sha:
        found.append(
            {
                "source": summary.get("name") or summary.get("source"),
                "sha256": sha,
                "path": summary.get("snapshot_path"),
                "reused": summary.get("snapshot_reused"),
                "url": summary.get("snapshot_url"),
                "origin": summary.get("snapshot_origin"),
            }
        )
    return found


def _cities_of(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per-city outcomes of a step (the crawl reports one per city) keyed by AGS."""
    cities = summary.get("cities")
    out: dict[str, dict[str, Any]] = {}
    if isinstance(cities, dict):
        for ags, info in cities.items():
            if isinstance(info, dict):
                out[str(ags)] = _city_outcome(info)
    elif isinstance(cities, list):
        for info in cities:
            if isinstance(info, dict) and (info.get("ags") or info.get("city_ags")):
                out[str(info.get("ags") or info.get("city_ags"))] = _city_outcome(info)
    return out


def _city_outcome(info: dict[str, Any]) -> dict[str, Any]:
    status = str(info.get("status", "ok")).lower()
    if status in ("ok", "complete", "completed", "done", "partial", "success"):
        normalized = "ok"
    elif status in ("skipped", "not_run"):
        normalized = "skipped"
    else:
        normalized = "failed"
    out = {"status": normalized}
    if normalized != status:
        out["detail"] = status
    for key, value in info.items():
        if key not in ("status", "ags", "city_ags"):
            out[key] = value
    return out


def _finish_subflow(step: dict[str, Any]):
    """A subflow's return: the step record, as a Failed state when the step failed."""
    if step["status"] == "failed":
        return Failed(message=f"{step['kind']} {step['name']}: {step['error']}", data=step)
    return step


# --- subflows ------------------------------------------------------------------------------------


def _source_step(
    name: str,
    month: str,
    data_dir: str,
    file: str | None,
    url: str | None,
    run_id: str,
    cities_file: str | None,
) -> dict[str, Any]:
    if file:
        return _run_task(
            "source",
            name,
            lambda: collect_source_file.with_options(name=f"collect-{name}-file")(
                name, month, data_dir, file, run_id, cities_file
            ),
        )
    return _run_task(
        "source",
        name,
        lambda: collect_source_online.with_options(name=f"collect-{name}")(
            name, month, data_dir, url, run_id, cities_file
        ),
    )


def _make_source_flow(name: str):
    def source_flow(
        month: str | None = None,
        file: str | None = None,
        url: str | None = None,
        data_dir: str | None = None,
        run_id: str | None = None,
        cities_file: str | None = None,
        as_step: bool = False,
        strict: bool = False,
    ):
        """Collect one source for one month. Run on its own (a deployment), it also re-runs what depends
        on the source (its geo step, the month's scores) under the month lock, with a run record."""
        month = check_month(month) if month else current_month()
        if not as_step:
            inputs = {name: file or url} if (file or url) else {}
            return run_month(
                month,
                only=[name],
                inputs=inputs,
                data_dir=data_dir,
                cities_file=cities_file,
                kind=f"source-{name}",
                strict=strict,
            )
        step = _source_step(
            name, month, str(resolve_data_dir(data_dir)), file, url, run_id or new_run_id(), cities_file
        )
        return _finish_subflow(step)

    fn_name = f"source_{name}"
    source_flow.__name__ = source_flow.__qualname__ = fn_name
    source_flow.__module__ = __name__
    return flow(name=f"source-{name}", flow_run_name=f"source-{name} {{month}}", persist_result=False)(
        source_flow
    )


def _make_geo_flow(source: str):
    def geo_flow(
        month: str | None = None,
        as_of: str | None = None,
        data_dir: str | None = None,
        run_id: str | None = None,
        cities_file: str | None = None,
    ):
        """Match the source's points of the month to the city boundaries and write its parameters."""
        month = check_month(month) if month else current_month()
        step = _run_task(
            "geo",
            source,
            lambda: match_points_task.with_options(name=f"match-{source}")(
                source, month, str(resolve_data_dir(data_dir)), as_of, run_id or new_run_id(), cities_file
            ),
        )
        return _finish_subflow(step)

    fn_name = f"geo_{source}"
    geo_flow.__name__ = geo_flow.__qualname__ = fn_name
    geo_flow.__module__ = __name__
    return flow(name=f"geo-{source}", persist_result=False)(geo_flow)


@flow(name="crawl-cities", persist_result=False)
def crawl_cities(
    month: str | None = None,
    data_dir: str | None = None,
    run_id: str | None = None,
    cities_file: str | None = None,
    cities: list[str] | None = None,
    max_pages: int | None = None,
    allow_loopback: bool = False,
    crawl_options: dict[str, Any] | None = None,
):
    """Crawl the cities' websites; a city whose site fails is marked failed, the others go on."""
    month = check_month(month) if month else current_month()
    step = _run_task(
        "crawl",
        "cities",
        lambda: crawl_task(
            month,
            str(resolve_data_dir(data_dir)),
            run_id or new_run_id(),
            cities_file,
            cities,
            max_pages,
            allow_loopback,
            crawl_options,
        ),
    )
    return _finish_subflow(step)


@flow(name="research", persist_result=False)
def research_flow(
    month: str | None = None,
    data_dir: str | None = None,
    run_id: str | None = None,
    cities_file: str | None = None,
):
    """Apply the research entries and the accepted city feedback in force in the month."""
    month = check_month(month) if month else current_month()
    base = str(resolve_data_dir(data_dir))
    run_id = run_id or new_run_id()
    steps = [
        _run_task("research", "research", lambda: research_task(month, base, run_id, cities_file)),
        _run_task("research", "feedback", lambda: feedback_task(month, base, run_id, cities_file)),
    ]
    if any(s["status"] == "failed" for s in steps):
        return Failed(message="; ".join(s["error"] for s in steps if s["error"]), data=steps)
    return steps


@flow(name="score", persist_result=False)
def score_flow(
    month: str | None = None,
    data_dir: str | None = None,
    report: bool = True,
    report_dir: str | None = None,
    cities_file: str | None = None,
):
    """Score the month; then build the HTML report when that part is installed."""
    month = check_month(month) if month else current_month()
    base = str(resolve_data_dir(data_dir))
    steps = [_run_task("score", "index", lambda: score_task(month, base))]
    if report and steps[0]["status"] == "ok":
        steps.append(_run_task("report", "html", lambda: report_task(month, base, report_dir, cities_file)))
    if any(s["status"] == "failed" for s in steps):
        return Failed(message="; ".join(s["error"] for s in steps if s["error"]), data=steps)
    return steps


SOURCE_FLOWS = {name: _make_source_flow(name) for name in source_names()}
# Module attributes, so that a deployment's entrypoint ``flows.flows.source_<name>`` resolves.
for _name, _flow in SOURCE_FLOWS.items():
    globals()[f"source_{_name}"] = _flow
# Geo flows are made on first use: knowing which sources are point sources means importing every
# adapter (geopandas and all), which a CLI start-up should not pay for.
GEO_FLOWS: dict[str, Any] = {}


def source_flow(name: str):
    try:
        return SOURCE_FLOWS[name]
    except KeyError:
        raise PlanError(f"unknown source {name!r}; known: {', '.join(SOURCE_FLOWS)}") from None


def geo_flow(name: str):
    if name not in GEO_FLOWS:
        GEO_FLOWS[name] = _make_geo_flow(name)
        globals()[f"geo_{name}"] = GEO_FLOWS[name]
    return GEO_FLOWS[name]


# --- the parent ----------------------------------------------------------------------------------


def _subflow_steps(state) -> list[dict[str, Any]]:
    """The step record(s) a subflow returned (also from a Failed state), as a list."""
    try:
        data = state.result(raise_on_failure=False)
    except Exception as exc:  # the state carries no data: the subflow itself crashed
        data = None
        crash = exc
    else:
        crash = data if isinstance(data, BaseException) else None
    if isinstance(data, dict) and "kind" in data:
        return [data]
    if isinstance(data, list) and all(isinstance(s, dict) and "kind" in s for s in data):
        return data
    message = error_text(crash) if crash else (state.message or "subflow failed without a result")
    return [
        step_record(
            "flow",
            getattr(state, "name", None) or "subflow",
            "failed",
            started_at=utc_now_iso(),
            duration_s=0.0,
            error=message,
        )
    ]


# Set by the CLI for the duration of one command: progress events and a "waiting for the lock" notice
# (callables cannot be flow parameters).
PROGRESS_HOOK: Callable[[str, str], None] | None = None
WAIT_HOOK: Callable[[dict[str, Any] | None], None] | None = None


@contextlib.contextmanager
def in_process_run_settings():
    """Settings for flows run inside a CLI command (``sci run``, ``sci demo``, ``python -m flows.flows``).

    No flow-run heartbeats: they let a server notice a crashed run of a worker or ``serve`` process,
    but a CLI run's process *is* the run (the run record and the month lock tell a killed one), and
    each heartbeat thread costs ~0.8 s at the end of every (sub)flow. Served deployments keep them.
    """
    import prefect.settings as prefect_settings

    with prefect_settings.temporary_settings(
        updates={prefect_settings.PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    ):
        yield


@contextlib.contextmanager
def quiet_prefect_logs(enabled: bool = True):
    """Keep Prefect's per-task tracebacks off the console (the run record and summary carry errors)."""
    import logging

    names = ("prefect", "prefect.flow_runs", "prefect.task_runs", "prefect.flows", "prefect.task_engine")
    loggers = [logging.getLogger(n) for n in names]
    old = [lg.level for lg in loggers]
    if enabled:
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, old, strict=True):
            lg.setLevel(level)


def _skipped(kind: str, name: str, why: str) -> dict[str, Any]:
    return step_record(kind, name, "skipped", started_at=utc_now_iso(), duration_s=0.0, error=why)


def _add_steps(record: RunRecord, state) -> None:
    """Append the step record(s) a subflow returned (or its crash) to the run record."""
    for step in _subflow_steps(state):
        record.add_step(step)


def _on_progress(progress: Callable[[str, str], None] | None, event: str, what: str) -> None:
    progress = progress or PROGRESS_HOOK
    if progress is not None:
        with contextlib.suppress(Exception):
            progress(event, what)


def run_month(
    month: str | None = None,
    *,
    only: list[str] | None = None,
    skip_crawl: bool = False,
    strict: bool = False,
    cities: list[str] | None = None,
    inputs: dict[str, str] | None = None,
    data_dir: str | Path | None = None,
    cities_file: str | None = None,
    max_pages: int | None = None,
    allow_loopback: bool = False,
    crawl_options: dict[str, Any] | None = None,
    as_of: str | None = None,
    report_dir: str | None = None,
    wait: bool = False,
    wait_timeout: float | None = None,
    run_id: str | None = None,
    kind: str = "monthly-index",
    offline: bool = False,
    progress: Callable[[str, str], None] | None = None,
    on_wait: Callable[[dict[str, Any] | None], None] | None = None,
) -> dict[str, Any]:
    """Run (part of) one month under the month lock and return its run record.

    ``inputs`` maps a source to a local file (``--file``) or a URL (an override of the publisher's
    URL, e.g. a mirror); sources without an input fetch their live URL. Raises MonthLocked when the
    month is locked and ``wait`` is False. Raises nothing for a failing step: the record says it.
    """
    month = check_month(month) if month else current_month()
    base = resolve_data_dir(data_dir)
    inputs = dict(inputs or {})
    plan = plan_run(only, skip_crawl=skip_crawl)
    unknown_inputs = sorted(set(inputs) - set(source_names()))
    if unknown_inputs:
        raise PlanError(f"input given for unknown source(s) {', '.join(unknown_inputs)}")
    record = RunRecord(
        month=month,
        data_dir=base,
        run_id=run_id,
        kind=kind,
        options={
            "only": list(only or []),
            "skip_crawl": skip_crawl,
            "strict": strict,
            "cities": list(cities or []),
            "cities_file": cities_file,
            "inputs": inputs,
            "max_pages": max_pages,
            "offline": offline,
            "plan": plan.as_dict(),
        },
    )
    on_wait = on_wait or WAIT_HOOK
    with month_lock(base, month, run_id=record.run_id, wait=wait, timeout=wait_timeout, on_wait=on_wait):
        record.save()
        data = str(base)
        rid = record.run_id
        for name, why in plan.skipped.items():
            step_kind, _, step_name = name.partition(":")
            if step_kind not in ("source", "note"):  # unselected sources are not part of the run
                record.add_step(_skipped(step_kind, step_name or step_kind, why))
        for name in plan.sources:
            _on_progress(progress, "start", f"source {name}")
            value = inputs.get(name)
            if offline and not value:
                record.add_step(_skipped("source", name, "offline: no --file/--url given for this source"))
            else:
                is_url = bool(value and value.split(":", 1)[0].lower() in ("http", "https"))
                _add_steps(
                    record,
                    source_flow(name)(
                        month=month,
                        file=None if is_url else value,
                        url=value if is_url else None,
                        data_dir=data,
                        run_id=rid,
                        cities_file=cities_file,
                        as_step=True,
                        return_state=True,
                    ),
                )
            _on_progress(progress, "done", f"source {name}")
        for name in plan.geo:
            _on_progress(progress, "start", f"geo {name}")
            if not _has_points(base, name, month):
                source_step = record.step("source", name)
                failed = source_step is not None and source_step["status"] == "failed"
                why = (
                    f"source {name} failed and the month has no points of it"
                    if failed
                    else (f"no points of {name} for {month} yet (run the source first)")
                )
                record.add_step(_skipped("geo", name, why))
            else:
                _add_steps(
                    record,
                    geo_flow(name)(
                        month=month,
                        as_of=as_of,
                        data_dir=data,
                        run_id=rid,
                        cities_file=cities_file,
                        return_state=True,
                    ),
                )
            _on_progress(progress, "done", f"geo {name}")
        if plan.crawl:
            _on_progress(progress, "start", "crawl")
            _add_steps(
                record,
                crawl_cities(
                    month=month,
                    data_dir=data,
                    run_id=rid,
                    cities_file=cities_file,
                    cities=cities,
                    max_pages=max_pages,
                    allow_loopback=allow_loopback,
                    crawl_options=crawl_options,
                    return_state=True,
                ),
            )
            _on_progress(progress, "done", "crawl")
        if plan.research:
            _on_progress(progress, "start", "research")
            _add_steps(
                record,
                research_flow(
                    month=month, data_dir=data, run_id=rid, cities_file=cities_file, return_state=True
                ),
            )
            _on_progress(progress, "done", "research")
        if plan.score:
            _on_progress(progress, "start", "score")
            _add_steps(
                record,
                score_flow(
                    month=month,
                    data_dir=data,
                    report=plan.report,
                    report_dir=report_dir,
                    cities_file=cities_file,
                    return_state=True,
                ),
            )
            _on_progress(progress, "done", "score")
        result = record.finish()
    if strict and result["status"] != "ok":
        failed = [f"{s['kind']} {s['name']}" for s in record.failed_steps()]
        failed += [f"city {ags}" for ags in record.failed_cities()]
        raise StrictRunFailed(result, failed)
    return result


class StrictRunFailed(RuntimeError):
    """``--strict``: the run finished, but something failed."""

    def __init__(self, record: dict[str, Any], failed: list[str]) -> None:
        self.record = record
        super().__init__(
            f"run {record['run_id']} of {record['month']} is {record['status']}: {', '.join(failed)}"
        )


def _has_points(data_dir: Path, source: str, month: str) -> bool:
    from normalize.storage import source_table_dir

    return (source_table_dir(data_dir, source, month) / f"{source}.parquet").is_file()


@flow(name="monthly-index", flow_run_name="monthly-index {month}", persist_result=False)
def monthly_index(
    month: str | None = None,
    only: list[str] | None = None,
    skip_crawl: bool = False,
    strict: bool = False,
    cities: list[str] | None = None,
    inputs: dict[str, str] | None = None,
    data_dir: str | None = None,
    cities_file: str | None = None,
    max_pages: int | None = None,
    allow_loopback: bool = False,
    crawl_options: dict[str, Any] | None = None,
    as_of: str | None = None,
    report_dir: str | None = None,
    wait: bool = False,
    wait_timeout: float | None = None,
    offline: bool = False,
) -> dict[str, Any]:
    """The whole month: sources, geo, crawl, research/feedback, score (and report), as subflows.

    Returns the run record. The flow run fails only with ``strict`` when a step or city failed; it
    fails at once when the month is locked by another run (unless ``wait``).
    """
    return run_month(
        month,
        only=only,
        skip_crawl=skip_crawl,
        strict=strict,
        cities=cities,
        inputs=inputs,
        data_dir=data_dir,
        cities_file=cities_file,
        max_pages=max_pages,
        allow_loopback=allow_loopback,
        crawl_options=crawl_options,
        as_of=as_of,
        report_dir=report_dir,
        wait=wait,
        wait_timeout=wait_timeout,
        offline=offline,
    )


# --- as a plain script ---------------------------------------------------------------------------


def _parse_inputs(values: list[str] | None) -> dict[str, str]:
    inputs = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise PlanError(f"--input {item!r}: expected SOURCE=PATH_OR_URL")
        inputs[name.strip()] = value.strip()
    return inputs


def main(argv: list[str] | None = None) -> int:
    """``python -m flows.flows``: run the monthly flow (or part of it) without the ``sci`` CLI."""
    parser = argparse.ArgumentParser(prog="python -m flows.flows", description=__doc__.split("\n\n")[0])
    parser.add_argument("--month", help="YYYY-MM (default: the current month, Europe/Berlin)")
    parser.add_argument("--only", action="append", help="a source, crawl or research (repeatable)")
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any step or city failed")
    parser.add_argument("--city", action="append", dest="cities", help="crawl only this city (repeatable)")
    parser.add_argument("--input", action="append", help="SOURCE=PATH or SOURCE=URL (repeatable)")
    parser.add_argument("--data-dir")
    parser.add_argument("--cities-file", help="another city registry CSV")
    parser.add_argument("--wait", action="store_true", help="wait for a run of the same month to finish")
    parser.add_argument("--offline", action="store_true", help="skip sources without an --input")
    args = parser.parse_args(argv)
    try:
        with in_process_run_settings():
            record = monthly_index(
                month=args.month,
                only=args.only,
                skip_crawl=args.skip_crawl,
                strict=args.strict,
                cities=args.cities,
                inputs=_parse_inputs(args.input),
                data_dir=args.data_dir,
                cities_file=args.cities_file,
                wait=args.wait,
                offline=args.offline,
            )
    except (MonthLocked, PlanError, StrictRunFailed, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({k: record[k] for k in ("run_id", "month", "status")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
