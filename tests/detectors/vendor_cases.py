"""Vendor and platform signatures outside the booking/payment/participation fixture files.

Each case: (rule id, how the page carries it, URL, text around it, {parameter: status}). ``how`` is
"link" (an ``<a href>`` in the main text), "iframe", "script" or "page" (the page itself is on the host).
"""

from __future__ import annotations

from tests.detectors.cases import P

PRESENT = "present"

FIXTURE_EXPECTATIONS: dict[str, tuple[str, dict[str, str]]] = {
    "booking_tevis.html": ("vendor.booking.tevis", {"t.buergeramt": PRESENT}),
    "booking_netappoint.html": ("vendor.booking.netappoint", {"t.auslaender": PRESENT}),
    "booking_tempus.html": ("vendor.booking.tempus", {"t.standesamt": PRESENT}),
    "booking_etermin.html": ("vendor.booking.etermin", {"t.kfz": PRESENT}),
    "booking_terminland.html": ("vendor.booking.terminland", {"t.gewerbeamt": PRESENT}),
    "booking_timeacle.html": ("vendor.booking.timeacle", {"t.buergeramt": PRESENT}),
    "booking_qmatic.html": ("vendor.booking.qmatic", {"t.buergeramt": PRESENT}),
    "booking_cleverq.html": ("vendor.booking.cleverq", {"t.buergeramt": PRESENT}),
    "booking_generic.html": ("vendor.booking.generic", {"t.kfz": PRESENT}),
    "payment_epaybl.html": ("vendor.payment.epaybl", {"epayment": PRESENT}),
    "payment_pmpayment.html": ("vendor.payment.pmpayment", {"epayment": PRESENT}),
    "payment_giropay.html": ("vendor.payment.giropay", {"epayment": PRESENT}),
    "payment_paydirekt.html": ("vendor.payment.paydirekt", {"epayment": PRESENT}),
    "payment_paypal.html": ("vendor.payment.paypal", {"epayment": PRESENT}),
    "payment_girosolution.html": ("vendor.payment.girosolution", {"epayment": PRESENT}),
    "payment_payone.html": ("vendor.payment.payone", {"epayment": PRESENT}),
    "participation_consul.html": (
        "vendor.participation.consul",
        {"mitgestaltung": PRESENT, "diskussion": PRESENT, "abstimmung": PRESENT},
    ),
    "participation_adhocracy.html": (
        "vendor.participation.adhocracy",
        {"mitgestaltung": PRESENT, "diskussion": PRESENT, "abstimmung": PRESENT},
    ),
    "participation_decidim.html": (
        "vendor.participation.decidim",
        {"mitgestaltung": PRESENT, "diskussion": PRESENT, "abstimmung": PRESENT},
    ),
    "participation_dipas.html": ("vendor.participation.dipas", {"mitgestaltung": PRESENT}),
    "participation_zebralog.html": ("vendor.participation.zebralog", {"mitgestaltung": PRESENT}),
    "participation_buergerhaushalt.html": (
        "vendor.participation.buergerhaushalt",
        {"mitgestaltung": PRESENT},
    ),
    "participation_generic.html": ("vendor.participation.generic", {"mitgestaltung": PRESENT}),
}

