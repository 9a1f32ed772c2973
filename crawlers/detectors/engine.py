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
from crawlers.detectors.dates import time_cue
from crawlers.detectors.fastre import FastPattern, trie_pattern
from crawlers.detectors.rules import Rule, register
from crawlers.detectors.text import PageText, city_mentions, collapse, rx

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
_ANAPHOR_RE = FastPattern(
    r"\b(?:das|dies|dieses|es|sie|dort|hier|damit|dafür|dazu|solche[rsnm]?|diese[rsnm]?)\b(?!\s+(?-i:[A-ZÄÖÜ]))",
    re.IGNORECASE,
)

# "Kein Livestream aus dem Ratssaal", "Im Bürgerbüro werden keine Termine vergeben": the topic itself negated
# (not "wer keinen Online-Termin bekommt", "Sie brauchen keinen Termin zu buchen").
_TOPIC_NEGATED_RE = re.compile(r"\bkein(?:e|en|er|em|es)?\s+(?:[\w-]+\s+)?$")
_NEGATION_NOT_REFUSAL_RE = rx(
    r"\b(?:wer|wenn|falls|sofern|sollte|sollten|ob)\b|\b(?:nötig|erforderlich|notwendig|vonnöten|brauch\w*|muss|"
    r"müssen|benötig\w*)\b"
)
# A heading ("Melderegisterauskunft", "Bewohnerparkausweis") governs the sentences under it; in a service
# description they speak about the procedure without repeating its name.
_HEADING_MAX_WORDS = 6
_SECTION_SENTENCES = 4
_PROCEDURE_RE = rx(
    r"\b(?:antrag|anträge|beantrag\w*|antragstellung|anmeld\w*|ummeld\w*|abmeld\w*|anforder\w*|bestell\w*|erledig\w*|"
    r"einreich\w*|formular\w*|auskunft|auskünfte|bescheinigung|leistung|dienstleistung)\b"
)
_SECTION_NEGATIVES = ("not_possible", "offline_only", "discontinued")
# The page title governs the whole page of a service description ("Gewerbe ummelden ... Online-Dienst: Zu dieser
# Leistung ist derzeit kein Online-Dienst verfügbar"); there only explicit refusals count.
_TITLE_SCOPE_SENTENCES = 40
_STRONG_OFFLINE_RE = rx(r"\b(?:nur|ausschließlich|lediglich)\b")
# FAQ pages: "Kann ich ... online beantragen?" answered by "Nein, ..." / "Ja. ..."
_ANSWER_NO_RE = re.compile(r"^\W*nein\b")
_ANSWER_YES_RE = re.compile(r"^\W*(?:ja|jawohl|selbstverständlich)\b")

Resolver = Callable[[PageText, int, "re.Match[str] | None"], tuple[str, ...]]


@dataclass(frozen=True)
class Family:
    key: str
    parameters: tuple[str, ...]
    description: str
    anchors: tuple[str, ...]  # lower-case words one of which every topic sentence contains (fast pre-scan)
    topic: re.Pattern[str]
    context: re.Pattern[str] | None = (
        None  # must occur in the topic sentence or within context_window sentences
    )
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
    # families whose sentences may confirm this one's offer (a service portal that opened confirms the
    # services named next to it); any other family's topic sentence confirms only its own
    enablers: frozenset[str] = frozenset()
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
                tier, text = (
                    "confirmed",
                    "offer confirmed by a time anchor or a realised fact ('seit', 'ab sofort', 'wurde eröffnet')",
                )
            elif kind == "offer":
                tier, text = (
                    "offer",
                    "offer in the present tense ('können ... online', 'steht zur Verfügung')",
                )
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
    cue: str = ""  # the negative cue class behind an absent hit ("motion" for demands and party motions)


