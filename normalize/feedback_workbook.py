"""Feedback workbooks as files: write the xlsx sent to a city, read back the one it returns.

Written with openpyxl: a protected data sheet (only the three answer columns are editable, with
drop-down lists for boolean and ordinal parameters), an instructions sheet and a hidden metadata
sheet. Reading treats the file as untrusted input: size and ZIP checks come before openpyxl parses
anything (openpyxl parses XML with defusedxml when it is installed, as it is here), and every way a
file can be wrong becomes a :class:`~normalize.research.Problem` instead of an exception.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from normalize.feedback import (
    META_KEYS,
    METHOD_LABELS,
    STATUS_LABELS,
    ExportRow,
    ReturnedRow,
    WorkbookMeta,
)
from normalize.research import Problem
from normalize.storage import atomic_path

DATA_SHEET = "Rückmeldung"
HELP_SHEET = "Anleitung"
META_SHEET = "_sci_meta"
TITLE_ROW = 1
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
# (header, width, editable)
COLUMNS = (
    ("Parameter-ID", 34, False),
    ("Bereich", 16, False),
    ("Indikator", 22, False),
    ("Parameter", 30, False),
    ("Definition", 60, False),
    ("Zulässige Werte", 28, False),
    ("Erhobener Wert", 14, False),
    ("Status", 16, False),
    ("Quelle", 22, False),
    ("Beleg (Link)", 40, False),
    ("Beleg (Auszug)", 50, False),
    ("Vorgeschlagener Wert", 18, True),
    ("Kommentar", 40, True),
    ("Kontakt (Name, E-Mail)", 28, True),
)
HEADERS = tuple(c[0] for c in COLUMNS)
COL = {name: i + 1 for i, name in enumerate(HEADERS)}
ID_COL, VALUE_COL, STATUS_COL = COL["Parameter-ID"], COL["Erhobener Wert"], COL["Status"]
PROPOSED_COL, COMMENT_COL, CONTACT_COL = (
    COL["Vorgeschlagener Wert"],
    COL["Kommentar"],
    COL["Kontakt (Name, E-Mail)"],
)
META_ROW_HEADER = ("row", "parameter_id", "value", "status", "source")

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 5000
MAX_HYPERLINK = 2000

_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
# Style objects are shared: building one per cell costs more than writing the whole file.
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
_NA_WORD = "entfällt"

HELP_TEXT = (
    "Smart City Index: Datenprüfung",
    "",
    "Das Blatt 'Rückmeldung' zeigt für jeden Parameter den Wert, den wir für Ihre Stadt erhoben haben,",
    "mit Status, Quelle und Beleg (Link und Textauszug).",
    "",
    "Wenn ein Wert nicht stimmt, tragen Sie in der Spalte 'Vorgeschlagener Wert' den richtigen Wert ein",
    "und begründen Sie ihn in 'Kommentar' (am besten mit einem Link als Beleg). Tragen Sie in",
    "'Kontakt' Ihren Namen und Ihre E-Mail-Adresse ein.",
    "",
    "Zulässige Werte: ja/nein-Parameter 'ja' oder 'nein'; Stufen-Parameter eine ganze Zahl der",
    "angegebenen Skala; Zahlen-Parameter eine Zahl (Dezimalkomma erlaubt). 'entfällt' meldet, dass",
    "ein Parameter für Ihre Stadt nicht zutrifft.",
    "",
    "Bitte nur die drei gelben Spalten ausfüllen, keine Zeilen oder Spalten einfügen, löschen oder",
    "verschieben und keine Formeln verwenden: die Datei wird maschinell eingelesen und geprüft,",
    "eine geänderte Datei wird als Ganzes abgewiesen.",
    "",
    "Jede Korrektur wird einzeln geprüft; übernommene Korrekturen werden mit Ihrer Begründung als",
    "Beleg veröffentlicht.",
)


def _safe_text(value: Any) -> Any:
    """Text cells without control characters (openpyxl refuses them); other values unchanged."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _put_text(ws, row: int, col: int, value: Any):
    safe = _safe_text(value)
    cell = ws.cell(row=row, column=col, value=safe)
    # Text from crawled pages or sources must never become a formula in the city's Excel. Checked on the
    # text as written: "\x07=HYPERLINK(...)" only starts with "=" once the control character is gone.
    if isinstance(safe, str) and safe.startswith("="):
        cell.data_type = "s"
    return cell


