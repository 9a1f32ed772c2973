"""Hostile city websites (issue 10, case 1): each test checks one trap of the shared hostile crawl.

For every case: the other cities' crawls complete (the control city Gutstadt with its exact rows), the
hostile city ends not_checkable or partially checked with the reason in the crawl outcome, the raw
records and the rows' ``raw``, no city crawl was killed (the per-request limits, not the city budget
or the kill, ended the trap), and the peak memory of every crawl process stays under RSS_CAP_KB.
"""

from __future__ import annotations

import math

from warcio.archiveiterator import ArchiveIterator

from crawlers.normalise import CRAWL_SOURCE, PROBE_SOURCE
from crawlers.warc import ReplayTooLarge, replay
from normalize.catalog import load_catalog
from tests.reliability.conftest import MAX_PAGES, RSS_CAP_KB, HostileRun
from tests.reliability.hostile import BIG_BYTES
from tests.reliability.world import WIRR_LINKS

CATALOG = load_catalog()
CRAWL_PARAMS = sorted(p.id for p in CATALOG.parameters_by_how("crawl"))
PROBE_PARAMS = sorted(p.id for p in CATALOG.parameters_by_how("probe"))
MAXSIZE = 10 * 1024 * 1024  # DOWNLOAD_MAXSIZE of crawlers/settings.py
NEVER_READ_WHOLE = 64 * 1024 * 1024  # what a server may have pushed into socket buffers before the hang-up


def params(prefix: str) -> list[str]:
    return [p for p in CRAWL_PARAMS if p.startswith(prefix)]


def assert_others_complete_and_bounded(hostile: HostileRun, name: str) -> None:
    """The control city is complete and exact, nothing was killed, memory stayed under the cap."""
    good = hostile.outcome("Gutstadt")
    assert (good["status"], good["reason"], good["pages"]) == ("completed", "frontier exhausted", 4)
    rows = hostile.rows("Gutstadt")
    assert sorted(rows.index) == CRAWL_PARAMS
    assert rows.loc["verwaltung.payment.epayment", ["value", "status"]].tolist() == [1.0, "present"]
    assert rows.loc["verwaltung.online_terminvergabe.buergeramt", ["value", "status"]].tolist() == [
        1.0,
        "present",
    ]
    assert not rows["status"].isin(["not_checkable"]).any()
    assert len(hostile.result["cities"]) == len(hostile.world.cities)
    for city in hostile.result["cities"]:
        assert "killed" not in city["reason"], city  # every trap ended by itself: no hang
    assert hostile.summary(name)["stop_reason"] != "closespider_timeout"  # not even the city's time budget
    assert 0 < hostile.peak_rss_kb < RSS_CAP_KB
    assert hostile.result["status"] == "ok" and hostile.result["problems"] == []


def error_record(hostile: HostileRun, name: str, path: str) -> dict:
    url = hostile.world[name].server.url(path)
    (rec,) = [r for r in hostile.records(name, "error") if r["url"] == url]
    return rec


def assert_section_not_checkable(
    hostile: HostileRun, name: str, prefix: str, topic: str, path: str, why: str
):
    url = hostile.world[name].server.url(path)
    rows = hostile.rows(name)
    expected = f"frontier exhausted; unvisited or failed sections: {topic}; failed: {url} ({why})"
    for pid in params(prefix):
        assert rows.loc[pid, "status"] == "not_checkable", pid
        assert math.isnan(rows.loc[pid, "value"]), pid
        raw = rows.loc[pid, "raw"]
        # measured quality ordinals say what they saw before the reason ("at least 0: ...; <reason>")
        assert raw == expected or (raw.startswith("at least ") and raw.endswith(f"; {expected}")), pid


def count(hostile: HostileRun, name: str, path: str) -> int:
    return hostile.world[name].server.paths().count(path)


# --- Fallenstadt: one trap per section, the rest of the city is read ------------------------------------


