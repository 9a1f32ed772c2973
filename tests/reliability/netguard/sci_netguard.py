"""A network guard for the reliability tests: nothing a test starts may leave the loopback interface.

The crawler is tested against hostile local sites that redirect to 169.254.169.254, 10.0.0.1 or a name
resolving to 192.168.x. If the crawler had a bug, it would open a connection there; this guard makes sure
such a connection is never attempted on the wire, and records the attempt so the test fails loudly:

- ``socket.socket.connect`` / ``connect_ex`` refuse every INET address outside 127.0.0.0/8 and ::1
  (EACCES) and log it as a ``connect`` violation;
- ``getaddrinfo`` / ``gethostbyname`` never ask the system resolver: IP literals and ``localhost`` are
  answered directly, names in the fake zone (``hosts``) get their fake address, any other name is
  refused (EAI_NONAME) and logged as a ``lookup``.

Used in-process (:func:`guarded`) and in the crawl subprocesses (the ``sitecustomize`` beside this file
installs it when ``SCI_NETGUARD_LOG`` is set; ``SCI_NETGUARD_HOSTS`` is the fake zone as JSON).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import json
import os
import socket
from collections.abc import Iterator

_ORIGINAL = {
    "connect": socket.socket.connect,
    "connect_ex": socket.socket.connect_ex,
    "getaddrinfo": socket.getaddrinfo,
    "gethostbyname": socket.gethostbyname,
    "gethostbyname_ex": socket.gethostbyname_ex,
}


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _log(path: str | None, event: dict) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event) + "\n")


def install(log_path: str | None, hosts: dict[str, str] | None = None) -> None:
    """Patch the socket module of this process (and of every process forked from it)."""
    zone = {k.lower().rstrip("."): v for k, v in (hosts or {}).items()}
    pid = os.getpid

    def check_address(sock: socket.socket, address) -> int:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            if not _is_loopback(host):
                _log(log_path, {"event": "connect", "address": host, "port": address[1], "pid": pid()})
                return errno.EACCES
        return 0

    def connect(self, address):
        code = check_address(self, address)
        if code:
            raise PermissionError(code, f"netguard: connection to {address[0]} refused (not loopback)")
        return _ORIGINAL["connect"](self, address)

    def connect_ex(self, address):
        return check_address(self, address) or _ORIGINAL["connect_ex"](self, address)

    def answer(host: str) -> str:
        name = (host or "").lower().rstrip(".").strip("[]")
        if name == "localhost" or name.endswith(".localhost"):
            return "127.0.0.1"
        with contextlib.suppress(ValueError):
            ipaddress.ip_address(name.split("%", 1)[0])
            return name
        if name in zone:
            _log(log_path, {"event": "resolve", "host": name, "address": zone[name], "pid": pid()})
            return zone[name]
        _log(log_path, {"event": "lookup", "host": name, "pid": pid()})
        raise socket.gaierror(socket.EAI_NONAME, f"netguard: {name} is not in the test zone")

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's names
        if host is None:
            return _ORIGINAL["getaddrinfo"](host, port, family, type, proto, flags)
        address = answer(host if isinstance(host, str) else host.decode())
        return _ORIGINAL["getaddrinfo"](address, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    def gethostbyname(host):
        address = answer(host)
        if ":" in address:
            raise socket.gaierror(socket.EAI_FAMILY, f"netguard: {host} has no IPv4 address")
        return address

    def gethostbyname_ex(host):
        return host, [], [gethostbyname(host)]

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex


def uninstall() -> None:
    socket.socket.connect = _ORIGINAL["connect"]
    socket.socket.connect_ex = _ORIGINAL["connect_ex"]
    socket.getaddrinfo = _ORIGINAL["getaddrinfo"]
    socket.gethostbyname = _ORIGINAL["gethostbyname"]
    socket.gethostbyname_ex = _ORIGINAL["gethostbyname_ex"]


@contextlib.contextmanager
def guarded(log_path: str | None = None, hosts: dict[str, str] | None = None) -> Iterator[None]:
    """The guard in this process for the block."""
    install(log_path, hosts)
    try:
        yield
    finally:
        uninstall()


def read_log(path: str | os.PathLike) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        return []


def from_environment() -> None:
    """Install from ``SCI_NETGUARD_LOG`` / ``SCI_NETGUARD_HOSTS`` (the sitecustomize hook)."""
    log_path = os.environ.get("SCI_NETGUARD_LOG")
    if log_path:
        install(log_path, json.loads(os.environ.get("SCI_NETGUARD_HOSTS") or "{}"))
