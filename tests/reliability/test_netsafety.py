"""Network safety of the crawler and the probes (issue 10, case 2).

tests/crawler/test_netsafety.py checks the rules one by one (address classes, schemes, the Scrapy
resolver, the middleware on single requests) and tests/crawler/test_probes.py a probe redirect to the
metadata address. Here the whole crawl meets them: a city site on loopback (loopback allowed for the
test) whose links and redirects lead to 169.254.169.254, 10.0.0.1, a DNS name resolving to
192.168.7.7, another domain and ``file:``; its open-data probe endpoints redirect there too; and cities
whose names resolve to loopback or private addresses in a run without loopback permission.

The loopback-only guard (tests/reliability/netguard) runs in every crawl process: it answers DNS from a
fake zone and refuses (and logs) any connection outside 127.0.0.0/8, so even a bug would send nothing.
"""

from __future__ import annotations

import json

import pytest

from crawlers.netsafety import UnsafeURLError
from crawlers.probes.http import FetchError, SafeFetcher
from flows.steps.crawl import run_crawl
from normalize.cities import City
from normalize.storage import read_parameters
from tests.reliability.conftest import FAST
from tests.reliability.hostile import HostileServer, Reply, drip, standard_routes
from tests.reliability.netguard.sci_netguard import guarded as guarded_sockets
from tests.reliability.netguard.sci_netguard import read_log
from tests.reliability.world import FREMD_HOST, NETZ_HOST, NETZ_INTERN, PRIVATE_ADDRESS


def netz_url(hostile, path: str) -> str:
    return f"http://{NETZ_HOST}:{hostile.world['Netzstadt'].server.port}{path}"


def test_crawl_never_follows_links_or_redirects_inward_or_off_domain(hostile):
    outcome = hostile.outcome("Netzstadt")
    assert (outcome["status"], outcome["reason"], outcome["pages"]) == ("completed", "frontier exhausted", 5)
    port = hostile.world["Netzstadt"].server.port
    fremd_port = hostile.world.fremd.port
    errors = {r["url"]: (r["error_kind"], r["message"]) for r in hostile.records("Netzstadt", "error")}
    assert errors == {
        netz_url(hostile, "/weiter-meta/"): (
            "unsafe",
            "UnsafeRequest: refused http://169.254.169.254/latest/meta-data/: "
            "169.254.169.254 is a cloud metadata address",
        ),
        netz_url(hostile, "/weiter-privat/"): (
            "unsafe",
            "UnsafeRequest: refused http://10.0.0.1/admin: 10.0.0.1 is a private address",
        ),
        # a redirect to a name of the city's own domain that resolves to a private address
        netz_url(hostile, "/weiter-intern/"): (
            "unsafe",
            f"UnsafeRequest: refused http://{NETZ_INTERN}:{port}/: {NETZ_INTERN}: "
            f"resolves to {PRIVATE_ADDRESS} is a private address",
        ),
        # the same name linked directly
        f"http://{NETZ_INTERN}:{port}/direkt/": (
            "unsafe",
            f"UnsafeRequest: refused http://{NETZ_INTERN}:{port}/direkt/: {NETZ_INTERN}: "
            f"resolves to {PRIVATE_ADDRESS} is a private address",
        ),
        netz_url(hostile, "/weiter-fremd/"): (
            "unsafe",
            f"UnsafeRequest: refused http://{FREMD_HOST}:{fremd_port}/: {FREMD_HOST} is outside the "
            "crawl's domains (netzstadt-test.de)",
        ),
        # Scrapy does not follow a redirect to file: at all; the 302 stays an unread answer.
        netz_url(hostile, "/weiter-datei/"): ("ignored", "HttpError: Ignoring non-200 response"),
    }
    # Links straight to IP literals in forbidden ranges are dropped before they are even scheduled.
    assert not any(
        "169.254" in u or "10.0.0.1" in u for u in (r.get("url", "") for r in hostile.records("Netzstadt"))
    )
    # The other domain got no request at all (neither the direct link nor the redirect).
    assert hostile.world.fremd.paths() == []
    # Unsafe targets are not the city's broken pages: nothing the index asks about became not_checkable.
    rows = hostile.rows("Netzstadt")
    assert rows.loc["verwaltung.payment.epayment", ["value", "status"]].tolist() == [1.0, "present"]
    assert "not_checkable" not in set(rows["status"])


def test_probes_never_follow_redirects_inward(hostile):
    (probe,) = hostile.probes("Netzstadt")
    assert (probe["platform"], probe["identified"]) == ("unknown", False)
    expected = [
        f"{netz_url(hostile, '/opendata/api/3/action/status_show')}: refused "
        "http://169.254.169.254/latest/meta-data/iam/: 169.254.169.254 is a cloud metadata address",
        f"{netz_url(hostile, '/opendata/api/explore/v2.1/catalog/datasets?limit=0')}: refused "
        "http://10.0.0.1/api: 10.0.0.1 is a private address",
        f"{netz_url(hostile, '/opendata/api/datasets/1.0/search/?rows=0&facet=license')}: refused "
        "http://10.0.0.1/api: 10.0.0.1 is a private address",
    ]
    assert set(expected) <= set(probe["errors"])
    assert (
        f"{netz_url(hostile, '/api/3/action/status_show')}: refused {NETZ_INTERN}: resolves to "
        f"{PRIVATE_ADDRESS} is a private address"
    ) in probe["errors"]