def test_slow_drip_times_out_and_only_its_section_is_not_checkable(hostile):
    assert_others_complete_and_bounded(hostile, "Fallenstadt")
    outcome = hostile.outcome("Fallenstadt")
    assert (outcome["status"], outcome["reason"]) == ("completed", "frontier exhausted")
    url = hostile.world["Fallenstadt"].server.url("/termine/")
    rec = error_record(hostile, "Fallenstadt", "/termine/")
    assert (rec["error_kind"], rec["message"], rec["topics"]) == (
        "timeout",
        f"DownloadTimeoutError: Getting {url} took longer than 2.0 seconds.",
        ["appointments"],
    )
    assert count(hostile, "Fallenstadt", "/termine/") == 2  # one retry, then given up
    assert_section_not_checkable(
        hostile, "Fallenstadt", "verwaltung.online_terminvergabe.", "appointments", "/termine/", "timeout"
    )
    # The open-data probe's endpoint drips too: the probe gives up after twice its timeout.
    (probe,) = hostile.probes("Fallenstadt")
    origin = hostile.world["Fallenstadt"].server.origin
    assert f"{origin}/api/3/action/status_show: response took longer than 4 s" in probe["errors"]


def test_500_with_retry_after_is_retried_once_and_its_section_not_checkable(hostile):
    assert_others_complete_and_bounded(hostile, "Fallenstadt")
    pages = [r for r in hostile.records("Fallenstadt", "page") if r["url"].endswith("/bezahlen/")]
    assert [p["status"] for p in pages] == [500]
    assert count(hostile, "Fallenstadt", "/bezahlen/") == 2  # Retry-After: 3600 is not waited for
    assert_section_not_checkable(
        hostile, "Fallenstadt", "verwaltung.payment.", "payment", "/bezahlen/", "HTTP 500"
    )


def test_503_with_retry_after_everywhere_makes_the_city_not_checkable(hostile):
    assert_others_complete_and_bounded(hostile, "Wartungsstadt")
    outcome = hostile.outcome("Wartungsstadt")
    assert (outcome["status"], outcome["reason"]) == ("failed", "homepage unreadable: HTTP 503")
    paths = hostile.world["Wartungsstadt"].server.paths()
    assert paths.count("/") == 2 and set(paths) == {"/", "/robots.txt", "/sitemap.xml"}
    for source, expected in ((CRAWL_SOURCE, CRAWL_PARAMS), (PROBE_SOURCE, PROBE_PARAMS)):
        rows = hostile.rows("Wartungsstadt", source)
        assert sorted(rows.index) == expected
        assert set(rows["status"]) == {"not_checkable"} and rows["value"].isna().all()
        assert set(rows["raw"]) == {"homepage unreadable: HTTP 503"}
    # Retry-After: 3600 was not slept on: the crawl returned by itself, within its time budget.
    assert all(r.status == 503 for r in hostile.world["Wartungsstadt"].server.log)


def test_redirect_loop_is_a_failed_fetch_not_an_absent_feature(hostile):
    assert_others_complete_and_bounded(hostile, "Fallenstadt")
    rec = error_record(hostile, "Fallenstadt", "/maengelmelder/")
    assert (rec["error_kind"], rec["message"]) == ("redirect", "IgnoreRequest: max redirections reached")
    # REDIRECT_MAX_TIMES = 5: the first request and five redirects, then the crawler stops following.
    assert (
        count(hostile, "Fallenstadt", "/maengelmelder/")
        + count(hostile, "Fallenstadt", "/maengelmelder/neu/")
        == 6
    )
    url = hostile.world["Fallenstadt"].server.url("/maengelmelder/")
    rows = hostile.rows("Fallenstadt")
    row = rows.loc["verwaltung.bevoelkerungsanliegen.maengelmelder"]
    assert (row["status"], row["raw"]) == (
        "not_checkable",
        f"frontier exhausted; unvisited or failed sections: services; failed: {url} (redirect)",
    )


