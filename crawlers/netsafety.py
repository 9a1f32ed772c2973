"""Network safety for everything the crawler and the probes fetch.

A city website is untrusted input: a link, a redirect or a DNS name may point at the machine the crawler
runs on, at the cloud metadata service or into a private network. Every URL is checked before it is
fetched (scheme, IP literal) and every host name is checked after resolution (the address actually
connected to), so a DNS name that resolves to a private address is refused as well.

Loopback is refused too, unless explicitly allowed (``allow_loopback=True`` / ``SCI_ALLOW_LOOPBACK``):
the tests and the demo serve their sites on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
# Explicitly named although the generic checks below cover them: the cloud metadata endpoints.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)


class UnsafeURLError(ValueError):
    """A URL or address the crawler must not fetch; the message says why."""


def forbidden_address_reason(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why connecting to the IP ``address`` is forbidden, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    # IPv4-mapped IPv6 (::ffff:10.0.0.1) must be judged as the IPv4 address it carries.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return f"{ip} is a cloud metadata address"
    if ip.is_loopback:
        return None if allow_loopback else f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address"
    if ip.is_private:
        return f"{ip} is a private address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return f"{ip} is a reserved, multicast or unspecified address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return f"{ip} is a carrier-grade NAT (shared) address"
    if not ip.is_global:
        return f"{ip} is not a global address"
    return None


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def is_loopback_host(host: str) -> bool:
    """``localhost`` (and ``*.localhost``) or an IP literal in a loopback range."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    return is_ip_literal(host) and ipaddress.ip_address(host).is_loopback


def url_problem(url: str, *, allow_loopback: bool = False, loopback_only: bool = False) -> str | None:
    """Why ``url`` must not be fetched before any DNS lookup (scheme, credentials, IP literal), or None.

    ``loopback_only`` (local test and demo worlds): every host but loopback ones is refused up front, so
    such a run never even looks up an outside name.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"scheme {scheme or '(none)'!r} is not http(s)"
    if not host:
        return "URL has no host"
    if parts.username or parts.password:
        return "URL carries credentials"
    if loopback_only and not is_loopback_host(host):
        return f"{host} is not a loopback host (this run stays on loopback)"
    if is_ip_literal(host):
        return forbidden_address_reason(host.strip("[]"), allow_loopback=allow_loopback)
    if host.endswith(".") and is_ip_literal(host.rstrip(".")):
        return forbidden_address_reason(host.rstrip("."), allow_loopback=allow_loopback)
    return None


def check_url(url: str, *, allow_loopback: bool = False, loopback_only: bool = False) -> str:
    """Return ``url`` or raise :class:`UnsafeURLError` naming it and the reason."""
    problem = url_problem(url, allow_loopback=allow_loopback, loopback_only=loopback_only)
    if problem:
        raise UnsafeURLError(f"refused {url}: {problem}")
    return url


Resolver = Callable[..., Sequence[tuple]]


def resolve_checked(
    host: str, port: int | None = None, *, allow_loopback: bool = False, getaddrinfo: Resolver | None = None
) -> list[str]:
    """Resolve ``host`` and return its addresses; raise UnsafeURLError if ANY of them is forbidden.

    Refusing the whole name when one address is bad prevents a DNS answer mixing a public and a private
    address from being used to reach the private one.
    """
    lookup = getaddrinfo or socket.getaddrinfo
    if is_ip_literal(host):
        addresses = [host.strip("[]")]
    else:
        try:
            infos = lookup(host, port or 80, 0, socket.SOCK_STREAM)
        except OSError as exc:
            raise UnsafeURLError(f"cannot resolve {host}: {exc}") from exc
        addresses = sorted({info[4][0] for info in infos})
        if not addresses:
            raise UnsafeURLError(f"cannot resolve {host}: no addresses")
    for address in addresses:
        reason = forbidden_address_reason(address, allow_loopback=allow_loopback)
        if reason:
            raise UnsafeURLError(f"refused {host}: resolves to {reason}")
    return addresses


def host_verdict(
    host: str, port: int | None = None, *, allow_loopback: bool = False, getaddrinfo: Resolver | None = None
) -> str | None:
    """Why ``host`` must not be contacted (it resolves to a forbidden address), or None.

    A name that does not resolve at all is not refused here: the download then fails with an ordinary
    DNS error, which is reported (and retried) as such.
    """
    try:
        resolve_checked(host, port, allow_loopback=allow_loopback, getaddrinfo=getaddrinfo)
    except UnsafeURLError as exc:
        message = str(exc)
        return None if message.startswith("cannot resolve") else message
    return None
