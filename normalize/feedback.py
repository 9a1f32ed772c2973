"""The city feedback round, pure logic: what a workbook holds, how a returned one is checked, records.

A feedback workbook (written and read by :mod:`normalize.feedback_workbook`) shows a city the
winning value of every parameter for one month and asks for corrections. Its hidden metadata sheet
carries the exported rows and a checksum over them, so an import can tell the right, untouched
workbook from a changed one. Every correction a city returns becomes its own *record* (who, when,
old value, proposed value, comment) that an analyst accepts or rejects with a reason; accepted
records become parameter rows with ``method=feedback`` for that month, beside (never instead of)
the collected rows. Storage and the import/export steps are in :mod:`normalize.feedback_store`.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from normalize.catalog import Catalog, Parameter
from normalize.cities import City
from normalize.evidence import clip_snippet, coerce_evidence, empty_evidence, make_evidence_id
from normalize.precedence import resolve
from normalize.research import Problem, allowed_values, parse_value
from normalize.table import KNOWN_STATUSES, coerce_parameters, empty_parameters, parameter_row

SOURCE = "feedback"
WORKBOOK_FORMAT = "sci-feedback-workbook"
WORKBOOK_FORMAT_VERSION = "1"
STATES = ("pending", "accepted", "rejected", "superseded")
MAX_COMMENT = 2000
MAX_CONTACT = 300

STATUS_LABELS = {
    "present": "vorhanden",
    "absent": "nicht vorhanden",
    "value": "Wert",
    "not_checkable": "nicht prüfbar",
    "source_missing": "keine Daten in der Quelle",
    "not_applicable": "entfällt",
    "": "nicht erhoben",
}
METHOD_LABELS = {
    "crawl": "Website der Stadt",
    "probe": "Portal-Abfrage",
    "source": "Datenquelle",
    "geo": "Geodaten",
    "research": "Recherche",
    "feedback": "Rückmeldung der Stadt",
}

RECORD_COLUMNS = (
    "record_id",
    "workbook_id",
    "city_ags",
    "month",
    "parameter_id",
    "old_value",
    "old_status",
    "old_source",
    "old_text",
    "proposed_raw",
    "proposed_value",
    "proposed_status",
    "comment",
    "contact",
    "imported_by",
    "imported_at",
    "source_file",
    "sheet_row",
    "workbook_sha256",
    "state",
    "analyst",
    "reason",
    "reviewed_at",
)
_TEXT_RECORD_COLUMNS = tuple(
    c
    for c in RECORD_COLUMNS
    if c not in ("old_value", "proposed_value", "imported_at", "reviewed_at", "sheet_row")
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class FeedbackError(ValueError):
    """A feedback operation was refused; the message says why."""


class WorkbookRejected(FeedbackError):
    """A returned workbook is invalid; ``problems`` lists every one. Nothing was stored."""

    def __init__(self, file: str, problems: Sequence[Problem]):
        self.file = file
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(
            f"workbook {file} rejected, nothing was imported ({len(self.problems)} problem(s)):\n{lines}"
        )


# --- values as the workbook shows them ----------------------------------------------------------


def value_text(value: Any, parameter: Parameter | None = None) -> str:
    """The canonical text of a (collected or read-back) cell value, used to compare and checksum."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if parameter is not None and parameter.kind == "boolean":
            return "ja" if number > 0 else "nein"
        return f"{number:.12g}"
    return str(value).strip()


def display_value(value: float, status: str, parameter: Parameter) -> str | int | float | None:
    """What the workbook's value cell holds: ja/nein for booleans, numbers otherwise, None unknown."""
    if status not in KNOWN_STATUSES or value is None or math.isnan(value):
        return None
    if parameter.kind == "boolean":
        return "ja" if value > 0 else "nein"
    if parameter.kind == "ordinal":
        return int(value)
    return float(value)


@dataclass(frozen=True)
class ExportRow:
    """One parameter line of a feedback workbook."""

    row: int  # sheet row (1-based)
    parameter_id: str
    area: str
    indicator: str
    name: str
    definition: str
    allowed: str
    kind: str
    levels: int | None
    value: str | int | float | None
    status: str  # a parameter-table status, or "" when nothing was collected
    source: str
    method: str
    evidence_id: str
    evidence_url: str
    snippet: str

    @property
    def text(self) -> str:
        return value_text(self.value)


