"""The hostile world crawled once per test session: eleven cities, each on its own loopback address.

| city | AGS | what is hostile |
|---|---|---|
| Gutstadt | 09998001 | nothing: the control city |
| Fallenstadt | 09998002 | one trap per section: slow drip (appointments), 500 + Retry-After (payment), redirect loop (Mängelmelder), 200 MB with and without Content-Length (open data, participation), gzip bomb (city map), gzip-bomb sitemap, a probe endpoint that drips |
| Wartungsstadt | 09998003 | every answer is 503 with ``Retry-After: 3600`` |
| Kalenderstadt | 09998004 | an endless event calendar (every month links the next) |
| Zeichenstadt | 09998005 | cp1252 pages: declared UTF-8 in the header, in ``<meta>``, and not declared at all |
| Wirrstadt | 09998006 | malformed HTML (unclosed tags, NUL bytes, 3,000 nested divs) with links to ``file:``, ``javascript:``, ``mailto:``, ``data:``, ``tel:``, ``ftp:`` |
| Robotstadt | 09998007 | robots.txt ``Disallow: /`` |
| Robotzeitstadt | 09998008 | robots.txt never answers |
| Skriptstadt | 09998009 | a JavaScript-only homepage |
| Giftstadt | 09998010 | page text with ``<script>``, rich markup, ANSI escapes, a formula; a URL with ``"><script>`` |
| Netzstadt | 09998011 | redirects and links to 169.254.169.254, 10.0.0.1, a name resolving to 192.168.7.7, another domain, ``file:`` |

Netzstadt is reached by a DNS name (``www.netzstadt-test.de``): the crawl subprocesses resolve it in a
fake zone (tests/reliability/netguard), which also makes sure nothing leaves the loopback interface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from normalize.cities import City
from tests.reliability.hostile import (
    BIG_BYTES,
    DRIP_SECONDS,
    HostileServer,
    Reply,
    drip,
    gzip_bomb,
    html,
    page,
    standard_routes,
    zeros,
)

MONTH = "2021-06"
NETZ_HOST = "www.netzstadt-test.de"
NETZ_INTERN = "intern.netzstadt-test.de"  # resolves to a private address
FREMD_HOST = "www.fremd-test.de"  # another registrable domain, on loopback: it must get no request
PRIVATE_ADDRESS = "192.168.7.7"
RETRY_AFTER = "3600"

HOSTILE_SNIPPET_PARTS = (
    '\x07=HYPERLINK("http://evil.example/";"Klick")',  # a control character first: still a formula
    '<script>alert("xss")</script>',
    "[bold red]FAKE[/bold red]",
    "\x1b]0;pwned\x07\x1b[2J",
    "<img src=x onerror=alert(1)>",
)
HOSTILE_QUERY = '"><script>alert(1)</script>'


@dataclass
class HostileCity:
    ags: str
    name: str
    server: HostileServer
    website: str

    def city(self) -> City:
        return City(self.ags, self.name, "Bayern", 100_000, "2019-12-31", self.website, "2021-01-01")


def _fallenstadt() -> dict[str, Reply]:
    routes = standard_routes(
        '<a href="/maengelmelder/">Mängelmelder</a> <a href="/opendata/">Offene Daten</a> '
        '<a href="/beteiligung/">Bürgerbeteiligung</a> <a href="/stadtplan/">Stadtplan</a>'
    )
    routes.update(
        {
            "/termine/": Reply(200, {"Content-Type": "text/html; charset=utf-8"}, drip),
            "/bezahlen/": html(b"<h1>Internal Server Error</h1>", 500, **{"Retry-After": RETRY_AFTER}),
            "/maengelmelder/": Reply(302, {"Location": "/maengelmelder/neu/"}),
            "/maengelmelder/neu/": Reply(302, {"Location": "/maengelmelder/"}),
            "/opendata/": Reply(
                200, {"Content-Type": "text/html", "Content-Length": str(BIG_BYTES)}, zeros(BIG_BYTES)
            ),
            "/beteiligung/": Reply(200, {"Content-Type": "text/html"}, zeros(BIG_BYTES)),
            "/stadtplan/": Reply(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip_bomb()),
            "/sitemap.xml": Reply(200, {"Content-Type": "application/x-gzip"}, gzip_bomb()),
            # The open-data probe asks the origin for CKAN's status: it never finishes.
            "/api/3/action/status_show": Reply(200, {"Content-Type": "application/json"}, drip),
        }
    )
    return routes


def _calendar(raw_path: str) -> Reply:
    """``/kalender/?monat=N[&tag=D]``: every month links its neighbours and 30 days; every day the next."""
    query = parse_qs(urlsplit(raw_path).query)
    month = int((query.get("monat") or ["0"])[0] or 0)
    day = int((query.get("tag") or ["0"])[0] or 0)
    links = [
        f'<a href="/kalender/?monat={month - 1}">zurück</a>',
        f'<a href="/kalender/?monat={month + 1}">weiter</a>',
    ]
    if day:
        links.append(f'<a href="/kalender/?monat={month}&amp;tag={day + 1}">nächster Tag</a>')
    else:
        links += [
            f'<a href="/kalender/?monat={month}&amp;tag={d}">Veranstaltungen am {d}.</a>'
            for d in range(1, 31)
        ]
    return html(page(f"Veranstaltungskalender {month}/{day}", " ".join(links)))


def _kalenderstadt() -> dict[str, Reply]:
    routes = standard_routes('<a href="/kalender/?monat=0">Veranstaltungskalender</a>')
    routes["/kalender/"] = _calendar
    return routes


def _zeichenstadt() -> dict[str, Reply]:
    home = (
        "<!DOCTYPE html><html><head><title>Zeichenstadt</title></head><body>"
        "<p>Bürgerbüro: Termin online buchen, auch für Führerscheine.</p>"
        '<a href="/bezahlen/">Gebühren bezahlen</a> <a href="/maengelmelder/">Mängelmelder</a></body></html>'
    ).encode("cp1252")
    payment = "<html><body><p>Alle Gebühren online bezahlen mit ePayBL.</p></body></html>".encode("cp1252")
    defects = (
        '<html><head><meta charset="utf-8"><title>Mängel</title></head>'
        "<body><p>Mängelmelder: Schäden melden an Straßen und Brücken.</p></body></html>"
    ).encode("cp1252")
    routes = standard_routes()
    routes.update(
        {
            "/": html(home, ctype="text/html; charset=utf-8"),  # declared UTF-8 in the header
            "/bezahlen/": html(payment, ctype="text/html"),  # no charset anywhere
            "/maengelmelder/": html(defects, ctype="text/html"),  # declared UTF-8 in <meta>
        }
    )
    return routes


WIRR_LINKS = (
    "file:///etc/passwd",
    "javascript:alert(document.cookie)",
    "mailto:rathaus@wirrstadt.example",
    "data:text/html,<script>alert(1)</script>",
    "tel:+49301234567",
    "ftp://127.0.0.1/pub/",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
)


def _wirrstadt() -> dict[str, Reply]:
    links = " ".join(f'<a href="{u}">Link {i}</a>' for i, u in enumerate(WIRR_LINKS))
    body = (
        "<html><head><title>Wirrstadt</title><body><div><div><p>Willkommen <b><i>im</b></i> Rathaus\x00 "
        '<a href="/bezahlen/">Gebühren bezahlen '
        "<a href='/termine/' >Termin vereinbaren</a "
        "<table><tr><td><a href=/aktuelles/>Aktuelles</td></table> &#xD800; &bogus; <<<>>> </p></p></div>"
        "<p>Die Stadtverwaltung informiert hier über Öffnungszeiten, Zuständigkeiten und Neuigkeiten aus "
        "dem Rathaus; diese Seite wird von einem sehr alten Redaktionssystem erzeugt.</p>"
        + links
        + "<div>" * 3000
        + "tief"
        + '<p>unterminated <a href="/aktuelles/'
    )
    routes = standard_routes()
    routes["/"] = html(body.encode("utf-8"))
    return routes


def _robotstadt() -> dict[str, Reply]:
    routes = standard_routes()
    routes["/robots.txt"] = Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
    return routes


def _robotzeitstadt() -> dict[str, Reply]:
    routes = standard_routes()
    routes["/robots.txt"] = Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\n", delay=DRIP_SECONDS)
    return routes


def _skriptstadt() -> dict[str, Reply]:
    routes = standard_routes()
    routes["/"] = html(
        b'<!DOCTYPE html><html><head><title>Stadt</title><script src="/static/app.3f9a.js" defer></script>'
        b'</head><body><div id="app"></div><noscript>Bitte aktivieren Sie JavaScript.</noscript></body></html>'
    )
    return routes


def _giftstadt() -> dict[str, Reply]:
    escaped = [p.replace("<", "&lt;").replace(">", "&gt;") for p in HOSTILE_SNIPPET_PARTS]
    text_html = (
        f"<p>{escaped[0]} Gebühren online bezahlen mit ePayBL {escaped[1]} {escaped[2]} {escaped[3]} "
        f'{escaped[4]} <a href="javascript:alert(document.cookie)">Jetzt zahlen</a></p>'
    )
    query = HOSTILE_QUERY.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    routes = standard_routes()
    routes["/"] = html(
        page(
            "Giftstadt",
            f'<a href="/bezahlen/?q={query}">Gebühren bezahlen</a> <a href="/termine/">Termine</a>',
        )
    )
    routes["/bezahlen/"] = html(f"<!DOCTYPE html><html><body>{text_html}</body></html>".encode())
    return routes


def _netzstadt(port_of_intern: int, fremd_origin: str) -> dict[str, Reply]:
    intern = f"http://{NETZ_INTERN}:{port_of_intern}"
    links = (
        '<a href="/weiter-meta/">Service A</a> <a href="/weiter-privat/">Service B</a> '
        '<a href="/weiter-intern/">Service C</a> <a href="/weiter-fremd/">Service D</a> '
        '<a href="/weiter-datei/">Service E</a> '
        f'<a href="{intern}/direkt/">Intranet</a> <a href="http://169.254.169.254/latest/meta-data/">Meta</a> '
        '<a href="http://10.0.0.1/admin">Router</a> <a href="http://[::ffff:10.0.0.1]/">Mapped</a> '
        f'<a href="{fremd_origin}/">Partnerstadt</a> <a href="/opendata/">Offene Daten</a>'
    )
    routes = standard_routes(links)
    routes.update(
        {
            "/weiter-meta/": Reply(302, {"Location": "http://169.254.169.254/latest/meta-data/"}),
            "/weiter-privat/": Reply(301, {"Location": "http://10.0.0.1/admin"}),
            "/weiter-intern/": Reply(302, {"Location": f"{intern}/"}),
            "/weiter-fremd/": Reply(302, {"Location": f"{fremd_origin}/"}),
            "/weiter-datei/": Reply(302, {"Location": "file:///etc/passwd"}),
            "/opendata/": html(page("Offene Daten", "<p>Unser Datenportal mit Datensätzen.</p>")),
            # The probes: CKAN's endpoints under /opendata/ and at the origin redirect inward.
            "/opendata/api/3/action/status_show": Reply(
                302, {"Location": "http://169.254.169.254/latest/meta-data/iam/"}
            ),
            "/api/3/action/status_show": Reply(302, {"Location": f"{intern}/api/3/action/status_show"}),
        }
    )
    return routes


def _inward(raw_path: str) -> Reply:
    """Every other probe endpoint (``.../api/...``, feeds) of Netzstadt redirects to 10.0.0.1."""
    if re.search(r"/api/|/feeds/", raw_path):
        return Reply(302, {"Location": "http://10.0.0.1/api"})
    return Reply(404, {"Content-Type": "text/plain"}, b"not found")


@dataclass
class World:
    cities: dict[str, HostileCity]
    fremd: HostileServer
    zone: dict[str, str]

    def stop(self) -> None:
        for c in self.cities.values():
            c.server.stop()
        self.fremd.stop()

    def __getitem__(self, name: str) -> HostileCity:
        return self.cities[name]


def start_world() -> World:
    # The slow cities first: the run starts 4 crawls at a time and the others fill the gaps.
    plain = [
        ("09998002", "Fallenstadt", "127.0.0.32", _fallenstadt()),
        ("09998008", "Robotzeitstadt", "127.0.0.38", _robotzeitstadt()),
        ("09998003", "Wartungsstadt", "127.0.0.33", None),
        ("09998004", "Kalenderstadt", "127.0.0.34", _kalenderstadt()),
        ("09998001", "Gutstadt", "127.0.0.31", standard_routes()),
        ("09998005", "Zeichenstadt", "127.0.0.35", _zeichenstadt()),
        ("09998006", "Wirrstadt", "127.0.0.36", _wirrstadt()),
        ("09998007", "Robotstadt", "127.0.0.37", _robotstadt()),
        ("09998009", "Skriptstadt", "127.0.0.39", _skriptstadt()),
        ("09998010", "Giftstadt", "127.0.0.40", _giftstadt()),
    ]
    cities: dict[str, HostileCity] = {}
    for ags, name, ip, routes in plain:
        if routes is None:  # Wartungsstadt: 503 for everything
            server = HostileServer(
                ip,
                fallback=lambda _p: html(b"<h1>Wartungsarbeiten</h1>", 503, **{"Retry-After": RETRY_AFTER}),
            )
        else:
            server = HostileServer(ip, routes)
        server.start()
        cities[name] = HostileCity(ags, name, server, server.url("/"))
    fremd = HostileServer("127.0.0.42", standard_routes()).start()
    netz = HostileServer("127.0.0.41")
    fremd_origin = f"http://{FREMD_HOST}:{fremd.port}"
    netz.routes.update(_netzstadt(netz.port, fremd_origin))
    netz.fallback = _inward
    netz.start()
    cities["Netzstadt"] = HostileCity("09998011", "Netzstadt", netz, f"http://{NETZ_HOST}:{netz.port}/")
    zone = {NETZ_HOST: "127.0.0.41", NETZ_INTERN: PRIVATE_ADDRESS, FREMD_HOST: "127.0.0.42"}
    return World(cities, fremd, zone)
