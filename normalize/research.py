"""Research entries: validated, evidence-backed values for what no source or crawler gives.

A research entry is one row of a CSV file under ``data/research/`` (one file per area, named
``<area>.csv``) with the columns ``city_ags, parameter_id, value, evidence_url, note, researcher,
checked_on``. The format and the rules are documented in ``data/research/README.md`` and
``docs/research.md``; in short:

- ``value`` is parsed by the parameter's kind (:func:`parse_value`): booleans accept
  1/0/ja/nein/true/false/yes/no, ordinals an integer 0..levels, numerics a number (decimal comma
  allowed); ``n/a``/``entfällt`` records that the parameter does not apply to the city.
- An entry applies to the month of its ``checked_on`` date and every later month, until a newer entry
  (later ``checked_on``) for the same city and parameter supersedes it (:func:`effective_entries`).
- Entries become parameter rows with ``method=research`` and ``source="research"``, each pointing at
  an evidence record with the entry's URL and note (:func:`apply_research`).

Validation reports every problem of every file at once, each with its file and line, so a researcher
fixes a whole file in one go instead of one error per run.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from normalize.catalog import PROJECT_ROOT, Catalog, Parameter, load_catalog
from normalize.cities import City, load_cities
from normalize.evidence import clip_snippet, coerce_evidence, empty_evidence, make_evidence_id
from normalize.storage import (
    parameters_path,
    read_parameters,
    resolve_data_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import KNOWN_STATUSES, check_month, coerce_parameters, empty_parameters, parameter_row

DEFAULT_RESEARCH_DIR = PROJECT_ROOT / "data" / "research"
RESEARCH_DIR_ENV = "SCI_RESEARCH_DIR"
SOURCE = "research"

ENTRY_COLUMNS = ("city_ags", "parameter_id", "value", "evidence_url", "note", "researcher", "checked_on")
# Columns a template adds for the researcher's convenience; readers ignore them.
INFO_COLUMNS = ("city_name", "parameter_name", "allowed", "current")
TEMPLATE_COLUMNS = (
    "city_ags",
    "city_name",
    "parameter_id",
    "parameter_name",
    "allowed",
    "current",
    "value",
    "evidence_url",
    "note",
    "researcher",
    "checked_on",
)
# A row that leaves all of these empty is an open template line, not an entry.
FILLED_COLUMNS = ("value", "evidence_url", "note", "checked_on")

TRUE_WORDS = frozenset({"1", "ja", "j", "true", "yes", "y", "wahr"})
FALSE_WORDS = frozenset({"0", "nein", "n", "false", "no", "falsch"})
NOT_APPLICABLE_WORDS = frozenset({"n/a", "entfällt", "entfaellt", "nicht zutreffend", "not applicable"})
MAX_NOTE = 2000

_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# German grouping: 1.234.567 or 1.234,5 (a single "1.234" stays a decimal point).
_GERMAN_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:(?:\.\d{3}){2,}(?:,\d+)?|\.\d{3},\d+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)


class ResearchError(ValueError):
    """Research entries are invalid; ``problems`` lists every one (file, line, message)."""

    def __init__(self, problems: Sequence[Problem], what: str = "research entries"):
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in {what}:\n{lines}")


@dataclass(frozen=True)
class Problem:
    """One problem with one line of an input file (``line`` None: the file as a whole)."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class ParsedValue:
    """A value as the parameter table stores it: number (None when unknown), status, original text."""

    value: float | None
    status: str
    raw: str


