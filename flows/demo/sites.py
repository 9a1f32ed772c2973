"""The demo cities' websites: generated pages and a small HTTP server on loopback addresses.

Each city's site is rendered from its website features of the month (:mod:`flows.demo.world`): vendor
booking iframes (TEVIS, eTermin), payment providers (ePayBL, pmPayment, PayPal, giropay), online
services with a Servicekonto, the 115 number, a Mängelmelder, a chatbot, social-media links, a CKAN-like
open-data portal with its JSON API, a geoportal, council streaming, a CONSUL participation platform and
negatives the detectors must read as ``absent`` ("nur telefonisch", "in Planung", bank transfer only).
One site answers 503 to everything in the first month (a city whose crawl fails), one has a robots.txt
that disallows a section it links to.

Every city gets its own loopback address (``127.0.0.11``, ``127.0.0.12``, ...; the whole 127/8 is the
loopback interface) and one shared free port: distinct hosts, so the spider sees distinct registrable
domains and Scrapy's per-host politeness applies per city as on the real web. The server answers
conditional requests (ETag / Last-Modified) with 304, like a real web server, so the second month's
crawl of an unchanged page exercises the HTTP cache.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from flows.demo.world import CITIES, DemoCity

LAST_MODIFIED = formatdate(1_619_827_200, usegmt=True)  # 2021-05-01, fixed: pages are generated


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def city_host(city: DemoCity) -> str:
    return f"127.0.0.{11 + CITIES.index(city)}"


# Menu sections a city may or may not have (see _nav_links).
SECTIONS = (
    "/online-dienste/",
    "/bezahlen/",
    "/bussgeld/",
    "/maengelmelder/",
    "/opendata/",
    "/stadtplan/",
    "/beteiligung/",
    "/mobilitaet/",
)

# --- page rendering --------------------------------------------------------------------------------


def _nav_links(f: frozenset[str]) -> list[tuple[str, str]]:
    """The site's menu: a city links only to sections it has (as real sites do)."""
    links = [
        ("/", "Startseite"),
        ("/buergerservice/", "Bürgerservice A-Z"),
        ("/termine/", "Terminvereinbarung"),
    ]
    if f & {"serviceportal", "ummeldung_online", "kita_online", "gewerbe_online"}:
        links.append(("/online-dienste/", "Online-Dienste"))
    if f & {"epayment", "transfer_only"}:
        links.append(("/bezahlen/", "Gebühren und Zahlung"))
    if "bussgeld_online" in f:
        links.append(("/bussgeld/", "Verwarnungsgeld und Bußgeld"))
    if f & {"maengelmelder", "maengelmelder_planned"}:
        links.append(("/maengelmelder/", "Mängelmelder" if "maengelmelder" in f else "Schäden melden"))
    if f & {"opendata_ckan", "opendata_planned"}:
        links.append(("/opendata/", "Offene Daten"))
    if f & {"geoportal", "stadtplan"}:
        links.append(("/stadtplan/", "Stadtplan"))
    if "participation" in f:
        links.append(("/beteiligung/", "Bürgerbeteiligung"))
    if f & {"handyparken", "echtzeit"}:
        links.append(("/mobilitaet/", "Mobilität und Parken"))
    links += [("/rathaus/", "Rathaus und Stadtrat"), ("/presse/", "Presse")]
    return links


