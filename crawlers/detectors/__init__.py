"""Detectors: what a city's web page says about the catalog's ``crawl`` parameters.

Public API (used by the spider, ``sci detect`` and the tests)::

    detect(page: Page, *, reference=None) -> list[Detection]   # every rule on one page
    decide(detections) -> dict[parameter_id, Decision]        # one decision per parameter (one or many pages)
    page_signals(page) -> dict                                # site-quality signals of one page
    portal_kind(url) -> str | None                            # "booking:tevis", "opendata:ckan", ...
    RULES: dict[rule_id, Rule]                                # every rule: id, parameters, description, tier
    DETECTOR_VERSION                                          # bump when rules change

``reference`` is the date the page is read on (the crawl date): it decides whether an "ab 1. März 2021"
without a date of its own on the page lies in the future. Dates found on the page (archive marker, meta
data, URL, "Stand:" line) take precedence.

Rule families: :mod:`.vendors` (platform signatures and social-media links), :mod:`.keywords` (German
keyword rules with negative cues, built on :mod:`.engine` and :mod:`.cues`), :mod:`.signals` (site
quality). Label kinds of the hand-labelled pages map to catalog ids in :mod:`.labels`.
"""

from __future__ import annotations

from datetime import date

from crawlers.detectors import cues as _cues
from crawlers.detectors import dates as _dates
from crawlers.detectors import keywords as _keywords
from crawlers.detectors import vendors as _vendors
from crawlers.detectors.base import Detection, Page
from crawlers.detectors.dates import RefDate
from crawlers.detectors.decision import Decision, decide
from crawlers.detectors.engine import (
    AnchorIndex,
    PageContext,
    detections_from_hits,
    evaluate_family,
    find_topics,
)
from crawlers.detectors.keywords import FAMILIES, POST_STEPS, PRESENCE_ONLY
from crawlers.detectors.rules import RULES, Rule
from crawlers.detectors.signals import page_signals
from crawlers.detectors.text import prepare
from crawlers.detectors.vendors import portal_kind

DETECTOR_VERSION = "1.1.0"
_ANCHORS = AnchorIndex(FAMILIES)

# Parameters decided by aggregating page_signals over a site (crawlers/quality.py), not by detect().
SIGNAL_PARAMETERS = (
    "verwaltung.website.informationsgehalt",
    "verwaltung.website.nutzungsfreundlichkeit",
    "verwaltung.serviceportal.nutzungsfreundlichkeit",
    "gesellschaft.geodaten.nutzungsfreundlichkeit",
)

__all__ = [
    "DETECTOR_VERSION",
    "PRESENCE_ONLY",
    "RULES",
    "SIGNAL_PARAMETERS",
    "Decision",
    "Detection",
    "Page",
    "Rule",
    "decide",
    "detect",
    "clear_caches",
    "page_signals",
    "portal_kind",
]


def clear_caches() -> None:
    """Empty the per-sentence cue caches (benchmarks measure pages the detectors have not seen before; the
    URL-signature caches stay, as a crawl sees the same navigation links on every page)."""
    _cues.classify_negative.cache_clear()
    _cues.classify_positive.cache_clear()
    _dates.time_cue.cache_clear()


def detect(page: Page, *, reference: date | None = None) -> list[Detection]:
    """Run every rule on one page; the detections carry ``page.url`` and a snippet of <= 300 characters."""
    pt = prepare(page, reference=RefDate.of(reference))
    ctx = PageContext.of(pt)
    url = page.url or page.final_url or ""
    detections = _vendors.detect_vendors(pt, ctx, url)
    candidates = _ANCHORS.candidates(pt)
    topics = {f.key: find_topics(f, pt, candidates[f.key]) for f in FAMILIES if f.key in candidates}
    for key, found in topics.items():
        for idx in found:
            ctx.topic_owners.setdefault(idx, set()).add(key)
    for family in FAMILIES:
        if not topics.get(family.key):
            continue
        hits = evaluate_family(family, pt, ctx, topics=topics[family.key])
        post = POST_STEPS.get(family.key)
        if post is not None and hits:
            hits = post(pt, ctx, hits)
        if hits:
            detections.extend(detections_from_hits(family, hits, pt, url))
    return detections


_ = _keywords  # the keyword families register their rules on import
