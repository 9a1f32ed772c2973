"""Open-data portal probes: identify the platform and ask its API (``gesellschaft.open_data.*``).

Platforms, tried in this order on each candidate base URL, with their documented endpoints:

- CKAN: ``/api/3/action/status_show`` (identifies, lists extensions), ``package_search?rows=0`` with the
  ``license_id`` facet (dataset count, licences; search), Atom feed ``/feeds/dataset.atom``.
- DKAN 2: ``/api/1/search?page-size=1`` (``total``; search), ``/api/1/metastore/schemas/dataset/items``
  (DCAT-US items with ``license``). DKAN 1 (Drupal 7) answers CKAN's ``package_list``.
- Opendatasoft: Explore v2.1 ``/api/explore/v2.1/catalog/datasets?limit=0`` (``total_count``) and
  ``/catalog/facets?facet=license``; Explore v1 ``/api/datasets/1.0/search?rows=0&facet=license``.
- ArcGIS Hub: ``/api/v3/datasets?page[size]=1`` (``meta.stats.totalCount``), OGC Records search
  ``/api/search/v1/collections/dataset/items``, DCAT-US feed ``/api/feed/dcat-us/1.1.json`` (licences),
  RSS ``/api/feed/rss/2.0``.
- Anything else: the portal's HTML (search form, RSS/Atom links, feedback cues); no count.

Feedback and notification features also come from the portal's HTML (comment/feedback/dataset-request
cues, feed links, follow/subscribe), which every platform renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from crawlers.netsafety import UnsafeURLError
from crawlers.probes.http import Fetched, FetchError, SafeFetcher

OPEN_SHARE_FOR_LEVEL_2 = 0.9
CKAN_MAX_ROWS = 1000  # datasets listed to count licences when the portal answers no facets

# Open licences: Datenlizenz Deutschland (by/zero), Creative Commons BY / BY-SA / CC0 / PDM, ODC (ODbL,
# BY, PDDL), and CKAN's generic "other-open"/"other-pd". NC and ND variants are not open.
_OPEN_LICENCE_RE = re.compile(
    r"dl-?de[-/_ ]?(by|zero)|dl-(by|zero)-de|datenlizenz deutschland|"
    r"\bcc[-_ ]?(by|0|zero)\b|cc-by-sa|creativecommons\.org/(licenses/by(-sa)?/|publicdomain/(zero|mark)/)|"
    r"creative commons (namensnennung|attribution|zero|cc0)|\bcc0\b|"
    r"odc[-_ ]?(odbl|by|pddl)|\bodbl\b|open database licen[cs]e|opendatacommons\.org/licenses/(odbl|by|pddl)|"
    r"other-open|other-pd|public domain|gemeinfrei|licence ouverte|open government licen[cs]e",
    re.IGNORECASE,
)
_NOT_OPEN_RE = re.compile(
    r"\bnc\b|-nc\b|noncommercial|nicht-?kommerziell|\bnd\b|-nd\b|noderiv", re.IGNORECASE
)
_NOT_STATED_RE = re.compile(r"^(|none|null|notspecified|not specified|unknown|keine|nicht angegeben)$", re.I)

_FEED_LINK_RE = re.compile(
    r"<link[^>]+type=[\"']application/(rss|atom)\+xml[\"']|href=[\"'][^\"']*(\.atom|\.rss|/rss|/feeds?/)[^\"']*[\"']",
    re.IGNORECASE,
)
_FOLLOW_RE = re.compile(
    r"\b(folgen|follow|abonnieren|subscribe|newsletter|benachrichtig\w*|e-?mail-?benachrichtigung)\b",
    re.IGNORECASE,
)
_FEEDBACK_RE = re.compile(
    r"\b(feedback|kommentar\w*|kommentieren|bewertung\w*|bewerten|rückmeldung|datenw(u|ü|ue)nsch\w*|"
    r"daten(satz)?\s*(anfragen|w(ü|ue)nschen|vorschlagen)|datensatz\s*vorschlagen|anregung\w*|issues?)\b",
    re.IGNORECASE,
)
_SEARCH_FORM_RE = re.compile(
    r"<input[^>]+(type=[\"']search[\"']|name=[\"'](q|query|search|suche)[\"'])|role=[\"']search[\"']",
    re.IGNORECASE,
)
_CKAN_FEEDBACK_EXTENSIONS = ("issues", "datarequests", "disqus", "comments", "rating", "feedback")
_CKAN_FOLLOW_EXTENSIONS = ("activity",)


def licence_openness(identifier: str | None) -> bool | None:
    """True open, False stated but not open, None not stated."""
    text = (identifier or "").strip()
    if _NOT_STATED_RE.match(text):
        return None
    if _NOT_OPEN_RE.search(text):
        return False
    return bool(_OPEN_LICENCE_RE.search(text))


def licence_level(licence_counts: dict[str, int], total: int) -> tuple[int, float | None]:
    """(catalog ``lizenz`` level, open share) from counts per licence id over ``total`` datasets."""
    stated = {k: v for k, v in licence_counts.items() if licence_openness(k) is not None}
    if total <= 0 or not stated:
        return 0, None
    open_count = sum(v for k, v in stated.items() if licence_openness(k))
    share = min(open_count / total, 1.0)
    return (2 if share >= OPEN_SHARE_FOR_LEVEL_2 else 1), share


@dataclass
class Finding:
    """One probed fact with the exchange that shows it."""

    value: Any
    rule_id: str
    url: str
    snippet: str
    fetched: Fetched | None = None

    def as_record(self) -> dict[str, Any]:
        f = self.fetched
        return {
            "value": self.value,
            "rule_id": self.rule_id,
            "url": self.url,
            "final_url": f.final_url if f else self.url,
            "http_status": f.status if f else None,
            "snippet": self.snippet[:300],
            "sha256": f.sha256 if f else None,
            "warc_record_id": f.warc_record_id if f else None,
            "fetched_at": f.fetched_at if f else None,
        }


@dataclass
class PortalProbe:
    portal_url: str
    platform: str | None = None
    base_url: str | None = None
    organisation: str | None = None
    dataset_count: Finding | None = None
    licences: dict[str, int] = field(default_factory=dict)
    licence: Finding | None = None
    search: Finding | None = None
    feedback: Finding | None = None
    notification: Finding | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def identified(self) -> bool:
        return self.platform is not None and self.platform != "unknown"

    def as_record(self) -> dict[str, Any]:
        return {
            "kind": "probe",
            "portal_url": self.portal_url,
            "platform": self.platform,
            "base_url": self.base_url,
            "organisation": self.organisation,
            "identified": self.identified,
            "licences": self.licences,
            "findings": {
                name: finding.as_record()
                for name in ("dataset_count", "licence", "search", "feedback", "notification")
                if (finding := getattr(self, name)) is not None
            },
            "errors": self.errors[:20],
        }


def _get_json(fetcher: SafeFetcher, url: str) -> tuple[Any, Fetched] | None:
    try:
        fetched = fetcher.get(url, accept="application/json")
    except (FetchError, UnsafeURLError):
        return None
    if fetched.status != 200:
        return None
    try:
        return fetched.json(), fetched
    except FetchError:
        return None


def _get(fetcher: SafeFetcher, url: str, accept: str = "*/*") -> Fetched | None:
    try:
        fetched = fetcher.get(url, accept=accept)
    except (FetchError, UnsafeURLError):
        return None
    return fetched if fetched.status == 200 else None


_API_MARKERS = (
    "/api/3/action",
    "/api/explore/",
    "/api/datasets/1.0",
    "/api/1/",
    "/api/v3/",
    "/api/search/v1",
    "/api/feed/",
    "/feeds/",
)


def api_root(url: str) -> str | None:
    """The portal root of a URL that points INTO a known API (``.../data/api/3/action/x`` -> ``.../data``)."""
    parts = urlsplit(url)
    path = parts.path
    cuts = [path.find(marker) for marker in _API_MARKERS if marker in path]
    if not cuts:
        return None
    return f"{parts.scheme}://{parts.netloc}{path[: min(cuts)]}".rstrip("/")


def base_candidates(url: str) -> list[str]:
    """Where a portal's API may be rooted: an API path's root, the first path segment (``/data``,
    ``/ckan``), then the origin."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    out: list[str] = []
    root = api_root(url)
    if root:
        out.append(root)
    segments = [s for s in parts.path.split("/") if s]
    skip = {
        "dataset",
        "datasets",
        "organization",
        "organisation",
        "group",
        "explore",
        "search",
        "api",
        "de",
        "en",
    }
    if segments and segments[0].lower() not in skip:
        out.append(f"{origin}/{segments[0]}")
    out.append(origin)
    return list(dict.fromkeys(out))