def test_endless_calendar_stops_at_the_page_budget(hostile):
    assert_others_complete_and_bounded(hostile, "Kalenderstadt")
    summary = hostile.summary("Kalenderstadt")
    outcome = hostile.outcome("Kalenderstadt")
    pending = summary["pending"]
    reason = f"pages budget reached (budget_pages); {pending} links unvisited"
    assert (outcome["status"], outcome["reason"], outcome["pages"]) == ("partial", reason, MAX_PAGES)
    assert (summary["stop_reason"], summary["budget"], summary["pages"]) == (
        "budget_pages",
        "pages",
        MAX_PAGES,
    )
    assert pending > 0 and summary["pending_topics"] == {}  # only calendar links were left
    pages = hostile.records("Kalenderstadt", "page")
    assert len(pages) == MAX_PAGES and max(p["depth"] for p in pages) <= 6
    # The sections the index asks about were read first (focus priority), so they have real answers.
    rows = hostile.rows("Kalenderstadt")
    assert rows.loc["verwaltung.payment.epayment", ["value", "status"]].tolist() == [1.0, "present"]
    assert rows.loc["verwaltung.online_terminvergabe.buergeramt", ["value", "status"]].tolist() == [
        1.0,
        "present",
    ]
    assert (
        rows.loc["gesellschaft.open_data.verfuegbarkeit", "raw"]
        == f"crawl partial without evidence ({reason})"
    )
    # The server saw the pages read plus those in flight at the stop (counted as unvisited), no more.
    calendar = [p for p in hostile.world["Kalenderstadt"].server.paths() if p.startswith("/kalender/")]
    assert MAX_PAGES - 4 <= len(calendar) <= MAX_PAGES - 4 + pending
    assert summary["scheduled"] <= MAX_PAGES * 33  # the frontier grew only from the pages read


def test_200_mb_responses_are_cut_at_the_size_cap(hostile):
    assert_others_complete_and_bounded(hostile, "Fallenstadt")
    server = hostile.world["Fallenstadt"].server
    declared = error_record(hostile, "Fallenstadt", "/opendata/")
    assert declared["error_kind"] == "too_large"
    assert declared["message"] == (
        f"DownloadCancelledError: Expected to receive {BIG_BYTES} bytes which is larger than download max "
        f"size ({MAXSIZE}) in request <GET {server.url('/opendata/')}>."
    )
    streamed = error_record(hostile, "Fallenstadt", "/beteiligung/")
    assert streamed["error_kind"] == "too_large"
    prefix = f"response larger than DOWNLOAD_MAXSIZE ({MAXSIZE} bytes): cancelled after "
    assert streamed["message"].startswith(prefix)
    received = int(streamed["message"].removeprefix(prefix).removesuffix(" bytes"))
    assert MAXSIZE < received < MAXSIZE + 1024 * 1024
    # The server never got to send the 200 MB: the crawler hung up.
    assert server.sent.get("/opendata/", 0) < NEVER_READ_WHOLE
    assert server.sent["/beteiligung/"] < NEVER_READ_WHOLE
    assert_section_not_checkable(
        hostile, "Fallenstadt", "gesellschaft.open_data.", "open_data", "/opendata/", "too_large"
    )
    assert_section_not_checkable(
        hostile, "Fallenstadt", "gesellschaft.beteiligung.", "participation", "/beteiligung/", "too_large"
    )