def test_no_crawl_process_ever_connected_or_looked_up_outside_loopback(hostile):
    events = hostile.guard_events()
    assert [e for e in events if e["event"] == "connect"] == []
    assert [e for e in events if e["event"] == "lookup"] == []  # every name asked for is in the fake zone
    resolved = {e["host"]: e["address"] for e in events if e["event"] == "resolve"}
    # The private name was resolved (that is how it was refused), the other domain never even looked up.
    assert resolved == {NETZ_HOST: "127.0.0.41", NETZ_INTERN: PRIVATE_ADDRESS}


def test_names_resolving_to_loopback_or_private_addresses_are_refused_without_loopback_permission(
    guarded, monkeypatch, tmp_path
):
    server = HostileServer("127.0.0.51", standard_routes()).start()
    zone = {"www.lokal-test.de": "127.0.0.51", "www.privat-test.de": "10.1.2.3"}
    monkeypatch.setenv("SCI_NETGUARD_HOSTS", json.dumps(zone))
    try:
        cities = [
            City(
                "09998051",
                "Lokalstadt",
                "Bayern",
                100_000,
                "2019-12-31",
                f"http://www.lokal-test.de:{server.port}/",
                "2021-01-01",
            ),
            City(
                "09998052",
                "Privatstadt",
                "Bayern",
                100_000,
                "2019-12-31",
                f"http://www.privat-test.de:{server.port}/",
                "2021-01-01",
            ),
        ]
        result = run_crawl(
            cities,
            month="2021-06",
            data_dir=tmp_path / "data",
            max_pages=5,
            settings=FAST,
            detectors_module="tests.reliability.rel_detectors",
        )
    finally:
        server.stop()
    reasons = {c.ags: (c.status, c.reason) for c in result.cities}
    assert reasons == {
        "09998051": (
            "failed",
            f"homepage unreadable: unsafe: UnsafeRequest: refused http://www.lokal-test.de:{server.port}/: "
            "www.lokal-test.de: resolves to 127.0.0.51 is a loopback address",
        ),
        "09998052": (
            "failed",
            f"homepage unreadable: unsafe: UnsafeRequest: refused http://www.privat-test.de:{server.port}/: "
            "www.privat-test.de: resolves to 10.1.2.3 is a private address",
        ),
    }
    assert server.paths() == []
    rows = read_parameters("2021-06", tmp_path / "data", sources=["city_sites"])
    assert set(rows["status"]) == {"not_checkable"}
    assert [e for e in read_log(guarded) if e["event"] in ("connect", "lookup")] == []


# --- the probes' HTTP client, every hop checked ------------------------------------------------------


@pytest.fixture()
def inward(tmp_path):
    """A loopback server whose paths redirect inward, with the guard in this process."""
    routes = {
        "/privat": Reply(302, {"Location": "http://10.0.0.1/"}),
        "/intern": Reply(302, {"Location": f"http://{NETZ_INTERN}/x"}),
        "/datei": Reply(302, {"Location": "file:///etc/passwd"}),
        "/gemappt": Reply(302, {"Location": "http://[::ffff:169.254.169.254]/latest/"}),
        "/fremd": Reply(302, {"Location": f"http://{FREMD_HOST}/"}),
        "/kreis": Reply(302, {"Location": "/kreis"}),
        "/tropf": Reply(200, {"Content-Type": "application/json"}, drip),
    }
    server = HostileServer("127.0.0.52", routes).start()
    log = tmp_path / "guard.jsonl"
    with guarded_sockets(str(log), {NETZ_INTERN: PRIVATE_ADDRESS, FREMD_HOST: "127.0.0.53"}):
        yield server, log
    server.stop()


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("/privat", UnsafeURLError, "refused http://10.0.0.1/: 10.0.0.1 is a private address"),
        (
            "/intern",
            UnsafeURLError,
            f"refused {NETZ_INTERN}: resolves to {PRIVATE_ADDRESS} is a private address",
        ),
        ("/datei", UnsafeURLError, "refused file:///etc/passwd: scheme 'file' is not http(s)"),
        (
            "/gemappt",
            UnsafeURLError,
            "refused http://[::ffff:169.254.169.254]/latest/: 169.254.169.254 is a cloud metadata address",
        ),
        (
            "/fremd",
            UnsafeURLError,
            f"refused http://{FREMD_HOST}/: {FREMD_HOST} is not a loopback host (this run stays on loopback)",
        ),
        ("/kreis", FetchError, "http://127.0.0.52:{port}/kreis: more than 5 redirects"),
        ("/tropf", FetchError, "http://127.0.0.52:{port}/tropf: response took longer than 1 s"),
    ],
)
def test_probe_fetcher_checks_every_hop_and_bounds_every_response(inward, path, error, message):
    server, log = inward
    with SafeFetcher(allow_loopback=True, loopback_only=path == "/fremd", timeout=0.5) as fetcher:
        with pytest.raises(error) as excinfo:
            fetcher.get(server.url(path))
        assert str(excinfo.value) == message.format(port=server.port)
        url, text = server.url(path), str(excinfo.value)
        assert fetcher.failures == [text if text.startswith(url) else f"{url}: {text}"]
    assert [e for e in read_log(log) if e["event"] in ("connect", "lookup")] == []
