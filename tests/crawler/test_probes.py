"""Open-data probes against local servers answering in each API's documented response format.

All JSON bodies here are HAND-MADE, written after the documented formats: CKAN Action API
(status_show, package_search with facets), DKAN 2 (search, metastore items in DCAT-US), Opendatasoft
Explore v2.1 (catalog/datasets, catalog/facets) and v1 (datasets/1.0/search with facet_groups), ArcGIS Hub
(v3 datasets JSON:API, DCAT-US 1.1 feed, RSS 2.0 feed).
"""

from __future__ import annotations

import json

import pytest

from crawlers.netsafety import UnsafeURLError
from crawlers.probes import choose, portal_candidates
from crawlers.probes.http import FetchError, SafeFetcher
from crawlers.probes.opendata import (
    base_candidates,
    licence_level,
    licence_openness,
    organisation_filter,
    probe_portal,
    rank_candidates,
)
from crawlers.warc import WarcArchive, replay
from tests.crawler.site import Route, SiteServer, ckan_package_search, ckan_status_show, html_page, json_route


@pytest.fixture()
def server():
    srv = SiteServer().start()
    yield srv
    srv.stop()


@pytest.fixture()
def fetcher():
    with SafeFetcher(allow_loopback=True, timeout=5, max_bytes=200_000) as f:
        yield f


def test_ckan_under_a_path_with_organisation_filter(server, fetcher, tmp_path):
    server.routes.update(
        {
            "/daten/api/3/action/status_show": json_route(ckan_status_show()),
            "/daten/api/3/action/package_search": json_route(ckan_package_search()),
            "/daten/feeds/dataset.atom": Route(
                200,
                "application/atom+xml",
                b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
            ),
            "/daten/organization/stadt-x": html_page("Stadt X", "<p>Datensätze der Stadt X</p>"),
        }
    )
    archive = WarcArchive(tmp_path / "p.warc.gz")
    fetcher.archive = archive
    probe = probe_portal(fetcher, server.url("/daten/organization/stadt-x"))
    archive.close()
    assert (probe.platform, probe.base_url, probe.organisation) == ("ckan", server.url("/daten"), "stadt-x")
    assert probe.dataset_count.value == 42
    assert probe.licences == {"dl-by-de/2.0": 30, "cc-by/4.0": 8, "cc-nc": 2, "notspecified": 2}
    assert probe.licence.value == 2  # 38 of 42 = 90.5 % open
    assert probe.search.value is True
    assert probe.notification.rule_id == "probe.ckan.atom_feed"
    assert probe.feedback.snippet == "CKAN extensions: issues"
    searched = [p for p in server.paths() if "package_search" in p]
    assert searched == [
        "/daten/api/3/action/package_search?rows=0&facet.field=%5B%22license_id%22%5D"
        "&facet.limit=-1&fq=organization:stadt-x"
    ]
    record = replay(tmp_path / "p.warc.gz", probe.dataset_count.fetched.warc_record_id)
    assert json.loads(record.body)["result"]["count"] == 42


def test_dkan2(server, fetcher):
    server.routes.update(
        {
            "/api/1/search": json_route(
                {
                    "total": "3",
                    "results": {
                        "dkan_dataset/5d69-frba": {
                            "identifier": "5d69-frba",
                            "title": "Bäume",
                            "@type": "dcat:Dataset",
                        },
                    },
                    "facets": [{"type": "theme", "name": "Umwelt", "total": "2"}],
                }
            ),
            "/api/1/metastore/schemas/dataset/items": json_route(
                [
                    {
                        "@type": "dcat:Dataset",
                        "identifier": "a",
                        "title": "Bäume",
                        "license": "http://opendefinition.org/licenses/odc-by/",
                    },
                    {
                        "@type": "dcat:Dataset",
                        "identifier": "b",
                        "title": "Parkplätze",
                        "license": "https://creativecommons.org/licenses/by/4.0/",
                    },
                    {
                        "@type": "dcat:Dataset",
                        "identifier": "c",
                        "title": "Haushalt",
                        "license": "https://www.govdata.de/dl-de/by-2-0",
                    },
                ]
            ),
            "/": html_page("Open Data", '<p>Feedback zu Datensätzen</p><a href="/feed.rss">RSS</a>'),
        }
    )
    probe = probe_portal(fetcher, server.url("/"))
    assert probe.platform == "dkan"
    assert probe.dataset_count.value == 3
    assert probe.licence.value == 2 and probe.licence.snippet.startswith("open share 100% of 3 datasets")
    assert probe.search.rule_id == "probe.dkan.search"
    assert probe.feedback.rule_id == "probe.html.feedback"
    assert probe.notification.rule_id == "probe.html.feed_or_follow"


