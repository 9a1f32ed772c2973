"""Every rule of METHOD.md "Scoring, step by step", with hand-computed values for 2-4 cities.

The arithmetic is written out in the comments. Catalogs are tiny (tests/scoring/helpers.py): with
``one_indicator`` the area has bonus cap 0 and no pilot, so its score equals the indicator index.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from normalize.scoring import (
    SCORE_COLUMNS,
    ScoringError,
    mean_of_areas,
    rank_descending,
    score_parameters,
)
from tests.scoring.helpers import NA, NAN, A, B, C, D, catalog, one_indicator, par, pick, pilot, plain, table

approx = pytest.approx


def index_of(scores: pd.DataFrame, ind: str = "a.x") -> dict:
    return pick(scores, "indicator", ind)


# --- step 1: parameter scores ---------------------------------------------------------------------


def test_boolean_scores_and_weights():
    cat = one_indicator(par("b1"), par("b2", weight=3))
    rows = [(A, "a.x.b1", 1), (A, "a.x.b2", 0), (B, "a.x.b1", 0), (B, "a.x.b2", 1)]
    rows += [(C, "a.x.b1", 1), (C, "a.x.b2", 1), (D, "a.x.b1", 0), (D, "a.x.b2", 0)]
    scores = score_parameters(plain(rows), cat)
    # raw = 1*b1 + 3*b2: A 1, B 3, C 4, D 0; index = 100 * raw / 4.
    assert pick(scores, "indicator", "a.x", "raw") == {A: 1.0, B: 3.0, C: 4.0, D: 0.0}
    assert index_of(scores) == {A: 25.0, B: 75.0, C: 100.0, D: 0.0}


def test_ordinal_scores_value_over_levels():
    cat = one_indicator(par("o", "ordinal", levels=4), par("b"))
    rows = [
        (A, "a.x.o", 1),
        (A, "a.x.b", 1),
        (B, "a.x.o", 4),
        (B, "a.x.b", 0),
        (C, "a.x.o", 0),
        (C, "a.x.b", 0),
    ]
    scores = score_parameters(plain(rows), cat)
    # s(o) = value / 4: A 0.25, B 1, C 0. raw: A 0.25 + 1 = 1.25, B 1, C 0.
    # index: A 100, B 100 * 1 / 1.25 = 80, C 0.
    assert pick(scores, "indicator", "a.x", "raw") == {A: 1.25, B: 1.0, C: 0.0}
    assert index_of(scores) == {A: 100.0, B: approx(80.0, abs=1e-12), C: 0.0}


def test_numeric_min_max_higher():
    cat = one_indicator(par("n", "numeric"), par("b"))
    rows = [
        (A, "a.x.n", 20),
        (A, "a.x.b", 1),
        (B, "a.x.n", 50),
        (B, "a.x.b", 0),
        (C, "a.x.n", 10),
        (C, "a.x.b", 0),
    ]
    scores = score_parameters(plain(rows), cat)
    # min 10, max 50: s = (v - 10) / 40: A 0.25, B 1, C 0. raw: A 1.25, B 1, C 0 -> 100, 80, 0.
    assert pick(scores, "indicator", "a.x", "raw") == {A: 1.25, B: 1.0, C: 0.0}
    assert index_of(scores) == {A: 100.0, B: approx(80.0, abs=1e-12), C: 0.0}


def test_numeric_min_max_direction_lower():
    cat = one_indicator(par("n", "numeric", direction="lower"), par("b"))
    rows = [
        (A, "a.x.n", 20),
        (A, "a.x.b", 1),
        (B, "a.x.n", 50),
        (B, "a.x.b", 0),
        (C, "a.x.n", 10),
        (C, "a.x.b", 0),
    ]
    scores = score_parameters(plain(rows), cat)
    # s = (50 - v) / 40: A 0.75, B 0, C 1. raw: A 1.75, B 0, C 1.
    # index: A 100, B 0, C 100 * 1 / 1.75 = 57.142857...
    assert pick(scores, "indicator", "a.x", "raw") == {A: 1.75, B: 0.0, C: 1.0}
    assert index_of(scores) == {A: 100.0, B: 0.0, C: approx(400 / 7, abs=1e-12)}


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        # max == min: s = 1 where v > 0. raws: A 1, B 1 + 1 = 2, C 0 (unknown) -> A 50, B 100, C 0.
        (5.0, "higher", {A: 50.0, B: 100.0, C: 0.0}),
        # the rule is the same for direction lower (METHOD: "1 where v > 0", whatever the direction).
        (5.0, "lower", {A: 50.0, B: 100.0, C: 0.0}),
        # max == min == 0 (or below): s = 0. raws: A 0, B 1, C 0 -> 0, 100, 0.
        (0.0, "higher", {A: 0.0, B: 100.0, C: 0.0}),
        (-2.0, "higher", {A: 0.0, B: 100.0, C: 0.0}),
    ],
)
def test_numeric_equal_values_rule(value, direction, expected):
    cat = one_indicator(par("n", "numeric", direction=direction), par("b"))
    rows = [
        (A, "a.x.n", value),
        (A, "a.x.b", 0),
        (B, "a.x.n", value),
        (B, "a.x.b", 1),
        (C, "a.x.n", NAN),  # unknown: s = 0, and not part of the min/max
        (C, "a.x.b", 0),
    ]
    assert index_of(score_parameters(plain(rows), cat)) == expected


def test_numeric_single_known_value_is_max_equals_min():
    cat = one_indicator(par("n", "numeric"), par("b"))
    rows = [(A, "a.x.n", 3.5), (A, "a.x.b", 0), (B, "a.x.n", NAN), (B, "a.x.b", 1), (C, "a.x.b", 0)]
    # only A is known: max == min = 3.5 > 0 -> s 1. raws: A 1, B 1, C 0 -> 100, 100, 0.
    assert index_of(score_parameters(plain(rows), cat)) == {A: 100.0, B: 100.0, C: 0.0}


# --- steps 2 and 3: indicator raw and index -----------------------------------------------------------


def test_indicator_equal_values_rule():
    cat = one_indicator(par("b"))
    # all raws equal and > 0 -> 100 each; all 0 -> 0 each.
    assert index_of(score_parameters(plain([(A, "a.x.b", 1), (B, "a.x.b", 1)]), cat)) == {A: 100.0, B: 100.0}
    assert index_of(score_parameters(plain([(A, "a.x.b", 0), (B, "a.x.b", 0)]), cat)) == {A: 0.0, B: 0.0}


def test_indicator_equal_values_rule_ignores_float_noise():
    cat = one_indicator(par("p1", weight=0.1), par("p2", weight=0.2), par("p3", weight=0.3))
    rows = [
        (A, "a.x.p1", 1),
        (A, "a.x.p2", 1),
        (A, "a.x.p3", 0),
        (B, "a.x.p1", 0),
        (B, "a.x.p2", 0),
        (B, "a.x.p3", 1),
    ]
    scores = score_parameters(plain(rows), cat)
    raw = pick(scores, "indicator", "a.x", "raw")
    # A: 0.1 + 0.2 = 0.30000000000000004 in floats, B: 0.3; mathematically equal -> both 100, rank 1.
    assert raw[A] != raw[B] and raw[A] == approx(raw[B], rel=1e-15)
    assert index_of(scores) == {A: 100.0, B: 100.0}
    assert pick(scores, "indicator", "a.x", "rank") == {A: 1, B: 1}


def test_unknown_scores_zero_and_lowers_coverage():
    cat = one_indicator(par("b1"), par("b2"))
    rows = [
        (A, "a.x.b1", 1),
        (A, "a.x.b2", NAN),  # unknown
        (B, "a.x.b1", 1),
        (B, "a.x.b2", 0),
        (C, "a.x.b1", 0),  # C has no row for b2 at all: unknown too
    ]
    scores = score_parameters(plain(rows), cat)
    # raws: A 1 (unknown = 0), B 1, C 0 -> 100, 100, 0.
    assert index_of(scores) == {A: 100.0, B: 100.0, C: 0.0}
    # coverage = known / parameters: A 1/2, B 2/2, C 1/2, the same on every level.
    for level, id_ in (("indicator", "a.x"), ("area", "a"), ("overall", "overall")):
        assert pick(scores, level, id_, "coverage") == {A: 0.5, B: 1.0, C: 0.5}


# --- not_applicable ------------------------------------------------------------------------------


def test_not_applicable_rescales_the_indicator():
    cat = one_indicator(par("b1"), par("b2"), par("b3", weight=2))
    rows = [
        (A, "a.x.b1", 1),
        (A, "a.x.b2", NAN, NA),
        (A, "a.x.b3", 0),
        (B, "a.x.b1", 1),
        (B, "a.x.b2", 1),
        (B, "a.x.b3", 0),
        (C, "a.x.b1", 0),
        (C, "a.x.b2", 0),
        (C, "a.x.b3", 0),
        (D, "a.x.b1", 0),
        (D, "a.x.b2", NAN, NA),
        (D, "a.x.b3", 1),
    ]
    scores = score_parameters(table(rows), cat)
    # total weight 4; without b2 the applicable weight is 3, so A and D are rescaled by 4/3:
    # A: 1 * 4/3 = 4/3; B: 1 + 1 = 2; C: 0; D: 2 * 4/3 = 8/3.
    raw = pick(scores, "indicator", "a.x", "raw")
    assert raw == {A: approx(4 / 3, abs=1e-12), B: 2.0, C: 0.0, D: approx(8 / 3, abs=1e-12)}
    # index over min 0, max 8/3: A 50, B 75, C 0, D 100.
    assert index_of(scores) == {A: approx(50.0, abs=1e-12), B: approx(75.0, abs=1e-12), C: 0.0, D: 100.0}
    # not applicable is not missing: A and D know all of their 2 applicable parameters.
    assert pick(scores, "overall", "overall", "coverage") == {A: 1.0, B: 1.0, C: 1.0, D: 1.0}


def test_not_applicable_value_is_left_out_of_the_numeric_min_max():
    cat = one_indicator(par("n", "numeric"), par("b"))
    rows = [
        (A, "a.x.n", NAN, NA),
        (A, "a.x.b", 1),
        (B, "a.x.n", 10),
        (B, "a.x.b", 0),
        (C, "a.x.n", 30),
        (C, "a.x.b", 1),
        (D, "a.x.n", 20),
        (D, "a.x.b", 0),
    ]
    scores = score_parameters(table(rows), cat)
    # min-max of n over B, C, D only: s = (v - 10) / 20: B 0, C 1, D 0.5.
    # raws: A 1 * 2/1 = 2 (rescaled), B 0, C 1 + 1 = 2, D 0.5 -> A 100, B 0, C 100, D 25.
    assert pick(scores, "indicator", "a.x", "raw") == {A: 2.0, B: 0.0, C: 2.0, D: 0.5}
    assert index_of(scores) == {A: 100.0, B: 0.0, C: 100.0, D: 25.0}


def test_indicator_not_applicable_entirely_is_left_out_of_the_area():
    cat = catalog({"a": (10, {"i1": [par("b")], "i2": [par("b")], "pilotprojekte": pilot()})})
    rows = [
        (A, "a.i1.b", NAN, NA),
        (A, "a.i2.b", 1),
        (A, "a.pilotprojekte.pilotprojekte", 5),
        (B, "a.i1.b", 1),
        (B, "a.i2.b", 0),
        (B, "a.pilotprojekte.pilotprojekte", 10),
        (C, "a.i1.b", 0),
        (C, "a.i2.b", 1),
        (C, "a.pilotprojekte.pilotprojekte", 0),
    ]
    scores = score_parameters(table(rows), cat)
    # i1: A left out (no index, no rank), B 100, C 0. i2: A 100, B 0, C 100. bonus: 5, 10, 0.
    assert index_of(scores, "a.i1") == {A: None, B: 100.0, C: 0.0}
    assert pick(scores, "indicator", "a.i1", "rank") == {A: None, B: 1, C: 2}
    assert pick(scores, "indicator", "a.i1", "coverage") == {A: None, B: 1.0, C: 1.0}
    # area: A 100 * (100 + 5) / (100 + 10) (i1's 100 points are off A's maximum);
    # B 100 * (100 + 0 + 10) / 210; C 100 * (0 + 100 + 0) / 210.
    area = pick(scores, "area", "a")
    assert area == {
        A: approx(10500 / 110, abs=1e-12),
        B: approx(11000 / 210, abs=1e-12),
        C: approx(10000 / 210, abs=1e-12),
    }
    assert pick(scores, "area", "a", "rank") == {A: 1, B: 2, C: 3}


def test_area_not_applicable_entirely_has_no_score_and_overall_uses_the_rest():
    cat = catalog({"a": (0, {"x": [par("b")]}), "b": (0, {"y": [par("b")]})})
    rows = [(A, "a.x.b", NAN, NA), (A, "b.y.b", 1), (B, "a.x.b", 1), (B, "b.y.b", 0)]
    scores = score_parameters(table(rows), cat)
    # area a: only B applies (raw 1, max == min > 0 -> 100); A has none. area b: A 100, B 0.
    assert pick(scores, "area", "a") == {A: None, B: 100.0}
    assert pick(scores, "area", "a", "rank") == {A: None, B: 1}
    assert pick(scores, "area", "a", "coverage") == {A: None, B: 1.0}
    # overall: A = mean(100) = 100 (area a left out), B = mean(100, 0) = 50.
    assert pick(scores, "overall", "overall") == {A: 100.0, B: 50.0}


# --- steps 4 and 5: pilot bonus and area scaling ----------------------------------------------------


def test_pilot_bonus_is_weighted_capped_and_not_min_max():
    cat = catalog({"a": (30, {"x": [par("b")], "pilotprojekte": pilot(weight=2)})})
    rows = [
        (A, "a.x.b", 1),
        (A, "a.pilotprojekte.pilotprojekte", 20),
        (B, "a.x.b", 1),
        (B, "a.pilotprojekte.pilotprojekte", 7.5),
        (C, "a.x.b", 0),
        (C, "a.pilotprojekte.pilotprojekte", NAN),  # unknown: no bonus, lower coverage
    ]
    scores = score_parameters(plain(rows), cat)
    # bonus = min(2 * value, 30): A min(40, 30) = 30, B 15 (not min-max: that would be 50), C 0.
    assert pick(scores, "indicator", "a.pilotprojekte") == {A: 30.0, B: 15.0, C: 0.0}
    assert pick(scores, "indicator", "a.pilotprojekte", "raw") == {A: 40.0, B: 15.0, C: 0.0}
    assert pick(scores, "indicator", "a.pilotprojekte", "rank") == {A: 1, B: 2, C: 3}
    # area = 100 * (index + bonus) / (100 * 1 + 30): A 100 * 130/130 = 100, B 100 * 115/130, C 0.
    assert pick(scores, "area", "a") == {A: 100.0, B: approx(11500 / 130, abs=1e-12), C: 0.0}
    assert pick(scores, "area", "a", "raw") == {A: 130.0, B: 115.0, C: 0.0}
    assert pick(scores, "area", "a", "coverage") == {A: 1.0, B: 1.0, C: 0.5}


def test_area_is_scaled_against_the_theoretical_maximum():
    cat = catalog({"a": (30, {"x": [par("b")], "y": [par("b")], "pilotprojekte": pilot()})})
    rows = [(A, "a.x.b", 1), (A, "a.y.b", 1), (A, "a.pilotprojekte.pilotprojekte", 0)]
    rows += [(B, "a.x.b", 0), (B, "a.y.b", 0), (B, "a.pilotprojekte.pilotprojekte", 0)]
    scores = score_parameters(plain(rows), cat)
    # A is best in both indicators but has no bonus: 100 * (100 + 100 + 0) / (2 * 100 + 30) = 86.956...
    assert pick(scores, "area", "a") == {A: approx(20000 / 230, abs=1e-12), B: 0.0}


# --- step 6: overall -------------------------------------------------------------------------------


def test_hamburg_2021_overall_is_the_mean_of_its_areas():
    # The report: Hamburg 2021 has 76.5, 91.5, 78.5, 98.6, 95.5 in the five areas and 88.1 overall.
    overall = mean_of_areas([76.5, 91.5, 78.5, 98.6, 95.5])
    assert overall == approx(88.12, abs=1e-12)  # (76.5 + 91.5 + 78.5 + 98.6 + 95.5) / 5 = 440.6 / 5
    assert round(overall, 1) == 88.1


def test_mean_of_areas_skips_missing_areas_and_works_row_wise():
    assert mean_of_areas([50.0, math.nan, 100.0]) == 75.0
    assert math.isnan(mean_of_areas([math.nan, math.nan]))
    assert mean_of_areas(np.array([[10.0, 20.0], [30.0, math.nan]])).tolist() == [15.0, 30.0]


# --- step 7: ranks and trend -------------------------------------------------------------------------


def test_ranks_descending_ties_share_the_better_rank():
    ranks, order = rank_descending(np.array([50.0, 70.0, 70.0, 10.0, math.nan]))
    assert ranks.tolist() == [3, 1, 1, 4, 0]  # 0 = no score, no rank
    assert order.tolist() == [1, 2, 0, 3, 4]


def test_ranks_tie_tolerance_is_1e_9_points():
    assert rank_descending(np.array([70.0, 70.0 + 1e-11, 69.0]))[0].tolist() == [1, 1, 3]
    assert rank_descending(np.array([70.0, 70.0 + 1e-6, 69.0]))[0].tolist() == [2, 1, 3]


def test_trend_is_previous_rank_minus_rank():
    cat = one_indicator(par("b1"), par("b2"))
    first = score_parameters(
        plain([(A, "a.x.b1", 1), (A, "a.x.b2", 1), (B, "a.x.b1", 1), (B, "a.x.b2", 0), (C, "a.x.b1", 0)]), cat
    )
    # month 1: A 100 (rank 1), B 50 (2), C 0 (3). month 2: B 2 -> 100 (1), A 1 -> 50 (2), C 0 (3), D new.
    rows = [
        (A, "a.x.b1", 1),
        (A, "a.x.b2", 0),
        (B, "a.x.b1", 1),
        (B, "a.x.b2", 1),
        (C, "a.x.b1", 0),
        (D, "a.x.b1", 0),
    ]
    second = score_parameters(plain(rows), cat, previous=first)
    assert pick(second, "overall", "overall", "rank") == {A: 2, B: 1, C: 3, D: 3}
    assert pick(second, "overall", "overall", "prev_rank") == {A: 1, B: 2, C: 3, D: None}
    assert pick(second, "overall", "overall", "trend") == {A: -1, B: 1, C: 0, D: None}
    assert pick(second, "indicator", "a.x", "trend") == {A: -1, B: 1, C: 0, D: None}
    # without previous scores both columns are null
    assert first["prev_rank"].isna().all() and first["trend"].isna().all()


def test_previous_scores_of_several_months_use_the_month_before():
    cat = one_indicator(par("b"))
    history = pd.concat(
        [
            score_parameters(plain([(A, "a.x.b", 1), (B, "a.x.b", 0)]).assign(month="2021-04"), cat),
            score_parameters(plain([(A, "a.x.b", 0), (B, "a.x.b", 1)]).assign(month="2021-05"), cat),
        ]
    )
    june = score_parameters(plain([(A, "a.x.b", 1), (B, "a.x.b", 0)]).assign(month="2021-06"), cat, history)
    # May (not April) is the previous month: A was 2nd, B 1st.
    assert pick(june, "overall", "overall", "prev_rank") == {A: 2, B: 1}
    assert pick(june, "overall", "overall", "trend") == {A: 1, B: -1}


def test_several_months_are_scored_separately_and_chained():
    cat = one_indicator(par("n", "numeric"))
    rows = plain([(A, "a.x.n", 1), (B, "a.x.n", 3), (A, "a.x.n", 4), (B, "a.x.n", 2)])
    rows["month"] = ["2021-05", "2021-05", "2021-06", "2021-06"]
    scores = score_parameters(rows, cat)
    may, june = scores[scores["month"] == "2021-05"], scores[scores["month"] == "2021-06"]
    # each month is its own run: May min 1 max 3 (B 100), June min 2 max 4 (A 100).
    assert pick(may, "indicator", "a.x") == {A: 0.0, B: 100.0}
    assert pick(june, "indicator", "a.x") == {A: 100.0, B: 0.0}
    assert pick(june, "overall", "overall", "trend") == {A: 1, B: -1}
    assert may["trend"].isna().all()


# --- a whole example: two areas, every kind, weights, pilots, unknowns ---------------------------------

T1 = {
    "a": (
        30,
        {
            "x": [par("p_bool"), par("p_ord", "ordinal", levels=2), par("p_num", "numeric", weight=2)],
            "y": [par("q_low", "numeric", direction="lower"), par("q_bool")],
            "pilotprojekte": pilot(),
        },
    ),
    "b": (35, {"z": [par("r1"), par("r2")], "pilotprojekte": pilot()}),
}
C1, C2, C3 = "05315000", "02000000", "11000000"


def t1_rows() -> list[tuple]:
    values = {
        "a.x.p_bool": (1, 0, 1),
        "a.x.p_ord": (2, 1, 0),
        "a.x.p_num": (10, 30, 15),
        "a.y.q_low": (4, 2, 8),
        "a.y.q_bool": (0, 0, 0),
        "a.pilotprojekte.pilotprojekte": (10, 45, NAN),
        "b.z.r1": (1, 1, 0),
        "b.z.r2": (0, NAN, 1),
        "b.pilotprojekte.pilotprojekte": (35, 0, 70),
    }
    return [(city, pid, v[i]) for pid, v in values.items() for i, city in enumerate((C1, C2, C3))]


def test_whole_example_by_hand():
    scores = score_parameters(plain(t1_rows()), catalog(T1))
    assert list(scores.columns) == list(SCORE_COLUMNS)
    # x: s(p_ord) = v/2; s(p_num) = (v - 10)/20 with weight 2.
    #    C1 1 + 1 + 0 = 2; C2 0 + 0.5 + 2 = 2.5; C3 1 + 0 + 0.5 = 1.5 -> index 50, 100, 0.
    assert index_of(scores, "a.x") == {C1: 50.0, C2: 100.0, C3: 0.0}
    # y: q_low lower, min 2 max 8: s = (8 - v)/6: C1 2/3, C2 1, C3 0 -> index 66.67, 100, 0.
    assert index_of(scores, "a.y") == {C1: approx(200 / 3, abs=1e-12), C2: 100.0, C3: 0.0}
    # bonus a: C1 10, C2 min(45, 30) = 30, C3 unknown 0.
    assert index_of(scores, "a.pilotprojekte") == {C1: 10.0, C2: 30.0, C3: 0.0}
    # area a = 100 * (x + y + bonus) / 230: C1 126.67/230 = 55.07..., C2 230/230 = 100, C3 0.
    area_a = {C1: approx(100 * (50 + 200 / 3 + 10) / 230, abs=1e-12), C2: 100.0, C3: 0.0}
    assert pick(scores, "area", "a") == area_a
    # z: raws 1, 1, 1 (C2's r2 unknown = 0) -> all equal > 0 -> 100 each.
    assert index_of(scores, "b.z") == {C1: 100.0, C2: 100.0, C3: 100.0}
    # area b = 100 * (z + bonus) / 135: C1 (100 + 35), C2 (100 + 0), C3 (100 + min(70, 35)).
    assert pick(scores, "area", "b") == {C1: 100.0, C2: approx(10000 / 135, abs=1e-12), C3: 100.0}
    assert pick(scores, "area", "b", "rank") == {C1: 1, C3: 1, C2: 3}
    # overall = mean(area a, area b): C1 77.54, C2 87.04, C3 50.
    overall = pick(scores, "overall", "overall")
    assert overall == {
        C1: approx((100 * (50 + 200 / 3 + 10) / 230 + 100) / 2, abs=1e-12),
        C2: approx((100 + 10000 / 135) / 2, abs=1e-12),
        C3: 50.0,
    }
    assert pick(scores, "overall", "overall", "rank") == {C2: 1, C1: 2, C3: 3}
    # coverage: 9 parameters; C2 misses b.z.r2, C3 misses the pilot of a.
    assert pick(scores, "overall", "overall", "coverage") == {C1: 1.0, C2: approx(8 / 9), C3: approx(8 / 9)}
    assert pick(scores, "area", "a", "coverage") == {C1: 1.0, C2: 1.0, C3: approx(5 / 6)}
    assert pick(scores, "indicator", "b.z", "coverage") == {C1: 1.0, C2: 0.5, C3: 1.0}
    # overall equals the mean of the area rows for every city
    areas = scores[scores["level"] == "area"].groupby("city_ags")["score"].mean()
    assert {c: areas[c] for c in overall} == approx(overall, abs=1e-12)


def test_output_shape_order_and_dtypes():
    scores = score_parameters(plain(t1_rows()), catalog(T1))
    # 3 cities x (1 overall + 2 areas + 5 indicators incl. pilots), grouped by (level, id) in catalog order
    assert len(scores) == 3 * 8
    ids = list(dict.fromkeys(scores["id"]))
    assert ids == ["overall", "a", "b", "a.x", "a.y", "a.pilotprojekte", "b.z", "b.pilotprojekte"]
    assert list(dict.fromkeys(scores["level"])) == ["overall", "area", "indicator"]
    part = scores[scores["id"] == "overall"]
    assert part["rank"].tolist() == sorted(part["rank"].tolist())  # each group sorted by rank
    assert str(scores["rank"].dtype) == "Int64" and str(scores["trend"].dtype) == "Int64"
    assert scores["score"].dtype == np.float64
    assert scores["month"].isna().all()  # the input had no month


def test_parameter_table_with_all_columns_is_accepted():
    from normalize.table import parameter_row

    cat = one_indicator(par("b"))
    df = pd.DataFrame(
        [
            parameter_row(
                month="2021-06",
                city_ags=A,
                parameter_id="a.x.b",
                value=1,
                status="present",
                method="crawl",
                source="s",
            ),
            parameter_row(
                month="2021-06",
                city_ags=B,
                parameter_id="a.x.b",
                value=None,
                status="not_checkable",
                method="crawl",
                source="s",
            ),
        ]
    )
    scores = score_parameters(df, cat)
    assert set(scores["month"]) == {"2021-06"}
    assert index_of(scores) == {A: 100.0, B: 0.0}


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("df", "message"),
    [
        (pd.DataFrame({"city_ags": [A], "parameter_id": ["a.x.b"]}), "lacks column(s) value"),
        (pd.DataFrame({"city_ags": [], "parameter_id": [], "value": []}), "no rows"),
        (plain([(A, "a.x.nope", 1), (A, "a.y.b", 1)]), "not in the catalog (version test): a.x.nope, a.y.b"),
        (plain([("1000001", "a.x.b", 1)]), "8-digit AGS; invalid: '1000001'"),
        (
            pd.DataFrame({"city_ags": [1000001], "parameter_id": ["a.x.b"], "value": [1.0]}),
            "leading zeros matter",
        ),
        (pd.DataFrame({"city_ags": [None], "parameter_id": ["a.x.b"], "value": [1.0]}), "city_ags is empty"),
        (
            plain([(A, "a.x.b", 1), (A, "a.x.b", 0)]),
            "more than one row (resolve precedence first): 01000001 a.x.b",
        ),
        (
            plain([(A, "a.x.b", 2)]),
            "row 0 (city 01000001, parameter a.x.b): boolean value must be 0 or 1, got 2.0",
        ),
        (plain([(A, "a.x.o", 3)]), "ordinal value must be an integer 0..levels (levels 2), got 3.0"),
        (plain([(A, "a.x.o", 0.5)]), "ordinal value must be an integer 0..levels"),
        (plain([(A, "a.x.n", math.inf)]), "value must be finite"),
        (plain([(A, "a.pilotprojekte.pilotprojekte", -1)]), "pilot bonus points must be >= 0"),
        (
            pd.DataFrame({"city_ags": [A], "parameter_id": ["a.x.b"], "value": ["yes"]}),
            "value must be a number",
        ),
        (table([(A, "a.x.b", 1, "maybe")]), "status must be one of"),
        (table([(A, "a.x.b", 1, "not_applicable")]), "value must be NaN exactly when status is"),
        (table([(A, "a.x.b", NAN, "present")]), "row 0: status 'present', value nan"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(df, message):
    cat = catalog(
        {
            "a": (
                30,
                {
                    "x": [par("b"), par("o", "ordinal", levels=2), par("n", "numeric")],
                    "pilotprojekte": pilot(),
                },
            )
        }
    )
    with pytest.raises(ScoringError) as err:
        score_parameters(df, cat)
    assert message in str(err.value)


def test_bad_month_is_rejected():
    df = plain([(A, "a.x.b", 1), (B, "a.x.b", 1)])
    df["month"] = ["2021-13", "2021-13"]
    with pytest.raises(ScoringError, match="'2021-13' is not YYYY-MM"):
        score_parameters(df, one_indicator(par("b")))
    df["month"] = ["2021-06", None]
    with pytest.raises(ScoringError, match="month is empty in 1 row"):
        score_parameters(df, one_indicator(par("b")))


def test_long_problem_lists_are_cut():
    df = plain([(f"0100{i:04d}", "a.x.b", 5) for i in range(25)])
    with pytest.raises(ScoringError) as err:
        score_parameters(df, one_indicator(par("b")))
    assert "... and 15 more" in str(err.value)
