"""Broken source files (issue 10, case 3): through ``run_source``, ``sci source`` and ``sci run``.

A month holds good data of three sources (the real KBA CSV, the Köln extract of the BNetzA register,
a Breitbandatlas Kreis CSV). Then every broken variant is given: truncated XLSX and ZIP, an XLSX bomb
and two ZIP bombs (compression ratio; declared size), a renamed and a missing column, an empty file, an
HTML error page saved as .csv and a UTF-16 file. Each gives a typed error naming the file given and the
problem; the month's parsed tables, parameter and evidence rows and the earlier snapshots stay
byte-identical (the bad file is kept as a new raw snapshot for inspection, nothing else changes). A
cp1252 file where UTF-8 is usual is read correctly instead.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.steps.source import run_source
from sources.bnetza_ladesaeulen import parse as parse_register

MONTH = "2021-12"
KBA = "kba/pkw-bestand-20190101_lhm.csv"
KOELN = "bnetza-ladesaeulen/Ladesaeulenregister_Koeln_extract.csv"
REGISTER = "bnetza-ladesaeulen/Ladesaeulenregister_Stand-2021-11-01.xlsx"
BREITBAND = "breitband/landkreis_privat_2021_1.csv"
runner = CliRunner()


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def good_month(tmp_path_factory, shared_data):
    """A data dir with the month's good data of kba, bnetza_ladesaeulen and breitbandatlas."""
    data = tmp_path_factory.mktemp("sources") / "data"
    for name, rel in (("kba", KBA), ("bnetza_ladesaeulen", KOELN), ("breitbandatlas", BREITBAND)):
        result = run_source(name, month=MONTH, data_dir=data, file=shared_data / rel)
        assert result.ok, result.error
    return data


