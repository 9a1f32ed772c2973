"""``sci detect FILE... [--url URL] [--json] [--date YYYY-MM[-DD]]``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app
from tests.detectors.conftest import FIXTURES

runner = CliRunner()
TERMIN_KFZ = "verwaltung.online_terminvergabe.kfz_zulassung"


def flat(output: str) -> str:
    """Console output without line wrapping and table borders (the test console is narrow)."""
    return "".join(ch for ch in output if not ch.isspace() and ch not in "│┃")


def test_json_one_line_per_file_and_errors_for_unreadable_files(tmp_path):
    text = tmp_path / "seite.txt"
    text.write_text("Termine für die Zulassungsstelle buchen Sie bequem online.", encoding="utf-8")
    html = FIXTURES / "vendors" / "booking_tevis.html"
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    missing = tmp_path / "fehlt.html"
    result = runner.invoke(app, ["detect", str(text), str(missing), str(html), str(binary), "--json"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(text), str(html)]
    kfz = lines[0]["result"][TERMIN_KFZ]
    assert kfz == {
        "value": 1.0,
        "status": "present",
        "evidence": [
            {
                "rule": "kw.termin.offer",
                "snippet": "Termine für die Zulassungsstelle buchen Sie bequem online.",
            }
        ],
    }
    assert lines[1]["result"]["verwaltung.online_terminvergabe.buergeramt"]["status"] == "present"
    assert str(missing) in result.stderr and "cannot read" in result.stderr
    assert str(binary) in result.stderr and "binary" in result.stderr


def test_url_option_enables_url_signatures_and_the_headline_slug(tmp_path):
    page = tmp_path / "artikel.txt"
    page.write_text("Das Prinzip ist einfach: Man leiht ein Rad und fährt los.", encoding="utf-8")
    plain = runner.invoke(app, ["detect", str(page), "--json"])
    assert json.loads(plain.stdout)["result"] == {}
    slug = "https://www.zeitung.de/lokales/bike-sharing-in-musterstadt-start-ist-fuer-2031-geplant"
    with_url = runner.invoke(app, ["detect", str(page), "--json", "--url", slug])
    assert json.loads(with_url.stdout)["result"]["mobilitaet.sharing.bikesharing"]["status"] == "absent"


def test_date_option_reads_undated_pages_as_of_that_day(tmp_path):
    page = tmp_path / "news.txt"
    page.write_text(
        "Ab 1. März 2021 können Eltern ihr Kind online für einen Kita-Platz vormerken.", encoding="utf-8"
    )
    kita = "verwaltung.online_dienstleistungen.kita_anmeldung"
    undated = json.loads(runner.invoke(app, ["detect", str(page), "--json"]).stdout)["result"][kita]
    assert undated["status"] == "absent"
    later = json.loads(runner.invoke(app, ["detect", str(page), "--json", "--date", "2024-05"]).stdout)[
        "result"
    ][kita]
    assert later["status"] == "present"
    bad = runner.invoke(app, ["detect", str(page), "--date", "März"])
    assert bad.exit_code != 0


def test_human_table_escapes_page_text(tmp_path, monkeypatch):
    from flows.console import console

    monkeypatch.setattr(console, "width", 400)  # one table row per line
    page = tmp_path / "seite.html"
    page.write_text(
        "<html><body><main><p>[bold red]Mängelmelder[/] der Stadt: melden Sie Schäden online per App.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["detect", str(page)])
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "[boldred]Mängelmelder[/]" in out
    assert "verwaltung.bevoelkerungsanliegen.maengelmelder" in out
    assert "1page(s)read,0failed" in out


def test_page_without_findings_says_so(tmp_path):
    page = tmp_path / "leer.txt"
    page.write_text("Öffnungszeiten des Rathauses: montags bis freitags.", encoding="utf-8")
    result = runner.invoke(app, ["detect", str(page)])
    assert result.exit_code == 0
    assert "noparameterdetected" in flat(result.stdout)


def test_cp1252_and_bom_files_are_read(tmp_path):
    page = tmp_path / "alt.txt"
    page.write_bytes("\ufeffDas Bürgerbüro bietet die Online-Terminvergabe an.".encode("utf-8"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Das Bürgerbüro bietet die Online-Terminvergabe an.".encode("cp1252"))
    result = runner.invoke(app, ["detect", str(page), str(legacy), "--json"])
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert json.loads(line)["result"]["verwaltung.online_terminvergabe.buergeramt"]["status"] == "present"
