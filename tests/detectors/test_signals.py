"""page_signals(): site-quality signals of one page."""

from __future__ import annotations

from crawlers.detectors import Page, page_signals

FULL = """<!doctype html><html lang="de"><head>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="alternate" hreflang="en" href="https://www.musterstadt.de/en/">
<title>Startseite - Stadt Musterstadt</title></head><body>
<header><form role="search" action="/suche"><input type="search" name="q"></form>
<a href="/leichte-sprache">Leichte Sprache</a> <a href="/gebaerdensprache">Gebärdensprache</a>
<a href="/tr/">Türkçe</a></header>
<main><a href="/buergerservice/dienstleistungen-a-z">Dienstleistungen A-Z</a>
<a href="https://serviceportal.musterstadt.de/login">Anmelden mit BundID</a>
<a href="https://geoportal.musterstadt.de/">Geoportal</a>
<iframe src="https://termine.ekom21.de/tevisweb080/"></iframe></main>
<footer><a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a>
<a href="https://www.instagram.com/stadt_musterstadt/">Instagram</a></footer>
</body></html>"""


def test_all_signals_of_a_full_page():
    s = page_signals(Page(url="https://www.musterstadt.de/", html=FULL))
    assert s["is_https"] and s["has_mobile_viewport"] and s["has_site_search"]
    assert s["has_accessibility_statement"] and s["has_leichte_sprache"] and s["has_gebaerdensprache"]
    assert s["languages"] == ["en", "tr"] and s["has_foreign_language"]
    assert s["has_service_catalogue"] and s["has_eid_login"] and s["has_account_login"]
    assert s["portals"] == ["booking:tevis", "geo:geoportal", "serviceportal:generic"]
    assert s["social"] == {"instagram": "https://www.instagram.com/stadt_musterstadt/"}
    assert s["lang"] == "de" and s["title"] == "Startseite - Stadt Musterstadt"
    assert not s["looks_js_only"]


def test_a_bare_http_page_has_no_signals():
    s = page_signals(
        Page(url="http://www.musterstadt.de/", html="<html><body><p>Willkommen</p></body></html>")
    )
    assert not any(
        s[k]
        for k in (
            "is_https",
            "has_mobile_viewport",
            "has_site_search",
            "has_accessibility_statement",
            "has_foreign_language",
            "has_leichte_sprache",
            "has_service_catalogue",
            "has_eid_login",
            "has_account_login",
            "looks_js_only",
        )
    )
    assert s["languages"] == [] and s["portals"] == [] and s["social"] == {}
    assert s["text_chars"] == len("Willkommen")


def test_final_url_decides_https():
    page = Page(
        url="http://www.musterstadt.de/", final_url="https://www.musterstadt.de/", html="<html></html>"
    )
    assert page_signals(page)["is_https"] is True


def test_js_only_shell_is_recognised():
    html = '<html><body><noscript>Bitte JavaScript aktivieren.</noscript><div id="app"></div></body></html>'
    assert page_signals(Page(url="https://www.musterstadt.de/", html=html))["looks_js_only"] is True


def test_plain_text_pages_give_link_signals_from_written_urls():
    s = page_signals(
        Page(url="https://www.musterstadt.de/seite", text="Mehr unter https://geoportal.musterstadt.de/")
    )
    assert s["portals"] == ["geo:geoportal"]
    assert s["has_mobile_viewport"] is False


def test_the_portal_page_itself_counts():
    s = page_signals(
        Page(url="https://opendata.musterstadt.de/dataset/", html="<html><body>Daten</body></html>")
    )
    assert "opendata:generic" in s["portals"]


def test_hostile_html_does_not_raise():
    for html in ("", "<", "<?xml version='1.0' encoding='utf-8'?><html><body>x</body></html>", "\x00\x01"):
        assert isinstance(page_signals(Page(url="https://x.de/", html=html)), dict)