# --- the broken files ----------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _bomb(name: str, head: bytes, members: dict[str, bytes] | None = None) -> bytes:
    """A ZIP whose member ``name`` inflates 64 MiB of spaces (after ``head``) at level 9 (~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for other, data in (members or {}).items():
            zf.writestr(other, data)
        with zf.open(name, "w", force_zip64=True) as out:
            out.write(head)
            block = b" " * (1 << 20)
            for _ in range(64):
                out.write(block)
    return buffer.getvalue()


def _claims_3_gb(data: bytes) -> bytes:
    """The same ZIP with its central directory claiming 3,000,000,000 uncompressed bytes (a lying header)."""
    at = data.rindex(b"PK\x01\x02")  # the (only) central directory entry
    return data[: at + 24] + struct.pack("<I", 3_000_000_000) + data[at + 28 :]


def _drop_column(text: str, column: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    index = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [c for i, c in enumerate(row) if i != index] for row in rows
    )
    return out.getvalue()


def broken_files(shared_data: Path) -> dict[str, tuple[str, str, bytes]]:
    """case -> (source, file name, bytes)."""
    kba = (shared_data / KBA).read_bytes()
    register = (shared_data / REGISTER).read_bytes()
    breitband = (shared_data / BREITBAND).read_bytes()
    xlsx_parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
    }
    package = _zip({"landkreis_privat_2021_1.csv": breitband})
    return {
        "truncated xlsx": ("bnetza_ladesaeulen", "register.xlsx", register[: len(register) // 2]),
        "truncated zip": ("breitbandatlas", "breitband.zip", package[: len(package) * 2 // 3]),
        "xlsx bomb": ("kba", "fz1.xlsx", _bomb("xl/worksheets/sheet1.xml", b"<worksheet>", xlsx_parts)),
        "zip bomb (ratio)": (
            "breitbandatlas",
            "breitband.zip",
            _bomb("landkreis_privat_2021_1.csv", b'"ags";"x"\n'),
        ),
        "zip bomb (declared size)": ("breitbandatlas", "breitband.zip", _claims_3_gb(package)),
        "renamed column": ("kba", "fz1.csv", kba.replace(b"Elektro", b"Strom", 1)),
        "missing column": ("kba", "fz1.csv", _drop_column(kba.decode("utf-8"), "Elektro").encode("utf-8")),
        "empty file": ("kba", "fz1.csv", b""),
        "html error page as csv": (
            "kba",
            "fz1.csv",
            b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
            b"<body><h1>Wartungsarbeiten</h1></body></html>\n",
        ),
        "utf-16 file": ("kba", "fz1.csv", kba.decode("utf-8").encode("utf-16")),
    }


KBA_EDITION = "derived FZ1 table (KS, Zulassungsbezirk, fuel columns), CSV (utf-8, ',')"
# case -> (error type, the problem as the message states it after the snapshot's path)
EXPECTED = {
    "truncated xlsx": (
        "UnsafeArchive",
        "(edition guessed: XLSX): not a complete XLSX archive (truncated or corrupt: File is not a zip file)",
    ),
    "truncated zip": (
        "UnsafeArchive",
        "(edition guessed: ZIP): not a complete ZIP archive (truncated or corrupt: File is not a zip file)",
    ),
    "xlsx bomb": (
        "UnsafeArchive",
        re.compile(
            r"\(edition guessed: XLSX\): XLSX compression ratio \d{3,}:1 exceeds 100:1: refusing a zip bomb$"
        ),
    ),
    "zip bomb (ratio)": (
        "UnsafeArchive",
        re.compile(
            r"\(edition guessed: ZIP\): ZIP compression ratio \d{3,}:1 exceeds 100:1: refusing a zip bomb$"
        ),
    ),
    "zip bomb (declared size)": (
        "UnsafeArchive",
        "(edition guessed: ZIP): ZIP would expand to 3,000,000,000 bytes (limit 2,147,483,648): refusing a zip bomb",
    ),
    "renamed column": (
        "SourceParseError",
        f"(edition guessed: {KBA_EDITION}): missing column 'Elektro'; header: KS, Zulassungsbezirk, Benzin, "
        "Diesel, Gas, Hybrid, Strom, Sonstige Kraftstoffart, Euro 1, Euro 2, Euro 3, Euro 4, Euro 5, Euro 6, "
        "Sonstige Emissionsgruppe",
    ),
    "missing column": (
        "SourceParseError",
        f"(edition guessed: {KBA_EDITION}): missing column 'Elektro'; header: KS, Zulassungsbezirk, Benzin, "
        "Diesel, Gas, Hybrid, Sonstige Kraftstoffart, Euro 1, Euro 2, Euro 3, Euro 4, Euro 5, Euro 6, "
        "Sonstige Emissionsgruppe",
    ),
    "empty file": ("SourceParseError", "(edition guessed: unknown): the file is empty"),
    "html error page as csv": (
        "SourceParseError",
        "(edition guessed: html): html content where a CSV or XLSX was expected",
    ),
    "utf-16 file": (
        "SourceParseError",
        ": binary or UTF-16 content where a UTF-8/cp1252 text table was expected",
    ),
}


def assert_problem(message: str, problem) -> None:
    if isinstance(problem, re.Pattern):
        assert problem.search(message), message
    else:
        assert message.endswith(problem), message


def assert_only_the_bad_snapshot_was_added(data: Path, before: dict[str, str], source: str, sha: str) -> None:
    after = tree_hashes(data)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    allowed = {f"raw/{source}/latest.json"} | {k for k in after if k.startswith(f"raw/{source}/{sha}.")}
    assert changed <= allowed, sorted(changed - allowed)


@pytest.mark.parametrize("case", list(EXPECTED))
def test_broken_file_gives_a_clear_error_and_changes_nothing(case, good_month, shared_data, tmp_path):
    source, name, content = broken_files(shared_data)[case]
    bad = tmp_path / name
    bad.write_bytes(content)
    before = tree_hashes(good_month)
    result = run_source(source, month=MONTH, data_dir=good_month, file=bad)
    error_type, problem = EXPECTED[case]
    assert (result.status, result.error_type) == ("error", error_type)
    # The message names the file as given, then the snapshot it was kept as, then the problem.
    assert result.error.startswith(f"{bad}: {result.snapshot_path}")
    assert_problem(result.error, problem)
    assert (result.parameter_rows, result.table_path, result.parameters_path) == (0, None, None)
    assert_only_the_bad_snapshot_was_added(good_month, before, source, result.snapshot_sha256)
    # The month's table still names the good snapshot.
    meta = json.loads(
        (good_month / "sources" / source / f"month={MONTH}" / f"{source}.meta.json").read_text()
    )
    assert meta["snapshot_sha256"] != result.snapshot_sha256


@pytest.mark.parametrize(
    "case", ["truncated xlsx", "zip bomb (ratio)", "renamed column", "html error page as csv"]
)
def test_sci_source_prints_the_error_and_exits_1(case, good_month, shared_data, tmp_path, monkeypatch):
    source, name, content = broken_files(shared_data)[case]
    bad = tmp_path / name
    bad.write_bytes(content)
    before = tree_hashes(good_month)
    monkeypatch.setenv("SCI_DATA_DIR", str(good_month))
    result = runner.invoke(app, ["source", source, "--file", str(bad), "--month", MONTH], terminal_width=400)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    error_type, problem = EXPECTED[case]
    assert out.startswith(f"error: {source} {MONTH}: {error_type}: {bad}: ")
    assert out.endswith("; previous data left unchanged")
    assert_problem(out.removesuffix("; previous data left unchanged").rsplit(" (snapshot ", 1)[0], problem)
    changed = {k for k, v in tree_hashes(good_month).items() if before.get(k) != v}
    # The month lock's file only says who held the month last; no data changes but the bad raw file.
    assert all(k.startswith((f"raw/{source}/", "locks/")) for k in changed)


def test_cp1252_file_where_utf8_is_usual_is_read_correctly(shared_data, tmp_path):
    utf8 = (shared_data / KOELN).read_bytes()
    cp1252 = tmp_path / "koeln_cp1252.csv"
    cp1252.write_bytes(utf8.decode("utf-8-sig").encode("cp1252"))
    assert b"K\xf6ln" in cp1252.read_bytes()  # really cp1252 bytes, not UTF-8
    a, b = parse_register(shared_data / KOELN), parse_register(cp1252)
    assert len(a) == len(b) == 292
    assert a[["station_id", "operator", "address", "city"]].equals(
        b[["station_id", "operator", "address", "city"]]
    )
    assert set(b["city"]) >= {"Köln"}
    result = run_source("bnetza_ladesaeulen", month="2022-01", data_dir=tmp_path / "data", file=cp1252)
    assert result.ok and result.rows_parsed == 292


# --- the run record of a monthly run with broken files --------------------------------------------------


@pytest.fixture(scope="module")
def prefect(request):
    """The Prefect test harness (one per test process, shared with tests/flows; stopped at session end)."""
    from tests.flows.harness import start_harness, stop_harness

    start_harness()
    request.session.config.add_cleanup(stop_harness)


def test_sci_run_records_each_broken_source_and_keeps_the_last_good_rows(
    good_month, shared_data, tmp_path, prefect
):
    data = tmp_path / "data"
    shutil.copytree(good_month, data)
    files = broken_files(shared_data)
    kba_file, zip_file = tmp_path / "fz1.csv", tmp_path / "breitband.zip"
    kba_file.write_bytes(files["renamed column"][2])
    zip_file.write_bytes(files["zip bomb (ratio)"][2])
    before = {
        k: v for k, v in tree_hashes(data).items() if k.startswith(("parameters/", "evidence/", "sources/"))
    }
    args = ["--data-dir", str(data), "run", "--month", MONTH, "--offline", "--skip-crawl"]
    args += [
        "--only",
        "kba",
        "--only",
        "breitbandatlas",
        "--file",
        f"kba={kba_file}",
        "--file",
        f"breitbandatlas={zip_file}",
    ]
    previous = os.environ.get("SCI_DATA_DIR")
    try:
        result = runner.invoke(app, args, terminal_width=300)
    finally:
        if previous is None:
            os.environ.pop("SCI_DATA_DIR", None)
        else:
            os.environ["SCI_DATA_DIR"] = previous
    assert result.exit_code == 0, result.output  # not --strict: the run finishes and says what failed
    (record,) = [json.loads(p.read_text()) for p in (data / "runs").glob("*.json")]
    steps = {(s["kind"], s["name"]): s for s in record["steps"]}
    kba, breitband = steps[("source", "kba")], steps[("source", "breitbandatlas")]
    assert (kba["status"], breitband["status"]) == ("failed", "failed")
    assert kba["error"].startswith(f"SourceParseError: {kba_file}: ")
    assert_problem(kba["error"], EXPECTED["renamed column"][1])
    assert breitband["error"].startswith(f"UnsafeArchive: {zip_file}: ")
    assert_problem(breitband["error"], EXPECTED["zip bomb (ratio)"][1])
    assert record["status"] == "partial"
    # The scores were computed from the last good rows, which are byte-identical.
    assert steps[("score", "index")]["status"] == "ok"
    after = {
        k: v for k, v in tree_hashes(data).items() if k.startswith(("parameters/", "evidence/", "sources/"))
    }
    assert after == before