def organisation_filter(url: str) -> str | None:
    """A CKAN organisation named by the link (``/organization/<name>`` or ``?organization=<name>``)."""
    parts = urlsplit(url)
    match = re.search(r"/organi[sz]ation/([A-Za-z0-9_-]+)", parts.path)
    if match:
        return match.group(1)
    values = parse_qs(parts.query).get("organization")
    return values[0] if values else None


# --- platforms ------------------------------------------------------------------------------------------


def probe_ckan(fetcher: SafeFetcher, base: str, probe: PortalProbe) -> bool:
    status = _get_json(fetcher, f"{base}/api/3/action/status_show")
    if status is None:
        return False
    doc, fetched_status = status
    result = doc.get("result") if isinstance(doc, dict) else None
    if not (
        isinstance(doc, dict) and doc.get("success") and isinstance(result, dict) and "ckan_version" in result
    ):
        return False
    probe.platform, probe.base_url = "ckan", base
    extensions = [str(e).lower() for e in result.get("extensions") or []]
    fq = f"&fq=organization:{quote(probe.organisation)}" if probe.organisation else ""
    search_url = (
        f"{base}/api/3/action/package_search?rows=0&facet.field=%5B%22license_id%22%5D&facet.limit=-1{fq}"
    )
    searched = _get_json(fetcher, search_url)
    if searched and isinstance(searched[0], dict) and searched[0].get("success"):
        res = searched[0].get("result") or {}
        count = int(res.get("count") or 0)
        probe.dataset_count = Finding(
            count,
            "probe.ckan.package_search",
            search_url,
            f"CKAN {result.get('ckan_version')} package_search count={count}",
            searched[1],
        )
        probe.search = Finding(
            True,
            "probe.ckan.package_search",
            search_url,
            f"package_search answered (count={count})",
            searched[1],
        )
        facets = (res.get("facets") or {}).get("license_id")
        if not facets:
            items = ((res.get("search_facets") or {}).get("license_id") or {}).get("items") or []
            facets = {i.get("name"): int(i.get("count") or 0) for i in items}
        licence_url, licence_fetched, rule = search_url, searched[1], "probe.ckan.license_facet"
        if not facets and count:
            # No facet support (or facets switched off): count license_id over the datasets themselves.
            listed_url = f"{base}/api/3/action/package_search?rows={min(count, CKAN_MAX_ROWS)}{fq}"
            listed = _get_json(fetcher, listed_url) if count > len(res.get("results") or []) else searched
            results = ((listed[0] or {}).get("result") or {}).get("results") or [] if listed else []
            facets = {}
            for item in results:
                key = str((item or {}).get("license_id") or "")
                facets[key] = facets.get(key, 0) + 1
            if listed is not searched and listed is not None:
                licence_url, licence_fetched = listed_url, listed[1]
            rule = "probe.ckan.license_id"
        probe.licences = {str(k): int(v) for k, v in (facets or {}).items()}
        probe.licence = _licence_finding(probe, count, rule, licence_url, licence_fetched)
    else:
        probe.errors.append(f"{search_url}: package_search did not answer")
    feed_url = f"{base}/feeds/dataset.atom"
    feed = _get(fetcher, feed_url, accept="application/atom+xml")
    if feed is not None and (b"<feed" in feed.body[:2000] or "atom" in feed.content_type):
        probe.notification = Finding(
            True, "probe.ckan.atom_feed", feed_url, "Atom feed of new and changed datasets", feed
        )
    elif "activity" in extensions:
        probe.notification = Finding(
            True,
            "probe.ckan.activity_follow",
            fetched_status.url,
            "CKAN activity extension (follow datasets)",
            fetched_status,
        )
    feedback_ext = [e for e in extensions if any(f in e for f in _CKAN_FEEDBACK_EXTENSIONS)]
    if feedback_ext:
        probe.feedback = Finding(
            True,
            "probe.ckan.feedback_extension",
            fetched_status.url,
            f"CKAN extensions: {', '.join(feedback_ext)}",
            fetched_status,
        )
    return True


