"""Benchmark: score 10,000 municipalities x 106 parameters, against a plain pandas groupby baseline.

Run: ``uv run python bench/score.py [--cities 10000] [--repeat 3] [--seed 7]``

The table is generated with a realistic mix: booleans present in ~60 % of cities, ordinals spread
over their levels, numeric shares/rates/counts (log-normal), pilot bonus points (mostly few, some
above the cap), ~8 % unknown values (``not_checkable``/``source_missing``) and ~1 % ``not_applicable``.

Both timings use the same long table in the same run (best of ``--repeat``):
- scoring: ``normalize.scoring.score_parameters`` (input checks, every rule, ranks, coverage, the
  long output table);
- baseline: a plain pandas pipeline over the same rows: ``groupby(parameter)`` min/max, a min-max
  column, then ``groupby(city, indicator)`` sum, the minimum any indicator computation needs.
The target is scoring under 2 s.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from normalize.catalog import Catalog, load_catalog
from normalize.scoring import score_parameters


def generate_parameters(n_cities: int, catalog: Catalog, seed: int = 7) -> pd.DataFrame:
    """One row per (city, parameter) of a month, with values, unknowns and not-applicable rows."""
    rng = np.random.default_rng(seed)
    params = list(catalog.parameters.values())
    n_par = len(params)
    cities = np.array([f"{90_000_000 + i:08d}" for i in range(n_cities)], dtype=object)
    values = np.empty((n_cities, n_par))
    for j, par in enumerate(params):
        if par.pilot:
            values[:, j] = np.minimum(rng.poisson(6, n_cities) * 2.5, 60)
        elif par.kind == "boolean":
            values[:, j] = (rng.random(n_cities) < 0.6).astype(float)
        elif par.kind == "ordinal":
            values[:, j] = rng.integers(0, (par.levels or 1) + 1, n_cities).astype(float)
        else:
            values[:, j] = np.round(rng.lognormal(mean=2.0, sigma=1.0, size=n_cities), 4)
    draw = rng.random((n_cities, n_par))
    not_applicable = draw < 0.01
    unknown = (draw >= 0.01) & (draw < 0.09)
    kinds = np.array([p.kind for p in params], dtype=object)
    status = np.where(kinds == "boolean", np.where(values > 0, "present", "absent"), "value")
    status = np.broadcast_to(status, values.shape).astype(object).copy()
    status[unknown] = "not_checkable"
    status[not_applicable] = "not_applicable"
    values[unknown | not_applicable] = np.nan
    return pd.DataFrame(
        {
            "month": "2021-06",
            "city_ags": np.repeat(cities, n_par),
            "parameter_id": np.tile(np.array([p.id for p in params], dtype=object), n_cities),
            "value": values.ravel(),
            "status": status.ravel(),
        }
    )


def baseline(table: pd.DataFrame, indicator_of: dict[str, str]) -> pd.Series:
    """Plain pandas: per-parameter min/max, a min-max score, per (city, indicator) sum."""
    df = table[["city_ags", "parameter_id", "value"]].copy()
    bounds = df.groupby("parameter_id")["value"].agg(["min", "max"])
    df = df.join(bounds, on="parameter_id")
    df["s"] = ((df["value"] - df["min"]) / (df["max"] - df["min"])).fillna(0.0)
    df["indicator"] = df["parameter_id"].map(indicator_of)
    return df.groupby(["city_ags", "indicator"])["s"].sum()


def best_of(repeat: int, func, *args) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    catalog = load_catalog()
    table = generate_parameters(args.cities, catalog, args.seed)
    indicator_of = {pid: p.indicator_id for pid, p in catalog.parameters.items()}
    known = table["value"].notna().mean()
    na = (table["status"] == "not_applicable").mean()
    print(
        f"table: {args.cities:,} cities x {len(catalog.parameters)} parameters = {len(table):,} rows "
        f"({known:.1%} known, {na:.1%} not applicable)"
    )
    t_score, scores = best_of(args.repeat, score_parameters, table, catalog)
    t_base, _ = best_of(args.repeat, baseline, table, indicator_of)
    print(f"scoring  (score_parameters, {len(scores):,} output rows): {t_score:.3f} s")
    print(f"baseline (pandas groupby min/max + groupby(city, indicator) sum): {t_base:.3f} s")
    print(f"ratio scoring / baseline: {t_score / t_base:.2f}")
    print(f"target under 2 s: {'met' if t_score < 2.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
