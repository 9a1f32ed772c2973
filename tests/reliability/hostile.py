"""Hostile municipal websites on loopback: one server per city, each on its own 127.0.0.x address.

Every city has a harmless homepage with the same three links (payment, appointments, news) unless its
case says otherwise; the case then makes one part of the site hostile: a page that drips one byte at a
time forever, 503 with ``Retry-After``, a redirect loop, an endless calendar, a 200 MB body, a gzip bomb,
a cp1252 page declared UTF-8, malformed HTML, robots.txt that forbids everything or never answers, a
JavaScript-only homepage, links to ``file:``/``javascript:``/``mailto:`` URLs, and content that tries to
inject markup into the reports.

Large bodies are generated lazily (a generator writing 64 KiB chunks), never held in memory; every
endless response stops by itself after a bounded time, or when the crawler hangs up.
"""

from __future__ import annotations

import gzip
import io
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

DRIP_SECONDS = 30.0  # an endless response gives up by itself after this long (bounded test traffic)
BIG_BYTES = 200 * 1024 * 1024  # the "200 MB response"
BOMB_BYTES = 256 * 1024 * 1024  # what the gzip bomb inflates to
CHUNK = 64 * 1024


@dataclass
class Reply:
    """One answer: status, headers and a body (bytes, or an iterator of chunks written as they come)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Callable[[], Iterator[bytes]] = b""
    delay: float = 0.0  # seconds before anything is sent (a server that does not answer)


Handler = Callable[[str], Reply]


def page(title: str, body: str, *, charset: str | None = "utf-8", head: str = "") -> bytes:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f'<!DOCTYPE html><html lang="de"><head>{meta}<title>{title}</title>{head}</head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    ).encode(charset or "utf-8")


def html(body: bytes, status: int = 200, ctype: str = "text/html; charset=utf-8", **headers: str) -> Reply:
    return Reply(status, {"Content-Type": ctype, **headers}, body)


HOME_LINKS = (
    '<nav><a href="/bezahlen/">Gebühren bezahlen</a> <a href="/termine/">Termin vereinbaren</a> '
    '<a href="/aktuelles/">Aktuelles</a></nav>'
)
PAYMENT = page("Gebühren bezahlen", "<p>Sie können Ihre Gebühren online bezahlen mit ePayBL.</p>")
APPOINTMENTS = page("Termine", "<p>Bürgerbüro: Termin online buchen, rund um die Uhr.</p>")
NEWS = page("Aktuelles", "<p>Neuigkeiten aus dem Rathaus.</p>")


def standard_routes(home_body: str = "<p>Willkommen im Rathaus.</p>") -> dict[str, Reply]:
    return {
        "/": html(page("Stadt", HOME_LINKS + home_body)),
        "/bezahlen/": html(PAYMENT),
        "/termine/": html(APPOINTMENTS),
        "/aktuelles/": html(NEWS),
        "/robots.txt": Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /intern/\n"),
    }


# --- endless and huge bodies --------------------------------------------------------------------------


def drip() -> Iterator[bytes]:
    """An HTML page that never finishes: one byte every 0.2 s (until DRIP_SECONDS pass)."""
    yield b"<!DOCTYPE html><html><body><p>"
    end = time.monotonic() + DRIP_SECONDS
    while time.monotonic() < end:
        time.sleep(0.2)
        yield b"."


def zeros(total: int) -> Callable[[], Iterator[bytes]]:
    """``total`` bytes of HTML-ish filler, produced chunk by chunk (never allocated as a whole)."""

    def chunks() -> Iterator[bytes]:
        block = b"<p>" + b"x" * (CHUNK - 7) + b"</p>\n"
        sent = 0
        while sent < total:
            piece = block[: min(CHUNK, total - sent)]
            sent += len(piece)
            yield piece

    return chunks


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """A gzip stream of BOMB_BYTES of spaces inside a tiny HTML page, built in 1 MiB steps (~260 KB)."""
    out = io.BytesIO()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    out.write(compressor.compress(b"<!DOCTYPE html><html><body><p>"))
    block = b" " * (1 << 20)
    for _ in range(BOMB_BYTES >> 20):
        out.write(compressor.compress(block))
    out.write(compressor.compress(b"Bombe</p></body></html>"))
    out.write(compressor.flush())
    return out.getvalue()


def small_gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# --- the server -------------------------------------------------------------------------------------


@dataclass
class Logged:
    path: str
    status: int


class HostileServer:
    """Serve ``routes`` (path -> Reply, or a callable path -> Reply) on ``ip`` (a free port) in a thread."""

    def __init__(self, ip: str, routes: dict[str, Reply | Handler] | None = None, *, fallback=None):
        self.ip = ip
        self.routes: dict[str, Reply | Handler] = dict(routes or {})
        self.fallback: Handler | None = fallback
        self.log: list[Logged] = []
        self.aborted = 0  # responses the client hung up on (drip, huge bodies)
        self.sent: dict[str, int] = {}  # body bytes written per path (all requests of it together)
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                reply = server.reply_for(self.path)
                server.log.append(Logged(self.path, reply.status))
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    streamed = callable(reply.body)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if not streamed and "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    if streamed and "Content-Length" not in reply.headers:
                        self.send_header("Connection", "close")  # the body ends when the connection does
                        self.close_connection = True
                    self.end_headers()
                    path = urlsplit(self.path).path
                    for chunk in reply.body() if streamed else (reply.body,):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        server.sent[path] = server.sent.get(path, 0) + len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    server.aborted += 1
                    self.close_connection = True

        self._httpd = ThreadingHTTPServer((ip, 0), RequestHandler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        # A short poll interval: stop() returns in 50 ms instead of 500 (a dozen servers per session).
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def reply_for(self, raw_path: str) -> Reply:
        route = self.routes.get(raw_path)
        if route is None:
            route = self.routes.get(urlsplit(raw_path).path)
        if route is None and self.fallback is not None:
            route = self.fallback
        if route is None:
            return Reply(404, {"Content-Type": "text/plain"}, b"not found")
        return route(raw_path) if callable(route) else route

    @property
    def origin(self) -> str:
        return f"http://{self.ip}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def paths(self) -> list[str]:
        return [entry.path for entry in self.log]

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
