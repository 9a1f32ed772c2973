"""The static HTML report: escaping, links, CSP, rankings, maps, charts, atomic writes."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import flows.report as report_module
from flows.cli import app
from flows.report import ReportError, build_report
from flows.report.html import Href, Markup, el, external_href, link, local_href, text
from flows.report.pages import trend_cell
from normalize.catalog import load_catalog
from normalize.storage import atomic_write_parquet, scores_path
from tests.report.conftest import HH, HOSTILE_SNIPPET, KI, A, B, K

runner = CliRunner()
ESCAPED_SNIPPET = (
    "Jetzt online zahlen &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; mehr"
)


class TagCollector(HTMLParser):
    """Every start tag with its attributes, and the text of <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def collect(path: Path) -> TagCollector:
    parser = TagCollector()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- the builder primitives ----------------------------------------------------------------------------


def test_text_and_attributes_are_escaped():
    assert text("<script>alert(\"x\")</script> & 'q'") == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;"
    )
    assert text("a\x00b\x1bc\u0085d\n") == "abcd\n"
    assert el("p", "<b>", title='"><img src=x onerror=alert(1)>') == (
        '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;b&gt;</p>'
    )
    assert el("div", Markup("<i>ok</i>"), None, ["a", "<"]) == "<div><i>ok</i>a&lt;</div>"


def test_builder_refuses_scripts_handlers_styles_and_unchecked_urls():
    with pytest.raises(ValueError):
        el("script", "alert(1)")
    with pytest.raises(ValueError):
        el("p", "x", onclick="alert(1)")
    with pytest.raises(ValueError):
        el("p", "x", style="color:red")
    with pytest.raises(TypeError):
        el("a", "x", href="javascript:alert(1)")
    with pytest.raises(ValueError):
        local_href("javascript:alert(1)")
    assert local_href("../index.html") == "../index.html"
    assert local_href("cities/05315000.html#area-verwaltung") == "cities/05315000.html#area-verwaltung"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "/relative",
        "//host/x",
        "https:///nohost",
        "https://exa mple.org",
        None,
        "",
    ],
)
def test_only_http_urls_become_links(url):
    assert external_href(url) is None
    html = link("label", url)
    assert "<a" not in html and "href" not in html


def test_http_urls_become_escaped_links():
    assert isinstance(external_href("https://example.org/"), Href)
    assert link("Ä <x>", 'https://example.org/?q="><script>') == (
        '<a href="https://example.org/?q=&quot;&gt;&lt;script&gt;" rel="noopener noreferrer nofollow">'
        "Ä &lt;x&gt;</a>"
    )


def test_trend_cells():
    assert trend_cell(3, 5, 2) == '<span class="up" title="rank 5 → 2">▲ 3</span>'
    assert trend_cell(-1, 1, 2) == '<span class="down" title="rank 1 → 2">▼ 1</span>'
    assert trend_cell(0, 4, 4) == '<span class="same" title="rank 4 → 4">= 0</span>'
    assert trend_cell(None, None, 4) == '<span class="new" title="no rank in the previous month">new</span>'


# --- the built site ---------------------------------------------------------------------------------------


def test_report_layout_and_default_out_dir(world, data_dir):
    result = build_report(data_dir=data_dir)
    out = data_dir / "report" / "month=2024-05"
    assert result.out_dir == out and result.month == B
    assert result.cities == [KI, HH, K] and (result.maps, result.charts) == (2, 3)
    assert sorted(p.name for p in out.iterdir()) == [".sci-report.json", "cities", "index.html"]
    assert sorted(p.name for p in (out / "cities").iterdir()) == [f"{KI}.html", f"{HH}.html", f"{K}.html"]
    assert [p.name for p in (data_dir / "report").iterdir()] == ["month=2024-05"]  # no temp dirs left