@dataclass
class WorkbookMeta:
    """The hidden metadata sheet: identity of the export and the rows it showed, with a checksum."""

    workbook_id: str
    city_ags: str
    city_name: str
    month: str
    exported_at: str  # ISO timestamp, UTC
    catalog_version: str
    # (sheet row, parameter id, value text, status, source) of every exported line
    rows: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    format: str = WORKBOOK_FORMAT
    format_version: str = WORKBOOK_FORMAT_VERSION
    checksum: str = ""

    def header_fields(self) -> dict[str, str]:
        return {
            "format": self.format,
            "format_version": self.format_version,
            "workbook_id": self.workbook_id,
            "city_ags": self.city_ags,
            "city_name": self.city_name,
            "month": self.month,
            "exported_at": self.exported_at,
            "catalog_version": self.catalog_version,
        }

    def compute_checksum(self) -> str:
        payload = {"meta": self.header_fields(), "rows": [list(r) for r in self.rows]}
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def sealed(self) -> WorkbookMeta:
        self.checksum = self.compute_checksum()
        return self


META_KEYS = tuple(WorkbookMeta("", "", "", "", "", "").header_fields()) + ("checksum",)


def export_rows(
    city_ags: str,
    month: str,
    parameters: pd.DataFrame,
    evidence: pd.DataFrame,
    catalog: Catalog,
    *,
    area_id: str | None = None,
    first_row: int = 4,
) -> list[ExportRow]:
    """The workbook lines for one city and month: every parameter with its winning row's value."""
    city_rows = parameters[(parameters["city_ags"] == city_ags) & (parameters["month"] == month)]
    winners = {row["parameter_id"]: row for row in resolve(city_rows).to_dict("records")}
    ev_by_id = {}
    if not evidence.empty:
        ev_by_id = {rec["evidence_id"]: rec for rec in evidence.to_dict("records")}
    out = []
    for area in catalog.areas:
        if area_id is not None and area.id != area_id:
            continue
        for indicator in area.indicators:
            for parameter in indicator.parameters:
                won = winners.get(parameter.id)
                status = str(won["status"]) if won is not None else ""
                value = display_value(won["value"], status, parameter) if won is not None else None
                ev_ids = list(won["evidence"]) if won is not None else []
                record = next((ev_by_id[e] for e in ev_ids if e in ev_by_id), None)
                url = str(record["url"]) if record is not None and isinstance(record["url"], str) else ""
                snippet = (
                    record["snippet"] if record is not None and isinstance(record["snippet"], str) else ""
                )
                out.append(
                    ExportRow(
                        row=first_row + len(out),
                        parameter_id=parameter.id,
                        area=area.name,
                        indicator=indicator.name,
                        name=parameter.name,
                        definition=parameter.definition,
                        allowed=allowed_values(parameter, area.bonus_cap),
                        kind=parameter.kind,
                        levels=parameter.levels,
                        value=value,
                        status=status,
                        source=str(won["source"]) if won is not None else "",
                        method=str(won["method"]) if won is not None else "",
                        evidence_id=ev_ids[0] if ev_ids else "",
                        evidence_url=url,
                        snippet=snippet,
                    )
                )
    return out


# --- checking a returned workbook ---------------------------------------------------------------


@dataclass(frozen=True)
class ReturnedRow:
    """One data line as read back from a returned workbook (cells as openpyxl gives them)."""

    sheet_row: int
    parameter_id: Any
    value: Any
    status: Any
    proposed: Any
    comment: Any
    contact: Any
    formula_columns: tuple[str, ...] = ()  # headers of cells holding a formula


@dataclass(frozen=True)
class Correction:
    sheet_row: int
    parameter_id: str
    old_text: str
    old_status: str
    old_source: str
    proposed_raw: str | None
    proposed_value: float | None
    proposed_status: str | None
    comment: str | None
    contact: str | None


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    return str(cell).strip()


