"""The per-city evidence view: what was found for each parameter, where, when, and why it scores.

Pure logic (no files, no printing): it joins the month's parameter rows (resolved with
:func:`normalize.precedence.resolve`), the evidence records they point at, the month's scores and the
catalog into one :class:`CityView` per city. ``sci evidence`` prints it and the HTML report renders it.

A parameter's *score contribution* is the method's parameter score ``s`` (0..1) times the catalog
weight: booleans count 1/0, ordinals ``value / levels``, numerics min-max over every city of the month
(``direction: lower`` inverted; equal values give 1 where v > 0). Unknown values contribute 0; a
``not_applicable`` parameter contributes nothing (it is left out of its indicator). Pilot parameters
are bonus points (capped per area), not min-max scores.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from normalize.catalog import Catalog, Parameter
from normalize.precedence import METHOD_RANK, resolve
from normalize.table import KNOWN_STATUSES

# How each parameter state is shown: "missing" means no row at all for the city and parameter.
STATE_LABELS = {
    "known": "known",
    "missing": "MISSING (no row)",
    "not_checkable": "NOT CHECKABLE",
    "source_missing": "SOURCE MISSING",
    "not_applicable": "not applicable",
}
UNKNOWN_STATES = ("missing", "not_checkable", "source_missing")


# --- small value helpers ---------------------------------------------------------------------------


def _is_nan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def opt_float(value: Any) -> float | None:
    if _is_nan(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def opt_int(value: Any) -> int | None:
    out = opt_float(value)
    return None if out is None else int(out)


def opt_str(value: Any) -> str | None:
    if _is_nan(value):
        return None
    text = str(value)
    return text if text else None


def iso_utc(value: Any) -> str | None:
    if _is_nan(value) or value is pd.NaT:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    if pd.isna(ts):
        return None
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return ts.tz_convert("UTC").isoformat().replace("+00:00", "Z")


def http_link(url: str | None) -> str | None:
    """``url`` when it is a plain absolute http(s) URL, else None (javascript:, data:, relative...).

    Only such URLs may become clickable links anywhere; everything else is shown as text.
    """
    if not url:
        return None
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def format_value(
    parameter: Parameter, value: float | None, status: str | None, unit: str | None = None
) -> str:
    """A parameter value as people read it: yes/no, ``2 of 3 (scale text)``, ``12.5 %``, or the status."""
    if status is None:
        return "—"
    if value is None:
        return "—"
    if parameter.kind == "boolean":
        return "yes" if value >= 1 else "no"
    if parameter.kind == "ordinal":
        level = int(value)
        text = f"{level} of {parameter.levels}"
        if parameter.scale and level in parameter.scale:
            text += f" ({parameter.scale[level]})"
        return text
    number = f"{value:.4f}".rstrip("0").rstrip(".")
    shown_unit = unit or parameter.unit
    return f"{number} {shown_unit}" if shown_unit else number


# --- parameter scores --------------------------------------------------------------------------------


def parameter_scores(resolved: pd.DataFrame, catalog: Catalog) -> dict[tuple[str, str], float]:
    """``(city_ags, parameter_id) -> s`` in [0, 1] for every known, scorable winning row.

    Numerics are min-max over the cities in ``resolved`` (one month). Pilot parameters are bonus
    points, not scores, and are left out. Unknown or not_applicable rows have no entry.
    """
    out: dict[tuple[str, str], float] = {}
    if resolved.empty:
        return out
    known = resolved[resolved["status"].isin(KNOWN_STATUSES) & resolved["value"].notna()]
    for pid, rows in known.groupby("parameter_id", sort=False):
        par = catalog.parameters.get(str(pid))
        if par is None or par.pilot:
            continue
        values = rows["value"].astype(float).to_numpy()
        if par.kind == "boolean":
            scores = (values >= 1).astype(float)
        elif par.kind == "ordinal":
            scores = np.clip(values / float(par.levels or 1), 0.0, 1.0)
        else:
            low, high = float(values.min()), float(values.max())
            if high == low:
                scores = (values > 0).astype(float)
            elif par.direction == "lower":
                scores = (high - values) / (high - low)
            else:
                scores = (values - low) / (high - low)
        for ags, score in zip(rows["city_ags"], scores, strict=True):
            out[(str(ags), str(pid))] = float(score)
    return out


# --- the view ------------------------------------------------------------------------------------------


@dataclass
class EvidenceItem:
    evidence_id: str
    found: bool  # False: the row names an evidence id that no evidence record has
    url: str | None = None
    final_url: str | None = None
    link: str | None = None  # the URL to link to (final_url or url), only if plain http(s)
    http_status: int | None = None
    snippet: str | None = None
    rule_id: str | None = None
    fetched_at: str | None = None
    sha256: str | None = None
    source: str | None = None
    method: str | None = None
    version: str | None = None
    warc_file: str | None = None
    items: list[str] = field(default_factory=list)


@dataclass
class OverriddenRow:
    source: str
    method: str
    value: float | None
    status: str
    collected_at: str | None
    evidence: list[str]


@dataclass
class ParameterView:
    parameter_id: str
    name: str
    area_id: str
    indicator_id: str
    indicator_name: str
    kind: str
    weight: float
    pilot: bool
    state: str  # known | missing | not_checkable | source_missing | not_applicable
    value: float | None
    value_text: str
    status: str | None
    raw: str | None
    unit: str | None
    score: float | None  # s in [0, 1]; None for pilot, not_applicable
    contribution: float | None  # s * weight (pilot: bonus points, capped)
    indicator_index: float | None  # the indicator's index (0..100) from the month's scores
    method: str | None
    source: str | None
    collected_at: str | None
    run_id: str | None
    evidence: list[EvidenceItem]
    overridden: list[OverriddenRow]

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass
class Coverage:
    total: int  # catalog parameters considered
    known: int
    missing: int  # no row at all
    not_checkable: int
    source_missing: int
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def share(self) -> float:
        """Known parameters as a share of the applicable ones (0..1)."""
        return self.known / self.applicable if self.applicable else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "applicable": self.applicable, "share": self.share}


@dataclass
class ScoreLine:
    id: str
    name: str
    level: str
    score: float | None
    rank: int | None
    prev_rank: int | None
    trend: int | None
    coverage: float | None


@dataclass
class CityView:
    city_ags: str
    city_name: str
    state: str | None
    month: str
    catalog_version: str
    area: str | None
    coverage: Coverage
    overall: ScoreLine | None
    areas: list[ScoreLine]
    indicators: list[ScoreLine]
    parameters: list[ParameterView]

    def to_dict(self) -> dict[str, Any]:
        return {
            "city": {"ags": self.city_ags, "name": self.city_name, "state": self.state},
            "month": self.month,
            "catalog_version": self.catalog_version,
            "area": self.area,
            "coverage": self.coverage.to_dict(),
            "overall": asdict(self.overall) if self.overall else None,
            "areas": [asdict(a) for a in self.areas],
            "indicators": [asdict(i) for i in self.indicators],
            "parameters": [{**asdict(p), "state_label": p.state_label} for p in self.parameters],
        }


@dataclass
class MonthContext:
    """Everything of one month the views need, prepared once for all cities."""

    month: str
    catalog: Catalog
    rows: pd.DataFrame  # all parameter rows of the month
    resolved: pd.DataFrame  # the winners, with ``overrides``
    scores: pd.DataFrame  # the month's scores (may be empty)
    evidence_by_id: dict[str, dict[str, Any]]
    s_values: dict[tuple[str, str], float]
    winners: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    losers: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    score_index: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def cities(self) -> list[str]:
        """AGS of every city with parameter rows or scores this month, sorted."""
        found = set(self.rows["city_ags"].astype(str)) if not self.rows.empty else set()
        if not self.scores.empty:
            found |= set(self.scores["city_ags"].astype(str))
        return sorted(found)


def _precedence_key(row: dict[str, Any]) -> tuple:
    """The order :func:`normalize.precedence.resolve` ranks rows in (best first)."""
    ts = pd.Timestamp(row["collected_at"]) if not _is_nan(row.get("collected_at")) else None
    newest_first = -ts.value if ts is not None and not pd.isna(ts) else 0
    return (METHOD_RANK.get(str(row["method"]), 9), _is_nan(row["value"]), newest_first, str(row["source"]))


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts; much faster than ``to_dict("records")`` on arrow-backed string columns."""
    if df.empty:
        return []
    columns = {c: df[c].tolist() for c in df.columns}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def prepare_month(
    month: str,
    parameters: pd.DataFrame,
    evidence: pd.DataFrame,
    scores: pd.DataFrame | None,
    catalog: Catalog,
    *,
    only_cities: set[str] | None = None,
) -> MonthContext:
    """Resolve the month's rows and index evidence, winners, losers and scores for fast lookups.

    Scores ``s`` always come from every city of the month (numerics are min-max over all of them);
    ``only_cities`` limits the lookups to those cities when only they will be viewed (``sci evidence``).
    """
    rows = parameters[parameters["month"] == month] if not parameters.empty else parameters
    resolved = resolve(rows)
    scores = scores if scores is not None else pd.DataFrame()
    wanted_rows, wanted_resolved, wanted_scores = rows, resolved, scores
    if only_cities is not None:
        wanted_rows = rows[rows["city_ags"].isin(only_cities)] if not rows.empty else rows
        wanted_resolved = resolved[resolved["city_ags"].isin(only_cities)] if not resolved.empty else resolved
        wanted_scores = scores[scores["city_ags"].isin(only_cities)] if not scores.empty else scores
        if not evidence.empty:
            ids = {e for ev in wanted_rows["evidence"] for e in id_list(ev)}
            evidence = evidence[evidence["evidence_id"].isin(ids)]
    ctx = MonthContext(
        month=month,
        catalog=catalog,
        rows=rows,
        resolved=resolved,
        scores=scores,
        evidence_by_id={str(rec["evidence_id"]): rec for rec in records(evidence)},
        s_values=parameter_scores(resolved, catalog),
    )
    for rec in records(wanted_resolved):
        ctx.winners[(str(rec["city_ags"]), str(rec["parameter_id"]))] = rec
    for rec in records(wanted_rows):
        key = (str(rec["city_ags"]), str(rec["parameter_id"]))
        ctx.losers.setdefault(key, []).append(rec)
    for key, recs in ctx.losers.items():
        # Everything but the winner itself (a source writes one row per key), in precedence order.
        winner = ctx.winners.get(key)
        beaten = [r for r in recs if winner is None or r["source"] != winner["source"]]
        ctx.losers[key] = sorted(beaten, key=_precedence_key)
    for rec in records(wanted_scores):
        ctx.score_index[(str(rec["city_ags"]), str(rec["id"]))] = rec
    return ctx


