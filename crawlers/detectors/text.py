"""From a fetched page to what the rules read: clean text, sentences, links, embeds and dates.

Everything here is pure and fast (one lxml parse, a handful of precompiled regexes): the spider runs
it on every page it fetches.

- HTML: ``<script>``, ``<style>``, ``<noscript>``, ``<template>`` and ``<svg>`` are dropped; the *main
  text* also drops site navigation and footers (``<nav>``, ``<footer>``, page-level ``<header>``, ARIA
  navigation/contentinfo, menu/breadcrumb/cookie containers), so a menu entry "Online-Terminvergabe" on
  every page of a city site does not count as evidence on each of them. Block elements become blank
  lines, list items and ``<br>`` line breaks.
- Plain text is used as it is (archived texts may start with a ``date YYYY-MM`` marker, which becomes
  the page's reference date and is removed from the text).
- The last path segment of an http(s) URL that reads like a headline slug
  (``/bike-sharing-start-ist-fuer-2025-geplant``) is prepended as a title line: news sites put the
  headline there, and it often carries the decisive word ("geplant").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from crawlers.detectors.base import Page
from crawlers.detectors.dates import RefDate, reference_date
from crawlers.detectors.fastre import FastPattern

_UMLAUTS = {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"}
_UMLAUT_RE = re.compile("[äöüß]")


def rx(pattern: str, flags: int = 0) -> FastPattern:
    """Compile a rule pattern for LOWER-CASE text, accepting ``ae/oe/ue/ss`` wherever it says ``ä/ö/ü/ß``.

    Rules match the page's lower-cased text case-sensitively (several times faster than IGNORECASE);
    the few patterns that need the original capitalisation pass ``re.IGNORECASE`` and ``(?-i:...)``.
    Patterns must not put umlauts inside ``[...]`` classes (write ``(?:a|ä)``). The result searches a
    literal prefilter first (see :mod:`crawlers.detectors.fastre`).
    """
    return FastPattern(_UMLAUT_RE.sub(lambda m: _UMLAUTS[m.group(0)], pattern), flags)


_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas")
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "form",
    "table",
    "thead",
    "tbody",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "pre",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
    "fieldset",
    "details",
    "summary",
    "hr",
    "body",
}
_LINE_TAGS = {"li", "br", "tr", "dt", "dd", "figcaption", "option", "caption", "label"}
_CHROME_TOKENS = frozenset(
    {
        "nav",
        "navi",
        "navigation",
        "navbar",
        "menu",
        "mainmenu",
        "megamenu",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "cookie",
        "cookies",
        "cookiebanner",
        "skip",
        "skiplinks",
        "skiplink",
        "sitemap",
    }
)
_TOKEN_SPLIT = str.maketrans({"_": " ", "-": " "})
_CHROME_HINT_RE = re.compile("nav|menu|breadcrumb|footer|cookie|skip|sitemap")
_WS_RE = re.compile(r"[ \t\f\v\r\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_MANY_NEWLINES_RE = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_MARKER_RE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})\b[ \t]*")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_SNIFF_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|a\s|span|br|meta|title|table|li)\b", re.I
)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # offsets into PageText.text
    end: int
    block: int  # index of the paragraph (blank-line separated block) the sentence belongs to


@dataclass
class PageText:
    """A page prepared for the rules."""

    url: str
    text: str  # main text (title/slug lines first)
    sentences: list[Sentence]
    starts: list[int]
    lower: str
    ref: RefDate | None
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute url, anchor text), all links
    main_links: list[tuple[str, str]] = field(default_factory=list)  # links in the main text only
    iframes: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    html: str | None = None
    full_text: str = ""  # raw text including navigation and footer (not normalised)
    title: str = ""
    memo: dict = field(default_factory=dict)  # per-page caches of the rules

    def sentence_at(self, offset: int) -> Sentence:
        return self.sentences[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def sentence_text(self, sent: Sentence) -> str:
        return self.text[sent.start : sent.end]

    def sentence_lower(self, sent: Sentence) -> str:
        return self.lower[sent.start : sent.end]


def looks_like_html(content: str) -> bool:
    """True when ``content`` is HTML rather than plain text (checked on its first 4 KB)."""
    return bool(_HTML_SNIFF_RE.search(content[:4096]))


def strip_controls(text: str) -> str:
    """Control characters (NUL and friends) out: lxml refuses them and they carry no words."""
    return _CONTROL_RE.sub("", text)


def normalise_text(text: str) -> str:
    """NFC, invisible characters removed, runs of blanks collapsed, at most one blank line in a row."""
    text = strip_controls(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _WS_RE.sub(" ", text)  # every run of blanks is one space now: lines lose at most one at each end
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return _MANY_NEWLINES_RE.sub("\n\n", text).strip()


# Only containers can be site chrome; links, images, paragraphs and inline elements are skipped cheaply.
_CHROME_CANDIDATE_TAGS = frozenset(
    {"nav", "footer", "header", "div", "ul", "ol", "section", "aside", "menu", "table"}
)


_STRING_XPATH = etree.XPath("string()")  # text_content() of lxml.html, in C


def _text_of(el: etree._Element) -> str:
    return str(_STRING_XPATH(el))


def _drop_tree(el: etree._Element) -> None:
    """Remove ``el`` and its children, keeping its tail text (lxml.html's ``drop_tree``)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


_PARSER = etree.HTMLParser()  # plain elements: no Python-level class lookup for each node


def _document(html: str | bytes) -> etree._Element:
    """The parsed document (what ``lxml.html.document_fromstring`` gives, with plain elements)."""
    root = etree.fromstring(html, _PARSER)
    if root is None:
        raise etree.ParserError("Document is empty")
    return root


def parse_document(html: str) -> etree._Element | None:
    """The parsed document of an HTML string (control characters stripped), or None if unparseable."""
    html = strip_controls(html)
    try:
        return _document(html)
    except (etree.ParserError, ValueError):
        # lxml refuses documents with an XML encoding declaration in a str, and empty documents.
        try:
            return _document(html.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return None


def _absolute(base_url: str, base_origin: str, href: str) -> str:
    """``urljoin(base_url, href)``, without its cost for the common absolute-path and absolute links."""
    if "/." in href or "\\" in href or "#" in href or "?" in href:
        return urljoin(base_url, href)
    if href.startswith(("https://", "http://")):
        return urljoin(base_url, href) if " " in href else href
    if base_origin and href.startswith("/") and not href.startswith("//"):
        return base_origin + href
    return urljoin(base_url, href)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def _is_chrome(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag not in _CHROME_CANDIDATE_TAGS:
        return False
    if tag in ("nav", "footer"):
        return True
    role = (el.get("role") or "").lower()
    if role in ("navigation", "contentinfo", "banner", "menubar", "menu"):
        return True
    if tag == "header":
        # A page-level header (logo, menu) is chrome; an article's header carries the headline.
        parent = el.getparent()
        while parent is not None:
            if parent.tag in ("article", "main"):
                return False
            parent = parent.getparent()
        return True
    ident = f"{el.get('id') or ''} {el.get('class') or ''}".lower()
    if not _CHROME_HINT_RE.search(ident):  # every chrome token contains one of these (cheap test first)
        return False
    return not _CHROME_TOKENS.isdisjoint(ident.translate(_TOKEN_SPLIT).split())


def _block_text(root: etree._Element) -> str:
    """Text of an element tree with blank lines between blocks and line breaks for list items."""
    for el in root.iter(*_BLOCK_TAGS):  # lxml filters the tags in C
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    for el in root.iter(*_LINE_TAGS):
        el.text = ("\n• " if el.tag == "li" else "\n") + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("td", "th"):
        el.tail = " | " + (el.tail or "")
    return etree.tostring(root, method="text", encoding="unicode", with_tail=False)


@dataclass
class _Html:
    main_text: str
    full_text: str
    title: str
    links: list[tuple[str, str]]
    main_links: list[tuple[str, str]]
    iframes: list[str]
    scripts: list[str]
    meta: dict[str, str]


def parse_html(html: str, base_url: str) -> _Html:
    """One lxml parse: main text, full text, title, links (with anchors), iframes, script sources, meta."""
    doc = parse_document(html)
    if doc is None:
        return _Html("", "", "", [], [], [], [], {})
    meta: dict[str, str] = {}
    title = ""
    for el in doc.iter("meta", "title", "html", "time"):
        if el.tag == "title":
            title = " ".join(_text_of(el).split())
        elif el.tag == "html":
            if el.get("lang"):
                meta["lang"] = el.get("lang", "")
        elif el.tag == "time":
            if el.get("datetime") and "time" not in meta:
                meta["time"] = el.get("datetime", "")
        else:
            key = (
                el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv") or ""
            ).lower()
            if key and el.get("content") is not None and key not in meta:
                meta[key] = el.get("content", "")
    iframes = [
        urljoin(base_url, s)
        for el in doc.iter("iframe", "embed", "object")
        if (s := (el.get("src") or el.get("data-src") or el.get("data") or "").strip())
    ]
    scripts: list[str] = []
    for el in doc.iter("script"):
        src = (el.get("src") or el.get("data-src") or "").strip()
        if src:
            scripts.append(urljoin(base_url, src))
        elif el.text and len(scripts) < 200:
            # Inline loaders name the widget host (chatbots, payment SDKs); keep a short head of them.
            scripts.append(el.text[:2000])
    for el in doc.iter("link"):
        href = (el.get("href") or "").strip()
        rel = (el.get("rel") or "").lower()
        if href and ("stylesheet" in rel or "alternate" in rel):
            scripts.append(urljoin(base_url, href))
            if "alternate" in rel and el.get("hreflang"):
                meta.setdefault("hreflang", "")
                meta["hreflang"] += f" {el.get('hreflang')}"
    # C-level removal (keeps the tails, i.e. the text after the removed element)
    etree.strip_elements(doc, *(t for t in _DROP_TAGS if t != "head"), with_tail=False)
    body = doc.find("body")
    if body is None:
        body = doc
    links: list[tuple[str, str]] = []
    chrome_elements = [e for e in body.iter(*_CHROME_CANDIDATE_TAGS) if _is_chrome(e)]
    # Keep the anchor proxies alive: lxml then hands out the same objects, so their ids stay valid.
    chrome_anchors = [a for el in chrome_elements for a in el.iter("a", "area")]
    chrome = {id(a) for a in chrome_anchors}
    main_links: list[tuple[str, str]] = []
    origin = _origin(base_url)
    for a in body.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = _absolute(base_url, origin, href)
        anchor = " ".join((_text_of(a) or a.get("title") or a.get("aria-label") or "").split())
        links.append((absolute, anchor))
        if id(a) not in chrome:
            main_links.append((absolute, anchor))
    full_text = _block_text(body)  # also puts the block/line breaks into the tree
    for el in chrome_elements:
        if el.getparent() is not None:
            _drop_tree(el)
    main_text = (
        etree.tostring(body, method="text", encoding="unicode", with_tail=False)
        if chrome_elements
        else full_text
    )
    return _Html(main_text, full_text, title, links, main_links, iframes, scripts, meta)


_SLUG_SPLIT_RE = re.compile(r"[-_+]+")
_SLUG_WORD_RE = re.compile(r"^[a-zäöüß]+\d{0,4}$|^\d{4}$", re.IGNORECASE)


def url_slug_title(url: str) -> str:
    """A headline read from the URL's last path segment, or "" when it does not look like one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return ""
    segments = [s for s in unquote(parts.path).split("/") if s]
    for segment in reversed(segments[-2:]):
        segment = re.sub(r"\.(html?|php|aspx?|jsp)$", "", segment, flags=re.IGNORECASE)
        segment = re.sub(r"[;,].*$", "", segment)
        words = [w for w in _SLUG_SPLIT_RE.split(segment) if w]
        good = [w for w in words if _SLUG_WORD_RE.match(w)]
        if len(words) >= 4 and len(good) >= 0.75 * len(words):
            return " ".join(good)
    return ""


# Sentence boundaries: blank lines, line breaks and sentence punctuation.
_BOUNDARY_RE = re.compile(r"\n\n|\n|(?<=[.!?])[\"“”»)']*[ \t]+(?=\S)")
_ABBREV = {
    "z",
    "b",
    "bzw",
    "ca",
    "nr",
    "dr",
    "st",
    "u",
    "a",
    "d",
    "h",
    "abs",
    "vgl",
    "ggf",
    "inkl",
    "evtl",
    "str",
    "tel",
    "usw",
    "etc",
    "mio",
    "mrd",
    "jh",
    "geb",
    "prof",
    "hr",
    "fr",
    "o",
    "s",
    "fa",
    "bd",
    "ff",
    "max",
    "min",
    "bspw",
    "sog",
    "zzgl",
    "allg",
    "gem",
    "lt",
    "ehem",
    "v",
    "i",
    "e",
    "j",
    "m",
    "ggü",
    "rd",
    "tsd",
    "mind",
    "gr",
    "kl",
    "insb",
    "zt",
    "zb",
    "dt",
    "dipl",
    "ing",
    "mag",
    "med",
    "stv",
    "gez",
}
_BULLET_RE = re.compile(r"[•·▪◦\-–*]|\d{1,2}[.)]\s|[a-zäöü]")
_PREV_WORD_RE = re.compile(r"([\wäöüÄÖÜß]+)\.$")


def split_sentences(text: str) -> tuple[list[Sentence], list[int]]:
    """Sentences (as offsets) of ``text``; list items and lines after a colon join the line before."""
    sentences: list[Sentence] = []
    block = 0
    start = 0
    n = len(text)
    for m in _BOUNDARY_RE.finditer(text):
        sep = m.group(0)
        cut = m.start()
        if sep == "\n\n":
            if cut > start:
                sentences.append(Sentence(len(sentences), start, cut, block))
            block += 1
            start = m.end()
            continue
        if sep == "\n":
            nxt = text[m.end() : m.end() + 3]
            prev = text[start:cut].rstrip()
            if not prev:
                start = m.end()
                continue
            if prev.endswith((":", ",", ";", "–", "-", "(")) or (nxt and _BULLET_RE.match(nxt)):
                continue  # the next line continues this sentence (list items, wrapped lines)
            sentences.append(Sentence(len(sentences), start, cut, block))
            if prev.endswith((".", "!", "?", '"', "“", "”", "»")):
                block += 1  # plain texts separate paragraphs by single line breaks
            start = m.end()
            continue
        # sentence punctuation (just before ``cut``) followed by blanks
        head = text[max(start, cut - 12) : cut].rstrip("\"“”»)'")
        word = _PREV_WORD_RE.search(head)
        if head.endswith(".") and word:
            token = word.group(1)
            ordinal = (
                token.isdigit() and len(token) <= 2
            )  # "1. März", "13.7." - a year or amount ends a sentence
            if token.lower() in _ABBREV or ordinal or (len(token) == 1 and token.isalpha()):
                continue
        nxt = text[m.end() : m.end() + 1]
        if nxt and nxt.islower():
            continue
        sentences.append(Sentence(len(sentences), start, cut, block))
        start = m.end()
    if start < n and text[start:].strip():
        sentences.append(Sentence(len(sentences), start, n, block))
    if not sentences:
        sentences.append(Sentence(0, 0, n, 0))
    return sentences, [s.start for s in sentences]


def prepare(page: Page, *, reference: RefDate | None = None) -> PageText:
    """Turn a :class:`Page` into a :class:`PageText` (text, sentences, links, embeds, reference date)."""
    url = page.final_url or page.url or ""
    html = page.html
    if html is None and page.text is not None and looks_like_html(page.text):
        html = page.text
    marker_ref: RefDate | None = None
    if html is not None:
        parsed = parse_html(html, url)
        body, full, title = parsed.main_text, parsed.full_text, parsed.title
        links, main_links = parsed.links, parsed.main_links
        iframes, scripts, meta = parsed.iframes, parsed.scripts, parsed.meta
    else:
        body = page.text or ""
        m = _MARKER_RE.match(body)
        if m:
            marker_ref = RefDate(int(m.group(1)), int(m.group(2)), None)
            body = body[m.end() :]
        full, title, links, main_links, iframes, scripts, meta = body, "", [], [], [], [], {}
    if page.links:
        known = {u for u, _ in links}
        extra = [(u, a) for u, a in page.links if u not in known]
        links = links + extra
        if html is None:
            main_links = main_links + extra
    body = normalise_text(body)
    if html is None:
        m = _MARKER_RE.match(body)
        if m and marker_ref is None:
            marker_ref = RefDate(int(m.group(1)), int(m.group(2)), None)
            body = body[m.end() :]
    head_lines = []
    slug = url_slug_title(page.url or "") or (url_slug_title(url) if url != page.url else "")
    if slug:
        head_lines.append(slug)
    if title and not body.startswith(title[:40]):
        head_lines.append(normalise_text(title))
    text = "\n\n".join([*head_lines, body]) if head_lines else body
    sentences, starts = split_sentences(text)
    ref = marker_ref or reference_date(text, url=page.url or url, meta=meta) or reference
    return PageText(
        url=url,
        text=text,
        sentences=sentences,
        starts=starts,
        lower=same_length_lower(text),
        ref=ref,
        links=links,
        main_links=main_links,
        iframes=iframes,
        scripts=scripts,
        meta=meta,
        html=html,
        full_text=full if html is not None else text,
        title=title,
    )


def same_length_lower(text: str) -> str:
    """``text.lower()`` with the same offsets (a few characters, like "İ", lower to two)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def collapse(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _registry_city_aliases() -> dict[str, str]:
    """First word of each registry municipality's short name -> the name (to spot comparisons of towns)."""
    try:
        from normalize.cities import load_cities

        names = {c.name for c in load_cities()}
    except Exception:  # a broken registry only disables this heuristic
        return {}
    aliases: dict[str, str] = {}
    for name in names:
        base = re.sub(r"\s*\(.*?\)", "", name)
        base = re.sub(r"\s+(am|an der|im|in der|ob der)\s+\w+$", "", base)
        aliases[base.split(" ")[0]] = base
    # Words that are also common German nouns are left out (das Essen, die Halle).
    for word in ("Essen", "Halle", "Hamm", "Siegen", "Neuss", "Moers", "Ulm", "Kiel"):
        aliases.pop(word, None)
    return aliases


_CITY_SUFFIXES = ("", "s", "er", "ern", "ers", "erin", "erinnen")  # Dortmunds, Berliner, Kölnerinnen


@lru_cache(maxsize=1)
def _city_pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    aliases = _registry_city_aliases()
    forms = {alias + suffix: name for alias, name in aliases.items() for suffix in _CITY_SUFFIXES}
    if not forms:
        return None, {}
    from crawlers.detectors.engine import _trie_pattern  # the same trie builder as the anchor index

    return re.compile(r"\b" + _trie_pattern(sorted(forms)) + r"\b"), forms


def city_mentions(text: str) -> list[tuple[str, int]]:
    """(registry municipality, offset) for each mention in ``text`` (exact, case-sensitive)."""
    pattern, forms = _city_pattern()
    if pattern is None:
        return []
    return [(forms[m.group(0)], m.start()) for m in pattern.finditer(text) if m.group(0) in forms]


def cities_named(text: str) -> set[str]:
    """Registry municipalities named in ``text``."""
    return {name for name, _ in city_mentions(text)}


def iter_links(pt: PageText, *, main_only: bool = False) -> Iterable[tuple[str, str]]:
    return pt.main_links if main_only else pt.links
