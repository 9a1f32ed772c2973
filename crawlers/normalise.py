"""Raw crawl records -> parameter rows and evidence records (no network; re-runnable at any time).

For every city with a committed crawl in the month (``crawl/month=M/<ags>.summary.json``) this builds one
row per ``crawl`` parameter of the catalog (source ``city_sites``) and per ``probe`` parameter (source
``portal_probe``), each with evidence records. The status rules:

- ``present`` (value > 0) when the detectors decided so, with the detections as evidence;
- ``absent`` (value 0) only when the crawl COMPLETED (or a budget stopped it after every link of the
  parameter's focus topics was visited) and no failed fetch touched those topics;
- ``not_checkable`` (NaN, reason in ``raw``) when the site could not be read (homepage error, robots,
  JS-only, crash) or a budget/fetch failure left the relevant section unvisited;
- the measured quality ordinals get status ``value`` (their level), or ``not_checkable``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crawlers.detector_api import DetectorAPI, load_detector_api
from crawlers.detectors.base import Detection
from crawlers.quality import (
    ONLINE_SERVICES_FOR_LEVEL_2,
    SignalSet,
    broken_link_share,
    geodaten_nutzungsfreundlichkeit,
    informationsgehalt,
    is_geo_page,
    is_service_portal_page,
    serviceportal_nutzungsfreundlichkeit,
    signal_set,
    website_nutzungsfreundlichkeit,
)
from crawlers.run import crawl_dir, crawl_status, raw_paths
from crawlers.scope import topics_for_parameter
from normalize.catalog import Catalog, Parameter, load_catalog
from normalize.evidence import EVIDENCE_COLUMNS, clip_snippet, make_evidence_id
from normalize.storage import write_evidence, write_parameters
from normalize.table import PARAMETER_COLUMNS, parameter_row, utcnow

CRAWL_SOURCE = "city_sites"
PROBE_SOURCE = "portal_probe"

P_INFO = "verwaltung.website.informationsgehalt"
P_WEB_USE = "verwaltung.website.nutzungsfreundlichkeit"
P_PORTAL_OFFER = "verwaltung.serviceportal.angebot"
P_PORTAL_USE = "verwaltung.serviceportal.nutzungsfreundlichkeit"
P_GEO_USE = "gesellschaft.geodaten.nutzungsfreundlichkeit"
P_OPEN_DATA = "gesellschaft.open_data.verfuegbarkeit"
QUALITY_PARAMETERS = (P_INFO, P_WEB_USE, P_PORTAL_USE, P_GEO_USE)
PROBE_KEYS = {
    "gesellschaft.open_data.anzahl_datensaetze": "dataset_count",
    "gesellschaft.open_data.lizenz": "licence",
    "gesellschaft.open_data.feedback": "feedback",
    "gesellschaft.open_data.suche": "search",
    "gesellschaft.open_data.benachrichtigung": "notification",
}


class RawCrawlError(ValueError):
    """A raw crawl file is unreadable or inconsistent; the message names the file."""


@dataclass
class CityRaw:
    ags: str
    month: str
    summary: dict[str, Any]
    records: list[dict[str, Any]]
    probes: list[dict[str, Any]]
    warc_file: str | None  # relative to the data dir
    problem: str | None = None  # why the raw files cannot be trusted (treated as a failed crawl)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except ValueError as exc:
                raise RawCrawlError(f"{path}:{line_no}: not a JSON record ({exc})") from exc
    return out


def load_city_raw(data_dir: Path | str, month: str, ags: str) -> CityRaw:
    paths = raw_paths(data_dir, month, ags)
    try:
        summary = json.loads(paths["summary"].read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RawCrawlError(f"{paths['summary']}: cannot read the crawl summary ({exc})") from exc
    warc = paths["warc"]
    rel_warc = str(warc.relative_to(Path(data_dir))) if warc.exists() else None
    raw = CityRaw(ags=ags, month=month, summary=summary, records=[], probes=[], warc_file=rel_warc)
    if summary.get("status") == "failed" and not paths["pages"].exists():
        return raw
    try:
        records = _read_jsonl(paths["pages"])
        probes = _read_jsonl(paths["probes"]) if paths["probes"].exists() else []
    except (OSError, RawCrawlError) as exc:
        raw.problem = f"raw crawl records unreadable: {exc}"
        return raw
    header = records[0] if records and records[0].get("kind") == "header" else {}
    if header.get("run_id") != summary.get("run_id"):
        raw.problem = (
            f"{paths['pages']}: written by run {header.get('run_id')!r}, summary by {summary.get('run_id')!r} "
            "(interrupted commit)"
        )
    raw.records = [r for r in records if r.get("kind") != "header"]
    raw.probes = [r for r in probes if r.get("kind") == "probe"]
    return raw


def committed_cities(data_dir: Path | str, month: str) -> list[str]:
    base = crawl_dir(data_dir, month)
    if not base.is_dir():
        return []
    return sorted(p.name.split(".", 1)[0] for p in base.glob("*.summary.json") if not p.name.startswith("."))


# --- building rows -----------------------------------------------------------------------------------


@dataclass
class CityRows:
    crawl_rows: list[dict[str, Any]] = field(default_factory=list)
    crawl_evidence: list[dict[str, Any]] = field(default_factory=list)
    probe_rows: list[dict[str, Any]] = field(default_factory=list)
    probe_evidence: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    """Collects rows and evidence of one city for one source."""

    def __init__(self, raw: CityRaw, source: str, method: str, run_id: str | None, version: str, now):
        self.raw, self.source, self.method, self.run_id, self.version, self.now = (
            raw,
            source,
            method,
            run_id,
            version,
            now,
        )
        self.rows: list[dict[str, Any]] = []
        self.evidence: dict[str, dict[str, Any]] = {}

    def add_evidence(
        self,
        *,
        parameter_id: str | None,
        value: float | None,
        status: str | None,
        rule_id: str,
        url: str | None,
        snippet: str | None,
        final_url: str | None = None,
        http_status: int | None = None,
        fetched_at: Any = None,
        sha256: str | None = None,
        warc_record_id: str | None = None,
        items: list[str] | None = None,
    ) -> str:
        ev_id = make_evidence_id(
            self.raw.month, self.raw.ags, parameter_id, self.source, rule_id, url, snippet
        )
        self.evidence.setdefault(
            ev_id,
            {
                "evidence_id": ev_id,
                "month": self.raw.month,
                "city_ags": self.raw.ags,
                "parameter_id": parameter_id,
                "value": value,
                "status": status,
                "url": url,
                "final_url": final_url or url,
                "http_status": http_status,
                "snippet": clip_snippet(snippet),
                "rule_id": rule_id,
                "fetched_at": fetched_at,
                "sha256": sha256,
                "warc_file": self.raw.warc_file if warc_record_id else None,
                "warc_record_id": warc_record_id,
                "source": self.source,
                "method": self.method,
                "version": self.version,
                "items": list(items or []),
            },
        )
        return ev_id

    def add_row(
        self, parameter: Parameter, value: float | None, status: str, raw: str, evidence: list[str]
    ) -> None:
        self.rows.append(
            parameter_row(
                month=self.raw.month,
                city_ags=self.raw.ags,
                parameter_id=parameter.id,
                value=value,
                status=status,
                method=self.method,
                source=self.source,
                raw=raw,
                unit=parameter.unit,
                evidence=evidence,
                collected_at=self.now,
                run_id=self.run_id,
            )
        )


def _page_index(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    index: dict[str, dict[str, Any]] = {}
    for rec in records:
        if rec.get("kind") == "page":
            for key in (rec.get("final_url"), rec.get("url")):
                if key:
                    index.setdefault(key, rec)
    return index


def _detection_evidence(b: _Builder, det: Any, pages: dict[str, dict[str, Any]]) -> str:
    page = pages.get(det.url, {})
    return b.add_evidence(
        parameter_id=det.parameter_id,
        value=float(det.value),
        status=det.status,
        rule_id=det.rule_id,
        url=page.get("url", det.url),
        final_url=page.get("final_url", det.url),
        snippet=det.snippet,
        http_status=page.get("status"),
        fetched_at=page.get("fetched_at"),
        sha256=page.get("sha256"),
        warc_record_id=page.get("warc_record_id"),
    )


def _page_evidence(
    b: _Builder,
    parameter_id: str,
    value: float,
    status: str,
    rule_id: str,
    page: dict[str, Any] | None,
    snippet: str,
    items: list[str] | None = None,
) -> str:
    page = page or {}
    return b.add_evidence(
        parameter_id=parameter_id,
        value=value,
        status=status,
        rule_id=rule_id,
        url=page.get("url"),
        final_url=page.get("final_url"),
        snippet=snippet,
        http_status=page.get("status"),
        fetched_at=page.get("fetched_at"),
        sha256=page.get("sha256"),
        warc_record_id=page.get("warc_record_id"),
        items=items,
    )


def _summary_evidence(b: _Builder, status: str, reason: str) -> str:
    s = b.raw.summary
    home = s.get("homepage") or {}
    snippet = (
        f"crawl {status}: {reason}; {s.get('pages', 0)} pages, {s.get('bytes', 0)} bytes, "
        f"{s.get('pending', 0)} links unvisited, errors {s.get('errors') or {}}"
    )
    return b.add_evidence(
        parameter_id=None,
        value=None,
        status=None,
        rule_id="crawl.summary",
        url=s.get("website"),
        final_url=home.get("final_url"),
        http_status=home.get("status"),
        snippet=snippet,
        fetched_at=s.get("finished_at"),
    )


def _unresolved_topics(summary: dict[str, Any], status: str) -> set[str]:
    topics = set(summary.get("failed_topics") or {})
    if status == "partial":
        topics |= set(summary.get("pending_topics") or {})
    return topics


def _boolean_or_level(parameter: Parameter, value: float) -> float:
    if parameter.kind == "boolean":
        return 1.0 if value > 0 else 0.0
    if parameter.kind == "ordinal":
        return float(max(0, min(int(round(value)), parameter.levels or 0)))
    return float(value)


def city_rows(
    raw: CityRaw, catalog: Catalog, api: DetectorAPI | None, *, run_id: str | None = None, now: Any = None
) -> CityRows:
    """Every crawl and probe parameter row (and evidence) of one city's committed crawl."""
    now = now if now is not None else utcnow()
    summary = raw.summary
    status, reason = crawl_status(summary)
    if raw.problem:
        status, reason = "failed", raw.problem
    version = summary.get("detector_version") or (api.version if api else "unknown")
    crawl = _Builder(raw, CRAWL_SOURCE, "crawl", run_id, version, now)
    probe = _Builder(raw, PROBE_SOURCE, "probe", run_id, version, now)
    crawl_params = catalog.parameters_by_how("crawl")
    probe_params = catalog.parameters_by_how("probe")
    crawl_summary_ev = _summary_evidence(crawl, status, reason)
    probe_summary_ev = _summary_evidence(probe, status, reason)
    if status == "failed" or api is None:
        why = reason if status == "failed" else "detectors unavailable"
        for p in crawl_params:
            crawl.add_row(p, None, "not_checkable", why, [crawl_summary_ev])
        for p in probe_params:
            probe.add_row(p, None, "not_checkable", why, [probe_summary_ev])
        return CityRows(crawl.rows, list(crawl.evidence.values()), probe.rows, list(probe.evidence.values()))

    pages = [r for r in raw.records if r.get("kind") == "page"]
    index = _page_index(raw.records)
    detections = [Detection(**d) for r in pages for d in r.get("detections") or []]
    decisions = api.decide(detections)
    unresolved = _unresolved_topics(summary, status)
    chosen = next((p for p in raw.probes if p.get("chosen")), None)

    def blocked(parameter_id: str) -> set[str]:
        return set(topics_for_parameter(parameter_id)) & unresolved

    failures = _failed_fetches(raw.records)

    def unresolved_reason(parameter_id: str) -> str:
        topics = sorted(blocked(parameter_id))
        text = f"{reason}; unvisited or failed sections: {', '.join(topics)}"
        # Which fetches failed and how (timeout, redirect loop, too large, HTTP 5xx ...): the row says
        # why the section could not be read without a look into the raw crawl.
        failed = [f for t in topics for f in failures.get(t, [])]
        if failed:
            shown = list(dict.fromkeys(failed))
            text += (
                "; failed: "
                + ", ".join(shown[:3])
                + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
            )
        return text

    quality = _quality(crawl, raw, pages, index)
    for p in crawl_params:
        if p.id in quality:
            level, raw_text, evidence = quality[p.id]
            if blocked(p.id) and level < (p.levels or 0):
                crawl.add_row(
                    p,
                    None,
                    "not_checkable",
                    f"at least {level}: {raw_text}; {unresolved_reason(p.id)}",
                    evidence,
                )
            else:
                crawl.add_row(p, float(level), "value", raw_text, evidence)
            continue
        decision = decisions.get(p.id)
        ev_ids = [_detection_evidence(crawl, d, index) for d in (getattr(decision, "evidence", None) or [])]
        if p.id == P_PORTAL_OFFER:
            decision, ev_ids = _portal_offer(crawl, p, decision, ev_ids, pages, index)
        if (
            p.id == P_OPEN_DATA
            and (decision is None or decision.status != "present")
            and _portal_found(chosen)
        ):
            ev_ids = ev_ids + [
                _probe_evidence(crawl, p.id, 1.0, "present", chosen["findings"]["dataset_count"])
            ]
            crawl.add_row(
                p, 1.0, "present", f"open-data portal {chosen['portal_url']} ({chosen['platform']})", ev_ids
            )
            continue
        if decision is not None and decision.status == "present" and float(decision.value) > 0:
            value = _boolean_or_level(p, float(decision.value))
            crawl.add_row(p, value, "present", _rules_text(decision), ev_ids)
        elif blocked(p.id):
            crawl.add_row(p, None, "not_checkable", unresolved_reason(p.id), ev_ids + [crawl_summary_ev])
        elif decision is not None and decision.status == "absent":
            crawl.add_row(p, 0.0, "absent", _rules_text(decision), ev_ids)
        else:
            crawl.add_row(p, 0.0, "absent", f"crawl {status} without evidence ({reason})", [crawl_summary_ev])

    _probe_rows(probe, probe_params, chosen, status, reason, blocked, probe_summary_ev)
    return CityRows(crawl.rows, list(crawl.evidence.values()), probe.rows, list(probe.evidence.values()))


