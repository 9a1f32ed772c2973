"""The city-site spider: one city per crawl, focused on the services the index asks about.

Starts at the homepage, ``/robots.txt`` (its ``Sitemap:`` lines) and ``/sitemap.xml``; follows links on the
city's own registrable domains and makes ONE hop onto recognised portal/vendor domains (``portal_kind``).
Every HTML page goes through the detectors; the spider yields raw records (``kind`` page / error / aux)
that :mod:`crawlers.pipelines` writes to JSON lines, and keeps the accounting the normalise step needs to
tell a completed crawl from one a budget cut short (which focus topics were left unvisited).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet.error import (
    ConnectError,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from crawlers import detect_pool
from crawlers.detector_api import load_detector_api
from crawlers.detectors.base import Page
from crawlers.middlewares import SafeResolver
from crawlers.netsafety import UnsafeURLError, url_problem
from crawlers.quality import is_geo_page, is_online_service_anchor, page_extras
from crawlers.scope import canonical_url, focus_topics, host_of, link_priority, registrable_domain

# Links to files the detectors cannot read are not fetched (they would only spend the budget).
_SKIP_EXTENSIONS = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|svg|webp|ico|bmp|tiff?|mp[34]|m4a|avi|mov|wmv|webm|ogg|wav|zip|gz|tgz|rar|7z|"
    r"docx?|xlsx?|pptx?|odt|ods|odp|rtf|csv|ics|vcf|exe|dmg|apk|css|js|woff2?|ttf|eot)$",
    re.IGNORECASE,
)
# Scrapy's messages for a response over DOWNLOAD_MAXSIZE (Content-Length, or inflated gzip/deflate/br).
_TOO_LARGE_RE = re.compile(r"larger than download max size|exceeded DOWNLOAD_MAXSIZE")
_BUDGET_REASONS = {"budget_pages": "pages", "budget_bytes": "bytes", "closespider_timeout": "time"}
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


def visible_text(root: Any) -> str:
    """The text a reader sees: element text and tails, without scripts, styles and comments."""
    parts: list[str] = []
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in _INVISIBLE_TAGS and el.text:
            parts.append(el.text)
        if el.tail and el is not root:
            parts.append(el.tail)
    return " ".join(" ".join(parts).split())


def readable(response):
    """``response`` decoded the way its text was written.

    German CMSs still serve pages in the Windows code page, often while the header or ``<meta>`` says
    UTF-8, or with no charset at all. Decoded as UTF-8 every umlaut of such a page becomes U+FFFD, and
    Scrapy's guess for an undeclared charset can be an exotic code page (``B\xfcrgerb\xfcro`` read as
    cp775 is "B³rgerb³ro"): no keyword rule would match. A body that is not valid UTF-8 while UTF-8 or
    nothing is declared is read as cp1252 (what the WHATWG encoding standard does for Latin-1 labels).
    """
    if not isinstance(response, TextResponse):
        return response
    declared = _declared_charset(response)
    try:
        declared_name = codecs.lookup(declared).name if declared else None
    except LookupError:
        declared_name = None
    if declared_name not in (None, "utf-8"):
        return response  # an explicit other charset (iso-8859-1, windows-1252, utf-16 ...) is trusted
    try:
        response.body.decode("utf-8")
    except UnicodeDecodeError:
        return response.replace(encoding="cp1252")
    if declared_name is None and codecs.lookup(response.encoding).name not in ("utf-8", "ascii"):
        return response.replace(encoding="utf-8")
    return response


def _declared_charset(response) -> str | None:
    """The charset a BOM, the Content-Type header or (HTML) a ``<meta>`` declares, else None."""
    bom, _ = read_bom(response.body)
    if bom:
        return bom
    header = response.headers.get(b"Content-Type")
    declared = http_content_type_encoding(header.decode("latin-1")) if header else None
    if not declared and isinstance(response, HtmlResponse):
        declared = html_body_declared_encoding(response.body)
    return declared


def _causes(exc: BaseException) -> list[BaseException]:
    chain, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    return chain


def classify_failure(exc: BaseException) -> str:
    """robots | unsafe | redirect | too_large | dns | timeout | connection | cancelled | ignored | other.

    Scrapy 2.13+ wraps Twisted's errors (DownloadConnectionRefusedError, CannotResolveHostError, ...);
    both the wrappers and the Twisted originals are recognised, and the cause chain is searched for
    the resolver's UnsafeURLError. A redirect loop and a body over DOWNLOAD_MAXSIZE (declared, or found
    while inflating a gzip bomb) reach the spider as IgnoreRequest/DownloadCancelledError too, but they
    are failed fetches of the page, not a decision to skip it: they get their own kinds.
    """
    chain = _causes(exc)
    names = {type(e).__name__ for e in chain}
    message = str(exc)
    if (
        any(isinstance(e, UnsafeURLError) for e in chain)
        or "UnsafeRequest" in names
        or "resolves to" in message
    ):
        return "unsafe"
    if _TOO_LARGE_RE.search(message):
        return "too_large"
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in message:
            return "robots"
        return "redirect" if "max redirections" in message else "ignored"
    if names & {"CannotResolveHostError", "DNSLookupError", "DNSNotFound"} or isinstance(exc, DNSLookupError):
        return "dns"
    if names & {"DownloadTimeoutError", "TimeoutError", "TCPTimedOutError"} or isinstance(
        exc, TimeoutError | TCPTimedOutError
    ):
        return "timeout"
    if names & {
        "DownloadConnectionRefusedError",
        "ConnectionRefusedError",
        "ConnectError",
        "ResponseNeverReceived",
        "ResponseFailed",
        "ConnectionLost",
        "ConnectionDone",
        "DownloadFailedError",
        "ResponseDataLossError",
    } or isinstance(exc, ConnectionRefusedError | ConnectError):
        return "connection"
    if names & {"CancelledError", "DownloadCancelledError"}:
        return "cancelled"
    return "other"


class CitySitesSpider(scrapy.Spider):
    name = "city_sites"
    # 4xx/5xx reach the callback: the broken-link share is measured on them.
    handle_httpstatus_list = list(range(400, 600))

    def __init__(
        self, ags: str = "", city_name: str = "", website: str = "", *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not website:
            raise ValueError("city_sites needs a website")
        self.ags = ags
        self.city_name = city_name
        self.website = canonical_url(website)
        self.city_domains: set[str] = {registrable_domain(host_of(self.website))}
        self.allowed_hosts: set[str] = set()
        self.seen: set[str] = set()
        self.scheduled: dict[str, tuple[str, ...]] = {}
        self.resolved: set[str] = set()
        self.failed_topics: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.pages = 0
        self.bytes = 0
        self.sitemap_urls = 0
        self.depth_skipped = 0
        self.stop_reason: str | None = None
        self.homepage: dict[str, Any] = {"fetched": False}
        self.started = time.monotonic()
        self.started_at = datetime.now(UTC).isoformat()
        self.reference = datetime.now(UTC).date()  # the date pages are read on (future "ab ..." dates)
        self.summary: dict[str, Any] | None = None
        self._links: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_pages = settings.getint("SCI_MAX_PAGES")
        spider.max_depth = settings.getint("SCI_MAX_DEPTH")
        spider.max_bytes = settings.getint("SCI_MAX_BYTES")
        spider.max_sitemap_urls = settings.getint("SCI_SITEMAP_MAX_URLS")
        spider.allow_loopback = settings.getbool("SCI_ALLOW_LOOPBACK")
        spider.loopback_only = settings.getbool("SCI_LOOPBACK_ONLY")
        spider.detectors = load_detector_api(settings.get("SCI_DETECTORS_MODULE"))
        spider.pool = detect_pool.current_pool()  # started by crawlers.run before the reactor
        # Portal hosts known beforehand ("host" or "host:port" -> kind), e.g. a city's own booking system.
        spider.portal_hosts = {
            str(k).lower(): str(v) for k, v in (settings.getdict("SCI_PORTAL_HOSTS") or {}).items()
        }
        spider.max_response_bytes = settings.getint("DOWNLOAD_MAXSIZE")
        # A body without Content-Length that grows past DOWNLOAD_MAXSIZE is cancelled by Scrapy with an empty
        # error; counting the bytes received per request lets the errback say what happened.
        crawler.signals.connect(spider.count_bytes, signal=signals.bytes_received)
        return spider

    def count_bytes(self, data: bytes, request: scrapy.Request, spider=None) -> None:
        request.meta["sci_bytes_received"] = request.meta.get("sci_bytes_received", 0) + len(data)

    # --- scope ------------------------------------------------------------------------------------

    def scope_problem(self, request: scrapy.Request) -> str | None:
        """None when ``request`` may be sent: own domains, a scheduled portal host, or a legitimate redirect."""
        host = host_of(request.url)
        domain = registrable_domain(host)
        if domain in self.city_domains or host in self.allowed_hosts:
            return None
        meta = request.meta
        if meta.get("redirect_urls"):
            if meta.get("sci_seed"):
                # The homepage moved to another domain (stadt-x.de -> x.de): that is the city's site now.
                self.city_domains.add(domain)
                return None
            if meta.get("sci_hop") and self._portal_kind(request.url):
                self.allowed_hosts.add(host)
                return None
        return f"{host} is outside the crawl's domains ({', '.join(sorted(self.city_domains))})"

    # --- requests ---------------------------------------------------------------------------------

    def _page_request(
        self,
        url: str,
        *,
        depth: int,
        topics: tuple[str, ...],
        hop: int = 0,
        seed: bool = False,
        portal: str | None = None,
    ) -> scrapy.Request:
        self.seen.add(url)
        self.scheduled[url] = topics
        priority = 10_000 if seed else link_priority(topics, depth, portal=portal is not None)
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_error,
            priority=priority,
            dont_filter=True,
            meta={
                "sci_url": url,
                "sci_depth": depth,
                "sci_topics": topics,
                "sci_hop": hop,
                "sci_seed": seed,
                "sci_portal": portal,
            },
        )

    def _aux_request(self, url: str, what: str, callback, level: int = 0) -> scrapy.Request:
        meta = {"sci_url": url, "sci_aux": what, "sci_level": level}
        if what == "robots":
            meta["dont_obey_robotstxt"] = True
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_aux_error,
            priority=5_000 - level,
            dont_filter=True,
            meta=meta,
        )

    async def start(self):
        self.started = time.monotonic()  # imports and set-up are not crawl time
        yield self._page_request(self.website, depth=0, topics=(), seed=True)
        parts = urlsplit(self.website)
        origin = f"{parts.scheme}://{parts.netloc}"
        yield self._aux_request(f"{origin}/robots.txt", "robots", self.parse_robots)
        self._sitemaps_requested = {f"{origin}/sitemap.xml"}
        yield self._aux_request(f"{origin}/sitemap.xml", "sitemap", self.parse_sitemap)

    # --- callbacks --------------------------------------------------------------------------------

    def _budget_check(self) -> None:
        if self.pages >= self.max_pages:
            self.stop_reason = "budget_pages"
        elif self.bytes >= self.max_bytes:
            self.stop_reason = "budget_bytes"
        if self.stop_reason:
            raise CloseSpider(self.stop_reason)

    def _base_record(self, response, kind: str = "page") -> dict[str, Any]:
        meta = response.meta
        body = response.body
        return {
            "kind": kind,
            "url": meta.get("sci_url", response.url),
            "final_url": response.url,
            "status": response.status,
            "depth": meta.get("sci_depth", 0),
            "hop": meta.get("sci_hop", 0),
            "seed": bool(meta.get("sci_seed")),
            "topics": list(meta.get("sci_topics", ())),
            "portal_kind": meta.get("sci_portal"),
            "content_type": response.headers.get("Content-Type", b"").decode("latin-1"),
            "length": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
            "warc_record_id": meta.get("sci_warc_record_id"),
            "fetched_at": meta.get("sci_fetched_at") or datetime.now(UTC).isoformat(),
            "served_from": meta.get("sci_served_from", "network"),
        }

    async def parse(self, response):
        if self.stop_reason:
            return
        self._budget_check()
        response = readable(response)
        meta = response.meta
        url = meta["sci_url"]
        self.resolved.add(url)
        self.pages += 1
        self.bytes += len(response.body)
        record = self._base_record(response)
        seed = bool(meta.get("sci_seed"))
        if seed:
            self.homepage.update(fetched=True, status=response.status, final_url=response.url)
            if response.status >= 400:
                self.homepage["error"] = f"HTTP {response.status}"
        if response.status >= 400 or not isinstance(response, TextResponse):
            if meta.get("sci_topics") and response.status >= 500:
                self.failed_topics.update(meta["sci_topics"])
            yield record
            return
        is_html = isinstance(response, HtmlResponse) or "html" in record["content_type"].lower()
        links, iframes, title, text = (
            self._extract(response, seed) if is_html else ([], [], "", response.text)
        )
        page = Page(
            url=url,
            html=response.text if is_html else None,
            text=None if is_html else response.text,
            final_url=response.url,
            status=response.status,
            # The detectors parse HTML themselves; passing the links again would make them read every link
            # twice. Text pages (no HTML) carry the links we know.
            links=() if is_html else tuple((u, a) for u, a in links),
        )
        # Links first: the crawl goes on while this page's detectors run.
        requests, facts = self._follow(response, links, iframes)
        for request in requests:
            yield request
        record.update(facts)
        record["title"] = title
        record["is_html"] = is_html
        detections, signals, errors = await self._detect(page)
        record["detections"], record["signals"] = detections, signals
        if errors:
            record["detector_errors"] = errors
            self.errors["detector"] += len(errors)
        record["self_kind"] = record["portal_kind"] or self._portal_kind(response.url)
        record["extras"] = page_extras(page.html, text, seed=seed, geo=is_geo_page(record))
        if seed and (record["extras"]["js_only"] or signals.get("looks_js_only")):
            self.homepage["js_only"] = True
        yield record

    async def _detect(self, page: Page):
        """Detections and signals of one page: in a detector worker process when there is one."""
        if self.pool is not None:
            try:
                return await self.pool.detect(page, self.reference)
            except detect_pool.WorkerBroken as exc:  # a worker died (e.g. out of memory): go on inline
                self.logger.warning("%s; detecting inline from now on", exc)
                self.pool = None
        return detect_pool.run_detectors(self.detectors, page, self.reference)

    def _extract(self, response, seed: bool) -> tuple[list[tuple[str, str]], list[str], str, str]:
        root = response.selector.root
        links: list[tuple[str, str]] = []
        iframes: list[str] = []
        if root is None or not hasattr(root, "iter"):
            return links, iframes, "", response.text
        for el in root.iter("a", "area", "iframe", "frame"):
            tag = el.tag
            if tag in ("a", "area"):
                href = (el.get("href") or "").strip()
                if not href or href.startswith("#"):
                    continue
                anchor = (
                    " ".join("".join(el.itertext()).split()) or el.get("title") or el.get("aria-label") or ""
                )
                links.append((response.urljoin(href), anchor[:200]))
            else:
                src = (el.get("src") or "").strip()
                if src:
                    iframes.append(response.urljoin(src))
        title_el = root.find(".//title")
        title = " ".join((title_el.text or "").split())[:200] if title_el is not None else ""
        if not seed:  # the visible text is only needed for the homepage's JS-only check
            return links, iframes, title, ""
        body = root.find(".//body")
        return links, iframes, title, visible_text(body if body is not None else root)

    def _follow(self, response, links, iframes) -> tuple[list[scrapy.Request], dict[str, Any]]:
        meta = response.meta
        depth = meta.get("sci_depth", 0)
        hop = meta.get("sci_hop", 0)
        requests: list[scrapy.Request] = []
        portal_links: list[list[Any]] = []
        opendata_links: list[list[Any]] = []
        service_links: list[str] = []
        external = internal = 0
        if hop == 0 and registrable_domain(host_of(response.url)) not in self.city_domains:
            hop = 1  # a page that ended up off the city's domains is not crawled further
        candidates = [(u, a, False) for u, a in links] + [(u, "", True) for u in iframes]
        for raw_url, anchor, is_iframe in candidates:
            info = self._link_info(raw_url)
            if info is None:
                continue
            url, host, domain, kind, skip = info
            topics = focus_topics(url, anchor)
            if "open_data" in topics or (kind or "").startswith("opendata"):
                opendata_links.append([url, anchor, kind])
            if kind:
                portal_links.append([url, kind, anchor, is_iframe])
            if is_online_service_anchor(anchor):
                service_links.append(url)
            if domain in self.city_domains:
                internal += 1
                if hop or skip or url in self.seen:
                    continue
                if depth + 1 > self.max_depth:
                    self.depth_skipped += 1
                    continue
                requests.append(self._page_request(url, depth=depth + 1, topics=topics))
            elif kind:
                if hop or url in self.seen:
                    continue
                self.allowed_hosts.add(host)
                requests.append(self._page_request(url, depth=depth + 1, topics=topics, hop=1, portal=kind))
            else:
                external += 1
        facts = {
            "links_internal": internal,
            "links_external": external,
            "portal_links": portal_links,
            "opendata_links": opendata_links,
            "online_service_links": sorted(set(service_links)),
            "iframes": iframes[:20],
        }
        return requests, facts

    def _link_info(self, raw_url: str) -> tuple[str, str, str, str | None, bool] | None:
        """(canonical url, host, registrable domain, portal kind, skip as non-HTML) of a link; None if unsafe.

        Memoised per crawl: navigation links repeat on every page, and the vendor signatures behind
        portal_kind are many regular expressions.
        """
        cached = self._links.get(raw_url, False)
        if cached is not False:
            return cached
        info = None
        if not self._unsafe(raw_url):
            url = canonical_url(raw_url)
            host = host_of(url)
            info = (
                url,
                host,
                registrable_domain(host),
                self._portal_kind(url),
                bool(_SKIP_EXTENSIONS.search(urlsplit(url).path)),
            )
        if len(self._links) > 100_000:
            self._links.clear()
        self._links[raw_url] = info
        return info

    def _unsafe(self, url: str) -> str | None:
        return url_problem(url, allow_loopback=self.allow_loopback, loopback_only=self.loopback_only)

    def _portal_kind(self, url: str) -> str | None:
        parts = urlsplit(url)
        configured = self.portal_hosts.get(parts.netloc.lower()) or self.portal_hosts.get(
            parts.hostname or ""
        )
        if configured:
            return configured
        try:
            return self.detectors.portal_kind(url)
        except Exception:  # a vendor signature must not stop the crawl on an odd URL
            self.errors["portal_kind"] += 1
            return None

    def on_error(self, failure):
        request = failure.request
        meta = request.meta
        url = meta.get("sci_url", request.url)
        kind = classify_failure(failure.value)
        message = f"{type(failure.value).__name__}: {failure.value}"
        refused = SafeResolver.refused.get(host_of(url))
        if kind == "dns" and refused:
            kind, message = "unsafe", f"UnsafeURLError: {refused}"
        received = meta.get("sci_bytes_received", 0)
        if kind == "cancelled" and self.max_response_bytes and received > self.max_response_bytes:
            kind = "too_large"
            message = (
                f"response larger than DOWNLOAD_MAXSIZE ({self.max_response_bytes} bytes): "
                f"cancelled after {received} bytes"
            )
        if self.stop_reason and kind in ("cancelled", "other", "connection"):
            return  # the spider is closing: the request stays pending
        self.resolved.add(url)
        self.errors[kind] += 1
        if kind not in ("robots", "unsafe", "ignored") and meta.get("sci_topics"):
            self.failed_topics.update(meta["sci_topics"])
        if meta.get("sci_seed"):
            self.homepage.update(fetched=False, error=f"{kind}: {message}"[:300], error_kind=kind)
        yield {
            "kind": "error",
            "url": url,
            "error_kind": kind,
            "message": message[:500],
            "depth": meta.get("sci_depth", 0),
            "hop": meta.get("sci_hop", 0),
            "seed": bool(meta.get("sci_seed")),
            "topics": list(meta.get("sci_topics", ())),
            "fetched_at": datetime.now(UTC).isoformat(),
        }

    def on_aux_error(self, failure):
        meta = failure.request.meta
        yield {
            "kind": "aux",
            "aux": meta.get("sci_aux"),
            "url": meta.get("sci_url", failure.request.url),
            "status": None,
            "error_kind": classify_failure(failure.value),
            "message": f"{type(failure.value).__name__}: {failure.value}"[:500],
        }

    def parse_robots(self, response):
        self.bytes += len(response.body)
        sitemaps = []
        if response.status < 400 and isinstance(response, TextResponse):
            sitemaps = [
                canonical_url(u) for u in sitemap_urls_from_robots(response.body, base_url=response.url)
            ]
        yield {
            "kind": "aux",
            "aux": "robots",
            "url": response.url,
            "status": response.status,
            "sitemaps": sitemaps,
            "warc_record_id": response.meta.get("sci_warc_record_id"),
        }
        for url in sitemaps:
            if url not in self._sitemaps_requested and not self._unsafe(url):
                self._sitemaps_requested.add(url)
                yield self._aux_request(url, "sitemap", self.parse_sitemap)

    def parse_sitemap(self, response):
        self.bytes += len(response.body)
        level = response.meta.get("sci_level", 0)
        record = {
            "kind": "aux",
            "aux": "sitemap",
            "url": response.url,
            "status": response.status,
            "urls": 0,
            "warc_record_id": response.meta.get("sci_warc_record_id"),
        }
        if response.status >= 400 or self.stop_reason:
            yield record
            return
        body = response.body
        try:
            if body[:2] == b"\x1f\x8b":
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = Sitemap(body)
        except Exception as exc:  # not a sitemap (an HTML 200 page, broken XML)
            record["error"] = f"{type(exc).__name__}: {exc}"[:300]
            yield record
            return
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                url = canonical_url(entry.get("loc", ""))
                if level < 2 and url not in self._sitemaps_requested and not self._unsafe(url):
                    self._sitemaps_requested.add(url)
                    yield self._aux_request(url, "sitemap", self.parse_sitemap, level=level + 1)
            yield record
            return
        for entry in sitemap:
            if self.sitemap_urls >= self.max_sitemap_urls:
                record["capped"] = True
                break
            loc = entry.get("loc", "")
            if not loc or self._unsafe(loc):
                continue
            url = canonical_url(loc)
            if registrable_domain(host_of(url)) not in self.city_domains or url in self.seen:
                continue
            if _SKIP_EXTENSIONS.search(urlsplit(url).path):
                continue
            self.sitemap_urls += 1
            record["urls"] += 1
            yield self._page_request(url, depth=1, topics=focus_topics(url))
        yield record

    # --- end of crawl -----------------------------------------------------------------------------

    def closed(self, reason: str) -> None:
        if self.pool is not None:
            self.pool.detach()
        stop = self.stop_reason or reason
        pending = {u: t for u, t in self.scheduled.items() if u not in self.resolved}
        pending_topics = Counter(t for topics in pending.values() for t in topics)
        self.summary = {
            "ags": self.ags,
            "name": self.city_name,
            "website": self.website,
            "finish_reason": reason,
            "stop_reason": stop,
            "budget": _BUDGET_REASONS.get(stop),
            "pages": self.pages,
            "bytes": self.bytes,
            "scheduled": len(self.scheduled),
            "pending": len(pending),
            "pending_topics": dict(sorted(pending_topics.items())),
            "failed_topics": dict(sorted(self.failed_topics.items())),
            "errors": dict(sorted(self.errors.items())),
            "depth_skipped": self.depth_skipped,
            "sitemap_urls": self.sitemap_urls,
            "homepage": self.homepage,
            "city_domains": sorted(self.city_domains),
            "portal_hosts": sorted(self.allowed_hosts),
            "budgets": {"pages": self.max_pages, "depth": self.max_depth, "bytes": self.max_bytes},
            "detectors": self.detectors.module,
            "detector_version": self.detectors.version,
            "started_at": self.started_at,
            "finished_at": datetime.now(UTC).isoformat(),
            "seconds": round(time.monotonic() - self.started, 3),
        }