def check_meta(
    meta: WorkbookMeta,
    *,
    file: str,
    cities_by_ags: dict[str, City],
    catalog: Catalog,
    expected_city: str | None = None,
    logged_checksum: str | None = None,
    logged: bool = False,
) -> tuple[list[Problem], list[str]]:
    """Problems (reject) and warnings (import anyway) with a workbook's metadata sheet."""
    problems, warnings = [], []

    def bad(msg: str) -> None:
        problems.append(Problem(file, None, msg))

    if meta.format != WORKBOOK_FORMAT:
        bad(f"metadata sheet: format is {meta.format!r}, not a {WORKBOOK_FORMAT}")
        return problems, warnings
    if meta.format_version != WORKBOOK_FORMAT_VERSION:
        bad(f"metadata sheet: format version {meta.format_version!r} is not supported")
    if meta.checksum != meta.compute_checksum():
        bad(
            "metadata sheet was changed (checksum mismatch): the workbook's identity or exported rows "
            "no longer match what was exported; export a fresh workbook"
        )
    if meta.city_ags not in cities_by_ags:
        bad(f"metadata sheet: city {meta.city_ags!r} is not in the city registry")
    elif expected_city is not None and meta.city_ags != expected_city:
        other = cities_by_ags.get(expected_city)
        bad(
            f"wrong city: the workbook is for {meta.city_name} ({meta.city_ags}), "
            f"expected {other.name if other else expected_city} ({expected_city})"
        )
    if not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", meta.month or ""):
        bad(f"metadata sheet: month {meta.month!r} is not YYYY-MM")
    if logged and logged_checksum is not None and logged_checksum != meta.checksum:
        bad(f"metadata sheet does not match the export record of workbook {meta.workbook_id}")
    if not logged:
        warnings.append(f"workbook {meta.workbook_id or '?'} was not exported from this data dir")
    if meta.catalog_version != catalog.version:
        warnings.append(
            f"exported with catalog {meta.catalog_version}, checked against catalog {catalog.version}"
        )
    return problems, warnings


def check_rows(
    meta: WorkbookMeta,
    returned: Sequence[ReturnedRow],
    *,
    file: str,
    catalog: Catalog,
) -> tuple[list[Correction], list[Problem]]:
    """The corrections in a returned workbook's data lines, and every problem with them.

    Each exported line must still be in its row with its id, value and status unchanged (those
    columns are locked); editable cells must not hold formulas; a proposed value must fit the
    parameter's kind and levels; there must be nothing below the table.
    """
    problems: list[Problem] = []
    corrections: list[Correction] = []
    by_row = {r.sheet_row: r for r in returned}
    expected_rows = {row for row, *_ in meta.rows}
    for sheet_row in sorted(set(by_row) - expected_rows):
        problems.append(Problem(file, sheet_row, "line added below or inside the exported table"))
    workbook_contact = next(
        (_text(r.contact) for r in returned if _text(r.contact) and not r.formula_columns), ""
    )
    for sheet_row, pid, old_text, old_status, old_source in meta.rows:
        got = by_row.get(sheet_row)
        if got is None:
            problems.append(Problem(file, sheet_row, f"line of {pid} was deleted"))
            continue
        here: list[str] = []
        got_id = _text(got.parameter_id)
        if got_id != pid:
            if got_id and got_id not in catalog.parameters:
                here.append(f"unknown parameter id {got_id!r} (exported: {pid})")
            else:
                here.append(f"parameter id changed from {pid} to {got_id or '(empty)'}")
        parameter = catalog.parameters.get(pid)
        if parameter is None:
            here.append(f"unknown parameter id {pid!r} (catalog {catalog.version})")
        if value_text(got.value, parameter) != old_text:
            here.append(f"collected value of {pid} was changed (locked column)")
        if _text(got.status) != STATUS_LABELS.get(old_status, old_status):
            here.append(f"status of {pid} was changed (locked column)")
        for column in got.formula_columns:
            here.append(f"column {column!r} holds a formula; type the value itself")
        proposed_text = _text(got.proposed)
        if isinstance(got.proposed, str) and proposed_text.startswith("=") and not got.formula_columns:
            here.append(f"proposed value {proposed_text!r} looks like a formula; type the value itself")
        comment, contact = _text(got.comment), _text(got.contact)
        if len(comment) > MAX_COMMENT:
            here.append(f"comment has {len(comment)} characters (at most {MAX_COMMENT})")
        if len(contact) > MAX_CONTACT:
            here.append(f"contact has {len(contact)} characters (at most {MAX_CONTACT})")
        parsed = None
        if proposed_text and parameter is not None and not here:
            try:
                parsed = parse_value(
                    got.proposed, parameter, bonus_cap=catalog.area(parameter.area_id).bonus_cap
                )
            except ValueError as exc:
                here.append(f"proposed value for {pid}: {exc}")
        if here:
            problems.extend(Problem(file, sheet_row, msg) for msg in here)
            continue
        if not proposed_text and not comment:
            continue  # untouched line (a contact alone is not a correction)
        corrections.append(
            Correction(
                sheet_row=sheet_row,
                parameter_id=pid,
                old_text=old_text,
                old_status=old_status,
                old_source=old_source,
                proposed_raw=parsed.raw if parsed else None,
                proposed_value=parsed.value if parsed else None,
                proposed_status=parsed.status if parsed else None,
                comment=comment or None,
                contact=contact or workbook_contact or None,
            )
        )
    return corrections, sorted(problems, key=lambda p: p.line or 0)


