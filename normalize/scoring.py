"""Scoring: the index from the parameter table, exactly as ``METHOD.md`` "Scoring, step by step" says.

Pure functions, DataFrame in and DataFrame out; reading and writing files is the CLI's job
(``flows/commands/score.py``). The work is done on dense ``cities x parameters`` numpy matrices, so
10,000 municipalities x 106 parameters score in well under a second (``bench/score.py``).

The rules (``docs/scoring.md`` explains them with examples):

1. Parameter score ``s`` in [0, 1]: boolean ``value`` (0/1); ordinal ``value / levels``; numeric
   min-max over the run's cities with a known value, ``(v - min) / (max - min)`` or, for
   ``direction: lower``, ``(max - v) / (max - min)``; if ``max == min``: 1 where ``v > 0``, else 0.
   Unknown (NaN value, or no row for the city) scores 0 and lowers coverage.
2. Indicator raw = sum of ``weight * s``.
3. Indicator index = min-max of the raw values over the cities: 100 best, 0 worst; if all raws are
   equal (to a relative 1e-12, so float noise never splits equal sums): 100 where raw > 0, else 0.
4. Pilot indicators: bonus = min(sum of ``weight * value``, area bonus cap); not min-max normalised.
5. Area score = 100 * (sum of indices + bonus) / (100 * n_regular_indicators + bonus_cap).
6. Overall = mean of the area scores.
7. Ranks: descending score, ties (within 1e-9 points) share the better rank ("min" method);
   trend = previous rank - rank.

``not_applicable`` (only with a ``status`` column): the parameter is left out of its indicator for
that city. The indicator raw is the weighted sum over the applicable parameters, rescaled by
``total weight / applicable weight`` so the city is not penalised, and the city's value is left out
of the parameter's numeric min-max. If no parameter of an indicator applies, the indicator is left
out of the city's area (no index, and its 100 points, or the bonus cap for a pilot indicator, are
taken off the area's maximum). If nothing of an area applies, the area has no score (null) and the
overall score is the mean of the city's other areas. Coverage counts only applicable parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from normalize.catalog import Catalog, load_catalog
from normalize.table import KNOWN_STATUSES, STATUSES, UNKNOWN_STATUSES, check_month, previous_month

SCORE_COLUMNS = ("month", "city_ags", "level", "id", "score", "rank", "prev_rank", "trend", "coverage", "raw")
LEVELS = ("overall", "area", "indicator")
OVERALL_ID = "overall"
REQUIRED_INPUT_COLUMNS = ("city_ags", "parameter_id", "value")
# Two scores closer than this (points on the 0..100 scale) share a rank: full-precision floats of
# cities with the same inputs can differ in the last bits depending on summation order.
RANK_TIE_TOLERANCE = 1e-9
# Indicator raws whose spread is below this share of their magnitude count as "all equal" (step 3).
EQUAL_RAW_RTOL = 1e-12
_AGS_RE = re.compile(r"^\d{8}$")
BOOLEAN, ORDINAL, NUMERIC = 0, 1, 2
_KIND_CODES = {"boolean": BOOLEAN, "ordinal": ORDINAL, "numeric": NUMERIC}
_MAX_LISTED = 10


class ScoringError(ValueError):
    """The input cannot be scored; the message says what is wrong and where."""


@dataclass(frozen=True)
class CatalogLayout:
    """A catalog as arrays, parameters in catalog order (contiguous per indicator and area)."""

    version: str
    parameter_ids: tuple[str, ...]
    kind: np.ndarray  # per parameter: BOOLEAN | ORDINAL | NUMERIC
    levels: np.ndarray  # per parameter: ordinal levels (1.0 for other kinds)
    weight: np.ndarray  # per parameter
    lower: np.ndarray  # per parameter: numeric with direction lower
    pilot: np.ndarray  # per parameter: belongs to a pilot indicator
    indicator_ids: tuple[str, ...]
    indicator_starts: np.ndarray  # first parameter column of each indicator
    indicator_pilot: np.ndarray
    indicator_max: np.ndarray  # points an indicator can add to its area: 100, or the bonus cap
    area_ids: tuple[str, ...]
    area_starts: np.ndarray  # first indicator column of each area
    area_parameter_starts: np.ndarray  # first parameter column of each area
    area_cap: np.ndarray
    area_has_pilot: np.ndarray


def compile_layout(catalog: Catalog) -> CatalogLayout:
    """Turn a catalog into the arrays the vectorised scoring works on."""
    par_ids, kind, levels, weight, lower, pilot = [], [], [], [], [], []
    ind_ids, ind_starts, ind_pilot, ind_max = [], [], [], []
    area_ids, area_starts, area_par_starts, area_cap, area_has_pilot = [], [], [], [], []
    for area in catalog.areas:
        area_ids.append(area.id)
        area_starts.append(len(ind_ids))
        area_par_starts.append(len(par_ids))
        area_cap.append(float(area.bonus_cap))
        area_has_pilot.append(area.pilot_indicator is not None)
        for ind in area.indicators:
            ind_ids.append(ind.id)
            ind_starts.append(len(par_ids))
            ind_pilot.append(ind.pilot)
            ind_max.append(float(area.bonus_cap) if ind.pilot else 100.0)
            for par in ind.parameters:
                par_ids.append(par.id)
                kind.append(_KIND_CODES[par.kind])
                levels.append(float(par.levels) if par.kind == "ordinal" else 1.0)
                weight.append(float(par.weight))
                lower.append(par.kind == "numeric" and par.direction == "lower")
                pilot.append(ind.pilot)
    return CatalogLayout(
        version=catalog.version,
        parameter_ids=tuple(par_ids),
        kind=np.array(kind, dtype=np.int8),
        levels=np.array(levels, dtype=float),
        weight=np.array(weight, dtype=float),
        lower=np.array(lower, dtype=bool),
        pilot=np.array(pilot, dtype=bool),
        indicator_ids=tuple(ind_ids),
        indicator_starts=np.array(ind_starts, dtype=np.intp),
        indicator_pilot=np.array(ind_pilot, dtype=bool),
        indicator_max=np.array(ind_max, dtype=float),
        area_ids=tuple(area_ids),
        area_starts=np.array(area_starts, dtype=np.intp),
        area_parameter_starts=np.array(area_par_starts, dtype=np.intp),
        area_cap=np.array(area_cap, dtype=float),
        area_has_pilot=np.array(area_has_pilot, dtype=bool),
    )


# --- the rules, on matrices (rows: cities, columns: parameters / indicators / areas) --------------


def numeric_scores(values: np.ndarray, known: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Step 1, numeric: min-max per column over the known values; max == min: 1 where v > 0, else 0."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        vmin = np.where(known, values, np.inf).min(axis=0)
        vmax = np.where(known, values, -np.inf).max(axis=0)
        span = vmax - vmin
        scaled = np.where(lower, vmax - values, values - vmin) / span
        s = np.where(span == 0, (values > 0).astype(float), scaled)
    return np.where(known, s, 0.0)


def parameter_scores(values: np.ndarray, known: np.ndarray, layout: CatalogLayout) -> np.ndarray:
    """Step 1: the score ``s`` in [0, 1] of every (city, parameter); unknown and pilot cells are 0."""
    s = np.zeros_like(values)
    boolean = (layout.kind == BOOLEAN) & ~layout.pilot
    ordinal = (layout.kind == ORDINAL) & ~layout.pilot
    numeric = (layout.kind == NUMERIC) & ~layout.pilot
    s[:, boolean] = np.where(known[:, boolean], values[:, boolean], 0.0)
    s[:, ordinal] = np.where(known[:, ordinal], values[:, ordinal] / layout.levels[ordinal], 0.0)
    s[:, numeric] = numeric_scores(values[:, numeric], known[:, numeric], layout.lower[numeric])
    return s


def minmax_index(raw: np.ndarray) -> np.ndarray:
    """Step 3: per column, 100 * (raw - min) / (max - min) over the non-NaN raws.

    If the raws of a column are all equal (spread <= 1e-12 of their magnitude, i.e. float noise),
    100 where raw > 0, else 0. NaN (indicator left out for that city) stays NaN.
    """
    have = ~np.isnan(raw)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        mn = np.where(have, raw, np.inf).min(axis=0)
        mx = np.where(have, raw, -np.inf).max(axis=0)
        span = mx - mn
        equal = span <= EQUAL_RAW_RTOL * np.maximum(np.abs(mx), np.abs(mn))
        index = np.where(equal, np.where(raw > 0, 100.0, 0.0), 100.0 * ((raw - mn) / span))
    return np.where(have, index, np.nan)


def indicator_values(
    values: np.ndarray, known: np.ndarray, applicable: np.ndarray, layout: CatalogLayout
) -> tuple[np.ndarray, np.ndarray]:
    """Steps 2-4: (value, raw) per (city, indicator).

    value: the index (0..100) of a regular indicator, the capped bonus of a pilot indicator; NaN
    where no parameter of the indicator applies to the city. raw: the weighted sum (rescaled for
    not-applicable parameters) of a regular indicator, the uncapped bonus sum of a pilot one.
    """
    s = parameter_scores(values, known, layout)
    # Pilot parameters count their value (bonus points), not a normalised score.
    contribution = np.where(layout.pilot, np.where(known, values, 0.0), s) * layout.weight
    starts = layout.indicator_starts
    raw_sum = np.add.reduceat(contribution, starts, axis=1)
    weight_total = np.add.reduceat(layout.weight, starts)
    weight_applicable = np.add.reduceat(np.where(applicable, layout.weight, 0.0), starts, axis=1)
    n_applicable = np.add.reduceat(applicable.astype(np.int32), starts, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # Only rescale where something is left out: (x * w) / w is not always exactly x in floats.
        rescale = (weight_applicable < weight_total) & (weight_applicable > 0)
        raw = np.where(rescale, raw_sum * weight_total / weight_applicable, raw_sum)
    raw = np.where(n_applicable > 0, raw, np.nan)
    value = np.empty_like(raw)
    regular = ~layout.indicator_pilot
    value[:, regular] = minmax_index(raw[:, regular])
    value[:, ~regular] = np.minimum(raw[:, ~regular], layout.indicator_max[~regular])
    return value, raw


def area_scores(indicator_value: np.ndarray, layout: CatalogLayout) -> tuple[np.ndarray, np.ndarray]:
    """Step 5: (score, raw) per (city, area); score = 100 * raw / (100 * n_regular + bonus_cap).

    Indicators left out for a city (NaN) add nothing and take their maximum off the denominator.
    An area without a pilot indicator still counts its ``bonus_cap`` (declare 0 for none).
    """
    left_out = np.isnan(indicator_value)
    raw = np.add.reduceat(np.where(left_out, 0.0, indicator_value), layout.area_starts, axis=1)
    maximum = np.add.reduceat(np.where(left_out, 0.0, layout.indicator_max), layout.area_starts, axis=1)
    maximum = maximum + np.where(layout.area_has_pilot, 0.0, layout.area_cap)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(maximum > 0, 100.0 * (raw / maximum), np.nan)
    return score, np.where(maximum > 0, raw, np.nan)


def mean_of_areas(area_scores: Sequence[float] | np.ndarray) -> np.ndarray | float:
    """Step 6: the overall score, the mean of the area scores (last axis), skipping areas without one.

    ``mean_of_areas([76.5, 91.5, 78.5, 98.6, 95.5])`` is 88.12 (the report's Hamburg 2021: 88.1).
    """
    scores = np.asarray(area_scores, dtype=float)
    have = ~np.isnan(scores)
    count = have.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, np.where(have, scores, 0.0).sum(axis=-1) / count, np.nan)
    return float(mean) if mean.ndim == 0 else mean


def rank_descending(
    scores: np.ndarray, tolerance: float = RANK_TIE_TOLERANCE
) -> tuple[np.ndarray, np.ndarray]:
    """Step 7: per column, rank 1 = highest; scores within ``tolerance`` of the next share its rank.

    Returns ``(ranks, order)``: ranks (int64, 0 where the score is NaN) in the input's row order,
    and per column the row indices sorted by rank (NaN last, ties in row order).
    """
    matrix = np.asarray(scores, dtype=float)
    one_dim = matrix.ndim == 1
    if one_dim:
        matrix = matrix[:, None]
    n = matrix.shape[0]
    order = np.argsort(-np.where(np.isnan(matrix), -np.inf, matrix), axis=0, kind="stable")
    ordered = np.take_along_axis(matrix, order, axis=0)
    new_group = np.ones_like(ordered, dtype=bool)
    new_group[1:] = (ordered[:-1] - ordered[1:]) > tolerance
    position = np.arange(n)[:, None]
    group_start = np.maximum.accumulate(np.where(new_group, position, 0), axis=0)
    ordered_ranks = np.where(np.isnan(ordered), 0, group_start + 1)
    ranks = np.empty_like(ordered_ranks)
    np.put_along_axis(ranks, order, ordered_ranks, axis=0)
    if one_dim:
        return ranks[:, 0], order[:, 0]
    return ranks, order


# --- input checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    cities: np.ndarray  # sorted AGS strings
    values: np.ndarray  # (cities, parameters), NaN = unknown or not applicable
    not_applicable: np.ndarray  # (cities, parameters) bool


def _problem_list(problems: list[str], total: int) -> str:
    text = "\n".join(problems[:_MAX_LISTED])
    if total > _MAX_LISTED:
        text += f"\n- ... and {total - _MAX_LISTED} more"
    return text


def _city_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)[:_MAX_LISTED].tolist()
        raise ScoringError(f"city_ags is empty in {int((codes < 0).sum())} row(s), e.g. rows {rows}")
    uniques = np.asarray(uniques, dtype=object)
    bad = [u for u in uniques if not (isinstance(u, str) and _AGS_RE.match(u))]
    if bad:
        hint = (
            " (store the AGS as text: leading zeros matter)"
            if any(not isinstance(u, str) for u in bad)
            else ""
        )
        shown = ", ".join(repr(b) for b in bad[:_MAX_LISTED])
        raise ScoringError(f"city_ags must be an 8-digit AGS{hint}; invalid: {shown}")
    order = np.argsort(uniques.astype(str), kind="stable")
    position = np.empty(len(order), dtype=np.intp)
    position[order] = np.arange(len(order))
    return position[codes], uniques[order].astype(str)


def _parameter_codes(column: pd.Series, layout: CatalogLayout) -> np.ndarray:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)[:_MAX_LISTED].tolist()
        raise ScoringError(f"parameter_id is empty in {int((codes < 0).sum())} row(s), e.g. rows {rows}")
    where = pd.Index(layout.parameter_ids).get_indexer(pd.Index(np.asarray(uniques, dtype=object)))
    unknown = [str(uniques[i]) for i in np.flatnonzero(where < 0)]
    if unknown:
        raise ScoringError(
            f"parameter id(s) not in the catalog (version {layout.version}): {', '.join(sorted(unknown))}"
        )
    return where[codes]


def _numeric_values(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(dtype=float, na_value=np.nan)
    converted = pd.to_numeric(column, errors="coerce")
    bad = converted.isna().to_numpy() & column.notna().to_numpy()
    if bad.any():
        rows = np.flatnonzero(bad)
        shown = ", ".join(f"row {i}: {column.iloc[i]!r}" for i in rows[:_MAX_LISTED])
        raise ScoringError(
            f"value must be a number (NaN/empty when unknown); {len(rows)} row(s) are not: {shown}"
        )
    return converted.to_numpy(dtype=float, na_value=np.nan)


def _not_applicable_rows(parameters: pd.DataFrame, vals: np.ndarray) -> np.ndarray:
    if "status" not in parameters.columns:
        return np.zeros(len(parameters), dtype=bool)
    # Factorize first: the checks then run on the few distinct statuses, not on every row.
    codes, uniques = pd.factorize(parameters["status"], use_na_sentinel=True)
    uniques = [str(u) for u in uniques]
    invalid = [u for u in uniques if u not in STATUSES]
    if invalid:
        rows = np.flatnonzero(np.isin(codes, [uniques.index(u) for u in invalid]))
        shown = ", ".join(f"row {i}: {uniques[codes[i]]!r}" for i in rows[:_MAX_LISTED])
        raise ScoringError(f"status must be one of {', '.join(STATUSES)} (or empty); got {shown}")

    def rows_with(statuses: tuple[str, ...]) -> np.ndarray:
        wanted = np.array([u in statuses for u in uniques] + [False])
        return wanted[codes]  # code -1 (no status) picks the trailing False

    unknown_status, known_status = rows_with(UNKNOWN_STATUSES), rows_with(KNOWN_STATUSES)
    contradiction = (unknown_status & ~np.isnan(vals)) | (known_status & np.isnan(vals))
    if contradiction.any():
        rows = np.flatnonzero(contradiction)
        shown = ", ".join(
            f"row {i}: status {uniques[codes[i]]!r}, value {float(vals[i])!r}" for i in rows[:_MAX_LISTED]
        )
        raise ScoringError(
            "value must be NaN exactly when status is not_checkable, source_missing or not_applicable; "
            f"{len(rows)} row(s) contradict: {shown}"
        )
    return rows_with(("not_applicable",))


def _check_values(vals: np.ndarray, par: np.ndarray, cities: np.ndarray, pids: np.ndarray, layout) -> None:
    known = ~np.isnan(vals)
    kind = layout.kind[par]
    checks = [
        (known & np.isinf(vals), "value must be finite"),
        (known & (kind == BOOLEAN) & (vals != 0) & (vals != 1), "boolean value must be 0 or 1"),
        (
            known & (kind == ORDINAL) & ((vals != np.floor(vals)) | (vals < 0) | (vals > layout.levels[par])),
            "ordinal value must be an integer 0..levels",
        ),
        (known & layout.pilot[par] & (vals < 0), "pilot bonus points must be >= 0"),
    ]
    problems: list[str] = []
    total = 0
    for mask, what in checks:
        rows = np.flatnonzero(mask)
        total += len(rows)
        for i in rows[:_MAX_LISTED]:
            extra = f" (levels {int(layout.levels[par[i]])})" if "ordinal" in what else ""
            problems.append(
                f"- row {i} (city {cities[i]}, parameter {pids[i]}): {what}{extra}, got {float(vals[i])!r}"
            )
    if problems:
        raise ScoringError("invalid parameter values:\n" + _problem_list(problems, total))


def _prepare(parameters: pd.DataFrame, layout: CatalogLayout) -> _Prepared:
    missing = [c for c in REQUIRED_INPUT_COLUMNS if c not in parameters.columns]
    if missing:
        raise ScoringError(
            f"the parameter table lacks column(s) {', '.join(missing)} "
            f"(needs {', '.join(REQUIRED_INPUT_COLUMNS)}; month and status are optional)"
        )
    if parameters.empty:
        raise ScoringError("the parameter table has no rows to score")
    city, cities = _city_codes(parameters["city_ags"])
    par = _parameter_codes(parameters["parameter_id"], layout)
    vals = _numeric_values(parameters["value"])
    not_applicable = _not_applicable_rows(parameters, vals)
    row_cities = cities[city]
    row_pids = np.asarray(layout.parameter_ids, dtype=object)[par]
    _check_values(vals, par, row_cities, row_pids, layout)
    n_par = len(layout.parameter_ids)
    cell = city.astype(np.int64) * n_par + par
    counts = np.bincount(cell, minlength=len(cities) * n_par)
    if (counts > 1).any():
        dup_cells = np.flatnonzero(counts > 1)
        shown = ", ".join(
            f"{cities[c // n_par]} {layout.parameter_ids[c % n_par]}" for c in dup_cells[:_MAX_LISTED]
        )
        raise ScoringError(
            f"{len(dup_cells)} (city, parameter) pair(s) have more than one row (resolve precedence first): {shown}"
        )
    values = np.full((len(cities), n_par), np.nan)
    values[city, par] = np.where(not_applicable, np.nan, vals)
    na = np.zeros((len(cities), n_par), dtype=bool)
    na[city, par] = not_applicable
    return _Prepared(cities=cities, values=values, not_applicable=na)


def _months(parameters: pd.DataFrame) -> list[str]:
    if "month" not in parameters.columns:
        return []
    month = parameters["month"]
    if month.isna().all():
        return []
    if month.isna().any():
        raise ScoringError(f"month is empty in {int(month.isna().sum())} row(s) while other rows have one")
    distinct = sorted({str(m) for m in month.unique()})
    for m in distinct:
        try:
            check_month(m)
        except ValueError as exc:
            raise ScoringError(str(exc)) from None
    return distinct


# --- the public entry point ---------------------------------------------------------------------


def _previous_ranks(previous: pd.DataFrame | None, cities: np.ndarray, keys: list[str]) -> np.ndarray:
    """Previous ranks as a (cities, columns) matrix, 0 where the previous month has none."""
    matrix = np.zeros((len(cities), len(keys)), dtype=np.int64)
    if previous is None or previous.empty:
        return matrix
    missing = [c for c in ("city_ags", "level", "id", "rank") if c not in previous.columns]
    if missing:
        raise ScoringError(f"the previous scores lack column(s) {', '.join(missing)}")
    prev = previous[previous["rank"].notna()]
    city = pd.Index(cities).get_indexer(prev["city_ags"].astype(str))
    key = pd.Index(keys).get_indexer(prev["level"].astype(str) + "\x1f" + prev["id"].astype(str))
    ok = (city >= 0) & (key >= 0)
    matrix[city[ok], key[ok]] = prev["rank"].to_numpy(dtype=np.int64)[ok]
    return matrix


def _int_column(values: np.ndarray, present: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(present, values, 0).astype(np.int64), ~present)


def _score_month(
    parameters: pd.DataFrame, layout: CatalogLayout, month: str | None, previous: pd.DataFrame | None
) -> pd.DataFrame:
    prepared = _prepare(parameters, layout)
    values, na = prepared.values, prepared.not_applicable
    applicable = ~na
    known = ~np.isnan(values) & applicable
    ind_value, ind_raw = indicator_values(values, known, applicable, layout)
    area_score, area_raw = area_scores(ind_value, layout)
    overall = mean_of_areas(area_score)

    def share(starts: np.ndarray) -> np.ndarray:
        n_known = np.add.reduceat(known.astype(np.int32), starts, axis=1)
        n_applicable = np.add.reduceat(applicable.astype(np.int32), starts, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(n_applicable > 0, n_known / n_applicable, np.nan)

    n_all = applicable.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall_coverage = np.where(n_all > 0, known.sum(axis=1) / n_all, np.nan)

    # One matrix for every (level, id) column: overall, areas, indicators (catalog order).
    score = np.column_stack([overall, area_score, ind_value])
    raw = np.column_stack([np.full(len(overall), np.nan), area_raw, ind_raw])
    coverage = np.column_stack(
        [overall_coverage, share(layout.area_parameter_starts), share(layout.indicator_starts)]
    )
    levels = ["overall"] + ["area"] * len(layout.area_ids) + ["indicator"] * len(layout.indicator_ids)
    ids = [OVERALL_ID, *layout.area_ids, *layout.indicator_ids]
    keys = [f"{lvl}\x1f{i}" for lvl, i in zip(levels, ids, strict=True)]

    ranks, order = rank_descending(score)
    prev_ranks = _previous_ranks(previous, prepared.cities, keys)
    n_cities, n_cols = score.shape

    def flat(matrix: np.ndarray) -> np.ndarray:
        # Rows grouped by column (level, id), each group sorted by rank.
        return np.take_along_axis(matrix, order, axis=0).T.ravel()

    rank_flat, prev_flat = flat(ranks), flat(prev_ranks)
    ranked = rank_flat > 0
    has_prev = ranked & (prev_flat > 0)
    column_of_row = np.repeat(np.arange(n_cols), n_cities)
    return pd.DataFrame(
        {
            # take() on small string arrays is much cheaper than building 400k Python strings.
            "month": pd.array([month], dtype="str").take(np.zeros(n_cities * n_cols, dtype=np.intp)),
            "city_ags": pd.array(prepared.cities, dtype="str").take(order.T.ravel()),
            "level": pd.array(levels, dtype="str").take(column_of_row),
            "id": pd.array(ids, dtype="str").take(column_of_row),
            "score": flat(score),
            "rank": _int_column(rank_flat, ranked),
            "prev_rank": _int_column(prev_flat, has_prev),
            "trend": _int_column(prev_flat - rank_flat, has_prev),
            "coverage": flat(coverage),
            "raw": flat(raw),
        },
        columns=list(SCORE_COLUMNS),
    )


def score_parameters(
    parameters: pd.DataFrame, catalog: Catalog | None = None, previous: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Score a parameter table (one row per city and parameter; precedence already resolved).

    Needs ``city_ags``, ``parameter_id``, ``value`` (NaN = unknown); ``status`` (for
    ``not_applicable``) and ``month`` are optional. The cities of the run are the cities in the table;
    a missing (city, parameter) row counts as unknown. Several months are scored separately (each is
    its own run), and a month's trend uses the previous month of the same table when it is there.
    ``previous``: earlier scores (``city_ags, level, id, rank``) for ``prev_rank``/``trend``; if it
    holds several months (``month`` column), only its rows of the month before are used.

    Returns one row per city and (level, id), columns :data:`SCORE_COLUMNS`; per (level, id) the
    rows are sorted by rank.
    """
    layout = compile_layout(catalog or load_catalog())
    months = _months(parameters)
    if len(months) <= 1:
        month = months[0] if months else None
        if month and previous is not None and "month" in previous.columns and previous["month"].nunique() > 1:
            # A scores table of several months: only its previous month is "the previous month".
            previous = previous[previous["month"].astype(str) == previous_month(month)]
        return _score_month(parameters, layout, month, previous)
    results: dict[str, pd.DataFrame] = {}
    month_column = parameters["month"].astype(str)
    for month in months:
        before = previous_month(month)
        prev = results.get(before)
        if prev is None and previous is not None and "month" in previous.columns:
            prev = previous[previous["month"].astype(str) == before]
        results[month] = _score_month(parameters[month_column == month], layout, month, prev)
    return pd.concat(results.values(), ignore_index=True)