@dataclass
class PageContext:
    """Page-wide facts the families share, computed lazily and once per page."""

    pt: PageText
    _vendor: bool | None = None
    _own: dict[int, bool] = field(default_factory=dict)
    _scope: dict[int, bool] = field(default_factory=dict)
    _cities: dict[int, set[str]] | None = None
    _many_cities: bool = False
    _main_city: str | None = None
    _anchor: dict[int, bool] = field(default_factory=dict)
    flags: dict[int, _Flags] = field(default_factory=dict)
    topic_owners: dict[int, set[str]] = field(
        default_factory=dict
    )  # sentence -> families whose topic it names

    @classmethod
    def of(cls, pt: PageText) -> PageContext:
        return cls(pt)

    @property
    def vendor_page(self) -> bool:
        """A vendor's sales page (read only when some rule found evidence: most pages give none)."""
        if self._vendor is None:
            self._vendor = cues.is_vendor_marketing(self.pt.lower[:40000])
        return self._vendor

    def _city_scan(self) -> dict[int, set[str]]:
        if self._cities is None:
            pt = self.pt
            counts: dict[str, int] = {}
            self._cities = {}
            for name, offset in city_mentions(pt.text):
                counts[name] = counts.get(name, 0) + 1
                self._cities.setdefault(pt.sentence_at(offset).index, set()).add(name)
            self._many_cities = len(counts) >= 3
            top = sorted(counts.items(), key=lambda kv: -kv[1])
            self._main_city = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
        return self._cities

    @property
    def many_cities(self) -> bool:
        self._city_scan()
        return self._many_cities

    def elsewhere(self, idx: int) -> bool:
        """The sentence itself speaks about other towns."""
        if idx not in self._own:
            sent = self.pt.sentences[idx]
            text, lower = self.pt.sentence_text(sent), self.pt.sentence_lower(sent)
            named = self._city_scan().get(idx, set())
            if len(named) >= 2:
                self._own[idx] = True
            elif named and named == {self._main_city}:
                self._own[idx] = False  # "Gelsenkirchen gilt als Vorreiter": the page's own city, compared
            else:
                self._own[idx] = bool(cues.ELSEWHERE_RE.search(text, lower=lower))
        return self._own[idx]

    def elsewhere_scope(self, idx: int) -> bool:
        """The sentence is part of a passage about other towns: once a paragraph turns to them ("Andere
        Städte ... Eine der ersten war Passau."), its following sentences stay there - unless one names the
        page's own (most named) registry city again."""
        if idx not in self._scope:
            sentences = self.pt.sentences
            block, j = sentences[idx].block, idx
            while j > 0 and sentences[j - 1].block == block and j - 1 not in self._scope:
                j -= 1
            inside = self._scope.get(j - 1, False) if j > 0 and sentences[j - 1].block == block else False
            for k in range(j, idx + 1):
                if self.elsewhere(k):
                    inside = True
                elif inside and self._city_scan().get(k) == {self._main_city}:
                    inside = False
                self._scope[k] = inside
        return self._scope[idx]

    def names_a_place(self, idx: int) -> bool:
        """The sentence names a registry city or a municipal anchor ("die Stadt", "wir", "unsere")."""
        if self._city_scan().get(idx):
            return True
        return bool(cues.MUNICIPAL_ANCHOR_RE.search(self.pt.sentence_lower(self.pt.sentences[idx])))

    def anchored(self, idx: int) -> bool:
        if idx not in self._anchor:
            s = self.pt.sentence_lower(self.pt.sentences[idx])
            self._anchor[idx] = (
                bool(cues.MUNICIPAL_ANCHOR_RE.search(s)) or len(self._city_scan().get(idx, ())) == 1
            )
        return self._anchor[idx]


class _Flags:
    """Family-independent facts about one sentence, each computed on first use."""

    __slots__ = ("_text", "_lower", "_cache")

    def __init__(self, text: str, lower: str):
        self._text = text
        self._lower = lower
        self._cache: dict[str, bool] = {}

    def _get(self, name: str, compute, original: bool = False) -> bool:
        value = self._cache.get(name)
        if value is None:
            value = self._cache[name] = bool(compute(self._text if original else self._lower))
        return value

    @property
    def question(self) -> bool:
        return self._get("question", cues.is_question)

    @property
    def explanatory(self) -> bool:
        return self._get("explanatory", cues.EXPLANATORY_RE.search)

    @property
    def online(self) -> bool:
        return self._get("online", cues.ONLINE_RE.search)

    @property
    def anaphor(self) -> bool:  # refers back ("das", "dort", "ein solches") in its first words
        return self._get("anaphor", lambda t: _ANAPHOR_RE.search(t[:80]), original=True)

    @property
    def anaphor_any(self) -> bool:
        return self._get("anaphor_any", _ANAPHOR_RE.search, original=True)