@dataclass(frozen=True)
class ResearchEntry:
    city_ags: str
    parameter_id: str
    value: float | None
    status: str
    raw: str
    evidence_url: str
    note: str
    researcher: str
    checked_on: date
    file: str
    line: int

    @property
    def month(self) -> str:
        """The first month the entry applies to."""
        return f"{self.checked_on.year:04d}-{self.checked_on.month:02d}"

    @property
    def locator(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class ResearchSet:
    """What a research directory (or file) holds: valid entries, problems, open template lines."""

    entries: list[ResearchEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    placeholders: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- values -----------------------------------------------------------------------------------


def _clean_text(raw: Any) -> str:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    return str(raw).replace("\u00a0", " ").strip()


def parse_number(raw: Any) -> float:
    """A finite number from a cell or a text (decimal comma allowed); ValueError otherwise."""
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a number")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = _clean_text(raw).replace(" ", "")
        if _GERMAN_GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _PLAIN_NUMBER.match(text):
            text = text.replace(",", ".")
        else:
            raise ValueError(f"{_clean_text(raw)!r} is not a number")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{raw!r} is not a finite number")
    return number


def allowed_values(parameter: Parameter, bonus_cap: float | None = None) -> str:
    """A short description of what ``parameter`` accepts, for templates and workbooks."""
    if parameter.kind == "boolean":
        return "ja / nein"
    if parameter.kind == "ordinal":
        scale = parameter.scale or {}
        levels = "; ".join(f"{k} = {v}" for k, v in sorted(scale.items()))
        return f"0..{parameter.levels}" + (f" ({levels})" if levels else "")
    unit = f" {parameter.unit}" if parameter.unit else ""
    upper = f", at most {bonus_cap:g}" if parameter.pilot and bonus_cap is not None else ""
    return f"number >= 0{unit}{upper} ({parameter.direction} is better)"


def parse_value(raw: Any, parameter: Parameter, *, bonus_cap: float | None = None) -> ParsedValue:
    """Parse a researcher's or a city's value for ``parameter``; ValueError says what is wrong.

    Booleans give status present/absent (value 1/0), ordinals and numerics status ``value``;
    ``n/a``/``entfällt`` gives ``not_applicable`` (value unknown) for any kind.
    """
    text = _clean_text(raw)
    shown = text if not isinstance(raw, bool) else ("true" if raw else "false")
    if text == "":
        raise ValueError("value is empty")
    if text.casefold() in NOT_APPLICABLE_WORDS:
        return ParsedValue(None, "not_applicable", shown)
    if parameter.kind == "boolean":
        if isinstance(raw, bool):
            return ParsedValue(1.0 if raw else 0.0, "present" if raw else "absent", shown)
        word = text.casefold()
        if isinstance(raw, int | float) and raw in (0, 1):
            word = str(int(raw))
        if word in TRUE_WORDS:
            return ParsedValue(1.0, "present", shown)
        if word in FALSE_WORDS:
            return ParsedValue(0.0, "absent", shown)
        raise ValueError(f"{shown!r} is not a boolean (use ja/nein, 1/0, true/false, yes/no)")
    if isinstance(raw, bool):
        wanted = f"an integer level 0..{parameter.levels}" if parameter.kind == "ordinal" else "a number"
        raise ValueError(f"{shown!r} is not {wanted}")
    if parameter.kind == "ordinal":
        try:
            number = parse_number(raw)
        except ValueError:
            raise ValueError(f"{shown!r} is not an integer level 0..{parameter.levels}") from None
        if number != int(number):
            raise ValueError(f"{shown!r} is not an integer level 0..{parameter.levels}")
        if not 0 <= number <= (parameter.levels or 0):
            raise ValueError(f"{shown!r} is outside the levels 0..{parameter.levels}")
        return ParsedValue(float(int(number)), "value", shown)
    if parameter.unit == "%" and isinstance(raw, str) and text.endswith("%"):
        text = text[:-1].strip()
    number = parse_number(text if isinstance(raw, str) else raw)
    if number < 0:
        raise ValueError(f"{shown!r} is negative; {parameter.id} takes a number >= 0")
    if parameter.pilot and bonus_cap is not None and number > bonus_cap:
        raise ValueError(f"{shown!r} exceeds the area's pilot bonus cap of {bonus_cap:g}")
    return ParsedValue(number, "value", shown)


def check_url(text: str) -> str | None:
    """None if ``text`` is a well-formed http(s) URL with a host, else what is wrong with it."""
    from urllib.parse import urlsplit

    if not text:
        return "evidence_url is empty"
    if any(ch.isspace() for ch in text):
        return f"evidence_url {text!r} contains whitespace"
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a malformed port
    except ValueError as exc:
        return f"evidence_url {text!r} is malformed ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"evidence_url {text!r} is not an http(s) URL"
    host = parts.hostname or ""
    labels = host.rstrip(".").split(".")
    if not host or not all(_HOST_LABEL.match(label) for label in labels):
        return f"evidence_url {text!r} has no valid host name"
    if port == 0:
        return f"evidence_url {text!r} has an invalid port"
    return None


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD) or a German one (DD.MM.YYYY, as Excel saves it); ValueError else."""
    german = _GERMAN_DATE.match(text)
    try:
        if german:
            day, mon, year = map(int, german.groups())
            return date(year, mon, day)
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"checked_on {text!r} is not a valid date (YYYY-MM-DD)")


def normalise_ags(text: str) -> str:
    """An AGS as 8 digits; spreadsheets drop the leading zero (1002000 -> 01002000)."""
    return text.zfill(8) if text.isdigit() and 5 <= len(text) <= 8 else text


# --- reading entry files ----------------------------------------------------------------------


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _sniff_delimiter(first_line: str) -> str:
    # German Excel saves CSV with semicolons; the header tells which one this file uses.
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_entry_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """The raw rows of one entry file with their line numbers, plus file-level problems."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(shown, None, f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [Problem(shown, line, "not UTF-8 text (save the file as CSV UTF-8)")]
    if not text.strip():
        return [], [Problem(shown, None, "the file is empty (it needs at least the header line)")]
    delimiter = _sniff_delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        return [], [Problem(shown, 1, f"unreadable CSV header: {exc}")]
    missing = [c for c in ENTRY_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in ENTRY_COLUMNS and c not in INFO_COLUMNS]
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if missing:
        problems.append(Problem(shown, 1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(
            Problem(
                shown, 1, f"unknown column(s): {', '.join(unknown)} (expected {', '.join(ENTRY_COLUMNS)})"
            )
        )
    if duplicated:
        problems.append(Problem(shown, 1, f"duplicate column(s): {', '.join(duplicated)}"))
    if problems:
        return [], problems
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(shown, start, f"unreadable CSV line: {exc}"))
            break
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(shown, line, f"{len(cells)} fields but the header has {len(header)} columns")
            )
            continue
        rows.append((line, {h: c for h, c in zip(header, cells, strict=True) if h}))
    return rows, problems


def is_placeholder(row: dict[str, str]) -> bool:
    return all(not (row.get(col) or "").strip() for col in FILLED_COLUMNS)


def parse_entry(
    row: dict[str, str],
    *,
    file: str,
    line: int,
    catalog: Catalog,
    cities_by_ags: dict[str, City],
    today: date,
    area_id: str | None = None,
) -> tuple[ResearchEntry | None, list[Problem]]:
    """Check one entry row; return the entry (None if it has problems) and every problem found."""
    problems: list[str] = []
    ags_text = (row.get("city_ags") or "").strip()
    ags = normalise_ags(ags_text)
    if not ags_text:
        problems.append("city_ags is empty")
    elif ags not in cities_by_ags:
        problems.append(f"unknown city_ags {ags_text!r} (not in the city registry)")
    pid = (row.get("parameter_id") or "").strip()
    parameter = catalog.parameters.get(pid)
    parsed: ParsedValue | None = None
    if not pid:
        problems.append("parameter_id is empty")
    elif parameter is None:
        problems.append(f"unknown parameter_id {pid!r} (catalog {catalog.version})")
    elif area_id is not None and parameter.area_id != area_id:
        problems.append(f"parameter {pid} belongs to area {parameter.area_id}, not to this file's {area_id}")
    if parameter is not None:
        try:
            parsed = parse_value(
                row.get("value"), parameter, bonus_cap=catalog.area(parameter.area_id).bonus_cap
            )
        except ValueError as exc:
            problems.append(f"value for {pid}: {exc}")
    url = (row.get("evidence_url") or "").strip()
    url_problem = check_url(url)
    if url_problem:
        problems.append(url_problem)
    note = (row.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        problems.append(f"note has {len(note)} characters (at most {MAX_NOTE})")
    researcher = (row.get("researcher") or "").strip()
    if not researcher:
        problems.append("researcher is empty")
    checked_text = (row.get("checked_on") or "").strip()
    checked: date | None = None
    if not checked_text:
        problems.append("checked_on is empty")
    else:
        try:
            checked = parse_date(checked_text)
        except ValueError as exc:
            problems.append(str(exc))
        else:
            if checked > today:
                problems.append(f"checked_on {checked_text} is in the future (today is {today.isoformat()})")
    if problems or parsed is None or checked is None:
        return None, [Problem(file, line, msg) for msg in problems]
    entry = ResearchEntry(
        city_ags=ags,
        parameter_id=pid,
        value=parsed.value,
        status=parsed.status,
        raw=parsed.raw,
        evidence_url=url,
        note=note,
        researcher=researcher,
        checked_on=checked,
        file=file,
        line=line,
    )
    return entry, []


def entry_files(research_dir: Path) -> list[Path]:
    """The entry files of a research directory (``*.csv``, not hidden), sorted by name."""
    if not research_dir.is_dir():
        return []
    return sorted(p for p in research_dir.glob("*.csv") if not p.name.startswith("."))


def resolve_research_dir(explicit: Path | str | None = None) -> Path:
    """The research dir: an explicit path, else ``$SCI_RESEARCH_DIR``, else the project's data/research."""
    import os

    if explicit:
        return Path(explicit)
    env = os.environ.get(RESEARCH_DIR_ENV)
    return Path(env) if env else DEFAULT_RESEARCH_DIR


def read_research(
    research_dir: Path | str | None = None,
    *,
    files: Iterable[Path] | None = None,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
    today: date | None = None,
    check_area: bool = True,
) -> ResearchSet:
    """Read and check every entry of a research dir (or of ``files``); collect every problem.

    Files of a research dir must be named ``<area>.csv`` and hold only that area's parameters
    (``check_area``). The same (city, parameter, checked_on) twice is a problem wherever it occurs.
    """
    catalog = catalog or load_catalog()
    cities_by_ags = {c.ags: c for c in (cities if cities is not None else load_cities())}
    today = today or date.today()  # the researcher's local date
    area_ids = {a.id for a in catalog.areas}
    result = ResearchSet()
    if files is None:
        directory = resolve_research_dir(research_dir)
        if not directory.is_dir():
            result.problems.append(Problem(display_path(directory), None, "research directory not found"))
            return result
        paths = entry_files(directory)
    else:
        paths = [Path(p) for p in files]
    first_seen: dict[tuple[str, str, date], str] = {}
    for path in paths:
        shown = display_path(path)
        result.files.append(shown)
        area_id: str | None = None
        if files is None and check_area:
            if path.stem not in area_ids:
                result.problems.append(
                    Problem(
                        shown, None, f"file name must be <area>.csv, one of: {', '.join(sorted(area_ids))}"
                    )
                )
                continue
            area_id = path.stem
        rows, file_problems = read_entry_rows(path)
        problems = list(file_problems)
        for line, row in rows:
            if is_placeholder(row):
                result.placeholders += 1
                continue
            entry, row_problems = parse_entry(
                row,
                file=shown,
                line=line,
                catalog=catalog,
                cities_by_ags=cities_by_ags,
                today=today,
                area_id=area_id,
            )
            problems.extend(row_problems)
            if entry is None:
                continue
            key = (entry.city_ags, entry.parameter_id, entry.checked_on)
            if key in first_seen:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"duplicate entry for city {entry.city_ags}, {entry.parameter_id}, checked_on "
                        f"{entry.checked_on.isoformat()} (first at {first_seen[key]})",
                    )
                )
                continue
            first_seen[key] = entry.locator
            result.entries.append(entry)
        # File-level problems first, then by line (a stable sort keeps each line's order).
        result.problems.extend(sorted(problems, key=lambda p: p.line or 0))
    return result


