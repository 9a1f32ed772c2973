"""Vendor and platform signatures: booking, payment, defect reporting, participation, streaming, geo,
open data, service portals, Kita registration, i-Kfz, phone parking, sharing, and social media accounts.

A signature matches a URL (host and path). It counts as evidence when

- the page itself is on the platform (its URL matches: the spider made its one hop onto the portal),
- the page embeds it (``<iframe>``, ``<script src>``, a loader naming the host in an inline script), or
- the page links to it (``<a href>``; plain-text pages: URLs written in the text).

All three are a live system, so the rules have the ``confirmed`` tier. Booking systems serve several
offices: the office comes from the link text, the sentence around it, or the page (a TEVIS link without
any office stays unattributed: the spider follows it, and the portal page names the offices).

:func:`portal_kind` maps an off-site URL to ``"<category>:<name>"`` (e.g. ``booking:tevis``,
``opendata:ckan``, ``participation:consul``, ``payment:epaybl``) so the spider knows which foreign domains
get one hop; social networks return ``None`` (never followed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from crawlers.detectors import keywords as kw
from crawlers.detectors.base import Detection
from crawlers.detectors.engine import PageContext
from crawlers.detectors.fastre import FastPattern
from crawlers.detectors.rules import Rule, register
from crawlers.detectors.text import PageText, collapse

TERMIN_PARAMS = tuple(kw.TERMIN + o for o in kw.OFFICES)


@dataclass(frozen=True)
class Signature:
    category: str
    name: str
    pattern: re.Pattern[str]  # searched in "host/path?query" (lower case)
    parameters: tuple[str, ...]
    description: str
    links_count: bool = True  # a plain link is evidence (False: only the page itself or an embed)
    page_self: bool = True  # the page being on this host is evidence
    main_links_only: bool = False  # ignore links in navigation/footer (e.g. PayPal donation buttons)
    # As the page's own URL only the host counts (a news article's path may name the product), except for
    # product paths that only the platform itself serves (``/tevisweb``, ``/api/3/action``).
    self_path: bool = False

    @property
    def kind(self) -> str:
        return f"{self.category}:{self.name}"

    @property
    def rule_id(self) -> str:
        return f"vendor.{self.category}.{self.name}"


def _sig(
    category: str, name: str, pattern: str, parameters: tuple[str, ...], description: str, **kw_args
) -> Signature:
    return Signature(category, name, re.compile(pattern, re.IGNORECASE), parameters, description, **kw_args)


_HOST = r"(?:^|[./])"  # start of a host label
_SEG = r"(?:/|\?|#|$)"  # end of a path segment
PARTICIPATION_ALL = (kw.P_MITGESTALTUNG, kw.P_DISKUSSION, kw.P_ABSTIMMUNG)

SIGNATURES: tuple[Signature, ...] = (
    # --- appointment booking ---------------------------------------------------------------------------
    _sig(
        "booking",
        "tevis",
        r"tevis",
        TERMIN_PARAMS,
        "TEVIS appointment system (Kommunix/ekom21)",
        self_path=True,
    ),
    _sig("booking", "netappoint", r"netappoint\.", TERMIN_PARAMS, "netappoint booking"),
    _sig(
        "booking",
        "tempus",
        r"tempus-?(?:termin|online|web)|" + _HOST + r"tempus\.",
        TERMIN_PARAMS,
        "Tempus booking",
    ),
    _sig("booking", "etermin", r"etermin\.net", TERMIN_PARAMS, "eTermin booking widget"),
    _sig("booking", "terminland", r"terminland\.(?:de|eu)", TERMIN_PARAMS, "Terminland booking"),
    _sig("booking", "timeacle", r"timeacle\.(?:com|de)", TERMIN_PARAMS, "Timeacle booking"),
    _sig("booking", "qmatic", r"qmatic|qwebbook", TERMIN_PARAMS, "Qmatic booking"),
    _sig("booking", "cleverq", r"cleverq\.", TERMIN_PARAMS, "cleverQ booking"),
    _sig(
        "booking",
        "generic",
        _HOST
        + r"(?:online-?)?termin(?:e|vergabe|buchung|reservierung|service|management|vereinbarung)?[.-][^/]*\.\w+"
        r"|/(?:online-?)?termin(?:vergabe|buchung|reservierung|vereinbarung|buchen)" + _SEG,
        TERMIN_PARAMS,
        "a municipal online booking host or page (termine.<city>.de, /terminvergabe)",
    ),
    # --- payment ---------------------------------------------------------------------------------------
    _sig("payment", "epaybl", r"e-?pay-?bl", (kw.P_EPAYMENT,), "ePayBL e-payment platform"),
    _sig("payment", "pmpayment", r"pm-?pay(?:ment)?\.|pmpayment|pmp-?payment", (kw.P_EPAYMENT,), "pmPayment"),
    _sig("payment", "giropay", r"giropay", (kw.P_EPAYMENT,), "giropay", main_links_only=True),
    _sig("payment", "paydirekt", r"paydirekt", (kw.P_EPAYMENT,), "paydirekt", main_links_only=True),
    _sig(
        "payment",
        "paypal",
        r"paypal\.(?:com|me)|paypalobjects\.com",
        (kw.P_EPAYMENT,),
        "PayPal checkout",
        main_links_only=True,
    ),
    _sig(
        "payment", "girosolution", r"girosolution|girocheckout", (kw.P_EPAYMENT,), "GiroSolution/GiroCheckout"
    ),
    _sig("payment", "payone", r"payone\.(?:com|de)", (kw.P_EPAYMENT,), "PAYONE", main_links_only=True),
    # --- defect reporters ------------------------------------------------------------------------------
    _sig("defects", "maengelmelder", r"m(?:ae|ä)ngel-?melder", (kw.P_MAENGEL,), "Mängelmelder"),
    _sig("defects", "sagsuns", r"sags-?uns", (kw.P_MAENGEL,), "Sag's uns"),
    _sig("defects", "klarschiff", r"klarschiff", (kw.P_MAENGEL,), "Klarschiff"),
    _sig("defects", "markaspot", r"mark-?a-?spot", (kw.P_MAENGEL,), "Mark-a-Spot"),
    _sig("defects", "werdenktwas", r"wer-?denkt-?was", (kw.P_MAENGEL,), "wer denkt was"),
    _sig(
        "defects",
        "generic",
        r"/[a-z0-9-]+-melder" + _SEG + r"|meldeportal|b(?:ue|ü)rgermeldung|anliegenmanagement"
        r"|/(?:schadens?|stoerungs|störungs)meld\w*" + _SEG,
        (kw.P_MAENGEL,),
        "a defect-report page (…-melder)",
    ),
    # --- chatbots --------------------------------------------------------------------------------------
    _sig("chatbot", "botfriends", r"botfriends", (kw.P_CHATBOT,), "BOTfriends chatbot", links_count=False),
    _sig("chatbot", "cognigy", r"cognigy", (kw.P_CHATBOT,), "Cognigy chatbot", links_count=False),
    _sig("chatbot", "onlim", r"onlim\.", (kw.P_CHATBOT,), "Onlim chatbot", links_count=False),
    _sig("chatbot", "moinai", r"moin\.ai", (kw.P_CHATBOT,), "moin.ai chatbot", links_count=False),
    _sig("chatbot", "ebot7", r"e-?bot7", (kw.P_CHATBOT,), "e-bot7 chatbot", links_count=False),
    _sig(
        "chatbot",
        "generic",
        r"chat-?bot",
        (kw.P_CHATBOT,),
        "an embedded chatbot widget",
        links_count=False,
        page_self=False,
    ),
    # --- 115 -------------------------------------------------------------------------------------------
    _sig(
        "behoerdennummer",
        "115",
        _HOST + r"115\.de" + _SEG + r"|" + _HOST + r"d115\.",
        (kw.P_115,),
        "link to the 115 service (www.115.de)",
        page_self=False,
    ),
    # --- participation ---------------------------------------------------------------------------------
    _sig(
        "participation",
        "consul",
        r"consul(?:project|democracy)\.org|" + _HOST + r"consul\.",
        PARTICIPATION_ALL,
        "CONSUL participation platform",
    ),
    _sig(
        "participation",
        "adhocracy",
        r"adhocracy|" + _HOST + r"aplus\.de|liqd\.net",
        PARTICIPATION_ALL,
        "adhocracy+ (Liquid Democracy)",
    ),
    _sig("participation", "decidim", r"decidim", PARTICIPATION_ALL, "Decidim"),
    _sig("participation", "dipas", r"dipas", PARTICIPATION_ALL, "DIPAS digital participation"),
    _sig("participation", "zebralog", r"zebralog", (kw.P_MITGESTALTUNG,), "Zebralog online dialogue"),
    _sig(
        "participation",
        "buergerhaushalt",
        r"b(?:ue|ü)rgerhaushalt",
        (kw.P_MITGESTALTUNG,),
        "a Bürgerhaushalt portal",
    ),
    _sig(
        "participation",
        "generic",
        _HOST + r"(?:beteiligung|mitmachen|mitreden|mitgestalten|mitwirken|partizipation|buergerbeteiligung|"
        r"beteiligungsportal|ideenplattform)[.-]",
        (kw.P_MITGESTALTUNG,),
        "a participation host (beteiligung.<city>.de)",
    ),
    # --- council streaming -----------------------------------------------------------------------------
    _sig(
        "ratstv",
        "ratstv",
        r"(?:^|[./])(?:rats-?tv|ratsfernsehen|(?:stadtrat|gemeinderat|kreistag)-?(?:tv|live)|"
        r"sitzungs-?stream|rats-?stream|livestream-?(?:rat|stadtrat|ratssitzung|sitzung))(?:[./?#]|$)",
        (kw.P_RATS_TV,),
        "council streaming (Rats-TV)",
    ),
    # --- geo -------------------------------------------------------------------------------------------
    _sig(
        "geo", "masterportal", r"masterportal", (kw.P_STADTPLAN,), "Masterportal map viewer", self_path=True
    ),
    _sig("geo", "webgis", r"web-?gis", (kw.P_STADTPLAN,), "WebGIS viewer", self_path=True),
    _sig(
        "geo",
        "arcgis",
        r"arcgis\.com/(?:apps|home/webmap)|experience\.arcgis\.com|/apps/webappviewer|/arcgis/apps",
        (kw.P_STADTPLAN,),
        "ArcGIS web map",
        self_path=True,
    ),
    _sig("geo", "mapbender", r"mapbender", (kw.P_STADTPLAN,), "Mapbender map viewer", self_path=True),
    _sig(
        "geo",
        "geoportal",
        _HOST
        + r"geo-?(?:portal|daten|info|viewer)\w*[.-]|/geo-?(?:portal|datenportal)\w*"
        + _SEG
        + r"|"
        + _HOST
        + r"gis\.|/gis"
        + _SEG
        + r"|/(?:interaktiver-)?stadtplan"
        + _SEG
        + r"|"
        + _HOST
        + r"stadtplan\.",
        (kw.P_STADTPLAN,),
        "a geoportal or online city map",
    ),
    _sig(
        "geodata",
        "ogc",
        r"service=w[mf]s|request=getcapabilities|/w[mf]s" + _SEG,
        (kw.P_OFFENE_GEODATEN,),
        "a WMS/WFS geodata service",
        page_self=False,
    ),
    # --- open data -------------------------------------------------------------------------------------
    _sig("opendata", "opendatasoft", r"opendatasoft", (kw.P_OPEN_DATA,), "Opendatasoft portal"),
    _sig(
        "opendata", "arcgis_hub", r"hub\.arcgis\.com|opendata\.arcgis\.com", (kw.P_OPEN_DATA,), "ArcGIS Hub"
    ),
    _sig("opendata", "dkan", r"dkan", (kw.P_OPEN_DATA,), "DKAN portal", self_path=True),
    _sig("opendata", "ckan", r"/api/3/action|ckan", (kw.P_OPEN_DATA,), "CKAN portal", self_path=True),
    _sig(
        "opendata",
        "generic",
        _HOST + r"(?:open-?data|offene-?daten|opendata)[\w-]*\.|/open-?data" + _SEG,
        (kw.P_OPEN_DATA,),
        "an open-data host (opendata.<city>.de, offenedaten-<city>.de)",
    ),
    # --- service portals and online procedures ---------------------------------------------------------
    _sig("serviceportal", "servicebw", r"service-bw\.de", (kw.P_PORTAL,), "service-bw (Baden-Württemberg)"),
    _sig(
        "serviceportal",
        "buergerserviceportal",
        r"b(?:ue|ü)rgerservice-?portal",
        (kw.P_PORTAL,),
        "Bürgerservice-Portal (AKDB)",
    ),
    _sig("serviceportal", "amt24", r"amt24", (kw.P_PORTAL,), "Amt24 (Sachsen)"),
    _sig("serviceportal", "civento", r"civento", (kw.P_PORTAL,), "civento online services"),
    _sig("serviceportal", "formsolutions", r"form-?solutions", (kw.P_PORTAL,), "Form-Solutions online forms"),
    _sig(
        "serviceportal",
        "generic",
        r"service-?portal|online-?rathaus|rathaus-?online|b(?:ue|ü)rger-?portal|service-?konto|b(?:ue|ü)rger-?konto"
        r"|verwaltungsportal|" + _HOST + r"(?:online-?)?services?\.|/online-?(?:services?|dienste)" + _SEG,
        (kw.P_PORTAL,),
        "a municipal service portal or citizen account",
    ),
    _sig(
        "kita",
        "littlebird",
        r"little-?bird",
        (kw.DIENST + "kita_anmeldung",),
        "Little Bird Kita registration",
    ),
    _sig(
        "kita",
        "portal",
        r"kita-?(?:navigator|portal|planer|anmeldung|platzvergabe)",
        (kw.DIENST + "kita_anmeldung",),
        "a Kita registration portal",
    ),
    _sig("ikfz", "ikfz", r"i-?kfz", (kw.DIENST + "kfz_zulassung",), "i-Kfz online vehicle registration"),
    # --- phone parking ---------------------------------------------------------------------------------
    _sig("parking", "paybyphone", r"paybyphone", (kw.P_HANDYPARKEN,), "PayByPhone"),
    _sig("parking", "easypark", r"easypark", (kw.P_HANDYPARKEN,), "EasyPark"),
    _sig("parking", "parkster", r"parkster", (kw.P_HANDYPARKEN,), "Parkster"),
    _sig("parking", "yellowbrick", r"yellowbrick", (kw.P_HANDYPARKEN,), "Yellowbrick"),
    _sig("parking", "mobilet", r"mobilet", (kw.P_HANDYPARKEN,), "moBiLET"),
    _sig("parking", "parknow", r"park-?now", (kw.P_HANDYPARKEN,), "PARK NOW"),
    _sig(
        "parking", "handyparken", r"handy-?parken|sms-?parken", (kw.P_HANDYPARKEN,), "a phone-parking service"
    ),
    # --- sharing ---------------------------------------------------------------------------------------
    _sig("sharing", "nextbike", r"nextbike", (kw.P_BIKESHARING,), "nextbike"),
    _sig("sharing", "callabike", r"call-?a-?bike", (kw.P_BIKESHARING,), "Call a Bike"),
    _sig("sharing", "donkey", r"donkey\.bike|donkeyrepublic", (kw.P_BIKESHARING,), "Donkey Republic"),
    _sig("sharing", "tier", _HOST + r"tier\.app|tier-mobility", (kw.P_ETRETROLLER,), "TIER e-scooters"),
    _sig("sharing", "lime", _HOST + r"li\.me" + _SEG, (kw.P_ETRETROLLER,), "Lime e-scooters"),
    _sig("sharing", "voi", _HOST + r"voi(?:scooters)?\.com", (kw.P_ETRETROLLER,), "Voi e-scooters"),
    _sig("sharing", "bird", _HOST + r"bird\.co" + _SEG, (kw.P_ETRETROLLER,), "Bird e-scooters"),
    _sig("sharing", "dott", r"ridedott", (kw.P_ETRETROLLER,), "Dott e-scooters"),
    _sig("sharing", "stadtmobil", r"stadtmobil", (kw.P_CARSHARING,), "stadtmobil car sharing"),
    _sig("sharing", "cambio", r"cambio-?carsharing|cambio-?cs", (kw.P_CARSHARING,), "cambio car sharing"),
    _sig("sharing", "flinkster", r"flinkster", (kw.P_CARSHARING,), "Flinkster car sharing"),
    _sig("sharing", "sharenow", r"share-?now\.com", (kw.P_CARSHARING,), "SHARE NOW car sharing"),
    _sig(
        "sharing",
        "teilauto",
        r"teilauto|book-?n-?drive|greenwheels|stadtteilauto",
        (kw.P_CARSHARING,),
        "regional car sharing (teilAuto, book-n-drive, Greenwheels)",
    ),
)

SOCIAL = {
    "facebook": re.compile(
        r"^(?:[\w-]+\.)?(?:facebook|fb)\.com/(?!sharer|share|dialog|plugins|tr\b|login|policies|help|privacy|"
        r"events?/|groups/?$|hashtag|watch|photo|permalink|story\.php|profile\.php\?id=$)[\w.%-]+",
        re.IGNORECASE,
    ),
    "instagram": re.compile(
        r"^(?:www\.)?instagram\.com/(?!p/|explore|accounts|reel|stories|tv/)[\w.%-]+", re.IGNORECASE
    ),
    "twitter": re.compile(
        r"^(?:www\.|mobile\.)?(?:twitter|x)\.com/(?!intent|share|home|search|hashtag|i/|privacy|tos|login)[\w%-]+",
        re.IGNORECASE,
    ),
    "youtube": re.compile(
        r"^(?:www\.|m\.)?youtube\.com/(?:channel/|c/|user/|@)[\w.%-]+"
        r"|^(?:www\.|m\.)?youtube\.com/(?!watch|embed|results|playlist|shorts|redirect|live|feed|t/|about|howyoutubeworks"
        r"|premium|kids|account)[\w.%-]{3,}$",
        re.IGNORECASE,
    ),
}
SOCIAL_PARAMS = {net: f"verwaltung.social_media.{net}" for net in SOCIAL}


def _register_all() -> None:
    for sig in SIGNATURES:
        register(
            Rule(
                sig.rule_id,
                sig.parameters,
                f"{sig.description}: the page is on it, embeds it or links to it",
                "vendors",
                "confirmed",
            )
        )
    for net, param in SOCIAL_PARAMS.items():
        register(
            Rule(
                f"link.social.{net}",
                (param,),
                f"the page links an official {net} account (level 1)",
                "vendors",
                "confirmed",
            )
        )


_register_all()


def _target(url: str) -> str:
    """'host/path?query' in lower case, without scheme and 'www.'; '' for non-web URLs."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https", ""):
        return ""
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    if not host:
        return ""
    host = host[4:] if host.startswith("www.") else host
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path}{query}".lower()


