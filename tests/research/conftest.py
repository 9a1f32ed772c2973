"""Fixtures for research entries and the feedback round: a 3-city registry, entry dirs, stored rows.

Every value here is invented for the tests and lives only in tmp dirs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from normalize.cities import load_cities
from normalize.evidence import make_evidence_id
from normalize.storage import write_evidence, write_parameters
from normalize.table import parameter_row

MONTH = "2021-06"
HAMBURG, KOELN, KIEL = "02000000", "05315000", "01002000"
DMS = "verwaltung.interne_prozesse.dms"
EAKTE = "verwaltung.interne_prozesse.eakte"
HEADER = "city_ags,parameter_id,value,evidence_url,note,researcher,checked_on\n"

CITIES_CSV = """ags,name,state,population,population_date,website,boundary_vintage
01002000,Kiel,Schleswig-Holstein,246794,2019-12-31,https://www.kiel.de,2021-01-01
02000000,Hamburg,Hamburg,1847253,2019-12-31,https://www.hamburg.de,2021-01-01
05315000,Köln,Nordrhein-Westfalen,1087863,2019-12-31,https://www.stadt-koeln.de,2021-01-01
"""


@pytest.fixture()
def cities_path(tmp_path: Path) -> Path:
    path = tmp_path / "cities.csv"
    path.write_text(CITIES_CSV, encoding="utf-8")
    return path


@pytest.fixture()
def cities(cities_path: Path):
    return load_cities(cities_path)


@pytest.fixture()
def research_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty research dir with the five area files (headers only), exported as SCI_RESEARCH_DIR."""
    path = tmp_path / "research"
    path.mkdir()
    for area in ("verwaltung", "it_kommunikation", "energie_umwelt", "mobilitaet", "gesellschaft"):
        (path / f"{area}.csv").write_text(HEADER, encoding="utf-8")
    monkeypatch.setenv("SCI_RESEARCH_DIR", str(path))
    return path


def collected_row(
    ags: str, pid: str, value, status: str, *, source: str = "city_sites", method: str = "crawl"
):
    ev = make_evidence_id(source, MONTH, ags, pid)
    row = parameter_row(
        month=MONTH,
        city_ags=ags,
        parameter_id=pid,
        value=value,
        status=status,
        method=method,
        source=source,
        evidence=[ev],
        collected_at=pd.Timestamp("2021-06-02T03:00:00", tz="UTC"),
    )
    record = {
        "evidence_id": ev,
        "month": MONTH,
        "city_ags": ags,
        "parameter_id": pid,
        "value": value,
        "status": status,
        "url": f"https://www.example-{ags}.de/verwaltung",
        "snippet": f"text found for {pid}",
        "rule_id": "test-rule",
        "source": source,
        "method": method,
        "items": [],
    }
    return row, record


def store_collected(data_dir: Path, specs, *, source: str = "city_sites", method: str = "crawl") -> None:
    """Write (ags, parameter_id, value, status) rows as one collected source with evidence."""
    pairs = [collected_row(a, p, v, s, source=source, method=method) for a, p, v, s in specs]
    write_evidence(pd.DataFrame([r for _, r in pairs]), source=source, month=MONTH, data_dir=data_dir)
    write_parameters(pd.DataFrame([p for p, _ in pairs]), source=source, month=MONTH, data_dir=data_dir)


@pytest.fixture()
def collected(data_dir: Path) -> Path:
    """Hamburg: no DMS, no eAkte; Köln: DMS, no eAkte (crawl), plus a not_checkable row for Kiel."""
    store_collected(
        data_dir,
        [
            (HAMBURG, DMS, 0, "absent"),
            (HAMBURG, EAKTE, 0, "absent"),
            (KOELN, DMS, 1, "present"),
            (KOELN, EAKTE, 0, "absent"),
            (KIEL, DMS, None, "not_checkable"),
        ],
    )
    return data_dir


# --- feedback workbooks -------------------------------------------------------------------------


def row_of(ws, parameter_id: str) -> int:
    """The sheet row of a parameter in a feedback workbook's data sheet."""
    for row in range(4, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == parameter_id:
            return row
    raise KeyError(parameter_id)


def city_edits(src: Path, dst: Path, edits: dict, *, mutate=None) -> Path:
    """Fill a workbook as city staff would: proposed value, comment, contact per parameter id."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb["Rückmeldung"]
    for pid, (proposed, comment, contact) in edits.items():
        row = row_of(ws, pid)
        ws.cell(row=row, column=12, value=proposed)
        ws.cell(row=row, column=13, value=comment)
        ws.cell(row=row, column=14, value=contact)
    if mutate is not None:
        mutate(wb)
    wb.save(dst)
    return dst


@pytest.fixture()
def hamburg_workbook(collected: Path, cities, tmp_path: Path) -> Path:
    """Hamburg's workbook for MONTH, exported from the collected rows."""
    from normalize.feedback_store import export_workbook

    hamburg = next(c for c in cities if c.ags == HAMBURG)
    out = tmp_path / "hamburg.xlsx"
    export_workbook(hamburg, MONTH, out, collected)
    return out