_NOT_FAILURES = ("robots", "unsafe", "ignored")


def _failed_fetches(records: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Focus topic -> "<url> (<why>)" of every fetch of it that failed (the spider's failed_topics)."""
    out: dict[str, list[str]] = {}
    for rec in records:
        if rec.get("kind") == "error" and rec.get("error_kind") not in _NOT_FAILURES:
            why = str(rec.get("error_kind"))
        elif rec.get("kind") == "page" and int(rec.get("status") or 0) >= 500:
            why = f"HTTP {rec['status']}"
        else:
            continue
        for topic in rec.get("topics") or ():
            out.setdefault(topic, []).append(f"{rec.get('url')} ({why})")
    return out


def _rules_text(decision: Any) -> str:
    rules = sorted({d.rule_id for d in getattr(decision, "evidence", None) or []})
    return f"{decision.status} ({', '.join(rules) or 'no rule'})"


def _portal_found(chosen: dict[str, Any] | None) -> bool:
    return bool(chosen and chosen.get("identified") and (chosen.get("findings") or {}).get("dataset_count"))


def _portal_offer(b: _Builder, p: Parameter, decision: Any, ev_ids: list[str], pages, index):
    """serviceportal.angebot: level 1 for a portal/citizen account, level 2 with >= 10 online services."""
    # Distinct targets of "Online beantragen"-style links: one per online service offered.
    services = sorted({u for r in pages for u in r.get("online_service_links") or []})
    portal_pages = [r for r in pages if is_service_portal_page(r) and int(r.get("status") or 0) < 400]
    present = decision is not None and decision.status == "present" and float(decision.value) > 0
    if not present and portal_pages:
        page = portal_pages[0]
        ev_ids = ev_ids + [
            _page_evidence(
                b,
                p.id,
                1.0,
                "present",
                "quality.serviceportal.page",
                page,
                f"service portal page: {page.get('title') or page.get('final_url')}",
            )
        ]
        present = True
    if not present:
        return decision, ev_ids
    level = 2 if len(services) >= ONLINE_SERVICES_FOR_LEVEL_2 else 1
    home = next((r for r in pages if r.get("seed")), None)
    ev_ids = ev_ids + [
        _page_evidence(
            b,
            p.id,
            float(level),
            "present",
            "quality.serviceportal.online_services",
            home,
            f"{len(services)} distinct online services found (level 2 needs {ONLINE_SERVICES_FOR_LEVEL_2})",
            items=services[:200],
        )
    ]
    return _Decision(float(level), "present", getattr(decision, "evidence", []) or []), ev_ids


@dataclass
class _Decision:
    value: float
    status: str
    evidence: list[Any]


def _quality(
    b: _Builder, raw: CityRaw, pages: list[dict[str, Any]], index
) -> dict[str, tuple[int, str, list[str]]]:
    """Level, description and evidence ids of the four measured quality ordinals."""
    readable = [r for r in pages if int(r.get("status") or 0) < 400 and r.get("is_html")]
    home = next((r for r in readable if r.get("seed")), None)
    internal = [r for r in readable if r.get("hop", 0) == 0]
    out: dict[str, tuple[int, str, list[str]]] = {}

    def yes(sig: SignalSet, name: str) -> str:
        return "yes" if getattr(sig, name) else "no"

    site = signal_set(internal)
    level = informationsgehalt(site)
    text = (
        f"service descriptions {yes(site, 'catalogue')}, site search {yes(site, 'search')}, accessibility "
        f"statement {yes(site, 'accessibility')}, other languages/Leichte Sprache {yes(site, 'languages')}"
    )
    example = index.get(site.catalogue or "", home)
    out[P_INFO] = (
        level,
        text,
        [
            _page_evidence(
                b,
                P_INFO,
                float(level),
                "value",
                "quality.website.informationsgehalt",
                example,
                f"level {level}: {text}",
            )
        ],
    )

    broken, checked = broken_link_share(raw.records)
    share = broken / checked if checked else None
    homeset = signal_set([home] if home else [])
    level = website_nutzungsfreundlichkeit(homeset, share)
    share_text = "n/a" if share is None else f"{broken}/{checked} ({share:.1%})"
    text = f"HTTPS {yes(homeset, 'https')}, mobile viewport {yes(homeset, 'viewport')}, broken internal links {share_text}"
    out[P_WEB_USE] = (
        level,
        text,
        [
            _page_evidence(
                b,
                P_WEB_USE,
                float(level),
                "value",
                "quality.website.nutzungsfreundlichkeit",
                home,
                f"level {level}: {text}",
            )
        ],
    )

    portal = signal_set(r for r in readable if is_service_portal_page(r))
    level = serviceportal_nutzungsfreundlichkeit(portal)
    text = (
        f"{len(portal.pages)} portal pages; HTTPS {yes(portal, 'https')}, search {yes(portal, 'search')}, "
        f"service catalogue {yes(portal, 'catalogue')}, mobile viewport {yes(portal, 'viewport')}, "
        f"eID/account login {yes(portal, 'eid')}"
    )
    page = index.get(portal.pages[0]) if portal.pages else home
    out[P_PORTAL_USE] = (
        level,
        text,
        [
            _page_evidence(
                b,
                P_PORTAL_USE,
                float(level),
                "value",
                "quality.serviceportal.nutzungsfreundlichkeit",
                page,
                f"level {level}: {text}",
                items=portal.pages[:50],
            )
        ],
    )

    geo = signal_set(r for r in readable if is_geo_page(r))
    level = geodaten_nutzungsfreundlichkeit(geo)
    text = (
        f"{len(geo.pages)} geoportal pages; HTTPS {yes(geo, 'https')}, search {yes(geo, 'search')}, "
        f"downloads {yes(geo, 'geo_downloads')}, WMS/WFS {yes(geo, 'geo_services')}"
    )
    page = index.get(geo.pages[0]) if geo.pages else home
    out[P_GEO_USE] = (
        level,
        text,
        [
            _page_evidence(
                b,
                P_GEO_USE,
                float(level),
                "value",
                "quality.geodaten.nutzungsfreundlichkeit",
                page,
                f"level {level}: {text}",
                items=geo.pages[:50],
            )
        ],
    )
    return out


def _probe_evidence(
    b: _Builder, parameter_id: str, value: float, status: str, finding: dict[str, Any]
) -> str:
    return b.add_evidence(
        parameter_id=parameter_id,
        value=value,
        status=status,
        rule_id=finding["rule_id"],
        url=finding["url"],
        final_url=finding.get("final_url"),
        http_status=finding.get("http_status"),
        snippet=finding.get("snippet"),
        fetched_at=finding.get("fetched_at"),
        sha256=finding.get("sha256"),
        warc_record_id=finding.get("warc_record_id"),
    )


def _probe_rows(
    b: _Builder,
    params: list[Parameter],
    chosen: dict[str, Any] | None,
    status: str,
    reason: str,
    blocked,
    summary_ev: str,
) -> None:
    for p in params:
        key = PROBE_KEYS.get(p.id)
        if chosen is None:
            if blocked(p.id):
                b.add_row(
                    p,
                    None,
                    "not_checkable",
                    f"no open-data portal found; {reason}; open-data section unvisited",
                    [summary_ev],
                )
            else:
                b.add_row(
                    p, 0.0, "absent", f"no open-data portal found by the crawl ({status})", [summary_ev]
                )
            continue
        finding = (chosen.get("findings") or {}).get(key or "")
        where = f"{chosen['portal_url']} ({chosen.get('platform')})"
        if finding is None:
            if chosen.get("identified") and p.kind == "boolean":
                b.add_row(p, 0.0, "absent", f"portal {where}: no {key} found", [summary_ev])
            else:
                why = (
                    "not identified (no known API answered)"
                    if not chosen.get("identified")
                    else f"{key} not reported"
                )
                b.add_row(p, None, "not_checkable", f"portal {where}: {why}", [summary_ev])
            continue
        value = float(finding["value"])
        if p.kind == "boolean":
            value_status = "present" if value > 0 else "absent"
            value = 1.0 if value > 0 else 0.0
        else:
            value_status = "value"
        ev = _probe_evidence(b, p.id, value, value_status, finding)
        b.add_row(p, value, value_status, f"{finding.get('snippet')} [{where}]", [ev])


# --- the month -------------------------------------------------------------------------------------------


@dataclass
class NormaliseResult:
    month: str
    cities: list[str]
    crawl_rows: int
    probe_rows: int
    problems: list[str]
    parameters_paths: list[Path]


def normalise_month(
    data_dir: Path | str,
    month: str,
    *,
    run_id: str | None = None,
    catalog: Catalog | None = None,
    detectors_module: str | None = None,
) -> NormaliseResult:
    """Rebuild the ``city_sites`` and ``portal_probe`` parameter/evidence files of ``month`` from raw crawls."""
    catalog = catalog or load_catalog()
    apis: dict[str, DetectorAPI] = {}

    def api_for(summary: dict[str, Any]) -> DetectorAPI:
        # The rule set the city was crawled with (its module may have newer rules by now), unless overridden.
        name = detectors_module or summary.get("detectors") or None
        key = name or ""
        if key not in apis:
            apis[key] = load_detector_api(name)
        return apis[key]

    rows = CityRows()
    problems: list[str] = []
    cities = committed_cities(data_dir, month)
    now = utcnow()
    for ags in cities:
        try:
            raw = load_city_raw(data_dir, month, ags)
        except RawCrawlError as exc:
            problems.append(str(exc))
            continue
        if raw.problem:
            problems.append(f"{ags}: {raw.problem}")
        api = None
        if raw.summary.get("status") != "failed":
            api = api_for(raw.summary)
        city = city_rows(raw, catalog, api, run_id=run_id or raw.summary.get("run_id"), now=now)
        rows.crawl_rows += city.crawl_rows
        rows.crawl_evidence += city.crawl_evidence
        rows.probe_rows += city.probe_rows
        rows.probe_evidence += city.probe_evidence
    paths: list[Path] = []
    if cities:
        for source, prows, evs in (
            (CRAWL_SOURCE, rows.crawl_rows, rows.crawl_evidence),
            (PROBE_SOURCE, rows.probe_rows, rows.probe_evidence),
        ):
            pdf = pd.DataFrame(prows, columns=list(PARAMETER_COLUMNS))
            edf = pd.DataFrame(evs, columns=list(EVIDENCE_COLUMNS))
            # Evidence first: a parameter file never points at evidence that is not there yet.
            write_evidence(edf, source=source, month=month, data_dir=data_dir)
            paths.append(
                write_parameters(pdf, source=source, month=month, data_dir=data_dir, catalog=catalog)
            )
    return NormaliseResult(month, cities, len(rows.crawl_rows), len(rows.probe_rows), problems, paths)