def probe_dkan(fetcher: SafeFetcher, base: str, probe: PortalProbe) -> bool:
    search_url = f"{base}/api/1/search?page-size=1"
    searched = _get_json(fetcher, search_url)
    if searched and isinstance(searched[0], dict) and "total" in searched[0] and "results" in searched[0]:
        probe.platform, probe.base_url = "dkan", base
        count = int(searched[0].get("total") or 0)
        probe.dataset_count = Finding(
            count, "probe.dkan.search", search_url, f"DKAN search total={count}", searched[1]
        )
        probe.search = Finding(
            True, "probe.dkan.search", search_url, f"DKAN search answered (total={count})", searched[1]
        )
        items_url = f"{base}/api/1/metastore/schemas/dataset/items?show-reference-ids=false"
        items = _get_json(fetcher, items_url)
        if items and isinstance(items[0], list):
            counts: dict[str, int] = {}
            for item in items[0]:
                if isinstance(item, dict):
                    key = str(item.get("license") or "")
                    counts[key] = counts.get(key, 0) + 1
            probe.licences = counts
            probe.licence = _licence_finding(
                probe, max(count, len(items[0])), "probe.dkan.metastore_license", items_url, items[1]
            )
        return True
    listed_url = f"{base}/api/3/action/package_list"
    listed = _get_json(fetcher, listed_url)
    if (
        listed
        and isinstance(listed[0], dict)
        and listed[0].get("success")
        and isinstance(listed[0].get("result"), list)
    ):
        probe.platform, probe.base_url = "dkan1", base
        count = len(listed[0]["result"])
        probe.dataset_count = Finding(
            count,
            "probe.dkan1.package_list",
            listed_url,
            f"CKAN-compatible package_list lists {count} datasets",
            listed[1],
        )
        return True
    return False


