"""Reading the publishers' tables as they really are: shared helpers of the parsers.

German open-data files come with a BOM or in cp1252, with ``;`` or ``,`` separators, decimal
commas, space thousands separators (``1 087 863``), Excel serial dates, two-digit years, preamble
rows above the header and header cells renamed between editions. These helpers are pure functions
over bytes, strings and rows; the adapters combine them.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from sources.archives import ArchiveLimits, open_checked_zip
from sources.errors import SourceParseError

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug folded in)
_SPACES = "\u00a0\u2007\u202f\u2009 \t"
_STRIP = _SPACES + "\r\n"
_WS = re.compile(r"\s+")
_NEEDS_WS = re.compile(r"\s\s|[^\S ]")
_DATE_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_STAND = re.compile(
    r"(?:Stand|Stichtag|Gebietsstand)\s*:?\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", re.IGNORECASE
)


# --- text -------------------------------------------------------------------------------------------


def decode_text(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), else cp1252. Returns (text, encoding).

    UTF-16 or binary content (NUL bytes) is refused: it is not a CSV of any edition we know.
    """
    if not data.strip():
        raise SourceParseError(path, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise SourceParseError(path, "binary or UTF-16 content where a UTF-8/cp1252 text table was expected")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SourceParseError(path, f"starts with a UTF-8 BOM but is not valid UTF-8 ({exc})") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise SourceParseError(path, f"neither UTF-8 nor cp1252 text ({exc})") from exc


def read_text(path: Path | str) -> tuple[str, str]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceParseError(path, f"cannot read the file: {exc}") from exc
    return decode_text(data, path)


def sniff_delimiter(line: str, candidates: str = ";,\t|") -> str:
    """The separator of a header line: the candidate occurring most often outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", line)
    counts = {c: unquoted.count(c) for c in candidates}
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def csv_rows(
    text: str, delimiter: str | None = None, *, header_hint: str | None = None
) -> tuple[list[list[str]], str]:
    """All rows of a CSV text (any line ends) and its separator.

    The separator is sniffed from the line holding ``header_hint`` if given, else from the line
    with the most separators among the first 60 (a preamble above the header has none).
    """
    body = text.lstrip("\ufeff")
    sep = delimiter
    if sep is None:
        lines = body.splitlines()[:60]
        hinted = [line for line in lines if header_hint and header_hint in line]
        if hinted:
            sep = sniff_delimiter(hinted[0])
        else:
            best = max(lines or [""], key=lambda line: max(line.count(c) for c in ";,\t|"))
            sep = sniff_delimiter(best)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sep)
    return [row for row in reader], sep


def fold(text: Any) -> str:
    """Fold a header cell for comparison: case, umlauts, spacing, NBSP, zero-width and stray symbols."""
    if text is None:
        return ""
    return _fold_str(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=1 << 16)
def _fold_str(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold().replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        s = s.replace(umlaut, plain)
    s = s.replace("\u200b", "").replace("\ufeff", "")
    return _WS.sub(" ", s).strip()


# --- cells ------------------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip(_SPACES + "\r\n")


def clean_text(value: Any) -> str | None:
    """A cell as trimmed text (NBSP and friends trimmed too); numbers without a trailing ``.0``."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip(_STRIP)
        if not text:
            return None
        return _WS.sub(" ", text) if _NEEDS_WS.search(text) else text
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return clean_text(str(value))


def parse_number(value: Any, *, decimal: str | None = None) -> float | None:
    """A number from a cell: floats as they are; text with decimal comma or point, space/NBSP
    thousands separators (``1 087 863``), dot thousands with decimal comma (``1.234,5``).

    ``decimal`` forces the decimal mark; without it a lone comma is a decimal comma (German files)
    and, when both marks occur, the last one is the decimal mark. Blank -> None; garbage -> ValueError.
    """
    if type(value) is float:  # the common case in workbooks: no checks needed
        return None if math.isnan(value) else value
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value)
    for space in _SPACES:
        text = text.replace(space, "")
    text = text.replace("'", "")
    if text.endswith("%"):
        text = text[:-1]
    if not text or text in {"-", "–", "."}:
        return None
    if decimal is None:
        if "," in text and "." in text:
            decimal = "," if text.rfind(",") > text.rfind(".") else "."
        elif text.count(",") == 1:
            decimal = ","
        elif text.count(",") > 1:
            decimal = "."  # 1,234,567
        else:
            decimal = "."
    # Drop the thousands mark, then make the decimal mark a point.
    text = text.replace(".", "").replace(",", ".") if decimal == "," else text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"not a number: {value!r}") from None


def parse_count(value: Any, path: Path | str, edition: str, where: str, what: str = "count") -> int | None:
    """A whole number from a cell (German decimal comma); a cell that is no number is a
    :class:`SourceParseError` naming the file, the edition and ``where`` (row/column)."""
    try:
        number = parse_number(value, decimal=",")
    except ValueError:
        raise SourceParseError(path, f"{where}: {what} {value!r} is not a number", edition=edition) from None
    return None if number is None else int(round(number))


