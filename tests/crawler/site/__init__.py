"""A generated municipal test site and a second "domain" with a booking system and a CKAN portal.

Served on 127.0.0.1 by :class:`SiteServer` (a thread), which answers conditional requests (ETag /
Last-Modified, ``Cache-Control: no-cache``) with 304 like a real web server, optionally over TLS with a
throw-away self-signed certificate, and logs every request it gets. The city is reached as
``https://127.0.0.1:P1``; the portal host as ``http://localhost:P2``: two host names, two registrable
domains for the spider, one loopback interface.

City site (50 pages): homepage with viewport, search form and navigation; Dienstleistungen A-Z with 12
service pages each linking an "Online beantragen" form; appointment page with a TEVIS booking iframe on
the portal host; a Standesamt page ("Termine nur telefonisch"); a payment page (ePayBL); Mängelmelder;
an Open-Data page linking the portal's CKAN; accessibility statement, English and Leichte-Sprache pages;
ten news pages; a page listed only in the sitemap; a broken link (404); an ``/intern/`` section that
robots.txt disallows; an off-domain link to the portal host that is NOT a portal (must not be fetched)
and a Facebook link.

The CKAN JSON answers are hand-made in the format documented for CKAN's Action API
(``status_show``, ``package_search`` with ``facet.field``), as are the Atom feed and the HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

LAST_MODIFIED = formatdate(1_619_827_200, usegmt=True)  # 2021-05-01: generated pages never change

SERVICES = (
    "Personalausweis",
    "Reisepass",
    "Meldebescheinigung",
    "Anwohnerparkausweis",
    "Gewerbeanmeldung",
    "Hundesteuer",
    "Führungszeugnis",
    "Wohngeld",
    "Sperrmüll",
    "Kita-Platz",
    "Baugenehmigung",
    "Fischereischein",
)
NEWS = tuple(range(1, 11))


@dataclass
class Route:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def html_page(title: str, body: str, *, viewport: bool = True) -> Route:
    head = '<meta name="viewport" content="width=device-width, initial-scale=1">' if viewport else ""
    doc = (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{escape(title)}</title>{head}'
        f'</head><body><header><form role="search" action="/suche"><input type="search" name="q"></form>'
        f"</header><main><h1>{escape(title)}</h1>{body}</main>"
        f'<footer><a href="/barrierefreiheit/">Barrierefreiheit</a> <a href="/">Startseite</a></footer>'
        f"</body></html>"
    )
    return Route(200, "text/html; charset=utf-8", doc.encode("utf-8"))


def json_route(doc: object) -> Route:
    return Route(200, "application/json;charset=utf-8", json.dumps(doc).encode("utf-8"))


def city_site(city_origin: str, portal_origin: str) -> dict[str, Route]:
    """The city's pages by path (with query where it matters)."""
    nav = "".join(
        f'<li><a href="{href}">{escape(label)}</a></li>'
        for href, label in (
            ("/serviceportal/", "Serviceportal"),
            ("/leistungen/", "Dienstleistungen A-Z"),
            ("/termine/", "Termin vereinbaren"),
            ("/standesamt/", "Standesamt"),
            ("/bezahlen/", "Gebühren bezahlen"),
            ("/maengelmelder/", "Mängelmelder"),
            ("/opendata.html", "Offene Daten"),
            ("/stadtplan/", "Stadtplan"),
            ("/aktuelles/", "Aktuelles"),
            ("/en/", "English"),
            ("/leichte-sprache/", "Leichte Sprache"),
            ("/intern/", "Intern"),
            ("/kaputt/", "Veranstaltungen"),
        )
    )
    pages: dict[str, Route] = {
        "/": html_page(
            "Stadt Teststadt",
            f"<nav><ul>{nav}</ul></nav><p>Willkommen in Teststadt.</p>"
            f'<a href="https://www.facebook.com/teststadt">Facebook</a> '
            f'<a href="{portal_origin}/anderswo/">Partnerseite</a>',
        ),
        "/serviceportal/": html_page(
            "Serviceportal",
            '<p>Das Servicekonto der Stadt: <a href="/leistungen/">Dienstleistungen A-Z</a>, '
            '<a href="/termine/">Termine</a>. Anmelden mit BundID.</p>',
        ),
        "/leistungen/": html_page(
            "Dienstleistungen A-Z",
            "<p>Dienstleistungen A-Z</p><ul>"
            + "".join(
                f'<li><a href="/leistungen/{i}/">{escape(name)}</a></li>' for i, name in enumerate(SERVICES)
            )
            + "</ul>",
        ),
        "/termine/": html_page(
            "Termin vereinbaren im Bürgeramt",
            f"<p>Buchen Sie Ihren Termin im Bürgeramt online:</p>"
            f'<iframe src="{portal_origin}/tevisweb/select2?md=1" title="Terminbuchung"></iframe>',
        ),
        "/standesamt/": html_page(
            "Standesamt", "<p>Das Standesamt vergibt Termine nur telefonisch unter 0123 456.</p>"
        ),
        "/bezahlen/": html_page(
            "Gebühren bezahlen",
            "<p>Sie können Ihre Gebühren online bezahlen mit ePayBL (Kreditkarte, giropay, PayPal).</p>",
        ),
        "/maengelmelder/": html_page(
            "Mängelmelder", "<p>Mit dem Mängelmelder melden Sie Schäden an Straßen und Wegen.</p>"
        ),
        "/opendata.html": html_page(
            "Offene Daten",
            f'<p>Unser <a href="{portal_origin}/opendata/">Open-Data-Portal mit 42 Datensätzen</a>.</p>',
        ),
        "/stadtplan/": html_page(
            "Stadtplan und Geoportal",
            "<p>Interaktiver Stadtplan mit Adresssuche.</p>"
            '<a href="/geodienste?SERVICE=WMS&amp;REQUEST=GetCapabilities">WMS-Dienst</a>',
        ),
        "/geodienste": Route(
            200,
            "application/xml",
            b'<?xml version="1.0"?><WMS_Capabilities version="1.3.0"><Service><Name>WMS</Name></Service>'
            b"</WMS_Capabilities>",
        ),
        "/aktuelles/": html_page(
            "Aktuelles",
            "<ul>" + "".join(f'<li><a href="/aktuelles/{n}/">Meldung {n}</a></li>' for n in NEWS) + "</ul>",
        ),
        "/barrierefreiheit/": html_page(
            "Barrierefreiheit", "<p>Erklärung zur Barrierefreiheit der Stadt.</p>"
        ),
        "/en/": html_page("English", "<p>English version of the city website.</p>"),
        "/leichte-sprache/": html_page("Leichte Sprache", "<p>Die Stadt in Leichter Sprache.</p>"),
        "/intern/": html_page("Intern", '<p>Nur intern. <a href="/intern/geheim/">Geheim</a></p>'),
        "/intern/geheim/": html_page("Geheim", "<p>Mängelmelder: melden Sie Schäden hier nicht.</p>"),
        "/nur-sitemap/": html_page("Nur in der Sitemap", "<p>Diese Seite steht nur in der Sitemap.</p>"),
        "/robots.txt": Route(
            200,
            "text/plain",
            f"User-agent: *\nDisallow: /intern/\nSitemap: {city_origin}/sitemap.xml\n".encode(),
        ),
        "/sitemap.xml": Route(
            200,
            "application/xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{city_origin}/</loc></url><url><loc>{city_origin}/nur-sitemap/</loc></url>"
                f"<url><loc>{city_origin}/leistungen/</loc></url></urlset>"
            ).encode(),
        ),
    }
    for i, name in enumerate(SERVICES):
        pages[f"/leistungen/{i}/"] = html_page(
            name, f'<p>{escape(name)} beantragen.</p><a href="/online/{i}/">Online beantragen</a>'
        )
        pages[f"/online/{i}/"] = html_page(f"Online-Antrag {name}", "<form><input name='x'></form>")
    for n in NEWS:
        pages[f"/aktuelles/{n}/"] = html_page(f"Meldung {n}", f"<p>Neuigkeiten Nummer {n}.</p>")
    return pages


