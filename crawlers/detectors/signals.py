"""Site-quality signals measured on one page, for the ordinals the crawl aggregates over a site.

:func:`page_signals` is pure (one page in, a flat dict out). The crawl ORs them over the pages of a city
(``crawlers/quality.py``) into ``verwaltung.website.informationsgehalt`` / ``nutzungsfreundlichkeit``,
``verwaltung.serviceportal.nutzungsfreundlichkeit`` and ``gesellschaft.geodaten.nutzungsfreundlichkeit``.

Keys (all present on every result):

- ``is_https`` - the final URL is served over HTTPS;
- ``has_mobile_viewport`` - ``<meta name="viewport" content="width=device-width ...">``;
- ``has_site_search`` - a search form (``role=search``, ``type=search``, a query field such as ``q``/
  ``suche``/``searchterm``, or a form posting to a search URL) or a link to the site search;
- ``has_accessibility_statement`` - a link to the Barrierefreiheitserklärung;
- ``languages`` - sorted language codes the page offers besides its own (``hreflang``, language links
  such as "English", "Türkçe", ``/en/``), ``has_foreign_language`` - that list is not empty;
- ``has_leichte_sprache`` / ``has_gebaerdensprache`` - links to Leichte Sprache / Gebärdensprache pages;
- ``has_service_catalogue`` - a link to the service catalogue ("Dienstleistungen A-Z", "Was erledige ich
  wo", "Behördenwegweiser", "Leistungen von A bis Z") or the page is one;
- ``has_eid_login`` - BundID / Online-Ausweis / eID login offered; ``has_account_login`` - a login or
  Servicekonto / Bürgerkonto sign-in;
- ``portals`` - sorted portal kinds the page is on, embeds or links (see :func:`~.vendors.portal_kind`);
- ``social`` - {network: first account URL};
- ``title``, ``lang``, ``text_chars``, ``link_count``, ``looks_js_only`` (almost no text but an app
  root or a "JavaScript required" notice).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from crawlers.detectors.base import Page
from crawlers.detectors.fastre import FastPattern
from crawlers.detectors.text import (
    _drop_tree,
    _text_of,
    looks_like_html,
    normalise_text,
    parse_document,
)
from crawlers.detectors.vendors import match_signature, social_network, text_links

_VIEWPORT_RE = re.compile(r"width\s*=\s*device-width", re.IGNORECASE)
_SEARCH_FIELD_RE = re.compile(
    r"^(?:q|query|search|suche|suchbegriff|searchterm|searchtext|keywords?|s|term|tx_solr\[q\]|tx_kesearch_pi1\[sword\]|"
    r"tx_indexedsearch_pi2\[search\]\[sword\]|sword|volltext|fulltext|stichwort)$",
    re.IGNORECASE,
)
_SEARCH_URL_RE = re.compile(r"such|search|finden", re.IGNORECASE)
_SEARCH_ANCHOR_RE = re.compile(
    r"^\s*(?:suche|suchen|search|website durchsuchen|volltextsuche)\s*$", re.IGNORECASE
)
_ACCESSIBILITY_RE = FastPattern(
    r"barrierefreiheit|barrierefreiheitserkl(?:ä|ae)rung|erkl(?:ä|ae)rung\s+zur\s+barrierefreiheit|accessibility|"
    r"barriere\s+melden|barrierefrei",
    re.IGNORECASE,
)
_LEICHTE_SPRACHE_RE = FastPattern(
    r"leichte[\s-]sprache|einfache[\s-]sprache|easy[\s-]to[\s-]read", re.IGNORECASE
)
_GEBAERDEN_RE = FastPattern(r"geb(?:ä|ae)rdensprache|\bdgs\b", re.IGNORECASE)
_CATALOGUE_RE = FastPattern(
    r"(?:dienst)?leistungen\s+(?:von\s+)?a\s*(?:-|–|bis)\s*z|a\s*(?:-|–|bis)\s*z\s+(?:der\s+)?(?:dienst)?leistungen|"
    r"b(?:ü|ue)rgerservice\s+a\s*(?:-|–)\s*z|was\s+erledige\s+ich\s+wo|beh(?:ö|oe)rdenwegweiser|verwaltungswegweiser|"
    r"dienstleistungsfinder|leistungsverzeichnis|dienstleistungen\s+a-z|themen\s+a\s*-\s*z|lebenslagen|"
    r"dienstleistungen-a-z|leistungen-a-z|/a-z/|buergerservice/leistungen|behoerdenwegweiser|/dienstleistungen/",
    re.IGNORECASE,
)
_EID_RE = FastPattern(
    r"\bbund\s?id\b|online-?ausweis(?:funktion)?|\beid\b|ausweisapp|nutzerkonto\s+bund|mit\s+(?:dem\s+)?"
    r"personalausweis\s+(?:anmelden|einloggen)|elster-?zertifikat|servicekonto\.nrw|mein\s+unternehmenskonto",
    re.IGNORECASE,
)
_LOGIN_RE = FastPattern(
    r"\b(?:anmelden|einloggen|login|log\s+in|registrieren|mein\s+konto)\b|servicekonto|service-konto|b(?:ü|ue)rgerkonto|"
    r"nutzerkonto",
    re.IGNORECASE,
)
_LANGUAGE_ANCHORS = {
    "english": "en",
    "englisch": "en",
    "français": "fr",
    "francais": "fr",
    "französisch": "fr",
    "türkçe": "tr",
    "türkisch": "tr",
    "turkce": "tr",
    "polski": "pl",
    "polnisch": "pl",
    "русский": "ru",
    "russisch": "ru",
    "العربية": "ar",
    "arabisch": "ar",
    "español": "es",
    "spanisch": "es",
    "italiano": "it",
    "italienisch": "it",
    "українська": "uk",
    "ukrainisch": "uk",
    "română": "ro",
    "rumänisch": "ro",
    "nederlands": "nl",
    "dansk": "da",
    "čeština": "cs",
    "tschechisch": "cs",
    "ελληνικά": "el",
    "griechisch": "el",
    "فارسی": "fa",
    "中文": "zh",
}
_ROLE_XPATH = etree.XPath("//*[@role]")
_LANG_PATH_RE = re.compile(r"^/(en|fr|tr|pl|ru|ar|es|it|uk|ro|nl|da|cs|el|fa|zh)(?:/|$|-)", re.IGNORECASE)
_APP_ROOT_RE = re.compile(r"id=[\"'](?:app|root|__next|__nuxt)[\"']", re.IGNORECASE)
_JS_NOTICE_RE = re.compile(
    r"javascript\s+(?:aktivieren|einschalten|enable|is\s+required|erforderlich|deaktiviert)", re.IGNORECASE
)


def _empty(page: Page) -> dict[str, Any]:
    url = page.final_url or page.url or ""
    return {
        "is_https": urlsplit(url).scheme == "https",
        "has_mobile_viewport": False,
        "has_site_search": False,
        "has_accessibility_statement": False,
        "languages": [],
        "has_foreign_language": False,
        "has_leichte_sprache": False,
        "has_gebaerdensprache": False,
        "has_service_catalogue": False,
        "has_eid_login": False,
        "has_account_login": False,
        "portals": [],
        "social": {},
        "title": "",
        "lang": "",
        "text_chars": 0,
        "link_count": 0,
        "looks_js_only": False,
    }


def page_signals(page: Page) -> dict[str, Any]:
    """Site-quality signals of one page (see the module docstring for the keys)."""
    signals = _empty(page)
    url = page.final_url or page.url or ""
    html = page.html
    if html is None and page.text is not None and looks_like_html(page.text):
        html = page.text
    portals: set[str] = set()
    for u in {url, page.url or ""}:
        sig = match_signature(u, page_self=True) if u else None
        if sig is not None:
            portals.add(sig.kind)
    if html is None:
        text = normalise_text(page.text or "")
        links = [(u, a) for u, a in page.links] + [(u, "") for u, _, _ in text_links(text)]
        _link_signals(signals, links, url, portals, own_lang="de")
        signals["text_chars"] = len(text)
        signals["has_service_catalogue"] = signals["has_service_catalogue"] or bool(
            _CATALOGUE_RE.search(text[:2000])
        )
        signals["portals"] = sorted(portals)
        return signals
    doc = parse_document(html)
    if doc is None:
        signals["portals"] = sorted(portals)
        return signals
    lang = (doc.get("lang") or "").split("-")[0].lower()
    signals["lang"] = lang
    title_el = doc.find(".//title")
    signals["title"] = " ".join((_text_of(title_el) if title_el is not None else "").split())
    languages: set[str] = set()
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "viewport" and _VIEWPORT_RE.search(meta.get("content") or ""):
            signals["has_mobile_viewport"] = True
    for link in doc.iter("link"):
        hreflang = (link.get("hreflang") or "").split("-")[0].lower()
        if "alternate" in (link.get("rel") or "").lower() and hreflang and hreflang not in ("x", "de", lang):
            languages.add(hreflang)
    for el in doc.iter("form", "input"):
        if el.tag == "form":
            action = el.get("action") or ""
            if (
                (el.get("role") or "").lower() == "search"
                or _SEARCH_URL_RE.search(action)
                or _SEARCH_URL_RE.search(f"{el.get('id') or ''} {el.get('class') or ''}")
            ):
                signals["has_site_search"] = True
        elif (el.get("type") or "").lower() == "search" or _SEARCH_FIELD_RE.match(el.get("name") or ""):
            signals["has_site_search"] = True
    for el in _ROLE_XPATH(doc):
        if (el.get("role") or "").lower() == "search":
            signals["has_site_search"] = True
            break
    for el in doc.iter("iframe", "script", "embed"):
        src = el.get("src") or el.get("data-src") or ""
        sig = match_signature(src) if src else None
        if sig is not None:
            portals.add(sig.kind)
    links = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:")):
            continue
        anchor = " ".join((_text_of(a) or a.get("title") or a.get("aria-label") or "").split())
        links.append((href, anchor))
        hreflang = (a.get("hreflang") or a.get("lang") or "").split("-")[0].lower()
        if hreflang and hreflang not in ("de", lang):
            languages.add(hreflang)
    links += list(page.links)
    _link_signals(signals, links, url, portals, own_lang=lang or "de", languages=languages)
    for bad in list(doc.iter("script", "style", "noscript", "template")):
        _drop_tree(bad)
    body = doc.find("body")
    text = " ".join((_text_of(body) if body is not None else "").split())
    signals["text_chars"] = len(text)
    if _EID_RE.search(text):
        signals["has_eid_login"] = True
    signals["looks_js_only"] = len(text) < 200 and (
        bool(_APP_ROOT_RE.search(html)) or bool(_JS_NOTICE_RE.search(html))
    )
    signals["portals"] = sorted(portals)
    return signals


def _link_signals(
    signals: dict[str, Any],
    links: list[tuple[str, str]],
    url: str,
    portals: set[str],
    *,
    own_lang: str,
    languages: set[str] | None = None,
) -> None:
    languages = set(languages or ())
    signals["link_count"] = len(links)
    # "any link says ...": one search over all labels; no pattern can match across the NUL separator
    labels = "\x00".join(f"{anchor} {href}" for href, anchor in links)
    anchors = "\x00".join(anchor or "" for _, anchor in links)
    labels_lower, anchors_lower = labels.lower(), anchors.lower()
    for key, pattern, text, lower in (
        ("has_accessibility_statement", _ACCESSIBILITY_RE, labels, labels_lower),
        ("has_leichte_sprache", _LEICHTE_SPRACHE_RE, labels, labels_lower),
        ("has_gebaerdensprache", _GEBAERDEN_RE, labels, labels_lower),
        ("has_service_catalogue", _CATALOGUE_RE, labels, labels_lower),
        ("has_eid_login", _EID_RE, labels, labels_lower),
        ("has_account_login", _LOGIN_RE, anchors, anchors_lower),
    ):
        if pattern.search(text, lower=lower):
            signals[key] = True
    for href, anchor in links:
        if _SEARCH_ANCHOR_RE.match(anchor or ""):
            signals["has_site_search"] = True
        code = _LANGUAGE_ANCHORS.get((anchor or "").strip().lower())
        if code:
            languages.add(code)
        path_lang = _LANG_PATH_RE.match(urlsplit(href).path or "")
        if path_lang and anchor and len(anchor) <= 20:
            languages.add(path_lang.group(1).lower())
        net = social_network(href)
        if net is not None:
            signals["social"].setdefault(net, href)
            continue
        sig = match_signature(href)
        if sig is not None:
            portals.add(sig.kind)
    if _CATALOGUE_RE.search(urlsplit(url).path or ""):
        signals["has_service_catalogue"] = True
    languages.discard(own_lang)
    languages.discard("de")
    signals["languages"] = sorted(languages)
    signals["has_foreign_language"] = bool(languages)
