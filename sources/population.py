"""Inhabitants per AGS with their reference date (Destatis), for per-inhabitant figures.

Dialects (detected by the header, not the file name):

- Destatis Gemeindeverzeichnis "Auszug GV" as CSV (``satzart,textkennzeichen,land,rb,kreis,vb,
  gemeinde,gemeindename,flaeche,bevoelkerung,...``): only record type 60 (Gemeinde) carries
  numbers; AGS = land+rb+kreis+gemeinde; populations are right-aligned with space thousands
  separators (``" 246 794"``, ``1 087 863``); BOM. The file states no date: pass ``as_of`` (the GV
  of Q4 2020 counts inhabitants on 31.12.2019).
- the same as the published XLSX (``AuszugGV4QAktuell.xlsx``): header row found by the
  ``Satz-art`` cell, the 20 columns in the same order; the population date is read from a header
  or footnote cell mentioning "Bevölkerung" with a date.
- ``ags,total`` (LocalZero's Destatis extract; the year in the file name is the 31.12. reference
  date), including Kreis (``xxxxx000``) and Land rows; ``DG000000`` (Germany) is dropped.
- ``ags,population[,reference_date]`` (this project's own format).

The reference date: ``as_of`` if given, else from the content, else from a date or year in the file
name; otherwise it stays empty and the run reports it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pandera.pandas as pa

from normalize.cities import City
from normalize.storage import read_parquet_plain, source_table_dir
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import (
    clean_text,
    column_index,
    csv_rows,
    date_from_name,
    file_kind,
    fold,
    is_blank,
    parse_count,
    parse_date,
    read_text,
    read_workbook_rows,
    validate_table,
    year_from_name,
)

NAME = "population"
TITLE = "Destatis Gemeindeverzeichnis: inhabitants per municipality"
URL = (
    "https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/Administrativ/"
    "Archiv/GVAuszugQ/AuszugGV4QAktuell.xlsx?__blob=publicationFile"
)
KIND = "reference"
USES_POPULATION = False
PARAMETERS: tuple[str, ...] = ()
VERSION = "population/1"
EXPECTS = ("xlsx", "csv")
POLICY = FetchPolicy(max_bytes=100 * 1024**2)
COLUMNS = ("ags", "population", "reference_date")
GV_COLUMNS = (
    "satzart",
    "textkennzeichen",
    "land",
    "rb",
    "kreis",
    "vb",
    "gemeinde",
    "gemeindename",
    "flaeche",
    "bevoelkerung",
    "maennlich",
    "weiblich",
    "jekm2",
    "postleitzahl",
    "laengengrad",
    "breitengrad",
    "schluessel",
    "bezeichnung",
    "verstaedterungschluessel",
    "verstaedterungbezeichnung",
)
GEMEINDE_RECORD = "60"
_DATE_TEXT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")

SCHEMA = pa.DataFrameSchema(
    {
        "ags": pa.Column(str, pa.Check.str_matches(r"^\d{8}$"), unique=True),
        "population": pa.Column("int64", pa.Check.ge(0)),
        "reference_date": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
    },
    strict=True,
    name="population",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


def _int(value: Any, path: Path, edition: str, where: str) -> int | None:
    return parse_count(value, path, edition, where, "population")


def _digits(value: Any, width: int) -> str:
    text = clean_text(value) or ""
    return text.zfill(width) if text.isdigit() else text


def _gv_records(rows: list[list[Any]], start: int, path: Path, edition: str) -> list[tuple[str, int]]:
    out = []
    for offset, row in enumerate(rows[start:]):
        if len(row) < 10 or clean_text(row[0]) != GEMEINDE_RECORD:
            continue
        ags = _digits(row[2], 2) + _digits(row[3], 1) + _digits(row[4], 2) + _digits(row[6], 3)
        population = _int(row[9], path, edition, f"row {start + offset + 1} (AGS {ags})")
        if population is not None:
            out.append((ags, population))
    return out


def _reference_from_cells(cells: list[Any]) -> date | None:
    """A date in a header/footnote cell that talks about the population."""
    for cell in cells:
        if isinstance(cell, str) and "bevoelkerung" in fold(cell):
            match = _DATE_TEXT.search(cell)
            if match:
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
    return None


def _reference_from_name(name: str) -> date | None:
    found = date_from_name(name)
    if found:
        return found
    year = year_from_name(name)
    return date(year, 12, 31) if year else None


def _parse_rows(
    rows: list[list[Any]], path: Path, container: str
) -> tuple[list[tuple[str, int]], str, date | None]:
    folded_header = [fold(c) for c in rows[0]] if rows else []
    if "satzart" in folded_header:
        edition = f"Destatis GV extract {container}"
        missing = [
            c
            for c in ("satzart", "land", "rb", "kreis", "gemeinde", "bevoelkerung")
            if c not in folded_header
        ]
        if missing:
            raise SourceParseError(path, f"missing column {missing[0]!r}", edition=edition, column=missing[0])
        if folded_header[:10] != list(GV_COLUMNS[:10]):
            raise SourceParseError(
                path,
                f"unexpected column order: {', '.join(rows[0][:10])} (expected {', '.join(GV_COLUMNS[:10])})",
                edition=edition,
            )
        return _gv_records(rows, 1, path, edition), edition, None
    # The published workbook: header block found by its "Satz-art" cell.
    for i, row in enumerate(rows[:40]):
        if any(re.sub(r"[^a-z]", "", fold(c)) == "satzart" for c in row if not is_blank(c)):
            edition = f"Destatis GV extract {container} (published layout)"
            block = [c for r in rows[: i + 4] for c in r]
            if not any("bevoelkerung" in fold(c) for c in block if isinstance(c, str)):
                raise SourceParseError(
                    path, "header block has no 'Bevölkerung' column", edition=edition, column="Bevölkerung"
                )
            records = _gv_records(rows, i + 1, path, edition)
            footnotes = [c for r in rows[: i + 4] + rows[-40:] for c in r]
            return records, edition, _reference_from_cells(footnotes)
    ags_at = column_index(rows[0], ["ags", "AGS", "Gemeindeschlüssel"]) if rows else None
    pop_at = column_index(rows[0], ["total", "population", "bevoelkerung", "Einwohner"]) if rows else None
    if ags_at is None or pop_at is None:
        header = ", ".join(str(c) for c in (rows[0] if rows else []))
        missing = "ags" if ags_at is None else "total/population"
        raise SourceParseError(
            path,
            f"missing column {missing!r}; header: {header}",
            edition=f"ags/population table {container}",
            column=missing,
        )
    edition = "LocalZero ags,total" if fold(rows[0][pop_at]) == "total" else f"ags,population {container}"
    ref_at = column_index(rows[0], ["reference_date", "stichtag"])
    out = []
    reference: date | None = None
    for n, row in enumerate(rows[1:], start=2):
        if all(is_blank(c) for c in row):
            continue
        ags = _digits(row[ags_at], 8)
        if not re.fullmatch(r"\d{8}", ags):
            continue  # DG000000 (Germany) and other non-AGS totals
        population = _int(row[pop_at], path, edition, f"row {n} (AGS {ags})")
        if population is not None:
            out.append((ags, population))
        if ref_at is not None and reference is None and not is_blank(row[ref_at]):
            reference = parse_date(row[ref_at])
    return out, edition, reference


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Population per AGS with its reference date (see module docstring)."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="unknown")
    if kind in {"xlsx", "xls"}:
        _, rows, _ = read_workbook_rows(path, edition=kind.upper())
        container = kind.upper()
    elif kind == "text":
        text, encoding = read_text(path)
        rows, sep = csv_rows(text)
        container = f"CSV ({encoding}, {sep!r})"
    else:
        raise SourceParseError(path, f"{kind} content where a CSV or XLSX was expected", edition=kind)
    if not rows:
        raise SourceParseError(path, "no rows", edition=container)
    records, edition, reference = _parse_rows(rows, path, container)
    if not records:
        raise SourceParseError(path, "no municipality rows with a population", edition=edition)
    if as_of:
        reference = parse_date(as_of)
    elif reference is None:
        reference = _reference_from_name(filename or path.name)
    frame = pd.DataFrame(records, columns=["ags", "population"])
    duplicates = frame["ags"][frame["ags"].duplicated()].unique()
    if len(duplicates):
        raise SourceParseError(path, f"AGS listed twice: {', '.join(duplicates[:5])}", edition=edition)
    frame["population"] = frame["population"].astype("int64")
    frame["reference_date"] = reference.isoformat() if reference else None
    frame = frame.astype({"ags": "str", "reference_date": "str"})
    validated = validate_table(frame, SCHEMA, path, edition=edition)
    validated.attrs.update({"edition": edition, "as_of": reference.isoformat() if reference else None})
    if reference is None:
        validated.attrs["warning"] = (
            "reference date unknown: the file does not state it; pass as_of (--as-of)"
        )
    return validated


# --- population for per-inhabitant parameters -------------------------------------------------------


def load_population(month: str, data_dir: Path | str) -> pd.DataFrame | None:
    """The parsed population table of ``month`` in the data dir, with an ``origin`` column, or None."""
    directory = source_table_dir(data_dir, NAME, month)
    table_path = directory / f"{NAME}.parquet"
    if not table_path.exists():
        return None
    frame = read_parquet_plain(table_path)
    meta_path = directory / f"{NAME}.meta.json"
    origin = f"population source {month}"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        sha = (meta.get("snapshot_sha256") or "")[:12]
        origin = f"population source {month} ({meta.get('original_name') or 'snapshot'} {sha})".strip()
    frame["origin"] = origin
    return frame


def population_rows(cities: Sequence[City]) -> pd.DataFrame:
    """The city registry's populations as a population table (the fallback)."""
    return pd.DataFrame(
        {
            "ags": [c.ags for c in cities],
            "population": [c.population for c in cities],
            "reference_date": [c.population_date or None for c in cities],
            "origin": "city registry (data/cities.csv)",
        }
    )