def write_workbook(path: Path | str, meta: WorkbookMeta, rows: Sequence[ExportRow]) -> Path:
    """Write the feedback workbook for ``meta`` (already sealed) atomically to ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    title = (
        f"Smart City Index: Datenprüfung für {meta.city_name} (AGS {meta.city_ags}), "
        f"Monat {meta.month}, Katalog {meta.catalog_version}"
    )
    _put_text(ws, TITLE_ROW, 1, title).font = Font(bold=True, size=13)
    _put_text(
        ws, TITLE_ROW + 1, 1, "Bitte nur die gelben Spalten ausfüllen; Erläuterungen im Blatt 'Anleitung'."
    ).font = Font(italic=True)
    for col, (header, width, editable) in enumerate(COLUMNS, start=1):
        cell = _put_text(ws, HEADER_ROW, col, header)
        cell.font = Font(bold=True)
        cell.fill = _EDIT_FILL if editable else _HEADER_FILL
        cell.alignment = _TOP_WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    validations: dict[str, DataValidation] = {}
    for r in rows:
        values = {
            "Parameter-ID": r.parameter_id,
            "Bereich": r.area,
            "Indikator": r.indicator,
            "Parameter": r.name,
            "Definition": r.definition,
            "Zulässige Werte": r.allowed,
            "Erhobener Wert": r.value,
            "Status": STATUS_LABELS.get(r.status, r.status),
            "Quelle": f"{METHOD_LABELS.get(r.method, r.method)} ({r.source})" if r.source else "",
            "Beleg (Link)": r.evidence_url,
            "Beleg (Auszug)": r.snippet,
        }
        for header, value in values.items():
            cell = _put_text(ws, r.row, COL[header], value)
            cell.alignment = _TOP_WRAP if header in ("Definition", "Beleg (Auszug)") else _TOP
        link = ws.cell(row=r.row, column=COL["Beleg (Link)"])
        if (
            r.evidence_url.lower().startswith(("http://", "https://"))
            and len(r.evidence_url) <= MAX_HYPERLINK
        ):
            link.hyperlink = r.evidence_url
            link.style = "Hyperlink"
        for col in (PROPOSED_COL, COMMENT_COL, CONTACT_COL):
            cell = ws.cell(row=r.row, column=col)
            cell.protection = _UNLOCKED
            cell.fill = _EDIT_FILL
            cell.alignment = _TOP_WRAP if col == COMMENT_COL else _TOP
        _validation_for(r, validations, ws).add(ws.cell(row=r.row, column=PROPOSED_COL))
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    last_row = rows[-1].row if rows else FIRST_ROW
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last_row}"
    _protect(ws)

    help_ws = wb.create_sheet(HELP_SHEET)
    for i, line in enumerate(HELP_TEXT, start=1):
        _put_text(help_ws, i, 1, line)
    help_ws["A1"].font = Font(bold=True, size=13)
    help_ws.column_dimensions["A"].width = 110
    _protect(help_ws)

    meta_ws = wb.create_sheet(META_SHEET)
    fields = {**meta.header_fields(), "checksum": meta.checksum}
    for i, key in enumerate(META_KEYS, start=1):
        _put_text(meta_ws, i, 1, key)
        _put_text(meta_ws, i, 2, str(fields[key]))
    start = len(META_KEYS) + 2
    for col, header in enumerate(META_ROW_HEADER, start=1):
        _put_text(meta_ws, start, col, header)
    for i, (sheet_row, pid, text, status, source) in enumerate(meta.rows, start=start + 1):
        for col, value in enumerate((str(sheet_row), pid, text, status, source), start=1):
            _put_text(meta_ws, i, col, value)
    meta_ws.sheet_state = "hidden"
    _protect(meta_ws)
    wb.active = 0

    target = Path(path)
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


def _protect(ws) -> None:
    # Protection guards against accidental edits; it is not security (the import verifies everything).
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _validation_for(row: ExportRow, cache: dict[str, DataValidation], ws) -> DataValidation:
    if row.kind == "boolean":
        key, options = "boolean", ["ja", "nein", _NA_WORD]
    elif row.kind == "ordinal":
        levels = row.levels or 0
        key, options = f"ordinal{levels}", [str(i) for i in range(levels + 1)] + [_NA_WORD]
    else:
        key, options = "numeric", []
    if key not in cache:
        if options:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(options) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle="Ungültiger Wert",
                error="Bitte einen Wert aus der Liste wählen: " + ", ".join(options),
            )
        else:
            dv = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Zahl erwartet",
                error="Bitte eine Zahl >= 0 eintragen (oder 'entfällt').",
            )
        ws.add_data_validation(dv)
        cache[key] = dv
    return cache[key]


# --- reading a returned workbook ---------------------------------------------------------------


def _check_container(path: Path, shown: str) -> list[Problem]:
    """Problems that make a file unreadable as xlsx, found before any XML is parsed."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return [Problem(shown, None, f"cannot read the file: {exc.strerror or exc}")]
    if size == 0:
        return [Problem(shown, None, "the file is empty, not an xlsx workbook")]
    if size > MAX_FILE_BYTES:
        return [
            Problem(
                shown, None, f"the file has {size} bytes; a feedback workbook is far below {MAX_FILE_BYTES}"
            )
        ]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return [Problem(shown, None, "an old binary Excel (.xls) file; save it as .xlsx and send it again")]
    if not head.startswith(b"PK"):
        return [Problem(shown, None, "not an xlsx workbook (not a ZIP/Office Open XML file)")]
    if not zipfile.is_zipfile(path):
        return [Problem(shown, None, "truncated or damaged xlsx workbook (its ZIP directory is missing)")]
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                return [
                    Problem(
                        shown, None, f"the workbook unpacks to {unpacked} bytes (limit {MAX_UNPACKED_BYTES})"
                    )
                ]
            if "[Content_Types].xml" not in {i.filename for i in infos}:
                return [Problem(shown, None, "not an xlsx workbook ([Content_Types].xml is missing)")]
            bad = zf.testzip()
            if bad is not None:
                return [Problem(shown, None, f"damaged xlsx workbook (part {bad} fails its checksum)")]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return [Problem(shown, None, f"truncated or damaged xlsx workbook ({exc})")]
    except Exception as exc:  # zlib errors and friends from a damaged stream
        return [Problem(shown, None, f"truncated or damaged xlsx workbook ({type(exc).__name__}: {exc})")]
    return []