def test_every_page_is_self_contained_and_safe(world, data_dir):
    out = build_report(data_dir=data_dir).out_dir
    pages = [out / "index.html", *sorted((out / "cities").glob("*.html"))]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parsed = collect(page)
        names = [t for t, _ in parsed.tags]
        assert "script" not in names and "img" not in names and "iframe" not in names and "link" not in names
        for tag, attrs in parsed.tags:
            assert not any(a.startswith("on") for a in attrs), (page, tag, attrs)
            assert "style" not in attrs
            if "href" in attrs:
                href = attrs["href"]
                assert re.match(r"^(https?://|#|\.\./index\.html$|cities/\d{8}\.html$|\d{8}\.html$)", href), (
                    href
                )
            assert "src" not in attrs
        [csp] = [
            a["content"]
            for t, a in parsed.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        style_hash = base64.b64encode(hashlib.sha256(parsed.style.encode("utf-8")).digest()).decode()
        assert csp == (
            f"default-src 'none'; style-src 'sha256-{style_hash}'; img-src data:; base-uri 'none'; form-action 'none'"
        )
        assert "http://" not in html.split("<body>")[0].replace("http://www.w3.org/2000/svg", "")
        assert "<script" not in html and "<img" not in html


def test_hostile_evidence_is_shown_as_text(world, data_dir):
    out = build_report(data_dir=data_dir).out_dir
    html = (out / "cities" / f"{K}.html").read_text(encoding="utf-8")
    assert f'<blockquote class="snippet">{ESCAPED_SNIPPET}</blockquote>' in html
    assert HOSTILE_SNIPPET not in html
    # The javascript: evidence URL is text, not a link.
    assert '<span class="unlinked" title="javascript:alert(3)">javascript:alert(3)</span>' in html
    assert 'href="javascript' not in html.lower()
    assert "raw: &lt;b&gt;ePayBL&lt;/b&gt;" in html
    # A hostile station operator in the map tooltip is escaped too.
    assert "<title>k-swapped · &lt;b&gt;Evil&lt;/b&gt;</title>" in html


def test_overview_rankings(world, data_dir):
    out = build_report(data_dir=data_dir).out_dir
    html = (out / "index.html").read_text(encoding="utf-8")
    scores = pd.read_parquet(scores_path(data_dir, B))
    overall = scores[scores["level"] == "overall"].set_index("city_ags")
    table = html.split('id="ranking-overall"')[1].split("</table>")[0]
    rows = re.findall(r'<tr data-ags="(\d{8})">(.*?)</tr>', table)
    assert [ags for ags, _ in rows] == [HH, K, KI]
    cells = {ags: re.findall(r"<td[^>]*>(.*?)</td>", body) for ags, body in rows}
    hamburg = cells[HH]
    assert hamburg[0] == "1"
    assert hamburg[1] == '<span class="up" title="rank 3 → 1">▲ 2</span>'
    assert hamburg[2] == '<a href="cities/02000000.html" class="city-link">Hamburg</a>'
    assert hamburg[3] == f"{overall.loc[HH, 'score']:.1f}" == "13.0"
    assert hamburg[4] == "49.3"  # Verwaltung: 100 * 412 / (8 * 100 + 35)
    assert hamburg[9] == "6 %"  # coverage 6 of 106
    assert cells[K][1] == '<span class="down" title="rank 1 → 2">▼ 1</span>'
    assert cells[KI][:2] == ["3", '<span class="down" title="rank 2 → 3">▼ 1</span>']
    for area in load_catalog().areas:
        assert f'id="ranking-{area.id}"' in html
    energy = html.split('id="ranking-energie_umwelt"')[1].split("</table>")[0]
    assert re.findall(r'<tr data-ags="(\d{8})">', energy) == [HH, K, KI]
    assert '<td class="num">15.9</td>' in energy  # 100 / (6 * 100 + 30) * 100


def test_city_page_content(world, data_dir):
    out = build_report(data_dir=data_dir).out_dir
    html = (out / "cities" / f"{HH}.html").read_text(encoding="utf-8")
    assert "<h1>Hamburg</h1>" in html
    assert '<a href="../index.html" id="back-to-overview">← Overview</a>' in html
    assert '<div class="big">1 of 3</div>' in html
    assert "6 of 106 known · 100 missing · 0 not checkable" in html
    # Every parameter of the catalog is listed, each with its state.
    states = re.findall(r'<tr id="p-[^"]+" data-state="([a-z_]+)">', html)
    assert len(states) == 106 and states.count("known") == 6 and states.count("missing") == 100
    assert "overrides: crawl (crawl): value 2" in html
    assert "bonus 12" in html and "1.00 × 1 = 1.00" in html
    assert '<a href="https://www.hamburg.de/eakte" rel="noopener noreferrer nofollow">' in html
    assert "LoRaWAN gateways: 2 (as of 2024-04)" in html and "Charging stations: 1" in html
    map_svg = html.split('class="map"')[1].split("</svg>")[0]
    assert len(re.findall(r"<circle ", map_svg)) == 3
    chart = html.split('class="chart"')[1].split("</svg>")[0]
    assert chart.count("<polyline") == 6  # overall and five areas over two months
    kiel = (out / "cities" / f"{KI}.html").read_text(encoding="utf-8")
    assert 'class="map"' not in kiel
    assert "No boundary: the boundaries of 2024-04 have no polygon for AGS 01002000." in kiel
    assert 'data-state="not_checkable"' in kiel and "NOT CHECKABLE" in kiel


def test_koeln_map_projects_the_swapped_station_back(world, data_dir):
    out = build_report(data_dir=data_dir).out_dir
    html = (out / "cities" / f"{K}.html").read_text(encoding="utf-8")
    map_svg = html.split('class="map"')[1].split("</svg>")[0]
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="3"><title>([^<]*)</title>', map_svg)
    # Boundary 350000..360000 x 5640000..5650000 m in 560 x 420 px: scale 0.0396, offsets 82 and 12.
    assert circles == [
        ("121.6", "368.4", "k-0 · RheinEnergie"),
        ("438.4", "51.6", "k-1 · RheinEnergie"),
        ("161.2", "91.2", "k-2 · RheinEnergie"),
        ("359.2", "328.8", "k-swapped · &lt;b&gt;Evil&lt;/b&gt;"),
    ]


def test_missing_and_broken_geo_and_scores(world, data_dir):
    for path in (data_dir / "sources").rglob("*_matched.parquet"):
        path.unlink()
    (data_dir / "sources" / "boundaries" / f"month={A}" / "boundaries.parquet").write_bytes(b"not parquet")
    atomic_write_parquet(pd.DataFrame({"x": [1]}), scores_path(data_dir, A))
    result = build_report(data_dir=data_dir)
    assert result.maps == 0 and result.charts == 3
    assert len(result.problems) == 2
    assert (
        "scores/month=2024-04/scores.parquet: scores file lacks column(s) city_ags, level, id, score, rank"
        in (result.problems[0])
    )
    assert "boundaries/month=2024-04/boundaries.parquet: unreadable boundaries" in result.problems[1]
    index = (result.out_dir / "index.html").read_text(encoding="utf-8")
    assert "Problems while building the report" in index
    page = (result.out_dir / "cities" / f"{K}.html").read_text(encoding="utf-8")
    assert (
        "No boundary: the boundaries file could not be read (see the overview page). "
        "No matched points (charging stations, gateways) in the data dir for this month. No map."
    ) in page
    assert "Only one month of scores so far." in page
    shutil.rmtree(data_dir / "sources" / "boundaries")
    page = (build_report(data_dir=data_dir).out_dir / "cities" / f"{K}.html").read_text(encoding="utf-8")
    assert (
        "No boundary: the data dir has no boundaries for 2024-05 or earlier "
        "(sources/boundaries/month=…/boundaries.parquet)."
    ) in page


def test_report_without_scores_lists_cities(world, data_dir):
    scores_path(data_dir, B).unlink()
    result = build_report(month=B, data_dir=data_dir)
    index = (result.out_dir / "index.html").read_text(encoding="utf-8")
    assert "No scores for 2024-05 yet" in index
    assert '<a href="cities/05315000.html" class="city-link">Köln</a>' in index


def test_nothing_to_report(data_dir):
    with pytest.raises(ReportError, match="has no parameter table and no scores"):
        build_report(data_dir=data_dir)
    with pytest.raises(ReportError, match="nothing to report for 2030-01"):
        build_report(month="2030-01", data_dir=data_dir)


def test_rebuild_replaces_and_failure_keeps_the_previous_report(world, data_dir, monkeypatch):
    out = build_report(data_dir=data_dir).out_dir
    stale = out / "cities" / "99999999.html"
    stale.write_text("old page", encoding="utf-8")
    build_report(data_dir=data_dir)
    assert not stale.exists()  # a rebuild replaces the whole directory
    before = (out / "index.html").read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("boom while rendering")

    monkeypatch.setattr(report_module, "city_page", explode)
    with pytest.raises(RuntimeError, match="boom"):
        build_report(data_dir=data_dir, now=pd.Timestamp("2030-01-01", tz="UTC").to_pydatetime())
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["month=2024-05"]


def test_refuses_to_replace_a_foreign_directory(world, data_dir, tmp_path):
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(ReportError, match="refusing to replace"):
        build_report(data_dir=data_dir, out_dir=foreign)
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_cli_report(world, data_dir, tmp_path):
    out = tmp_path / "site"
    result = runner.invoke(app, ["report", "--month", A, "--out", str(out)])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "Report for 2024-04: 3 city pages, 2 maps, 3 charts" in flat
    assert (out / "index.html").is_file()
    assert "Smart City Index 2024-04" in (out / "index.html").read_text(encoding="utf-8")
    bad = runner.invoke(app, ["report", "--month", "24-04"])
    assert bad.exit_code == 1 and "month '24-04' is not YYYY-MM" in bad.output
