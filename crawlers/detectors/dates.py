"""Dates in German municipal texts: the page's own date, and whether "ab 1. März" lies in its future.

A start date in the future relative to the page ("ab dem 1. Februar", "ab Montag, 4. September", "ab
2019", "bis Ende 2017 sollen") makes a mention an announcement (``absent``); the same date in the past
("seit 2020", "ab 1. März 2020" read in 2024) confirms a running offer.

The page's reference date comes, in this order, from an archive ``date YYYY-MM`` marker, HTML meta data
(``article:published_time`` and friends, ``<time datetime>``), a date in the URL path
(``/2011/september/23/``, ``/2020/08/19/``), a "Stand: 07.06.2023" line or a dateline at the very top of
the text; the caller may pass a fallback (the crawl date). Without any, an "ab <date>" is read as an
announcement, which is what it nearly always is in news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from crawlers.detectors.fastre import FastPattern

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jaenner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
_MONTH_ALT = (
    r"(?:januar|jänner|jaenner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|"
    r"dezember|jan|feb|mär|mrz|apr|jun|jul|aug|sept|sep|okt|nov|dez)\.?"
)
_WEEKDAY = r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
_YEAR = r"(?:19|20)\d{2}"
# "1. März 2020", "13.7.", "13.07.2020", "1. März"
_DAY_DATE = (
    rf"(?P<day>\d{{1,2}})\.\s*(?:(?P<mname>{_MONTH_ALT})|(?P<mnum>\d{{1,2}})\.)\s*(?P<year>{_YEAR})?\b"
)
_MONTH_DATE = rf"(?:anfang|mitte|ende)?\s*(?P<mname2>{_MONTH_ALT})(?:\s+(?P<year2>{_YEAR}))?\b"


@dataclass(frozen=True, order=True)
class RefDate:
    year: int
    month: int
    day: int | None = None

    @classmethod
    def of(cls, value: date | RefDate | None) -> RefDate | None:
        if value is None or isinstance(value, RefDate):
            return value
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True)
class When:
    year: int | None
    month: int | None
    day: int | None


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(name.lower().rstrip("."))


def is_future(when: When, ref: RefDate | None, *, default: bool) -> bool:
    """True when ``when`` lies after ``ref``; ``default`` when there is no reference date."""
    if ref is None:
        return default
    if when.year is not None:
        if when.month is None:
            return when.year >= ref.year  # "ab 2019" in a 2019 text still announces
        if (when.year, when.month) != (ref.year, ref.month):
            return (when.year, when.month) > (ref.year, ref.month)
        if when.day is not None and ref.day is not None:
            return when.day > ref.day
        return True  # same month: announcements are usually written shortly before the start
    if when.month is None:
        return default
    if when.month == ref.month:
        if when.day is not None and ref.day is not None:
            return when.day > ref.day
        return True
    # A year-less month within the next half year is a coming date, otherwise one of the past months.
    return (when.month - ref.month) % 12 <= 6


# --- time expressions inside one sentence ---------------------------------------------------------
_AB_DATE_RE = FastPattern(
    rf"\bab\s+(?:dem\s+|den\s+)?(?:(?:kommende[mn]?|nächste[mn]?)\s+)?(?:{_WEEKDAY},?\s+(?:dem\s+|den\s+)?)?{_DAY_DATE}",
    re.IGNORECASE,
)
_AB_MONTH_RE = FastPattern(rf"\bab\s+(?:dem\s+|im\s+)?{_MONTH_DATE}", re.IGNORECASE)
_AB_YEAR_RE = FastPattern(
    rf"\bab\s+(?:dem\s+jahr(?:e)?\s+|(?:anfang|mitte|ende|frühjahr|frühling|sommer|herbst|winter)\s+)?(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
_AB_RELATIVE_RE = FastPattern(
    rf"\bab\s+(?:dem\s+|der\s+)?(?:morgen\b|übermorgen\b|(?:kommende[mnrs]?|nächste[mnrs]?|übernächste[mnrs]?)\s+\w+|"
    rf"{_WEEKDAY}\b(?!,?\s+(?:dem\s+|den\s+)?\d))",
    re.IGNORECASE,
)
_START_ON_RE = FastPattern(
    rf"\b(?:am|zum)\s+(?:{_WEEKDAY},?\s+(?:dem\s+|den\s+)?)?{_DAY_DATE}", re.IGNORECASE
)
_START_VERB_RE = FastPattern(
    r"\b(?:startet|starten|an den start|online gehen|geht\b[^.]{0,60}\bonline|freigeschaltet|in betrieb gehen|"
    r"eröffnet wird|eingeführt wird|beginnt|beginnen)\b",
    re.IGNORECASE,
)
_UNTIL_YEAR_RE = FastPattern(
    rf"\bbis\s+(?:spätestens\s+|zum\s+jahr\s+|zum\s+)?(?:(?:anfang|mitte|ende)\s+)?(?:{_MONTH_ALT}\s+)?(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
_RUNNING_RE = FastPattern(
    r"\b(?:läuft|laufen|lief|befristet|zunächst bis|testphase|pilotphase|projektlaufzeit)", re.I
)
_SINCE_RE = FastPattern(
    r"\bseit(?:dem)?\b|\bab\s+(?:sofort|heute|jetzt)\b|\b(?:bereits|schon)\s+(?:heute|jetzt)\b", re.IGNORECASE
)


def _when_from(m: re.Match[str]) -> When:
    g = m.groupdict()
    year = g.get("year") or g.get("year2")
    month = _month(g.get("mname") or g.get("mname2"))
    if month is None and g.get("mnum"):
        month = int(g["mnum"])
        if not 1 <= month <= 12:
            month = None
    day = int(g["day"]) if g.get("day") else None
    return When(int(year) if year else None, month, day)


@lru_cache(maxsize=16384)
def time_cue(sentence: str, ref: RefDate | None) -> tuple[str, str] | None:
    """("future", phrase) for an announced start, ("since", phrase) for a running offer, else None."""
    for pattern in (_AB_DATE_RE, _AB_MONTH_RE, _AB_YEAR_RE):
        for m in pattern.finditer(sentence):
            when = _when_from(m)
            if when.month is None and when.year is None:
                continue
            return ("future", m.group(0)) if is_future(when, ref, default=True) else ("since", m.group(0))
    m = _AB_RELATIVE_RE.search(sentence)
    if m:
        return "future", m.group(0)
    if _START_VERB_RE.search(sentence):
        m = _START_ON_RE.search(sentence)
        if m:
            when = _when_from(m)
            if when.month is not None and is_future(when, ref, default=True):
                return "future", m.group(0)
    m = _UNTIL_YEAR_RE.search(sentence)
    if m and not _RUNNING_RE.search(sentence):
        when = When(int(m.group("year")), None, None)
        if ref is None or when.year >= ref.year:
            return "future", m.group(0)
    m = _SINCE_RE.search(sentence)
    if m:
        return "since", m.group(0)
    return None


# --- the page's own date ----------------------------------------------------------------------------
_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.issued",
    "dcterms.issued",
    "publishdate",
    "publish-date",
    "pubdate",
    "published",
    "article:modified_time",
    "og:updated_time",
    "last-modified",
    "time",
)
_ISO_RE = re.compile(rf"^\s*({_YEAR})-(\d{{2}})(?:-(\d{{2}}))?")
_URL_DATE_RE = re.compile(
    rf"/({_YEAR})/(0?[1-9]|1[0-2]|{_MONTH_ALT})(?:/(\d{{1,2}}))?(?=/|$)|[/_-]({_YEAR})-(0[1-9]|1[0-2])-(\d{{2}})\b",
    re.IGNORECASE,
)
_STAND_RE = FastPattern(
    rf"\b(?:stand|erstellt am|veröffentlicht am|aktualisiert am|zuletzt aktualisiert)\s*:?\s*(?:vom\s+)?"
    rf"(\d{{1,2}})\.\s*(\d{{1,2}})\.\s*({_YEAR})",
    re.IGNORECASE,
)
_DATELINE_RE = FastPattern(
    rf"(?:^|\n)\W{{0,3}}(?:{_WEEKDAY},?\s+)?(\d{{1,2}})\.\s*(?:({_MONTH_ALT})|(\d{{1,2}})\.)\s*({_YEAR})\b",
    re.IGNORECASE,
)


def reference_date(text: str, *, url: str = "", meta: dict[str, str] | None = None) -> RefDate | None:
    """The date the page speaks from (see the module docstring for the order of the sources)."""
    for key in _META_KEYS:
        value = (meta or {}).get(key)
        if value:
            m = _ISO_RE.match(value)
            if m and 1 <= int(m.group(2)) <= 12:
                return RefDate(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    m = _URL_DATE_RE.search(url or "")
    if m:
        if m.group(1):
            month = int(m.group(2)) if m.group(2).isdigit() else _month(m.group(2))
            day = int(m.group(3)) if m.group(3) and 1 <= int(m.group(3)) <= 31 else None
            if month:
                return RefDate(int(m.group(1)), month, day)
        else:
            return RefDate(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    m = _STAND_RE.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return RefDate(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _DATELINE_RE.search(text[:200])
    if m:
        month = _month(m.group(2)) if m.group(2) else int(m.group(3))
        if month and 1 <= month <= 12:
            return RefDate(int(m.group(4)), month, int(m.group(1)))
    return None