# --- the portal host: booking system and CKAN -------------------------------------------------------

CKAN_LICENCES = {"dl-by-de/2.0": 30, "cc-by/4.0": 8, "cc-nc": 2, "notspecified": 2}
CKAN_COUNT = 42


def ckan_status_show() -> dict:
    """Hand-made in the documented format of CKAN's ``status_show`` action."""
    return {
        "help": "http://localhost/api/3/action/help_show?name=status_show",
        "success": True,
        "result": {
            "site_title": "Open Data Teststadt",
            "site_description": "",
            "site_url": "http://localhost",
            "ckan_version": "2.10.4",
            "locale_default": "de",
            "extensions": ["envvars", "activity", "dcat", "issues", "scheming_datasets"],
        },
    }


def ckan_package_search() -> dict:
    """Hand-made in the documented format of CKAN's ``package_search`` (rows=0, facet on license_id)."""
    return {
        "help": "http://localhost/api/3/action/help_show?name=package_search",
        "success": True,
        "result": {
            "count": CKAN_COUNT,
            "facets": {"license_id": dict(CKAN_LICENCES)},
            "results": [],
            "sort": "score desc, metadata_modified desc",
            "search_facets": {
                "license_id": {
                    "items": [{"count": c, "display_name": k, "name": k} for k, c in CKAN_LICENCES.items()],
                    "title": "license_id",
                }
            },
        },
    }