# --- which entry applies to a month -----------------------------------------------------------


def effective_entries(entries: Iterable[ResearchEntry], month: str) -> list[ResearchEntry]:
    """The entry in force in ``month`` per (city, parameter): the latest ``checked_on`` up to ``month``."""
    check_month(month)
    best: dict[tuple[str, str], ResearchEntry] = {}
    for entry in entries:
        if entry.month > month:
            continue
        key = (entry.city_ags, entry.parameter_id)
        if key not in best or entry.checked_on > best[key].checked_on:
            best[key] = entry
    return sorted(best.values(), key=lambda e: (e.city_ags, e.parameter_id))


def research_rows(
    entries: Iterable[ResearchEntry],
    month: str,
    catalog: Catalog | None = None,
    run_id: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parameter rows (``method=research``) and their evidence records for the entries in force."""
    catalog = catalog or load_catalog()
    rows, records = [], []
    for entry in effective_entries(entries, month):
        parameter = catalog.parameter(entry.parameter_id)
        checked_at = pd.Timestamp(entry.checked_on, tz="UTC")
        ev_id = make_evidence_id(
            SOURCE, month, entry.city_ags, entry.parameter_id, entry.checked_on.isoformat(), entry.raw
        )
        rows.append(
            parameter_row(
                month=month,
                city_ags=entry.city_ags,
                parameter_id=entry.parameter_id,
                value=entry.value,
                status=entry.status,
                method="research",
                source=SOURCE,
                raw=entry.raw,
                unit=parameter.unit,
                evidence=[ev_id],
                collected_at=checked_at,
                run_id=run_id,
            )
        )
        snippet = entry.note or f"research entry by {entry.researcher}, checked on {entry.checked_on}"
        records.append(
            {
                "evidence_id": ev_id,
                "month": month,
                "city_ags": entry.city_ags,
                "parameter_id": entry.parameter_id,
                "value": entry.value,
                "status": entry.status,
                "url": entry.evidence_url,
                "snippet": clip_snippet(snippet),
                "rule_id": "research",
                "fetched_at": checked_at,
                "source": SOURCE,
                "method": "research",
                "version": catalog.version,
                "items": [entry.locator, f"researcher={entry.researcher}"],
            }
        )
    params = coerce_parameters(pd.DataFrame(rows)) if rows else empty_parameters()
    evidence = coerce_evidence(pd.DataFrame(records)) if records else empty_evidence()
    return params, evidence


@dataclass(frozen=True)
class ApplyResult:
    month: str
    rows: int
    path: Path | None  # None when nothing was written (no entries and no earlier file)
    entries_read: int


def apply_research(
    month: str,
    data_dir: Path | str | None = None,
    *,
    research_dir: Path | str | None = None,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
    run_id: str | None = None,
    today: date | None = None,
) -> ApplyResult:
    """Write the research rows in force in ``month`` to ``parameters/month=M/research.parquet``.

    Every entry file is validated first; any problem raises :class:`ResearchError` listing all of
    them and nothing is written (the month keeps its last good research rows). The file is rebuilt
    from the entries each time, so a deleted entry disappears from the month on the next apply.
    """
    check_month(month)
    catalog = catalog or load_catalog()
    base = resolve_data_dir(data_dir)
    found = read_research(research_dir, catalog=catalog, cities=cities, today=today)
    if found.problems:
        raise ResearchError(found.problems)
    params, evidence = research_rows(found.entries, month, catalog, run_id=run_id)
    target = parameters_path(base, month, SOURCE)
    if params.empty and not target.exists():
        return ApplyResult(month, 0, None, len(found.entries))
    # Evidence first: a parameter row must never point at evidence that is not there yet.
    write_evidence(evidence, source=SOURCE, month=month, data_dir=base)
    path = write_parameters(params, source=SOURCE, month=month, data_dir=base, catalog=catalog)
    return ApplyResult(month, len(params), path, len(found.entries))


# --- templates --------------------------------------------------------------------------------


def known_pairs(parameters: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(city, parameter) -> best status in a parameter table: a known status if any row has one."""
    out: dict[tuple[str, str], str] = {}
    if parameters.empty:
        return out
    for ags, pid, status in zip(
        parameters["city_ags"], parameters["parameter_id"], parameters["status"], strict=True
    ):
        key = (str(ags), str(pid))
        if key not in out or (status in KNOWN_STATUSES and out[key] not in KNOWN_STATUSES):
            out[key] = str(status)
    return out


def template_rows(
    area_id: str,
    *,
    month: str,
    catalog: Catalog,
    cities: Sequence[City],
    parameters: pd.DataFrame,
    entries: Iterable[ResearchEntry],
    only_research: bool = False,
) -> list[dict[str, str]]:
    """Open template lines: each (parameter, city) of the area still without a known value in ``month``.

    A pair is missing when no row of the month's parameter table has a known status (present,
    absent, value) and no research entry is in force for it. ``how: research`` parameters come
    first, then the others, each in catalog order; cities in registry order.
    """
    area = catalog.area(area_id)
    params = [p for ind in area.indicators for p in ind.parameters]
    research_first = [p for p in params if p.how == "research"]
    others = [] if only_research else [p for p in params if p.how != "research"]
    statuses = known_pairs(parameters)
    in_force = {(e.city_ags, e.parameter_id) for e in effective_entries(entries, month)}
    rows = []
    for parameter in research_first + others:
        allowed = allowed_values(parameter, area.bonus_cap)
        for city in cities:
            key = (city.ags, parameter.id)
            status = statuses.get(key)
            if status in KNOWN_STATUSES or key in in_force:
                continue
            rows.append(
                {
                    "city_ags": city.ags,
                    "city_name": city.name,
                    "parameter_id": parameter.id,
                    "parameter_name": parameter.name,
                    "allowed": allowed,
                    "current": status or "not collected",
                    "value": "",
                    "evidence_url": "",
                    "note": "",
                    "researcher": "",
                    "checked_on": "",
                }
            )
    return rows


def rows_to_csv(
    rows: Iterable[dict[str, Any]], columns: Sequence[str] = TEMPLATE_COLUMNS, *, escape: bool = True
) -> str:
    """CSV text (comma, UTF-8) of ``rows``; ``escape`` defuses cells a spreadsheet would run as formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _csv_safe(row.get(c, "")) if escape else row.get(c, "") for c in columns})
    return buffer.getvalue()


def _csv_safe(value: Any) -> str:
    # A cell starting with = + @ would run as a formula when the CSV is opened in a spreadsheet.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "@") else text


def template_month(data_dir: Path | str | None = None) -> str:
    """The default month of a template: the latest month with parameter rows, else the current one."""
    from normalize.storage import list_months

    months = list_months(resolve_data_dir(data_dir), "parameters")
    if months:
        return months[-1]
    now = datetime.now(UTC)
    return f"{now.year:04d}-{now.month:02d}"


def build_template(
    area_id: str,
    *,
    month: str,
    data_dir: Path | str | None = None,
    research_dir: Path | str | None = None,
    city: City | None = None,
    only_research: bool = False,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
) -> list[dict[str, str]]:
    """Template lines for an area (and one city), from the month's table and the existing entries.

    Entries with problems still count as present (the template must not ask for them twice); fix
    them with ``sci research validate``.
    """
    catalog = catalog or load_catalog()
    catalog.area(area_id)  # KeyError names the known areas
    cities = cities if cities is not None else load_cities()
    found = read_research(research_dir, catalog=catalog, cities=cities)
    parameters = read_parameters(check_month(month), resolve_data_dir(data_dir))
    return template_rows(
        area_id,
        month=month,
        catalog=catalog,
        cities=[city] if city else cities,
        parameters=parameters,
        entries=found.entries,
        only_research=only_research,
    )


# --- importing a filled template into the research dir ----------------------------------------


def import_entries(
    source_file: Path,
    research_dir: Path | str | None = None,
    *,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Append the filled lines of a template (or any entry CSV) to the area files of a research dir.

    All-or-nothing: every line of ``source_file`` and of the existing files is checked (together,
    so a line already in the research dir is a duplicate); on any problem :class:`ResearchError`
    lists them and no file changes. Returns the number of entries added per area file.
    """
    from normalize.storage import atomic_write_text

    catalog = catalog or load_catalog()
    directory = resolve_research_dir(research_dir)
    existing = read_research(directory, catalog=catalog, cities=cities, today=today)
    incoming = read_research(files=[source_file], catalog=catalog, cities=cities, today=today)
    problems = list(existing.problems) + list(incoming.problems)
    seen = {(e.city_ags, e.parameter_id, e.checked_on): e.locator for e in existing.entries}
    for entry in incoming.entries:
        key = (entry.city_ags, entry.parameter_id, entry.checked_on)
        if key in seen:
            problems.append(
                Problem(
                    entry.file,
                    entry.line,
                    f"already in the research dir: {entry.city_ags}, {entry.parameter_id}, checked_on "
                    f"{entry.checked_on.isoformat()} ({seen[key]})",
                )
            )
    if problems:
        raise ResearchError(problems, what=f"import of {display_path(source_file)}")
    raw_rows = {line: row for line, row in read_entry_rows(source_file)[0]}
    by_area: dict[str, list[dict[str, str]]] = {}
    for entry in incoming.entries:
        row = raw_rows[entry.line]
        area_id = catalog.parameter(entry.parameter_id).area_id
        clean = {c: (row.get(c) or "").strip() for c in ENTRY_COLUMNS}
        clean["city_ags"] = entry.city_ags
        clean["checked_on"] = entry.checked_on.isoformat()
        by_area.setdefault(area_id, []).append(clean)
    if not dry_run:
        directory.mkdir(parents=True, exist_ok=True)
        for area_id, rows in sorted(by_area.items()):
            target = directory / f"{area_id}.csv"
            current = target.read_text(encoding="utf-8-sig") if target.exists() else ""
            if current.strip():
                header_line = current.splitlines()[0]
                body = _rows_like(rows, _sniff_delimiter(header_line), header_line)
                atomic_write_text(target, (current if current.endswith("\n") else current + "\n") + body)
            else:
                atomic_write_text(target, rows_to_csv(rows, ENTRY_COLUMNS, escape=False))
    return {f"{a}.csv": len(r) for a, r in sorted(by_area.items())}


def _rows_like(rows: list[dict[str, str]], delimiter: str, header_line: str) -> str:
    # Keep an existing file's delimiter and column order (e.g. one saved by German Excel).
    header = [h.strip() for h in next(csv.reader([header_line], delimiter=delimiter))]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return buffer.getvalue()


def explain(month: str, city_ags: str, parameter_id: str, data_dir: Path | str | None = None):
    """The winning row of (month, city, parameter) and the rows it overrode.

    Implemented in :func:`normalize.provenance.explain` (imported here lazily: provenance reads
    feedback records, and the feedback modules import this one).
    """
    from normalize.provenance import explain as _explain

    return _explain(month, city_ags, parameter_id, data_dir)
