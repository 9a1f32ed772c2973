"""Month-to-month diff: which parameters changed for a city, why, and what it did to scores and ranks.

Pure logic over two prepared months (:func:`normalize.inspect.prepare_month`) and the run records
(``<data-dir>/runs/<run_id>.json`` as dicts). A change is a different winning value or status for a
(city, parameter). Each change gets one *cause*, decided by these rules, in order:

1. ``first_collected`` / ``no_longer_collected``: a row exists in only one of the months.
2. ``manual_entry``: either winning row is a research entry or a city correction (method
   ``research`` / ``feedback``): a person added, changed or withdrew a value.
3. ``producer_change``: the winning rows come from different producing sources.
4. ``collection_failure``: either row is ``not_checkable`` (the site or check failed that month).
5. Compare the *input* of both rows. For page-based rows (``crawl``, ``probe``) the input is the set
   of page-body hashes (evidence ``sha256``); for data rows (``source``, ``geo``) it is the set of raw
   snapshot hashes (evidence ``sha256``, else the snapshots the run record lists for that source).
   - inputs differ -> ``site_change`` (pages) or ``new_source_data`` (data);
   - inputs equal and the producing version differs -> ``detector_change``. The version is the
     evidence ``version`` (detector / adapter version); when the evidence carries none, the run
     records' ``detector_version`` (pages) or ``code_version`` (data);
   - inputs equal, same version, different ``catalog_version`` in the run records -> ``catalog_change``;
   - inputs equal and nothing else differs -> ``unexplained``.
   When either month has no input hash, a version difference still gives ``detector_change`` and a
   catalog difference ``catalog_change``. For pages with the same known detector version where only
   one month has matching page bodies (the feature appeared on, or disappeared from, the site; an
   ``absent`` decision has no matching page), the cause is ``site_change``. Otherwise ``unknown``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from normalize.catalog import Catalog
from normalize.inspect import (
    EvidenceItem,
    MonthContext,
    evidence_items,
    format_value,
    id_list,
    iso_utc,
    opt_float,
    opt_str,
)

CAUSES: dict[str, str] = {
    "first_collected": "no row in the earlier month: collected for the first time",
    "no_longer_collected": "no row in the later month: no longer collected",
    "manual_entry": "a research entry or city correction was added, changed or withdrawn",
    "producer_change": "the winning value now comes from another producer",
    "collection_failure": "the check could not be completed in one of the months (not_checkable)",
    "site_change": "the city's site changed (different page body, or a matching page appeared/disappeared)",
    "new_source_data": "new source data (different snapshot of the data set)",
    "detector_change": "same input, new detector/adapter version",
    "catalog_change": "same input and code, new catalog version",
    "unexplained": "same input, versions and catalog: nothing recorded explains it",
    "unknown": "no input hashes or versions recorded to tell the cause",
}
PAGE_METHODS = ("crawl", "probe")
MANUAL_METHODS = ("research", "feedback")
SCORE_EPSILON = 1e-9


# --- run records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunVersions:
    """The versions and input hashes one run record states."""

    run_id: str | None
    month: str | None
    started_at: str | None
    code: str | None
    catalog: str | None
    detector: str | None
    snapshots: dict[str, frozenset[str]] = field(default_factory=dict)


def _code_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        # {"package": "0.1.0", "git_commit": "abc"}: a code version is the whole pair.
        parts = [f"{k}={value[k]}" for k in sorted(value) if value[k] is not None]
        return ", ".join(parts) or None
    return str(value)


def run_versions(record: dict[str, Any]) -> RunVersions:
    """Read a run record (as written by the flows) tolerantly: missing fields become None."""
    versions = record.get("versions") if isinstance(record.get("versions"), dict) else {}
    snapshots: dict[str, set[str]] = {}
    for step in record.get("steps") or []:
        if not isinstance(step, dict):
            continue
        for snap in step.get("snapshots") or []:
            if isinstance(snap, dict) and snap.get("sha256"):
                name = str(snap.get("source") or step.get("name") or "")
                snapshots.setdefault(name, set()).add(str(snap["sha256"]))
    return RunVersions(
        run_id=opt_str(record.get("run_id")),
        month=opt_str(record.get("month")),
        started_at=opt_str(record.get("started_at")),
        code=_code_text(record.get("code_version", versions.get("code"))),
        catalog=opt_str(record.get("catalog_version", versions.get("catalog"))),
        detector=opt_str(record.get("detector_version", versions.get("detector"))),
        snapshots={k: frozenset(v) for k, v in snapshots.items()},
    )


class RunIndex:
    """Run records by id, with the latest run of a month as the fallback for rows without a run id."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.by_id: dict[str, RunVersions] = {}
        self.latest_by_month: dict[str, RunVersions] = {}
        for rec in records:
            rv = run_versions(rec)
            if rv.run_id:
                self.by_id[rv.run_id] = rv
            if rv.month:
                current = self.latest_by_month.get(rv.month)
                if current is None or (rv.started_at or "", rv.run_id or "") > (
                    current.started_at or "",
                    current.run_id or "",
                ):
                    self.latest_by_month[rv.month] = rv

    def for_row(self, run_id: str | None, month: str) -> RunVersions | None:
        if run_id and run_id in self.by_id:
            return self.by_id[run_id]
        return self.latest_by_month.get(month)