def test_gzip_bomb_is_refused_while_inflating(hostile):
    assert_others_complete_and_bounded(hostile, "Fallenstadt")
    server = hostile.world["Fallenstadt"].server
    bomb = error_record(hostile, "Fallenstadt", "/stadtplan/")
    assert bomb["error_kind"] == "too_large"
    assert bomb["message"].startswith(f"IgnoreRequest: Ignored response <200 {server.url('/stadtplan/')}>")
    assert bomb["message"].endswith(f"exceeded DOWNLOAD_MAXSIZE ({MAXSIZE} B) during decompression.")
    assert_section_not_checkable(
        hostile, "Fallenstadt", "gesellschaft.geodaten.", "geodata", "/stadtplan/", "too_large"
    )
    # A gzip-bomb sitemap (no Content-Encoding, gzip magic) is refused by the sitemap reader's cap.
    (sitemap,) = [r for r in hostile.records("Fallenstadt", "aux") if r["aux"] == "sitemap"]
    assert sitemap["urls"] == 0 and sitemap["error"].startswith("_DecompressionMaxSizeExceeded: ")
    # The WARC keeps the bomb as received (compressed); replaying it is capped too.
    warc = hostile.data_dir / "warc" / "month=2021-06" / f"{hostile.world['Fallenstadt'].ags}.warc.gz"
    with open(warc, "rb") as fh:
        ids = [
            r.rec_headers.get_header("WARC-Record-ID")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
            and r.rec_headers.get_header("WARC-Target-URI") == server.url("/stadtplan/")
        ]
    assert ids
    try:
        replay(warc, ids[0], max_bytes=1024 * 1024)
    except ReplayTooLarge as exc:
        assert str(exc) == f"{warc}: record {ids[0]} inflates beyond 1048576 bytes"
    else:
        raise AssertionError("the bomb was replayed")


def test_wrong_and_missing_charset_pages_are_read_as_written(hostile):
    assert_others_complete_and_bounded(hostile, "Zeichenstadt")
    outcome = hostile.outcome("Zeichenstadt")
    assert (outcome["status"], outcome["pages"]) == ("completed", 3)
    evidence = hostile.evidence()
    rows = hostile.rows("Zeichenstadt")
    expected = {
        # cp1252 bytes, header says UTF-8
        "verwaltung.online_terminvergabe.buergeramt": (
            "Zeichenstadt Bürgerbüro: Termin online buchen, auch für Führerscheine. Gebühren bezahlen Mängelmelder"
        ),
        # cp1252 bytes, no charset anywhere
        "verwaltung.payment.epayment": "Alle Gebühren online bezahlen mit ePayBL.",
        # cp1252 bytes, <meta charset="utf-8">
        "verwaltung.bevoelkerungsanliegen.maengelmelder": (
            "Mängel Mängelmelder: Schäden melden an Straßen und Brücken."
        ),
    }
    for pid, snippet in expected.items():
        assert rows.loc[pid, ["value", "status"]].tolist() == [1.0, "present"], pid
        (ev_id,) = rows.loc[pid, "evidence"]
        ev = evidence.loc[ev_id]
        assert ev["snippet"] == snippet
        # The archive holds the bytes as served; the evidence hash is theirs.
        record = replay(hostile.data_dir / ev["warc_file"], ev["warc_record_id"])
        server = hostile.world["Zeichenstadt"].server
        assert record.body == server.routes[ev["url"].removeprefix(server.origin)].body


def test_malformed_html_is_read_and_its_links_followed(hostile):
    assert_others_complete_and_bounded(hostile, "Wirrstadt")
    outcome = hostile.outcome("Wirrstadt")
    assert (outcome["status"], outcome["reason"], outcome["pages"]) == ("completed", "frontier exhausted", 4)
    pages = {
        r["url"].removeprefix(hostile.world["Wirrstadt"].server.origin): r
        for r in hostile.records("Wirrstadt", "page")
    }
    assert sorted(pages) == ["/", "/aktuelles/", "/bezahlen/", "/termine/"]
    assert not any(r.get("detector_errors") for r in pages.values())
    rows = hostile.rows("Wirrstadt")
    assert rows.loc["verwaltung.payment.epayment", ["value", "status"]].tolist() == [1.0, "present"]
    assert rows.loc["verwaltung.online_terminvergabe.buergeramt", ["value", "status"]].tolist() == [
        1.0,
        "present",
    ]


