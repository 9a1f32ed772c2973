"""Bundesverband CarSharing (bcs) CarSharing-Städteranking: car-sharing vehicles per 1,000 inhabitants.

The ranking is published as HTML tables (one per city size class, under a heading such as
"Städte ab 500.000 Einwohner*innen") on carsharing.de; the same table saved as CSV or XLSX is
accepted too. A table is recognised by its header: a ``Stadt`` (or ``Ort``/``Kommune``) column and a
column about vehicles per 1,000 inhabitants; ``Rang``/``Platz`` is optional. Values use a decimal
comma (``4,34``).

No real ranking file was available (see SOURCES.md): the tests use a hand-made page in the
published layout (``tests/sources/fixtures/carsharing_ranking_handmade.html``).

Output: ``city, cars_per_1000, rank, size_class, edition``. Cities are matched to the registry by
name (forgiving of case, umlauts and the ranking's abbreviations "i. Br.", "a. M.", "a. d. Ruhr");
a registry city missing from the ranking is ``source_missing``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pandera.pandas as pa

from normalize.cities import AmbiguousCity, City, CityNotFound, find_city
from sources.adapter import RowBuilder, fmt
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import (
    clean_text,
    csv_rows,
    file_kind,
    fold,
    is_blank,
    parse_number,
    read_text,
    read_workbook_rows,
    validate_table,
    year_from_name,
)

NAME = "carsharing"
TITLE = "Bundesverband CarSharing: CarSharing-Städteranking (vehicles per 1,000 inhabitants)"
URL = "https://www.carsharing.de/carsharing-staedteranking"
KIND = "parameters"
USES_POPULATION = False
PARAMETERS = ("mobilitaet.sharing.carsharing_je_1000_ew",)
VERSION = "carsharing/1"
EXPECTS = ("html", "csv", "xlsx")
POLICY = FetchPolicy(max_bytes=20 * 1024**2)
COLUMNS = ("city", "cars_per_1000", "rank", "size_class", "edition")
ABBREVIATIONS = (
    (r"\bi\.\s*Br\.?", "im Breisgau"),
    (r"\ba\.\s*d\.\s*Ruhr\b", "an der Ruhr"),
    (r"\ba\.\s*d\.\s*R\.", "an der Ruhr"),
    (r"\ba\.\s*M\.", "am Main"),
    (r"\ba\.\s*Rh\.", "am Rhein"),
    (r"\bi\.\s*Breisgau\b", "im Breisgau"),
)

SCHEMA = pa.DataFrameSchema(
    {
        "city": pa.Column(str, pa.Check.str_length(min_value=1)),
        "cars_per_1000": pa.Column(float, pa.Check.in_range(0, 100)),
        "rank": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "size_class": pa.Column(str, nullable=True),
        "edition": pa.Column(str),
    },
    strict=True,
    name="carsharing",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


def _html_tables(path: Path) -> tuple[list[tuple[list[list[str]], str | None]], str]:
    """Rows of every <table> with the nearest heading (or caption) above it, and the page text head."""
    from lxml import html

    text, _ = read_text(path)
    try:
        doc = html.fromstring(text)
    except Exception as exc:  # lxml raises ParserError / XMLSyntaxError for garbage
        raise SourceParseError(path, f"not a readable HTML page ({exc})", edition="HTML") from exc
    tables = []
    for table in doc.iter("table"):
        rows = [
            [" ".join(cell.text_content().split()) for cell in tr.xpath("./th|./td")]
            for tr in table.xpath(".//tr")
        ]
        caption = table.xpath("./caption")
        heading = table.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]")
        label = caption[0].text_content() if caption else heading[0].text_content() if heading else None
        tables.append((rows, " ".join(label.split()) if label else None))
    title = " ".join((doc.findtext(".//title") or "").split())
    headings = " ".join(" ".join(h.text_content().split()) for h in doc.xpath("//h1|//h2"))
    return tables, f"{title} {headings}"


def _header_columns(row: list[Any]) -> dict[str, int] | None:
    folded = [fold(c) for c in row]
    city = next((i for i, c in enumerate(folded) if c in {"stadt", "ort", "kommune", "stadt/gemeinde"}), None)
    value = next(
        (i for i, c in enumerate(folded) if re.search(r"1\.?000", c) and ("einw" in c or "ew" in c)), None
    )
    if city is None or value is None:
        return None
    rank = next((i for i, c in enumerate(folded) if c.startswith(("rang", "platz"))), None)
    return {"city": city, "value": value, **({"rank": rank} if rank is not None else {})}


def _rows_of(
    table: list[list[Any]], size_class: str | None, path: Path, edition: str
) -> list[dict[str, Any]]:
    header_at = next((i for i, row in enumerate(table[:10]) if _header_columns(row)), None)
    if header_at is None:
        return []
    cols = _header_columns(table[header_at])
    out = []
    for n, row in enumerate(table[header_at + 1 :], start=header_at + 2):
        cells = list(row) + [""] * (max(cols.values()) + 1 - len(row))
        city = clean_text(cells[cols["city"]])
        if city is None or all(is_blank(c) for c in cells):
            continue
        try:
            value = parse_number(cells[cols["value"]], decimal=",")
        except ValueError:
            raise SourceParseError(
                path, f"table row {n} ({city}): {cells[cols['value']]!r} is not a number", edition=edition
            ) from None
        if value is None:
            continue
        rank_text = clean_text(cells[cols["rank"]]) if "rank" in cols else None
        rank_match = re.match(r"^(\d+)", rank_text or "")
        out.append(
            {
                "city": city,
                "cars_per_1000": value,
                "rank": int(rank_match.group(1)) if rank_match else None,
                "size_class": size_class,
            }
        )
    return out


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Every city row of every ranking table of the page (or CSV/XLSX)."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="unknown")
    if kind == "html":
        tables, page_text = _html_tables(path)
        container = "HTML page"
    elif kind in {"xlsx", "xls"}:
        sheet, rows, _ = read_workbook_rows(path, edition=kind.upper())
        tables, page_text, container = (
            [(rows, None)],
            " ".join(str(c) for r in rows[:5] for c in r),
            kind.upper(),
        )
    elif kind == "text":
        text, encoding = read_text(path)
        rows, sep = csv_rows(text)
        tables, page_text, container = [(rows, None)], "", f"CSV ({encoding}, {sep!r})"
    else:
        raise SourceParseError(
            path, f"{kind} content where an HTML/CSV/XLSX ranking was expected", edition=kind
        )
    year = as_of or (
        str(year_from_name(page_text) or year_from_name(filename or path.name) or "") or "unknown"
    )
    edition = f"bcs CarSharing-Städteranking {year}, {container}"
    records = [r for rows, label in tables for r in _rows_of(rows, label, path, edition)]
    if not records:
        raise SourceParseError(
            path,
            f"no ranking table (a 'Stadt' column and a 'je 1.000 Einwohner' column) among {len(tables)} table(s)",
            edition=edition,
            column="Fahrzeuge je 1.000 Einwohner",
        )
    frame = pd.DataFrame.from_records(records, columns=["city", "cars_per_1000", "rank", "size_class"])
    frame["rank"] = pd.array(frame["rank"].tolist(), dtype="Int64")
    frame["cars_per_1000"] = frame["cars_per_1000"].astype(float)
    frame["edition"] = year
    frame = frame.astype({"city": "str", "size_class": "str", "edition": "str"})[list(COLUMNS)]
    validated = validate_table(frame, SCHEMA, path, edition=edition)
    validated.attrs.update({"edition": edition, "as_of": as_of})
    return validated


def expand_name(name: str) -> str:
    """The ranking's abbreviated city names spelled out ("Freiburg i. Br." -> "Freiburg im Breisgau")."""
    for pattern, full in ABBREVIATIONS:
        name = re.sub(pattern, full, name)
    return name