def evidence_items(ids: list[str], evidence_by_id: dict[str, dict[str, Any]]) -> list[EvidenceItem]:
    items = []
    for eid in ids:
        rec = evidence_by_id.get(eid)
        if rec is None:
            items.append(EvidenceItem(evidence_id=eid, found=False))
            continue
        url, final_url = opt_str(rec.get("url")), opt_str(rec.get("final_url"))
        items.append(
            EvidenceItem(
                evidence_id=eid,
                found=True,
                url=url,
                final_url=final_url,
                link=http_link(final_url) or http_link(url),
                http_status=opt_int(rec.get("http_status")),
                snippet=opt_str(rec.get("snippet")),
                rule_id=opt_str(rec.get("rule_id")),
                fetched_at=iso_utc(rec.get("fetched_at")),
                sha256=opt_str(rec.get("sha256")),
                source=opt_str(rec.get("source")),
                method=opt_str(rec.get("method")),
                version=opt_str(rec.get("version")),
                warc_file=opt_str(rec.get("warc_file")),
                items=[str(x) for x in (rec.get("items") if rec.get("items") is not None else [])],
            )
        )
    return items


def id_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def _score_line(ctx: MonthContext, ags: str, sid: str, level: str, name: str) -> ScoreLine | None:
    rec = ctx.score_index.get((ags, sid))
    if rec is None:
        return None
    return ScoreLine(
        id=sid,
        name=name,
        level=level,
        score=opt_float(rec.get("score")),
        rank=opt_int(rec.get("rank")),
        prev_rank=opt_int(rec.get("prev_rank")),
        trend=opt_int(rec.get("trend")),
        coverage=opt_float(rec.get("coverage")),
    )


