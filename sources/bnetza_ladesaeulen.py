"""BNetzA Ladesäulenregister: public charging stations, one row per station (Ladeeinrichtung).

Layouts handled (the header row is found by searching for ``Betreiber``, never by position):

- 2019 "Datenbankauszug" XLSX (22 columns): ``Adresse`` (street and number in one cell),
  ``Postleitzahl Ort`` (one cell), ``Längengrad [DG]`` *before* ``Breitengrad [DG]``,
  ``Anschlussleistung [kW]``, ``Art der Ladeeinrichtung``;
- 2020-2022 register XLSX/CSV (26 columns): ``Straße, Hausnummer, Adresszusatz, Postleitzahl, Ort,
  Bundesland, Kreis/kreisfreie Stadt, Breitengrad, Längengrad, ...`` and the original typo
  ``Art der Ladeeinrichung``; the preamble length differs between editions (header in row 6 of
  the 01.11.2021 file, row 11 of the 01.01.2022 one);
- 2023+ register (``Ladeeinrichtungs-ID;Betreiber;...;Nennleistung Ladeeinrichtung [kW]``) by
  column aliases (checked against the published header only, no real file was available).

Cell quirks: Excel serial or real dates (with stray times), ``dd.mm.yy`` two-digit years in the
CSV, coordinates as numbers or text with decimal comma and trailing NBSP, numeric postcodes that
lost their leading zero, numeric house numbers (``0`` = none), UTF-8 with BOM or cp1252 CSV.

``station_id``: the register's own ID where it has one (2023+), else a hash of operator, address,
postcode, coordinates (5 decimals, about 1 m) and commissioning date, so the same station keeps its
id across editions. Rows with identical content get ``-2``, ``-3``... in file order.

Rows without usable coordinates are dropped and counted (``attrs["dropped"]``); if more than 1 % of
the rows are unusable the layout has probably shifted and the file is refused.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pandera.pandas as pa

from normalize.cities import City
from sources.adapter import RowBuilder, fmt, population_lookup
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import (
    clean_text,
    column_index,
    csv_rows,
    date_from_name,
    file_kind,
    find_header_row,
    find_stand_date,
    fold,
    is_blank,
    parse_date,
    parse_number,
    read_text,
    read_workbook_rows,
    validate_table,
)

NAME = "bnetza_ladesaeulen"
TITLE = "Bundesnetzagentur Ladesäulenregister (public charging stations)"
URL = (
    "https://data.bundesnetzagentur.de/Bundesnetzagentur/SharedDocs/Downloads/DE/Sachgebiete/Energie/"
    "Unternehmen_Institutionen/E_Mobilitaet/Ladesaeulenregister.xlsx"
)
KIND = "points"
USES_POPULATION = True
PARAMETERS = (
    "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew",
    "energie_umwelt.ladeinfrastruktur.anteil_schnellladen",
    "energie_umwelt.ladeinfrastruktur.ladepunkte_je_station",
)
VERSION = "bnetza_ladesaeulen/1"
EXPECTS = ("xlsx", "csv")
POLICY = FetchPolicy(max_bytes=300 * 1024**2, read_timeout=120.0)
MAX_BAD_SHARE = 0.01
COLUMNS = (
    "station_id",
    "operator",
    "address",
    "postcode",
    "city",
    "lat",
    "lon",
    "commissioned",
    "power_kw",
    "fast",
    "charge_points",
)

# canonical field -> header names seen in the editions (compared folded)
ALIASES: dict[str, tuple[str, ...]] = {
    "register_id": ("Ladeeinrichtungs-ID",),
    "operator": ("Betreiber",),
    "address": ("Adresse",),
    "street": ("Straße", "Strasse"),
    "housenumber": ("Hausnummer",),
    "address_extra": ("Adresszusatz",),
    "postcode_city": ("Postleitzahl Ort",),
    "postcode": ("Postleitzahl", "PLZ"),
    "city": ("Ort",),
    "lat": ("Breitengrad", "Breitengrad [DG]"),
    "lon": ("Längengrad", "Längengrad [DG]", "Laengengrad"),
    "commissioned": ("Inbetriebnahmedatum",),
    "power_kw": ("Anschlussleistung", "Anschlussleistung [kW]", "Nennleistung Ladeeinrichtung [kW]"),
    "kind": ("Art der Ladeeinrichung", "Art der Ladeeinrichtung"),
    "charge_points": ("Anzahl Ladepunkte",),
}
REQUIRED_ALWAYS = ("operator", "lat", "lon", "commissioned", "power_kw", "kind", "charge_points")

SCHEMA = pa.DataFrameSchema(
    {
        "station_id": pa.Column(str, pa.Check.str_matches(r"^bna-[\w\-]+$"), unique=True),
        "operator": pa.Column(str, pa.Check.str_length(min_value=1)),
        "address": pa.Column(str, nullable=True),
        "postcode": pa.Column(str, pa.Check.str_matches(r"^\d{5}$"), nullable=True),
        "city": pa.Column(str, nullable=True),
        "lat": pa.Column(float, pa.Check.in_range(-90, 90)),
        "lon": pa.Column(float, pa.Check.in_range(-180, 180)),
        "commissioned": pa.Column("datetime64[us]", nullable=True),
        "power_kw": pa.Column(float, pa.Check.ge(0), nullable=True),
        "fast": pa.Column(bool),
        "charge_points": pa.Column("Int64", pa.Check.ge(0), nullable=True),
    },
    strict=True,
    name="bnetza_ladesaeulen",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


# --- parsing ---------------------------------------------------------------------------------------


def _read_rows(path: Path) -> tuple[list[list[Any]], str]:
    kind = file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="unknown")
    if kind in {"xlsx", "xls"}:
        sheet, rows, names = read_workbook_rows(path, edition=kind.upper())
        if find_header_row(rows, ["Betreiber"]) is None:
            for other in names[1:]:
                sheet, rows, _ = read_workbook_rows(path, sheet=other, edition=kind.upper())
                if find_header_row(rows, ["Betreiber"]) is not None:
                    break
        return rows, kind.upper()
    if kind == "text":
        text, encoding = read_text(path)
        rows, sep = csv_rows(text, header_hint="Betreiber")
        return rows, f"CSV ({encoding}, {sep!r})"
    raise SourceParseError(
        path, f"not a register file: {kind} content where XLSX or CSV was expected", edition=kind
    )


def _layout(header: Sequence[Any]) -> str:
    if column_index(header, ALIASES["register_id"]) is not None:
        return "2023+ register (Ladeeinrichtungs-ID)"
    if (
        column_index(header, ALIASES["address"]) is not None
        or column_index(header, ALIASES["postcode_city"]) is not None
    ):
        return "2019 Datenbankauszug (Adresse, Postleitzahl Ort)"
    if column_index(header, ALIASES["street"]) is not None:
        return "2020-2022 register (Straße, Hausnummer, Kreis)"
    return "unknown layout"


def _resolve_columns(header: Sequence[Any], path: Path, edition: str) -> dict[str, int]:
    found = {field: column_index(header, names) for field, names in ALIASES.items()}
    required = list(REQUIRED_ALWAYS)
    if found["address"] is None:
        required += ["street"]
    if found["postcode_city"] is None:
        required += ["postcode", "city"]
    missing = [f for f in required if found[f] is None]
    if missing:
        names = [ALIASES[f][0] for f in missing]
        present = ", ".join(str(h) for h in header if not is_blank(h))
        raise SourceParseError(
            path,
            f"missing column(s) {', '.join(repr(n) for n in names)}; header row has: {present}",
            edition=edition,
            column=names[0],
        )
    return {f: i for f, i in found.items() if i is not None}


def _postcode(value: Any) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    digits = text.split(".")[0] if isinstance(value, float) else text
    return digits.zfill(5) if digits.isdigit() and len(digits) <= 5 else None


def _split_postcode_city(value: Any) -> tuple[str | None, str | None]:
    text = clean_text(value)
    if text is None:
        return None, None
    head, _, rest = text.partition(" ")
    if head.isdigit():
        # A mistyped postcode ("970080 Würzburg") is dropped, the place name is kept.
        return (head.zfill(5) if len(head) <= 5 else None), rest.strip() or None
    return None, text


def _address(cells: Sequence[Any], cols: dict[str, int]) -> str | None:
    if "address" in cols:
        return clean_text(cells[cols["address"]])
    street = clean_text(cells[cols["street"]])
    number = clean_text(cells[cols["housenumber"]]) if "housenumber" in cols else None
    if number in {"0", "0.0"}:
        number = None  # the register writes 0 where there is no house number
    extra = clean_text(cells[cols["address_extra"]]) if "address_extra" in cols else None
    parts = " ".join(p for p in (street, number) if p)
    if extra:
        parts = f"{parts}, {extra}" if parts else extra
    return parts or None


def _is_fast(kind: Any, power: float | None) -> bool | None:
    text = fold(kind)
    if "schnell" in text:
        return True
    if "normal" in text:
        return False
    if not text and power is not None:
        return power > 22.0  # BNetzA: Schnellladeeinrichtung = more than 22 kW
    return None


def station_key(
    operator: str,
    address: str | None,
    postcode: str | None,
    lat: float,
    lon: float,
    commissioned: date | None,
) -> str:
    """The content key behind a hashed station_id (stable across editions)."""
    return "|".join(
        [
            fold(operator),
            fold(address or ""),
            postcode or "",
            f"{lat:.5f}",
            f"{lon:.5f}",
            commissioned.isoformat() if commissioned else "",
        ]
    )


def _hash_id(key: str) -> str:
    return "bna-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Parse any register edition into one row per station (see module docstring)."""
    path = Path(path)
    rows, container = _read_rows(path)
    header_at = find_header_row(rows, ["Betreiber"])
    if header_at is None:
        raise SourceParseError(
            path,
            "no header row with 'Betreiber' in the first 60 rows",
            edition=f"{container}, unknown layout",
            column="Betreiber",
        )
    header = rows[header_at]
    edition = f"{container}, {_layout(header)}"
    cols = _resolve_columns(header, path, edition)
    stand = find_stand_date(c for r in rows[:header_at] for c in r)
    if stand is None and as_of:
        stand = parse_date(as_of)
    if stand is None:
        stand = date_from_name(filename or path.name)
    pivot = (stand.year % 100) if stand else None

    records: list[dict[str, Any]] = []
    problems: Counter[str] = Counter()
    examples: dict[str, str] = {}
    data_rows = rows[header_at + 1 :]
    width = len(header)
    for offset, raw in enumerate(data_rows):
        cells = list(raw) + [""] * (width - len(raw)) if len(raw) < width else raw
        operator = clean_text(cells[cols["operator"]])
        if operator is None and all(is_blank(c) for c in cells):
            continue
        line = header_at + 2 + offset  # 1-based row number in the file
        try:
            lat = parse_number(cells[cols["lat"]], decimal=None)
            lon = parse_number(cells[cols["lon"]], decimal=None)
        except ValueError as exc:
            problems["bad coordinates"] += 1
            examples.setdefault("bad coordinates", f"row {line}: {exc}")
            continue
        if operator is None or lat is None or lon is None:
            reason = "no operator" if operator is None else "no coordinates"
            problems[reason] += 1
            examples.setdefault(reason, f"row {line}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems["coordinates out of range"] += 1
            examples.setdefault("coordinates out of range", f"row {line}: {lat}, {lon}")
            continue
        try:
            commissioned = parse_date(cells[cols["commissioned"]], two_digit_pivot=pivot)
        except ValueError as exc:
            problems["bad date"] += 1
            examples.setdefault("bad date", f"row {line}: {exc}")
            commissioned = None
        try:
            power = parse_number(cells[cols["power_kw"]])
        except ValueError as exc:
            problems["bad power"] += 1
            examples.setdefault("bad power", f"row {line}: {exc}")
            power = None
        fast = _is_fast(cells[cols["kind"]], power)
        if fast is None:
            problems["unknown Art der Ladeeinrichtung"] += 1
            examples.setdefault("unknown Art der Ladeeinrichtung", f"row {line}: {cells[cols['kind']]!r}")
            continue
        try:
            points_value = parse_number(cells[cols["charge_points"]])
        except ValueError:
            points_value = None
        if "postcode_city" in cols:
            postcode, city = _split_postcode_city(cells[cols["postcode_city"]])
        else:
            postcode, city = _postcode(cells[cols["postcode"]]), clean_text(cells[cols["city"]])
        address = _address(cells, cols)
        register_id = clean_text(cells[cols["register_id"]]) if "register_id" in cols else None
        records.append(
            {
                "register_id": register_id,
                "operator": operator,
                "address": address,
                "postcode": postcode,
                "city": city,
                "lat": lat,
                "lon": lon,
                "commissioned": commissioned,
                "power_kw": power,
                "fast": fast,
                "charge_points": None if points_value is None else int(points_value),
            }
        )
    dropped = sum(problems[k] for k in problems if k not in {"bad date", "bad power"})
    total = len(records) + dropped
    if dropped and dropped > MAX_BAD_SHARE * total:
        detail = "; ".join(f"{k}: {problems[k]} ({examples[k]})" for k in problems)
        raise SourceParseError(
            path,
            f"{dropped} of {total} rows unusable, the layout has probably shifted: {detail}",
            edition=edition,
        )
    if not records:
        raise SourceParseError(path, "no station rows below the header", edition=edition)
    frame = _typed(pd.DataFrame.from_records(_assign_ids(records)))
    validated = validate_table(frame, SCHEMA, path, edition=edition)
    validated.attrs.update(
        {
            "edition": edition,
            "as_of": stand.isoformat() if stand else None,
            "dropped": dict(problems),
            "dropped_examples": examples,
        }
    )
    return validated


def _assign_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    for rec in records:
        register_id = rec.pop("register_id")
        if register_id:
            base = "bna-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in register_id)
        else:
            key = station_key(
                rec["operator"], rec["address"], rec["postcode"], rec["lat"], rec["lon"], rec["commissioned"]
            )
            base = _hash_id(key)
        seen[base] += 1
        rec["station_id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return records


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "station_id": frame["station_id"].astype(str),
            "operator": frame["operator"].astype(str),
            "address": frame["address"].astype("str"),
            "postcode": frame["postcode"].astype("str"),
            "city": frame["city"].astype("str"),
            "lat": frame["lat"].astype(float),
            "lon": frame["lon"].astype(float),
            "commissioned": pd.to_datetime(frame["commissioned"]).astype("datetime64[us]"),
            "power_kw": pd.to_numeric(frame["power_kw"]).astype(float),
            "fast": frame["fast"].astype(bool),
            "charge_points": pd.array(frame["charge_points"], dtype="Int64"),
        }
    )
    return out[list(COLUMNS)]