def _flags(ctx: PageContext, idx: int) -> _Flags:
    cached = ctx.flags.get(idx)
    if cached is None:
        sent = ctx.pt.sentences[idx]
        cached = ctx.flags[idx] = _Flags(ctx.pt.sentence_text(sent), ctx.pt.sentence_lower(sent))
    return cached


def _qualifies(fam: Family, text: str, flags: _Flags) -> bool:
    """The sentence names the feature in the form the family counts (online, with its requirement)."""
    if fam.requires_online and not flags.online:
        return False
    if fam.requires is None:
        return True
    return flags._get(f"requires:{fam.key}", fam.requires.search)


def _positive(fam: Family, text: str, flags: _Flags, pt: PageText) -> tuple[str, str] | None:
    """("anchored"|"realized"|"confirm"|"offer", phrase) or None; ``confirm`` is a family's own fact cue."""
    if flags.explanatory or not _qualifies(fam, text, flags):
        return None
    pos = cues.classify_positive(text, pt.ref)
    if pos is not None and pos[0] == "anchored":
        return pos
    if fam.confirm is not None:
        m = fam.confirm.search(text)
        if m:
            return "confirm", m.group(0)
    if pos is None and fam.offer is not None:
        m = fam.offer.search(text)
        if m:
            return "offer", m.group(0)
    return pos


def _negative(fam: Family, text: str, flags: _Flags, pt: PageText) -> tuple[str, str] | None:
    neg = cues.classify_negative(text, pt.ref, admin=fam.admin)
    if neg is None and fam.offline is not None and not flags.online:
        m = fam.offline.search(text)
        if m:
            neg = ("offline_only", m.group(0))
    if neg is not None and ("planned" if neg[0] == "motion" else neg[0]) not in fam.negatives:
        return None
    return neg


def _combine(
    neg: tuple[str, str] | None, pos: tuple[str, str] | None, text: str, flags: _Flags, fam: Family
) -> str | None:
    if neg is not None:
        cls = neg[0]
        if pos is not None and cls == "offline_only" and (fam.requires_online or flags.online):
            # an online offer next to boilerplate ("nur persönlich"); for card payment "nur bar" is the answer
            return "confirmed" if pos[0] != "offer" else "offer"
        if pos is not None and cls == "planned" and pos[0] == "anchored":
            return "confirmed"  # "läuft seit Mai; soll ausgebaut werden" (a motion is never overridden)
        if pos is not None and cls == "planned" and pos[0] == "realized" and cues.EXPANSION_RE.search(text):
            return "confirmed"  # "Zu den bereits 25 aktiven Gateways kommen in diesem Jahr 15 weitere hinzu"
        return f"absent.{cls}"
    if pos is not None:
        return "offer" if pos[0] == "offer" else "confirmed"
    return None


def _topic_negated(pt: PageText, idx: int, match: re.Match[str] | None) -> bool:
    """The topic noun carries the negation itself ("Kein Livestream", "werden keine Termine vergeben")."""
    if match is None:
        return False
    sent = pt.sentences[idx]
    start = match.start()
    while start > sent.start and (pt.lower[start - 1].isalnum() or pt.lower[start - 1] == "-"):
        start -= 1  # the whole compound: "keinen Trautermin online reservieren"
    before = pt.lower[max(sent.start, start - 40) : start]
    if not _TOPIC_NEGATED_RE.search(before):
        return False
    return not _NEGATION_NOT_REFUSAL_RE.search(pt.lower, sent.start, sent.end)


def classify_topic_sentence(
    fam: Family, idx: int, pt: PageText, ctx: PageContext, match: re.Match[str] | None = None
) -> str | None:
    """The kind of evidence a sentence naming the family's topic gives (``match``: the topic match in it)."""
    flags = _flags(ctx, idx)
    if flags.question:
        return None
    text = pt.sentence_lower(pt.sentences[idx])
    neg = _negative(fam, text, flags, pt)
    if neg is None and "not_possible" in fam.negatives and _topic_negated(pt, idx, match):
        neg = ("not_possible", "kein")
    kind = _combine(neg, _positive(fam, text, flags, pt), text, flags, fam)
    if kind is None and fam.mention and not flags.explanatory and _qualifies(fam, text, flags):
        return "mention"
    if kind in ("absent.planned", "absent.motion", "absent.future_date") and not _qualifies(fam, text, flags):
        # "Augsburger sollen künftig ... Termine vereinbaren können": a plan that does not name the feature
        # in its counted (online) form is no evidence; "nur telefonisch" still is.
        return None
    return kind