# One search tells whether any signature matches (nearly all links of a page match none). The targets are
# lower case and so are the signatures: no IGNORECASE (which has no fast scan), and a literal prefilter.
assert all(sig.pattern.pattern == sig.pattern.pattern.lower() for sig in SIGNATURES)
_ANY_SIGNATURE = FastPattern("|".join(f"(?:{sig.pattern.pattern})" for sig in SIGNATURES))


@lru_cache(maxsize=65536)
def match_signature(url: str, *, page_self: bool = False) -> Signature | None:
    """The first signature matching ``url``; ``page_self``: as the page's own URL (host-only generics).

    Cached: a crawl sees the same navigation links on every page of a site.
    """
    target = _target(url)
    if not target or not _ANY_SIGNATURE.search(target):
        return None
    host = target.split("/", 1)[0]
    for sig in SIGNATURES:
        if page_self and not sig.page_self:
            continue
        if sig.pattern.search(host if page_self and not sig.self_path else target):
            return sig
    return None


def portal_kind(url: str) -> str | None:
    """The recognised portal or vendor behind ``url`` (``"booking:tevis"``, ``"opendata:ckan"``, ...) or None."""
    sig = match_signature(url)
    return sig.kind if sig is not None else None


@lru_cache(maxsize=65536)
def social_network(url: str) -> str | None:
    target = _target(url)
    for net, pattern in SOCIAL.items():
        if target and pattern.match(target):
            return net
    return None


