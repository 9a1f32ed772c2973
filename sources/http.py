"""Downloading a publisher's file into an immutable raw snapshot: the one fetch path of all adapters.

- httpx, streamed to a hidden temp file in the snapshot directory while hashing, with a size limit
  (Content-Length checked first, then the bytes actually received);
- connect/read timeouts; retries with exponential backoff on connect errors, read errors, 5xx and
  429 (``Retry-After`` honoured up to a cap); an unreachable host fails after a few quick attempts
  with :class:`SourceUnavailable` ``cannot reach <host>``, never a long hang;
- conditional GET with the ETag / Last-Modified of the latest snapshot of the same URL: a 304 or
  a body with an already known sha256 reuses the existing snapshot;
- an HTML page served where a CSV/XLSX/ZIP/JSON is expected (a login wall, an error page with
  status 200) is an error naming the URL, and nothing is stored.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from sources.errors import SourceFetchError, SourceUnavailable
from sources.snapshots import (
    Snapshot,
    commit_file,
    latest_pointer,
    latest_snapshot,
    raw_dir,
    set_latest,
    utc_now_iso,
)

USER_AGENT = "smartcity-index/0.1 (open data pipeline; +https://github.com/smartcity-index)"
KNOWN_EXTENSIONS = {"csv", "txt", "xlsx", "xls", "zip", "json", "geojson", "html", "htm", "gpkg", "xml"}
# Headers worth keeping in the sidecar (the rest is noise such as cookies).
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-disposition",
    "content-encoding",
    "etag",
    "last-modified",
    "date",
    "cache-control",
    "server",
)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html\b)", re.IGNORECASE)


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one download. Tests shrink the timeouts and backoff."""

    max_bytes: int = 200 * 1024**2
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    attempts: int = 3
    backoff: float = 1.0  # first retry delay; doubles every attempt
    backoff_max: float = 16.0
    retry_after_cap: float = 60.0  # never sleep longer than this on a Retry-After

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)


DEFAULT_POLICY = FetchPolicy()


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError, IndexError):
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    return None


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def sniff_extension(head: bytes, path: Path | None = None) -> str | None:
    """The file type from its first bytes (ZIP vs XLSX needs the member list, hence ``path``)."""
    if head.startswith(b"PK\x03\x04"):
        if path is not None:
            with contextlib.suppress(zipfile.BadZipFile, OSError), zipfile.ZipFile(path) as zf:
                if "xl/workbook.xml" in zf.namelist():
                    return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped[:1] in (b"{", b"["):
        return "json"
    if looks_like_html(head):
        return "html"
    return None


def _filename_from_headers(headers: httpx.Headers) -> str | None:
    disposition = headers.get("content-disposition") or ""
    match = re.search(r"filename\*=(?:UTF-8'')?([^;]+)", disposition, re.IGNORECASE)
    if match:
        return unquote(match.group(1).strip().strip('"'))
    match = re.search(r'filename="?([^";]+)"?', disposition, re.IGNORECASE)
    return match.group(1).strip() if match else None


def _name_from_url(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)


def choose_extension(original_name: str, head: bytes, path: Path, expect: Iterable[str]) -> str:
    sniffed = sniff_extension(head, path)
    suffix = PurePosixPath(original_name).suffix.lower().lstrip(".")
    if suffix in KNOWN_EXTENSIONS and not (sniffed in {"zip", "xlsx", "xls"} and suffix != sniffed):
        return suffix
    if sniffed:
        return sniffed
    expected = list(expect)
    return expected[0] if expected else "bin"


def _expected_label(expect: Iterable[str]) -> str:
    return "/".join(e.upper() for e in expect) or "data file"