def probe_opendatasoft(fetcher: SafeFetcher, base: str, probe: PortalProbe) -> bool:
    v2_url = f"{base}/api/explore/v2.1/catalog/datasets?limit=0"
    v2 = _get_json(fetcher, v2_url)
    if v2 and isinstance(v2[0], dict) and "total_count" in v2[0]:
        probe.platform, probe.base_url = "opendatasoft", base
        count = int(v2[0]["total_count"] or 0)
        probe.dataset_count = Finding(
            count, "probe.ods.v2_catalog", v2_url, f"Opendatasoft Explore v2.1 total_count={count}", v2[1]
        )
        probe.search = Finding(
            True, "probe.ods.v2_catalog", v2_url, "Explore v2.1 catalog search answered", v2[1]
        )
        facets_url = f"{base}/api/explore/v2.1/catalog/facets?facet=license"
        facets = _get_json(fetcher, facets_url)
        if facets and isinstance(facets[0], dict):
            for group in facets[0].get("facets") or []:
                if str(group.get("name", "")).split(".")[-1] == "license":
                    probe.licences = {
                        str(f.get("value") or f.get("name")): int(f.get("count") or 0)
                        for f in group.get("facets") or []
                    }
            probe.licence = _licence_finding(
                probe, count, "probe.ods.v2_license_facet", facets_url, facets[1]
            )
        return True
    v1_url = f"{base}/api/datasets/1.0/search/?rows=0&facet=license"
    v1 = _get_json(fetcher, v1_url)
    if v1 and isinstance(v1[0], dict) and "nhits" in v1[0]:
        probe.platform, probe.base_url = "opendatasoft", base
        count = int(v1[0]["nhits"] or 0)
        probe.dataset_count = Finding(
            count, "probe.ods.v1_search", v1_url, f"Opendatasoft v1 nhits={count}", v1[1]
        )
        probe.search = Finding(
            True, "probe.ods.v1_search", v1_url, "Explore v1 dataset search answered", v1[1]
        )
        for group in v1[0].get("facet_groups") or []:
            if group.get("name") == "license":
                probe.licences = {
                    str(f.get("name")): int(f.get("count") or 0) for f in group.get("facets") or []
                }
        probe.licence = _licence_finding(probe, count, "probe.ods.v1_license_facet", v1_url, v1[1])
        return True
    return False


