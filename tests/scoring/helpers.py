"""Small catalogs and tables for the scoring tests."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from normalize.catalog import Catalog, parse_catalog

A, B, C, D = "01000001", "01000002", "01000003", "01000004"
NA = "not_applicable"
NAN = math.nan


def par(key: str, kind: str = "boolean", weight: float = 1.0, **extra: Any) -> dict[str, Any]:
    """A catalog parameter entry (``levels=`` for ordinals, ``direction=`` for numerics)."""
    if kind == "numeric":
        extra.setdefault("direction", "higher")
    return {
        "id": key,
        "name": key,
        "kind": kind,
        "weight": weight,
        "how": "research",
        "definition": key,
        **extra,
    }


def pilot(weight: float = 1.0) -> dict[str, Any]:
    return {
        "id": "pilotprojekte",
        "name": "Pilot",
        "pilot": True,
        "parameters": [par("pilotprojekte", "numeric", weight)],
    }


def catalog(areas: dict[str, tuple[float, dict[str, Any]]]) -> Catalog:
    """``{area: (bonus_cap, {indicator: [par(...), ...] | pilot()})}`` -> a validated Catalog."""
    doc_areas = []
    for area_id, (cap, indicators) in areas.items():
        inds = []
        for ind_id, spec in indicators.items():
            if isinstance(spec, dict):  # a pilot indicator
                inds.append(spec)
            else:
                inds.append({"id": ind_id, "name": ind_id, "pilot": False, "parameters": spec})
        doc_areas.append({"id": area_id, "name": area_id.upper(), "bonus_cap": cap, "indicators": inds})
    return parse_catalog({"version": "test", "areas": doc_areas}, "test-catalog")


def one_indicator(*params: dict[str, Any]) -> Catalog:
    """Area ``a`` (bonus cap 0, no pilot) with one indicator ``x``: the area score equals its index."""
    return catalog({"a": (0, {"x": list(params)})})


def table(rows: list[tuple]) -> pd.DataFrame:
    """Rows (city, parameter_id, value[, status]); status None is derived from the value."""
    out = []
    for row in rows:
        city, pid, value = row[:3]
        status = row[3] if len(row) > 3 else None
        if status is None:
            status = "not_checkable" if isinstance(value, float) and math.isnan(value) else "value"
        out.append({"city_ags": city, "parameter_id": pid, "value": value, "status": status})
    df = pd.DataFrame(out)
    df["value"] = df["value"].astype(float)
    return df


def plain(rows: list[tuple]) -> pd.DataFrame:
    """The three required columns only (no status: nothing is not applicable)."""
    return table(rows)[["city_ags", "parameter_id", "value"]]


def pick(scores: pd.DataFrame, level: str, id_: str, column: str = "score") -> dict[str, Any]:
    """{city_ags: column value} of one (level, id)."""
    part = scores[(scores["level"] == level) & (scores["id"] == id_)]
    return {city: (None if pd.isna(v) else v) for city, v in zip(part["city_ags"], part[column], strict=True)}