def _describe(exc: BaseException) -> str:
    """The innermost cause of an openpyxl failure on one line (e.g. defusedxml's EntitiesForbidden)."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return f"{type(exc).__name__}: " + " ".join(str(exc).split())


def _cell_is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def read_workbook(
    path: Path | str, shown: str | None = None
) -> tuple[WorkbookMeta | None, list[ReturnedRow], list[Problem]]:
    """The metadata and data lines of a returned workbook, or the problems that make it unreadable."""
    path = Path(path)
    shown = shown or str(path)
    problems = _check_container(path, shown)
    if problems:
        return None, [], problems
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged or foreign files
        return (
            None,
            [],
            [Problem(shown, None, f"cannot open the xlsx workbook ({_describe(exc)})")],
        )
    try:
        names = wb.sheetnames
        missing = [s for s in (DATA_SHEET, META_SHEET) if s not in names]
        if missing:
            return (
                None,
                [],
                [
                    Problem(
                        shown, None, f"sheet(s) {', '.join(missing)} missing; is this a feedback workbook?"
                    )
                ],
            )
        meta, meta_problems = _read_meta(wb[META_SHEET], shown)
        rows, row_problems = _read_data(wb[DATA_SHEET], shown)
    except Exception as exc:
        return (
            None,
            [],
            [Problem(shown, None, f"cannot read the xlsx workbook ({_describe(exc)})")],
        )
    finally:
        wb.close()
    return meta, rows, meta_problems + row_problems


def _read_meta(ws, shown: str) -> tuple[WorkbookMeta | None, list[Problem]]:
    fields: dict[str, str] = {}
    rows: list[tuple[int, str, str, str, str]] = []
    in_rows = False
    for count, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        if count > MAX_ROWS:
            return None, [Problem(shown, None, f"metadata sheet has more than {MAX_ROWS} rows")]
        values = ["" if v is None else str(v) for v in cells]
        if not any(values):
            continue
        if not in_rows:
            if tuple(values[: len(META_ROW_HEADER)]) == META_ROW_HEADER:
                in_rows = True
                continue
            if len(values) >= 2 and values[0] in META_KEYS:
                fields[values[0]] = values[1]
                continue
            return None, [Problem(shown, None, f"metadata sheet: unexpected line {count}")]
        padded = (values + [""] * 5)[:5]
        try:
            rows.append((int(padded[0]), padded[1], padded[2], padded[3], padded[4]))
        except ValueError:
            return None, [Problem(shown, None, f"metadata sheet: line {count} has no row number")]
    missing = [k for k in META_KEYS if k not in fields]
    if missing or not in_rows:
        what = ", ".join(missing) if missing else "the exported rows"
        return None, [Problem(shown, None, f"metadata sheet is incomplete ({what} missing)")]
    meta = WorkbookMeta(
        workbook_id=fields["workbook_id"],
        city_ags=fields["city_ags"],
        city_name=fields["city_name"],
        month=fields["month"],
        exported_at=fields["exported_at"],
        catalog_version=fields["catalog_version"],
        rows=rows,
        format=fields["format"],
        format_version=fields["format_version"],
        checksum=fields["checksum"],
    )
    return meta, []


def _read_data(ws, shown: str) -> tuple[list[ReturnedRow], list[Problem]]:
    problems: list[Problem] = []
    rows: list[ReturnedRow] = []
    for sheet_row, cells in enumerate(ws.iter_rows(min_row=HEADER_ROW), start=HEADER_ROW):
        if sheet_row - HEADER_ROW > MAX_ROWS:
            problems.append(Problem(shown, None, f"sheet {DATA_SHEET} has more than {MAX_ROWS} rows"))
            break
        cells = list(cells)[: len(HEADERS) + 5]
        values = [getattr(c, "value", None) for c in cells]
        if sheet_row == HEADER_ROW:
            got = tuple(
                "" if v is None else str(v).strip() for v in (values + [None] * len(HEADERS))[: len(HEADERS)]
            )
            for col, (want, have) in enumerate(zip(HEADERS, got, strict=True), start=1):
                if want != have:
                    problems.append(
                        Problem(
                            shown,
                            HEADER_ROW,
                            f"header of column {get_column_letter(col)} is {have!r}, expected {want!r} "
                            "(columns must not be inserted, deleted or renamed)",
                        )
                    )
            extra = [v for v in values[len(HEADERS) :] if v not in (None, "")]
            if extra:
                problems.append(Problem(shown, HEADER_ROW, "columns were added to the right of the table"))
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if any(v not in (None, "") for v in values[len(HEADERS) :]):
            problems.append(Problem(shown, sheet_row, "cells filled to the right of the table"))
        padded = cells + [None] * (len(HEADERS) - len(cells))
        formulas = tuple(
            HEADERS[i] for i, c in enumerate(padded[: len(HEADERS)]) if c is not None and _cell_is_formula(c)
        )

        def value(col: int, _padded=padded) -> Any:
            cell = _padded[col - 1]
            return None if cell is None else cell.value

        rows.append(
            ReturnedRow(
                sheet_row=sheet_row,
                parameter_id=value(ID_COL),
                value=value(VALUE_COL),
                status=value(STATUS_COL),
                proposed=value(PROPOSED_COL),
                comment=value(COMMENT_COL),
                contact=value(CONTACT_COL),
                formula_columns=formulas,
            )
        )
    return rows, problems