# --- parameters (after geo-matching) ---------------------------------------------------------------


def to_parameters(
    table: pd.DataFrame,
    *,
    month: str,
    cities: Sequence[City],
    population: pd.DataFrame | None,
    snapshot: Snapshot | None,
    run_id: str | None = None,
    unmatched: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ladeinfrastruktur parameters per city from the geo-matched station table.

    ``table`` is the parsed table plus ``city_ags`` (None outside the run's cities). Cities listed
    in ``unmatched`` had no boundary to match against: their rows are ``source_missing``.
    A city without any station gets 0 for all three parameters (no stations, so no fast ones and
    no charge points per station).
    """
    if "city_ags" not in table.columns:
        raise ValueError("to_parameters needs the geo-matched table (a city_ags column)")
    builder = RowBuilder(
        source=NAME, month=month, snapshot=snapshot, method="geo", version=VERSION, run_id=run_id
    )
    pops = population_lookup(population, cities)
    grouped = {ags: group for ags, group in table[table["city_ags"].notna()].groupby("city_ags")}
    no_boundary = set(unmatched)
    per_1000, fast_share, per_station = PARAMETERS
    for city in cities:
        rule = f"{NAME}:stations within boundary of {city.ags}"
        if city.ags in no_boundary:
            for pid in PARAMETERS:
                builder.missing(
                    city_ags=city.ags,
                    parameter_id=pid,
                    rule_id=rule,
                    reason=f"no boundary for {city.name} ({city.ags}): stations not matched",
                )
            continue
        group = grouped.get(city.ags)
        stations = 0 if group is None else len(group)
        fast = 0 if group is None else int(group["fast"].sum())
        points = 0 if group is None else int(group["charge_points"].fillna(0).sum())
        items = [] if group is None else sorted(group["station_id"].astype(str))
        counts = f"{stations} stations, {fast} fast, {points} charge points inside {city.name}"
        pop = pops.get(city.ags)
        if pop is None:
            builder.missing(
                city_ags=city.ags,
                parameter_id=per_1000,
                rule_id=rule,
                reason=f"{counts}; no population for {city.ags}",
            )
        else:
            value = stations / pop.population * 1000
            builder.add(
                city_ags=city.ags,
                parameter_id=per_1000,
                value=value,
                status="value",
                raw=f"{fmt(value, 3)} per 1,000 ({stations} stations / {pop.describe()})",
                rule_id=rule,
                items=items,
            )
        share = 100.0 * fast / stations if stations else 0.0
        builder.add(
            city_ags=city.ags,
            parameter_id=fast_share,
            value=share,
            status="value",
            raw=f"{fmt(share)} % ({counts})",
            rule_id=rule,
            items=items,
        )
        mean_points = points / stations if stations else 0.0
        builder.add(
            city_ags=city.ags,
            parameter_id=per_station,
            value=mean_points,
            status="value",
            raw=f"{fmt(mean_points)} charge points per station ({counts})",
            rule_id=rule,
            items=items,
        )
    return builder.frames()
