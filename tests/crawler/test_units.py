"""Pure parts of the crawler: scope/focus, WARC writing and replay, quality ordinals, outcome rules, normalise."""

from __future__ import annotations

import gzip
import json
import math

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers import quality
from crawlers.normalise import CityRaw, city_rows, load_city_raw
from crawlers.run import crawl_status, raw_paths
from crawlers.scope import (
    canonical_url,
    focus_topics,
    link_priority,
    registrable_domain,
    topics_for_parameter,
)
from crawlers.spiders.city_sites import classify_failure, visible_text
from crawlers.warc import WarcArchive, replay
from normalize.catalog import load_catalog
from normalize.table import validate_parameters
from tests.crawler import standin_detectors
from tests.crawler.conftest import STANDIN

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.stadt-koeln.de", "stadt-koeln.de"),
        ("termine.ekom21.de", "ekom21.de"),
        ("service.berlin.de", "berlin.de"),
        ("foo.bar.co.uk", "bar.co.uk"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("WWW.Muenchen.DE.", "muenchen.de"),
    ],
)
def test_registrable_domain_offline(host, domain):
    assert registrable_domain(host) == domain


def test_canonical_url_and_focus():
    assert canonical_url("HTTPS://WWW.Stadt.de:443/a?b=1#frag") == "https://www.stadt.de/a?b=1"
    assert canonical_url("http://x.de") == "http://x.de/"
    assert focus_topics("https://www.stadt.de/buergerservice/termin-buchen", "Termin vereinbaren") == (
        "appointments",
        "services",
    )
    assert focus_topics("https://www.stadt.de/rathaus/open-data") == ("open_data",)
    assert focus_topics("https://www.stadt.de/news/2115-neues") == ()
    assert link_priority(("appointments", "services"), 2) == 198
    assert link_priority((), 3, portal=True) == 297
    assert topics_for_parameter("verwaltung.online_terminvergabe.standesamt") == ("appointments",)
    assert topics_for_parameter("verwaltung.social_media.facebook") == ()


def test_visible_text_skips_scripts_and_comments():
    import lxml.html

    root = lxml.html.fromstring(
        "<div>Hallo <script>var x=1;</script><!-- nix --> <b>Welt</b>!<style>p{}</style></div>"
    )
    assert visible_text(root) == "Hallo Welt !"


def test_failure_classes():
    from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest

    from crawlers.middlewares import UnsafeRequest
    from crawlers.netsafety import UnsafeURLError

    assert classify_failure(IgnoreRequest("Forbidden by robots.txt")) == "robots"
    assert classify_failure(UnsafeRequest("refused x: 10.0.0.1 is a private address")) == "unsafe"
    wrapped = CannotResolveHostError("x")
    wrapped.__cause__ = UnsafeURLError("refused x: resolves to 10.0.0.1 is a private address")
    assert classify_failure(wrapped) == "unsafe"
    assert classify_failure(CannotResolveHostError("no such host")) == "dns"
    assert classify_failure(DownloadConnectionRefusedError("refused")) == "connection"