def _page(city: DemoCity, title: str, body: str, *, features: frozenset[str], head: str = "") -> bytes:
    nav = "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for href, label in _nav_links(features))
    html = f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | Stadt {escape(city.name)}</title>
{head}
</head>
<body>
<header><a href="/">Stadt {escape(city.name)}</a>
<form action="/suche/" method="get" role="search"><label for="q">Suche</label>
<input id="q" name="q" type="search"><button type="submit">Suchen</button></form>
<nav><ul>{nav}</ul></nav></header>
<main>
<h1>{escape(title)}</h1>
{body}
</main>
<footer>
<p>Stadtverwaltung {escape(city.name)}, Rathausplatz 1</p>
<ul>
<li><a href="/impressum/">Impressum</a></li>
<li><a href="/datenschutz/">Datenschutz</a></li>
<li><a href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a></li>
<li><a href="/leichte-sprache/">Leichte Sprache</a></li>
</ul>
{{social}}
</footer>
</body>
</html>
"""
    return html.encode("utf-8")


def _social(city: DemoCity, features: frozenset[str]) -> str:
    links = []
    handle = city.slug
    if "facebook" in features:
        links.append(f'<a href="https://www.facebook.com/stadt.{handle}">Facebook</a>')
    if "instagram" in features:
        links.append(f'<a href="https://www.instagram.com/stadt_{handle}/">Instagram</a>')
    if "twitter" in features:
        links.append(f'<a href="https://twitter.com/stadt_{handle}">Twitter</a>')
    if "youtube" in features:
        links.append(f'<a href="https://www.youtube.com/@stadt{handle}">YouTube</a>')
    if not links:
        return ""
    return '<p class="social">Folgen Sie uns: ' + " | ".join(links) + "</p>"


def _html(city: DemoCity, features: frozenset[str], title: str, body: str, head: str = "") -> Response:
    page = _page(city, title, body, features=features, head=head).replace(
        b"{social}", _social(city, features).encode("utf-8")
    )
    return Response(200, "text/html; charset=utf-8", page)


def _home(city: DemoCity, f: frozenset[str]) -> str:
    parts = [
        f"<p>Willkommen auf dem offiziellen Internetauftritt der Stadt {escape(city.name)}.</p>",
        '<h2>Aktuelles</h2><ul><li><a href="/presse/">Pressemitteilungen</a></li>',
        '<li><a href="/presse/archiv/">Pressearchiv</a></li></ul>',
    ]
    if "115" in f:
        parts.append(
            "<p>Behördennummer 115: Unter der einheitlichen Behördenrufnummer 115 erreichen Sie den "
            f"Bürgerservice der Stadt {escape(city.name)} montags bis freitags von 8 bis 18 Uhr.</p>"
        )
    if "chatbot" in f:
        parts.append(
            f"<p>Neu: Unser Chatbot „Frag {escape(city.name)}“ beantwortet Ihre Fragen rund um die Uhr. "
            "Klicken Sie unten rechts auf das Sprechblasen-Symbol, um den Chat mit dem virtuellen "
            "Assistenten zu starten.</p>"
            '<div id="chatbot-widget" class="chatbot" data-bot="virtueller-assistent"></div>'
        )
    if "chatbot_planned" in f:
        parts.append(
            "<p>Die Stadtverwaltung prüft derzeit die Einführung eines Chatbots. Ein Start ist "
            "frühestens 2023 geplant.</p>"
        )
    return "\n".join(parts)


def _termine(city: DemoCity, f: frozenset[str], base: str) -> str:
    parts = []
    offices = [
        ("booking_buergeramt", "Bürgeramt", "buergeramt"),
        ("booking_standesamt", "Standesamt", "standesamt"),
        ("booking_auslaenderbehoerde", "Ausländerbehörde", "auslaenderbehoerde"),
        ("booking_kfz", "Kfz-Zulassungsstelle", "kfz"),
    ]
    booked = [(label, key) for feat, label, key in offices if feat in f]
    for label, key in booked:
        parts.append(
            f"<h2>Online-Terminvergabe {label}</h2>"
            f"<p>Buchen Sie Ihren Termin im {label} bequem online: Wählen Sie die Dienstleistung, "
            "dann einen freien Termin im Kalender aus und bestätigen Sie die Buchung. Sie erhalten eine "
            "Bestätigung per E-Mail.</p>"
            f'<p><a href="/termine/{key}/">Jetzt Termin online buchen ({label})</a></p>'
        )
    if "booking_phone_only" in f:
        parts.append(
            "<h2>Terminvereinbarung Bürgeramt</h2><p>Termine im Bürgeramt können derzeit nur telefonisch "
            "unter 0361 555-1234 vereinbart werden. Eine Online-Terminvergabe ist derzeit nicht möglich. "
            "Auch Termine im Standesamt und in der Ausländerbehörde vergeben wir nur telefonisch.</p>"
        )
    if "booking_email_only" in f:
        parts.append(
            "<h2>Terminvereinbarung</h2><p>Für einen Termin im Bürgerbüro schreiben Sie uns bitte eine "
            f"E-Mail an buergerbuero@{city.slug}.example. Wir melden uns mit einem Terminvorschlag. "
            "Eine Online-Buchung von Terminen ist nicht möglich.</p>"
        )
    if not parts:
        parts.append("<p>Informationen zu Terminen folgen.</p>")
    return "\n".join(parts)


def _booking_page(city: DemoCity, label: str, key: str, base: str, vendor: str) -> str:
    if vendor == "tevis":
        src = f"{base}/tevisweb/select2?md={key}"
        name = "TEVIS"
    else:
        src = f"{base}/etermin/{city.slug}-{key}"
        name = "eTermin"
    return (
        f"<p>Online-Terminvergabe für das {label}: Buchen Sie hier einen freien Termin (Terminbuchung über "
        f"{name}).</p>"
        f'<iframe src="{src}" title="Online-Terminbuchung {label}" width="100%" height="800"></iframe>'
    )


def _bezahlen(city: DemoCity, f: frozenset[str]) -> str:
    if "epayment" in f:
        return (
            "<p>Die Gebühren für Online-Dienstleistungen (z.B. Meldebescheinigung, Anwohnerparkausweis) "
            "bezahlen Sie direkt im Antrag online per ePayBL: mit giropay, PayPal, Kreditkarte "
            "(Visa, Mastercard) oder SEPA-Lastschrift.</p>"
            '<script src="/epaybl/paypage.js"></script>'
            + (
                "<p>Im Bürgeramt können Sie Gebühren bar, mit girocard (EC-Karte) oder Kreditkarte "
                "bezahlen.</p>"
                if "kartenzahlung" in f
                else ""
            )
        )
    if "transfer_only" in f:
        return (
            "<p>Gebühren zahlen Sie bitte per Überweisung auf das Konto der Stadtkasse, "
            "IBAN DE02 1203 0000 0000 2020 51, oder bar an der Kasse im Rathaus. Eine Online-Zahlung "
            "ist derzeit nicht möglich.</p>"
        )
    return "<p>Hinweise zur Zahlung finden Sie bei der jeweiligen Dienstleistung.</p>"


def _bussgeld(city: DemoCity, f: frozenset[str], base: str) -> str:
    if "bussgeld_online" in f:
        return (
            "<p>Verwarnungsgeld oder Bußgeld online bezahlen: Geben Sie das Kassenzeichen ein und bezahlen "
            "Sie direkt über unser Bezahlportal (pmPayment) mit giropay, PayPal oder Kreditkarte.</p>"
            f'<p><a href="{base}/pmpayment/bussgeld?kommune={city.slug}">Zum Online-Bezahlportal für '
            "Verwarnungs- und Bußgelder</a></p>"
        )
    return (
        "<p>Verwarnungsgelder und Bußgelder können per Überweisung, bar oder mit EC-Karte an der "
        "Stadtkasse bezahlt werden.</p>"
    )


def _online_dienste(city: DemoCity, f: frozenset[str]) -> str:
    parts = []
    if "serviceportal" in f:
        parts.append(
            f"<p>Im Serviceportal der Stadt {escape(city.name)} erledigen Sie Anträge online mit Ihrem "
            "Servicekonto oder der BundID. Melden Sie sich an, füllen Sie den Antrag aus und senden Sie "
            "ihn digital ab.</p>"
        )
    services = [
        ("ummeldung_online", "Wohnsitz ummelden (elektronische Wohnsitzanmeldung)"),
        ("ummeldung_online", "Meldebescheinigung online beantragen"),
        ("kita_online", "Kita-Platz online vormerken (Kita-Anmeldung)"),
        ("gewerbe_online", "Gewerbe online anmelden, ummelden oder abmelden"),
        ("epayment", "Anwohnerparkausweis online beantragen"),
    ]
    items = [f"<li>{escape(text)}: Antrag online stellen</li>" for feat, text in services if feat in f]
    if items:
        parts.append("<h2>Diese Leistungen können Sie online beantragen</h2><ul>" + "".join(items) + "</ul>")
    if not parts:
        parts.append(
            "<p>Anträge finden Sie als PDF-Formular zum Ausdrucken. Bitte bringen Sie das ausgefüllte "
            "Formular persönlich ins Bürgerbüro.</p>"
        )
    return "\n".join(parts)


def _maengelmelder(city: DemoCity, f: frozenset[str]) -> str:
    if "maengelmelder" in f:
        return (
            "<p>Mit dem Mängelmelder melden Sie Schäden wie Schlaglöcher, defekte Straßenlaternen oder "
            "wilden Müll online: Ort auf der Karte markieren, Foto hochladen, absenden. Den Bearbeitungsstand "
            "sehen Sie jederzeit online.</p>"
        )
    if "maengelmelder_planned" in f:
        return (
            "<p>Der Stadtrat hat die Einführung eines Online-Mängelmelders beschlossen. Er soll im Jahr "
            "2022 starten. Bis dahin melden Sie Schäden bitte telefonisch.</p>"
        )
    return "<p>Schäden im Straßenraum melden Sie bitte telefonisch beim Tiefbauamt.</p>"


def _opendata(city: DemoCity, f: frozenset[str], base: str) -> str:
    if "opendata_ckan" in f:
        return (
            f"<p>Auf dem Open-Data-Portal der Stadt {escape(city.name)} finden Sie offene Daten "
            "(Datensätze) zum kostenlosen Download unter der Lizenz Datenlizenz Deutschland – Namensnennung 2.0.</p>"
            f'<p><a href="{base}/data/">Zum Open-Data-Portal (offene Datensätze)</a></p>'
        )
    if "opendata_planned" in f:
        return (
            "<p>Ein Open-Data-Portal ist in Planung. Die Stadt will ab 2023 erste offene Datensätze "
            "veröffentlichen.</p>"
        )
    return "<p>Statistische Berichte erhalten Sie auf Anfrage beim Amt für Statistik.</p>"


def _stadtplan(city: DemoCity, f: frozenset[str], base: str) -> str:
    if "geoportal" in f:
        return (
            f"<p>Im Geoportal der Stadt {escape(city.name)} finden Sie den interaktiven Stadtplan, "
            "Bebauungspläne und Luftbilder. Die Geodaten stehen auch als WMS- und WFS-Dienst bereit.</p>"
            f'<p><a href="{base}/geoportal/">Zum Geoportal (interaktiver Stadtplan)</a></p>'
        )
    if "stadtplan" in f:
        return (
            "<p>Der interaktive Stadtplan zeigt Behörden, Schulen, Parkhäuser und Haltestellen. "
            "Zoomen Sie in die Karte, um Details zu sehen.</p>"
            '<div id="stadtplan-map" class="interaktive-karte"></div>'
        )
    return "<p>Einen gedruckten Stadtplan erhalten Sie in der Tourist-Information.</p>"


def _beteiligung(city: DemoCity, f: frozenset[str], base: str) -> str:
    if "participation" in f:
        return (
            f"<p>Auf unserer Beteiligungsplattform (CONSUL) können Sie Vorschläge einreichen, diskutieren "
            "und über Projekte des Bürgerhaushalts abstimmen.</p>"
            f'<p><a href="{base}/consul/">Zur Beteiligungsplattform mitmachen.{city.slug}</a></p>'
        )
    return "<p>Termine von Bürgerversammlungen finden Sie im Amtsblatt.</p>"


def _rathaus(city: DemoCity, f: frozenset[str]) -> str:
    text = "<p>Der Stadtrat tagt monatlich im Ratssaal. Sitzungen sind öffentlich.</p>"
    if "rats_tv" in f:
        text += (
            "<p>Die Sitzungen des Stadtrats werden live im Internet übertragen (Livestream) und stehen "
            'danach als Video in der Mediathek zur Verfügung. <a href="/rathaus/livestream/">Zum Livestream '
            "der Ratssitzung</a></p>"
        )
    return text


def _mobilitaet(city: DemoCity, f: frozenset[str]) -> str:
    parts = []
    if "handyparken" in f:
        parts.append(
            "<p>Handyparken: Parkgebühren an allen städtischen Parkscheinautomaten können Sie per App "
            "bezahlen (Handyparken mit EasyPark, PayByPhone oder Parkster).</p>"
        )
    if "echtzeit" in f:
        parts.append(
            "<p>Echtzeit-Fahrplanauskunft: An allen Haltestellen zeigen Anzeigetafeln die Abfahrten in "
            "Echtzeit, auch in der App der Verkehrsbetriebe.</p>"
        )
    return "\n".join(parts) or "<p>Informationen zum Nahverkehr erhalten Sie bei den Verkehrsbetrieben.</p>"


def _ckan_api(city: DemoCity, path: str) -> Response | None:
    """A CKAN portal's action API answers (``status_show``, ``package_search``, ``license_list``)."""
    datasets = [
        ("haushaltsplan", "Haushaltsplan", "dl-by-de/2.0"),
        ("baumkataster", "Baumkataster", "dl-by-de/2.0"),
        ("parkhaeuser", "Parkhausbelegung", "cc-by/4.0"),
        ("wahlergebnisse", "Wahlergebnisse", "dl-zero-de/2.0"),
    ]
    api = "/data/api/3/action/"
    if not path.startswith(api):
        return None
    action = path[len(api) :]
    if action == "status_show":
        result = {"ckan_version": "2.9.5", "site_title": f"Open Data {city.name}", "extensions": ["dcat"]}
    elif action == "package_search":
        result = {
            "count": len(datasets),
            "results": [
                {"name": name, "title": title, "license_id": lic, "num_resources": 2}
                for name, title, lic in datasets
            ],
            "facets": {},
            "search_facets": {},
        }
    elif action == "license_list":
        result = [{"id": lic, "title": lic} for lic in sorted({d[2] for d in datasets})]
    elif action == "package_list":
        result = [d[0] for d in datasets]
    else:
        return Response(404, "application/json", json.dumps({"success": False}).encode())
    body = {
        "help": f"http://{city_host(city)}{api}help_show?name={action}",
        "success": True,
        "result": result,
    }
    return Response(200, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _ckan_home(city: DemoCity) -> str:
    return (
        f'<p>Open Data {escape(city.name)}: 4 Datensätze. <a href="/data/dataset/">Datensätze durchsuchen</a> '
        '<a href="/data/api/3/action/package_search">API</a></p>'
        '<form action="/data/dataset/" method="get"><input name="q" type="search"></form>'
        '<p>Powered by <a href="https://ckan.org">CKAN</a>. RSS/Atom-Feed für neue Datensätze: '
        '<a href="/data/feeds/dataset.atom">Feed abonnieren</a>. Feedback zu Datensätzen über das '
        "Kommentarformular.</p>"
    )


def site_pages(city: DemoCity, month: str, base: str) -> dict[str, Response]:
    """Every path of the city's site in ``month`` with its response (robots.txt and sitemap included)."""
    f = city.site_features[month]
    if "site_down" in f:
        return {}
    pages: dict[str, Response] = {}

    def html(path: str, title: str, body: str, head: str = "") -> None:
        pages[path] = _html(city, f, title, body, head)

    html("/", f"Stadt {city.name}", _home(city, f))
    menu = _nav_links(f)[1:]
    html(
        "/buergerservice/",
        "Bürgerservice A-Z",
        "<p>Alle Dienstleistungen der Stadtverwaltung von A bis Z.</p><ul>"
        + "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for href, label in menu)
        + "</ul>",
    )
    html("/termine/", "Terminvereinbarung", _termine(city, f, base))
    for feat, label, key in (
        ("booking_buergeramt", "Bürgeramt", "buergeramt"),
        ("booking_standesamt", "Standesamt", "standesamt"),
        ("booking_auslaenderbehoerde", "Ausländerbehörde", "auslaenderbehoerde"),
        ("booking_kfz", "Kfz-Zulassungsstelle", "kfz"),
    ):
        if feat in f:
            vendor = "tevis" if CITIES.index(city) % 2 == 0 else "etermin"
            html(
                f"/termine/{key}/",
                f"Online-Terminvergabe {label}",
                _booking_page(city, label, key, base, vendor),
            )
    html("/online-dienste/", "Online-Dienste", _online_dienste(city, f))
    html("/bezahlen/", "Gebühren bezahlen", _bezahlen(city, f))
    html("/bussgeld/", "Verwarnungsgeld und Bußgeld", _bussgeld(city, f, base))
    html("/maengelmelder/", "Mängelmelder", _maengelmelder(city, f))
    html("/opendata/", "Offene Daten", _opendata(city, f, base))
    html("/stadtplan/", "Stadtplan", _stadtplan(city, f, base))
    html("/beteiligung/", "Bürgerbeteiligung", _beteiligung(city, f, base))
    html("/rathaus/", "Rathaus und Stadtrat", _rathaus(city, f))
    html("/mobilitaet/", "Mobilität und Parken", _mobilitaet(city, f))
    html("/presse/", "Pressemitteilungen", "<p>Aktuelle Meldungen der Stadtverwaltung.</p>")
    html("/presse/archiv/", "Pressearchiv", "<p>Meldungen der vergangenen Jahre.</p>")
    html(
        "/impressum/",
        "Impressum",
        f"<p>Stadt {escape(city.name)}, vertreten durch den Oberbürgermeister.</p>",
    )
    html("/datenschutz/", "Datenschutz", "<p>Hinweise zum Datenschutz.</p>")
    html(
        "/barrierefreiheit/",
        "Erklärung zur Barrierefreiheit",
        "<p>Die Stadt ist bemüht, ihre Website barrierefrei zugänglich zu machen.</p>",
    )
    html(
        "/leichte-sprache/",
        "Leichte Sprache",
        "<p>Hier erklären wir die Stadtverwaltung in Leichter Sprache.</p>",
    )
    html("/suche/", "Suche", "<p>Geben Sie einen Suchbegriff ein.</p>")
    if "opendata_ckan" in f:
        html("/data/", f"Open Data {city.name}", _ckan_home(city))
        html("/data/dataset/", "Datensätze", _ckan_home(city))
    if "geoportal" in f:
        html(
            "/geoportal/",
            "Geoportal",
            "<p>Geoportal: interaktiver Stadtplan mit Bebauungsplänen, WMS/WFS-Dienste der Geodaten.</p>",
        )
    if "participation" in f:
        html(
            "/consul/",
            "Beteiligungsplattform",
            "<p>CONSUL Beteiligungsplattform: Vorschläge einreichen, Debatten führen, abstimmen.</p>"
            '<meta name="generator" content="CONSUL">',
        )
    # Sections the menu does not link do not exist on this city's site.
    linked = {href for href, _ in _nav_links(f)}
    for section in SECTIONS:
        if section not in linked:
            pages.pop(section, None)
    robots = "User-agent: *\nDisallow: /intern/\n"
    if "robots_disallow" in f:
        robots += "Disallow: /presse/archiv/\n"
    robots += f"Sitemap: {base}/sitemap.xml\n"
    pages["/robots.txt"] = Response(200, "text/plain; charset=utf-8", robots.encode())
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in sorted(pages) if p.endswith("/"))
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    pages["/sitemap.xml"] = Response(200, "application/xml", sitemap.encode("utf-8"))
    return pages