def test_links_to_file_javascript_mailto_and_other_schemes_are_never_fetched(hostile):
    assert_others_complete_and_bounded(hostile, "Wirrstadt")
    server = hostile.world["Wirrstadt"].server
    assert set(server.paths()) == {
        "/robots.txt",
        "/",
        "/sitemap.xml",
        "/bezahlen/",
        "/termine/",
        "/aktuelles/",
    }
    records = hostile.records("Wirrstadt")
    urls = {r.get("url") for r in records} | {r.get("final_url") for r in records}
    assert all(u is None or u.startswith(server.origin) for u in urls)
    assert not hostile.records("Wirrstadt", "error")  # refused before scheduling: not even an error
    warc = hostile.data_dir / "warc" / "month=2021-06" / f"{hostile.world['Wirrstadt'].ags}.warc.gz"
    with open(warc, "rb") as fh:
        targets = {
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(fh)
            if r.rec_type != "warcinfo"
        }
    assert all(t.startswith(server.origin) for t in targets)
    assert not any(link.strip().lower() in urls for link in WIRR_LINKS)
    # Nothing was looked up or connected outside loopback by any crawl of the run.
    assert [e for e in hostile.guard_events() if e["event"] in ("connect", "lookup")] == []


def test_robots_txt_disallowing_everything_is_obeyed(hostile):
    assert_others_complete_and_bounded(hostile, "Robotstadt")
    outcome = hostile.outcome("Robotstadt")
    assert (outcome["status"], outcome["reason"], outcome["pages"]) == (
        "failed",
        "robots.txt disallows the homepage",
        0,
    )
    # robots.txt is fetched by the robots middleware and read by the spider (its Sitemap lines); nothing else.
    assert hostile.world["Robotstadt"].server.paths() == ["/robots.txt", "/robots.txt"]
    rows = hostile.rows("Robotstadt")
    assert set(rows["status"]) == {"not_checkable"} and set(rows["raw"]) == {
        "robots.txt disallows the homepage"
    }


def test_robots_txt_that_times_out_means_complete_disallow(hostile):
    assert_others_complete_and_bounded(hostile, "Robotzeitstadt")
    reason = "robots.txt unreachable (timed out): complete disallow assumed (RFC 9309)"
    outcome = hostile.outcome("Robotzeitstadt")
    assert (outcome["status"], outcome["reason"], outcome["pages"]) == ("failed", reason, 0)
    assert set(hostile.world["Robotzeitstadt"].server.paths()) == {"/robots.txt"}  # not even the homepage
    (home,) = hostile.records("Robotzeitstadt", "error")
    url = hostile.world["Robotzeitstadt"].server.url("/robots.txt")
    assert home["message"] == (
        f"IgnoreRequest: Forbidden by robots.txt: robots.txt unreachable (DownloadTimeoutError: Getting {url} "
        "took longer than 2.0 seconds.); complete disallow assumed (RFC 9309)"
    )
    for source in (CRAWL_SOURCE, PROBE_SOURCE):
        rows = hostile.rows("Robotzeitstadt", source)
        assert set(rows["status"]) == {"not_checkable"} and set(rows["raw"]) == {reason}


def test_javascript_only_homepage_is_not_checkable(hostile):
    assert_others_complete_and_bounded(hostile, "Skriptstadt")
    reason = "homepage needs JavaScript (no readable content without it)"
    outcome = hostile.outcome("Skriptstadt")
    assert (outcome["status"], outcome["reason"], outcome["pages"]) == ("failed", reason, 1)
    assert set(hostile.world["Skriptstadt"].server.paths()) == {"/robots.txt", "/", "/sitemap.xml"}
    rows = hostile.rows("Skriptstadt")
    assert set(rows["status"]) == {"not_checkable"} and set(rows["raw"]) == {reason}
