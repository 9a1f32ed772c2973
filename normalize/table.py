"""The long parameter table: one row per month, city, parameter and producing source.

This module is the contract every writer uses: the column set, a pandera schema bound to a catalog,
and helpers to build rows. Storage (atomic parquet files per month and source) is in
:mod:`normalize.storage`.

Status semantics:
- ``present`` / ``absent``: a feature was found (value 1, or the ordinal level) / looked for and not
  found (value 0) after a *completed* check.
- ``value``: a measured number (numeric or ordinal parameters).
- ``not_checkable``: the collection failed for this city (site unreadable, robots, budget): unknown.
- ``source_missing``: the source has no value for this city: unknown.
- ``not_applicable``: the parameter does not apply to this city; scoring leaves it out of its indicator.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from normalize.catalog import Catalog, load_catalog

PARAMETER_COLUMNS = (
    "month",
    "city_ags",
    "parameter_id",
    "value",
    "status",
    "raw",
    "unit",
    "method",
    "source",
    "evidence",
    "collected_at",
    "run_id",
)
STATUSES = ("present", "absent", "value", "not_checkable", "source_missing", "not_applicable")
KNOWN_STATUSES = ("present", "absent", "value")
UNKNOWN_STATUSES = ("not_checkable", "source_missing", "not_applicable")
METHODS = ("crawl", "source", "geo", "probe", "research", "feedback")
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
AGS_PATTERN = r"^\d{8}$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class ParameterTableError(ValueError):
    """A parameter table violates the contract; the message lists every problem found."""


def check_month(month: str) -> str:
    """Return ``month`` if it is ``YYYY-MM``, else raise ValueError naming it."""
    if not isinstance(month, str) or not MONTH_RE.match(month):
        raise ValueError(f"month {month!r} is not YYYY-MM")
    return month


def previous_month(month: str) -> str:
    year, mon = map(int, check_month(month).split("-"))
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def next_month(month: str) -> str:
    year, mon = map(int, check_month(month).split("-"))
    return f"{year + 1}-01" if mon == 12 else f"{year}-{mon + 1:02d}"


def utcnow() -> pd.Timestamp:
    return pd.Timestamp(datetime.now(UTC)).floor("us")


def _evidence_is_list(series: pd.Series) -> pd.Series:
    return series.map(
        lambda v: isinstance(v, list | tuple | np.ndarray) and all(isinstance(x, str) for x in v)
    )


def parameter_schema(catalog: Catalog | None = None) -> pa.DataFrameSchema:
    """The pandera schema of the stored parameter table, bound to ``catalog``'s parameter ids."""
    catalog = catalog or load_catalog()
    ids = sorted(catalog.parameters)
    return pa.DataFrameSchema(
        {
            "month": pa.Column(
                str, pa.Check.str_matches(MONTH_PATTERN, error="month must be YYYY-MM"), nullable=False
            ),
            "city_ags": pa.Column(
                str,
                pa.Check.str_matches(AGS_PATTERN, error="city_ags must be an 8-digit AGS string"),
                nullable=False,
            ),
            "parameter_id": pa.Column(
                str, pa.Check.isin(ids, error="parameter_id must exist in the catalog")
            ),
            "value": pa.Column(float, nullable=True),
            "status": pa.Column(
                str, pa.Check.isin(STATUSES, error=f"status must be one of {', '.join(STATUSES)}")
            ),
            "raw": pa.Column(str, nullable=True),
            "unit": pa.Column(str, nullable=True),
            "method": pa.Column(
                str, pa.Check.isin(METHODS, error=f"method must be one of {', '.join(METHODS)}")
            ),
            "source": pa.Column(str, pa.Check.str_length(min_value=1)),
            "evidence": pa.Column(
                object, pa.Check(_evidence_is_list, error="evidence must be a list of ids")
            ),
            "collected_at": pa.Column(pd.DatetimeTZDtype("us", "UTC")),
            "run_id": pa.Column(str, nullable=True),
        },
        checks=[
            pa.Check(
                lambda df: df["value"].isna() == df["status"].isin(UNKNOWN_STATUSES),
                error="value must be NaN exactly when status is not_checkable, source_missing or not_applicable",
            ),
            pa.Check(
                lambda df: ~((df["status"] == "absent") & (df["value"] != 0)),
                error="status absent needs value 0",
            ),
            pa.Check(
                lambda df: ~((df["status"] == "present") & ~(df["value"] > 0)),
                error="status present needs a value > 0",
            ),
            pa.Check(
                lambda df: ~df.duplicated(["month", "city_ags", "parameter_id", "source"]),
                error="duplicate (month, city_ags, parameter_id, source)",
            ),
        ],
        strict=True,
        ordered=False,
        coerce=False,
        name="parameter_table",
    )