def parse_date(value: Any, *, two_digit_pivot: int | None = None) -> date | None:
    """A date from a cell: date/datetime objects, Excel serial numbers (43841 = 2020-01-11),
    ``dd.mm.yyyy``, ``dd.mm.yy`` and ISO text. Two-digit years up to the pivot are 20yy."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2_958_466:  # 9999-12-31
            raise ValueError(f"not an Excel date serial: {value!r}")
        return EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip(_SPACES)
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            pivot = two_digit_pivot if two_digit_pivot is not None else (date.today().year % 100) + 1
            year += 2000 if year <= pivot else 1900
        return date(year, month, day)
    match = _DATE_ISO.match(text)
    if match:
        return date(*(int(g) for g in match.groups()))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return parse_date(float(text))
    raise ValueError(f"not a date: {value!r}")


def find_stand_date(cells: Iterable[Any]) -> date | None:
    """The first ``Stand: dd.mm.yyyy`` (or Stichtag/Gebietsstand) found in preamble cells."""
    for cell in cells:
        if isinstance(cell, str):
            match = _STAND.search(cell)
            if match:
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
    return None


def date_from_name(name: str) -> date | None:
    """A date embedded in a file name: ``2021-11-01``, ``20190101``, ``31122020`` or ``19.07.2019``."""
    for pattern, order in (
        (r"(20\d{2})-(\d{2})-(\d{2})", "ymd"),
        (r"(\d{2})\.(\d{2})\.(20\d{2})", "dmy"),
        (r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)", "ymd"),
        (r"(?<!\d)(\d{2})(\d{2})(20\d{2})(?!\d)", "dmy"),
    ):
        for match in re.finditer(pattern, name):
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None


def year_from_name(name: str) -> int | None:
    match = re.search(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", name)
    return int(match.group(1)) if match else None


# --- headers ----------------------------------------------------------------------------------------


def find_header_row(
    rows: Sequence[Sequence[Any]], required: Iterable[str], *, max_scan: int = 60
) -> int | None:
    """Index of the first row (within ``max_scan``) whose folded cells contain every ``required`` name."""
    needles = {fold(r) for r in required}
    for i, row in enumerate(rows[:max_scan]):
        cells = {fold(c) for c in row if not is_blank(c)}
        if needles <= cells:
            return i
    return None


def column_index(header: Sequence[Any], aliases: Iterable[str]) -> int | None:
    """Position of the first header cell matching one of ``aliases`` (folded), else None."""
    folded = [fold(h) for h in header]
    for alias in aliases:
        key = fold(alias)
        if key in folded:
            return folded.index(key)
    return None


# --- workbooks --------------------------------------------------------------------------------------


def read_workbook_rows(
    path: Path | str,
    *,
    sheet: str | int | None = None,
    limits: ArchiveLimits | None = None,
    edition: str | None = None,
) -> tuple[str, list[list[Any]], list[str]]:
    """Rows of one sheet of an XLSX (bomb-checked first) or a legacy XLS, read with python-calamine.

    Returns (sheet name, rows, all sheet names). ``sheet`` None = the first sheet.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    try:
        head = path.open("rb").read(8)
    except OSError as exc:
        raise SourceParseError(path, f"cannot read the file: {exc}", edition=edition) from exc
    if not head:
        raise SourceParseError(path, "the file is empty", edition=edition)
    if head.startswith(b"PK\x03\x04"):
        # XLSX is a ZIP: refuse truncated archives and bombs before calamine inflates anything.
        open_checked_zip(path, what="XLSX", limits=limits or ArchiveLimits()).close()
    elif not head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceParseError(path, "not an Excel workbook (neither XLSX nor XLS)", edition=edition)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        if sheet is None:
            chosen = names[0]
        elif isinstance(sheet, int):
            chosen = names[sheet]
        else:
            chosen = sheet
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except SourceParseError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SourceParseError(
            path, f"the workbook cannot be read ({type(exc).__name__}: {exc})", edition=edition
        ) from exc
    return chosen, rows, names


def file_kind(path: Path | str) -> str:
    """``xlsx``, ``xls``, ``zip``, ``json``, ``html``, ``text`` or ``empty`` from the first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if not head.strip():
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                return "xlsx" if "xl/workbook.xml" in zf.namelist() else "zip"
        except zipfile.BadZipFile:
            return "xlsx" if str(path).lower().endswith(".xlsx") else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if re.match(rb"(?i)<!doctype\s+html|<html\b|<table\b", stripped):
        return "html"
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "text"


# --- validation -------------------------------------------------------------------------------------


def validate_table(
    df: pd.DataFrame, schema: pa.DataFrameSchema, path: Path | str, *, edition: str | None = None
) -> pd.DataFrame:
    """Validate a parsed table; a violation is a SourceParseError listing the first failures."""
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = []
        for _, case in cases.head(8).iterrows():
            index = case.get("index")
            where = f"row {index}" if index is not None and not pd.isna(index) else "table"
            lines.append(
                f"{where}, column {case.get('column')}: {case.get('check')} (got {case.get('failure_case')!r})"
            )
        more = f"; and {len(cases) - 8} more" if len(cases) > 8 else ""
        raise SourceParseError(
            path,
            f"parsed table violates the {schema.name} schema: " + "; ".join(lines) + more,
            edition=edition,
        ) from exc