def test_warc_records_replay_decoded_body(tmp_path):
    path = tmp_path / "x.warc.gz"
    archive = WarcArchive(path, info={"software": "test"})
    html = "<html><body>Gebühren online bezahlen</body></html>".encode()
    rid = archive.write_exchange(
        url="https://www.stadt.de/bezahlen",
        method="GET",
        request_headers=[("User-Agent", "t")],
        request_body=b"",
        status=200,
        response_headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
        body=gzip.compress(html),
    )
    archive.close()
    with open(path, "rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh, check_digests=True)]
    assert kinds == ["warcinfo", "request", "response"]
    rec = replay(path, rid)
    assert (rec.url, rec.status, rec.body, rec.text) == (
        "https://www.stadt.de/bezahlen",
        200,
        html,
        html.decode(),
    )
    assert rec.headers["x-archive-orig-transfer-encoding"] == "chunked"
    with pytest.raises(KeyError, match="no record <urn:uuid:missing>"):
        replay(path, "<urn:uuid:missing>")


def _signals(**kw):
    base = {
        "is_https": True,
        "has_mobile_viewport": False,
        "has_site_search": False,
        "has_accessibility_statement": False,
        "languages": [],
        "has_service_catalogue": False,
        "has_eid_login": False,
    }
    base.update(kw)
    return base


def _page(url, **kw):
    return {
        "kind": "page",
        "url": url,
        "final_url": url,
        "status": 200,
        "is_html": True,
        "hop": 0,
        "signals": _signals(**kw.pop("signals", {})),
        "extras": kw.pop("extras", {}),
        **kw,
    }


def test_quality_levels_follow_the_catalog_scales():
    for pid in (
        "verwaltung.website.informationsgehalt",
        "verwaltung.website.nutzungsfreundlichkeit",
        "verwaltung.serviceportal.nutzungsfreundlichkeit",
        "gesellschaft.geodaten.nutzungsfreundlichkeit",
    ):
        assert CATALOG.parameter(pid).scale is not None
    site = quality.signal_set([_page("https://s.de/", signals={"has_site_search": True})])
    assert quality.informationsgehalt(site) == 0  # no service descriptions
    site.add(_page("https://s.de/a-z", signals={"has_service_catalogue": True}))
    assert quality.informationsgehalt(site) == 1  # catalogue + one other signal only
    site.add(_page("https://s.de/bf", signals={"has_accessibility_statement": True}))
    assert quality.informationsgehalt(site) == 2
    site.add(_page("https://s.de/ls", signals={"has_leichte_sprache": True}))
    assert quality.informationsgehalt(site) == 3
    home = quality.signal_set([_page("http://s.de/", signals={"is_https": False})])
    assert quality.website_nutzungsfreundlichkeit(home, 0.0) == 0
    home = quality.signal_set([_page("https://s.de/")])
    assert quality.website_nutzungsfreundlichkeit(home, 0.0) == 1
    home = quality.signal_set([_page("https://s.de/", signals={"has_mobile_viewport": True})])
    assert quality.website_nutzungsfreundlichkeit(home, 0.049) == 3
    assert quality.website_nutzungsfreundlichkeit(home, 0.05) == 2
    portal = quality.signal_set([_page("https://service.s.de/", signals={"has_site_search": True})])
    assert quality.serviceportal_nutzungsfreundlichkeit(portal) == 1
    portal.add(
        _page("https://service.s.de/login", signals={"has_mobile_viewport": True, "has_account_login": True})
    )
    assert quality.serviceportal_nutzungsfreundlichkeit(portal) == 2
    assert quality.serviceportal_nutzungsfreundlichkeit(quality.signal_set([])) == 0
    geo = quality.signal_set([_page("http://geoportal.s.de/", signals={"is_https": False})])
    assert quality.geodaten_nutzungsfreundlichkeit(geo) == 0  # not over HTTPS
    geo = quality.signal_set(
        [_page("https://geoportal.s.de/", signals={"has_site_search": True}, extras={"geo_services": True})]
    )
    assert quality.geodaten_nutzungsfreundlichkeit(geo) == 2
    assert quality.is_geo_page({"url": "https://www.s.de/stadtplan/"}) and quality.is_service_portal_page(
        {"url": "https://x.de/", "self_kind": "serviceportal:generic"}
    )
    records = [
        _page("https://s.de/"),
        _page("https://s.de/404", status=404),
        {"kind": "error", "error_kind": "robots", "hop": 0},
        {"kind": "error", "error_kind": "timeout", "hop": 0},
        _page("https://portal.x.de/", hop=1),
    ]
    assert quality.broken_link_share(records) == (2, 3)
    assert quality.page_extras('<div id="app"></div><script src=a.js></script>', "")["js_only"] is True


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (
            {"homepage": {"fetched": False, "error_kind": "robots"}},
            ("failed", "robots.txt disallows the homepage"),
        ),
        (
            {"homepage": {"fetched": True, "status": 503, "error": "HTTP 503"}},
            ("failed", "homepage unreadable: HTTP 503"),
        ),
        (
            {"homepage": {"fetched": True, "js_only": True}},
            ("failed", "homepage needs JavaScript (no readable content without it)"),
        ),
        ({"homepage": {"fetched": True}, "stop_reason": "finished"}, ("completed", "frontier exhausted")),
        (
            {
                "homepage": {"fetched": True},
                "stop_reason": "closespider_timeout",
                "budget": "time",
                "pending": 7,
            },
            ("partial", "time budget reached (closespider_timeout); 7 links unvisited"),
        ),
        ({"homepage": {"fetched": True}, "stop_reason": "shutdown"}, ("failed", "crawl stopped: shutdown")),
        ({"crash": "killed"}, ("failed", "crawl process failed: killed")),
    ],
)
def test_crawl_status(summary, expected):
    assert crawl_status(summary) == expected


