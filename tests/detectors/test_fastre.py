"""The literal prefilter of the rule patterns (crawlers.detectors.fastre) never hides a match."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

from crawlers.detectors import cues, dates, engine, keywords, signals, text, vendors
from crawlers.detectors.fastre import FastPattern, necessary_literals
from tests.detectors.regex_samples import samples


def _patterns() -> dict[str, FastPattern]:
    found: dict[str, FastPattern] = {}

    def collect(prefix: str, value: object) -> None:
        if isinstance(value, FastPattern):
            found[prefix] = value
        elif isinstance(value, dict):
            for key, sub in value.items():
                collect(f"{prefix}[{key}]", sub)

    modules: list[ModuleType] = [cues, dates, engine, keywords, signals, text, vendors]
    for module in modules:
        for name, value in vars(module).items():
            collect(f"{module.__name__.rsplit('.', 1)[-1]}.{name}", value)
    for fam in keywords.FAMILIES:
        for attr in (
            "topic",
            "context",
            "exclude",
            "requires",
            "offer",
            "confirm",
            "offline",
            "window_requires",
        ):
            collect(f"family.{fam.key}.{attr}", getattr(fam, attr))
    return found


PATTERNS = _patterns()


def test_the_rule_patterns_are_prefiltered():
    assert len(PATTERNS) > 120
    without = sorted(name for name, p in PATTERNS.items() if p.prefilter is None)
    # patterns whose every match need not contain a literal of 2+ characters
    assert without == []


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_prefilter_passes_every_generated_match(name):
    pattern = PATTERNS[name]
    generated = samples(pattern)
    assert generated, f"{name}: no sample generated"
    hidden = [s for s in generated if pattern.regex.search(s) and pattern.search(s) is None]
    assert hidden == [], f"{name}: the prefilter hides {hidden[:3]}"


def test_prefilter_passes_every_corpus_match(pages_dev):
    from tests.detectors.blind4 import BLIND4
    from tests.detectors.blind5 import BLIND5
    from tests.detectors.blind6 import BLIND6
    from tests.detectors.cases import CASES

    texts = [p["text"] for p in pages_dev + BLIND4 + BLIND5 + BLIND6] + [c[2] for c in CASES]
    sentences = {line for t in texts for line in re.split(r"(?<=[.!?])\s+|\n", t) if line.strip()}
    lowered = {s.lower() for s in sentences}
    misses = []
    for name, pattern in PATTERNS.items():
        for sentence in lowered | sentences if pattern.flags & re.IGNORECASE else lowered:
            if pattern.regex.search(sentence) and pattern.search(sentence) is None:
                misses.append((name, sentence[:80]))
    assert misses == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\bonline-?termin\w*|\bterminbuch\w*", {"online", "terminbuch"}),
        (r"\bm(?:ä|ae)ngel-?melder", {"mängel", "maengel", "melder"}),
        (r"\b(?:buchen|gebucht)\b[^.]{0,60}termin", {"buchen", "gebucht"}),
        (r"\bkita\w*|\w+bot\b", None),  # "\w+bot": only "bot" (3 characters) is certain - still a literal
        (r"[a-z]+", None),
        (r"\b(?:a|b)\b", None),  # single characters are no useful prefilter
        (r"(?i:online)", None),  # case-insensitive inside a case-sensitive pattern
    ],
)
def test_necessary_literals(source, expected):
    got = necessary_literals(source)
    if source.startswith(r"\bkita"):
        assert got == frozenset({"kita", "bot"})
    elif source.startswith(r"\bm(?:"):
        # the best set: one of the exact spellings or the common tail
        assert got in (frozenset({"mängel", "maengel"}), frozenset({"melder"}))
    else:
        assert got == (frozenset(expected) if expected is not None else None)


def test_fast_pattern_has_re_semantics():
    pattern = FastPattern(r"\bonline-?(?P<what>termin|antrag)\w*")
    text_ = "Buchen Sie online-termine hier. online-antrag"
    assert pattern.search(text_).group("what") == "termin"
    assert pattern.search(text_, 20).group("what") == "antrag"
    assert pattern.search(text_, 0, 10) is None
    assert [m.group(0) for m in pattern.finditer(text_)] == ["online-termine", "online-antrag"]
    assert pattern.sub("X", text_) == "Buchen Sie X hier. X"
    assert pattern.sub("X", "nichts") == "nichts"
    assert pattern.findall("kein treffer") == []
    assert pattern.match("online-termin").group(0) == "online-termin"
