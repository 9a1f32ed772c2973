"""HTTP cache storage for Scrapy: one SQLite file per city instead of six small files per response.

Scrapy's ``FilesystemCacheStorage`` writes six files (and a directory) per response; on the file systems
this runs on that costs milliseconds per page, more than the page's detectors. This storage keeps the
same data (status, URL, headers, body, time stored) in one SQLite database (WAL journal) under
``HTTPCACHE_DIR``, keyed by the request fingerprint. It plugs into Scrapy's ``HttpCacheMiddleware``
unchanged, so the RFC 2616 policy (conditional requests, 304 handling) works exactly as with the
built-in storages.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

_SCHEMA = """
create table if not exists responses (
    fingerprint text primary key,
    stored_at real not null,
    url text not null,
    status integer not null,
    headers text not null,
    body blob not null
)
"""


def _headers_json(headers: Headers) -> str:
    return json.dumps(
        [[k.decode("latin-1"), [v.decode("latin-1") for v in vs]] for k, vs in headers.items()],
        ensure_ascii=True,
    )


def _headers_from_json(text: str) -> Headers:
    return Headers({k: [v.encode("latin-1") for v in vs] for k, vs in json.loads(text)})


class SqliteCacheStorage:
    """``HTTPCACHE_STORAGE = "crawlers.httpcache.SqliteCacheStorage"``; file ``<HTTPCACHE_DIR>/<spider>.sqlite``."""

    def __init__(self, settings: Any):
        self.cachedir = Path(settings["HTTPCACHE_DIR"])
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")
        self.db: sqlite3.Connection | None = None
        self._fingerprinter = None

    def open_spider(self, spider) -> None:
        # Scrapy builds storages from settings alone; the fingerprinter comes with the spider's crawler.
        self._fingerprinter = spider.crawler.request_fingerprinter
        name = spider.name
        self.cachedir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(
            self.cachedir / f"{name}.sqlite", isolation_level=None, check_same_thread=False
        )
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.execute(_SCHEMA)

    def close_spider(self, spider=None) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def _key(self, request) -> str:
        return self._fingerprinter.fingerprint(request).hex()

    def retrieve_response(self, spider, request):
        assert self.db is not None
        row = self.db.execute(
            "select stored_at, url, status, headers, body from responses where fingerprint = ?",
            (self._key(request),),
        ).fetchone()
        if row is None:
            return None
        stored_at, url, status, headers_text, body = row
        if 0 < self.expiration_secs < time.time() - stored_at:
            return None
        headers = _headers_from_json(headers_text)
        respcls = responsetypes.from_args(headers=headers, url=url, body=body)
        return respcls(url=url, headers=headers, status=status, body=body)

    def store_response(self, spider, request, response) -> None:
        assert self.db is not None
        self.db.execute(
            "insert or replace into responses (fingerprint, stored_at, url, status, headers, body) "
            "values (?, ?, ?, ?, ?, ?)",
            (
                self._key(request),
                time.time(),
                response.url,
                response.status,
                _headers_json(response.headers),
                response.body,
            ),
        )


class RevalidatingPolicy(RFC2616Policy):
    """RFC 2616 caching, but a server error is never hidden behind a cached page.

    Scrapy's policy serves the cached copy when the server answers 5xx (stale-if-error). For a monthly
    index that would report last month's page as this month's site: here only a 304 validates the cache.
    """

    def is_cached_response_valid(self, cachedresponse, response, request) -> bool:
        return response.status == 304
