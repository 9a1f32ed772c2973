"""Pipeline step: run one source adapter for one month (fetch or local file -> parse -> write).

A plain function (no Prefect inside): names, paths and ids in, a :class:`SourceResult` out. The
Prefect flows wrap it as a task; ``sci source`` calls it directly.

Order of effects, so that a failure never leaves half-written data:

1. snapshot: download the publisher's file (or snapshot ``file``) into ``raw/<name>/`` (immutable,
   content-addressed; a 304 or a known sha256 reuses the existing snapshot);
2. parse the snapshot (pandera-validated) and, for sources that feed parameters directly, build and
   validate the parameter and evidence rows, all in memory;
3. only then write, each file atomically: the parsed table (``sources/<name>/month=M/``), the
   evidence and the parameter rows of ``<name>`` for the month.

On any error nothing of step 3 is written: the previous month files stay as they were, and the
result carries ``status="error"`` with the typed error and its message.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pandas as pd

from normalize.cities import City, load_cities
from normalize.evidence import validate_evidence
from normalize.storage import (
    evidence_path,
    parameters_path,
    resolve_data_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import check_month, validate_parameters
from sources.population import load_population
from sources.registry import get_adapter
from sources.snapshots import Snapshot, snapshot_file, utc_now_iso
from sources.tables import write_source_table


@dataclass
class SourceResult:
    """What one source run did. ``status`` is ``ok`` or ``error``; paths are None when not written."""

    name: str
    month: str
    status: str = "ok"
    run_id: str | None = None
    snapshot_sha256: str | None = None
    snapshot_path: str | None = None
    snapshot_reused: bool = False
    snapshot_origin: str | None = None
    snapshot_url: str | None = None
    edition: str | None = None
    as_of: str | None = None
    rows_parsed: int = 0
    parameter_rows: int = 0
    evidence_rows: int = 0
    table_path: str | None = None
    parameters_path: str | None = None
    evidence_path: str | None = None
    population_origin: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    error_type: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> dict[str, Any]:
        """A JSON-able dict for run records."""
        return asdict(self)


def _population_for(month: str, data_dir: Path) -> tuple[pd.DataFrame | None, str | None]:
    """The parsed population of ``month``, else of the latest earlier month, else None (registry)."""
    frame = load_population(month, data_dir)
    if frame is not None:
        return frame, month
    base = data_dir / "sources" / "population"
    if base.is_dir():
        months = sorted(
            d.name.split("=", 1)[1]
            for d in base.iterdir()
            if d.is_dir() and d.name.startswith("month=") and (d / "population.parquet").exists()
        )
        earlier = [m for m in months if m < month]
        if earlier:
            return load_population(earlier[-1], data_dir), earlier[-1]
    return None, None


def _population_origin(params: pd.DataFrame, population: pd.DataFrame | None) -> str:
    used = sorted({o for o in (population["origin"] if population is not None else []) if o})
    fallback = (
        params["raw"].astype(str).str.contains("city registry", regex=False).any() if len(params) else False
    )
    parts = list(used)
    if fallback or population is None:
        parts.append("city registry (data/cities.csv)")
    return "; ".join(parts)


def _error_message(exc: BaseException, origin: str | None) -> str:
    """The error, naming the file the user gave (or the URL) and not only its content-addressed snapshot.

    Parse errors name the snapshot (``raw/kba/19d6....csv``), which is exact but says nothing to the
    person who passed ``--file fz1-januar.csv``: the given location is put in front when it is missing.
    """
    message = str(exc).strip() or repr(exc)
    if not origin or origin in message:
        return message
    return f"{origin}: {message}"


def run_source(
    name: str,
    *,
    month: str,
    data_dir: Path | str | None = None,
    file: Path | str | None = None,
    run_id: str | None = None,
    client: httpx.Client | None = None,
    url: str | None = None,
    as_of: str | None = None,
    cities: Sequence[City] | None = None,
    raise_on_error: bool = False,
) -> SourceResult:
    """Fetch (or snapshot ``file``), parse and write source ``name`` for ``month``.

    ``url`` overrides the adapter's live URL; ``as_of`` is the reference date for files that do
    not state it; ``cities`` defaults to the city registry. Errors are returned in the result
    (``raise_on_error`` re-raises them after filling it).
    """
    started = time.monotonic()
    result = SourceResult(name=name, month=month, run_id=run_id)
    try:
        check_month(month)
        adapter = get_adapter(name)
        base = resolve_data_dir(data_dir)
        snapshot: Snapshot = (
            snapshot_file(name, file, base)
            if file is not None
            else adapter.fetch(base, client=client, url=url)
        )
        result.snapshot_sha256 = snapshot.sha256
        result.snapshot_path = str(snapshot.path)
        result.snapshot_reused = snapshot.reused
        result.snapshot_origin = snapshot.meta.get("origin")
        result.snapshot_url = snapshot.url

        table = adapter.parse(snapshot.path, filename=snapshot.original_name, as_of=as_of)
        result.rows_parsed = len(table)
        result.edition = table.attrs.get("edition")
        result.as_of = table.attrs.get("as_of")
        if table.attrs.get("warning"):
            result.warnings.append(str(table.attrs["warning"]))
        dropped = table.attrs.get("dropped") or {}
        if dropped:
            result.warnings.append("rows dropped: " + ", ".join(f"{k} {v}" for k, v in dropped.items()))

        params = evidence = None
        if getattr(adapter, "KIND", "reference") == "parameters":
            run_cities = list(cities) if cities is not None else load_cities()
            population, _ = _population_for(month, base)
            params, evidence = adapter.to_parameters(
                table, month=month, cities=run_cities, population=population, snapshot=snapshot, run_id=run_id
            )
            params = validate_parameters(params, what=f"parameters of {name} for {month}")
            evidence = validate_evidence(evidence, what=f"evidence of {name} for {month}")
            result.population_origin = _population_origin(params, population)

        meta = {
            "source": name,
            "month": month,
            "snapshot_sha256": snapshot.sha256,
            "snapshot_file": snapshot.path.name,
            "url": snapshot.url,
            "original_name": snapshot.original_name,
            "fetched_at": snapshot.fetched_at,
            "edition": result.edition,
            "as_of": result.as_of,
            "rows": len(table),
            "adapter_version": getattr(adapter, "VERSION", None),
            "geo": name == "boundaries",
            "run_id": run_id,
            "written_at": utc_now_iso(),
        }
        result.table_path = str(write_source_table(table, name, month, base, meta))
        if params is not None and evidence is not None:
            write_evidence(evidence, source=name, month=month, data_dir=base)
            write_parameters(params, source=name, month=month, data_dir=base)
            result.parameter_rows = len(params)
            result.evidence_rows = len(evidence)
            result.parameters_path = str(parameters_path(base, month, name))
            result.evidence_path = str(evidence_path(base, month, name))
    except Exception as exc:  # every failure becomes a result the run record can store
        result.status = "error"
        result.error = _error_message(exc, str(file) if file is not None else result.snapshot_url)
        result.error_type = type(exc).__name__
        if raise_on_error:
            result.seconds = time.monotonic() - started
            raise
    result.seconds = round(time.monotonic() - started, 3)
    return result