def _window_evidence(
    fam: Family, idx: int, pt: PageText, ctx: PageContext, memo: dict[int, tuple]
) -> tuple[tuple[str, str] | None, tuple[str, str] | None, _Flags]:
    if idx not in memo:
        flags = _flags(ctx, idx)
        text = pt.sentence_lower(pt.sentences[idx])
        if flags.question or (fam.exclude is not None and fam.exclude.search(text)):
            memo[idx] = (None, None, flags)
        else:
            # without the topic word only a dated offer ("Seit 1. Juni ist das Portal online") confirms
            pos = _window_positive(fam, text, flags, pt)
            neg = None
            if pos is not None or flags.anaphor:  # the negative cues matter only then (computed lazily)
                neg = _negative(fam, text, flags, pt)
                if neg is not None:
                    pos = None  # "Seit Anfang des Monats stehen keine Leihroller mehr" confirms nothing
                if not flags.anaphor:
                    neg = (
                        None  # a neighbour withdraws the offer only when it refers back ("sei das ... nicht")
                    )
            memo[idx] = (pos, neg, flags)
    return memo[idx]


def _window_positive(fam: Family, text: str, flags: _Flags, pt: PageText) -> tuple[str, str] | None:
    """What :func:`_positive` gives when it is a time-anchored offer or the family's own confirming fact."""
    if flags.explanatory or not _qualifies(fam, text, flags):
        return None
    cue = time_cue(text, pt.ref)
    if cue is not None and cue[0] == "since":
        pos = ("anchored", cue[1])
    elif fam.confirm is not None and (m := fam.confirm.search(text)) is not None:
        pos = ("confirm", m.group(0))
    else:
        return None
    if fam.window_requires is not None and not fam.window_requires.search(text):
        return None
    return pos


def classify_window_sentence(
    fam: Family,
    j: int,
    topic_idx: int,
    pt: PageText,
    ctx: PageContext,
    memo: dict[int, tuple],
    *,
    withdraw: bool,
) -> str | None:
    """Evidence a neighbour of a topic sentence gives: a dated confirmation or, next to it, a withdrawal."""
    pos, neg, flags = _window_evidence(fam, j, pt, ctx, memo)
    if pos is not None and ctx.topic_owners.get(j, set()) - {fam.key} - fam.enablers:
        pos = None  # "Bereits seit 2017 gibt es ein Fahrradverleihsystem" confirms bikes, not e-scooters
    distance = abs(j - topic_idx)
    if pos is not None and distance > fam.window and pos[0] != "anchored":
        pos = None
    if pos is not None and j < topic_idx and not flags.anaphor_any:
        pos = None  # an earlier sentence confirms only when it refers to the thing ("dort ... ein solches")
    if distance > 1 or not withdraw or ctx.topic_owners.get(j, set()) - {fam.key}:
        neg = None  # only a direct neighbour, and not one about another feature ("Sensoren an Mülleimern sollen")
    return _combine(neg, pos, pt.sentence_lower(pt.sentences[j]), flags, fam)


def find_topics(fam: Family, pt: PageText, candidates: list[int] | None = None) -> dict[int, re.Match[str]]:
    """The sentences naming the family's topic, with the first match in each.

    ``candidates``: the sentences that contain one of the family's anchor words (see :class:`AnchorIndex`);
    None searches every sentence.
    """
    found: dict[int, re.Match[str]] = {}
    for idx in candidates if candidates is not None else range(len(pt.sentences)):
        sent = pt.sentences[idx]
        m = fam.topic.search(pt.lower, sent.start, sent.end)
        if m is not None:
            found[idx] = m
    return found


