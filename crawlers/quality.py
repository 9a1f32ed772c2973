"""Site-quality ordinals measured on the crawl (levels exactly as the catalog's ``scale`` entries).

Inputs are the per-page signals of :func:`crawlers.detectors.page_signals` (site search, mobile viewport,
HTTPS, accessibility statement, languages / Leichte Sprache, service catalogue, eID login), a few extra
page facts measured here (geo services and downloads, online-service links, JS-only pages) and the
broken-link share measured during the crawl. Everything here is pure: records in, levels out.

- ``verwaltung.website.informationsgehalt`` (0..3): 0 no service descriptions (A-Z); 1 service
  descriptions; 2 service descriptions plus at least two of site search, accessibility statement, other
  languages or Leichte Sprache; 3 all four.
- ``verwaltung.website.nutzungsfreundlichkeit`` (0..3): 0 not HTTPS; 1 HTTPS; 2 HTTPS and a mobile
  viewport; 3 also under 5 % broken internal links among the crawled pages.
- ``verwaltung.serviceportal.nutzungsfreundlichkeit`` (0..2): 0 no portal or not HTTPS with search or
  catalogue; 1 portal over HTTPS with a search or service catalogue; 2 as 1 plus mobile viewport and an
  eID/BundID or account login.
- ``gesellschaft.geodaten.nutzungsfreundlichkeit`` (0..2): 0 no geoportal or map viewer; 1 reachable over
  HTTPS; 2 as 1 plus search and downloads or standard services (WMS/WFS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

BROKEN_LINK_LIMIT = 0.05
ONLINE_SERVICES_FOR_LEVEL_2 = 10

ONLINE_SERVICE_RE = re.compile(
    r"\bonline\s+(beantragen|anmelden|ummelden|abmelden|bestellen|melden|buchen|bezahlen|erledigen|"
    r"einreichen|stellen|anfordern|beauftragen|beantragung)\b|"
    r"\bonline-?(antrag|dienst|service|formular|verfahren|beantragung)\b|"
    r"\bantrag\s+online\b|\bjetzt\s+online\b",
    re.IGNORECASE,
)
_GEO_SERVICE_RE = re.compile(
    r"request=getcapabilities|service=w[mf]s|/w[mf]s(?:[/?\"']|$)|\bW[MF]S\b|\bOGC\b", re.IGNORECASE
)
_GEO_DOWNLOAD_RE = re.compile(
    r"\.(?:shp|geojson|gml|kml|kmz|gpkg)(?:\.zip)?[\"'?#]|shape-?file|geojson|geopackage", re.IGNORECASE
)
_VIEWPORT_RE = re.compile(r"<meta[^>]+name=[\"']?viewport[\"']?[^>]*width\s*=\s*device-width", re.IGNORECASE)
_SERVICE_PORTAL_URL_RE = re.compile(
    r"serviceportal|service-portal|onlineservice|online-service|onlinedienst|online-dienst|e-?service|"
    r"servicekonto|b(?:ue|ü)rgerkonto|^(?:service|serviceportal|portal)\.",
    re.IGNORECASE,
)
_GEO_URL_RE = re.compile(
    r"geoportal|webgis|geoinfo|stadtplan|stadtkarte|/gis/|^gis\.|mapserver|^maps?\.|/karten?/", re.IGNORECASE
)
_SCRIPT_RE = re.compile(r"<script\b", re.IGNORECASE)
_APP_ROOT_RE = re.compile(r"<noscript\b|id=[\"'](?:app|root|__next|__nuxt)[\"']", re.IGNORECASE)


def page_extras(html: str | None, text: str, *, seed: bool = True, geo: bool = True) -> dict[str, Any]:
    """Facts measured here on one page (in addition to the detectors' page_signals).

    Only what a page's role needs is measured (it runs on every page): the JS-only check on the
    homepage, geo services/downloads on geoportal pages.
    """
    html = html or ""
    extras: dict[str, Any] = {"viewport": bool(_VIEWPORT_RE.search(html[:20_000]))}
    if seed:
        extras["js_only"] = is_js_only(html, text)
    if geo:
        extras["geo_services"] = bool(_GEO_SERVICE_RE.search(html))
        extras["geo_downloads"] = bool(_GEO_DOWNLOAD_RE.search(html))
    return extras


def is_js_only(html: str, text: str) -> bool:
    """A page whose content needs JavaScript: almost no text, but scripts or an app root / noscript."""
    return len(" ".join(text.split())) < 150 and bool(_SCRIPT_RE.search(html) or _APP_ROOT_RE.search(html))


def is_online_service_anchor(anchor: str) -> bool:
    return bool(ONLINE_SERVICE_RE.search(anchor or ""))


def _truthy(value: Any) -> bool:
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) > 0
    return bool(value)


def signal(signals: Mapping[str, Any] | None, *names: str) -> bool:
    """True when any of the named page signals is set (signal names differ between rule sets)."""
    if not signals:
        return False
    return any(_truthy(signals.get(n)) for n in names)


def has_other_languages(signals: Mapping[str, Any] | None) -> bool:
    """Foreign-language or Leichte-Sprache pages (``languages`` may list codes; German alone is not enough)."""
    if not signals:
        return False
    if signal(
        signals,
        "has_leichte_sprache",
        "leichte_sprache",
        "has_easy_language",
        "has_foreign_language",
        "has_other_languages",
        "has_languages",
    ):
        return True
    languages = signals.get("languages")
    if isinstance(languages, Mapping):
        return any(_truthy(v) for k, v in languages.items() if str(k).lower() not in ("de", "deu", "german"))
    if isinstance(languages, list | tuple | set | frozenset):
        return any(str(x).lower() not in ("de", "deu", "german", "deutsch") for x in languages)
    return False


@dataclass
class SignalSet:
    """Signals OR-ed over a set of pages, with one example URL per signal (for the evidence)."""

    https: str | None = None
    viewport: str | None = None
    search: str | None = None
    catalogue: str | None = None
    accessibility: str | None = None
    languages: str | None = None
    eid: str | None = None
    geo_services: str | None = None
    geo_downloads: str | None = None
    pages: list[str] = field(default_factory=list)

    def add(self, page: Mapping[str, Any]) -> None:
        url = page.get("final_url") or page.get("url")
        sig = page.get("signals") or {}
        extras = page.get("extras") or {}
        self.pages.append(url)
        facts = {
            "https": urlsplit(url).scheme == "https" or signal(sig, "is_https"),
            "viewport": signal(sig, "has_mobile_viewport", "mobile_viewport") or bool(extras.get("viewport")),
            "search": signal(sig, "has_site_search", "site_search", "has_search"),
            "catalogue": signal(sig, "has_service_catalogue", "service_catalogue"),
            "accessibility": signal(sig, "has_accessibility_statement", "accessibility_statement"),
            "languages": has_other_languages(sig),
            "eid": signal(sig, "has_eid_login", "eid_login", "has_login", "has_account_login"),
            "geo_services": bool(extras.get("geo_services")),
            "geo_downloads": bool(extras.get("geo_downloads")),
        }
        for name, present in facts.items():
            if present and getattr(self, name) is None:
                setattr(self, name, url)


def is_service_portal_page(page: Mapping[str, Any]) -> bool:
    kind = (page.get("portal_kind") or page.get("self_kind") or "").lower()
    if kind.startswith(("serviceportal", "service", "eid", "account")):
        return True
    parts = urlsplit(page.get("final_url") or page.get("url") or "")
    return bool(_SERVICE_PORTAL_URL_RE.search(parts.netloc) or _SERVICE_PORTAL_URL_RE.search(parts.path))


def is_geo_page(page: Mapping[str, Any]) -> bool:
    kind = (page.get("portal_kind") or page.get("self_kind") or "").lower()
    if kind.startswith(("geo", "map", "gis")):
        return True
    parts = urlsplit(page.get("final_url") or page.get("url") or "")
    return bool(_GEO_URL_RE.search(parts.netloc) or _GEO_URL_RE.search(parts.path))


def informationsgehalt(site: SignalSet) -> int:
    if not site.catalogue:
        return 0
    others = sum(1 for s in (site.search, site.accessibility, site.languages) if s)
    return 3 if others == 3 else 2 if others >= 2 else 1


def website_nutzungsfreundlichkeit(homepage: SignalSet, broken_share: float | None) -> int:
    if not homepage.https:
        return 0
    if not homepage.viewport:
        return 1
    return 3 if broken_share is not None and broken_share < BROKEN_LINK_LIMIT else 2


def serviceportal_nutzungsfreundlichkeit(portal: SignalSet) -> int:
    if not portal.pages or not portal.https or not (portal.search or portal.catalogue):
        return 0
    return 2 if portal.viewport and portal.eid else 1


def geodaten_nutzungsfreundlichkeit(geo: SignalSet) -> int:
    if not geo.pages or not geo.https:
        return 0
    return 2 if geo.search and (geo.geo_downloads or geo.geo_services) else 1


def signal_set(pages: Iterable[Mapping[str, Any]]) -> SignalSet:
    out = SignalSet()
    for page in pages:
        out.add(page)
    return out


def broken_link_share(records: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(broken, checked) internal links: pages of the city's own domains that answered 4xx/5xx or failed.

    Robots-excluded and refused links are not checked links; portal hops are not internal.
    """
    broken = checked = 0
    for rec in records:
        if rec.get("hop", 0) != 0 or rec.get("aux"):
            continue
        if rec.get("kind") == "page":
            checked += 1
            broken += int(int(rec.get("status") or 0) >= 400)
        elif rec.get("kind") == "error" and rec.get("error_kind") in (
            "dns",
            "timeout",
            "connection",
            "redirect",  # a redirect loop: the link leads nowhere
            "other",
        ):
            checked += 1
            broken += 1
    return broken, checked
