"""Evidence records: why a parameter row has its value (URL, snippet, rule, archived body).

Every crawl decision, every source value and every research entry or city correction points at one
or more evidence records by ``evidence_id``; the parameter table's ``evidence`` column lists them.
Records are stored per month and producing source under ``<data-dir>/evidence/month=YYYY-MM/``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from normalize.table import AGS_PATTERN, MONTH_PATTERN, STATUSES, ParameterTableError, _describe_failures

EVIDENCE_COLUMNS = (
    "evidence_id",
    "month",
    "city_ags",
    "parameter_id",
    "value",
    "status",
    "url",  # the URL requested (or the source/snapshot URL)
    "final_url",  # after redirects
    "http_status",
    "snippet",  # at most SNIPPET_MAX characters around the match, as text
    "rule_id",  # detector rule, source row locator (e.g. "kba:row 17") or "research"
    "fetched_at",
    "sha256",  # of the response body or raw snapshot
    "warc_file",  # relative to the data dir, or None
    "warc_record_id",
    "source",  # spider / adapter name
    "method",
    "version",  # detector / catalog / adapter version that produced the decision
    "items",  # list of ids behind the value (matched station ids, source row keys); [] if none
)
SNIPPET_MAX = 300


def make_evidence_id(*parts: Any) -> str:
    """A stable id from the parts that identify a decision (same inputs -> same id across re-runs)."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return "ev-" + digest.hexdigest()[:20]


def clip_snippet(text: str | None, limit: int = SNIPPET_MAX) -> str | None:
    """Collapse whitespace and clip to ``limit`` characters (an ellipsis marks a cut)."""
    if text is None:
        return None
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _is_str_list(series: pd.Series) -> pd.Series:
    return series.map(
        lambda v: isinstance(v, list | tuple | np.ndarray) and all(isinstance(x, str) for x in v)
    )


def evidence_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "evidence_id": pa.Column(str, pa.Check.str_matches(r"^ev-[0-9a-f]{6,}$"), unique=True),
            "month": pa.Column(str, pa.Check.str_matches(MONTH_PATTERN)),
            "city_ags": pa.Column(str, pa.Check.str_matches(AGS_PATTERN)),
            "parameter_id": pa.Column(str, nullable=True),
            "value": pa.Column(float, nullable=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES), nullable=True),
            "url": pa.Column(str, nullable=True),
            "final_url": pa.Column(str, nullable=True),
            "http_status": pa.Column("Int64", nullable=True),
            "snippet": pa.Column(str, pa.Check.str_length(max_value=SNIPPET_MAX), nullable=True),
            "rule_id": pa.Column(str, nullable=True),
            "fetched_at": pa.Column(pd.DatetimeTZDtype("us", "UTC"), nullable=True),
            "sha256": pa.Column(str, nullable=True),
            "warc_file": pa.Column(str, nullable=True),
            "warc_record_id": pa.Column(str, nullable=True),
            "source": pa.Column(str),
            "method": pa.Column(str),
            "version": pa.Column(str, nullable=True),
            "items": pa.Column(object, pa.Check(_is_str_list, error="items must be a list of strings")),
        },
        strict=True,
        name="evidence_table",
    )


def coerce_evidence(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in EVIDENCE_COLUMNS:
        if col not in out.columns:
            out[col] = None
    out = out[list(EVIDENCE_COLUMNS)]
    text_cols = [c for c in EVIDENCE_COLUMNS if c not in ("value", "http_status", "fetched_at", "items")]
    for col in text_cols:
        out[col] = out[col].map(
            lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
        )
        out[col] = out[col].astype("str")
    out["snippet"] = out["snippet"].map(lambda s: clip_snippet(s) if isinstance(s, str) else s).astype("str")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["http_status"] = pd.to_numeric(out["http_status"], errors="coerce").astype("Int64")
    out["fetched_at"] = pd.to_datetime(out["fetched_at"], utc=True).astype("datetime64[us, UTC]")
    out["items"] = out["items"].map(
        lambda v: [] if v is None or (isinstance(v, float) and np.isnan(v)) else [str(x) for x in v]
    )
    return out.reset_index(drop=True)


def validate_evidence(df: pd.DataFrame, *, what: str = "evidence table") -> pd.DataFrame:
    coerced = coerce_evidence(df)
    try:
        evidence_schema().validate(coerced, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise ParameterTableError(
            f"{what} violates the evidence contract:\n{_describe_failures(exc)}"
        ) from exc
    return coerced


def empty_evidence() -> pd.DataFrame:
    return coerce_evidence(pd.DataFrame(columns=list(EVIDENCE_COLUMNS)))
