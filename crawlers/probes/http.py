"""A small, safe HTTP GET for the probes (httpx): checked URLs and addresses, size cap, timeouts, WARC.

Redirects are followed by hand so that every hop passes the same checks as the crawl: http(s) only, no
credentials, and a host whose resolved addresses are all public (loopback only when allowed).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from crawlers.netsafety import UnsafeURLError, check_url, resolve_checked
from crawlers.warc import WarcArchive

MAX_REDIRECTS = 5


class FetchError(RuntimeError):
    """A probe request failed; the message names the URL and the reason."""


@dataclass
class Fetched:
    url: str  # the URL asked for
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    warc_record_id: str | None = None
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").lower()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise FetchError(f"{self.final_url}: not JSON ({exc})") from exc


class SafeFetcher:
    """GET with network-safety checks, a byte cap and optional WARC archiving of every exchange."""

    def __init__(
        self,
        *,
        allow_loopback: bool = False,
        loopback_only: bool = False,
        user_agent: str = "smartcity-index probe",
        timeout: float = 20.0,
        max_bytes: int = 5 * 1024 * 1024,
        archive: WarcArchive | None = None,
        transport: httpx.BaseTransport | None = None,
        getaddrinfo: Any = None,
    ):
        self.allow_loopback = allow_loopback
        self.loopback_only = loopback_only
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.archive = archive
        self.getaddrinfo = getaddrinfo
        self.requests = 0
        # "<url>: <why>" of every refused (unsafe) or failed (timeout, too large, ...) GET, in order: the
        # probes ask many endpoints and treat a failure like "no such API", so the reasons are kept here.
        self.failures: list[str] = []
        # identity encoding: the archived body is the body as received, and it is also the decoded one.
        self.client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "identity"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
            trust_env=False,  # a proxy would resolve names past our address check
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> SafeFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self, url: str) -> None:
        check_url(url, allow_loopback=self.allow_loopback, loopback_only=self.loopback_only)
        parts = urlsplit(url)
        resolve_checked(
            parts.hostname or "", parts.port, allow_loopback=self.allow_loopback, getaddrinfo=self.getaddrinfo
        )

    def get(self, url: str, *, accept: str = "*/*") -> Fetched:
        """Fetch ``url`` (following up to 5 checked redirects); raise FetchError/UnsafeURLError on failure."""
        try:
            return self._get(url, accept)
        except (FetchError, UnsafeURLError) as exc:
            self.failures.append(str(exc) if str(exc).startswith(url) else f"{url}: {exc}")
            raise

    def _get(self, url: str, accept: str) -> Fetched:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check(current)
            fetched = self._get_once(current, accept)
            if fetched.status in (301, 302, 303, 307, 308) and "location" in fetched.headers:
                current = urljoin(current, fetched.headers["location"])
                continue
            fetched.url = url
            return fetched
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _get_once(self, url: str, accept: str) -> Fetched:
        self.requests += 1
        # httpx's timeouts bound each read, not the whole response: a server dripping one byte per second
        # would keep a probe busy forever. The whole exchange gets twice the timeout at most.
        deadline = time.monotonic() + 2 * self.timeout
        try:
            with self.client.stream("GET", url, headers={"Accept": accept}) as response:
                chunks, size = [], 0
                for chunk in response.iter_raw():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: response larger than {self.max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url}: response took longer than {2 * self.timeout:g} s")
                    chunks.append(chunk)
                body = b"".join(chunks)
                request_headers = list(response.request.headers.items())
                status = response.status_code
                headers = list(response.headers.items())
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        now = datetime.now(UTC)
        record_id = None
        if self.archive is not None:
            record_id = self.archive.write_exchange(
                url=url,
                method="GET",
                request_headers=request_headers,
                request_body=b"",
                status=status,
                response_headers=headers,
                body=body,
                fetched_at=now,
                extra_headers={"WARC-Sci-Probe": "portal"},
            )
        return Fetched(
            url=url,
            final_url=url,
            status=status,
            headers={k.lower(): v for k, v in headers},
            body=body,
            fetched_at=now.isoformat(),
            warc_record_id=record_id,
        )


__all__ = ["FetchError", "Fetched", "SafeFetcher", "UnsafeURLError"]