def match_city(name: str, cities: Sequence[City]) -> City | None:
    """The registry city a ranking name means, or None (ambiguous names match nothing)."""
    for query in (name, expand_name(name)):
        try:
            return find_city(query, list(cities))
        except (CityNotFound, AmbiguousCity):
            continue
    return None


def to_parameters(
    table: pd.DataFrame,
    *,
    month: str,
    cities: Sequence[City],
    population: pd.DataFrame | None,
    snapshot: Snapshot | None,
    run_id: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Car-sharing vehicles per 1,000 inhabitants as the ranking states it (no population needed)."""
    (parameter_id,) = PARAMETERS
    builder = RowBuilder(source=NAME, month=month, snapshot=snapshot, version=VERSION, run_id=run_id)
    matched: dict[str, pd.Series] = {}
    for _, row in table.iterrows():
        city = match_city(row["city"], cities)
        if city is not None and city.ags not in matched:
            matched[city.ags] = row
    for city in cities:
        row = matched.get(city.ags)
        if row is None:
            edition = ", ".join(sorted(set(table["edition"]))) or "unknown"
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=f"{NAME}:name match",
                reason=f"{city.name} is not in the CarSharing-Städteranking {edition}",
            )
            continue
        rank = "" if pd.isna(row["rank"]) else f"rank {int(row['rank'])} "
        group = "" if pd.isna(row["size_class"]) else f" ({row['size_class']})"
        raw = (
            f"{fmt(row['cars_per_1000'])} car-sharing vehicles per 1,000 inhabitants; {rank}as "
            f"{row['city']!r}{group}, CarSharing-Städteranking {row['edition']}"
        )
        builder.add(
            city_ags=city.ags,
            parameter_id=parameter_id,
            value=float(row["cars_per_1000"]),
            status="value",
            raw=raw,
            rule_id=f"{NAME}:name match {row['city']!r}",
            items=[str(row["city"])],
        )
    return builder.frames()
