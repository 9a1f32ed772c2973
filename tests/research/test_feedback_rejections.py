"""A returned workbook with any problem is rejected whole, listing every problem; nothing is stored."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from normalize.feedback import WorkbookRejected
from normalize.feedback_store import feedback_dir, import_workbook, records_path
from tests.research.conftest import DMS, EAKTE, HAMBURG, KOELN, city_edits, row_of

runner = CliRunner()
INFO = "verwaltung.website.informationsgehalt"
LAST = "gesellschaft.pilotprojekte.pilotprojekte"


def rejected(path, data_dir, cities, **kwargs) -> list[str]:
    with pytest.raises(WorkbookRejected) as exc:
        import_workbook(path, data_dir, imported_by="Ana", cities=cities, **kwargs)
    assert not records_path(data_dir).exists()
    assert not (feedback_dir(data_dir) / "workbooks").exists()
    return [str(p) for p in exc.value.problems]


def edited(hamburg_workbook, tmp_path, edits=None, mutate=None):
    return city_edits(hamburg_workbook, tmp_path / "returned.xlsx", edits or {}, mutate=mutate)


def sheet_set(sheet, cell, value, data_type=None):
    def mutate(wb):
        wb[sheet][cell] = value
        if data_type:
            wb[sheet][cell].data_type = data_type

    return mutate


def test_formula_in_a_value_cell(collected, hamburg_workbook, tmp_path, cities):
    path = edited(
        hamburg_workbook, tmp_path, {EAKTE: ("ja", "ok", None)}, sheet_set("Rückmeldung", "L4", "=1+0")
    )
    assert rejected(path, collected, cities) == [
        f"{path}:4: column 'Vorgeschlagener Wert' holds a formula; type the value itself"
    ]


def test_text_that_looks_like_a_formula(collected, hamburg_workbook, tmp_path, cities):
    path = edited(hamburg_workbook, tmp_path, mutate=sheet_set("Rückmeldung", "L4", "=1", "s"))
    assert rejected(path, collected, cities) == [
        f"{path}:4: proposed value '=1' looks like a formula; type the value itself"
    ]


def test_formula_in_comment_cell(collected, hamburg_workbook, tmp_path, cities):
    path = edited(hamburg_workbook, tmp_path, mutate=sheet_set("Rückmeldung", "M5", '=HYPERLINK("http://x")'))
    assert rejected(path, collected, cities) == [
        f"{path}:5: column 'Kommentar' holds a formula; type the value itself"
    ]


def test_values_outside_kind_and_levels_all_reported(collected, hamburg_workbook, tmp_path, cities):
    path = edited(
        hamburg_workbook,
        tmp_path,
        {INFO: ("5", "sehr gut", None), DMS: ("vielleicht", None, None), EAKTE: ("ja", "fine", None)},
    )
    from openpyxl import load_workbook

    info_row = row_of(load_workbook(path)["Rückmeldung"], INFO)
    assert rejected(path, collected, cities) == [
        f"{path}:4: proposed value for {DMS}: 'vielleicht' is not a boolean (use ja/nein, 1/0, true/false, yes/no)",
        f"{path}:{info_row}: proposed value for {INFO}: '5' is outside the levels 0..3",
    ]


def test_unknown_parameter_id(collected, hamburg_workbook, tmp_path, cities):
    path = edited(
        hamburg_workbook, tmp_path, mutate=sheet_set("Rückmeldung", "A4", "verwaltung.interne_prozesse.nope")
    )
    assert rejected(path, collected, cities) == [
        f"{path}:4: unknown parameter id 'verwaltung.interne_prozesse.nope' (exported: {DMS})"
    ]


def test_swapped_ids(collected, hamburg_workbook, tmp_path, cities):
    def swap(wb):
        ws = wb["Rückmeldung"]
        ws["A4"], ws["A5"] = EAKTE, DMS

    path = edited(hamburg_workbook, tmp_path, mutate=swap)
    assert rejected(path, collected, cities) == [
        f"{path}:4: parameter id changed from {DMS} to {EAKTE}",
        f"{path}:5: parameter id changed from {EAKTE} to {DMS}",
    ]


def test_locked_value_changed(collected, hamburg_workbook, tmp_path, cities):
    path = edited(hamburg_workbook, tmp_path, mutate=sheet_set("Rückmeldung", "G4", "ja"))
    assert rejected(path, collected, cities) == [
        f"{path}:4: collected value of {DMS} was changed (locked column)"
    ]


def test_wrong_city(collected, hamburg_workbook, tmp_path, cities):
    path = edited(hamburg_workbook, tmp_path, {DMS: ("ja", None, None)})
    assert rejected(path, collected, cities, expected_city=KOELN) == [
        f"{path}: wrong city: the workbook is for Hamburg ({HAMBURG}), expected Köln ({KOELN})"
    ]


def test_tampered_metadata(collected, hamburg_workbook, tmp_path, cities):
    # Someone re-labels Hamburg's workbook as Köln's: the checksum no longer matches.
    path = edited(hamburg_workbook, tmp_path, {DMS: ("ja", None, None)}, sheet_set("_sci_meta", "B4", KOELN))
    assert rejected(path, collected, cities) == [
        f"{path}: metadata sheet was changed (checksum mismatch): the workbook's identity or exported rows no "
        "longer match what was exported; export a fresh workbook"
    ]


def test_tampered_metadata_with_a_recomputed_checksum(collected, hamburg_workbook, tmp_path, cities):
    """A consistent forgery of the metadata still differs from this data dir's export record."""
    from openpyxl import load_workbook

    from normalize.feedback_workbook import _read_meta

    def forge(wb):
        ws = wb["_sci_meta"]
        meta, _ = _read_meta(ws, "x")
        meta.city_ags, meta.city_name = KOELN, "Köln"
        ws["B4"], ws["B5"] = KOELN, "Köln"
        ws["B9"] = meta.compute_checksum()

    path = edited(hamburg_workbook, tmp_path, mutate=forge)
    assert load_workbook(path)["_sci_meta"]["A9"].value == "checksum"
    workbook_id = load_workbook(path)["_sci_meta"]["B3"].value
    assert workbook_id.startswith("wb-")
    assert rejected(path, collected, cities) == [
        f"{path}: metadata sheet does not match the export record of workbook {workbook_id}"
    ]


