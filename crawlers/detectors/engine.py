"""How a keyword family reads a page: topic sentences, their cues, a small window, page-level checks.

A :class:`Family` names a feature (its *topic* pattern, e.g. "Mängelmelder", "Rats-TV", "Online-
Terminvergabe") and the catalog parameters it decides. For every sentence that names the topic:

1. the sentence's own cues decide (see :mod:`crawlers.detectors.cues`): a negative cue wins within the
   sentence ("ab 1. März können Sie online buchen" is an announcement), except that a time-anchored
   offer ("seit Juni") survives a mere plan and an online offer survives boilerplate like "nur
   persönlich";
2. up to ``window`` sentences around it may *confirm* the offer with a time anchor ("Seit 1. Juni ist
   das Portal online") and the direct neighbours may *withdraw* it ("Bei der Stadt sei das aber noch
   nicht möglich") - articles rarely repeat the topic word in every sentence;
3. page-level checks drop positive evidence that is not about the page's own municipality: sentences
   about other towns ("in vielen Städten", "etwa in Duisburg", several registry cities at once), and on
   pages that compare towns (or on vendor sales pages) every positive sentence without a municipal
   anchor ("die Stadt", "unsere", "Stadtwerke").

The outcome per parameter and page is a set of detections with tiered rule ids
(``kw.<family>.confirmed|offer|mention|absent.<cue>``); :func:`crawlers.detectors.decide` weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from crawlers.detectors import cues
from crawlers.detectors.base import Detection
from crawlers.detectors.rules import Rule, register
from crawlers.detectors.text import PageText, city_mentions, collapse

NEGATIVE_CLASSES = ("future_date", "planned", "not_possible", "discontinued", "offline_only")
ANNOUNCED = {"future_date"}  # outranks a present-tense offer on the same page (see decision.py)
DEFAULT_NEGATIVES = frozenset({"future_date", "planned", "not_possible", "discontinued"})
_NEG_DESCRIPTIONS = {
    "future_date": "announced start date in the future of the page ('ab 1. März', 'ab 2019')",
    "planned": "only planned, demanded or decided ('soll künftig', 'in Planung', motion, council mandate)",
    "not_possible": "not (yet) possible ('derzeit nicht möglich', 'noch nicht', 'gibt es noch kein')",
    "discontinued": "discontinued, banned or rejected ('eingestellt', 'verboten', 'abgelehnt')",
    "offline_only": "only offline ('nur telefonisch', 'persönlich vorsprechen', e-mail request)",
}
# A neighbour sentence withdraws an offer only when it refers back ("sei das aber noch nicht möglich").
_ANAPHOR_RE = re.compile(
    r"\b(?:das|dies|dieses|es|sie|dort|hier|damit|dafür|dazu|solche[rsnm]?|diese[rsnm]?)\b(?!\s+(?-i:[A-ZÄÖÜ]))",
    re.IGNORECASE,
)

Resolver = Callable[[PageText, int, "re.Match[str] | None"], tuple[str, ...]]


@dataclass(frozen=True)
class Family:
    key: str
    parameters: tuple[str, ...]
    description: str
    prefilter: tuple[str, ...]  # lower-case substrings; the family is skipped when none occurs
    topic: re.Pattern[str]
    context: re.Pattern[str] | None = None  # must occur in the topic sentence or within context_window sentences
    context_window: int = 1
    exclude: re.Pattern[str] | None = None  # the sentence is about something else
    requires_online: bool = False  # a positive sentence must name an online channel
    requires: re.Pattern[str] | None = None  # a positive sentence must also match this
    offer: re.Pattern[str] | None = None  # family offer cues besides the generic ones
    confirm: re.Pattern[str] | None = None  # family cues that confirm a running offer (also in the window)
    mention: bool = False  # a bare topic sentence counts as a (weak) present
    admin: bool = False  # administrative service: "Antrag" is an application, offline-only cues apply
    negatives: frozenset[str] = DEFAULT_NEGATIVES
    offline: re.Pattern[str] | None = None  # family-specific offline-only cue (only without online cue)
    window: int = 2
    window_requires: re.Pattern[str] | None = None  # a window sentence must match this to confirm
    window_needs_qualified: bool = True  # only a topic sentence that qualifies opens a window
    value: float = 1.0
    resolver: Resolver | None = None  # parameters a topic sentence speaks to (default: ``parameters``)
    extra_parameters: tuple[str, ...] = ()  # parameters only a resolver or post-step emits

    def rule_ids(self) -> dict[str, str]:
        kinds = ["confirmed", "offer"] + (["mention"] if self.mention else [])
        kinds += [f"absent.{c}" for c in NEGATIVE_CLASSES if c in self.negatives]
        return {k: f"kw.{self.key}.{k}" for k in kinds}

    def register(self) -> Family:
        params = self.parameters + tuple(p for p in self.extra_parameters if p not in self.parameters)
        for kind, rule_id in self.rule_ids().items():
            if kind == "confirmed":
                tier, text = "confirmed", "offer confirmed by a time anchor or a realised fact ('seit', 'ab sofort', 'wurde eröffnet')"
            elif kind == "offer":
                tier, text = "offer", "offer in the present tense ('können ... online', 'steht zur Verfügung')"
            elif kind == "mention":
                tier, text = "mention", "named without cues (heading, link text)"
            else:
                cls = kind.split(".", 1)[1]
                tier = "announced" if cls in ANNOUNCED else "negative"
                text = _NEG_DESCRIPTIONS[cls]
            register(Rule(rule_id, params, f"{self.description}: {text}", "keywords", tier))
        return self


@dataclass
class Hit:
    parameters: tuple[str, ...]
    kind: str  # confirmed | offer | mention | absent.<class>
    sentence: int
    start: int
    end: int
    topic_sentence: int


@dataclass
class PageContext:
    """Page-wide facts the families share (computed lazily, once per page)."""

    pt: PageText
    vendor_page: bool
    _scanned: bool = False
    _own: set[int] = field(default_factory=set)  # sentences that speak about other towns
    _scope: set[int] = field(default_factory=set)  # ... and the sentences of the same paragraph after them
    _cities: dict[int, set[str]] = field(default_factory=dict)
    _many_cities: bool = False
    _anchor: dict[int, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, pt: PageText) -> PageContext:
        return cls(pt, cues.is_vendor_marketing(pt.text))

    def _scan(self) -> None:
        if self._scanned:
            return
        self._scanned = True
        pt = self.pt
        for m in cues.ELSEWHERE_RE.finditer(pt.text):
            self._own.add(pt.sentence_at(m.start()).index)
        counts: dict[str, int] = {}
        for name, offset in city_mentions(pt.text):
            counts[name] = counts.get(name, 0) + 1
            self._cities.setdefault(pt.sentence_at(offset).index, set()).add(name)
        self._many_cities = len(counts) >= 3
        top = sorted(counts.items(), key=lambda kv: -kv[1])
        main = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        self._own.update(i for i, found in self._cities.items() if len(found) >= 2)
        # Once a paragraph turns to other towns ("Andere Städte ... Eine der ersten war Passau."), its
        # following sentences stay there - unless one names a single registry city again.
        block, inside = -1, False
        for sent in pt.sentences:
            if sent.block != block:
                block, inside = sent.block, False
            if sent.index in self._own:
                inside = True
            elif inside and self._cities.get(sent.index) == {main}:
                inside = False  # back to the page's own (most named) city
            if inside:
                self._scope.add(sent.index)

    @property
    def many_cities(self) -> bool:
        self._scan()
        return self._many_cities

    def elsewhere(self, idx: int) -> bool:
        """The sentence itself speaks about other towns."""
        self._scan()
        return idx in self._own

    def elsewhere_scope(self, idx: int) -> bool:
        """The sentence is part of a passage about other towns."""
        self._scan()
        return idx in self._scope

    def anchored(self, idx: int) -> bool:
        if idx not in self._anchor:
            self._scan()
            s = self.pt.sentence_text(self.pt.sentences[idx])
            self._anchor[idx] = bool(cues.MUNICIPAL_ANCHOR_RE.search(s)) or len(self._cities.get(idx, ())) == 1
        return self._anchor[idx]


def _positive(fam: Family, sentence: str, pt: PageText, *, windowed: bool) -> tuple[str, str] | None:
    if cues.EXPLANATORY_RE.search(sentence):
        return None
    if fam.requires_online and not cues.ONLINE_RE.search(sentence):
        return None
    if fam.requires is not None and not fam.requires.search(sentence):
        return None
    if windowed and fam.window_requires is not None and not fam.window_requires.search(sentence):
        return None
    pos = cues.classify_positive(sentence, pt.ref)
    if pos is not None and pos[0] == "anchored":
        return pos
    if fam.confirm is not None:
        m = fam.confirm.search(sentence)
        if m:
            return "confirm", m.group(0)
    if pos is None and fam.offer is not None:
        m = fam.offer.search(sentence)
        if m:
            return "offer", m.group(0)
    return pos


def _negative(fam: Family, sentence: str, pt: PageText) -> tuple[str, str] | None:
    neg = cues.classify_negative(sentence, pt.ref, admin=fam.admin)
    if neg is None and fam.offline is not None and not cues.ONLINE_RE.search(sentence):
        m = fam.offline.search(sentence)
        if m:
            neg = ("offline_only", m.group(0))
    if neg is not None and neg[0] not in fam.negatives:
        return None
    return neg


def _combine(neg: tuple[str, str] | None, pos: tuple[str, str] | None, sentence: str, fam: Family) -> str | None:
    if neg is not None:
        cls = neg[0]
        if pos is not None and cls == "offline_only" and (fam.requires_online or cues.ONLINE_RE.search(sentence)):
            # an online offer next to boilerplate ("nur persönlich"); for card payment "nur bar" is the answer
            return "confirmed" if pos[0] != "offer" else "offer"
        if pos is not None and cls == "planned" and pos[0] == "anchored":
            motion = cues.MOTION_ADMIN_RE if fam.admin else cues.MOTION_RE
            if not motion.search(sentence):
                return "confirmed"
        return f"absent.{cls}"
    if pos is not None:
        return "offer" if pos[0] == "offer" else "confirmed"
    return None


def classify_topic_sentence(fam: Family, sentence: str, pt: PageText) -> str | None:
    if cues.is_question(sentence):
        return None
    kind = _combine(_negative(fam, sentence, pt), _positive(fam, sentence, pt, windowed=False), sentence, fam)
    if kind is None and fam.mention and _qualifies(fam, sentence) and not cues.EXPLANATORY_RE.search(sentence):
        return "mention"
    return kind


def _qualifies(fam: Family, sentence: str) -> bool:
    """The sentence names the feature in the form the family counts (online, with its requirement)."""
    if fam.requires_online and not cues.ONLINE_RE.search(sentence):
        return False
    return fam.requires is None or bool(fam.requires.search(sentence))


def classify_window_sentence(fam: Family, sentence: str, pt: PageText, distance: int, *,
                             withdraw: bool = True) -> str | None:
    if cues.is_question(sentence):
        return None
    pos = _positive(fam, sentence, pt, windowed=True)
    if pos is not None and pos[0] not in ("anchored", "confirm"):
        pos = None  # without the topic word only a dated offer ("Seit 1. Juni ist das Portal online") counts
    if pos is not None and distance > fam.window and pos[0] != "anchored":
        pos = None
    neg = _negative(fam, sentence, pt) if distance <= 1 and withdraw else None
    if neg is not None and not _ANAPHOR_RE.search(sentence[:80]):
        neg = None  # a neighbour withdraws the offer only when it refers back to it
    kind = _combine(neg, pos, sentence, fam)
    if kind == "offer":
        return None  # a present-tense sentence without the topic word is too loose to count
    return kind


def evaluate_family(fam: Family, pt: PageText, ctx: PageContext) -> list[Hit]:
    """All hits of one family on one page, after the page-level checks."""
    if not any(p in pt.lower for p in fam.prefilter):
        return []
    first_match: dict[int, re.Match[str]] = {}
    for m in fam.topic.finditer(pt.text):
        idx = pt.sentence_at(m.start()).index
        first_match.setdefault(idx, m)
    if not first_match:
        return []
    sentences = pt.sentences
    hits: list[Hit] = []
    topic_set = set(first_match)
    topic_elsewhere = False
    for idx, m in first_match.items():
        sent = sentences[idx]
        text = pt.sentence_text(sent)
        if fam.exclude is not None and fam.exclude.search(text):
            continue
        if fam.context is not None and not _context_near(fam.context, pt, idx, fam.context_window):
            continue
        params = fam.resolver(pt, idx, m) if fam.resolver else fam.parameters
        if not params:
            continue
        if ctx.elsewhere(idx):
            topic_elsewhere = True
        kind = classify_topic_sentence(fam, text, pt)
        qualified = _qualifies(fam, text)
        if kind is not None and not qualified and kind.startswith("absent.") and kind[7:] in ("planned", "future_date"):
            # "Augsburger sollen künftig ... Termine vereinbaren können": a plan that does not name the
            # feature in its counted (online) form is no evidence; "nur telefonisch" still is.
            kind = None
        if kind is not None:
            hits.append(Hit(params, kind, idx, m.start(), m.end(), idx))
        if not qualified and fam.window_needs_qualified:
            continue
        lo, hi = max(0, idx - fam.window - 1), min(len(sentences) - 1, idx + fam.window + 1)
        for j in range(lo, hi + 1):
            if j == idx or j in topic_set:
                continue
            other = pt.sentence_text(sentences[j])
            if fam.exclude is not None and fam.exclude.search(other):
                continue
            kind = classify_window_sentence(fam, other, pt, abs(j - idx), withdraw=qualified)
            if kind is not None and j < idx and not kind.startswith("absent") and not _ANAPHOR_RE.search(other):
                kind = None  # an earlier sentence confirms only when it refers to the thing ("dort ... ein solches")
            if kind is not None:
                hits.append(Hit(params, kind, j, sentences[j].start, sentences[j].start, idx))
    return _page_checks(hits, ctx, topic_elsewhere)


def _context_near(context: re.Pattern[str], pt: PageText, idx: int, window: int) -> bool:
    lo, hi = max(0, idx - window), min(len(pt.sentences) - 1, idx + window)
    return bool(context.search(pt.text, pt.sentences[lo].start, pt.sentences[hi].end))


# Refusals that also hold in a sentence about other towns ("Freiburg ist noch nicht dabei, momentan bieten
# Hamburg, Köln ... den Service an", "ab 2019 startet auch in Dortmund").
_KEEP_ELSEWHERE = ("absent.not_possible", "absent.discontinued", "absent.future_date")


def _page_checks(hits: list[Hit], ctx: PageContext, topic_elsewhere: bool) -> list[Hit]:
    if not hits:
        return hits
    positive_kinds = ("confirmed", "offer", "mention")
    has_positive = any(h.kind in positive_kinds for h in hits)
    comparative = has_positive and (topic_elsewhere or ctx.many_cities)
    kept: list[Hit] = []
    if ctx.vendor_page:
        return []  # a vendor's sales page speaks about no municipality
    for h in hits:
        if h.kind in positive_kinds:
            if ctx.elsewhere_scope(h.sentence) or ctx.elsewhere_scope(h.topic_sentence):
                continue
            if comparative and not (ctx.anchored(h.sentence) or ctx.anchored(h.topic_sentence)):
                continue
        elif h.kind not in _KEEP_ELSEWHERE and (ctx.elsewhere(h.sentence) or ctx.elsewhere(h.topic_sentence)):
            continue  # a refusal about another town ("In Potsdam war dies nur telefonisch möglich")
        kept.append(h)
    return kept


def snippet_for(pt: PageText, hit: Hit, limit: int = 300) -> str:
    sent = pt.sentences[hit.sentence]
    text = collapse(pt.text[sent.start : sent.end])
    if len(text) <= limit:
        return text
    # Centre the window on the match.
    rel = len(collapse(pt.text[sent.start : hit.start]))
    lo = max(0, min(rel - limit // 3, len(text) - limit))
    cut = text[lo : lo + limit - 2]
    return ("…" if lo > 0 else "") + cut.strip() + ("…" if lo + limit - 2 < len(text) else "")


def detections_from_hits(fam: Family, hits: list[Hit], pt: PageText, url: str) -> list[Detection]:
    """One detection per (parameter, rule), the first in page order."""
    rule_ids = fam.rule_ids()
    seen: set[tuple[str, str]] = set()
    out: list[Detection] = []
    for hit in sorted(hits, key=lambda h: (h.sentence, h.start)):
        rule_id = rule_ids.get(hit.kind)
        if rule_id is None:
            continue
        for param in hit.parameters:
            key = (param, rule_id)
            if key in seen:
                continue
            seen.add(key)
            present = not hit.kind.startswith("absent")
            out.append(Detection(
                parameter_id=param,
                value=fam.value if present else 0.0,
                status="present" if present else "absent",
                rule_id=rule_id,
                snippet=snippet_for(pt, hit),
                url=url,
            ))
    return out
