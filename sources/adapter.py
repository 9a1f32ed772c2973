"""What every adapter's ``to_parameters`` shares: population per city, parameter rows, evidence rows.

Per-inhabitant figures need a population. The caller passes the parsed ``population`` source table
of the month when there is one (columns ags, population, reference_date, and optionally origin);
cities it lacks fall back to the city registry's population. Which one was used, with its reference
date, is written into the row's ``raw`` text and its evidence snippet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from normalize.catalog import Catalog, load_catalog
from normalize.cities import City
from normalize.evidence import EVIDENCE_COLUMNS, clip_snippet, make_evidence_id
from normalize.table import PARAMETER_COLUMNS, parameter_row, utcnow
from sources.snapshots import Snapshot

CITY_REGISTRY_ORIGIN = "city registry (data/cities.csv)"


@dataclass(frozen=True)
class PopulationRef:
    """The population used for one city, and where it came from."""

    population: int
    reference_date: str | None
    origin: str

    def describe(self) -> str:
        as_of = self.reference_date or "reference date unknown"
        return f"population {self.population:,} ({as_of}, {self.origin})"


def population_lookup(population: pd.DataFrame | None, cities: Iterable[City]) -> dict[str, PopulationRef]:
    """Population per city AGS: the population table where it has the city, else the registry."""
    table: dict[str, PopulationRef] = {}
    if population is not None and len(population):
        origin_col = "origin" in population.columns
        for row in population.itertuples(index=False):
            pop = getattr(row, "population", None)
            if pop is None or (isinstance(pop, float) and math.isnan(pop)) or int(pop) <= 0:
                continue
            ref = getattr(row, "reference_date", None)
            table[str(row.ags)] = PopulationRef(
                population=int(pop),
                reference_date=None
                if ref is None or (isinstance(ref, float) and math.isnan(ref))
                else str(ref),
                origin=str(row.origin) if origin_col else "population source",
            )
    out: dict[str, PopulationRef] = {}
    for city in cities:
        if city.ags in table:
            out[city.ags] = table[city.ags]
        elif city.population > 0:
            out[city.ags] = PopulationRef(city.population, city.population_date or None, CITY_REGISTRY_ORIGIN)
    return out


class RowBuilder:
    """Collects parameter and evidence rows of one adapter run with shared provenance."""

    def __init__(
        self,
        *,
        source: str,
        month: str,
        snapshot: Snapshot | None,
        method: str = "source",
        version: str | None = None,
        run_id: str | None = None,
        catalog: Catalog | None = None,
    ):
        self.source = source
        self.month = month
        self.snapshot = snapshot
        self.method = method
        self.version = version
        self.run_id = run_id
        self.catalog = catalog or load_catalog()
        self.collected_at = utcnow()
        self.parameters: list[dict[str, Any]] = []
        self.evidence: list[dict[str, Any]] = []

    def add(
        self,
        *,
        city_ags: str,
        parameter_id: str,
        value: float | None,
        status: str,
        raw: str,
        rule_id: str,
        snippet: str | None = None,
        items: Sequence[str] = (),
    ) -> None:
        """One parameter row and the evidence record it points at."""
        parameter = self.catalog.parameter(parameter_id)
        snap = self.snapshot
        sha = snap.sha256 if snap else None
        evidence_id = make_evidence_id(self.source, self.month, city_ags, parameter_id, sha)
        self.parameters.append(
            parameter_row(
                month=self.month,
                city_ags=city_ags,
                parameter_id=parameter_id,
                value=value,
                status=status,
                method=self.method,
                source=self.source,
                raw=raw,
                unit=parameter.unit,
                evidence=[evidence_id],
                collected_at=self.collected_at,
                run_id=self.run_id,
            )
        )
        self.evidence.append(
            {
                "evidence_id": evidence_id,
                "month": self.month,
                "city_ags": city_ags,
                "parameter_id": parameter_id,
                "value": float("nan") if value is None else float(value),
                "status": status,
                "url": snap.url if snap else None,
                "final_url": snap.final_url if snap else None,
                "http_status": snap.meta.get("status") if snap else None,
                "snippet": clip_snippet(snippet or raw),
                "rule_id": rule_id,
                "fetched_at": pd.Timestamp(snap.fetched_at) if snap and snap.fetched_at else None,
                "sha256": sha,
                "warc_file": None,
                "warc_record_id": None,
                "source": self.source,
                "method": self.method,
                "version": self.version,
                "items": [str(i) for i in items],
            }
        )

    def missing(self, *, city_ags: str, parameter_id: str, reason: str, rule_id: str) -> None:
        """A ``source_missing`` row: the source has no usable value for this city."""
        self.add(
            city_ags=city_ags,
            parameter_id=parameter_id,
            value=None,
            status="source_missing",
            raw=reason,
            rule_id=rule_id,
        )

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        params = pd.DataFrame(self.parameters, columns=list(PARAMETER_COLUMNS))
        evidence = pd.DataFrame(self.evidence, columns=list(EVIDENCE_COLUMNS))
        return params, evidence


def fmt(value: float, digits: int = 2) -> str:
    """A number for ``raw`` texts: fixed decimals, no thousands separator confusion."""
    return f"{value:.{digits}f}"