INLINE: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "vendor.defects.maengelmelder",
        "iframe",
        "https://www.mängelmelder.de/?kommune=musterstadt",
        "Melden Sie Schäden im Stadtgebiet.",
        {"maengel": PRESENT},
    ),
    (
        "vendor.defects.sagsuns",
        "link",
        "https://www.sags-uns.de/musterstadt",
        "Sag's uns",
        {"maengel": PRESENT},
    ),
    (
        "vendor.defects.klarschiff",
        "link",
        "https://klarschiff-musterstadt.de/",
        "Klarschiff",
        {"maengel": PRESENT},
    ),
    (
        "vendor.defects.markaspot",
        "script",
        "https://meldungen.musterstadt.de/mark-a-spot/js/app.js",
        "Anliegen melden",
        {"maengel": PRESENT},
    ),
    (
        "vendor.defects.werdenktwas",
        "link",
        "https://www.werdenktwas.de/musterstadt",
        "Ärgernis melden",
        {"maengel": PRESENT},
    ),
    (
        "vendor.defects.generic",
        "link",
        "https://www.musterstadt.de/buergerservice/dreck-weg-melder",
        "Schaden melden",
        {"maengel": PRESENT},
    ),
    (
        "vendor.chatbot.botfriends",
        "script",
        "https://cdn.botfriends.de/webchat/musterstadt.js",
        "Fragen?",
        {"chatbot": PRESENT},
    ),
    (
        "vendor.chatbot.cognigy",
        "script",
        "https://webchat.cognigy.ai/v2/webchat.js",
        "Hilfe",
        {"chatbot": PRESENT},
    ),
    (
        "vendor.chatbot.onlim",
        "script",
        "https://chat.onlim.com/widget/musterstadt.js",
        "Hilfe",
        {"chatbot": PRESENT},
    ),
    ("vendor.chatbot.moinai", "script", "https://www.moin.ai/chatbot.js", "Hilfe", {"chatbot": PRESENT}),
    ("vendor.chatbot.ebot7", "script", "https://webchat.e-bot7.de/loader.js", "Hilfe", {"chatbot": PRESENT}),
    (
        "vendor.chatbot.generic",
        "script",
        "https://www.musterstadt.de/static/chatbot/widget.js",
        "Hilfe",
        {"chatbot": PRESENT},
    ),
    ("vendor.behoerdennummer.115", "link", "https://www.115.de/", "Behördennummer 115", {"115": PRESENT}),
    (
        "vendor.ratstv.ratstv",
        "link",
        "https://www.musterstadt.de/rats-tv/",
        "Ratssitzungen live",
        {"ratstv": PRESENT},
    ),
    (
        "vendor.geo.masterportal",
        "iframe",
        "https://geodienste.musterstadt.de/masterportal/stadtplan/",
        "Stadtplan",
        {"stadtplan": PRESENT},
    ),
    ("vendor.geo.webgis", "link", "https://webgis.musterstadt.de/", "WebGIS", {"stadtplan": PRESENT}),
    (
        "vendor.geo.arcgis",
        "iframe",
        "https://musterstadt.maps.arcgis.com/apps/webappviewer/index.html?id=abc",
        "Baustellenkarte",
        {"stadtplan": PRESENT},
    ),
    (
        "vendor.geo.mapbender",
        "iframe",
        "https://karten.musterstadt.de/mapbender/application/stadtplan",
        "Stadtplan",
        {"stadtplan": PRESENT},
    ),
    (
        "vendor.geo.geoportal",
        "link",
        "https://geoportal.musterstadt.de/",
        "Geoportal",
        {"stadtplan": PRESENT},
    ),
    (
        "vendor.geodata.ogc",
        "link",
        "https://geodienste.musterstadt.de/ows/stadtgrundkarte?SERVICE=WMS&REQUEST=GetCapabilities",
        "WMS Stadtgrundkarte",
        {"geodaten": PRESENT},
    ),
    (
        "vendor.opendata.opendatasoft",
        "link",
        "https://musterstadt.opendatasoft.com/explore/",
        "Open Data",
        {"opendata": PRESENT},
    ),
    (
        "vendor.opendata.arcgis_hub",
        "link",
        "https://opendata-musterstadt.hub.arcgis.com/",
        "Offene Daten",
        {"opendata": PRESENT},
    ),
    (
        "vendor.opendata.dkan",
        "page",
        "https://daten.musterstadt.de/dkan/dataset/haltestellen",
        "Haltestellen",
        {"opendata": PRESENT},
    ),
    (
        "vendor.opendata.ckan",
        "link",
        "https://daten.musterstadt.de/ckan/dataset/",
        "Datensätze",
        {"opendata": PRESENT},
    ),
    (
        "vendor.opendata.generic",
        "link",
        "https://offenedaten-musterstadt.de/",
        "Offene Daten",
        {"opendata": PRESENT},
    ),
    (
        "vendor.serviceportal.servicebw",
        "link",
        "https://www.service-bw.de/zufi/lebenslagen",
        "Service-BW",
        {"portal": PRESENT},
    ),
    (
        "vendor.serviceportal.buergerserviceportal",
        "link",
        "https://www.buergerserviceportal.de/bayern/musterstadt",
        "Bürgerservice-Portal",
        {"portal": PRESENT},
    ),
    ("vendor.serviceportal.amt24", "link", "https://amt24.sachsen.de/", "Amt24", {"portal": PRESENT}),
    (
        "vendor.serviceportal.civento",
        "link",
        "https://musterstadt.civento.de/antrag",
        "Online-Antrag",
        {"portal": PRESENT},
    ),
    (
        "vendor.serviceportal.formsolutions",
        "iframe",
        "https://formular-server.de/form-solutions/musterstadt",
        "Antrag",
        {"portal": PRESENT},
    ),
    (
        "vendor.serviceportal.generic",
        "link",
        "https://serviceportal.musterstadt.de/",
        "Serviceportal",
        {"portal": PRESENT},
    ),
    (
        "vendor.kita.littlebird",
        "link",
        "https://www.meinekita.little-bird.de/musterstadt",
        "Kita-Platz suchen",
        {"d.kita": PRESENT},
    ),
    (
        "vendor.kita.portal",
        "link",
        "https://www.musterstadt.de/kita-navigator",
        "Kita-Navigator",
        {"d.kita": PRESENT},
    ),
    (
        "vendor.ikfz.ikfz",
        "link",
        "https://www.musterstadt.de/i-kfz",
        "Fahrzeug online zulassen",
        {"d.kfz": PRESENT},
    ),
    (
        "vendor.parking.paybyphone",
        "link",
        "https://www.paybyphone.de/",
        "PayByPhone",
        {"handyparken": PRESENT},
    ),
    ("vendor.parking.easypark", "link", "https://www.easypark.de/", "EasyPark", {"handyparken": PRESENT}),
    ("vendor.parking.parkster", "link", "https://www.parkster.com/de/", "Parkster", {"handyparken": PRESENT}),
    (
        "vendor.parking.yellowbrick",
        "link",
        "https://www.yellowbrick.de/",
        "Yellowbrick",
        {"handyparken": PRESENT},
    ),
    ("vendor.parking.mobilet", "link", "https://www.mobilet.de/", "moBiLET", {"handyparken": PRESENT}),
    ("vendor.parking.parknow", "link", "https://park-now.com/de", "PARK NOW", {"handyparken": PRESENT}),
    (
        "vendor.parking.handyparken",
        "link",
        "https://www.handyparken-musterstadt.de/",
        "Handyparken",
        {"handyparken": PRESENT},
    ),
    (
        "vendor.sharing.nextbike",
        "link",
        "https://www.nextbike.de/de/musterstadt/",
        "Leihrad",
        {"bike": PRESENT},
    ),
    ("vendor.sharing.callabike", "link", "https://www.callabike.de/", "Call a Bike", {"bike": PRESENT}),
    (
        "vendor.sharing.donkey",
        "link",
        "https://www.donkey.bike/cities/musterstadt/",
        "Donkey Republic",
        {"bike": PRESENT},
    ),
    ("vendor.sharing.tier", "link", "https://www.tier.app/de/", "TIER", {"scooter": PRESENT}),
    ("vendor.sharing.lime", "link", "https://www.li.me/de-de", "Lime", {"scooter": PRESENT}),
    ("vendor.sharing.voi", "link", "https://www.voi.com/de", "Voi", {"scooter": PRESENT}),
    ("vendor.sharing.bird", "link", "https://www.bird.co/", "Bird", {"scooter": PRESENT}),
    ("vendor.sharing.dott", "link", "https://ridedott.com/", "Dott", {"scooter": PRESENT}),
    (
        "vendor.sharing.stadtmobil",
        "link",
        "https://musterstadt.stadtmobil.de/",
        "stadtmobil",
        {"carsharing": PRESENT},
    ),
    (
        "vendor.sharing.cambio",
        "link",
        "https://www.cambio-carsharing.de/musterstadt",
        "cambio",
        {"carsharing": PRESENT},
    ),
    ("vendor.sharing.flinkster", "link", "https://www.flinkster.de/", "Flinkster", {"carsharing": PRESENT}),
    (
        "vendor.sharing.sharenow",
        "link",
        "https://www.share-now.com/de/",
        "SHARE NOW",
        {"carsharing": PRESENT},
    ),
    ("vendor.sharing.teilauto", "link", "https://www.teilauto.net/", "teilAuto", {"carsharing": PRESENT}),
    (
        "link.social.facebook",
        "link",
        "https://www.facebook.com/stadtmusterstadt",
        "Facebook",
        {"facebook": PRESENT},
    ),
    (
        "link.social.instagram",
        "link",
        "https://www.instagram.com/stadt_musterstadt/",
        "Instagram",
        {"instagram": PRESENT},
    ),
    ("link.social.twitter", "link", "https://x.com/musterstadt", "X (Twitter)", {"twitter": PRESENT}),
    (
        "link.social.youtube",
        "link",
        "https://www.youtube.com/@stadtmusterstadt",
        "YouTube",
        {"youtube": PRESENT},
    ),
]

SOCIAL = {
    "facebook": "verwaltung.social_media.facebook",
    "instagram": "verwaltung.social_media.instagram",
    "twitter": "verwaltung.social_media.twitter",
    "youtube": "verwaltung.social_media.youtube",
}


def param(short: str) -> str:
    return SOCIAL.get(short) or P[short]


def html_for(how: str, url: str, text: str) -> tuple[str, str]:
    """(page URL, HTML) carrying ``url`` the way ``how`` says."""
    page_url = "https://www.musterstadt.de/service/seite"
    if how == "link":
        body = f'<p>{text}: <a href="{url}">{text}</a></p>'
    elif how == "iframe":
        body = f'<p>{text}</p><iframe src="{url}"></iframe>'
    elif how == "script":
        body = f'<p>{text}</p><script src="{url}"></script>'
    elif how == "page":
        page_url, body = url, f"<h1>{text}</h1><p>Datensatz der Stadt.</p>"
    else:  # pragma: no cover - table typo
        raise ValueError(how)
    html = f'<!doctype html><html lang="de"><head><title>{text}</title></head><body><main>{body}</main></body></html>'
    return page_url, html