def parameter_view(ctx: MonthContext, ags: str, par: Parameter) -> ParameterView:
    """One parameter of one city: the winning row, its evidence, its score and what it overrode."""
    key = (ags, par.id)
    row = ctx.winners.get(key)
    indicator = ctx.catalog.indicators[par.indicator_id]
    ind_rec = ctx.score_index.get((ags, par.indicator_id))
    indicator_index = opt_float(ind_rec.get("score")) if ind_rec else None
    base = {
        "parameter_id": par.id,
        "name": par.name,
        "area_id": par.area_id,
        "indicator_id": par.indicator_id,
        "indicator_name": indicator.name,
        "kind": par.kind,
        "weight": par.weight,
        "pilot": par.pilot,
        "indicator_index": indicator_index,
    }
    if row is None:
        return ParameterView(
            **base,
            state="missing",
            value=None,
            value_text="—",
            status=None,
            raw=None,
            unit=par.unit,
            score=None if par.pilot else 0.0,
            contribution=None if par.pilot else 0.0,
            method=None,
            source=None,
            collected_at=None,
            run_id=None,
            evidence=[],
            overridden=[],
        )
    status = str(row["status"])
    value = opt_float(row["value"])
    known = status in KNOWN_STATUSES and value is not None
    state = "known" if known else status
    if par.pilot:
        cap = ctx.catalog.area(par.area_id).bonus_cap
        score, contribution = None, (min(value, cap) if known and value is not None else None)
    elif state == "not_applicable":
        score, contribution = None, None
    else:
        score = ctx.s_values.get(key, 0.0)
        contribution = score * par.weight
    overridden = [
        OverriddenRow(
            source=str(r["source"]),
            method=str(r["method"]),
            value=opt_float(r["value"]),
            status=str(r["status"]),
            collected_at=iso_utc(r.get("collected_at")),
            evidence=id_list(r.get("evidence")),
        )
        for r in ctx.losers.get(key, [])
    ]
    return ParameterView(
        **base,
        state=state,
        value=value,
        value_text=format_value(par, value, status, opt_str(row.get("unit"))),
        status=status,
        raw=opt_str(row.get("raw")),
        unit=opt_str(row.get("unit")) or par.unit,
        score=score,
        contribution=contribution,
        method=opt_str(row.get("method")),
        source=opt_str(row.get("source")),
        collected_at=iso_utc(row.get("collected_at")),
        run_id=opt_str(row.get("run_id")),
        evidence=evidence_items(id_list(row.get("evidence")), ctx.evidence_by_id),
        overridden=overridden,
    )


