"""Breitbandatlas (BMVI/atene KOM, re-published by BNetzA): broadband and mobile coverage shares.

One parse reads a single file, or a ZIP/directory of several (a Breitbandatlas "Paket"), and returns
one long table ``level, ags, name, edition, basis, measure, value, file``:

- ``level``: ``gemeinde`` (8-digit AGS), ``bezirk`` (Berlin/Hamburg district codes ``11000001``…),
  ``kreis`` (5-digit key) or ``bund``;
- ``basis``: ``households`` (share of private households) or ``area:<Flächenart>`` (share of an
  area type, from the mobile statistics, e.g. ``area:Wohnbaufläche``);
- ``measure``: ``<technology>_<Mbit/s>``: ``all`` (alle Technologien), ``wired`` (leitungsgebunden),
  ``wireless`` (mobile Technologien), ``dsl``, ``catv``, ``ftth`` (FTTH/B), ``lte``, ``5g``, ``umts``;
  ``mobile_any`` for "Mobil Alle";
- ``edition``: ``2020-12`` (``..._2020_ende``, ``..._2020_2``), ``2021-06`` (``..._2021_mitte``,
  ``..._2021_1``) or a bare year, from the file name (the files do not state it), or ``as_of``.

Dialects, detected by the header: the Gemeinde CSV with long German column names (``AGS;alle
Technologien ≥ 50 Mbit/s;...``, 2020: ``;`` unquoted; 2021: ``,`` and everything quoted), the Kreis
and national CSVs with coded names (``verf_300_50``, ``verf_ftth_100``, ``verf_lte_2``,
``verf_5g_2``), the mobile long table (``AGS;Technologie;Flaechenart;...;Verfügbarkeit``) and the
legacy Excel 97 Kreis workbook (``krs, lan, name, priv_alle_tech_50, ..., priv_ftthb_1000``; only
the private-household columns are used). Unknown extra columns are ignored and listed in
``attrs["ignored_columns"]``; a file without its key column or without any known measure is an error.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import httpx
import pandas as pd
import pandera.pandas as pa

from normalize.cities import City
from sources.adapter import RowBuilder, fmt
from sources.archives import extract_zip
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import file_kind, fold, read_text, read_workbook_rows, sniff_delimiter, validate_table

NAME = "breitbandatlas"
TITLE = "Breitbandatlas: broadband (Gemeinde/Kreis) and mobile coverage (Kreis), % of households"
URL = (
    "https://data.bundesnetzagentur.de/Bundesnetzagentur/DE/Fachthemen/Telekommunikation/Breitband/"
    "Breitbandatlas/Breitbandatlas_Paket_3.zip"
)
KIND = "parameters"
USES_POPULATION = False
PARAMETERS = (
    "it_kommunikation.breitband.anteil_50mbit",
    "it_kommunikation.glasfaser.anteil_ftth_b",
    "it_kommunikation.mobilfunk.verfuegbarkeit_4g",
    "it_kommunikation.mobilfunk.verfuegbarkeit_5g",
)
VERSION = "breitbandatlas/1"
EXPECTS = ("zip", "csv", "xls", "xlsx")
POLICY = FetchPolicy(max_bytes=500 * 1024**2, read_timeout=120.0)
COLUMNS = ("level", "ags", "name", "edition", "basis", "measure", "value", "file")
DATA_SUFFIXES = (".csv", ".txt", ".xls", ".xlsx")
HOUSEHOLDS = "households"
# The published shares overshoot 100 by up to 0.39 (2020 Gemeinde file): rounding in the source.
MAX_SHARE = 101.0
RESIDENTIAL = "area:Wohnbaufläche"

# Each parameter: candidate (basis, measure) pairs, preferred first.
SOURCES_BY_PARAMETER: dict[str, tuple[tuple[str, str], ...]] = {
    PARAMETERS[0]: ((HOUSEHOLDS, "all_50"),),
    PARAMETERS[1]: ((HOUSEHOLDS, "ftth_100"), (HOUSEHOLDS, "ftth_1000")),
    PARAMETERS[2]: ((HOUSEHOLDS, "lte_2"), (RESIDENTIAL, "lte_2")),
    PARAMETERS[3]: ((HOUSEHOLDS, "5g_2"), (RESIDENTIAL, "5g_2")),
}
MEASURE_LABELS = {
    "all_50": "all technologies ≥ 50 Mbit/s",
    "ftth_100": "FTTH/B ≥ 100 Mbit/s",
    "ftth_1000": "FTTH/B ≥ 1000 Mbit/s (no ≥ 100 column in this edition)",
    "lte_2": "LTE ≥ 2 Mbit/s",
    "5g_2": "5G ≥ 2 Mbit/s",
}

_GEMEINDE_TECH = {
    "alle technologien": "all",
    "leitungsg. technologien": "wired",
    "leitungsgebundene technologien": "wired",
    "mobile technologien": "wireless",
    "drahtlose technologien": "wireless",
    "dsl": "dsl",
    "catv": "catv",
    "ftth/b": "ftth",
    "ftth": "ftth",
}
_GEMEINDE_COL = re.compile(r"^(?P<tech>[a-z./ ]+?)\s*(?:≥|>=|>|â‰¥|\?)\s*(?P<mbit>\d+)\s*mbit/s$")
_CODED_TECH = {
    "300": "all",
    "100": "wired",
    "200": "wireless",
    "dsl": "dsl",
    "catv": "catv",
    "ftth": "ftth",
    "lte": "lte",
    "5g": "5g",
    "umts": "umts",
}
_CODED_COL = re.compile(r"^verf_(?P<tech>300|100|200|dsl|catv|ftth|lte|5g|umts)_(?P<mbit>\d+)$")
_XLS_TECH = {
    "alle_tech": "all",
    "lg_tech": "wired",
    "dsl": "dsl",
    "catv": "catv",
    "ftthb": "ftth",
    "mobil": "wireless",
    "lte": "lte",
    "5g": "5g",
}
_XLS_COL = re.compile(r"^priv_(?P<tech>alle_tech|lg_tech|dsl|catv|ftthb|mobil|lte|5g)_(?P<mbit>\d+)$")
_MOBILE_TECH = re.compile(r"^(?P<tech>lte|5g|umts)\s*(?P<mbit>\d+)$")

SCHEMA = pa.DataFrameSchema(
    {
        "level": pa.Column(str, pa.Check.isin(["gemeinde", "bezirk", "kreis", "bund"])),
        "ags": pa.Column(str, pa.Check.str_matches(r"^(\d{5}|\d{8}|DG)$")),
        "name": pa.Column(str, nullable=True),
        "edition": pa.Column(str),
        "basis": pa.Column(str),
        "measure": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9]+_[a-z0-9]+$")),
        "value": pa.Column(float, pa.Check.in_range(0, MAX_SHARE)),
        "file": pa.Column(str),
    },
    checks=[
        pa.Check(
            lambda df: ~df.duplicated(["level", "ags", "edition", "basis", "measure", "file"]),
            error="duplicate (level, ags, edition, basis, measure, file)",
        )
    ],
    strict=True,
    name="breitbandatlas",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


# --- editions and levels ---------------------------------------------------------------------------


def edition_from_name(name: str) -> str:
    """``2021-06`` / ``2020-12`` / ``2021`` from a Breitbandatlas file name, else ``unknown``."""
    stem = Path(name).name.lower()
    match = re.search(r"(20\d{2})[_\-](ende|mitte)", stem)
    if match:
        return f"{match.group(1)}-{'12' if match.group(2) == 'ende' else '06'}"
    match = re.search(r"(20\d{2})[_\-]([12])(?!\d)", stem)
    if match:
        return f"{match.group(1)}-{'06' if match.group(2) == '1' else '12'}"
    match = re.search(r"(?<!\d)(20\d{2})(?!\d)", stem)
    return match.group(1) if match else "unknown"


def _level_of(ags: str) -> str:
    if ags == "DG":
        return "bund"
    if len(ags) == 5:
        return "kreis"
    if ags[:2] in {"02", "11"} and ags[2:] != "000000":
        return "bezirk"
    return "gemeinde"


def _normalise_keys(series: pd.Series) -> pd.Series:
    keys = series.astype(str).str.strip().str.strip('"')
    is_digit = keys.str.fullmatch(r"\d+")
    # Keys lose leading zeros when a file went through Excel: 5-digit Kreis and 8-digit AGS.
    padded = keys.where(~is_digit, keys.str.zfill(5).where(keys.str.len() <= 5, keys.str.zfill(8)))
    return padded.where(padded.str.casefold() != "deutschland", "DG")


# --- one file --------------------------------------------------------------------------------------


def _frame_from_text(path: Path) -> tuple[pd.DataFrame, str]:
    text, encoding = read_text(path)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    sep = sniff_delimiter(first)
    frame = pd.read_csv(
        io.StringIO(text.lstrip("\ufeff")), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True
    )
    return frame, f"CSV ({encoding}, {sep!r}{', quoted' if first.startswith(chr(34)) else ''})"


def _frame_from_workbook(path: Path, kind: str) -> tuple[pd.DataFrame, str]:
    sheet, rows, _ = read_workbook_rows(path, edition=kind.upper())
    header_at = next(
        (i for i, row in enumerate(rows[:30]) if {"krs", "ags", "kreis"} & {fold(c) for c in row}), None
    )
    if header_at is None:
        raise SourceParseError(
            path, "no header row with 'krs' or 'ags'", edition=f"{kind.upper()} sheet {sheet}", column="krs"
        )
    header = [str(c).strip() for c in rows[header_at]]
    body = [[("" if c is None else c) for c in row] for row in rows[header_at + 1 :]]
    frame = pd.DataFrame(body, columns=header).astype(str)
    frame = frame.apply(lambda col: col.str.replace(r"\.0$", "", regex=True))
    return frame, f"{kind.upper()} sheet {sheet!r}"


def _numeric(frame: pd.DataFrame, column: str, path: Path, edition: str) -> pd.Series:
    raw = frame[column].astype(str).str.strip().str.strip('"')
    values = pd.to_numeric(
        raw.str.replace(",", ".", regex=False).replace({"": None, "-": None}), errors="coerce"
    )
    bad = raw[values.isna() & ~raw.isin(["", "-", "nan", "None"])]
    if len(bad):
        raise SourceParseError(
            path, f"column {column!r}: {bad.iloc[0]!r} is not a number", edition=edition, column=column
        )
    return values


def _wide_to_long(
    frame: pd.DataFrame,
    key: str,
    measures: dict[str, str],
    basis: str,
    *,
    name_col: str | None,
    path: Path,
    edition: str,
    file_label: str,
    file_edition: str,
) -> pd.DataFrame:
    keys = _normalise_keys(frame[key])
    levels = keys.map(_level_of)  # once per key, not per value
    parts = []
    for column, measure in measures.items():
        parts.append(
            pd.DataFrame(
                {
                    "level": levels,
                    "ags": keys,
                    "name": frame[name_col].astype(str) if name_col else None,
                    "measure": measure,
                    "value": _numeric(frame, column, path, edition),
                }
            )
        )
    long = pd.concat(parts, ignore_index=True)
    long = long[long["value"].notna()]
    long["basis"] = basis
    long["edition"] = file_edition
    long["file"] = file_label
    return long


def parse_file(path: Path, *, label: str, edition: str) -> tuple[pd.DataFrame, list[str], str]:
    """One Breitbandatlas file -> long rows, the columns it ignored, and its dialect."""
    kind = file_kind(path)
    if kind == "empty":
        raise SourceParseError(path, "the file is empty", edition="unknown")
    if kind in {"xls", "xlsx"}:
        frame, container = _frame_from_workbook(path, kind)
    elif kind == "text":
        frame, container = _frame_from_text(path)
    else:
        raise SourceParseError(path, f"{kind} content where a CSV or Excel file was expected", edition=kind)
    frame.columns = [str(c).strip().strip('"') for c in frame.columns]
    folded = {c: fold(c) for c in frame.columns}

    # mobile statistics, long format
    if {"technologie", "flaechenart"} <= set(folded.values()):
        dialect = f"mobile coverage long table, {container}"
        by_fold = {v: c for c, v in folded.items()}
        value_col = next((c for c, v in folded.items() if v.startswith("verf")), None)
        key_col = by_fold.get("ags")
        if key_col is None or value_col is None:
            missing = "AGS" if key_col is None else "Verfügbarkeit"
            raise SourceParseError(path, f"missing column {missing!r}", edition=dialect, column=missing)
        tech = frame[by_fold["technologie"]].astype(str).str.strip().str.casefold()
        measure = tech.str.extract(_MOBILE_TECH)
        measure_name = (measure["tech"] + "_" + measure["mbit"]).where(measure["tech"].notna())
        measure_name = measure_name.where(~tech.str.startswith("mobil"), "mobile_any")
        out = pd.DataFrame(
            {
                "ags": _normalise_keys(frame[key_col]),
                "name": None,
                "measure": measure_name,
                "value": _numeric(frame, value_col, path, dialect),
                "basis": "area:" + frame[by_fold["flaechenart"]].astype(str).str.strip(),
            }
        )
        ignored = sorted(set(tech[measure_name.isna()]))
        out = out[out["measure"].notna() & out["value"].notna()]
        out["edition"] = edition
        out["file"] = label
        out["level"] = out["ags"].map(_level_of)
        return out, [f"Technologie {t}" for t in ignored], dialect

    # wide tables: which naming scheme?
    gemeinde = {c: _GEMEINDE_COL.match(v) for c, v in folded.items()}
    coded = {c: _CODED_COL.match(v) for c, v in folded.items()}
    xls = {c: _XLS_COL.match(v) for c, v in folded.items()}
    measures: dict[str, str] = {}
    if any(gemeinde.values()):
        dialect = f"Gemeinde table (long column names), {container}"
        for c, m in gemeinde.items():
            tech = _GEMEINDE_TECH.get(m.group("tech").strip()) if m else None
            if tech:
                measures[c] = f"{tech}_{m.group('mbit')}"
        key_names = ("ags",)
    elif any(coded.values()):
        dialect = f"coded table (verf_*), {container}"
        measures = {c: f"{_CODED_TECH[m.group('tech')]}_{m.group('mbit')}" for c, m in coded.items() if m}
        key_names = ("ags", "staat", "krs", "kreis")
    elif any(xls.values()):
        dialect = f"Kreis workbook (priv_*), {container}"
        measures = {c: f"{_XLS_TECH[m.group('tech')]}_{m.group('mbit')}" for c, m in xls.items() if m}
        key_names = ("krs", "ags", "kreis")
    else:
        shown = ", ".join(list(frame.columns)[:6])
        raise SourceParseError(
            path,
            "no known Breitbandatlas measure column (expected e.g. 'alle Technologien ≥ 50 Mbit/s', "
            f"'verf_300_50' or 'priv_alle_tech_50'); header starts: {shown}",
            edition=f"unknown dialect, {container}",
        )
    key = next((c for c, v in folded.items() if v in key_names), None)
    if key is None:
        raise SourceParseError(
            path,
            f"missing key column {key_names[0].upper()!r} (found {list(frame.columns)[0]!r})",
            edition=dialect,
            column=key_names[0].upper(),
        )
    name_col = next((c for c, v in folded.items() if v == "name"), None)
    ignored = [c for c in frame.columns if c not in measures and c not in {key, name_col}]
    long = _wide_to_long(
        frame,
        key,
        measures,
        HOUSEHOLDS,
        name_col=name_col,
        path=path,
        edition=dialect,
        file_label=label,
        file_edition=edition,
    )
    return long, ignored, dialect


# --- parse -----------------------------------------------------------------------------------------


def _data_files(path: Path, tmp: Path) -> list[tuple[Path, str]]:
    if path.is_dir():
        return [
            (p, str(p.relative_to(path)))
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith(".")
        ]
    if file_kind(path) == "zip":
        extracted = extract_zip(path, tmp, what="ZIP")
        return [
            (p, str(p.relative_to(tmp)))
            for p in sorted(extracted)
            if p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith(".")
        ]
    return [(path, path.name)]


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """All coverage values of a file, a ZIP package or a directory, as one long table."""
    path = Path(path)
    if not path.exists():
        raise SourceParseError(path, "no such file or directory", edition="unknown")
    frames = []
    ignored: dict[str, list[str]] = {}
    dialects: dict[str, str] = {}
    counts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sci-breitband-") as tmp:
        files = _data_files(path, Path(tmp))
        if not files:
            raise SourceParseError(path, "no CSV or Excel file inside", edition="package")
        single = len(files) == 1 and files[0][0] == path
        for file_path, label in files:
            label = (filename or label) if single else label
            edition = as_of or edition_from_name(label)
            frame, skipped, dialect = parse_file(file_path, label=label, edition=edition)
            frames.append(frame)
            if skipped:
                ignored[label] = skipped
            dialects[label] = dialect
            counts.append(f"{label}: {len(frame):,} values")
    table = pd.concat(frames, ignore_index=True)[list(COLUMNS)]
    table = table.astype({c: "str" for c in ("level", "ags", "name", "edition", "basis", "measure", "file")})
    table["value"] = table["value"].astype(float)
    validated = validate_table(table, SCHEMA, path, edition="Breitbandatlas")
    validated.attrs.update(
        {
            "edition": ", ".join(sorted(set(validated["edition"]))),
            "as_of": as_of,
            "files": counts,
            "dialects": dialects,
            "ignored_columns": ignored,
        }
    )
    return validated


# --- parameters ------------------------------------------------------------------------------------


def _pick(table: pd.DataFrame, level: str, key: str, basis: str, measure: str) -> pd.Series | None:
    rows = table[
        (table["level"] == level)
        & (table["ags"] == key)
        & (table["basis"] == basis)
        & (table["measure"] == measure)
    ]
    if rows.empty:
        return None
    return rows.sort_values(["edition", "file"], ascending=[False, True]).iloc[0]


def to_parameters(
    table: pd.DataFrame,
    *,
    month: str,
    cities: Sequence[City],
    population: pd.DataFrame | None,
    snapshot: Snapshot | None,
    run_id: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Broadband, fibre, 4G and 5G shares per city (population is not needed).

    For each parameter the preferred measure comes first (FTTH/B ≥ 100 before ≥ 1000; household
    shares before the residential-area share of the mobile statistics); within a measure the
    Gemeinde value wins, and the Kreis value is used only for a kreisfreie city (AGS ``xxxxx000``),
    flagged as such. A kreisangehörige city without a Gemeinde value is ``source_missing``.
    The newest edition wins.
    """
    builder = RowBuilder(source=NAME, month=month, snapshot=snapshot, version=VERSION, run_id=run_id)
    # Pre-filter once: the Gemeinde tables hold over half a million values.
    wanted_keys = {c.ags for c in cities} | {c.ags[:5] for c in cities}
    subset = table[table["ags"].isin(wanted_keys)]
    for city in cities:
        kreisfrei = city.ags.endswith("000")
        for parameter_id, candidates in SOURCES_BY_PARAMETER.items():
            found = None
            for basis, measure in candidates:
                row = _pick(subset, "gemeinde", city.ags, basis, measure)
                if row is None and kreisfrei:
                    row = _pick(subset, "kreis", city.ags[:5], basis, measure)
                if row is not None:
                    found = row
                    break
            if found is None:
                kreis_row = next(
                    (
                        r
                        for b, m in candidates
                        if (r := _pick(subset, "kreis", city.ags[:5], b, m)) is not None
                    ),
                    None,
                )
                if kreis_row is not None:
                    reason = (
                        f"no Gemeinde value for {city.name} ({city.ags}); the Kreis {city.ags[:5]} value "
                        f"({fmt(kreis_row['value'])} %) is not the city's: {city.name} is kreisangehörig"
                    )
                else:
                    reason = f"no value for {city.name} ({city.ags}) or its Kreis in the Breitbandatlas files"
                builder.missing(
                    city_ags=city.ags,
                    parameter_id=parameter_id,
                    reason=reason,
                    rule_id=f"{NAME}:{'/'.join(m for _, m in candidates)}",
                )
                continue
            level = found["level"]
            label = MEASURE_LABELS.get(found["measure"], found["measure"])
            share_of = (
                "households"
                if found["basis"] == HOUSEHOLDS
                else f"{found['basis'][5:]} area (no household value)"
            )
            where = (
                f"Gemeinde {found['ags']}"
                if level != "kreis"
                else f"Kreis value {found['ags']} used for the kreisfreie city, no Gemeinde value"
            )
            value = min(float(found["value"]), 100.0)
            capped = f" (published {fmt(found['value'])}, capped at 100)" if found["value"] > 100 else ""
            raw = f"{fmt(value)} % of {share_of}{capped}, {label} ({where}; edition {found['edition']})"
            builder.add(
                city_ags=city.ags,
                parameter_id=parameter_id,
                value=value,
                status="value",
                raw=raw,
                rule_id=f"{NAME}:{found['file']} {level} {found['ags']} {found['measure']} ({found['basis']})",
                snippet=f"{city.name}: {raw}; file {found['file']}",
                items=[f"{found['file']}#{found['ags']}#{found['measure']}"],
            )
    return builder.frames()