def probe_arcgis_hub(fetcher: SafeFetcher, base: str, probe: PortalProbe) -> bool:
    v3_url = f"{base}/api/v3/datasets?page%5Bsize%5D=1"
    v3 = _get_json(fetcher, v3_url)
    count: int | None = None
    if v3 and isinstance(v3[0], dict) and isinstance(v3[0].get("meta"), dict) and "data" in v3[0]:
        stats = v3[0]["meta"].get("stats") or {}
        count = int(stats.get("totalCount") or stats.get("count") or 0)
        probe.dataset_count = Finding(
            count, "probe.arcgis_hub.v3_datasets", v3_url, f"ArcGIS Hub v3 datasets totalCount={count}", v3[1]
        )
        probe.search = Finding(
            True, "probe.arcgis_hub.v3_datasets", v3_url, "Hub dataset search answered", v3[1]
        )
    else:
        ogc_url = f"{base}/api/search/v1/collections/dataset/items?limit=1"
        ogc = _get_json(fetcher, ogc_url)
        if not (ogc and isinstance(ogc[0], dict) and "numberMatched" in ogc[0]):
            return False
        count = int(ogc[0]["numberMatched"] or 0)
        probe.dataset_count = Finding(
            count,
            "probe.arcgis_hub.ogc_search",
            ogc_url,
            f"ArcGIS Hub OGC records numberMatched={count}",
            ogc[1],
        )
        probe.search = Finding(
            True, "probe.arcgis_hub.ogc_search", ogc_url, "Hub OGC records search answered", ogc[1]
        )
    probe.platform, probe.base_url = "arcgis_hub", base
    feed_url = f"{base}/api/feed/dcat-us/1.1.json"
    feed = _get_json(fetcher, feed_url)
    if feed and isinstance(feed[0], dict) and isinstance(feed[0].get("dataset"), list):
        counts: dict[str, int] = {}
        for item in feed[0]["dataset"]:
            key = str((item or {}).get("license") or "")
            counts[key] = counts.get(key, 0) + 1
        probe.licences = counts
        probe.licence = _licence_finding(
            probe,
            max(count or 0, len(feed[0]["dataset"])),
            "probe.arcgis_hub.dcat_us_license",
            feed_url,
            feed[1],
        )
    rss_url = f"{base}/api/feed/rss/2.0"
    rss = _get(fetcher, rss_url, accept="application/rss+xml")
    if rss is not None and b"<rss" in rss.body[:2000]:
        probe.notification = Finding(
            True, "probe.arcgis_hub.rss", rss_url, "RSS 2.0 feed of the Hub's datasets", rss
        )
    return True


def _licence_finding(probe: PortalProbe, total: int, rule: str, url: str, fetched: Fetched) -> Finding:
    level, share = licence_level(probe.licences, total)
    top = ", ".join(
        f"{k or '(none)'}={v}" for k, v in sorted(probe.licences.items(), key=lambda kv: -kv[1])[:5]
    )
    share_text = "no licence stated" if share is None else f"open share {share:.0%}"
    return Finding(level, rule, url, f"{share_text} of {total} datasets; licences: {top}", fetched)