_TEXT_URL_RE = re.compile(
    r"\bhttps?://[^\s<>\"'»«)]+|\bwww\.[^\s<>\"'»«)]+|\b(?:[a-z0-9-]+\.)+(?:de|com|eu|net|org|info|nrw|bayern|berlin|"
    r"hamburg)(?:/[^\s<>\"'»«)]*)?",
    re.IGNORECASE,
)


def _host(url: str) -> str:
    return _target(url).split("/", 1)[0]


def _same_host(url: str, page_url: str) -> bool:
    """Both URLs on one host (``www.`` ignored); relative links were made absolute against the page."""
    host = _host(url)
    return bool(host) and host == _host(page_url)


def text_links(text: str) -> list[tuple[str, str, int]]:
    """URLs written in plain text, as (absolute url, "", offset)."""
    out = []
    for m in _TEXT_URL_RE.finditer(text):
        raw = m.group(0).rstrip(".,;:")
        if "@" in raw:
            continue
        url = raw if raw.lower().startswith("http") else f"https://{raw}"
        out.append((url, "", m.start()))
    return out


def _sentence_of_anchor(pt: PageText, anchor: str) -> int | None:
    anchor = collapse(anchor)
    if len(anchor) < 4:
        return None
    pos = pt.text.find(anchor)
    if pos < 0:
        return None
    return pt.sentence_at(pos).index