def coerce_parameters(df: pd.DataFrame) -> pd.DataFrame:
    """Bring a parameter table to the stored dtypes (plain str, float64, tz-aware UTC timestamps)."""
    out = df.copy()
    for col in PARAMETER_COLUMNS:
        if col not in out.columns:
            out[col] = None if col != "evidence" else [[] for _ in range(len(out))]
    out = out[list(PARAMETER_COLUMNS)]
    for col in ("month", "city_ags", "parameter_id", "status", "method", "source"):
        out[col] = out[col].astype(str)
    for col in ("raw", "unit", "run_id"):
        out[col] = out[col].map(
            lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
        )
        out[col] = out[col].astype("str")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["evidence"] = out["evidence"].map(_as_id_list)
    out["collected_at"] = pd.to_datetime(out["collected_at"], utc=True).astype("datetime64[us, UTC]")
    return out.reset_index(drop=True)


def _as_id_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def _describe_failures(exc: pa.errors.SchemaErrors, limit: int = 20) -> str:
    cases = exc.failure_cases
    lines = []
    for _, case in cases.head(limit).iterrows():
        column = case.get("column")
        where = f"row {case['index']}" if pd.notna(case.get("index")) else "table"
        lines.append(f"- {where}, column {column}: {case['check']} (got {case['failure_case']!r})")
    more = len(cases) - limit
    if more > 0:
        lines.append(f"- ... and {more} more")
    return "\n".join(lines)


def validate_parameters(
    df: pd.DataFrame, catalog: Catalog | None = None, *, what: str = "parameter table"
) -> pd.DataFrame:
    """Validate (after coercing dtypes) and return the table; raise ParameterTableError listing problems."""
    catalog = catalog or load_catalog()
    coerced = coerce_parameters(df)
    problems = []
    for i, (status, pid, value) in enumerate(
        zip(coerced["status"], coerced["parameter_id"], coerced["value"], strict=True)
    ):
        par = catalog.parameters.get(pid)
        if par is None or np.isnan(value):
            continue
        if par.kind == "boolean" and value not in (0.0, 1.0):
            problems.append(f"- row {i}, parameter {pid}: boolean value must be 0 or 1 (got {value!r})")
        elif par.kind == "ordinal" and (value != int(value) or not 0 <= value <= (par.levels or 0)):
            problems.append(
                f"- row {i}, parameter {pid}: ordinal value must be an integer 0..{par.levels} (got {value!r})"
            )
        if par.kind == "boolean" and status == "value":
            problems.append(
                f"- row {i}, parameter {pid}: boolean parameters use status present/absent, not 'value'"
            )
    try:
        parameter_schema(catalog).validate(coerced, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems.insert(0, _describe_failures(exc))
    if problems:
        raise ParameterTableError(f"{what} violates the parameter-table contract:\n" + "\n".join(problems))
    return coerced


def empty_parameters() -> pd.DataFrame:
    return coerce_parameters(pd.DataFrame(columns=list(PARAMETER_COLUMNS)))


def parameter_row(
    *,
    month: str,
    city_ags: str,
    parameter_id: str,
    value: float | None,
    status: str,
    method: str,
    source: str,
    raw: str | None = None,
    unit: str | None = None,
    evidence: list[str] | None = None,
    collected_at: Any = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """One row of the parameter table as a dict (validated when the table is written)."""
    return {
        "month": month,
        "city_ags": city_ags,
        "parameter_id": parameter_id,
        "value": np.nan if value is None else float(value),
        "status": status,
        "raw": raw,
        "unit": unit,
        "method": method,
        "source": source,
        "evidence": list(evidence or []),
        "collected_at": collected_at if collected_at is not None else utcnow(),
        "run_id": run_id,
    }
