"""What the city crawl may visit (its registrable domains plus one hop onto portals) and in which order.

Registrable domain (eTLD+1) comes from tldextract's bundled Public Suffix List snapshot: no download,
ever (``suffix_list_urls=()``). Hosts without a public suffix (``localhost``, IP literals) are their own
registrable domain, which is what the local test sites rely on.

Focus: links whose URL or anchor text name a topic the catalog asks about (appointments, payment, online
services, open data, ...) get a higher Scrapy priority, so a page budget is spent on them first. Each
topic names the parameter-id prefixes it matters for: when a budget stops the crawl while links of a
topic are still unvisited, those parameters are ``not_checkable`` rather than ``absent``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urldefrag, urlsplit, urlunsplit

import tldextract


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # No PSL download and no cache directory: the snapshot bundled with tldextract is used.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """eTLD+1 of ``host`` (``www.stadt-koeln.de`` -> ``stadt-koeln.de``); the host itself without a suffix."""
    host = (host or "").strip().strip(".").lower()
    if not host:
        return ""
    parts = _extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    return host


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def url_domain(url: str) -> str:
    return registrable_domain(host_of(url))


def canonical_url(url: str) -> str:
    """The URL without fragment, with a lower-case scheme/host and a path of at least ``/``."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    scheme = parts.scheme.lower()
    # Default ports say nothing: http://x:80/ and http://x/ are one page.
    if (scheme == "http" and netloc.endswith(":80")) or (scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@dataclass(frozen=True)
class FocusTopic:
    name: str
    pattern: re.Pattern[str]
    parameter_prefixes: tuple[str, ...]


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.IGNORECASE)


# Keyword groups over URL and anchor text. Order matters only for readability.
FOCUS_TOPICS: tuple[FocusTopic, ...] = (
    FocusTopic(
        "appointments",
        _rx(r"termin|appointment|buchung|booking|tevis|netappoint|timeacle|etermin|terminland|qmatic|tempus"),
        ("verwaltung.online_terminvergabe.",),
    ),
    FocusTopic(
        "payment",
        _rx(r"bezahl|zahlung|epay|payment|paypal|giropay|geb(ü|ue)hr|bu(ß|ss)geld|verwarn|kasse"),
        ("verwaltung.payment.",),
    ),
    FocusTopic(
        "services",
        _rx(
            r"dienstleistung|online-?dienst|online-?service|e-?government|antrag|formular|serviceportal|"
            r"service-?portal|b(ü|ue)rgerservice|b(ü|ue)rgerb(ü|ue)ro|b(ü|ue)rgeramt|servicekonto|"
            r"b(ü|ue)rgerkonto|bundid|leistungen|a-z|a_z|lebenslage|anliegen|m(ä|ae)ngel|sags-uns|\b115\b|"
            r"chat|kfz|zulassung|gewerbe|meldebe|ummeld|kita|parkausweis|standesamt|ausl(ä|ae)nder|"
            r"barrierefrei|leichte-?sprache|english|sprache"
        ),
        (
            "verwaltung.online_dienstleistungen.",
            "verwaltung.serviceportal.",
            "verwaltung.bevoelkerungsanliegen.",
            "verwaltung.website.",
        ),
    ),
    FocusTopic(
        "open_data",
        _rx(r"open-?data|offene-?daten|offene daten|datenportal|daten-?portal|opendata|ckan|datens(ä|ae)tze"),
        ("gesellschaft.open_data.",),
    ),
    FocusTopic(
        "geodata",
        _rx(
            r"geoportal|geo-?daten|stadtplan|stadtkarte|karte|\bgis\b|webgis|geoinfo|bebauungspl|b-?plan|wms|wfs"
        ),
        ("gesellschaft.geodaten.",),
    ),
    FocusTopic(
        "participation",
        _rx(
            r"beteiligung|mitmachen|mitreden|mitgestalten|b(ü|ue)rgerhaushalt|partizipation|consul|adhocracy|"
            r"ratsinfo|livestream|rats-?tv|sitzung|stadtrat|gemeinderat|video"
        ),
        ("gesellschaft.beteiligung.",),
    ),
    FocusTopic(
        "mobility",
        _rx(
            r"mobilit|parken|parkhaus|handyparken|verkehr|(ö|oe)pnv|nahverkehr|fahrplan|sharing|ticket|"
            r"e-?scooter|tretroller|fahrrad|radverkehr|bike|mobilstation|mobilpunkt"
        ),
        ("mobilitaet.",),
    ),
    FocusTopic(
        "smart_city",
        _rx(
            r"smart-?city|digital|lorawan|wlan|wifi|wi-fi|freifunk|hotspot|sensor|dashboard|datenplattform|"
            r"urban-?data|innovation|start-?up|gr(ü|ue)nd|fablab|fab-lab|makerspace|maker|beleuchtung|"
            r"m(ü|ue)ll|abfall|container|klima|umwelt"
        ),
        (
            "it_kommunikation.",
            "energie_umwelt.",
            "gesellschaft.fablabs_coworking.",
            "gesellschaft.handel_startups.",
        ),
    ),
)
FOCUS_PRIORITY = 100  # added to a request's priority per matching topic (capped at two topics)
PORTAL_PRIORITY = 300  # links onto recognised portal/vendor domains


@lru_cache(maxsize=65536)
def focus_topics(url: str, anchor: str = "") -> tuple[str, ...]:
    """Names of the focus topics whose keywords occur in the URL path/query or the anchor text."""
    parts = urlsplit(url)
    haystack = f"{parts.netloc} {parts.path} {parts.query} {anchor}"
    return tuple(t.name for t in FOCUS_TOPICS if t.pattern.search(haystack))


def link_priority(topics: tuple[str, ...], depth: int, *, portal: bool = False) -> int:
    """Scrapy priority of a link: focus topics and portals first, shallower before deeper."""
    score = min(len(topics), 2) * FOCUS_PRIORITY + (PORTAL_PRIORITY if portal else 0)
    return score - depth


def topics_for_parameter(parameter_id: str) -> tuple[str, ...]:
    """The focus topics a parameter depends on (empty: the homepage and whatever was crawled)."""
    return tuple(
        t.name for t in FOCUS_TOPICS if any(parameter_id.startswith(p) for p in t.parameter_prefixes)
    )
