"""Deterministic detectors for the reliability crawls (the detector API of ``crawlers.detectors``).

The crawl machinery is under test here, not the rules: a few fixed rules keep the expected rows exact
while the real rule set is being tuned. Text is extracted like a browser shows it (tags dropped,
character references decoded, scripts and styles skipped), so a page saying ``&lt;script&gt;`` yields a
snippet with a literal ``<script>`` in it: exactly the untrusted text the reports must escape.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from crawlers.detectors.base import Detection, Page
from tests.crawler.standin_detectors import Decision, decide, page_signals, portal_kind

DETECTOR_VERSION = "reliability-1"
__all__ = ["DETECTOR_VERSION", "Decision", "decide", "detect", "page_signals", "portal_kind"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(page: Page) -> str:
    if page.text is not None:
        return " ".join(page.text.split())
    parser = _Text()
    parser.feed(page.html or "")
    parser.close()
    return " ".join(" ".join(parser.parts).split())


# (rule id, parameter, status, value, pattern on the visible text)
RULES = (
    (
        "rel.epay",
        "verwaltung.payment.epayment",
        "present",
        1.0,
        re.compile(r"online bezahlen mit ePayBL", re.I),
    ),
    (
        "rel.buergerbuero_online",
        "verwaltung.online_terminvergabe.buergeramt",
        "present",
        1.0,
        re.compile(r"Bürgerbüro: Termin online buchen"),
    ),
    (
        "rel.maengelmelder",
        "verwaltung.bevoelkerungsanliegen.maengelmelder",
        "present",
        1.0,
        re.compile(r"Mängelmelder: Schäden melden"),
    ),
)


def detect(page: Page) -> list[Detection]:
    text = page_text(page)
    out = []
    for rule_id, parameter, status, value, rx in RULES:
        match = rx.search(text)
        if match:
            snippet = text[max(0, match.start() - 80) : match.end() + 80].strip()[:300]
            out.append(Detection(parameter, value, status, rule_id, snippet, page.url))
    return out