def coverage_of(parameters: list[ParameterView]) -> Coverage:
    states = [p.state for p in parameters]
    return Coverage(
        total=len(states),
        known=states.count("known"),
        missing=states.count("missing"),
        not_checkable=states.count("not_checkable"),
        source_missing=states.count("source_missing"),
        not_applicable=states.count("not_applicable"),
    )


def city_view(
    ctx: MonthContext,
    city_ags: str,
    *,
    city_name: str | None = None,
    state: str | None = None,
    area: str | None = None,
) -> CityView:
    """The evidence view of one city (optionally one area) for the context's month.

    Coverage counts every catalog parameter of the city (all areas), so it matches the ranking even
    when the view is limited to one area.
    """
    if area is not None:
        ctx.catalog.area(area)  # KeyError naming the known areas
    all_params = [parameter_view(ctx, city_ags, par) for par in ctx.catalog.parameters.values()]
    shown = [p for p in all_params if area is None or p.area_id == area]
    areas = [
        line
        for a in ctx.catalog.areas
        if (area is None or a.id == area)
        and (line := _score_line(ctx, city_ags, a.id, "area", a.name)) is not None
    ]
    indicators = [
        line
        for ind in ctx.catalog.indicators.values()
        if (area is None or ind.area_id == area)
        and (line := _score_line(ctx, city_ags, ind.id, "indicator", ind.name)) is not None
    ]
    return CityView(
        city_ags=city_ags,
        city_name=city_name or city_ags,
        state=state,
        month=ctx.month,
        catalog_version=ctx.catalog.version,
        area=area,
        coverage=coverage_of(all_params),
        overall=_score_line(ctx, city_ags, "overall", "overall", "Overall"),
        areas=areas,
        indicators=indicators,
        parameters=shown,
    )
