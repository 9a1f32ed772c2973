"""Run the detectors in worker processes next to the crawl, so that the two use two cores.

Detection is pure CPU work (regular expressions over every page) and most of a page's cost; inside the
reactor it would stop downloading while it runs. ``crawlers.run`` forks the workers BEFORE the reactor
starts (a single-threaded process with the detector module already imported). Each worker is connected
by a socket pair; the spider writes a page (pickled, length-prefixed) and awaits the answer on the
reactor's asyncio loop, so neither side needs a helper thread (``concurrent.futures`` would add two
threads contending for the GIL with the reactor). ``SCI_DETECT_WORKERS = 0`` detects inline instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import pickle
import signal
import socket
import struct
from collections import deque
from datetime import date
from typing import Any

from crawlers.detector_api import DetectorAPI, load_detector_api
from crawlers.detectors.base import Page

DETECTION_FIELDS = ("parameter_id", "value", "status", "rule_id", "snippet", "url")
_HEADER = struct.Struct("!I")
_POOL: WorkerPool | None = None


class WorkerBroken(RuntimeError):
    """A detector worker died or its connection broke; the crawl falls back to inline detection."""


def run_detectors(
    api: DetectorAPI, page: Page, reference: date | None
) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """(detections as dicts, page signals, errors) of one page; a failing rule set never raises."""
    detections: list[dict[str, Any]] = []
    signals: dict[str, Any] = {}
    errors: list[str] = []
    try:
        detections = [{f: getattr(d, f) for f in DETECTION_FIELDS} for d in api.detect_page(page, reference)]
    except Exception as exc:  # a hostile page must not stop the crawl
        errors.append(f"detect: {type(exc).__name__}: {exc}"[:500])
    try:
        signals = dict(api.page_signals(page))
    except Exception as exc:
        errors.append(f"page_signals: {type(exc).__name__}: {exc}"[:500])
    return detections, signals, errors


def _frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, size = [], 0
    while size < n:
        chunk = sock.recv(n - size)
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _worker_main(sock: socket.socket, inherited: list[socket.socket], module_name: str | None) -> None:
    """Worker loop: read a (page, reference) frame, answer with run_detectors' result; exit on EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the crawl process decides when to stop
    for other in inherited:  # the crawl's ends of the socket pairs: held here, they would hide the EOF
        other.close()
    api = load_detector_api(module_name)
    sock.sendall(_frame("ready"))
    with contextlib.suppress(EOFError, OSError):
        while True:
            (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
            page, reference = pickle.loads(_recv_exact(sock, n))
            sock.sendall(_frame(run_detectors(api, page, reference)))


class WorkerPool:
    """Detector worker processes, each answering its pages in order over its own socket."""

    def __init__(self, module_name: str | None, workers: int):
        ctx = multiprocessing.get_context("fork")
        self.procs = []
        self.socks: list[socket.socket] = []
        for _ in range(workers):
            parent, child = socket.socketpair()
            inherited = [*self.socks, parent]
            proc = ctx.Process(target=_worker_main, args=(child, inherited, module_name), daemon=True)
            proc.start()
            child.close()
            self.procs.append(proc)
            self.socks.append(parent)
        for sock in self.socks:  # every worker has its rules loaded before the crawl starts
            sock.settimeout(120)
            (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
            if pickle.loads(_recv_exact(sock, n)) != "ready":
                raise WorkerBroken("detector worker did not start")
            sock.settimeout(None)
        self._writers: list[asyncio.StreamWriter] = []
        self._readers: list[asyncio.Task] = []
        self._pending: list[deque[asyncio.Future]] = [deque() for _ in self.socks]
        self._attached = False
        self.broken: str | None = None

    async def _attach(self) -> None:
        for i, sock in enumerate(self.socks):
            sock.setblocking(False)
            reader, writer = await asyncio.open_connection(sock=sock)
            self._writers.append(writer)
            self._readers.append(asyncio.get_running_loop().create_task(self._read_answers(i, reader)))
        self._attached = True

    async def _read_answers(self, i: int, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (n,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
                result = pickle.loads(await reader.readexactly(n))
                future = self._pending[i].popleft()
                if not future.done():
                    future.set_result(result)
        except (asyncio.IncompleteReadError, OSError, pickle.UnpicklingError, IndexError) as exc:
            self.broken = f"detector worker {i} stopped: {type(exc).__name__}: {exc}"
            while self._pending[i]:
                future = self._pending[i].popleft()
                if not future.done():
                    future.set_exception(WorkerBroken(self.broken))

    async def detect(self, page: Page, reference: date | None):
        if self.broken:
            raise WorkerBroken(self.broken)
        if not self._attached:
            await self._attach()
        i = min(range(len(self._writers)), key=lambda k: len(self._pending[k]))
        future = asyncio.get_running_loop().create_future()
        self._pending[i].append(future)
        self._writers[i].write(_frame((page, reference)))
        return await future

    def detach(self) -> None:
        """Stop listening (call while the loop still runs, e.g. when the spider closes)."""
        for task in self._readers:
            task.cancel()
        for writer in self._writers:
            with contextlib.suppress(Exception):
                writer.close()
        self._readers, self._attached = [], False
        self.broken = self.broken or "the crawl has ended"

    def close(self) -> None:
        for writer in self._writers:
            with contextlib.suppress(Exception):
                writer.close()
        for sock in self.socks:
            with contextlib.suppress(OSError):
                sock.close()
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)


def start_pool(module_name: str | None, workers: int) -> WorkerPool | None:
    """Fork ``workers`` detector processes (before the reactor starts). None when workers <= 0."""
    global _POOL
    if workers <= 0:
        return None
    _POOL = WorkerPool(module_name, workers)
    return _POOL


def current_pool() -> WorkerPool | None:
    return _POOL


def stop_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.close()
        _POOL = None
