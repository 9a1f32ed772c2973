"""Probes run after a city's crawl: ask the open-data portal the crawl found through its API.

:func:`run_city_probes` reads the crawl's raw page records, ranks the open-data portal candidates
(links and iframes recognised by ``portal_kind`` as ``opendata:*``, or named "Open Data" in their URL
or anchor, and pages the detectors saw as an open-data portal) and probes the best few. Records go
into the city's raw probe file; exchanges into its WARC.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawlers.probes.http import SafeFetcher
from crawlers.probes.opendata import PortalProbe, probe_portal, rank_candidates
from crawlers.warc import WarcArchive

OPEN_DATA_PARAMETER = "gesellschaft.open_data.verfuegbarkeit"


def portal_candidates(records: list[dict[str, Any]]) -> list[tuple[str, str | None, int]]:
    """(url, portal_kind, weight) of every open-data portal hint in the crawl's page records."""
    out: list[tuple[str, str | None, int]] = []
    for rec in records:
        if rec.get("kind") != "page":
            continue
        kind = rec.get("portal_kind") or ""
        if kind.startswith("opendata"):
            out.append((rec.get("final_url") or rec["url"], kind, 3))
        for url, _anchor, link_kind in rec.get("opendata_links") or []:
            out.append((url, link_kind, 1))
        for det in rec.get("detections") or []:
            if det.get("parameter_id") == OPEN_DATA_PARAMETER and det.get("status") == "present":
                out.append((rec.get("final_url") or rec["url"], kind or None, 2))
    return out


def read_records(path: Path | str) -> list[dict[str, Any]]:
    records = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                records.append(json.loads(line))
    return records


def choose(
    probes: list[PortalProbe], city_hosts: set[str] | frozenset[str] = frozenset()
) -> PortalProbe | None:
    """The city's portal: the identified one with most datasets, else the first unidentified OFF-site one.

    An unidentified page on the city's own site is the city's page ABOUT open data (maybe "in Planung"),
    not a portal: when that is all there is, no portal was found.
    """
    identified = [p for p in probes if p.identified]
    if identified:
        return max(identified, key=lambda p: p.dataset_count.value if p.dataset_count else -1)
    off_site = [p for p in probes if urlsplit(p.portal_url).netloc not in city_hosts]
    return off_site[0] if off_site else None


def run_city_probes(
    pages_path: Path | str,
    *,
    archive: WarcArchive | None = None,
    allow_loopback: bool = False,
    loopback_only: bool = False,
    user_agent: str = "smartcity-index probe",
    timeout: float = 20.0,
    max_bytes: int = 5 * 1024 * 1024,
    max_portals: int = 3,
) -> list[dict[str, Any]]:
    """Probe the open-data portal candidates of one crawl; the chosen one is marked ``chosen: true``."""
    records = read_records(pages_path)
    urls = rank_candidates(portal_candidates(records), limit=max_portals)
    # The city's own hosts: a page there is the city's page about open data, not the portal itself,
    # so its search form or "Kontakt" says nothing about the portal (unless a portal API answers there).
    city_hosts = {
        urlsplit(r.get("final_url") or r.get("url") or "").netloc
        for r in records
        if r.get("kind") == "page" and not r.get("hop")
    }
    probes: list[PortalProbe] = []
    with SafeFetcher(
        allow_loopback=allow_loopback,
        loopback_only=loopback_only,
        user_agent=user_agent,
        timeout=timeout,
        max_bytes=max_bytes,
        archive=archive,
    ) as fetcher:
        for url in urls:
            probes.append(probe_portal(fetcher, url, html_features=urlsplit(url).netloc not in city_hosts))
    chosen = choose(probes, city_hosts)
    out = []
    for probe in probes:
        rec = probe.as_record()
        rec["chosen"] = probe is chosen
        out.append(rec)
    return out