def portal_site(portal_origin: str) -> dict[str, Route]:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Open Data Teststadt - Datensätze</title><id>{portal_origin}/opendata/feeds/dataset.atom</id>"
        "<updated>2021-05-01T00:00:00Z</updated></feed>"
    )
    return {
        "/tevisweb/select2?md=1": html_page(
            "Terminvereinbarung Bürgeramt", "<p>Bitte wählen Sie ein Anliegen.</p>"
        ),
        "/anderswo/": html_page("Partner", "<p>Keine Portalseite.</p>"),
        "/opendata/": html_page(
            "Open Data Teststadt",
            '<link rel="alternate" type="application/atom+xml" href="/opendata/feeds/dataset.atom">'
            "<p>Datensätze suchen</p>",
        ),
        "/opendata/api/3/action/status_show": json_route(ckan_status_show()),
        "/opendata/api/3/action/package_search": json_route(ckan_package_search()),
        "/opendata/feeds/dataset.atom": Route(200, "application/atom+xml", atom.encode()),
    }


# --- the server ------------------------------------------------------------------------------------------


@dataclass
class LoggedRequest:
    host: str
    path: str
    status: int
    if_none_match: str | None
    user_agent: str | None


class SiteServer:
    """Serve ``routes`` on 127.0.0.1 (a free port) in a thread; ``url(path)`` builds URLs with ``host``."""

    def __init__(self, routes: dict[str, Route] | None = None, *, host: str = "127.0.0.1", tls: bool = False):
        self.routes: dict[str, Route] = dict(routes or {})
        self.host = host
        self.tls = tls
        self.log: list[LoggedRequest] = []
        self.broken_status: int | None = None  # answer everything with this status (a dead/maintenance site)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = (
                True  # headers and body go out in two writes: no 40 ms delayed-ACK stall
            )

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                route = server.lookup(self.path)
                if server.broken_status is not None:
                    route = Route(server.broken_status, "text/plain", b"unavailable")
                status = route.status if route else 404
                body = route.body if route else b"not found"
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                inm = self.headers.get("If-None-Match")
                if route is not None and status == 200 and inm == etag:
                    status, body = 304, b""
                server.log.append(
                    LoggedRequest(
                        self.headers.get("Host", ""), self.path, status, inm, self.headers.get("User-Agent")
                    )
                )
                self.send_response(status)
                if status in (200, 304):
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                    self.send_header("Cache-Control", "no-cache")
                if status != 304:
                    self.send_header("Content-Type", route.content_type if route else "text/plain")
                for k, v in (route.headers if route else {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            cert, key = self_signed_certificate()
            context.load_cert_chain(cert, key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def lookup(self, raw_path: str) -> Route | None:
        if raw_path in self.routes:
            return self.routes[raw_path]
        return self.routes.get(urlsplit(raw_path).path)

    def paths(self) -> list[str]:
        return [r.path for r in self.log]

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


_CERT_CACHE: dict[str, tuple[str, str]] = {}


def self_signed_certificate() -> tuple[str, str]:
    """A throw-away certificate for 127.0.0.1/localhost (PEM files in a temp dir), made once per process."""
    if "pair" in _CERT_CACHE:
        return _CERT_CACHE["pair"]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = Path(tempfile.mkdtemp(prefix="sci-test-cert-"))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    _CERT_CACHE["pair"] = (str(cert_path), str(key_path))
    return _CERT_CACHE["pair"]


def start_test_world(tls: bool = True) -> tuple[SiteServer, SiteServer]:
    """Start the portal host (``http://localhost:P2``) and the city site (``https://127.0.0.1:P1``)."""
    portal = SiteServer(host="localhost").start()
    portal.routes.update(portal_site(portal.origin))
    city = SiteServer(host="127.0.0.1", tls=tls).start()
    city.routes.update(city_site(city.origin, portal.origin))
    return city, portal
