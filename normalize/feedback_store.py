"""The feedback round's steps and storage: export, import, review, apply.

Layout under the data dir:

    feedback/records.parquet              every correction a city returned, with its decision
    feedback/exports.parquet              every workbook exported (id, city, month, checksum)
    feedback/workbooks/<sha256>.xlsx      each imported workbook as received (provenance)
    parameters/month=M/feedback.parquet   accepted corrections as parameter rows (method=feedback)
    evidence/month=M/feedback.parquet     their evidence records

Writers hold ``feedback/.lock`` for their read-modify-write, and replace files atomically, so two
imports never lose each other's records and a crash never leaves a half-written file. An import is
all-or-nothing: a workbook with any problem is rejected whole and nothing is stored.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from normalize.catalog import Catalog, load_catalog
from normalize.cities import City, load_cities
from normalize.feedback import (
    SOURCE,
    STATES,
    FeedbackError,
    MergeResult,
    WorkbookMeta,
    WorkbookRejected,
    build_records,
    check_meta,
    check_rows,
    coerce_records,
    decide,
    empty_records,
    export_rows,
    feedback_rows,
    merge_records,
)
from normalize.feedback_workbook import FIRST_ROW, read_workbook, write_workbook
from normalize.research import Problem, display_path
from normalize.storage import (
    atomic_write_bytes,
    atomic_write_parquet,
    parameters_path,
    read_evidence,
    read_parameters,
    read_parquet_plain,
    resolve_data_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import check_month, utcnow

EXPORT_COLUMNS = (
    "workbook_id",
    "city_ags",
    "month",
    "exported_at",
    "catalog_version",
    "checksum",
    "rows",
    "file",
)


def feedback_dir(data_dir: Path | str | None = None) -> Path:
    return resolve_data_dir(data_dir) / "feedback"


def records_path(data_dir: Path | str | None = None) -> Path:
    return feedback_dir(data_dir) / "records.parquet"


def exports_path(data_dir: Path | str | None = None) -> Path:
    return feedback_dir(data_dir) / "exports.parquet"


@contextlib.contextmanager
def feedback_lock(data_dir: Path | str | None = None) -> Iterator[None]:
    """Hold the feedback dir's lock for a read-modify-write of its files."""
    directory = feedback_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_records(data_dir: Path | str | None = None) -> pd.DataFrame:
    path = records_path(data_dir)
    if not path.exists():
        return empty_records()
    return coerce_records(read_parquet_plain(path))


def _write_records(records: pd.DataFrame, data_dir: Path | str | None) -> Path:
    bad_states = set(records["state"]) - set(STATES)
    if bad_states:
        raise FeedbackError(f"records with unknown state(s) {sorted(bad_states)} were not written")
    if records["record_id"].duplicated().any():
        raise FeedbackError("duplicate record ids; records were not written")
    return atomic_write_parquet(coerce_records(records), records_path(data_dir))


def read_exports(data_dir: Path | str | None = None) -> pd.DataFrame:
    path = exports_path(data_dir)
    if not path.exists():
        return pd.DataFrame(columns=list(EXPORT_COLUMNS))
    return read_parquet_plain(path)


# --- export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    meta: WorkbookMeta
    known: int  # lines with a known value
    total: int


def export_workbook(
    city: City,
    month: str,
    out: Path | str,
    data_dir: Path | str | None = None,
    *,
    catalog: Catalog | None = None,
    area_id: str | None = None,
    now: pd.Timestamp | None = None,
) -> ExportResult:
    """Write the feedback workbook of ``city`` for ``month`` and log the export."""
    check_month(month)
    catalog = catalog or load_catalog()
    if area_id is not None:
        catalog.area(area_id)
    base = resolve_data_dir(data_dir)
    parameters = read_parameters(month, base)
    evidence = read_evidence(month, base)
    rows = export_rows(city.ags, month, parameters, evidence, catalog, area_id=area_id, first_row=FIRST_ROW)
    exported_at = (now or utcnow()).isoformat()
    meta = WorkbookMeta(
        workbook_id="wb-" + uuid.uuid4().hex[:16],
        city_ags=city.ags,
        city_name=city.name,
        month=month,
        exported_at=exported_at,
        catalog_version=catalog.version,
        rows=[(r.row, r.parameter_id, r.text, r.status, r.source) for r in rows],
    ).sealed()
    path = write_workbook(out, meta, rows)
    with feedback_lock(base):
        log = read_exports(base)
        entry = pd.DataFrame(
            [
                {
                    "workbook_id": meta.workbook_id,
                    "city_ags": meta.city_ags,
                    "month": month,
                    "exported_at": exported_at,
                    "catalog_version": catalog.version,
                    "checksum": meta.checksum,
                    "rows": len(rows),
                    "file": str(Path(out).name),
                }
            ]
        )
        log = pd.concat([log, entry], ignore_index=True) if len(log) else entry
        atomic_write_parquet(log.astype({"rows": "int64"}), exports_path(base))
    return ExportResult(path, meta, sum(1 for r in rows if r.text), len(rows))


# --- import -------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    file: str
    meta: WorkbookMeta
    added: list[str] = field(default_factory=list)
    already_known: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