def evaluate_family(
    fam: Family,
    pt: PageText,
    ctx: PageContext,
    candidates: list[int] | None = None,
    topics: dict[int, re.Match[str]] | None = None,
) -> list[Hit]:
    """All hits of one family on one page, after the page-level checks (``topics``: see :func:`find_topics`)."""
    first_match = topics if topics is not None else find_topics(fam, pt, candidates)
    sentences = pt.sentences
    if not first_match:
        return []
    hits: list[Hit] = []
    memo: dict[int, tuple] = {}
    topic_elsewhere = False
    for idx, m in first_match.items():
        text = pt.sentence_lower(sentences[idx])
        if fam.exclude is not None and fam.exclude.search(text):
            continue
        if fam.context is not None and not _context_near(fam.context, pt, idx, fam.context_window):
            continue
        params = fam.resolver(pt, idx, m) if fam.resolver else fam.parameters
        if not params:
            continue
        if ctx.elsewhere(idx):
            topic_elsewhere = True
        kind = classify_topic_sentence(fam, idx, pt, ctx, m)
        if kind is not None:
            hits.append(Hit(params, kind, idx, m.start(), m.end(), idx))
        qualified = _qualifies(fam, text, _flags(ctx, idx))
        if qualified and _flags(ctx, idx).question:
            hits.extend(_faq_answer(fam, idx, params, pt, ctx, first_match))
        elif fam.admin and _is_heading(pt, idx):
            hits.extend(_section_negatives(fam, idx, params, pt, ctx, first_match))
        if qualified and fam.requires_online and kind is None:
            hits.extend(_follow_up_offer(fam, idx, params, pt, ctx, first_match))
        if not qualified and fam.window_needs_qualified:
            continue
        lo, hi = max(0, idx - fam.window - 1), min(len(sentences) - 1, idx + fam.window + 1)
        for j in range(lo, hi + 1):
            if j == idx or j in first_match:
                continue
            kind = classify_window_sentence(fam, j, idx, pt, ctx, memo, withdraw=qualified)
            if kind is not None and kind != "offer":
                hits.append(Hit(params, kind, j, sentences[j].start, sentences[j].start, idx))
    return _page_checks(hits, ctx, topic_elsewhere)


def _is_heading(pt: PageText, idx: int) -> bool:
    words = pt.sentence_text(pt.sentences[idx]).split()
    return 0 < len(words) <= _HEADING_MAX_WORDS and not words[-1].endswith((".", "!", "?", ",", ";"))


def _section_negatives(
    fam: Family, idx: int, params: tuple[str, ...], pt: PageText, ctx: PageContext, topics: dict
) -> list[Hit]:
    """Refusals in the sentences under a heading that names the topic ("Die Auskunft muss schriftlich beantragt
    werden. Eine Beantragung online ist nicht möglich."): only sentences about the procedure itself count."""
    hits: list[Hit] = []
    title = idx <= 1 and pt.sentences[idx].block == pt.sentences[0].block
    end = idx + 1 + (_TITLE_SCOPE_SENTENCES if title else _SECTION_SENTENCES)
    for j in range(idx + 1, min(len(pt.sentences), end)):
        if j in topics:
            break
        if _is_heading(pt, j):
            if title:
                continue
            break
        if ctx.topic_owners.get(j, set()) - {fam.key}:
            continue  # another feature's sentence
        flags = _flags(ctx, j)
        text = pt.sentence_lower(pt.sentences[j])
        if flags.question or not _PROCEDURE_RE.search(text):
            continue
        neg = _negative(fam, text, flags, pt)
        if neg is None or neg[0] not in _SECTION_NEGATIVES:
            continue
        if neg[0] != "offline_only" and not flags.online:
            continue  # "nicht möglich" about something else than the online way
        if title and neg[0] == "offline_only" and not _STRONG_OFFLINE_RE.search(text):
            continue
        if _positive(fam, text, flags, pt) is not None and neg[0] == "offline_only" and flags.online:
            continue  # an online offer next to "nur persönlich"
        hits.append(Hit(params, f"absent.{neg[0]}", j, pt.sentences[j].start, pt.sentences[j].start, idx))
    return hits


def _follow_up_offer(
    fam: Family, idx: int, params: tuple[str, ...], pt: PageText, ctx: PageContext, topics: dict
) -> list[Hit]:
    """The sentence after one that names an online procedure makes the offer ("Über das Kita-Portal finden Eltern
    alle Einrichtungen. Die Anmeldung können Sie direkt im Portal abschicken.")."""
    j = idx + 1
    if j >= len(pt.sentences) or j in topics or pt.sentences[j].block != pt.sentences[idx].block:
        return []
    if ctx.topic_owners.get(j, set()) - {fam.key}:
        return []
    flags = _flags(ctx, j)
    text = pt.sentence_lower(pt.sentences[j])
    if flags.question or not flags.online or not _PROCEDURE_RE.search(text):
        return []
    if fam.exclude is not None and fam.exclude.search(text):
        return []
    if _negative(fam, text, flags, pt) is not None:
        return []
    pos = _positive(fam, text, flags, pt)
    if pos is None:
        return []
    start = pt.sentences[j].start
    return [Hit(params, "offer" if pos[0] == "offer" else "confirmed", j, start, start, idx)]