# --- records ------------------------------------------------------------------------------------


def record_id(workbook_id: str, correction: Correction) -> str:
    """Stable id: the same line of the same workbook with the same content gets the same id."""
    parts = (
        workbook_id,
        correction.parameter_id,
        correction.proposed_raw,
        correction.comment,
        correction.contact,
    )
    digest = hashlib.sha256("\x1f".join("" if p is None else p for p in parts).encode("utf-8"))
    return "fb-" + digest.hexdigest()[:12]


def empty_records() -> pd.DataFrame:
    return coerce_records(pd.DataFrame(columns=list(RECORD_COLUMNS)))


def coerce_records(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in RECORD_COLUMNS:
        if col not in out.columns:
            out[col] = None
    out = out[list(RECORD_COLUMNS)]
    for col in _TEXT_RECORD_COLUMNS:
        out[col] = out[col].map(
            lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
        )
        out[col] = out[col].astype("str")
    for col in ("old_value", "proposed_value"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    out["sheet_row"] = pd.to_numeric(out["sheet_row"], errors="coerce").astype("Int64")
    for col in ("imported_at", "reviewed_at"):
        out[col] = pd.to_datetime(out[col], utc=True).astype("datetime64[us, UTC]")
    return out.reset_index(drop=True)


def _old_number(text: str, parameter: Parameter) -> float | None:
    if not text:
        return None
    try:
        return parse_value(text, parameter).value
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def build_records(
    corrections: Iterable[Correction],
    meta: WorkbookMeta,
    *,
    catalog: Catalog,
    imported_by: str,
    imported_at: pd.Timestamp,
    source_file: str,
    workbook_sha256: str,
) -> pd.DataFrame:
    """One pending record per correction of a checked workbook."""
    rows = []
    for c in corrections:
        parameter = catalog.parameter(c.parameter_id)
        old_value = _old_number(c.old_text, parameter)
        rows.append(
            {
                "record_id": record_id(meta.workbook_id, c),
                "workbook_id": meta.workbook_id,
                "city_ags": meta.city_ags,
                "month": meta.month,
                "parameter_id": c.parameter_id,
                "old_value": old_value,
                "old_status": c.old_status or None,
                "old_source": c.old_source or None,
                "old_text": c.old_text or None,
                "proposed_raw": c.proposed_raw,
                "proposed_value": c.proposed_value,
                "proposed_status": c.proposed_status,
                "comment": c.comment,
                "contact": c.contact,
                "imported_by": imported_by,
                "imported_at": imported_at,
                "source_file": source_file,
                "sheet_row": c.sheet_row,
                "workbook_sha256": workbook_sha256,
                "state": "pending",
                "analyst": None,
                "reason": None,
                "reviewed_at": None,
            }
        )
    return coerce_records(pd.DataFrame(rows)) if rows else empty_records()


@dataclass(frozen=True)
class MergeResult:
    records: pd.DataFrame
    added: list[str]
    already_known: list[str]
    superseded: list[str]


def merge_records(existing: pd.DataFrame, new: pd.DataFrame, now: pd.Timestamp) -> MergeResult:
    """Add new records; records already stored are left as they are (a re-import changes nothing).

    A new record supersedes older *pending* records of the same city, month and parameter; decided
    records keep their decision.
    """
    known = set(existing["record_id"])
    fresh = new[~new["record_id"].isin(known)]
    out = existing.copy()
    superseded: list[str] = []
    for rec in fresh.to_dict("records"):
        same = (
            (out["city_ags"] == rec["city_ags"])
            & (out["month"] == rec["month"])
            & (out["parameter_id"] == rec["parameter_id"])
            & (out["state"] == "pending")
        )
        for idx in out.index[same]:
            superseded.append(str(out.at[idx, "record_id"]))
            out.at[idx, "state"] = "superseded"
            out.at[idx, "analyst"] = "sci"
            out.at[idx, "reason"] = f"superseded by {rec['record_id']}"
            out.at[idx, "reviewed_at"] = now
    merged = pd.concat([out, fresh], ignore_index=True) if len(fresh) else out
    return MergeResult(
        records=coerce_records(merged),
        added=list(fresh["record_id"]),
        already_known=[r for r in new["record_id"] if r in known],
        superseded=superseded,
    )


def find_record(records: pd.DataFrame, ref: str) -> int:
    """The index of the record whose id is ``ref`` or starts with it; FeedbackError otherwise."""
    ref = ref.strip()
    exact = records.index[records["record_id"] == ref]
    if len(exact) == 1:
        return int(exact[0])
    matches = records.index[records["record_id"].str.startswith(ref)] if ref else []
    if len(matches) == 1:
        return int(matches[0])
    if len(matches) > 1:
        ids = ", ".join(records.loc[matches, "record_id"])
        raise FeedbackError(f"record id {ref!r} is ambiguous: {ids}")
    raise FeedbackError(f"no feedback record {ref!r}")


def decide(
    records: pd.DataFrame,
    ref: str,
    *,
    accept: bool,
    analyst: str,
    reason: str | None,
    now: pd.Timestamp,
    force: bool = False,
) -> tuple[pd.DataFrame, str]:
    """Accept or reject one record (a rejection needs a reason); returns the records and the id."""
    idx = find_record(records, ref)
    rid = str(records.at[idx, "record_id"])
    state = records.at[idx, "state"]
    if not analyst.strip():
        raise FeedbackError("the analyst's name is empty (--by)")
    if not accept and not (reason or "").strip():
        raise FeedbackError(f"rejecting {rid} needs a reason (--reason)")
    if state == "superseded":
        raise FeedbackError(f"{rid} was {records.at[idx, 'reason']}; decide the newer record instead")
    if state in ("accepted", "rejected") and not force:
        raise FeedbackError(
            f"{rid} is already {state} by {records.at[idx, 'analyst']} ({records.at[idx, 'reason'] or 'no reason'}); "
            "use --force to change the decision"
        )
    out = records.copy()
    out.at[idx, "state"] = "accepted" if accept else "rejected"
    out.at[idx, "analyst"] = analyst.strip()
    out.at[idx, "reason"] = (reason or "").strip() or None
    out.at[idx, "reviewed_at"] = now
    return coerce_records(out), rid


def feedback_rows(
    records: pd.DataFrame,
    month: str,
    catalog: Catalog,
    *,
    archive_dir: str = "feedback/workbooks",
    run_id: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parameter rows (``method=feedback``) and evidence for the month's accepted corrections.

    Per city and parameter the latest accepted correction (by import time, then id) wins; accepted
    remarks without a proposed value change nothing.
    """
    chosen = records[
        (records["month"] == month) & (records["state"] == "accepted") & records["proposed_status"].notna()
    ].sort_values(["imported_at", "record_id"])
    chosen = chosen.drop_duplicates(["city_ags", "parameter_id"], keep="last")
    chosen = chosen.sort_values(["city_ags", "parameter_id"])
    rows, evidence = [], []
    for rec in chosen.to_dict("records"):
        parameter = catalog.parameter(rec["parameter_id"])
        status = rec["proposed_status"]
        value = None if status not in KNOWN_STATUSES else float(rec["proposed_value"])
        ev_id = make_evidence_id(SOURCE, month, rec["record_id"])
        rows.append(
            parameter_row(
                month=month,
                city_ags=rec["city_ags"],
                parameter_id=rec["parameter_id"],
                value=value,
                status=status,
                method="feedback",
                source=SOURCE,
                raw=rec["proposed_raw"],
                unit=parameter.unit,
                evidence=[ev_id],
                collected_at=rec["imported_at"],
                run_id=run_id,
            )
        )
        contact = rec["contact"] if isinstance(rec["contact"], str) else ""
        email = _EMAIL.search(contact)
        evidence.append(
            {
                "evidence_id": ev_id,
                "month": month,
                "city_ags": rec["city_ags"],
                "parameter_id": rec["parameter_id"],
                "value": value,
                "status": status,
                "url": f"mailto:{email.group(0)}" if email else f"feedback:{rec['workbook_id']}",
                "snippet": clip_snippet(
                    rec["comment"]
                    if isinstance(rec["comment"], str)
                    else f"correction by {contact or 'the city'}"
                ),
                "rule_id": "feedback",
                "fetched_at": rec["imported_at"],
                "sha256": rec["workbook_sha256"],
                "source": SOURCE,
                "method": "feedback",
                "version": catalog.version,
                "items": [
                    rec["record_id"],
                    f"{archive_dir}/{rec['workbook_sha256']}.xlsx",
                    f"accepted by {rec['analyst']}",
                ],
            }
        )
    params = coerce_parameters(pd.DataFrame(rows)) if rows else empty_parameters()
    ev = coerce_evidence(pd.DataFrame(evidence)) if evidence else empty_evidence()
    return params, ev