def test_opendatasoft_v21(server, fetcher):
    server.routes.update(
        {
            "/api/explore/v2.1/catalog/datasets?limit=0": json_route({"total_count": 120, "results": []}),
            "/api/explore/v2.1/catalog/facets?facet=license": json_route(
                {
                    "links": [],
                    "facets": [
                        {
                            "name": "license",
                            "facets": [
                                {
                                    "name": "Open Database License (ODbL)",
                                    "count": 100,
                                    "state": "displayed",
                                    "value": "Open Database License (ODbL)",
                                },
                                {
                                    "name": "Licence Ouverte / Open Licence",
                                    "count": 15,
                                    "state": "displayed",
                                    "value": "Licence Ouverte / Open Licence",
                                },
                                {
                                    "name": "CC BY-NC 4.0",
                                    "count": 5,
                                    "state": "displayed",
                                    "value": "CC BY-NC 4.0",
                                },
                            ],
                        }
                    ],
                }
            ),
        }
    )
    probe = probe_portal(fetcher, server.url("/explore/"))
    assert (probe.platform, probe.dataset_count.value, probe.licence.value) == ("opendatasoft", 120, 2)
    assert probe.licences["CC BY-NC 4.0"] == 5
    assert probe.search.rule_id == "probe.ods.v2_catalog"


def test_opendatasoft_v1_only(server, fetcher):
    server.routes.update(
        {
            "/api/datasets/1.0/search/?rows=0&facet=license": json_route(
                {
                    "nhits": 10,
                    "parameters": {"rows": 0, "facet": ["license"], "format": "json"},
                    "datasets": [],
                    "facet_groups": [
                        {
                            "name": "license",
                            "facets": [
                                {"name": "CC BY 4.0", "count": 6, "state": "displayed", "path": "CC BY 4.0"},
                                {
                                    "name": "Alle Rechte vorbehalten",
                                    "count": 4,
                                    "state": "displayed",
                                    "path": "Alle Rechte vorbehalten",
                                },
                            ],
                        }
                    ],
                }
            ),
        }
    )
    probe = probe_portal(fetcher, server.url("/"))
    assert (probe.platform, probe.dataset_count.value, probe.licence.value) == ("opendatasoft", 10, 1)
    assert probe.licence.snippet.startswith("open share 60% of 10 datasets")


def test_arcgis_hub(server, fetcher):
    server.routes.update(
        {
            "/api/v3/datasets": json_route(
                {
                    "data": [{"id": "f1e2_0", "type": "dataset", "attributes": {"name": "Baumkataster"}}],
                    "meta": {
                        "queryParameters": {"page": {"size": 1}},
                        "stats": {"aggs": {}, "count": 1, "totalCount": 57},
                    },
                    "links": {"self": "/api/v3/datasets?page[size]=1"},
                }
            ),
            "/api/feed/dcat-us/1.1.json": json_route(
                {
                    "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
                    "@type": "dcat:Catalog",
                    "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
                    "dataset": [
                        {
                            "@type": "dcat:Dataset",
                            "title": f"D{i}",
                            "license": "https://creativecommons.org/licenses/by/4.0/" if i < 50 else "",
                        }
                        for i in range(57)
                    ],
                }
            ),
            "/api/feed/rss/2.0": Route(
                200, "application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>'
            ),
        }
    )
    probe = probe_portal(fetcher, server.url("/"))
    assert (probe.platform, probe.dataset_count.value) == ("arcgis_hub", 57)
    assert probe.licence.value == 1  # 50 of 57 (88 %) under CC BY; 7 without licence
    assert probe.notification.rule_id == "probe.arcgis_hub.rss"


def test_unknown_portal_reads_html_only(server, fetcher):
    server.routes["/"] = html_page(
        "Datenportal",
        '<link rel="alternate" type="application/rss+xml" href="/neu.rss">'
        "<p>Ihr Datenwunsch? Schreiben Sie uns.</p>",
    )
    probe = probe_portal(fetcher, server.url("/"))
    assert probe.platform == "unknown" and not probe.identified
    assert probe.dataset_count is None and probe.licence is None
    assert (probe.search.rule_id, probe.feedback.rule_id, probe.notification.rule_id) == (
        "probe.html.search_form",
        "probe.html.feedback",
        "probe.html.feed_or_follow",
    )
    quiet = probe_portal(fetcher, server.url("/"), html_features=False)
    assert (quiet.search, quiet.feedback, quiet.notification) == (None, None, None)