def _faq_answer(
    fam: Family, idx: int, params: tuple[str, ...], pt: PageText, ctx: PageContext, topics: dict
) -> list[Hit]:
    """The answer to an FAQ question that names the feature in its counted form ("Kann ich ... online ...?")."""
    j = idx + 1
    if j >= len(pt.sentences) or j in topics:
        return []
    flags = _flags(ctx, j)
    if flags.question:
        return []
    text = pt.sentence_lower(pt.sentences[j])
    start = pt.sentences[j].start
    neg = _negative(fam, text, flags, pt)
    if neg is not None and (neg[0] != "offline_only" or not flags.online):
        return [Hit(params, f"absent.{'planned' if neg[0] == 'motion' else neg[0]}", j, start, start, idx)]
    if _ANSWER_NO_RE.match(text) and "not_possible" in fam.negatives:
        return [Hit(params, "absent.not_possible", j, start, start, idx)]
    if _ANSWER_YES_RE.match(text):
        return [Hit(params, "offer", idx, pt.sentences[idx].start, pt.sentences[idx].start, idx)]
    return []


def _context_near(context: re.Pattern[str], pt: PageText, idx: int, window: int) -> bool:
    lo, hi = max(0, idx - window), min(len(pt.sentences) - 1, idx + window)
    if lo == 0 and hi == len(pt.sentences) - 1:  # the whole page: search once
        key = ("context", context.pattern)
        if key not in pt.memo:
            pt.memo[key] = bool(context.search(pt.lower))
        return pt.memo[key]
    return bool(context.search(pt.lower, pt.sentences[lo].start, pt.sentences[hi].end))


# Refusals that also hold in a sentence about other towns ("Freiburg ist noch nicht dabei, momentan bieten
# Hamburg, Köln ... den Service an", "ab 2019 startet auch in Dortmund", "wir fordern, wie in vielen
# Städten üblich, ...").
_KEEP_ELSEWHERE = ("absent.not_possible", "absent.discontinued", "absent.future_date", "absent.motion")


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
        elif ctx.elsewhere(h.sentence) and not ctx.names_a_place(h.sentence):
            continue  # "In vielen kleineren Städten gibt es dagegen kein Carsharing": towns in general
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
        rule_id = rule_ids.get("absent.planned" if hit.kind == "absent.motion" else hit.kind)
        if rule_id is None:
            continue
        for param in hit.parameters:
            key = (param, rule_id)
            if key in seen:
                continue
            seen.add(key)
            present = not hit.kind.startswith("absent")
            out.append(
                Detection(
                    parameter_id=param,
                    value=fam.value if present else 0.0,
                    status="present" if present else "absent",
                    rule_id=rule_id,
                    snippet=snippet_for(pt, hit),
                    url=url,
                )
            )
    return out


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` as a trie: one cheap pass over a long text finds them all."""
    return trie_pattern(words)


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class AnchorIndex:
    """One pass over a page's lower-case text finds the candidate sentences of every family."""

    def __init__(self, families: tuple[Family, ...]):
        self.families_by_word: dict[str, set[str]] = {}
        for fam in families:
            for word in fam.anchors:
                for form in {word.lower(), word.lower().translate(_FOLD)}:
                    self.families_by_word.setdefault(form, set()).add(fam.key)
        words = sorted(self.families_by_word)
        # A match is the longest anchor at its position; shorter anchors that are prefixes of it count too.
        self._families_of_match = {
            w: set().union(*(self.families_by_word[p] for p in words if w.startswith(p))) for w in words
        }
        self.pattern = re.compile(_trie_pattern(words))

    def candidates(self, pt: PageText) -> dict[str, list[int]]:
        found: dict[str, set[int]] = {}
        for m in self.pattern.finditer(pt.lower):
            idx = pt.sentence_at(m.start()).index
            for key in self._families_of_match[m.group(0)]:
                found.setdefault(key, set()).add(idx)
        return {key: sorted(idxs) for key, idxs in found.items()}