# --- the diff ------------------------------------------------------------------------------------


@dataclass
class Side:
    """One month's winning row of a changed parameter, with its evidence."""

    month: str
    value: float | None
    value_text: str
    status: str
    source: str
    method: str
    run_id: str | None
    collected_at: str | None
    evidence: list[EvidenceItem]

    @property
    def hashes(self) -> frozenset[str]:
        return frozenset(e.sha256 for e in self.evidence if e.sha256)

    @property
    def versions(self) -> frozenset[str]:
        return frozenset(e.version for e in self.evidence if e.version)


@dataclass
class ParameterChange:
    parameter_id: str
    name: str
    old: Side | None
    new: Side | None
    cause: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter_id": self.parameter_id,
            "name": self.name,
            "cause": self.cause,
            "reason": self.reason,
            "old": asdict(self.old) if self.old else None,
            "new": asdict(self.new) if self.new else None,
        }


@dataclass
class ScoreChange:
    id: str
    name: str
    level: str
    old_score: float | None
    new_score: float | None
    old_rank: int | None
    new_rank: int | None

    @property
    def delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return self.new_score - self.old_score

    @property
    def places(self) -> int | None:
        """Places moved up (positive) or down (negative)."""
        if self.old_rank is None or self.new_rank is None:
            return None
        return self.old_rank - self.new_rank

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "delta": self.delta, "places": self.places}


@dataclass
class CityDiff:
    city_ags: str
    city_name: str
    changes: list[ParameterChange]
    scores: list[ScoreChange]

    @property
    def empty(self) -> bool:
        return not self.changes and not self.scores

    def to_dict(self) -> dict[str, Any]:
        return {
            "city": {"ags": self.city_ags, "name": self.city_name},
            "changes": [c.to_dict() for c in self.changes],
            "scores": [s.to_dict() for s in self.scores],
        }


@dataclass
class MonthDiff:
    month_a: str
    month_b: str
    cities: list[CityDiff]

    def cause_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for city in self.cities:
            for change in city.changes:
                counts[change.cause] = counts.get(change.cause, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "month_a": self.month_a,
            "month_b": self.month_b,
            "causes": self.cause_counts(),
            "cities": [c.to_dict() for c in self.cities],
        }


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _side(ctx: MonthContext, row: dict[str, Any] | None, catalog: Catalog) -> Side | None:
    if row is None:
        return None
    par = catalog.parameters.get(str(row["parameter_id"]))
    value = opt_float(row["value"])
    status = str(row["status"])
    return Side(
        month=ctx.month,
        value=value,
        value_text=format_value(par, value, status, opt_str(row.get("unit"))) if par else str(value),
        status=status,
        source=str(row["source"]),
        method=str(row["method"]),
        run_id=opt_str(row.get("run_id")),
        collected_at=iso_utc(row.get("collected_at")),
        evidence=evidence_items(id_list(row.get("evidence")), ctx.evidence_by_id),
    )


def _input_hashes(side: Side, run: RunVersions | None) -> frozenset[str]:
    if side.hashes:
        return side.hashes
    if side.method not in PAGE_METHODS and run is not None:
        return run.snapshots.get(side.source, frozenset())
    return frozenset()


def _producer_version(side: Side, run: RunVersions | None) -> frozenset[str] | str | None:
    if side.versions:
        return side.versions
    if run is None:
        return None
    return run.detector if side.method in PAGE_METHODS else run.code


def _fmt_version(version: frozenset[str] | str | None) -> str:
    if isinstance(version, frozenset):
        return ", ".join(sorted(version))
    return str(version)


