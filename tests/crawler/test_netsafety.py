"""Network safety: schemes, private/loopback/link-local/metadata addresses, DNS names resolving to them."""

from __future__ import annotations

import socket

import pytest
from twisted.internet import defer

from crawlers.middlewares import NetSafetyMiddleware, SafeResolver, UnsafeRequest
from crawlers.netsafety import (
    UnsafeURLError,
    check_url,
    forbidden_address_reason,
    resolve_checked,
    url_problem,
)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "169.254.169.254 is a cloud metadata address"),
        ("fd00:ec2::254", "fd00:ec2::254 is a cloud metadata address"),
        ("169.254.1.1", "169.254.1.1 is a link-local address"),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("10.0.0.5", "10.0.0.5 is a private address"),
        ("172.16.3.4", "172.16.3.4 is a private address"),
        ("192.168.178.1", "192.168.178.1 is a private address"),
        ("fc00::7", "fc00::7 is a private address"),
        ("::ffff:10.1.2.3", "10.1.2.3 is a private address"),
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("::1", "::1 is a loopback address"),
        ("0.0.0.0", "0.0.0.0 is a private address"),
        ("100.64.0.1", "100.64.0.1 is a carrier-grade NAT (shared) address"),
        ("224.0.0.1", "224.0.0.1 is a reserved, multicast or unspecified address"),
        ("93.184.216.34", None),
        ("2a00:1450:4001:80b::200e", None),
    ],
)
def test_forbidden_addresses(address, reason):
    assert forbidden_address_reason(address) == reason


def test_loopback_only_when_allowed():
    assert forbidden_address_reason("127.0.0.1", allow_loopback=True) is None
    assert forbidden_address_reason("127.0.0.42", allow_loopback=True) is None
    # allowing loopback never opens private or metadata ranges
    assert forbidden_address_reason("10.0.0.1", allow_loopback=True) == "10.0.0.1 is a private address"
    assert (
        forbidden_address_reason("169.254.169.254", allow_loopback=True)
        == "169.254.169.254 is a cloud metadata address"
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("file:///etc/passwd", "scheme 'file' is not http(s)"),
        ("javascript:alert(1)", "scheme 'javascript' is not http(s)"),
        ("mailto:rathaus@stadt.de", "scheme 'mailto' is not http(s)"),
        ("ftp://stadt.de/x", "scheme 'ftp' is not http(s)"),
        ("data:text/html,hi", "scheme 'data' is not http(s)"),
        ("//stadt.de/x", "scheme '(none)' is not http(s)"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[::1]:8080/", "::1 is a loopback address"),
        ("http://10.0.0.1/", "10.0.0.1 is a private address"),
        ("http://user:pw@stadt.de/", "URL carries credentials"),
        ("http://stadt.de:99999/", "malformed URL (Port out of range 0-65535)"),
        ("http:///nohost", "URL has no host"),
        ("https://www.stadt-koeln.de/leben-in-koeln/", None),
    ],
)
def test_url_problems(url, problem):
    assert url_problem(url) == problem


def test_check_url_raises_with_url_and_reason():
    with pytest.raises(
        UnsafeURLError, match=r"refused http://127\.0\.0\.1/: 127\.0\.0\.1 is a loopback address"
    ):
        check_url("http://127.0.0.1/")
    assert check_url("http://127.0.0.1/", allow_loopback=True) == "http://127.0.0.1/"