PLATFORMS: tuple[tuple[str, Callable[[SafeFetcher, str, PortalProbe], bool]], ...] = (
    ("ckan", probe_ckan),
    ("opendatasoft", probe_opendatasoft),
    ("arcgis_hub", probe_arcgis_hub),
    ("dkan", probe_dkan),
)


def probe_html(fetcher: SafeFetcher, url: str, probe: PortalProbe) -> None:
    """Features every portal shows in its HTML: search form, feeds / follow, feedback."""
    page = _get(fetcher, url, accept="text/html")
    if page is None:
        probe.errors.append(f"{url}: portal page not readable")
        return
    html = page.text
    if probe.search is None and _SEARCH_FORM_RE.search(html):
        probe.search = Finding(True, "probe.html.search_form", url, _around(html, _SEARCH_FORM_RE), page)
    if probe.notification is None:
        m = _FEED_LINK_RE.search(html) or _FOLLOW_RE.search(_strip_tags(html))
        if m:
            src = html if _FEED_LINK_RE.search(html) else _strip_tags(html)
            rx = _FEED_LINK_RE if _FEED_LINK_RE.search(html) else _FOLLOW_RE
            probe.notification = Finding(True, "probe.html.feed_or_follow", url, _around(src, rx), page)
    if probe.feedback is None:
        text = _strip_tags(html)
        if _FEEDBACK_RE.search(text):
            probe.feedback = Finding(True, "probe.html.feedback", url, _around(text, _FEEDBACK_RE), page)


def _strip_tags(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _around(text: str, rx: re.Pattern[str], width: int = 120) -> str:
    m = rx.search(text)
    if not m:
        return ""
    start = max(0, m.start() - width)
    return " ".join(text[start : m.end() + width].split())[:300]


def probe_portal(fetcher: SafeFetcher, url: str, *, html_features: bool = True) -> PortalProbe:
    """Identify the platform behind ``url`` and probe it (``platform`` "unknown" when no API answers).

    ``html_features=False``: for an unidentified page, do not read features from its HTML (used for pages
    on the city's own site, whose search form belongs to the city site, not to a portal).
    """
    probe = PortalProbe(portal_url=url, organisation=organisation_filter(url))
    seen_failures = len(getattr(fetcher, "failures", []))
    try:
        for base in base_candidates(url):
            for _name, platform_probe in PLATFORMS:
                try:
                    if platform_probe(fetcher, base, probe):
                        probe_html(fetcher, url, probe)
                        return probe
                except (FetchError, UnsafeURLError, ValueError, TypeError) as exc:
                    probe.errors.append(f"{base}: {_name}: {exc}")
        probe.platform = "unknown"
        if html_features:
            probe_html(fetcher, url, probe)
        return probe
    finally:
        # Refused redirects (to private or metadata addresses) and timeouts are answered like "no such
        # API" by the platform probes; the record keeps why.
        for failure in getattr(fetcher, "failures", [])[seen_failures:]:
            if failure not in probe.errors:
                probe.errors.append(failure)


def rank_candidates(candidates: Iterable[tuple[str, str | None, int]], limit: int = 3) -> list[str]:
    """Distinct portal URLs, best first: recognised open-data portals, then by how often the site links them."""
    scores: dict[str, tuple[int, int]] = {}
    first_url: dict[str, str] = {}
    for url, kind, weight in candidates:
        # one candidate per possible portal root (two portals may share a host: /opendata/ page, /data/ CKAN)
        org = organisation_filter(url)
        key = base_candidates(url)[0] + (f"#org={org}" if org else "")
        recognised = int((kind or "").startswith("opendata"))
        old = scores.get(key, (0, 0))
        scores[key] = (max(old[0], recognised), old[1] + weight)
        first_url.setdefault(key, url)
    ordered = sorted(scores, key=lambda k: (-scores[k][0], -scores[k][1], k))
    return [first_url[k] for k in ordered[:limit]]
