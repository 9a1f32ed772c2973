"""A tiny, deterministic stand-in for ``crawlers.detectors`` used by the crawler tests.

The crawl machinery (spider, evidence, WARC, normalise) is tested against these few fixed rules so its
expected rows do not move when the real detector rules are tuned; the real detectors are exercised on
the same test site by ``test_real_detectors.py``. Same API: detect, decide, page_signals, portal_kind,
DETECTOR_VERSION.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawlers.detectors.base import Detection, Page

DETECTOR_VERSION = "standin-1"

_TAGS = re.compile(r"<[^>]+>")


def _text(page: Page) -> str:
    if page.text is not None:
        return " ".join(page.text.split())
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page.html or "")
    return " ".join(_TAGS.sub(" ", html).split())


def _snippet(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 60) : match.end() + 60].strip()[:300]


# (rule id, parameter, status, value, pattern on text)
_TEXT_RULES = (
    (
        "standin.epay",
        "verwaltung.payment.epayment",
        "present",
        1.0,
        re.compile(r"online bezahlen mit ePayBL", re.I),
    ),
    (
        "standin.standesamt_phone_only",
        "verwaltung.online_terminvergabe.standesamt",
        "absent",
        0.0,
        re.compile(r"Standesamt[^.]{0,80}nur telefonisch", re.I),
    ),
    (
        "standin.mangelmelder",
        "verwaltung.bevoelkerungsanliegen.maengelmelder",
        "present",
        1.0,
        re.compile(r"Mängelmelder[^.]{0,60}(melden Sie|Schäden melden)", re.I),
    ),
    (
        "standin.opendata",
        "gesellschaft.open_data.verfuegbarkeit",
        "present",
        1.0,
        re.compile(r"Open-Data-Portal mit \d+ Datensätzen", re.I),
    ),
    (
        "standin.servicekonto",
        "verwaltung.serviceportal.angebot",
        "present",
        1.0,
        re.compile(r"Servicekonto", re.I),
    ),
)


def detect(page: Page) -> list[Detection]:
    text = _text(page)
    out = []
    for rule_id, parameter, status, value, rx in _TEXT_RULES:
        m = rx.search(text)
        if m:
            out.append(Detection(parameter, value, status, rule_id, _snippet(text, m), page.url))
    html = page.html or ""
    m = re.search(r"<iframe[^>]+src=\"([^\"]*/tevisweb/[^\"]*)\"", html)
    if m:
        out.append(
            Detection(
                "verwaltung.online_terminvergabe.buergeramt",
                1.0,
                "present",
                "standin.tevis_iframe",
                f"iframe {m.group(1)}",
                page.url,
            )
        )
    hrefs = [u for u, _a in page.links] + re.findall(r"<a[^>]+href=\"([^\"]+)\"", html)
    for url in hrefs:
        if urlsplit(url).hostname in ("www.facebook.com", "facebook.com"):
            out.append(
                Detection(
                    "verwaltung.social_media.facebook",
                    1.0,
                    "present",
                    "standin.facebook_link",
                    f"link {url}",
                    page.url,
                )
            )
            break
    return out


@dataclass
class Decision:
    value: float
    status: str
    evidence: list[Detection] = field(default_factory=list)


def decide(detections: list[Detection]) -> dict[str, Decision]:
    out: dict[str, Decision] = {}
    for det in detections:
        current = out.get(det.parameter_id)
        if current is None:
            out[det.parameter_id] = Decision(det.value, det.status, [det])
        elif det.status == "present" and current.status != "present":
            out[det.parameter_id] = Decision(det.value, "present", [det])
        elif det.status == current.status:
            current.value = max(current.value, det.value)
            current.evidence.append(det)
    return out


def page_signals(page: Page) -> dict:
    html = page.html or ""
    text = _text(page)
    return {
        "is_https": urlsplit(page.final_url or page.url).scheme == "https",
        "has_mobile_viewport": bool(re.search(r"<meta name=\"viewport\"", html)),
        "has_site_search": bool(re.search(r"<input[^>]+type=\"search\"", html)),
        "has_accessibility_statement": "Erklärung zur Barrierefreiheit" in text,
        "languages": ["de", "en"] if "English version" in text else ["de"],
        "has_service_catalogue": "Dienstleistungen A-Z" in text,
        "has_eid_login": "Anmelden mit BundID" in text,
    }


def portal_kind(url: str) -> str | None:
    parts = urlsplit(url)
    if "/tevisweb/" in parts.path:
        return "booking:tevis"
    if parts.path.startswith("/opendata/") and parts.hostname == "localhost":
        return "opendata:ckan"
    return None
