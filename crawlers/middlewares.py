"""Downloader middlewares and the DNS resolver of the city crawl.

- :class:`NetSafetyMiddleware` (order 40) refuses non-http(s) schemes, credentials in URLs, IP literals
  in private/link-local/metadata ranges and anything off the spider's scope, for first requests and
  redirects alike (a redirect is a new request through the same chain).
- :class:`SafeResolver` refuses host names that resolve to such addresses (the address actually used).
- :class:`WarcArchiveMiddleware` (order 950) archives every exchange with its raw body.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import deferred_to_future
from twisted.internet import defer, threads

from crawlers.netsafety import (
    UnsafeURLError,
    forbidden_address_reason,
    host_verdict,
    is_ip_literal,
    url_problem,
)
from crawlers.warc import WarcArchive


class UnsafeRequest(IgnoreRequest):
    """A request refused for network safety or scope; ``str()`` says why."""


_TIMEOUT_ERRORS = {"DownloadTimeoutError", "TimeoutError", "TCPTimedOutError"}


class _UnreachableRobots:
    """The robots.txt of a host that did not answer in time: everything is disallowed (RFC 9309)."""

    def __init__(self, reason: str):
        self.reason = reason

    def allowed(self, url: Any, user_agent: Any) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, but a robots.txt that times out means complete disallow.

    RFC 9309 (2.3.1.4): "If the robots.txt file is unreachable due to server or network errors, this
    means the robots.txt file is undefined and the crawler MUST assume complete disallow." Scrapy
    crawls everything instead. A host that accepts the connection but never answers for its robots.txt
    is now not crawled (the city is ``not_checkable``, reason "robots.txt unreachable ..."). A refused
    connection or DNS error keeps Scrapy's behaviour: the homepage then fails with its own, clearer
    reason, and nothing more is fetched from a host that is down anyway.
    """

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
        if not names & _TIMEOUT_ERRORS:
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value("robotstxt/unreachable_disallow")
        parser = _UnreachableRobots(f"robots.txt unreachable ({type(exc).__name__}: {exc})"[:300])
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(pending, defer.Deferred):
            pending.callback(parser)

    def process_request_2(self, rp: Any, request: Any) -> None:
        if isinstance(rp, _UnreachableRobots):
            self._stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest(f"Forbidden by robots.txt: {rp.reason}; complete disallow assumed (RFC 9309)")
        super().process_request_2(rp, request)


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to forbidden addresses."""

    allow_loopback = False
    # host -> reason of every refusal in this process (one crawl per process): Twisted turns a resolver
    # error into a bare "DNS lookup failed", so the spider looks the real reason up here.
    refused: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_loopback = crawler.settings.getbool("SCI_ALLOW_LOOPBACK")
        return resolver

    def getHostByName(self, name: str, timeout=()) -> defer.Deferred:  # noqa: N802 - Twisted's name
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    def _check(self, address: str, name: str) -> str:
        reason = forbidden_address_reason(address, allow_loopback=self.allow_loopback)
        if reason:
            message = f"refused {name}: resolves to {reason}"
            SafeResolver.refused[name.lower()] = message
            raise UnsafeURLError(message)
        return address


class NetSafetyMiddleware:
    """Refuse unsafe or off-scope requests before they are sent."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.allow_loopback = crawler.settings.getbool("SCI_ALLOW_LOOPBACK")
        self.loopback_only = crawler.settings.getbool("SCI_LOOPBACK_ONLY")
        self.stats = crawler.stats
        self.host_verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        problem = url_problem(
            request.url, allow_loopback=self.allow_loopback, loopback_only=self.loopback_only
        )
        if problem is None:
            # The spider knows its scope (own registrable domains, portal hops, redirects of the seed).
            scope = getattr(spider or self.crawler.spider, "scope_problem", None)
            problem = scope(request) if scope is not None else None
        if problem is None:
            problem = await self._host_problem(request.url)
        if problem:
            self.stats.inc_value("sci/refused_requests")
            raise UnsafeRequest(f"refused {request.url}: {problem}")
        return None

    async def _host_problem(self, url: str) -> str | None:
        """Resolve a host name once per crawl (in a thread) and refuse it if it points at a forbidden address.

        Refusing here gives a clear reason and no retries; :class:`SafeResolver` checks again at connect time
        (the address actually used), so a DNS answer that changes in between is caught as well.
        """
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host or is_ip_literal(host):
            return None
        if host not in self.host_verdicts:
            self.host_verdicts[host] = await deferred_to_future(
                threads.deferToThread(host_verdict, host, parts.port, allow_loopback=self.allow_loopback)
            )
        verdict = self.host_verdicts[host]
        return verdict.removeprefix("refused ") if verdict else None


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    pairs = []
    for key, values in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        for value in values if isinstance(values, list | tuple) else [values]:
            pairs.append((name, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


class WarcArchiveMiddleware:
    """Write request/response records of every exchange to the city's (temp) WARC file."""

    def __init__(self, path: str, info: dict[str, str], stats: Any):
        self.path = path
        self.info = info
        self.stats = stats
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SCI_WARC_PATH")
        if not path:
            raise NotConfigured("SCI_WARC_PATH not set")
        info = {
            "software": "smartcity-index crawler (Scrapy)",
            "format": "WARC File Format 1.1",
            "isPartOf": crawler.settings.get("SCI_RUN_ID") or "",
            "description": crawler.settings.get("SCI_WARC_DESCRIPTION") or "",
            "robots": "obey",
            "http-header-user-agent": crawler.settings.get("USER_AGENT"),
        }
        mw = cls(path, info, crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider=None) -> None:
        self.archive = WarcArchive(self.path, info=self.info)

    def spider_closed(self, spider=None, reason: str | None = None) -> None:
        if self.archive is not None:
            self.archive.close()

    def process_response(self, request, response, spider=None):
        if self.archive is None:  # pragma: no cover - opened with the spider
            return response
        now = datetime.now(UTC)
        common = {
            "url": response.url,
            "method": request.method,
            "request_headers": _header_pairs(request.headers),
            "request_body": request.body or b"",
            "ip_address": str(response.ip_address) if getattr(response, "ip_address", None) else None,
            "fetched_at": now,
        }
        cached = request.meta.get("cached_response")
        if "cached" in response.flags:
            # A still-fresh cache entry: nothing went over the network this time.
            record_id = self.archive.write_exchange(
                **common,
                status=response.status,
                response_headers=_header_pairs(response.headers),
                body=response.body,
                extra_headers={"WARC-Sci-Served-From": "http-cache"},
                write_request=False,
            )
            self.stats.inc_value("sci/warc_cache_records")
            served_from = "http-cache"
        elif response.status == 304 and cached is not None:
            not_modified = self.archive.write_exchange(
                **common, status=304, response_headers=_header_pairs(response.headers), body=response.body
            )
            record_id = self.archive.write_exchange(
                **common,
                status=cached.status,
                response_headers=_header_pairs(cached.headers),
                body=cached.body,
                extra_headers={
                    "WARC-Sci-Served-From": "http-cache-revalidated",
                    "WARC-Concurrent-To": not_modified,
                },
                write_request=False,
            )
            self.stats.inc_value("sci/not_modified")
            served_from = "http-cache-revalidated"
        else:
            record_id = self.archive.write_exchange(
                **common,
                status=response.status,
                response_headers=_header_pairs(response.headers),
                body=response.body,
            )
            served_from = "network"
        request.meta["sci_warc_record_id"] = record_id
        request.meta["sci_served_from"] = served_from
        request.meta["sci_fetched_at"] = now.isoformat()
        self.stats.inc_value("sci/warc_records")
        return response
