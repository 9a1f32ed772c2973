"""KBA vehicle stock by Zulassungsbezirk and fuel type: the electric share of passenger cars.

Dialects (detected by the header):

- the derived FZ1 2019 CSV in shared (``KS,Zulassungsbezirk,Benzin,Diesel,Gas,Hybrid,Elektro,
  Sonstige Kraftstoffart,Euro 1..6,...``): no total column (the fuel columns add up to it) and no
  plug-in hybrid column;
- the published FZ1 workbook table "Personenkraftwagen nach Zulassungsbezirken und Kraftstoffarten":
  title rows with the reference date ("am 1. Januar 2021"), a stacked header (the header row is
  found by its "Zulassungsbezirk" cell; the cells below it are joined into one label per column),
  key and name in one cell (``05315 KOELN,STADT``) or a separate "Statistische Kennziffer" column,
  Land sum rows and a Germany total without a key (skipped).

Output, one row per Zulassungsbezirk: ``ks`` (5-digit Kreis key), ``district``, ``cars_total``,
``bev`` (Elektro/BEV), ``phev`` (plug-in hybrids, NA when the edition does not report them),
``hybrid`` (all hybrids, NA if absent), ``edition``, ``as_of``.

What counts as electric: battery-electric cars (BEV, "Elektro") plus plug-in hybrids where the
edition reports them separately. Other hybrids do not count. The 2019 derived file has no plug-in
column, so its share is BEV only (the row's ``raw`` says so).

A Zulassungsbezirk is a Kreis. For a kreisfreie city (AGS ``xxxxx000``, incl. Berlin and Hamburg)
KS = the first 5 AGS digits and the value is the city's. For a kreisangehörige city (Neuss,
Paderborn, Hannover in the Region Hannover, Aachen in the StädteRegion, Saarbrücken in the
Regionalverband, ...) the Kreis value is NOT the city's: the row is ``source_missing`` and its
``raw`` quotes the Kreis share for reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pandera.pandas as pa

from normalize.cities import City
from sources.adapter import RowBuilder, fmt
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import (
    clean_text,
    column_index,
    csv_rows,
    date_from_name,
    file_kind,
    find_stand_date,
    fold,
    is_blank,
    parse_count,
    parse_date,
    read_text,
    read_workbook_rows,
    validate_table,
)

NAME = "kba"
TITLE = "Kraftfahrt-Bundesamt FZ1: passenger cars by Zulassungsbezirk and fuel type"
URL = (
    "https://www.kba.de/SharedDocs/Downloads/DE/Statistik/Fahrzeuge/FZ1/fz1_2024.xlsx?__blob=publicationFile"
)
KIND = "parameters"
USES_POPULATION = False
PARAMETERS = ("energie_umwelt.e_fahrzeuge.anteil",)
VERSION = "kba/1"
EXPECTS = ("xlsx", "csv")
POLICY = FetchPolicy(max_bytes=100 * 1024**2)
COLUMNS = ("ks", "district", "cars_total", "bev", "phev", "hybrid", "edition", "as_of")
FUEL_COLUMNS_2019 = ("Benzin", "Diesel", "Gas", "Hybrid", "Elektro", "Sonstige Kraftstoffart")
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "januar",
            "februar",
            "maerz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ],
        start=1,
    )
}
_LONG_DATE = re.compile(
    r"(\d{1,2})\.\s*(januar|februar|maerz|märz|april|mai|juni|juli|august|september|"
    r"oktober|november|dezember)\s+(\d{4})",
    re.IGNORECASE,
)
_KEY_CELL = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")

SCHEMA = pa.DataFrameSchema(
    {
        "ks": pa.Column(str, pa.Check.str_matches(r"^\d{5}$"), unique=True),
        "district": pa.Column(str),
        "cars_total": pa.Column("int64", pa.Check.gt(0)),
        "bev": pa.Column("int64", pa.Check.ge(0)),
        "phev": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "hybrid": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "edition": pa.Column(str),
        "as_of": pa.Column(str, nullable=True),
    },
    checks=[
        pa.Check(
            lambda df: df["bev"] + df["phev"].fillna(0) <= df["cars_total"],
            error="more electric cars than cars",
        )
    ],
    strict=True,
    name="kba",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


def _count(value: Any, path: Path, edition: str, where: str) -> int | None:
    return parse_count(value, path, edition, where, "vehicle count")


def _long_date(cells: list[Any]) -> date | None:
    for cell in cells:
        if isinstance(cell, str):
            match = _LONG_DATE.search(cell)
            if match:
                month = _MONTHS[fold(match.group(2))]
                return date(int(match.group(3)), month, int(match.group(1)))
    return find_stand_date(cells)


def _parse_derived_csv(rows: list[list[str]], path: Path, container: str) -> tuple[list[dict[str, Any]], str]:
    edition = f"derived FZ1 table (KS, Zulassungsbezirk, fuel columns), {container}"
    header = rows[0]
    ks_at = column_index(header, ["KS", "Kreisschlüssel"])
    name_at = column_index(header, ["Zulassungsbezirk"])
    fuel_at = {c: column_index(header, [c]) for c in FUEL_COLUMNS_2019}
    missing = [c for c, i in (("KS", ks_at), ("Zulassungsbezirk", name_at), *fuel_at.items()) if i is None]
    if missing:
        raise SourceParseError(
            path,
            f"missing column {missing[0]!r}; header: {', '.join(header)}",
            edition=edition,
            column=missing[0],
        )
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if all(is_blank(c) for c in row):
            continue
        counts = {c: _count(row[i], path, edition, f"row {n} column {c}") or 0 for c, i in fuel_at.items()}
        records.append(
            {
                "ks": (clean_text(row[ks_at]) or "").zfill(5),
                "district": clean_text(row[name_at]),
                "cars_total": sum(counts.values()),
                "bev": counts["Elektro"],
                "phev": None,
                "hybrid": counts["Hybrid"],
            }
        )
    return records, edition


def _column_labels(rows: list[list[Any]], header_at: int, depth: int = 3) -> list[str]:
    """One label per column from a stacked header (group cells carried right over their span)."""
    width = max(len(r) for r in rows[header_at : header_at + depth])
    labels = [""] * width
    for level in range(depth):
        row = rows[header_at + level] if header_at + level < len(rows) else []
        carried = ""
        for i in range(width):
            cell = clean_text(row[i]) if i < len(row) else None
            if cell is not None and not re.fullmatch(r"\d+", cell):
                carried = cell
                labels[i] = f"{labels[i]} {cell}".strip()
            elif level == 0 and carried and i > 0 and labels[i] == "":
                labels[i] = carried  # "darunter mit Kraftstoffart" spans the fuel columns
    return [fold(label) for label in labels]


def _find(labels: list[str], *, include: tuple[str, ...], exclude: tuple[str, ...] = ()) -> int | None:
    for i, label in enumerate(labels):
        if all(k in label for k in include) and not any(k in label for k in exclude):
            return i
    return None


def _is_header_row(row: list[Any]) -> bool:
    """A header row has several cells, one naming the Zulassungsbezirk (a title row has one cell)."""
    cells = [c for c in row if not is_blank(c)]
    return len(cells) >= 3 and any("zulassungsbezirk" in fold(c) for c in cells if isinstance(c, str))


def _parse_fz1(
    rows: list[list[Any]], path: Path, container: str
) -> tuple[list[dict[str, Any]], str, date | None]:
    header_at = next((i for i, row in enumerate(rows[:40]) if _is_header_row(row)), None)
    edition = f"FZ1 table (Zulassungsbezirke x Kraftstoffarten), {container}"
    if header_at is None:
        raise SourceParseError(
            path, "no header row with a 'Zulassungsbezirk' cell", edition=edition, column="Zulassungsbezirk"
        )
    labels = _column_labels(rows, header_at)
    district_at = _find(labels, include=("zulassungsbezirk",))
    key_at = _find(labels, include=("kennziffer",), exclude=("zulassungsbezirk",))
    fuel_words = ("benzin", "diesel", "gas", "hybrid", "elektro", "sonstig", "plug")
    total_at = _find(labels, include=("insgesamt",), exclude=fuel_words)
    bev_at = _find(labels, include=("elektro",), exclude=("hybrid", "plug"))
    phev_at = _find(labels, include=("plug",))
    hybrid_at = _find(labels, include=("hybrid",), exclude=("plug",))
    for column, at in (("Personenkraftwagen insgesamt", total_at), ("Elektro (BEV)", bev_at)):
        if at is None:
            raise SourceParseError(
                path,
                f"missing column {column!r}; header labels: {'; '.join(labels)}",
                edition=edition,
                column=column,
            )
    records = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = list(row) + [None] * (len(labels) - len(row))
        district = clean_text(cells[district_at])
        key = clean_text(cells[key_at]) if key_at is not None else None
        if key is None and district:
            match = _KEY_CELL.match(district)
            if match:
                key, district = match.group(1), match.group(2)
        if not key or not re.fullmatch(r"\d{4,5}", key):
            continue  # title, Land sum rows, the Germany total, footnotes
        where = f"row {n} ({key})"
        records.append(
            {
                "ks": key.zfill(5),
                "district": district,
                "cars_total": _count(cells[total_at], path, edition, where),
                "bev": _count(cells[bev_at], path, edition, where) or 0,
                "phev": _count(cells[phev_at], path, edition, where) if phev_at is not None else None,
                "hybrid": _count(cells[hybrid_at], path, edition, where) if hybrid_at is not None else None,
            }
        )
    return records, edition, _long_date([c for r in rows[:header_at] for c in r])


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Passenger cars per Zulassungsbezirk with BEV (and plug-in hybrid) counts."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="unknown")
    reference: date | None = None
    if kind in {"xlsx", "xls"}:
        sheet, rows, names = read_workbook_rows(path, edition=kind.upper())
        # The FZ1 workbook has several sheets: take the first one with a Zulassungsbezirk header.
        for candidate in names:
            sheet, rows, _ = read_workbook_rows(path, sheet=candidate, edition=kind.upper())
            if any(_is_header_row(r) for r in rows[:40]):
                break
        records, edition, reference = _parse_fz1(rows, path, f"{kind.upper()} sheet {sheet!r}")
    elif kind == "text":
        text, encoding = read_text(path)
        rows, sep = csv_rows(text)
        container = f"CSV ({encoding}, {sep!r})"
        if rows and column_index(rows[0], ["KS"]) is not None:
            records, edition = _parse_derived_csv(rows, path, container)
        else:
            records, edition, reference = _parse_fz1(rows, path, container)
    else:
        raise SourceParseError(path, f"{kind} content where a CSV or XLSX was expected", edition=kind)
    if not records:
        raise SourceParseError(path, "no Zulassungsbezirk rows", edition=edition)
    if as_of:
        reference = parse_date(as_of)
    elif reference is None:
        reference = date_from_name(filename or path.name)
    frame = pd.DataFrame.from_records(
        records, columns=["ks", "district", "cars_total", "bev", "phev", "hybrid"]
    )
    duplicates = frame["ks"][frame["ks"].duplicated()].unique()
    if len(duplicates):
        raise SourceParseError(
            path, f"Zulassungsbezirk listed twice: {', '.join(duplicates[:5])}", edition=edition
        )
    frame["cars_total"] = frame["cars_total"].astype("int64")
    frame["bev"] = frame["bev"].astype("int64")
    frame["phev"] = pd.array(frame["phev"].tolist(), dtype="Int64")
    frame["hybrid"] = pd.array(frame["hybrid"].tolist(), dtype="Int64")
    frame["edition"] = edition
    frame["as_of"] = reference.isoformat() if reference else None
    frame = frame.astype({"ks": "str", "district": "str", "edition": "str", "as_of": "str"})
    validated = validate_table(frame[list(COLUMNS)], SCHEMA, path, edition=edition)
    validated.attrs.update({"edition": edition, "as_of": reference.isoformat() if reference else None})
    return validated


def electric_share(row: pd.Series) -> tuple[float, str]:
    """Electric share in % of a district row and a text saying what was counted."""
    phev = row["phev"]
    has_phev = phev is not None and not pd.isna(phev)
    electric = int(row["bev"]) + (int(phev) if has_phev else 0)
    share = 100.0 * electric / int(row["cars_total"])
    counted = (
        f"{int(row['bev']):,} BEV + {int(phev):,} plug-in hybrids"
        if has_phev
        else f"{int(row['bev']):,} BEV (plug-in hybrids not reported separately in this edition, not counted)"
    )
    return share, f"{counted} of {int(row['cars_total']):,} passenger cars"


def to_parameters(
    table: pd.DataFrame,
    *,
    month: str,
    cities: Sequence[City],
    population: pd.DataFrame | None,
    snapshot: Snapshot | None,
    run_id: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Electric share of the passenger car stock for kreisfreie cities (see the module docstring)."""
    (parameter_id,) = PARAMETERS
    builder = RowBuilder(source=NAME, month=month, snapshot=snapshot, version=VERSION, run_id=run_id)
    by_ks = {row["ks"]: row for _, row in table.iterrows()}
    for city in cities:
        ks = city.ags[:5]
        row = by_ks.get(ks)
        rule = f"{NAME}:Zulassungsbezirk {ks}"
        if row is None:
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=rule,
                reason=f"no Zulassungsbezirk {ks} in the KBA file",
            )
            continue
        share, counted = electric_share(row)
        as_of = f", as of {row['as_of']}" if row["as_of"] and not pd.isna(row["as_of"]) else ""
        where = f"Zulassungsbezirk {ks} {row['district']}{as_of}"
        if not city.ags.endswith("000"):
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=rule,
                reason=(
                    f"KBA reports only the Kreis: {where} has {fmt(share)} % electric, but {city.name} is "
                    "kreisangehörig, so that is not the city's value"
                ),
            )
            continue
        builder.add(
            city_ags=city.ags,
            parameter_id=parameter_id,
            value=share,
            status="value",
            raw=f"{fmt(share)} % electric ({counted}; {where})",
            rule_id=rule,
            items=[f"KS {ks}"],
        )
    return builder.frames()
