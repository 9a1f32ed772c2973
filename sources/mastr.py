"""Marktstammdatenregister (BNetzA): installed photovoltaic capacity per municipality.

Dialects (detected by the header):

- LocalZero's MaStR aggregate ``ags,pv,wind_on,biomass,water``: installed capacity in kW per 8-digit
  AGS (also Kreis ``xxxxx000`` and Land rows; ``DG000000`` = Germany is dropped). The MaStR pull
  date is not stated: the edition is the year in the file name (``2024.csv``) or ``as_of``.
- a MaStR unit export (the register's "Einheiten" CSV download, ``;``-separated, decimal comma,
  UTF-8 or cp1252): one row per unit with ``Gemeindeschlüssel`` and ``Bruttoleistung der Einheit``
  (kW); rows are summed per AGS (only units whose ``Energieträger``, if present, is
  ``Solare Strahlungsenergie``; only ``In Betrieb`` units if a ``Betriebs-Status`` column exists).

Output: ``ags, pv_kw, wind_onshore_kw, biomass_kw, hydro_kw, edition`` (the non-PV columns are NA
for unit exports). ``photovoltaik`` = ``pv_kw`` / inhabitants (kW per inhabitant).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

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
    file_kind,
    fold,
    is_blank,
    parse_number,
    read_text,
    validate_table,
    year_from_name,
)

NAME = "mastr"
TITLE = "Marktstammdatenregister: installed PV capacity per AGS (LocalZero aggregate of MaStR)"
URL = "https://raw.githubusercontent.com/GermanZero-de/localzero-data-public/main/renewable_energy/2024.csv"
KIND = "parameters"
USES_POPULATION = True
PARAMETERS = ("energie_umwelt.energieloesungen.photovoltaik",)
VERSION = "mastr/1"
EXPECTS = ("csv",)
POLICY = FetchPolicy(max_bytes=2 * 1024**3, read_timeout=300.0)
COLUMNS = ("ags", "pv_kw", "wind_onshore_kw", "biomass_kw", "hydro_kw", "edition")
AGGREGATE_COLUMNS = {
    "pv": "pv_kw",
    "wind_on": "wind_onshore_kw",
    "biomass": "biomass_kw",
    "water": "hydro_kw",
}
SOLAR = "solare strahlungsenergie"

SCHEMA = pa.DataFrameSchema(
    {
        "ags": pa.Column(str, pa.Check.str_matches(r"^\d{8}$"), unique=True),
        "pv_kw": pa.Column(float, pa.Check.ge(0)),
        "wind_onshore_kw": pa.Column(float, pa.Check.ge(0), nullable=True),
        "biomass_kw": pa.Column(float, pa.Check.ge(0), nullable=True),
        "hydro_kw": pa.Column(float, pa.Check.ge(0), nullable=True),
        "edition": pa.Column(str),
    },
    strict=True,
    name="mastr",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


def _number(value: object, path: Path, edition: str, where: str, decimal: str) -> float | None:
    try:
        return parse_number(value, decimal=decimal)
    except ValueError:
        raise SourceParseError(path, f"{where}: {value!r} is not a number", edition=edition) from None


def _aggregate(rows: list[list[str]], path: Path, edition: str) -> pd.DataFrame:
    header = [fold(h) for h in rows[0]]
    ags_at = header.index("ags")
    positions = {out: header.index(col) for col, out in AGGREGATE_COLUMNS.items() if col in header}
    if "pv_kw" not in positions:
        raise SourceParseError(
            path, f"missing column 'pv'; header: {', '.join(rows[0])}", edition=edition, column="pv"
        )
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if all(is_blank(c) for c in row):
            continue
        ags = (clean_text(row[ags_at]) or "").zfill(8)
        if not re.fullmatch(r"\d{8}", ags):
            continue  # DG000000
        record = {"ags": ags}
        for out, at in positions.items():
            record[out] = _number(row[at], path, edition, f"row {n} (AGS {ags})", ".")
        records.append(record)
    return pd.DataFrame.from_records(records)


def _unit_export(rows: list[list[str]], path: Path, edition: str) -> pd.DataFrame:
    header = rows[0]
    ags_at = column_index(header, ["Gemeindeschlüssel", "Gemeindeschluessel"])
    power_at = column_index(header, ["Bruttoleistung der Einheit", "Bruttoleistung"])
    carrier_at = column_index(header, ["Energieträger", "Energietraeger"])
    status_at = column_index(header, ["Betriebs-Status", "Betriebsstatus"])
    if power_at is None:
        raise SourceParseError(
            path,
            "missing column 'Bruttoleistung der Einheit'",
            edition=edition,
            column="Bruttoleistung der Einheit",
        )
    totals: dict[str, float] = {}
    for n, row in enumerate(rows[1:], start=2):
        if all(is_blank(c) for c in row):
            continue
        if carrier_at is not None and fold(row[carrier_at]) != SOLAR:
            continue
        if status_at is not None and fold(row[status_at]) != "in betrieb":
            continue
        ags = (clean_text(row[ags_at]) or "").zfill(8)
        if not re.fullmatch(r"\d{8}", ags):
            continue  # units without a municipality key (offshore, unknown)
        power = _number(row[power_at], path, edition, f"row {n}", ",") or 0.0
        totals[ags] = totals.get(ags, 0.0) + power
    return pd.DataFrame({"ags": list(totals), "pv_kw": list(totals.values())})


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Installed capacity (kW) per AGS, PV first."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="unknown")
    if kind != "text":
        raise SourceParseError(path, f"{kind} content where a CSV was expected", edition=kind)
    text, encoding = read_text(path)
    rows, sep = csv_rows(text)
    container = f"CSV ({encoding}, {sep!r})"
    header = [fold(h) for h in rows[0]] if rows else []
    year = as_of or (str(year_from_name(filename or path.name) or "") or "unknown")
    if "ags" in header:
        edition = f"LocalZero MaStR aggregate {year}, {container}"
        frame = _aggregate(rows, path, edition)
    elif column_index(rows[0], ["Gemeindeschlüssel", "Gemeindeschluessel"]) is not None:
        edition = f"MaStR unit export {year}, {container}"
        frame = _unit_export(rows, path, edition)
    else:
        raise SourceParseError(
            path,
            f"missing column 'ags' (or 'Gemeindeschlüssel'); header: {', '.join(rows[0] if rows else [])}",
            edition=f"unknown, {container}",
            column="ags",
        )
    if frame.empty:
        raise SourceParseError(path, "no municipality rows", edition=edition)
    for column in COLUMNS[1:5]:
        if column not in frame.columns:
            frame[column] = None
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["edition"] = year
    frame = frame.astype({"ags": "str", "edition": "str"})[list(COLUMNS)]
    validated = validate_table(frame, SCHEMA, path, edition=edition)
    validated.attrs.update({"edition": edition, "as_of": as_of})
    return validated


def to_parameters(
    table: pd.DataFrame,
    *,
    month: str,
    cities: Sequence[City],
    population: pd.DataFrame | None,
    snapshot: Snapshot | None,
    run_id: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Installed PV capacity in kW per inhabitant for each city."""
    (parameter_id,) = PARAMETERS
    builder = RowBuilder(source=NAME, month=month, snapshot=snapshot, version=VERSION, run_id=run_id)
    pops = population_lookup(population, cities)
    by_ags = table.set_index("ags")
    for city in cities:
        rule = f"{NAME}:AGS {city.ags} pv"
        if city.ags not in by_ags.index:
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=rule,
                reason=f"AGS {city.ags} not in the MaStR table",
            )
            continue
        pop = pops.get(city.ags)
        pv_kw = float(by_ags.loc[city.ags, "pv_kw"])
        edition = by_ags.loc[city.ags, "edition"]
        if pop is None:
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=rule,
                reason=f"{fmt(pv_kw, 1)} kW PV; no population for {city.ags}",
            )
            continue
        value = pv_kw / pop.population
        builder.add(
            city_ags=city.ags,
            parameter_id=parameter_id,
            value=value,
            status="value",
            raw=f"{fmt(value, 4)} kW per inhabitant ({fmt(pv_kw, 1)} kW PV, MaStR {edition} / {pop.describe()})",
            rule_id=rule,
            items=[f"AGS {city.ags}"],
        )
    return builder.frames()