def download(
    source: str,
    url: str,
    data_dir: Path | str,
    *,
    client: httpx.Client | None = None,
    policy: FetchPolicy = DEFAULT_POLICY,
    expect: Iterable[str] = ("csv",),
    sleep: Callable[[float], None] = time.sleep,
    conditional: bool = True,
) -> Snapshot:
    """Download ``url`` for ``source`` into ``<data-dir>/raw/<source>/`` and return its Snapshot.

    ``Snapshot.reused`` is True after a 304 or when the body's sha256 is already stored.
    Raises SourceUnavailable (unreachable, or 5xx/429 on every attempt) or SourceFetchError.
    """
    expect = tuple(e.lower() for e in expect)
    previous = latest_snapshot(source, data_dir)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    pointer = latest_pointer(source, data_dir) or {}
    if conditional and previous is not None and (pointer.get("url") or previous.url) == url:
        # The pointer holds the validators of the latest response (a 304 may have refreshed them).
        etag = pointer.get("etag") if pointer else previous.meta.get("etag")
        modified = pointer.get("last_modified") if pointer else previous.meta.get("last_modified")
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
    own_client = client is None
    if own_client:
        client = httpx.Client(timeout=policy.timeout(), follow_redirects=True)
    host = host_of(url)
    try:
        last_problem = ""
        for attempt in range(1, policy.attempts + 1):
            delay = min(policy.backoff * 2 ** (attempt - 1), policy.backoff_max)
            try:
                with client.stream(
                    "GET", url, headers=headers, timeout=policy.timeout(), follow_redirects=True
                ) as response:
                    status = response.status_code
                    if status == 304 and previous is not None:
                        set_latest(
                            replace(previous, reused=True),
                            data_dir,
                            etag=response.headers.get("etag") or headers.get("If-None-Match"),
                            last_modified=response.headers.get("last-modified")
                            or headers.get("If-Modified-Since"),
                            url=url,
                            not_modified=True,
                        )
                        return replace(previous, reused=True)
                    if status == 429 or status >= 500:
                        last_problem = f"HTTP {status}"
                        wait = retry_after_seconds(response.headers.get("retry-after"))
                        if attempt < policy.attempts:
                            sleep(min(wait if wait is not None else delay, policy.retry_after_cap))
                            continue
                        raise SourceUnavailable(
                            f"{url} answered HTTP {status} on all {policy.attempts} attempts",
                            url=url,
                            host=host,
                        )
                    if status >= 300:
                        raise SourceFetchError(
                            f"{url} answered HTTP {status} {response.reason_phrase}".rstrip(),
                            url=url,
                            status=status,
                        )
                    return _store_response(source, url, response, data_dir, policy=policy, expect=expect)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                if attempt < policy.attempts:
                    sleep(delay)
                    continue
                raise SourceUnavailable(
                    f"cannot reach {host} ({last_problem}; {policy.attempts} attempts) for {url}",
                    url=url,
                    host=host,
                ) from exc
            except (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                if attempt < policy.attempts:
                    sleep(delay)
                    continue
                raise SourceUnavailable(
                    f"{url}: download failed on all {policy.attempts} attempts ({last_problem})",
                    url=url,
                    host=host,
                ) from exc
            except httpx.TooManyRedirects as exc:
                raise SourceFetchError(f"{url}: too many redirects ({exc})", url=url) from exc
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise SourceFetchError(f"{url}: not a downloadable http(s) URL ({exc})", url=url) from exc
        raise SourceUnavailable(f"{url}: no attempt made ({last_problem})", url=url, host=host)
    finally:
        if own_client:
            client.close()


def _store_response(
    source: str,
    url: str,
    response: httpx.Response,
    data_dir: Path | str,
    *,
    policy: FetchPolicy,
    expect: tuple[str, ...],
) -> Snapshot:
    label = _expected_label(expect)
    content_type = (response.headers.get("content-type") or "").lower()
    html_ok = "html" in expect or "htm" in expect
    if not html_ok and content_type.startswith("text/html"):
        raise SourceFetchError(
            f"{url} served an HTML page (content-type {content_type}) instead of the expected {label}",
            url=url,
            status=response.status_code,
        )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise SourceFetchError(
            f"{url} is {int(declared):,} bytes, over the limit of {policy.max_bytes:,} bytes",
            url=url,
            status=response.status_code,
        )
    directory = raw_dir(data_dir, source)
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".download.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > policy.max_bytes:
                    raise SourceFetchError(
                        f"{url} sent more than the limit of {policy.max_bytes:,} bytes; download aborted",
                        url=url,
                        status=response.status_code,
                    )
                if len(head) < 512:
                    head += chunk[: 512 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise SourceFetchError(f"{url} sent an empty body", url=url, status=response.status_code)
        if not html_ok and looks_like_html(head):
            raise SourceFetchError(
                f"{url} served an HTML page instead of the expected {label}",
                url=url,
                status=response.status_code,
            )
        final_url = str(response.url)
        original_name = _filename_from_headers(response.headers) or _name_from_url(final_url) or "download"
        ext = choose_extension(original_name, head, tmp, expect)
        meta = {
            "url": url,
            "final_url": final_url,
            "status": response.status_code,
            "headers": {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS},
            "fetched_at": utc_now_iso(),
            "size": size,
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "original_name": original_name,
            "origin": "download",
        }
        snap = commit_file(source, tmp, sha256=digest.hexdigest(), ext=ext, meta=meta, data_dir=data_dir)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    set_latest(
        snap,
        data_dir,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        url=url,
    )
    return snap