# --- the server -----------------------------------------------------------------------------------


class DemoSites:
    """One threaded HTTP server per city, each on its own loopback address, sharing one port.

    ``set_month`` switches every site to another month's pages without restarting.
    """

    def __init__(self, port: int = 0) -> None:
        self.month: str | None = None
        self._pages: dict[str, dict[str, Response]] = {}
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self.port = port
        self.hits = 0

    def base_url(self, city: DemoCity) -> str:
        return f"http://{city_host(city)}:{self.port}"

    def websites(self) -> dict[str, str]:
        return {city.ags: self.base_url(city) + "/" for city in CITIES}

    def set_month(self, month: str) -> None:
        self._pages = {city.ags: site_pages(city, month, self.base_url(city)) for city in CITIES}
        self.month = month

    def lookup(self, ags: str, path: str) -> Response:
        city = next(c for c in CITIES if c.ags == ags)
        if "site_down" in city.site_features.get(self.month or "", frozenset()):
            return Response(503, "text/html; charset=utf-8", b"<h1>Wartungsarbeiten</h1>")
        api = _ckan_api(city, path) if "opendata_ckan" in city.site_features[self.month] else None
        if api is not None:
            return api
        return self._pages.get(ags, {}).get(path) or Response(
            404, "text/html; charset=utf-8", b"<h1>Seite nicht gefunden</h1>"
        )

    def start(self, attempts: int = 5) -> DemoSites:
        """Bind every city's server; a port taken on one of the addresses means: try another port."""
        requested = self.port
        for attempt in range(attempts):
            try:
                self._start_all()
                return self
            except OSError:
                self.stop()
                self.port = requested
                if requested or attempt == attempts - 1:
                    raise
        return self

    def _start_all(self) -> None:
        sites = self
        for city in CITIES:
            handler = _make_handler(sites, city.ags)
            server = ThreadingHTTPServer((city_host(city), self.port), handler)
            server.daemon_threads = True
            if self.port == 0:
                self.port = server.server_address[1]
            self._servers.append(server)
            thread = threading.Thread(target=server.serve_forever, name=f"demo-site-{city.slug}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> DemoSites:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _make_handler(sites: DemoSites, ags: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "DemoCityWeb/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            self._respond(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(with_body=False)

        def _respond(self, *, with_body: bool) -> None:
            sites.hits += 1
            path = urlsplit(self.path).path or "/"
            response = sites.lookup(ags, path)
            etag = '"' + hashlib.sha256(response.body).hexdigest()[:16] + '"'
            if response.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            if response.status == 200:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Cache-Control", "no-cache")
            if response.status == 503:
                self.send_header("Retry-After", "3600")
            self.end_headers()
            if with_body:
                self.wfile.write(response.body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the demo prints progress
            return

    return Handler