def classify_change(
    old: Side | None, new: Side | None, run_old: RunVersions | None, run_new: RunVersions | None
) -> tuple[str, str]:
    """The cause of one change and a sentence saying why (rules in the module docstring)."""
    if old is None:
        return "first_collected", "no row in the earlier month"
    if new is None:
        return "no_longer_collected", "no row in the later month"
    if old.method in MANUAL_METHODS or new.method in MANUAL_METHODS:
        kinds = {"research": "research entry", "feedback": "city correction"}
        if old.method == new.method:
            return "manual_entry", f"the {kinds[new.method]} changed"
        if new.method in MANUAL_METHODS:
            return "manual_entry", f"a {kinds[new.method]} now decides (was {old.method} from {old.source})"
        return (
            "manual_entry",
            f"the {kinds[old.method]} was withdrawn; {new.method} from {new.source} decides",
        )
    if old.source != new.source:
        return "producer_change", f"the value now comes from {new.source} (was {old.source})"
    if "not_checkable" in (old.status, new.status):
        which = "later" if new.status == "not_checkable" else "earlier"
        return "collection_failure", f"the check could not be completed in the {which} month"
    pages = new.method in PAGE_METHODS
    hashes_old, hashes_new = _input_hashes(old, run_old), _input_hashes(new, run_new)
    version_old, version_new = _producer_version(old, run_old), _producer_version(new, run_new)
    version_changed = version_old is not None and version_new is not None and version_old != version_new
    catalog_old = run_old.catalog if run_old else None
    catalog_new = run_new.catalog if run_new else None
    catalog_changed = catalog_old is not None and catalog_new is not None and catalog_old != catalog_new
    version_note = (
        f"{'detector' if pages else 'adapter'} version {_fmt_version(version_old)} -> "
        f"{_fmt_version(version_new)}"
    )
    if hashes_old and hashes_new:
        if hashes_old != hashes_new:
            what = "page body" if pages else "source snapshot"
            cause = "site_change" if pages else "new_source_data"
            reason = f"{what} hash changed"
            if version_changed:
                reason += f" (also {version_note})"
            return cause, reason
        if version_changed:
            return "detector_change", f"same {'page body' if pages else 'source snapshot'}, {version_note}"
        if catalog_changed:
            return "catalog_change", f"same input and version, catalog {catalog_old} -> {catalog_new}"
        return "unexplained", "same input hashes, versions and catalog"
    which = (
        "either month"
        if not hashes_old and not hashes_new
        else "the earlier month"
        if not hashes_old
        else "the later month"
    )
    if version_changed:
        return "detector_change", f"no input hash in {which}; {version_note}"
    if catalog_changed:
        return "catalog_change", f"no input hash in {which}; catalog {catalog_old} -> {catalog_new}"
    if pages and (hashes_old or hashes_new) and version_old is not None and version_new is not None:
        # Same detector on both sides, but only one month had a matching page: the site changed.
        if hashes_new:
            return "site_change", (
                f"no matching page in the earlier month; now on {len(hashes_new)} page(s), "
                f"same detector version {_fmt_version(version_new)}"
            )
        return "site_change", (
            f"no matching page in the later month; earlier on {len(hashes_old)} page(s), "
            f"same detector version {_fmt_version(version_new)}"
        )
    return "unknown", f"no input hash in {which} and no version change recorded"


def _score_changes(ctx_a: MonthContext, ctx_b: MonthContext, ags: str, catalog: Catalog) -> list[ScoreChange]:
    names = {"overall": ("Overall", "overall")}
    names.update({a.id: (a.name, "area") for a in catalog.areas})
    names.update({i.id: (i.name, "indicator") for i in catalog.indicators.values()})
    out = []
    for sid, (name, level) in names.items():
        rec_a, rec_b = ctx_a.score_index.get((ags, sid)), ctx_b.score_index.get((ags, sid))
        if rec_a is None and rec_b is None:
            continue
        change = ScoreChange(
            id=sid,
            name=name,
            level=level,
            old_score=opt_float(rec_a.get("score")) if rec_a else None,
            new_score=opt_float(rec_b.get("score")) if rec_b else None,
            old_rank=int(rec_a["rank"]) if rec_a and opt_float(rec_a.get("rank")) is not None else None,
            new_rank=int(rec_b["rank"]) if rec_b and opt_float(rec_b.get("rank")) is not None else None,
        )
        score_moved = (change.delta is None and (change.old_score is None) != (change.new_score is None)) or (
            change.delta is not None and abs(change.delta) > SCORE_EPSILON
        )
        if score_moved or change.old_rank != change.new_rank:
            out.append(change)
    return out


def diff_months(
    ctx_a: MonthContext,
    ctx_b: MonthContext,
    *,
    runs: list[dict[str, Any]] | None = None,
    city_names: dict[str, str] | None = None,
    cities: list[str] | None = None,
) -> MonthDiff:
    """Per city (all of both months, or ``cities``): changed parameters with causes, and score moves."""
    catalog = ctx_b.catalog
    index = RunIndex(runs or [])
    names = city_names or {}
    wanted = cities if cities is not None else sorted(set(ctx_a.cities) | set(ctx_b.cities))
    result = []
    for ags in wanted:
        changes = []
        for par in catalog.parameters.values():
            key = (ags, par.id)
            row_a, row_b = ctx_a.winners.get(key), ctx_b.winners.get(key)
            if row_a is None and row_b is None:
                continue
            old, new = _side(ctx_a, row_a, catalog), _side(ctx_b, row_b, catalog)
            if old and new and old.status == new.status and _same_value(old.value, new.value):
                continue
            cause, reason = classify_change(
                old,
                new,
                index.for_row(old.run_id, ctx_a.month) if old else None,
                index.for_row(new.run_id, ctx_b.month) if new else None,
            )
            changes.append(
                ParameterChange(
                    parameter_id=par.id, name=par.name, old=old, new=new, cause=cause, reason=reason
                )
            )
        result.append(
            CityDiff(
                city_ags=ags,
                city_name=names.get(ags, ags),
                changes=changes,
                scores=_score_changes(ctx_a, ctx_b, ags, catalog),
            )
        )
    return MonthDiff(month_a=ctx_a.month, month_b=ctx_b.month, cities=result)