def fake_getaddrinfo(answers):
    def lookup(host, port, family=0, type_=0, *args):
        if host not in answers:
            raise socket.gaierror(-2, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    return lookup


def test_dns_name_resolving_to_private_address_is_refused(monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        fake_getaddrinfo(
            {
                "intranet.stadt.de": ["10.20.30.40"],
                "mixed.stadt.de": ["93.184.216.34", "192.168.0.10"],
                "meta.evil.example": ["169.254.169.254"],
                "www.stadt.de": ["93.184.216.34"],
                "local.test": ["127.0.0.1"],
            }
        ),
    )
    with pytest.raises(
        UnsafeURLError, match="refused intranet.stadt.de: resolves to 10.20.30.40 is a private address"
    ):
        resolve_checked("intranet.stadt.de", 443)
    with pytest.raises(UnsafeURLError, match="192.168.0.10 is a private address"):
        resolve_checked("mixed.stadt.de")  # one bad address poisons the name
    with pytest.raises(UnsafeURLError, match="cloud metadata"):
        resolve_checked("meta.evil.example")
    with pytest.raises(UnsafeURLError, match="cannot resolve nowhere.invalid"):
        resolve_checked("nowhere.invalid")
    assert resolve_checked("www.stadt.de") == ["93.184.216.34"]
    with pytest.raises(UnsafeURLError, match="loopback"):
        resolve_checked("local.test")
    assert resolve_checked("local.test", allow_loopback=True) == ["127.0.0.1"]


def test_scrapy_resolver_refuses_forbidden_answers(monkeypatch):
    """The Scrapy DNS resolver checks the address the connection would use."""
    from twisted.internet.base import ThreadedResolver

    answers = {"intranet.stadt.de": "10.1.1.1", "www.stadt.de": "93.184.216.34", "localhost": "127.0.0.1"}
    monkeypatch.setattr(
        ThreadedResolver, "getHostByName", lambda self, name, timeout=(): defer.succeed(answers[name])
    )

    class FakeReactor:
        def installResolver(self, resolver):  # noqa: N802
            pass

    results = {}
    for allow in (False, True):
        resolver = SafeResolver(FakeReactor(), cache_size=0, timeout=5)
        resolver.allow_loopback = allow
        for name in answers:
            d = resolver.getHostByName(name)
            d.addCallbacks(
                lambda ip, n=name, a=allow: results.__setitem__((n, a), ip),
                lambda f, n=name, a=allow: results.__setitem__((n, a), str(f.value)),
            )
    assert results[("www.stadt.de", False)] == "93.184.216.34"
    assert (
        results[("intranet.stadt.de", False)]
        == "refused intranet.stadt.de: resolves to 10.1.1.1 is a private address"
    )
    assert results[("intranet.stadt.de", True)].endswith("10.1.1.1 is a private address")
    assert results[("localhost", False)] == "refused localhost: resolves to 127.0.0.1 is a loopback address"
    assert results[("localhost", True)] == "127.0.0.1"


class _Spider:
    def scope_problem(self, request):
        return None if "stadt.de" in request.url else "off scope"


class _Crawler:
    def __init__(self, allow_loopback=False):
        from scrapy.settings import Settings
        from scrapy.statscollectors import MemoryStatsCollector

        self.settings = Settings({"SCI_ALLOW_LOOPBACK": allow_loopback})
        self.spider = _Spider()
        self.stats = MemoryStatsCollector(self)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://169.254.169.254/latest/meta-data/",
            "refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a cloud metadata address",
        ),
        ("http://192.168.1.1/admin", "refused http://192.168.1.1/admin: 192.168.1.1 is a private address"),
        ("https://www.other.de/", "refused https://www.other.de/: off scope"),
        ("http://127.0.0.1:8080/", "refused http://127.0.0.1:8080/: 127.0.0.1 is a loopback address"),
    ],
)
def test_middleware_refuses_requests_and_redirect_targets(url, message):
    import scrapy

    mw = NetSafetyMiddleware.from_crawler(_Crawler())
    mw.host_verdicts.update({"www.stadt.de": None, "www.other.de": None})  # as resolved earlier in the crawl
    with pytest.raises(UnsafeRequest) as excinfo:
        run_coroutine(mw.process_request(scrapy.Request(url)))
    assert str(excinfo.value) == message
    assert run_coroutine(mw.process_request(scrapy.Request("https://www.stadt.de/x"))) is None


def test_middleware_refuses_a_host_resolving_to_a_private_address():
    import scrapy

    mw = NetSafetyMiddleware.from_crawler(_Crawler())
    mw.host_verdicts["intranet.stadt.de"] = (
        "refused intranet.stadt.de: resolves to 10.1.1.1 is a private address"
    )
    with pytest.raises(
        UnsafeRequest,
        match=r"^refused https://intranet\.stadt\.de/: intranet\.stadt\.de: "
        r"resolves to 10\.1\.1\.1 is a private address$",
    ):
        run_coroutine(mw.process_request(scrapy.Request("https://intranet.stadt.de/")))


def test_host_verdict(monkeypatch):
    from crawlers.netsafety import host_verdict

    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        fake_getaddrinfo({"intranet.stadt.de": ["10.20.30.40"], "www.stadt.de": ["93.184.216.34"]}),
    )
    assert (
        host_verdict("intranet.stadt.de")
        == "refused intranet.stadt.de: resolves to 10.20.30.40 is a private address"
    )
    assert host_verdict("www.stadt.de") is None
    assert host_verdict("nowhere.invalid") is None  # left to the download's own DNS error


def run_coroutine(coro):
    """Drive a coroutine that finishes without awaiting anything (no reactor needed)."""
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("the coroutine awaited something")


def test_loopback_only_runs_never_leave_loopback():
    assert url_problem("http://127.0.0.12:8080/", allow_loopback=True, loopback_only=True) is None
    assert url_problem("http://localhost:8080/x", allow_loopback=True, loopback_only=True) is None
    assert url_problem("https://ckan.org/", allow_loopback=True, loopback_only=True) == (
        "ckan.org is not a loopback host (this run stays on loopback)"
    )
    assert url_problem("https://ckan.org/") is None  # a normal run may go there