def _booking_offices(pt: PageText, anchor: str, sentence_idx: int | None, where: str) -> tuple[str, ...]:
    """Offices a booking signature serves: named in the link text, else by where it was found.

    ``where``: "portal" (the page is the booking portal: every office it names), "embed" (a widget on an
    office's page: the page's office), "link" (the sentence around the link, its neighbours, the page).
    """
    offices = kw._offices_in(anchor, kw.OFFICE_EXPLICIT) or kw._offices_in(anchor, kw.OFFICE_IMPLIED)
    if offices:
        return tuple(kw.TERMIN + o for o in offices)
    if where == "portal":
        offices = kw._offices_in(pt.text, kw.OFFICE_EXPLICIT)
        if not offices:
            dominant = kw._dominant_office(pt)
            offices = [dominant] if dominant else []
        return tuple(kw.TERMIN + o for o in offices)
    if where == "embed":
        dominant = kw._dominant_office(pt)
        return (kw.TERMIN + dominant,) if dominant else ()
    if sentence_idx is not None:
        return kw._appointment_offices(pt, sentence_idx, None)
    return ()


def _snippet(pt: PageText, sentence_idx: int | None, fallback: str) -> str:
    if sentence_idx is not None:
        return collapse(pt.sentence_text(pt.sentences[sentence_idx]))[:300]
    return collapse(fallback)[:300]


