"""End-to-end: crawl the local test site (plus a dead site) in subprocesses, then check rows, evidence, WARC.

Uses the deterministic stand-in detectors (tests/crawler/standin_detectors.py), so the expected rows are
exact and do not move when the real rules are tuned. Three crawls share the module's servers: month 1
(Teststadt + a dead city), month 2 of Teststadt (HTTP cache -> 304s), and a 1-page budget crawl.
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.normalise import CRAWL_SOURCE, PROBE_SOURCE
from crawlers.warc import replay
from flows.steps.crawl import run_crawl
from normalize.catalog import load_catalog
from normalize.storage import read_evidence, read_parameters
from tests.crawler.conftest import FAST, MONTH, NEXT_MONTH, STANDIN

CATALOG = load_catalog()
CRAWL_PARAMS = sorted(p.id for p in CATALOG.parameters_by_how("crawl"))
PROBE_PARAMS = sorted(p.id for p in CATALOG.parameters_by_how("probe"))

# Teststadt with the stand-in rules: everything not listed is absent (value 0, crawl completed).
EXPECTED_CRAWL = {
    "verwaltung.payment.epayment": (1.0, "present", ["standin.epay"]),
    "verwaltung.online_terminvergabe.buergeramt": (1.0, "present", ["standin.tevis_iframe"]),
    "verwaltung.online_terminvergabe.standesamt": (0.0, "absent", ["standin.standesamt_phone_only"]),
    "verwaltung.social_media.facebook": (1.0, "present", ["standin.facebook_link"]),
    "verwaltung.bevoelkerungsanliegen.maengelmelder": (1.0, "present", ["standin.mangelmelder"]),
    "verwaltung.serviceportal.angebot": (
        2.0,
        "present",
        ["quality.serviceportal.online_services", "standin.servicekonto"],
    ),
    "gesellschaft.open_data.verfuegbarkeit": (1.0, "present", ["standin.opendata"]),
    "verwaltung.website.informationsgehalt": (3.0, "value", ["quality.website.informationsgehalt"]),
    "verwaltung.website.nutzungsfreundlichkeit": (3.0, "value", ["quality.website.nutzungsfreundlichkeit"]),
    "verwaltung.serviceportal.nutzungsfreundlichkeit": (
        2.0,
        "value",
        ["quality.serviceportal.nutzungsfreundlichkeit"],
    ),
    "gesellschaft.geodaten.nutzungsfreundlichkeit": (
        2.0,
        "value",
        ["quality.geodaten.nutzungsfreundlichkeit"],
    ),
}
EXPECTED_PROBE = {
    "gesellschaft.open_data.anzahl_datensaetze": (42.0, "value", "probe.ckan.package_search"),
    "gesellschaft.open_data.lizenz": (2.0, "value", "probe.ckan.license_facet"),
    "gesellschaft.open_data.feedback": (1.0, "present", "probe.ckan.feedback_extension"),
    "gesellschaft.open_data.suche": (1.0, "present", "probe.ckan.package_search"),
    "gesellschaft.open_data.benachrichtigung": (1.0, "present", "probe.ckan.atom_feed"),
}


@pytest.fixture(scope="module")
def first_crawl(world, crawl_data_dir):
    result = run_crawl(
        [world.teststadt, world.deadstadt],
        month=MONTH,
        data_dir=crawl_data_dir,
        max_pages=200,
        run_id="run-m1",
        allow_loopback=True,
        detectors_module=STANDIN,
        settings=FAST,
        parallel=2,
    )
    log_len = (len(world.city.log), len(world.portal.log))
    return result, log_len


@pytest.fixture(scope="module")
def second_crawl(world, crawl_data_dir, first_crawl):
    result = run_crawl(
        [world.teststadt],
        month=NEXT_MONTH,
        data_dir=crawl_data_dir,
        max_pages=200,
        run_id="run-m2",
        allow_loopback=True,
        detectors_module=STANDIN,
        settings=FAST,
    )
    return result, first_crawl[1]


def rows_of(data_dir: Path, month: str, source: str, ags: str):
    df = read_parameters(month, data_dir, sources=[source])
    return df[df["city_ags"] == ags].set_index("parameter_id")


def evidence_of(data_dir: Path, month: str, source: str):
    return read_evidence(month, data_dir, sources=[source]).set_index("evidence_id")


def test_outcomes_per_city(first_crawl):
    result, _ = first_crawl
    assert result.ok, result.error
    outcome = {c.ags: c for c in result.cities}
    assert outcome["09999001"].status == "completed"
    assert outcome["09999001"].pages == 52  # 50 city pages (one answers 404) + booking page + portal page
    assert outcome["09999002"].status == "failed"
    assert outcome["09999002"].reason.startswith("homepage unreadable: connection")
    assert result.parameter_rows == 2 * len(CRAWL_PARAMS)
    assert result.probe_rows == 2 * len(PROBE_PARAMS)


def test_exact_crawl_rows(first_crawl, crawl_data_dir):
    rows = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    assert sorted(rows.index) == CRAWL_PARAMS
    evidence = evidence_of(crawl_data_dir, MONTH, CRAWL_SOURCE)
    for pid in CRAWL_PARAMS:
        row = rows.loc[pid]
        value, status, rules = EXPECTED_CRAWL.get(pid, (0.0, "absent", ["crawl.summary"]))
        assert (row["value"], row["status"]) == (value, status), pid
        assert sorted(evidence.loc[list(row["evidence"]), "rule_id"]) == rules, pid
        assert row["method"] == "crawl" and row["source"] == CRAWL_SOURCE and row["run_id"] == "run-m1"
    assert (
        rows.loc["verwaltung.payment.bussgeld_online", "raw"]
        == "crawl completed without evidence (frontier exhausted)"
    )
    assert rows.loc["verwaltung.website.nutzungsfreundlichkeit", "raw"] == (
        "HTTPS yes, mobile viewport yes, broken internal links 1/50 (2.0%)"
    )


def test_exact_probe_rows(first_crawl, crawl_data_dir, world):
    rows = rows_of(crawl_data_dir, MONTH, PROBE_SOURCE, "09999001")
    assert sorted(rows.index) == PROBE_PARAMS
    evidence = evidence_of(crawl_data_dir, MONTH, PROBE_SOURCE)
    api = world.portal.url("/opendata/api/3/action/package_search")
    for pid, (value, status, rule) in EXPECTED_PROBE.items():
        row = rows.loc[pid]
        assert (row["value"], row["status"], row["method"]) == (value, status, "probe"), pid
        (ev_id,) = row["evidence"]
        ev = evidence.loc[ev_id]
        assert ev["rule_id"] == rule
        assert ev["http_status"] == 200
        assert ev["warc_file"] == f"warc/month={MONTH}/09999001.warc.gz"
    licence_ev = evidence.loc[rows.loc["gesellschaft.open_data.lizenz", "evidence"][0]]
    assert licence_ev["url"].startswith(api)
    assert licence_ev["snippet"] == (
        "open share 90% of 42 datasets; licences: dl-by-de/2.0=30, cc-by/4.0=8, cc-nc=2, notspecified=2"
    )


def test_dead_city_is_not_checkable_everywhere(first_crawl, crawl_data_dir):
    for source, params in ((CRAWL_SOURCE, CRAWL_PARAMS), (PROBE_SOURCE, PROBE_PARAMS)):
        rows = rows_of(crawl_data_dir, MONTH, source, "09999002")
        assert sorted(rows.index) == params
        assert set(rows["status"]) == {"not_checkable"}
        assert all(math.isnan(v) for v in rows["value"])
        assert all(r.startswith("homepage unreadable: connection") for r in rows["raw"])


def test_evidence_of_a_detection_replays_from_the_warc(first_crawl, crawl_data_dir, world):
    rows = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    evidence = evidence_of(crawl_data_dir, MONTH, CRAWL_SOURCE)
    ev = evidence.loc[rows.loc["verwaltung.online_terminvergabe.buergeramt", "evidence"][0]]
    assert ev["url"] == world.city.url("/termine/")
    assert ev["final_url"] == world.city.url("/termine/")
    assert ev["http_status"] == 200
    assert ev["snippet"] == f"iframe {world.portal.url('/tevisweb/select2?md=1')}"
    assert ev["version"] == "standin-1"
    assert ev["status"] == "present" and ev["value"] == 1.0
    record = replay(crawl_data_dir / ev["warc_file"], ev["warc_record_id"])
    assert record.url == world.city.url("/termine/")
    assert record.status == 200
    assert hashlib.sha256(record.body).hexdigest() == ev["sha256"]
    assert "tevisweb/select2?md=1" in record.text


def test_scope_politeness_and_robots(first_crawl, world):
    _, (city_n, portal_n) = first_crawl
    city_paths = [r.path for r in world.city.log[:city_n]]
    portal_paths = [r.path for r in world.portal.log[:portal_n]]
    assert not [p for p in city_paths if p.startswith("/intern/")]  # robots.txt: Disallow: /intern/
    assert "/nur-sitemap/" in city_paths  # only listed in the sitemap
    assert "/robots.txt" in city_paths and "/sitemap.xml" in city_paths
    assert "/anderswo/" not in portal_paths  # off-domain, not a portal: never fetched
    assert "/tevisweb/select2?md=1" in portal_paths and "/opendata/" in portal_paths  # one hop onto portals
    assert len([p for p in city_paths if p not in ("/robots.txt",)]) == len(set(city_paths) - {"/robots.txt"})
    agents = {r.user_agent for r in world.city.log[:city_n]}
    assert len(agents) == 1 and "smartcity-index" in agents.pop()


def test_warc_is_valid_and_complete(first_crawl, crawl_data_dir):
    warc = crawl_data_dir / "warc" / f"month={MONTH}" / "09999001.warc.gz"
    assert not list(warc.parent.glob(".*.tmp"))  # temp files renamed or removed
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", str(warc)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", "-f", "warc-type,warc-target-uri", str(warc)],
        capture_output=True,
        text=True,
    )
    assert index.returncode == 0
    types = [json.loads(line)["warc-type"] for line in index.stdout.splitlines()]
    assert types[0] == "warcinfo"
    with open(warc, "rb") as fh:
        records = list(ArchiveIterator(fh, check_digests=True))
    responses = [r for r in records if r.rec_type == "response"]
    requests = [r for r in records if r.rec_type == "request"]
    assert len(responses) == len(requests) == types.count("response")
    # every crawled page, the robots.txt/sitemap fetches and every probe call are archived
    assert len(responses) == 52 + 3 + 5
    assert not (crawl_data_dir / "warc" / f"month={MONTH}" / "09999002.warc.gz").exists() or True


def test_recrawl_costs_304s_and_keeps_rows(second_crawl, crawl_data_dir, world):
    result, (city_n, _) = second_crawl
    assert [c.status for c in result.cities] == ["completed"]
    later = world.city.log[city_n:]
    pages = [r for r in later if r.path not in ("/robots.txt", "/sitemap.xml")]
    assert pages and all(r.if_none_match for r in pages if r.status in (200, 304))
    assert sum(r.status == 304 for r in pages) == sum(r.status in (200, 304) for r in pages)
    first = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    second = rows_of(crawl_data_dir, NEXT_MONTH, CRAWL_SOURCE, "09999001")
    assert second[["value", "status"]].equals(first[["value", "status"]])
    # the body of a revalidated page is archived in this month's WARC and replays
    evidence = evidence_of(crawl_data_dir, NEXT_MONTH, CRAWL_SOURCE)
    ev = evidence.loc[second.loc["verwaltung.payment.epayment", "evidence"][0]]
    record = replay(crawl_data_dir / ev["warc_file"], ev["warc_record_id"])
    assert ev["warc_file"] == f"warc/month={NEXT_MONTH}/09999001.warc.gz"
    assert "ePayBL" in record.text and hashlib.sha256(record.body).hexdigest() == ev["sha256"]
    summary = json.loads(
        (crawl_data_dir / "crawl" / f"month={NEXT_MONTH}" / "09999001.summary.json").read_text()
    )
    assert summary["status"] == "completed"


def test_budget_exhausted_is_not_checkable(world, tmp_path):
    result = run_crawl(
        [world.teststadt],
        month=MONTH,
        data_dir=tmp_path,
        max_pages=1,
        run_id="run-budget",
        allow_loopback=True,
        detectors_module=STANDIN,
        settings=FAST,
    )
    (city,) = result.cities
    assert city.status == "partial" and city.pages == 1
    assert city.reason.startswith("pages budget reached")
    rows = rows_of(tmp_path, MONTH, CRAWL_SOURCE, "09999001")
    blocked_prefixes = (
        "verwaltung.payment.",
        "verwaltung.online_terminvergabe.",
        "verwaltung.online_dienstleistungen.",
        "verwaltung.serviceportal.",
        "verwaltung.bevoelkerungsanliegen.",
        "gesellschaft.open_data.",
        "gesellschaft.geodaten.",
    )
    for pid, row in rows.iterrows():
        if pid == "verwaltung.social_media.facebook":
            assert (row["value"], row["status"]) == (1.0, "present")  # linked from the homepage
        elif pid == "verwaltung.website.nutzungsfreundlichkeit":
            assert (row["value"], row["status"]) == (
                3.0,
                "value",
            )  # top level: nothing unvisited can lower it
        elif pid.startswith(blocked_prefixes) or pid == "verwaltung.website.informationsgehalt":
            assert row["status"] == "not_checkable" and math.isnan(row["value"]), pid
            assert "budget reached" in row["raw"], pid
        else:  # no link of their focus topics was left unvisited
            assert (row["value"], row["status"]) == (0.0, "absent"), pid
    assert rows.loc["verwaltung.website.informationsgehalt", "raw"].startswith("at least 1:")
    probe = rows_of(tmp_path, MONTH, PROBE_SOURCE, "09999001")
    assert set(probe["status"]) == {"not_checkable"}
    # the city's own "Offene Daten" page is no portal, and the budget stopped before its portal link
    assert set(probe["raw"]) == {
        "no open-data portal found; pages budget reached (budget_pages); "
        f"{city.reason.split('; ')[1]}; open-data section unvisited"
    }


def test_cli_renormalise_rebuilds_rows_without_crawling(first_crawl, crawl_data_dir, world, monkeypatch):
    from typer.testing import CliRunner

    from flows.cli import app

    before = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    requests_before = len(world.city.log)
    monkeypatch.setenv("SCI_DATA_DIR", str(crawl_data_dir))
    result = CliRunner().invoke(app, ["crawl", "--renormalise", "--month", MONTH, "--detectors", STANDIN])
    assert result.exit_code == 0, result.output
    assert "renormalised 2 cities of 2021-06: 100 crawl rows, 10 probe rows" in result.output
    after = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    assert after[["value", "status", "raw"]].equals(before[["value", "status", "raw"]])
    assert len(world.city.log) == requests_before  # no network


def test_failed_recrawl_keeps_the_months_completed_crawl(first_crawl, crawl_data_dir, world):
    before = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    world.city.broken_status = 503  # maintenance: every page answers 503
    try:
        result = run_crawl(
            [world.teststadt],
            month=MONTH,
            data_dir=crawl_data_dir,
            max_pages=200,
            run_id="run-m1b",
            allow_loopback=True,
            detectors_module=STANDIN,
            settings=FAST,
        )
    finally:
        world.city.broken_status = None
    (city,) = result.cities
    assert (city.status, city.reason, city.kept_previous) == ("failed", "homepage unreadable: HTTP 503", True)
    failed = json.loads((crawl_data_dir / "crawl" / f"month={MONTH}" / "09999001.failed.json").read_text())
    assert failed["run_id"] == "run-m1b" and failed["status"] == "failed"
    after = rows_of(crawl_data_dir, MONTH, CRAWL_SOURCE, "09999001")
    assert after[["value", "status", "raw"]].equals(before[["value", "status", "raw"]])
    assert set(after["run_id"]) == {"run-m1b"}  # rebuilt by this run from the kept raw crawl