def check_workbook(
    path: Path | str,
    data_dir: Path | str | None = None,
    *,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
    expected_city: str | None = None,
) -> tuple[WorkbookMeta, list, list[str]]:
    """Read and check a returned workbook; raise :class:`WorkbookRejected` listing every problem.

    Returns the metadata, the corrections and the warnings.
    """
    catalog = catalog or load_catalog()
    cities = cities if cities is not None else load_cities()
    shown = display_path(Path(path))
    meta, returned, problems = read_workbook(path, shown)
    if meta is None:
        raise WorkbookRejected(shown, problems or [Problem(shown, None, "unreadable workbook")])
    log = read_exports(data_dir)
    logged = log[log["workbook_id"] == meta.workbook_id]
    meta_problems, warnings = check_meta(
        meta,
        file=shown,
        cities_by_ags={c.ags: c for c in cities},
        catalog=catalog,
        expected_city=expected_city,
        logged=len(logged) > 0,
        logged_checksum=str(logged["checksum"].iloc[-1]) if len(logged) else None,
    )
    corrections, row_problems = check_rows(meta, returned, file=shown, catalog=catalog)
    problems = meta_problems + problems + row_problems
    if problems:
        raise WorkbookRejected(shown, problems)
    return meta, corrections, warnings


def import_workbook(
    path: Path | str,
    data_dir: Path | str | None = None,
    *,
    imported_by: str,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
    expected_city: str | None = None,
    dry_run: bool = False,
    now: pd.Timestamp | None = None,
) -> ImportResult:
    """Check a returned workbook and store each correction as a pending record (all or nothing).

    Re-importing the same workbook adds nothing. The workbook itself is archived under
    ``feedback/workbooks/<sha256>.xlsx`` so every record points at the file the city sent.
    """
    if not imported_by.strip():
        raise FeedbackError("the importing analyst's name is empty (--by)")
    catalog = catalog or load_catalog()
    base = resolve_data_dir(data_dir)
    path = Path(path)
    meta, corrections, warnings = check_workbook(
        path, base, catalog=catalog, cities=cities, expected_city=expected_city
    )
    body = path.read_bytes()
    sha256 = hashlib.sha256(body).hexdigest()
    now = now or utcnow()
    new = build_records(
        corrections,
        meta,
        catalog=catalog,
        imported_by=imported_by.strip(),
        imported_at=now,
        source_file=path.name,
        workbook_sha256=sha256,
    )
    result = ImportResult(file=display_path(path), meta=meta, warnings=warnings, dry_run=dry_run)
    with feedback_lock(base):
        merged: MergeResult = merge_records(read_records(base), new, now)
        result.added, result.already_known, result.superseded = (
            merged.added,
            merged.already_known,
            merged.superseded,
        )
        if dry_run or not merged.added:
            return result
        archive = feedback_dir(base) / "workbooks" / f"{sha256}.xlsx"
        if not archive.exists():
            atomic_write_bytes(archive, body)
        _write_records(merged.records, base)
    return result


# --- review and apply ---------------------------------------------------------------------------


def select_records(
    records: pd.DataFrame,
    *,
    city_ags: str | None = None,
    month: str | None = None,
    states: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    mask = pd.Series(True, index=records.index)
    if city_ags is not None:
        mask &= records["city_ags"] == city_ags
    if month is not None:
        mask &= records["month"] == month
    if states is not None:
        mask &= records["state"].isin(states)
    return records[mask].sort_values(["city_ags", "month", "parameter_id", "imported_at"])


def review_records(
    decisions: list[tuple[str, bool]],
    data_dir: Path | str | None = None,
    *,
    analyst: str,
    reason: str | None,
    force: bool = False,
    now: pd.Timestamp | None = None,
) -> list[str]:
    """Accept (True) or reject (False) records by id; all decisions are checked before any is stored."""
    now = now or utcnow()
    base = resolve_data_dir(data_dir)
    with feedback_lock(base):
        records = read_records(base)
        decided = []
        for ref, accept in decisions:
            records, rid = decide(
                records, ref, accept=accept, analyst=analyst, reason=reason, now=now, force=force
            )
            decided.append(rid)
        if decided:
            _write_records(records, base)
    return decided


@dataclass(frozen=True)
class FeedbackApplyResult:
    month: str
    rows: int
    path: Path | None


def apply_feedback(
    month: str,
    data_dir: Path | str | None = None,
    *,
    catalog: Catalog | None = None,
    run_id: str | None = None,
) -> FeedbackApplyResult:
    """Rewrite ``parameters/month=M/feedback.parquet`` (and its evidence) from the accepted records.

    The collected rows of the month are never touched; precedence puts these rows first.
    """
    check_month(month)
    catalog = catalog or load_catalog()
    base = resolve_data_dir(data_dir)
    params, evidence = feedback_rows(read_records(base), month, catalog, run_id=run_id)
    target = parameters_path(base, month, SOURCE)
    if params.empty and not target.exists():
        return FeedbackApplyResult(month, 0, None)
    write_evidence(evidence, source=SOURCE, month=month, data_dir=base)
    path = write_parameters(params, source=SOURCE, month=month, data_dir=base, catalog=catalog)
    return FeedbackApplyResult(month, len(params), path)