def test_not_an_xlsx(collected, tmp_path, cities):
    path = tmp_path / "returned.xlsx"
    path.write_text("city_ags,parameter_id\n02000000,x\n", encoding="utf-8")
    assert rejected(path, collected, cities) == [
        f"{path}: not an xlsx workbook (not a ZIP/Office Open XML file)"
    ]
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    assert rejected(old, collected, cities) == [
        f"{old}: an old binary Excel (.xls) file; save it as .xlsx and send it again"
    ]
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert rejected(empty, collected, cities) == [f"{empty}: the file is empty, not an xlsx workbook"]


def test_truncated_xlsx(collected, hamburg_workbook, tmp_path, cities):
    path = edited(hamburg_workbook, tmp_path, {DMS: ("ja", None, None)})
    body = path.read_bytes()
    path.write_bytes(body[: len(body) // 2])
    assert rejected(path, collected, cities) == [
        f"{path}: truncated or damaged xlsx workbook (its ZIP directory is missing)"
    ]


def test_damaged_part(collected, hamburg_workbook, tmp_path, cities):
    """Bytes flipped inside a compressed part: the ZIP directory is intact, the data is not."""
    import zipfile

    path = edited(hamburg_workbook, tmp_path, {DMS: ("ja", None, None)})
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    body = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
    body[start : start + 20] = b"\x00" * 20
    path.write_bytes(bytes(body))
    problems = rejected(path, collected, cities)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{path}: truncated or damaged xlsx workbook (error: Error -3 while decompressing"
    )


def test_deleted_and_added_lines(collected, hamburg_workbook, tmp_path, cities):
    def delete_and_append(wb):
        ws = wb["Rückmeldung"]
        ws.delete_rows(109)  # the last parameter
        ws["A120"] = "noch etwas"

    path = edited(hamburg_workbook, tmp_path, mutate=delete_and_append)
    assert rejected(path, collected, cities) == [
        f"{path}:109: line of {LAST} was deleted",
        f"{path}:120: line added below or inside the exported table",
    ]


def test_header_renamed_and_sheet_missing(collected, hamburg_workbook, tmp_path, cities):
    path = edited(hamburg_workbook, tmp_path, mutate=sheet_set("Rückmeldung", "L3", "Neuer Wert"))
    assert rejected(path, collected, cities) == [
        f"{path}:3: header of column L is 'Neuer Wert', expected 'Vorgeschlagener Wert' "
        "(columns must not be inserted, deleted or renamed)"
    ]

    def drop_meta(wb):
        del wb["_sci_meta"]

    path = edited(hamburg_workbook, tmp_path, mutate=drop_meta)
    assert rejected(path, collected, cities) == [
        f"{path}: sheet(s) _sci_meta missing; is this a feedback workbook?"
    ]


def test_cli_rejection_lists_problems(collected, hamburg_workbook, tmp_path, cities_path):
    path = edited(
        hamburg_workbook,
        tmp_path,
        {DMS: ("ja", "gut", None), EAKTE: ("2", None, None)},
        sheet_set("Rückmeldung", "L6", "=A1"),
    )
    result = runner.invoke(
        app, ["feedback", "import", str(path), "--by", "Ana", "--cities", str(cities_path)]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"error: workbook {path} rejected, nothing was imported (2 problem(s)):",
        f"- {path}:5: proposed value for {EAKTE}: '2' is not a boolean (use ja/nein, 1/0, true/false, yes/no)",
        f"- {path}:6: column 'Vorgeschlagener Wert' holds a formula; type the value itself",
    ]
    assert not records_path(collected).exists()


def test_xml_entity_bomb(collected, hamburg_workbook, tmp_path, cities):
    """Entity expansion in a returned workbook is refused by defusedxml (openpyxl uses it when installed)."""
    import zipfile

    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    src = edited(hamburg_workbook, tmp_path, {DMS: ("ja", "Wir haben ein DMS", None)})
    path = tmp_path / "bomb.xlsx"
    dtd = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = dtd + data.replace(b"<t>Wir haben", b"<t>&b;Wir haben", 1)
            zout.writestr(item, data)
    assert rejected(path, collected, cities) == [
        f"{path}: cannot open the xlsx workbook (EntitiesForbidden: EntitiesForbidden(name='a', system_id=None, "
        "public_id=None))"
    ]
