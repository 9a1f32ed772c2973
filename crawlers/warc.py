"""WARC archiving of every fetched response, and replay of a record an evidence row points at.

One gzip WARC file per city and month: ``<data-dir>/warc/month=YYYY-MM/<ags>.warc.gz``. The crawl writes
to a hidden temp file next to it (records are appended as separate gzip members, so the crawl and the
probes after it can both add to it) and the file is renamed into place only when the city's crawl is
committed; a crash leaves at most a temp file, never a truncated archive under the final name.

Each exchange is a ``request`` and a ``response`` record (raw body as received, before decompression).
When the HTTP cache answers for the network (a 304 revalidation, or a still-fresh cached page), the body
comes from the cache: the network's 304 is archived as it came, and the cached body is archived as a
``response`` record with ``WARC-Sci-Served-From: http-cache`` so every snippet stays replayable from this
month's archive alone.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Hop-by-hop framing already undone by the HTTP client: keep it visible, but not as a live header,
# or a WARC reader would try to de-chunk a body that is no longer chunked.
_FRAMING_HEADERS = {"transfer-encoding"}


def warc_path(data_dir: Path | str, month: str, ags: str) -> Path:
    return Path(data_dir) / "warc" / f"month={month}" / f"{ags}.warc.gz"


def temp_warc_path(final_path: Path, tag: str) -> Path:
    return final_path.with_name(f".{final_path.name}.{tag}.tmp")


def _warc_date(when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _http_headers(status: int, headers: Iterable[tuple[str, str]], body_length: int) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    out: list[tuple[str, str]] = []
    for name, value in headers:
        if name.lower() in _FRAMING_HEADERS:
            out.append((f"X-Archive-Orig-{name}", value))
        elif name.lower() == "content-length":
            continue
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return StatusAndHeaders(f"{status} {reason}", out, protocol="HTTP/1.1")


class WarcArchive:
    """Append-only writer of one city's WARC (temp) file."""

    def __init__(self, path: Path | str, *, info: dict[str, str] | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        is_new = not self.path.exists() or self.path.stat().st_size == 0
        self._fh = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self.records = 0
        if is_new and info is not None:
            record = self._writer.create_warcinfo_record(self.path.name, dict(info))
            self._writer.write_record(record)

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: Iterable[tuple[str, str]],
        request_body: bytes,
        status: int,
        response_headers: Iterable[tuple[str, str]],
        body: bytes,
        ip_address: str | None = None,
        fetched_at: datetime | None = None,
        extra_headers: dict[str, str] | None = None,
        write_request: bool = True,
    ) -> str:
        """Archive a request/response pair; return the response record's WARC-Record-ID."""
        date = _warc_date(fetched_at)
        response_warc_headers = {"WARC-Date": date}
        if ip_address:
            response_warc_headers["WARC-IP-Address"] = ip_address
        response_warc_headers.update(extra_headers or {})
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=_http_headers(status, response_headers, len(body)),
            warc_headers_dict=response_warc_headers,
        )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        if write_request:
            parts = urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            req_headers = [(k, v) for k, v in request_headers if k.lower() != "host"]
            req_headers.insert(0, ("Host", parts.netloc))
            request = self._writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(request_body),
                length=len(request_body),
                http_headers=StatusAndHeaders(
                    f"{method} {target} HTTP/1.1", req_headers, is_http_request=True
                ),
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
            )
            self._writer.write_record(request)
        self._writer.write_record(response)
        self.records += 2 if write_request else 1
        return response_id

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()


def commit_warc(temp_path: Path, final_path: Path) -> Path:
    """Rename a finished temp WARC over the final name (atomic on one file system)."""
    final_path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp_path, final_path)
    return final_path


def discard_warc(temp_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        temp_path.unlink()


@dataclass(frozen=True)
class ReplayedRecord:
    record_id: str
    record_type: str
    url: str
    date: str
    status: int | None
    headers: dict[str, str]
    body: bytes  # content-decoded (gzip/deflate/br undone) payload

    @property
    def text(self) -> str:
        charset = "utf-8"
        ctype = self.headers.get("content-type", "")
        if "charset=" in ctype:
            charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip('"') or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


REPLAY_MAX_BYTES = 64 * 1024 * 1024  # far above DOWNLOAD_MAXSIZE: only a compression bomb gets here


class ReplayTooLarge(ValueError):
    """An archived body inflates beyond the replay cap (a gzip bomb the crawl refused, archived raw)."""


def replay(warc_file: Path | str, record_id: str, *, max_bytes: int = REPLAY_MAX_BYTES) -> ReplayedRecord:
    """The archived response ``record_id`` of ``warc_file`` (KeyError when it is not there).

    The body is content-decoded while read, at most ``max_bytes`` of it: the archive keeps raw bodies as
    received, including a refused gzip bomb, whose replay raises :class:`ReplayTooLarge` instead of
    inflating it.
    """
    with open(warc_file, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_headers.get_header("WARC-Record-ID") != record_id:
                continue
            http = record.http_headers
            status = (
                int(http.get_statuscode()) if http is not None and record.rec_type == "response" else None
            )
            headers = {k.lower(): v for k, v in (http.headers if http is not None else [])}
            return ReplayedRecord(
                record_id=record_id,
                record_type=record.rec_type,
                url=record.rec_headers.get_header("WARC-Target-URI") or "",
                date=record.rec_headers.get_header("WARC-Date") or "",
                status=status,
                headers=headers,
                body=_read_capped(record, max_bytes, warc_file, record_id),
            )
    raise KeyError(f"{warc_file}: no record {record_id}")


def _read_capped(record, max_bytes: int, warc_file: Path | str, record_id: str) -> bytes:
    stream, parts, size = record.content_stream(), [], 0
    while True:
        chunk = stream.read(min(1 << 20, max_bytes + 1 - size))  # may return less than asked: loop
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise ReplayTooLarge(f"{warc_file}: record {record_id} inflates beyond {max_bytes} bytes")
