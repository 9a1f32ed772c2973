"""A deliberately plain re-implementation of the method (loops, dicts, Python floats) for cross-checks.

It follows METHOD.md "Scoring, step by step" line by line, plus the documented not_applicable rule,
and shares no code with ``normalize.scoring``: the property tests compare the two to 1e-9.
"""

from __future__ import annotations

import math

from normalize.catalog import Catalog

TIE = 1e-9


def reference_scores(
    rows: list[tuple[str, str, float, str | None]], catalog: Catalog
) -> dict[tuple[str, str, str], tuple[float, int | None, float]]:
    """rows: (city_ags, parameter_id, value (nan = unknown), status or None).

    Returns {(level, id, city): (score, rank, coverage)}; score nan / rank None where left out.
    """
    cities = sorted({r[0] for r in rows})
    value: dict[tuple[str, str], float] = {}
    not_applicable: set[tuple[str, str]] = set()
    for city, pid, v, status in rows:
        if status == "not_applicable":
            not_applicable.add((city, pid))
        else:
            value[(city, pid)] = v

    def known(city: str, pid: str) -> bool:
        return (city, pid) in value and not math.isnan(value[(city, pid)])

    # Step 1: parameter scores.
    s: dict[tuple[str, str], float] = {}
    for pid, par in catalog.parameters.items():
        if par.pilot:
            continue
        if par.kind == "numeric":
            vs = [value[(c, pid)] for c in cities if known(c, pid)]
            lo, hi = (min(vs), max(vs)) if vs else (0.0, 0.0)
        for c in cities:
            if not known(c, pid):
                s[(c, pid)] = 0.0
                continue
            v = value[(c, pid)]
            if par.kind == "boolean":
                s[(c, pid)] = v
            elif par.kind == "ordinal":
                s[(c, pid)] = v / par.levels
            elif hi == lo:
                s[(c, pid)] = 1.0 if v > 0 else 0.0
            elif par.direction == "lower":
                s[(c, pid)] = (hi - v) / (hi - lo)
            else:
                s[(c, pid)] = (v - lo) / (hi - lo)

    out: dict[tuple[str, str, str], tuple[float, int | None, float]] = {}
    area_score: dict[tuple[str, str], float] = {}
    for area in catalog.areas:
        # Steps 2-4.
        ind_points: dict[tuple[str, str], float] = {}  # (indicator, city) -> index or bonus
        for ind in area.indicators:
            raws: dict[str, float] = {}
            for c in cities:
                applicable = [p for p in ind.parameters if (c, p.id) not in not_applicable]
                if not applicable:
                    continue
                if ind.pilot:
                    raws[c] = sum(p.weight * value[(c, p.id)] for p in applicable if known(c, p.id))
                else:
                    total = sum(p.weight for p in ind.parameters)
                    app = sum(p.weight for p in applicable)
                    raw = sum(p.weight * s[(c, p.id)] for p in applicable)
                    raws[c] = raw * total / app if 0 < app < total else raw
            if ind.pilot:
                for c, raw in raws.items():
                    ind_points[(ind.id, c)] = min(raw, area.bonus_cap)
            elif raws:
                lo, hi = min(raws.values()), max(raws.values())
                for c, raw in raws.items():
                    if hi - lo <= 1e-12 * max(abs(hi), abs(lo)):
                        ind_points[(ind.id, c)] = 100.0 if raw > 0 else 0.0
                    else:
                        ind_points[(ind.id, c)] = 100 * (raw - lo) / (hi - lo)
        # Step 5.
        for c in cities:
            total_points, maximum = 0.0, 0.0
            for ind in area.indicators:
                if (ind.id, c) in ind_points:
                    total_points += ind_points[(ind.id, c)]
                    maximum += area.bonus_cap if ind.pilot else 100.0
            if area.pilot_indicator is None:
                maximum += area.bonus_cap
            area_score[(area.id, c)] = 100 * total_points / maximum if maximum > 0 else math.nan
        for ind in area.indicators:
            _rank_into(
                out, "indicator", ind.id, cities, ind_points, ind.id, catalog, [ind], not_applicable, known
            )
        _rank_into(
            out,
            "area",
            area.id,
            cities,
            {(area.id, c): area_score[(area.id, c)] for c in cities},
            area.id,
            catalog,
            list(area.indicators),
            not_applicable,
            known,
        )
    # Step 6.
    overall = {}
    for c in cities:
        got = [area_score[(a.id, c)] for a in catalog.areas if not math.isnan(area_score[(a.id, c)])]
        overall[("overall", c)] = sum(got) / len(got) if got else math.nan
    all_inds = [i for a in catalog.areas for i in a.indicators]
    _rank_into(
        out, "overall", "overall", cities, overall, "overall", catalog, all_inds, not_applicable, known
    )
    return out


def _rank_into(out, level, id_, cities, points, key, catalog, indicators, not_applicable, known) -> None:
    scores = {c: points.get((key, c), math.nan) for c in cities}
    for c in cities:
        score = scores[c]
        pars = [p.id for ind in indicators for p in ind.parameters if (c, p.id) not in not_applicable]
        coverage = sum(known(c, p) for p in pars) / len(pars) if pars else math.nan
        if math.isnan(score):
            out[(level, id_, c)] = (math.nan, None, coverage)
            continue
        # Step 7: 1 + number of cities with a clearly higher score.
        rank = 1 + sum(1 for o in cities if not math.isnan(scores[o]) and scores[o] > score + TIE)
        out[(level, id_, c)] = (score, rank, coverage)
