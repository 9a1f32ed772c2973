"""The rule registry: every rule has a test, every crawl parameter has a detector."""

from __future__ import annotations

import re

from crawlers.detectors import DETECTOR_VERSION, PRESENCE_ONLY, RULES, SIGNAL_PARAMETERS
from crawlers.detectors.rules import TIERS
from normalize.catalog import load_catalog
from tests.detectors.cases import CASES
from tests.detectors.vendor_cases import FIXTURE_EXPECTATIONS, INLINE


def _tested_rule_ids() -> set[str]:
    """Rule ids some test asserts to fire (test_cases.py and test_vendors.py check each of them)."""
    tested = {f"kw.{family}.{suffix}" for family, suffix, _, _ in CASES if suffix}
    tested |= {rule for rule, _ in FIXTURE_EXPECTATIONS.values()}
    tested |= {case[0] for case in INLINE}
    return tested


def test_every_rule_id_has_a_test():
    untested = sorted(set(RULES) - _tested_rule_ids())
    assert untested == []


def test_tests_name_only_existing_rules():
    assert sorted(_tested_rule_ids() - set(RULES)) == []


def test_rules_are_well_formed():
    catalog = load_catalog()
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", rule_id), rule_id
        assert rule.description.strip(), rule_id
        assert rule.tier in TIERS
        assert rule.module in ("keywords", "vendors")
        assert rule.parameters, rule_id
        for param in rule.parameters:
            assert param in catalog.parameters, f"{rule_id}: {param} not in the catalog"


def test_every_crawl_parameter_has_a_detector():
    catalog = load_catalog()
    detected = {p for rule in RULES.values() for p in rule.parameters} | set(SIGNAL_PARAMETERS)
    missing = sorted(p.id for p in catalog.parameters_by_how("crawl") if p.id not in detected)
    assert missing == []


def test_presence_only_parameters_are_numeric_and_not_crawled():
    catalog = load_catalog()
    for pid in PRESENCE_ONLY:
        param = catalog.parameter(pid)
        assert param.kind == "numeric"
        assert param.how != "crawl"


def test_detector_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", DETECTOR_VERSION)


def test_every_topic_sentence_contains_an_anchor_word(pages_dev):
    """The one-pass anchor scan must not hide a topic: every sentence a family's topic pattern matches (in
    the labelled pages and the hand-written cases) contains one of its anchor words."""
    from crawlers.detectors import Page
    from crawlers.detectors.engine import _FOLD
    from crawlers.detectors.keywords import FAMILIES
    from crawlers.detectors.text import prepare
    from tests.detectors.cases import PAGES
    from tests.detectors.challenge import CHALLENGE
    from tests.detectors.challenge2 import CHALLENGE2
    from tests.detectors.challenge3 import CHALLENGE3

    texts = [(p["url"], p["text"]) for p in pages_dev] + [("https://x.de/a", c[2]) for c in CASES]
    texts += [("https://x.de/a", p[1]) for p in PAGES] + [(c[1], c[2]) for c in CHALLENGE]
    texts += [(c[1], c[2]) for c in CHALLENGE2 if not c[2].lstrip().startswith("<")]
    texts += [(c[1], c[2]) for c in CHALLENGE3]
    misses = []
    for url, text in texts:
        pt = prepare(Page(url=url, text=text))
        for fam in FAMILIES:
            anchors = {a.lower() for a in fam.anchors} | {a.lower().translate(_FOLD) for a in fam.anchors}
            for sent in pt.sentences:
                lower = pt.sentence_lower(sent)
                m = fam.topic.search(lower)
                if m and not any(a in lower for a in anchors):
                    misses.append(f"{fam.key}: {m.group(0)!r}")
    assert misses == []


def test_every_topic_alternative_contains_an_anchor_word():
    """Structural version of the test above: strings written out from every alternative of every family's
    topic pattern (tests/detectors/regex_samples.py) contain one of the family's anchor words (compared with
    umlauts folded), so the one-pass anchor scan never hides a way of naming the feature."""
    from crawlers.detectors.engine import _FOLD
    from crawlers.detectors.keywords import FAMILIES
    from tests.detectors.regex_samples import samples

    misses = []
    for fam in FAMILIES:
        anchors = {a.lower().translate(_FOLD) for a in fam.anchors}
        for sample in samples(fam.topic):
            folded = sample.translate(_FOLD)
            if not any(a in folded for a in anchors):
                misses.append(f"{fam.key}: {sample.strip()!r}")
    assert misses == []