def test_fetcher_refuses_redirect_to_metadata_and_caps_size(server, fetcher):
    server.routes["/weiter"] = Route(
        302, "text/plain", b"", {"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    server.routes["/gross"] = Route(200, "application/json", b"[" + b"1," * 200_000 + b"1]")
    with pytest.raises(UnsafeURLError, match="169.254.169.254 is a cloud metadata address"):
        fetcher.get(server.url("/weiter"))
    with pytest.raises(FetchError, match="larger than 200000 bytes"):
        fetcher.get(server.url("/gross"))
    with SafeFetcher(allow_loopback=False) as strict, pytest.raises(UnsafeURLError, match="loopback"):
        strict.get(server.url("/"))


@pytest.mark.parametrize(
    ("licence", "open_"),
    [
        ("dl-de/by-2-0", True),
        ("dl-by-de/2.0", True),
        ("dl-de-zero-2.0", True),
        ("cc-by-4.0", True),
        ("CC BY-SA 4.0", True),
        ("cc-zero", True),
        ("CC0-1.0", True),
        ("odc-odbl", True),
        ("http://dcat-ap.de/def/licenses/dl-by-de/2.0", True),
        ("https://creativecommons.org/licenses/by/4.0/", True),
        ("cc-nc", False),
        ("CC BY-NC-ND 4.0", False),
        ("Alle Rechte vorbehalten", False),
        ("other-closed", False),
        ("notspecified", None),
        ("", None),
    ],
)
def test_licence_openness(licence, open_):
    assert licence_openness(licence) is open_


def test_licence_levels_follow_the_catalog_scale():
    assert licence_level({}, 10) == (0, None)  # no licence stated
    assert licence_level({"notspecified": 10}, 10) == (0, None)
    assert licence_level({"cc-by": 9, "cc-nc": 1}, 10) == (2, 0.9)
    assert licence_level({"cc-by": 8, "cc-nc": 2}, 10) == (1, 0.8)


def test_candidates_and_ranking():
    records = [
        {
            "kind": "page",
            "url": "https://www.stadt.de/",
            "final_url": "https://www.stadt.de/",
            "hop": 0,
            "opendata_links": [
                ["https://www.stadt.de/opendata/", "Open Data", None],
                ["https://daten.stadt.de/dataset", "Datenportal", None],
            ],
            "detections": [],
        },
        {
            "kind": "page",
            "url": "https://www.stadt.de/opendata/",
            "final_url": "https://www.stadt.de/opendata/",
            "hop": 0,
            "opendata_links": [["https://opendata.land.de/organization/stadt-x", "Portal", "opendata:ckan"]],
            "detections": [{"parameter_id": "gesellschaft.open_data.verfuegbarkeit", "status": "present"}],
        },
    ]
    cands = portal_candidates(records)
    assert rank_candidates(cands) == [
        "https://opendata.land.de/organization/stadt-x",
        "https://www.stadt.de/opendata/",
        "https://daten.stadt.de/dataset",
    ]
    assert organisation_filter("https://opendata.land.de/dataset?organization=koeln") == "koeln"
    assert base_candidates("https://x.de/ckan/dataset/a") == ["https://x.de/ckan", "https://x.de"]
    assert base_candidates("https://x.de/dataset/a") == ["https://x.de"]
    assert choose([]) is None


def test_api_links_name_their_portal_root():
    from crawlers.probes.opendata import api_root

    assert api_root("http://x.de/data/api/3/action/package_search") == "http://x.de/data"
    assert api_root("https://x.de/api/explore/v2.1/catalog/datasets") == "https://x.de"
    assert api_root("https://x.de/opendata/") is None
    assert base_candidates("http://x.de/data/api/3/action/package_search") == [
        "http://x.de/data",
        "http://x.de",
    ]
    # a city's "Offene Daten" page and its CKAN under /data/ on the same host are two candidates
    cands = [
        ("http://x.de/opendata/", "opendata:generic", 1),
        ("http://x.de/opendata/", "opendata:generic", 1),
        ("http://x.de/data/api/3/action/package_search", "opendata:ckan", 1),
    ]
    assert rank_candidates(cands) == ["http://x.de/opendata/", "http://x.de/data/api/3/action/package_search"]


def test_ckan_without_facets_counts_licences_over_the_datasets(server, fetcher):
    datasets = [
        {"name": f"d{i}", "license_id": "dl-by-de/2.0" if i < 3 else "other-closed"} for i in range(4)
    ]
    server.routes.update(
        {
            "/api/3/action/status_show": json_route(
                {"success": True, "result": {"ckan_version": "2.9.5", "extensions": []}}
            ),
            "/api/3/action/package_search": json_route(
                {
                    "success": True,
                    "result": {"count": 4, "results": datasets, "facets": {}, "search_facets": {}},
                }
            ),
        }
    )
    probe = probe_portal(fetcher, server.url("/"))
    assert probe.licences == {"dl-by-de/2.0": 3, "other-closed": 1}
    assert (probe.licence.value, probe.licence.rule_id) == (1, "probe.ckan.license_id")


def test_unidentified_page_on_the_city_site_is_no_portal():
    from crawlers.probes.opendata import PortalProbe

    on_site = PortalProbe("https://www.stadt.de/opendata/", platform="unknown")
    off_site = PortalProbe("https://daten.land.de/", platform="unknown")
    assert choose([on_site], {"www.stadt.de"}) is None
    assert choose([on_site, off_site], {"www.stadt.de"}) is off_site
