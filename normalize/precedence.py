"""Which row wins when several producers give the same (month, city, parameter).

Precedence, per month, city and parameter: an accepted city correction (``method=feedback``) beats a
research entry (``research``), which beats every collected row (``source``, ``geo``, ``crawl``,
``probe``). Among collected rows a known status beats an unknown one, then the newest
``collected_at`` wins, then the source name (so the choice is deterministic). The losing rows stay in
the table; :func:`resolve` reports them in ``overrides``.
"""

from __future__ import annotations

import pandas as pd

METHOD_RANK = {"feedback": 0, "research": 1, "source": 2, "geo": 2, "crawl": 2, "probe": 2}
KEY = ["month", "city_ags", "parameter_id"]


def resolve(parameters: pd.DataFrame) -> pd.DataFrame:
    """One winning row per (month, city_ags, parameter_id), plus ``overrides``: the sources it beat."""
    if parameters.empty:
        out = parameters.copy()
        out["overrides"] = pd.Series([], dtype=object)
        return out
    df = parameters.copy()
    df["_rank"] = df["method"].map(METHOD_RANK).fillna(9)
    df["_unknown"] = df["value"].isna().astype(int)
    df["_ts"] = pd.to_datetime(df["collected_at"], utc=True)
    df = df.sort_values(
        KEY + ["_rank", "_unknown", "_ts", "source"], ascending=[True] * 3 + [True, True, False, True]
    )
    losers = (
        df[df.duplicated(KEY, keep="first")]
        .groupby(KEY, sort=False)["source"]
        .agg(lambda s: [f"{src}" for src in s])
    )
    winners = df.drop_duplicates(KEY, keep="first").drop(columns=["_rank", "_unknown", "_ts"])
    winners = winners.set_index(KEY)
    winners["overrides"] = losers.reindex(winners.index)
    winners["overrides"] = winners["overrides"].map(lambda v: v if isinstance(v, list) else [])
    return winners.reset_index()[list(parameters.columns) + ["overrides"]]
