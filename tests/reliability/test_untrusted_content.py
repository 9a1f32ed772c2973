"""Untrusted content all the way (issue 10, case 5): crawl -> evidence -> report, ``sci evidence``, workbook.

Giftstadt's payment page says, in its visible text, ``<script>alert("xss")</script>``, rich markup
``[bold red]FAKE[/bold red]``, a terminal title escape ``ESC ]0;pwned BEL`` and a screen clear, an
``<img onerror>``, and starts with a BEL followed by an Excel formula; it links ``javascript:``, and the
homepage reaches it by a URL whose query is ``"><script>alert(1)</script>``. tests/report and
tests/research check the escaping rules on hand-made rows; here the text comes from a real crawl.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser

from openpyxl import load_workbook
from typer.testing import CliRunner

from crawlers.detectors.base import Page
from flows.cli import app
from flows.report import build_report
from normalize.evidence import clip_snippet
from normalize.feedback import WorkbookRejected
from normalize.feedback_store import check_workbook, export_workbook, import_workbook, records_path
from tests.reliability import rel_detectors
from tests.reliability.world import HOSTILE_QUERY, HOSTILE_SNIPPET_PARTS, MONTH

EPAY = "verwaltung.payment.epayment"
runner = CliRunner()


def giftstadt_evidence(hostile):
    rows = hostile.rows("Giftstadt")
    (ev_id,) = rows.loc[EPAY, "evidence"]
    return hostile.evidence().loc[ev_id]


def expected_snippet(hostile) -> str:
    """What the detectors see on the page as served (the same rule applied to the served bytes)."""
    body = hostile.world["Giftstadt"].server.routes["/bezahlen/"].body.decode("utf-8")
    (det,) = rel_detectors.detect(Page(url="x", html=body))
    return clip_snippet(det.snippet)


def test_crawled_text_and_url_reach_the_evidence_verbatim(hostile):
    ev = giftstadt_evidence(hostile)
    snippet = expected_snippet(hostile)
    assert ev["snippet"] == snippet
    for part in HOSTILE_SNIPPET_PARTS[:4]:
        assert part.strip("\x07") in snippet  # the hostile parts are really in there
    assert snippet.startswith("\x07=HYPERLINK(")
    assert ev["url"] == hostile.world["Giftstadt"].server.url(f"/bezahlen/?q={HOSTILE_QUERY}")
    # The javascript: link on the page was never followed nor recorded anywhere.
    assert not [r for r in hostile.records("Giftstadt") if "javascript" in json.dumps(r).lower()]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_report_shows_crawled_text_as_text_and_links_only_http(hostile, tmp_path):
    cities = [c.city() for c in hostile.world.cities.values()]
    result = build_report(month=MONTH, out_dir=tmp_path / "report", data_dir=hostile.data_dir, cities=cities)
    ags = hostile.world["Giftstadt"].ags
    page = (result.out_dir / "cities" / f"{ags}.html").read_text(encoding="utf-8")
    parsed = Elements()
    parsed.feed(page)
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "img", "iframe", "object", "embed"}
    for _tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")]
        href = attrs.get("href")
        assert href is None or href.startswith(("http://", "https://", "../", "#")) or href.endswith(".html")
    # The snippet is on the page as text, exactly, minus the control characters.
    visible = "".join(parsed.text)
    shown = expected_snippet(hostile).replace("\x07", "").replace("\x1b", "")
    assert shown in visible
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x07" not in page
    # The page the snippet is from is linked by the URL the crawler fetched (percent-encoded by it);
    # the "><script> of the link as written never reaches the page unescaped.
    ev = giftstadt_evidence(hostile)
    assert ev["final_url"] == hostile.world["Giftstadt"].server.url(
        "/bezahlen/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    )
    assert ev["final_url"] in [attrs.get("href") for tag, attrs in parsed.tags if tag == "a"]
    assert HOSTILE_QUERY not in page
    assert 'href="javascript' not in page.lower()
    for other in result.out_dir.rglob("*.html"):
        assert "<script" not in other.read_text(encoding="utf-8").lower()


def test_sci_evidence_prints_crawled_text_inert(hostile, monkeypatch):
    monkeypatch.setenv("SCI_DATA_DIR", str(hostile.data_dir))
    ags = hostile.world["Giftstadt"].ags
    result = runner.invoke(
        app, ["evidence", ags, "--month", MONTH, "--area", "verwaltung"], terminal_width=400
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    flat = " ".join(out.split())
    # Markup and escapes are printed as the characters they are: not interpreted, not executed.
    assert '\\x07=HYPERLINK("http://evil.example/";"Klick") Gebühren online bezahlen mit ePayBL' in flat
    assert '<script>alert("xss")</script> [bold red]FAKE[/bold red] \\x1b]0;pwned\\x07\\x1b[2J' in flat
    data = json.loads(
        runner.invoke(app, ["evidence", ags, "--month", MONTH, "--area", "verwaltung", "--json"]).stdout
    )
    (epay,) = [p for p in data["parameters"] if p["parameter_id"] == EPAY]
    (ev,) = epay["evidence"]
    assert ev["snippet"] == expected_snippet(hostile)  # JSON keeps the text exactly (escaped by JSON)
    assert ev["url"] == hostile.world["Giftstadt"].server.url(f"/bezahlen/?q={HOSTILE_QUERY}")
    assert ev["link"] == ev["final_url"] == giftstadt_evidence(hostile)["final_url"]


def test_feedback_workbook_keeps_crawled_formulas_as_text_and_refuses_returned_ones(hostile, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(hostile.data_dir, data)
    giftstadt = hostile.world["Giftstadt"].city()
    out = tmp_path / "giftstadt.xlsx"
    export_workbook(giftstadt, MONTH, out, data)
    ws = load_workbook(out)["Rückmeldung"]
    (row,) = [r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value == EPAY]
    snippet = ws.cell(row=row, column=11)
    assert snippet.data_type == "s" and snippet.value.startswith('=HYPERLINK("http://evil.example/";"Klick")')
    assert check_workbook(out, data, cities=[giftstadt])[1] == []
    # Returned with formulas typed into the value and contact cells: rejected whole, nothing stored.
    wb = load_workbook(out)
    ws = wb["Rückmeldung"]
    ws.cell(row=row, column=12, value="=cmd|' /C calc'!A0")
    ws.cell(row=row, column=14, value='=HYPERLINK("http://evil.example/","Kontakt")')
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    try:
        import_workbook(returned, data, imported_by="Ana", cities=[giftstadt])
    except WorkbookRejected as exc:
        problems = [str(p) for p in exc.problems]
    else:
        raise AssertionError("a workbook with formulas was imported")
    assert problems == [
        f"{returned}:{row}: column 'Vorgeschlagener Wert' holds a formula; type the value itself",
        f"{returned}:{row}: column 'Kontakt (Name, E-Mail)' holds a formula; type the value itself",
    ]
    assert not records_path(data).exists()
