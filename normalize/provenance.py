"""Why a parameter has its value: the winning row, the rows it overrode, their evidence, the feedback.

For ``sci evidence`` and reports: :func:`explain` answers "which row counts for this city,
parameter and month, and what did it beat?" using :func:`normalize.precedence.resolve`, so the
answer always matches what scoring uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from normalize.feedback_store import read_records
from normalize.precedence import resolve
from normalize.storage import read_evidence, read_parameters, resolve_data_dir
from normalize.table import check_month


@dataclass(frozen=True)
class Explanation:
    month: str
    city_ags: str
    parameter_id: str
    winner: dict[str, Any] | None  # the row scoring uses (None: nothing stored)
    overridden: list[dict[str, Any]] = field(default_factory=list)  # losing rows, best first
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)  # evidence_id -> record
    feedback: list[dict[str, Any]] = field(default_factory=list)  # city corrections, any state

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Winner first, then the overridden rows in precedence order."""
        return ([self.winner] if self.winner else []) + self.overridden


def rank_rows(rows: pd.DataFrame) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Winner and overridden rows (in precedence order) of the rows of ONE (month, city, parameter)."""
    if rows.empty:
        return None, []
    if rows[["month", "city_ags", "parameter_id"]].drop_duplicates().shape[0] != 1:
        raise ValueError("rank_rows needs the rows of exactly one (month, city_ags, parameter_id)")
    won = resolve(rows).iloc[0].to_dict()
    by_source = {str(r["source"]): r for r in rows.to_dict("records")}
    overridden = [by_source[src] for src in won.pop("overrides")]
    return won, overridden


def explain(month: str, city_ags: str, parameter_id: str, data_dir: Path | str | None = None) -> Explanation:
    """The winning row for (month, city, parameter), the rows it overrode, evidence and feedback."""
    check_month(month)
    base = resolve_data_dir(data_dir)
    params = read_parameters(month, base)
    mine = params[(params["city_ags"] == city_ags) & (params["parameter_id"] == parameter_id)]
    winner, overridden = rank_rows(mine.reset_index(drop=True))
    wanted = {e for row in ([winner] if winner else []) + overridden for e in row["evidence"]}
    evidence = {}
    if wanted:
        ev = read_evidence(month, base)
        evidence = {r["evidence_id"]: r for r in ev[ev["evidence_id"].isin(wanted)].to_dict("records")}
    records = read_records(base)
    feedback = records[
        (records["month"] == month)
        & (records["city_ags"] == city_ags)
        & (records["parameter_id"] == parameter_id)
    ].sort_values("imported_at")
    return Explanation(
        month=month,
        city_ags=city_ags,
        parameter_id=parameter_id,
        winner=winner,
        overridden=overridden,
        evidence=evidence,
        feedback=feedback.to_dict("records"),
    )