def detect_vendors(pt: PageText, ctx: PageContext, url: str) -> list[Detection]:
    """Detections from the page URL, embeds and links (vendor signatures and social accounts)."""
    out: list[Detection] = []
    seen: set[tuple[str, str]] = set()

    def emit(sig_rule: str, params: tuple[str, ...], snippet: str, value: float = 1.0) -> None:
        for param in params:
            if (param, sig_rule) in seen:
                continue
            seen.add((param, sig_rule))
            out.append(Detection(param, value, "present", sig_rule, snippet[:300], url))

    def params_for(sig: Signature, anchor: str, sentence_idx: int | None, where: str) -> tuple[str, ...]:
        if sig.category == "booking":
            return _booking_offices(pt, anchor, sentence_idx, where)
        return sig.parameters

    # 1. the page itself is on a platform
    for page_url in dict.fromkeys(u for u in (url, pt.url) if u):
        sig = match_signature(page_url, page_self=True)
        if sig is not None and not ctx.vendor_page:
            emit(sig.rule_id, params_for(sig, "", None, "portal"), f"page on {sig.description}: {page_url}")
    # 2. embeds: iframes and scripts
    for src in [*pt.iframes, *pt.scripts]:
        candidates = (
            [src] if len(src) < 2048 and "\n" not in src else [m.group(0) for m in _TEXT_URL_RE.finditer(src)]
        )
        for cand in candidates:
            sig = match_signature(cand)
            if sig is not None:
                emit(
                    sig.rule_id,
                    params_for(sig, "", None, "embed"),
                    f"embedded {sig.description}: {cand[:200]}",
                )
    # 3. links (HTML anchors, or URLs written in a plain text); none count on a vendor's sales page
    main = {u for u, _ in pt.main_links}
    links = [(u, a, None) for u, a in pt.links]
    if pt.html is None:
        links += [(u, "", off) for u, _, off in text_links(pt.text)]
    for link_url, anchor, offset in links:
        net = social_network(link_url)
        if net is not None:
            if ctx.vendor_page:
                return out
            emit(f"link.social.{net}", (SOCIAL_PARAMS[net],), f"link to {net}: {link_url}")
            continue
        sig = match_signature(link_url)
        if sig is None or not sig.links_count:
            continue
        if sig.main_links_only and (link_url not in main or re.search(r"spend", anchor, re.IGNORECASE)):
            continue
        if link_url not in main and offset is None and _same_host(link_url, pt.url):
            continue  # a menu entry "/open-data" on every page of the site: the linked page itself tells

        idx = pt.sentence_at(offset).index if offset is not None else _sentence_of_anchor(pt, anchor)
        if idx is not None and ctx.elsewhere(idx):
            continue
        if ctx.vendor_page:
            return out
        params = params_for(sig, anchor, idx, "link")
        snippet = _snippet(pt, idx, f"{anchor} -> {link_url}" if anchor else link_url)
        emit(sig.rule_id, params, snippet)
    return out


SIGNATURE_KINDS = tuple(sorted({s.kind for s in SIGNATURES}))
