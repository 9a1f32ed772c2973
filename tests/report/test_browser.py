"""The report in a real headless browser (Debian's chromium driven by Playwright), opened from disk.

Chromium is required: without it these tests FAIL (``.ci/run`` installs it; locally:
``apt-get install -y --no-install-recommends chromium``). Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.report.conftest import HOSTILE_SNIPPET, K

CHROMIUM = Path(os.environ.get("SCI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"chromium is missing at {CHROMIUM}: the browser tests of the report need it "
            "(apt-get install -y --no-install-recommends chromium; .ci/run installs it; or set SCI_CHROMIUM)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=20_000)
        yield instance
        instance.close()


class Watched:
    """A page with every console error, page error, dialog and non-file request recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(java_script_enabled=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(5_000)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        self.context.close()


@pytest.fixture()
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()


def test_overview_city_page_and_back(watched, built_report: Path):
    page = watched.page
    page.goto((built_report / "index.html").as_uri())
    assert page.title() == "Smart City Index 2024-05"
    rows = page.locator("#ranking-overall tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("td").nth(2).inner_text() == "Hamburg"
    assert rows.nth(0).locator("td").nth(1).inner_text() == "▲ 2"

    page.locator("#ranking-overall a.city-link", has_text="Köln").click()
    page.wait_for_url(f"**/cities/{K}.html")
    assert page.locator("h1").inner_text() == "Köln"
    assert page.locator("table.parameters tbody tr").count() == 106
    assert page.locator("svg.map circle").count() == 4
    assert page.locator("svg.map").bounding_box()["width"] > 100
    assert page.locator("svg.chart polyline").count() == 6

    page.locator("#back-to-overview").click()
    page.wait_for_url("**/index.html")
    assert page.locator("h1").inner_text() == "Smart City Index 2024-05"
    assert watched.errors == []
    assert all(url.startswith("file://") for url in watched.requests), watched.requests


def test_hostile_snippet_shows_as_text(watched, built_report: Path):
    page = watched.page
    page.goto((built_report / "cities" / f"{K}.html").as_uri())
    snippet = page.locator("blockquote.snippet", has_text="Jetzt online zahlen")
    assert snippet.inner_text() == HOSTILE_SNIPPET
    assert snippet.evaluate("el => el.children.length") == 0  # no element was injected
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
    # The javascript: evidence URL is plain text, never a link.
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert page.locator("span.unlinked", has_text="javascript:alert(3)").count() == 1
    # Give any injected handler a chance to fire.
    page.wait_for_timeout(200)
    assert watched.dialogs == []
    assert watched.errors == []


def test_every_city_page_renders_without_errors(watched, built_report: Path):
    page = watched.page
    for path in sorted((built_report / "cities").glob("*.html")):
        page.goto(path.as_uri())
        assert page.locator("#back-to-overview").count() == 1
        href = page.locator("#back-to-overview").get_attribute("href")
        assert href == "../index.html"
    assert watched.errors == []
    assert watched.dialogs == []