def _raw(tmp_path, records, summary_extra=None, probes=()):
    summary = {
        "ags": "09999001",
        "run_id": "r1",
        "website": "https://s.de/",
        "homepage": {"fetched": True},
        "stop_reason": "finished",
        "status": "completed",
        "detectors": STANDIN,
        "detector_version": "standin-1",
    }
    summary.update(summary_extra or {})
    paths = raw_paths(tmp_path, "2021-06", "09999001")
    paths["pages"].parent.mkdir(parents=True)
    paths["pages"].write_text(
        "\n".join(json.dumps(r) for r in [{"kind": "header", "run_id": "r1"}, *records])
    )
    paths["probes"].write_text("\n".join(json.dumps(r) for r in [{"kind": "header"}, *probes]))
    paths["summary"].write_text(json.dumps(summary))
    return load_city_raw(tmp_path, "2021-06", "09999001")


def _api():
    from crawlers.detector_api import load_detector_api

    return load_detector_api(STANDIN)


def test_normalise_rows_are_valid_and_complete(tmp_path):
    det = {
        "parameter_id": "verwaltung.payment.epayment",
        "value": 1.0,
        "status": "present",
        "rule_id": "standin.epay",
        "snippet": "online bezahlen mit ePayBL",
        "url": "https://s.de/bezahlen",
    }
    raw = _raw(
        tmp_path,
        [
            _page("https://s.de/", seed=True),
            _page("https://s.de/bezahlen", detections=[det], sha256="ab", warc_record_id="<urn:uuid:1>"),
        ],
    )
    rows = city_rows(raw, CATALOG, _api(), run_id="r1")
    table = validate_parameters(__import__("pandas").DataFrame(rows.crawl_rows))
    assert len(table) == len(CATALOG.parameters_by_how("crawl"))
    pay = table.set_index("parameter_id").loc["verwaltung.payment.epayment"]
    assert (pay["value"], pay["status"]) == (1.0, "present")
    (ev,) = [e for e in rows.crawl_evidence if e["evidence_id"] in pay["evidence"]]
    assert (ev["url"], ev["sha256"], ev["warc_record_id"], ev["rule_id"]) == (
        "https://s.de/bezahlen",
        "ab",
        "<urn:uuid:1>",
        "standin.epay",
    )
    assert ev["warc_file"] is None  # no WARC in this synthetic raw crawl
    probe = __import__("pandas").DataFrame(rows.probe_rows).set_index("parameter_id")
    assert set(probe["status"]) == {"absent"} and set(probe["raw"]) == {
        "no open-data portal found by the crawl (completed)"
    }


def test_failed_focus_fetch_makes_its_parameters_not_checkable(tmp_path):
    raw = _raw(tmp_path, [_page("https://s.de/", seed=True)], {"failed_topics": {"payment": 1}})
    rows = {r["parameter_id"]: r for r in city_rows(raw, CATALOG, _api()).crawl_rows}
    assert rows["verwaltung.payment.bussgeld_online"]["status"] == "not_checkable"
    assert "unvisited or failed sections: payment" in rows["verwaltung.payment.bussgeld_online"]["raw"]
    assert rows["verwaltung.online_terminvergabe.gewerbeamt"]["status"] == "absent"


def test_interrupted_commit_is_a_failed_crawl(tmp_path):
    raw = _raw(tmp_path, [_page("https://s.de/", seed=True)])
    raw.summary["run_id"] = "r2"  # summary of another run than the pages file
    paths = raw_paths(tmp_path, "2021-06", "09999001")
    paths["summary"].write_text(json.dumps(raw.summary))
    raw = load_city_raw(tmp_path, "2021-06", "09999001")
    assert "interrupted commit" in raw.problem
    rows = city_rows(raw, CATALOG, _api()).crawl_rows
    assert {r["status"] for r in rows} == {"not_checkable"} and all(math.isnan(r["value"]) for r in rows)


def test_standin_decide_prefers_present():
    from crawlers.detectors.base import Detection

    a = Detection("verwaltung.payment.epayment", 0.0, "absent", "r1", "nur Überweisung", "u1")
    p = Detection("verwaltung.payment.epayment", 1.0, "present", "r2", "ePayBL", "u2")
    assert standin_detectors.decide([a, p])["verwaltung.payment.epayment"].status == "present"


def test_city_raw_without_pages_of_failed_crawl(tmp_path):
    paths = raw_paths(tmp_path, "2021-06", "09999003")
    paths["summary"].parent.mkdir(parents=True)
    paths["summary"].write_text(
        json.dumps(
            {
                "ags": "09999003",
                "status": "failed",
                "crash": "killed after 60 s",
                "homepage": {"fetched": False},
            }
        )
    )
    raw = load_city_raw(tmp_path, "2021-06", "09999003")
    assert isinstance(raw, CityRaw) and raw.records == []
    rows = city_rows(raw, CATALOG, None).crawl_rows
    assert {r["raw"] for r in rows} == {"crawl process failed: killed after 60 s"}
