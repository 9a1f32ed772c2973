"""German keyword rules, one family per feature, read with the shared cue logic of :mod:`.engine`.

Each family lists the words a municipal page uses for the feature (topic), what else a sentence needs to
count (an online channel for administrative procedures, a council for a livestream, a public-space bin
for fill-level sensors), and what it must not be about (a vehicle "Ummeldung" is not a change of
residence, a "Kitagutschein" is not a Kita registration, the payment provider "Smart Parking" is not
real-time parking information). Vendor names that appear in running text are part of the topics; the
structural vendor signatures (links, iframes, scripts) live in :mod:`.vendors`.
"""

from __future__ import annotations

import re

from crawlers.detectors.engine import Family, Hit, PageContext
from crawlers.detectors.fastre import FastPattern
from crawlers.detectors.text import PageText, rx

# --- catalog ids ----------------------------------------------------------------------------------------
TERMIN = "verwaltung.online_terminvergabe."
DIENST = "verwaltung.online_dienstleistungen."
OFFICES = ("buergeramt", "standesamt", "auslaenderbehoerde", "gewerbeamt", "kfz_zulassung")
P_EPAYMENT = "verwaltung.payment.epayment"
P_BUSSGELD = "verwaltung.payment.bussgeld_online"
P_KARTE = "verwaltung.payment.kartenzahlung_buergeramt"
P_CHATBOT = "verwaltung.bevoelkerungsanliegen.chatbot"
P_115 = "verwaltung.bevoelkerungsanliegen.behoerdennummer_115"
P_MAENGEL = "verwaltung.bevoelkerungsanliegen.maengelmelder"
P_PORTAL = "verwaltung.serviceportal.angebot"
P_WLAN = "it_kommunikation.public_wlan.verfuegbarkeit"
P_LORAWAN = "it_kommunikation.netzwerktechnologien.lorawan_community"
P_DATENPLATTFORM = "it_kommunikation.datenplattform.urbane_datenplattform"
P_DASHBOARD = "it_kommunikation.datenplattform.dashboard"
P_LICHT = "energie_umwelt.strassenbeleuchtung.adaptiv"
P_MUELLEIMER = "energie_umwelt.smart_waste.muelleimer"
P_CONTAINER = "energie_umwelt.smart_waste.container_sensoren"
P_SMART_PARKING = "mobilitaet.parken.smart_parking"
P_HANDYPARKEN = "mobilitaet.parken.handyparken"
P_HANDYTICKET = "mobilitaet.vernetzter_oepnv.handytickets"
P_ECHTZEIT = "mobilitaet.vernetzter_oepnv.echtzeit"
P_BIKESHARING = "mobilitaet.sharing.bikesharing"
P_ETRETROLLER = "mobilitaet.sharing.e_tretroller"
P_CARSHARING = "mobilitaet.sharing.carsharing_je_1000_ew"
P_MOBILSTATION = "mobilitaet.multimodalitaet.mobilitaetsstationen"
P_ABSTIMMUNG = "gesellschaft.beteiligung.plattform_abstimmung"
P_DISKUSSION = "gesellschaft.beteiligung.plattform_diskussion"
P_MITGESTALTUNG = "gesellschaft.beteiligung.plattform_mitgestaltung"
P_RATS_TV = "gesellschaft.beteiligung.rats_tv"
P_FABLAB = "gesellschaft.fablabs_coworking.fablab"
P_COWORKING = "gesellschaft.fablabs_coworking.coworking_anzahl"
P_OPEN_DATA = "gesellschaft.open_data.verfuegbarkeit"
P_OFFENE_GEODATEN = "gesellschaft.geodaten.offene_geodaten"
P_STADTPLAN = "gesellschaft.geodaten.interaktiver_stadtplan"
P_STARTUP = "gesellschaft.handel_startups.startup_hub"

# Numeric catalog parameters a page can only show the *presence* of (value 1 present / 0 absent). They
# are collected by other sources (Bundesverband CarSharing, coworking directories); the crawl keeps the
# evidence but must not write these values into the parameter table.
PRESENCE_ONLY = frozenset({P_CARSHARING, P_COWORKING})

ADMIN_NEGATIVES = frozenset({"future_date", "planned", "not_possible", "discontinued", "offline_only"})

# =========================================================================================================
# Online appointments: one family, the office is read from the sentence, its neighbours or the page.
# =========================================================================================================
OFFICE_EXPLICIT = {
    "buergeramt": rx(
        r"\bbürger(?:amt|ämter[n]?|amts|büro|büros|servicecenter|servicezentrum|servicestelle|servicebüro|zentrum|"
        r"dienste|dienst|laden)\b|\bbürgerservice\b(?!\s*(?:a-z|-?portal|von a))"
        r"|\beinwohnermelde\w*|\beinwohner-meldeamt\b|\bmelde(?:behörde|stelle|amt|ämter|wesen)\b"
        r"|\bkunden(?:zentrum|center)\b|\bdienstleistungszentrum\w*|\bstadtbüro\w*|\bservicebüro\w*"
        r"|\bcitizens['’]?\s+(?:office|services?|cent(?:er|re))\b|\bresidents['’]?\s+registration\b"
    ),
    "standesamt": rx(r"\bstandes(?:amt|ämter[n]?|amts|amtes|beamt\w*)\b"),
    "auslaenderbehoerde": rx(
        r"\bausländer(?:behörde|behörden|amt|amts|amtes|wesen|angelegenheiten|stelle|büro)\b|\bwelcome\s*cent(?:er|re)\b"
        r"|\bamt\s+für\s+migration\b|\bmigrationsamt\b|\b(?:zuwanderungs|einwanderungs)behörde\b"
        r"|\blandesamt\s+für\s+einwanderung\b|\bforeigners['’]?\s+(?:office|authority)\b|\bimmigration\s+office\b"
    ),
    "gewerbeamt": rx(
        r"\bgewerbe(?:amt|amts|amtes|meldestelle|stelle|behörde|abteilung|angelegenheiten|service|meldeamt)\b"
    ),
    "kfz_zulassung": rx(
        r"\b(?:kfz-?)?zulassungs(?:stelle|stellen|behörde|behörden)\b|\bkfz-zulassung\w*|\bfahrzeugzulassung\w*"
        r"|\bkfz-stelle\b|\bstraßenverkehrsamt\w*"
    ),
}
OFFICE_IMPLIED = {
    "buergeramt": rx(
        r"\b(?:personalausweis|reisepass|kinderreisepass|ausweisdokument|meldebescheinigung|führungszeugnis|"
        r"lebensbescheinigung|wohnsitzanmeldung|wohnungsanmeldung|ummeldung)\w*|\ban-\s*und\s+ummeldung\w*"
        r"|\b(?:pass|ausweis)\b|\bbeglaubigung\w*|\bservice-?cent(?:er|rum)\b|\bservicezentrum\b"
    ),
    "standesamt": rx(
        r"\b(?:eheschließung|trauung|trautermin|heirat|heiraten|hochzeit|geburtsurkunde|geburtsbeurkundung|sterbeurkunde|"
        r"namenserklärung|lebenspartnerschaft)\w*"
    ),
    "auslaenderbehoerde": rx(
        r"\b(?:aufenthaltstitel|aufenthaltserlaubnis|aufenthalts|niederlassungserlaubnis|verpflichtungserklärung|"
        r"einbürgerung|visum|blaue\s+karte)\w*"
    ),
    "gewerbeamt": rx(r"\bgewerbe(?:an|ab|um)meldung\w*|\bgewerbeanzeige\w*"),
    "kfz_zulassung": rx(
        r"\b(?:wunschkennzeichen|kennzeichen|fahrzeug(?:an|ab|um)meldung|zulassung|zulassen|zugelassen)\w*|\bkfz\b"
    ),
}
APPOINTMENT_TOPIC = rx(
    r"termin\w*\b[^.;!?]{0,100}?\b(?:vereinbar\w*|vergeben|vergabe|anfrage\w*|buchen|buchbar|gebucht|reservier\w*|"
    r"beantragt|beantragen|auswählen|abgerufen|erhalten|bekommen)"
    r"|\bonline-?termin\w*|\btermin\w*(?:vereinbarung|vergabe|buchung|reservierung|anfrage|management|kalender|"
    r"system|software|modul|portal|tool)\w*"
    r"|\b(?:buchen|bucht|gebucht|buchbar|vereinbaren|vereinbart|reservieren|reserviert)\b[^.;!?]{0,60}termin"
    r"|\b(?:tevis|netappoint|terminland|timeacle|etermin|qmatic|cleverq)\b|\bterminvergabe\.\w"
    r"|\b(?:vergibt|vergeben|vergab|vergaben)\b[^.;!?]{0,60}?termin"
    r"|\bappointments?\b[^.;!?]{0,80}?\b(?:book\w*|online|system|schedul\w*)|\b(?:book|schedul)\w*\b[^.;!?]{0,60}?"
    r"\bappointments?\b"
)
# A positive sentence must show that the slot is booked online in self-service.
BOOKING = rx(
    r"\bonline[- ]?termin\w*|\btermin(?:e|en)?[- ]online\b|\btermin\w*(?:buchung|reservierung)\w*|\bterminbuch\w*"
    r"|\btermin-?(?:portal|system|tool|modul|kalender|software|server)\w*|\breservieren\b|\breserviert\b"
    r"|\btermin(?:vereinbarungs|vergabe|buchungs|reservierungs|management)[- ]?(?:system|software|modul|portal|tool|"
    r"kalender|seite)\w*|\b(?:online|internet)[- ]?(?:terminkalender|kalender)\b"
    r"|\b(?:online|internet|digital|online-formular|system|website|webseite|homepage|app)\b[^.;!?]{0,100}?termin"
    r"|termin\w*\b[^.;!?]{0,100}?\b(?:online|im\s+internet|über\s+das\s+internet|digital|online-formular|im\s+system|"
    r"app|website|webseite|homepage)\b"
    r"|\b(?:buchen|gebucht|buchbar)\b|\b(?:tevis|netappoint|terminland|timeacle|etermin|qmatic|cleverq)\b"
    r"|\bterminvergabe\.\w|\bappointment\s+system\b|\b(?:book|schedule)\b[^.;!?]{0,60}\bonline\b"
)
# How appointments are made, when only offline ways are given ("Terminvereinbarungen erfolgen telefonisch",
# "vereinbaren Sie bitte telefonisch"); a mere "auch telefonisch möglich" is not a refusal.
APPOINTMENT_OFFLINE = rx(
    r"termin\w*\b[^.;!?]{0,80}\b(?:erfolg\w*|nur|ausschließlich|bitte)\b[^.;!?]{0,40}\b(?:telefonisch|per\s+(?:e-?mail|"
    r"mail|telefon|post|fax)|persönlich|schriftlich)"
    r"|\b(?:telefonisch|per\s+e-?mail)\b[^.;!?]{0,40}\berfolg\w*\b[^.;!?]{0,40}termin"
    r"|\bvereinbaren\s+sie\b[^.;!?]{0,60}\b(?:telefonisch|per\s+(?:e-?mail|mail|telefon))"
    # "... können reserviert werden; bitte wenden Sie sich dazu an die Standesbeamtinnen"
    r"|\b(?:wenden|melden)\s+sie\s+sich\b[^.;!?]{0,60}\b(?:an|bei)\b"
)
_SLOT_RE = rx(
    r"\bfreie?n?\s+(?:termine|zeitfenster|slots)\b|\bzeitfenster\b|\btermine?\b[^.;!?]{0,60}\b(?:belegt|gebucht|frei|"
    r"verfügbar|buchbar)\b"
)


def _offices_in(text: str, table: dict[str, re.Pattern[str]]) -> list[str]:
    lower = text.lower()
    return [office for office, pattern in table.items() if pattern.search(lower)]


def _combined(table: dict[str, FastPattern]) -> FastPattern:
    """One pattern with a named group per office: a single pass counts them all."""
    return FastPattern("|".join(f"(?P<{office}>{pattern.pattern})" for office, pattern in table.items()))


_EXPLICIT_ANY = _combined(OFFICE_EXPLICIT)
_IMPLIED_ANY = _combined(OFFICE_IMPLIED)


def _office_counts(pattern: FastPattern, pt: PageText, end: int | None = None) -> dict[str, int]:
    """Mentions of each office in the page (up to ``end``): only sentences holding one of the pattern's
    literals are searched (an office name never spans two sentences)."""
    counts = dict.fromkeys(OFFICES, 0)
    text = pt.lower if end is None else pt.lower[:end]
    if pattern.prefilter is None:
        spans = [(0, len(text))]
    else:
        starts = sorted({pt.sentence_at(hit.start()).index for hit in pattern.prefilter.finditer(text)})
        spans = [(pt.sentences[i].start, min(pt.sentences[i].end, len(text))) for i in starts]
    for start, stop in spans:
        for m in pattern.regex.finditer(text, start, stop):
            counts[m.lastgroup] += 1
    return counts


def _dominant_office(pt: PageText) -> str | None:
    """The office a page is mostly about (title and first lines count three times), or None if unclear."""
    if "dominant_office" in pt.memo:
        return pt.memo["dominant_office"]
    head_end = pt.sentences[min(2, len(pt.sentences) - 1)].end
    counts = _office_counts(_EXPLICIT_ANY, pt)
    for office, n in _office_counts(_EXPLICIT_ANY, pt, head_end).items():
        counts[office] += 2 * n
    best = max(counts.items(), key=lambda kv: kv[1])
    result = best[0] if best[1] > 0 and list(counts.values()).count(best[1]) == 1 else None
    if result is None:
        implied = _office_counts(_IMPLIED_ANY, pt)
        top = max(implied.items(), key=lambda kv: kv[1])
        if top[1] > 0 and list(implied.values()).count(top[1]) == 1:
            result = top[0]
    pt.memo["dominant_office"] = result
    return result


def _appointment_offices(pt: PageText, idx: int, match: re.Match[str] | None) -> tuple[str, ...]:
    """Offices a booking sentence speaks about: named in it, implied by its services, near it, or the page's."""
    sentence = pt.sentence_text(pt.sentences[idx])
    offices = _offices_in(sentence, OFFICE_EXPLICIT)
    if not offices:
        offices = _offices_in(sentence, OFFICE_IMPLIED)
        if len(offices) > 1:
            dominant = _dominant_office(pt)
            offices = [dominant] if dominant in offices else offices
    if not offices:
        for j in (idx - 1, idx - 2, idx + 1):
            if 0 <= j < len(pt.sentences):
                near = _offices_in(pt.sentence_text(pt.sentences[j]), OFFICE_EXPLICIT)
                if near:
                    dominant = _dominant_office(pt)
                    offices = [dominant] if len(near) > 1 and dominant in near else near
                    break
    if not offices:
        dominant = _dominant_office(pt)
        offices = [dominant] if dominant else []
    return tuple(TERMIN + o for o in offices)


def _slot_offices(pt: PageText, ctx: PageContext, hits: list[Hit]) -> list[Hit]:
    """With a working booking system on the page, offices named in paragraphs listing free slots count too."""
    if not any(h.kind in ("confirmed", "offer") for h in hits):
        return hits
    slot_blocks = {pt.sentence_at(m.start()).block for m in _SLOT_RE.finditer(pt.lower)}
    if not slot_blocks:
        return hits
    extra: list[Hit] = []
    known = {p for h in hits for p in h.parameters}
    for s in pt.sentences:
        if s.block not in slot_blocks:
            continue
        for office in _offices_in(pt.sentence_text(s), OFFICE_EXPLICIT):
            pid = TERMIN + office
            if pid not in known and not ctx.elsewhere(s.index):
                known.add(pid)
                extra.append(Hit((pid,), "mention", s.index, s.start, s.start, s.index))
    return hits + extra


APPOINTMENTS = Family(
    key="termin",
    parameters=tuple(TERMIN + o for o in OFFICES),
    description="online booking of a time slot at a municipal office (office read from the text)",
    anchors=("termin", "tevis", "netappoint", "timeacle", "qmatic", "cleverq", "appointment"),
    topic=APPOINTMENT_TOPIC,
    offer=rx(r"\bplease\s+book\b|\byou\s+can\b|\bcan\s+be\s+booked\b|\bbook\s+(?:your|an)\b"),
    requires=BOOKING,
    mention=True,
    admin=True,
    negatives=ADMIN_NEGATIVES,
    offline=APPOINTMENT_OFFLINE,
    window_requires=rx(r"\b(?:buchen|gebucht|buchbar|termin\w*|system|online|kalender)\b"),
    resolver=_appointment_offices,
)

# =========================================================================================================
# Online administrative procedures (the procedure itself online, not a PDF or an appointment for it).
# =========================================================================================================
# "Termine für An- und Ummeldungen online buchen" is an appointment, not the procedure.
_NOT_PROCEDURE = (
    r"\btermin\w*\s+(?:für|zur|zum)\b[^.;!?]{0,80}\b(?:an-|ummeld|anmeld|abmeld|beantrag|ausstell|zulass)"
    r"|\btermin\w*\b[^.;!?]{0,80}\b(?:buchen|vereinbaren|reservieren|gebucht|vereinbart|buchbar)\b"
    r"|\bonline-?termin|\btermin(?:vergabe|vereinbarung|buchung|reservierung)"
)


def _service(
    key: str, param: str, what: str, topic: str, exclude: str = "", anchors: tuple[str, ...] = ()
) -> Family:
    excl = _NOT_PROCEDURE + (f"|{exclude}" if exclude else "")
    return Family(
        key=f"dienst.{key}",
        parameters=(DIENST + param,),
        description=f"{what} can be started and submitted online",
        anchors=anchors,
        topic=rx(topic),
        exclude=rx(excl),
        requires_online=True,
        admin=True,
        negatives=ADMIN_NEGATIVES,
        window_needs_qualified=False,  # the procedure's name is specific; a dated online offer may follow
        enablers=frozenset({"serviceportal", "payment.epayment"}),
    )


SERVICE_UMMELDUNG = _service(
    "ummeldung",
    "ummeldung",
    "An-/Ummeldung of a residence",
    r"\bwohnsitz(?:an|um|ab)?meldung\w*|\bwohnungs(?:an|um)meldung\w*|\bummeldung\w*|\bummelden\b|\bumzumelden\b"
    r"|\ban-\s*(?:und|oder|/)\s*ummeld\w*|\belektronische\w*\s+wohnsitzanmeldung"
    r"|\b(?:wohnung|wohnsitz|umzug|adresse|wohnadresse)\w*\b[^.;!?]{0,60}?\b(?:anzumelden|anmelden|ummelden|melden|"
    r"umzumelden)\b|\bmeldeangelegenheit\w*|\badressänderung\w*"
    r"|\b(?:an|um)meldung\s+(?:einer|der|ihrer|ihres|des|eines)\s+(?:neuen\s+)?(?:wohnung|wohnsitz\w*|nebenwohnung)",
    exclude=r"\b(?:fahrzeug|kfz|zulassung|kennzeichen|gewerbe|hund|kita|schul|fahrzeuge|auto)\w*",
    anchors=("meld", "wohnsitz", "adress", "wohnung", "umzug"),
)
SERVICE_MELDEBESCHEINIGUNG = _service(
    "meldebescheinigung",
    "meldebescheinigung",
    "a Meldebescheinigung",
    r"\bmeldebescheinigung\w*|\bbescheinigung\s+aus\s+dem\s+melderegister\b",
    anchors=("meldebescheinigung", "melderegister"),
)
SERVICE_MELDEREGISTERAUSKUNFT = _service(
    "melderegisterauskunft",
    "melderegisterauskunft",
    "an (einfache) Melderegisterauskunft",
    r"\bmelderegister-?auskunft\w*|\bmelderegisterauskünfte\b|\bauskunft\w*\s+aus\s+dem\s+melderegister\b"
    r"|\bmelderegisteranfrage\w*|\beinwohnermeldeauskunft\w*|\beinfache\w*\s+(?:melde)?auskunft\w*|\bmeldeauskunft\w*"
    r"|\bmeldeanfrage\w*",
    anchors=("melderegister", "einwohnermeldeauskunft", "meldeauskunft", "auskunft", "meldeanfrage"),
)
SERVICE_ANWOHNERPARKEN = _service(
    "anwohnerparkausweis",
    "anwohnerparkausweis",
    "a Bewohner-/Anwohnerparkausweis",
    r"\b(?:bewohner|anwohner)park\w*|\b(?:bewohner|anwohner)(?:ausweis|vignette|plakette|parkberechtigung)\w*"
    r"|\bparkausweis\w*\s+für\s+(?:bewohner|anwohner)\w*|\bparkvignette\w*",
    anchors=("bewohner", "anwohner", "parkvignette"),
)
SERVICE_KFZ = _service(
    "kfz_zulassung",
    "kfz_zulassung",
    "vehicle (de)registration (i-Kfz)",
    r"\bi-?kfz\w*|\binternetbasierte\w*\s+(?:fahrzeug|kfz)\w*|\bonline-?(?:zulassung|abmeldung|außerbetriebsetzung|"
    r"wiederzulassung|kfz)\w*"
    r"|\b(?:fahrzeug|kfz|auto|pkw)\w*\b[^.;!?]{0,80}?\b(?:zulassen|zugelassen|anmelden|abmelden|ummelden|"
    r"außer\s+betrieb\s+setzen|zuzulassen|abzumelden|anzumelden|abgemeldet|angemeldet|umgemeldet)\b"
    r"|\b(?:zulassung|abmeldung|anmeldung|ummeldung|außerbetriebsetzung|umschreibung|wiederzulassung)\s+(?:eines|ihres|"
    r"des|von|ihrer)\s+(?:fahrzeug|kfz|auto|pkw|kraftfahrzeug|wagen)\w*"
    r"|\b(?:fahrzeug|kfz)-?(?:zulassung|abmeldung|anmeldung|ummeldung|außerbetriebsetzung)\w*",
    anchors=("kfz", "fahrzeug", "zulass", "pkw", "auto", "außerbetrieb", "ausserbetrieb", "abmeld", "wagen"),
)
SERVICE_GEWERBE = _service(
    "gewerbe_anmeldung",
    "gewerbe_anmeldung",
    "a Gewerbe-An-/Um-/Abmeldung",
    r"\bgewerbe(?:an|ab|um)meldung\w*|\bgewerbeanzeige\w*|\bgewerbemeldung\w*|\bgewerbe\s+(?:an|ab|um)(?:zu)?melden\b"
    r"|\bgewerbe\b[^.;!?]{0,60}?\b(?:an|ab|um)(?:zu)?melden\b"
    r"|\bgewerbe-(?:an|ab|um)\w*|\bgewerbe(?:an|ab|um)-"
    r"|\b(?:an|ab|um)meldung\s+(?:eines|ihres|des|ihrer)\s+gewerbe\w*"
    r"|\bgewerbliche\w*\s+tätigkeit\b[^.;!?]{0,60}?\b(?:anzuzeigen|anzeigen|anzumelden|anmelden)\b",
    anchors=("gewerb",),
)
SERVICE_KITA = _service(
    "kita_anmeldung",
    "kita_anmeldung",
    "a Kita place registration or Vormerkung",
    r"\bkita-?(?:platz|plätze|plätzen|anmeldung|vormerkung|portal|navigator|platzvergabe|platzsuche|börse|planer)\w*"
    r"|\bkitas?\b[^.;!?]{0,80}?\b(?:anmelden|anmeldung|vormerken|vormerkung|vergeben|vergabe)\w*"
    r"|\b(?:betreuungsplatz|betreuungsplätze|krippenplatz|krippenplätze|kindergartenplatz|kindergartenplätze)\w*"
    r"|\b(?:kindertagesstätte|kindertageseinrichtung|kindergarten|krippe|kindertagespflege)\w*\b[^.;!?]{0,60}?"
    r"\b(?:anmelden|anmeldung|vormerken|vormerkung|platzvergabe|vergeben)\w*"
    r"|\b(?:anmeldung|anmelden|vormerkung)\b[^.;!?]{0,40}?\b(?:kita|kindertagesstätte|kindergarten|krippe)\w*"
    r"|\blittle\s*bird\b",
    exclude=r"\bkita-?gutschein\w*|\bgutschein\w*|\bkita-?ausweis\w*|\bkitaausweis\w*|\belternbeitr\w*|\bkita-?gebühr\w*",
    anchors=("kita", "betreuungspl", "krippe", "kindergarten", "kindertages", "little bird", "littlebird"),
)

# =========================================================================================================
# Payment
# =========================================================================================================
_PAY_ONLINE_METHOD = (
    r"\bepaybl\b|\bepay-?bl\b|\be-?payment\w*|\bpmpayment\b|\bpm-?pay\b|\bpaydirekt\b|\bgiropay\b|\bpaypal\b"
    r"|\bgirocheckout\b|\bgirosolution\b|\bapple\s+pay\b|\bgoogle\s+pay\b"
    r"|\b(?:elektronische\w*|online-?|digitale\w*)\s*(?:bezahl|zahlungs)(?:system|verfahren|funktion|möglichkeit)\w*"
    r"|\bbezahlsystem\w*"
    r"|\bonline-?(?:bezahl|zahl)\w*|\bbezahl(?:portal|dienst|funktion|plattform)\w*|\bzahlungsportal\w*"
    r"|\bonline\s+(?:be)?zahl\w*|\b(?:be)?zahl\w*\s+(?:sie\s+)?(?:\w+\s+){0,3}online\b"
    r"|\b(?:be)?zahl\w*\s+(?:\w+\s+){0,4}?(?:im|über\s+das)\s+internet\b|\b(?:im|über\s+das)\s+internet\s+(?:be)?zahl\w*"
    r"|\bkreditkarte\w*\b[^.;!?]{0,60}\bonline\b|\bonline\b[^.;!?]{0,60}\bkreditkarte\w*"
)
EPAYMENT = Family(
    key="payment.epayment",
    parameters=(P_EPAYMENT,),
    description="fees of a municipal online service can be paid online (ePayBL, pmPayment, giropay, PayPal, card)",
    anchors=("pay", "bezahl", "zahl", "kreditkarte", "giro"),
    topic=rx(_PAY_ONLINE_METHOD),
    exclude=rx(
        r"\bpark\w*|\bticket\w*|\bfahrschein\w*|\bfahrkarte\w*|\bhandyparken\b|\bspende\w*|\bmobilfunkrechnung\b"
        r"|\bkontolastschrift\b|\beinzelfahrt\w*|\b(?:tages|wochen|monats)karte\w*|\bfahrgäste\b|\bbus\s+(?:und|&)\s+bahn\b"
    ),
    offer=rx(
        r"\b(?:bezahlt|bezahlen|zahlen|gezahlt|begleichen|beglichen|zahlungswege?|zahlungsarten?|"
        r"zahlungsmöglichkeit\w*)\b"
    ),
    admin=True,
    negatives=frozenset({"future_date", "planned", "not_possible", "discontinued"}),
)
_FINE_TOPIC = (
    r"\bverwarn(?:ungs)?geld\w*|\bverwarnung\w*|\bverwarnmitteilung\w*|\bbußgeld\w*|\bknöllchen\b|\bstrafzettel\w*"
    r"|\bordnungswidrigkeit\w*|\bpark(?:verstoß|verstöße|vergehen)\w*|\banhörungsbogen\w*"
)
FINE_PAYMENT = Family(
    key="payment.bussgeld",
    parameters=(P_BUSSGELD,),
    description="a Verwarnungsgeld/Bußgeld can be paid on an online payment page or portal",
    anchors=(
        "verwarn",
        "bußgeld",
        "bussgeld",
        "knöllchen",
        "knoellchen",
        "strafzettel",
        "ordnungswidrig",
        "anhörungsbogen",
        "parkver",
    ),
    topic=rx(_FINE_TOPIC),
    requires=rx(
        _PAY_ONLINE_METHOD + r"|\b(?:webseite|website|internetseite|portal|qr-code|online)\b[^.;!?]{0,160}"
        r"\b(?:zahl|bezahl|begleich|überweis)\w*|\b(?:zahl|bezahl|begleich)\w*\b[^.;!?]{0,160}"
        r"\b(?:webseite|website|internetseite|portal|online)\b"
    ),
    admin=True,
    negatives=ADMIN_NEGATIVES,
    offline=rx(
        r"\b(?:nur|ausschließlich|lediglich)\s+(?:per\s+|durch\s+)?überw\w*"
        r"|\büberweis\w*\b[^.;!?]{0,80}\b(?:konto|iban|stadtkasse|kasse|aktenzeichen|kassenzeichen)\b|"
        r"\b(?:überweisung|überweisen|bar(?:zahlung)?|ec-?karte|girocard|kasse|zahlstelle|scheck)\b[^.!?]{0,160}"
        r"\b(?:überweisung|überweisen|bar|barzahlung|bargeld|ec-?karte|girocard|kasse|zahlstelle|scheck)\b"
    ),
    window_requires=rx(_PAY_ONLINE_METHOD),
)
_CARD_TOPIC = (
    r"\bec-?karte\w*|\bec-karten\w*|\bgirocard\w*|\bkartenzahlung\w*|\bbargeldlos\w*|\bdebitkarte\w*|\bmaestro\b"
    r"|\bv\s?pay\b|\bkreditkarte\w*|\bkarten(?:terminal|lesegerät|zahlungsterminal)\w*|\bmit\s+(?:der\s+)?karte\s+"
    r"(?:be)?zahl\w*|\belectronic\s+cash\b|\bec-cash\b"
    r"|\b(?:bar|bargeld)\s+oder\s+(?:mit\s+)?(?:der\s+)?(?:ec-?)?karte\b|\bmit\s+(?:der\s+)?(?:ec-?)?karte\b"
)


def _card_counter(pt: PageText, idx: int, match: re.Match[str] | None) -> tuple[str, ...]:
    """Card payment counts for the citizens' office: named near the sentence, or the page is not another
    office's (a Zulassungsstelle or Standesamt page listing "bar, girocard" speaks of its own counter)."""
    lo, hi = max(0, idx - 2), min(len(pt.sentences) - 1, idx + 1)
    if OFFICE_EXPLICIT["buergeramt"].search(pt.lower, pt.sentences[lo].start, pt.sentences[hi].end):
        return (P_KARTE,)
    dominant = _dominant_office(pt)
    return (P_KARTE,) if dominant in (None, "buergeramt") else ()


CARD_PAYMENT = Family(
    key="payment.karte",
    parameters=(P_KARTE,),
    description="fees at the Bürgeramt counter can be paid by girocard/EC or credit card",
    anchors=(
        "ec-",
        "karte",
        "girocard",
        "bargeldlos",
        "kartenzahlung",
        "maestro",
        "ec ",
        "kontaktlos",
        "kredit",
        "debit",
        "electronic cash",
        "pay",
    ),
    topic=rx(_CARD_TOPIC),
    exclude=rx(
        r"\bonline\b|\binternet\b|\bpaypal\b|\bgiropay\b|\bpaydirekt\b|\be-?payment\b|\bpark\w*|\bticket\w*|\bfahrschein\w*|\bfahrkarte\w*|\bautomat\w*"
        r"|\bbus\b|\bbahn\b|\bapp\b|\bhandyparken\b|\bkontolastschrift\b|\btankstelle\b|\bkartenvorverkauf\b"
    ),
    # a counter of the administration, in the sentence or next to it
    context=rx(
        r"zahl|\bbürger\w*|\bamt\b|\bämter\w*|\bamts\w*|\bbehörde\w*|\bverwaltung\w*|\bstandes\w*|\bzahlungsart\w*"
        r"|\bgebühr\w*|\bzücken\b|\bam\s+platz\b|\bkasse\b|\bbar\b|\bbargeld\w*|\bstraßenverkehrsamt\b"
    ),
    offer=rx(
        r"\bzahlungsart\w*|\bzahlungsmöglichkeit\w*|\b(?:be)?zahlen\b|\bbezahlt\b|\bakzeptiert\b|\bzücken\b"
        r"|\bmöglich\b|\banbieten\b|\bam\s+platz\b|\bvor\s+ort\b|\b(?:bar|ec-?karte)\b"
    ),
    admin=True,
    mention=True,  # a payment list under a fee heading ("• bar • girocard") names the offer
    negatives=ADMIN_NEGATIVES,
    resolver=_card_counter,
    offline=rx(
        r"\bnur\s+(?:in\s+)?bar\w*|\bausschließlich\s+bar\w*|\bkeine\s+(?:ec-?|karten)zahlung\w*"
        r"|\b(?:kartenzahlung|ec-?karte\w*)\b[^.;!?]{0,40}\bnicht\b"
    ),
)

# =========================================================================================================
# Citizens' requests: chatbot, 115, defect reporter
# =========================================================================================================
CHATBOT = Family(
    key="chatbot",
    parameters=(P_CHATBOT,),
    description="a chatbot or virtual assistant citizens can use on the municipality's website or portal",
    anchors=("bot", "assistent", "chat"),
    topic=rx(
        r"\bchat-?bots?\b|\bchatbots?\b|\bvirtuelle[rn]?\s+(?:bürger)?assistent\w*|\bdigitale[rn]?\s+(?:bürger)?assistent\w*"
        r"|\bki-?assistent\w*|\b(?!\w*(?:angebot|verbot|gebot|robot)\b)\w+bot\b|\b(?:mit|per)\s+(?:der|dem)\s+(?:stadt(?:verwaltung)?|verwaltung|"
        r"rathaus)\s+(?:automatisiert\s+)?chatten\b|\bchatten\b[^.;!?]{0,60}\b(?:verwaltung|stadt|rathaus)\b"
    ),
    offer=rx(
        r"\brund\s+um\s+die\s+uhr\b|\bbeantwortet\b|\bantwortet\b|\bhilft\b|\bfragen\s+sie\b|\bstellen\s+sie\b"
    ),
    mention=False,
)
_115_TERM = r"(?:\b115\b(?![.,]\d)(?!\s*(?:euro|€|prozent|%|km|m\b|meter|mio|millionen|tsd|tausend|stunden|minuten|tage|jahre|mal|seiten|einwohner|menschen|personen)))"
BEHOERDENNUMMER_115 = Family(
    key="115",
    parameters=(P_115,),
    description="the municipality takes part in the Behördennummer 115 (own or shared 115 service centre)",
    anchors=("115", "behördenruf", "behoerdenruf", "behördennummer", "behoerdennummer"),
    topic=rx(
        r"\bbehörden(?:ruf)?nummer\w*|\bbehördenruf\w*|\bd115\b|\b115-(?:verbund|service\w*|servicecenter|teilnehmer\w*)"
        rf"|\b(?:die|der|unter|wählen|anruf\w*|nummer|rufnummer|servicenummer|sondernummer|service-?center)\s+(?:der\s+)?{_115_TERM}"
        rf"|{_115_TERM}\s*[-–]?\s*(?:service\w*|verbund|behördennummer|behördenruf)"
    ),
    requires=rx(
        r"\b(?:stadt|kreis|landkreis|gemeinde|kommune|rathaus|bürgerservice|wir|uns|unser\w*|servicecenter|service-center|"
        r"verwaltung|stadtverwaltung|kreisverwaltung|oberbürgermeister\w*|landrat|rat|stadtrat|gemeinderat|kreistag)\b"
        r"|\bteilnimmt\b|\bnimmt\b[^.;]{0,60}\bteil\b|\bbeteiligt\s+sich\b|\bangeschlossen\b|\bmitglied\b"
        r"|\berreichen\s+sie\b|\berreichbar\b|\bwählen\s+sie\b|\brufen\s+sie\b"
        r"|\btelefonisch\s+(?:über|unter)\s+(?:die|der)\s+(?:rufnummer\s+|behördennummer\s+)?115\b"
    ),
    window_needs_qualified=False,
    confirm=rx(
        r"\bteilnimmt\b|\bnimmt\b[^.;]{0,60}\bteil\b|\bteilnehmende\s+(?:stadt|kommune|gemeinde)\b|\bbeteiligt\s+sich\b"
        r"|\bangeschlossen\b|\bist\s+(?:jetzt\s+|nun\s+)?(?:auch\s+)?(?:mitglied|teil)\b|\berreichen\s+sie\s+(?:uns\s+)?"
        r"(?:auch\s+)?unter\b|\bunter\s+der\s+(?:rufnummer\s+)?115\s+erreichbar\b|\banrufe\b[^.;]{0,40}\bangenommen\b"
    ),
    offer=rx(r"\berreichen\s+sie\b|\berreichen\s+(?:sie\s+)?uns\b|\bwählen\s+sie\b|\brufen\s+sie\b"),
)
MAENGELMELDER = Family(
    key="maengelmelder",
    parameters=(P_MAENGEL,),
    description="an online defect reporter of the municipality (web form or app with location and photo)",
    anchors=(
        "mitzuteil",
        "markaspot",
        "mark-a",
        "marka-",
        "mängel",
        "maengel",
        "melder",
        "sag's",
        "sag’s",
        "sags",
        "klarschiff",
        "mark-a-spot",
        "schäden",
        "schaden",
        "meldung",
        "anliegen",
        "meld",
        "mitteil",
        "übermittel",
        "verschick",
    ),
    topic=rx(
        r"\bmängel-?melder\w*|\bmängelmeldung\w*|\bmängel-?app\w*|\bmängel-?portal\w*|\bschadensmelder\w*"
        r"|\b(?:mark-?a-?spot|klarschiff|sag['’]?s\s+uns|sags-?uns|bürgermelder|stadtmelder|schlaglochmelder|"
        r"dreck-?weg-?melder|anliegenmanagement|meldeplattform|meldeportal)\w*|\b\w+-melder\b"
        r"|\b(?:mängel|schäden|schaden|missstände|störungen|defekte\w*|schlaglöcher|ärgernisse)\b[^.;!?]{0,100}?"
        r"\b(?:melden|mitzuteilen|mitteilen|übermitteln|verschicken|meldung)\b"
        r"|\bmelden\s+sie\b[^.;!?]{0,80}?\b(?:mängel|schäden|schaden|schlaglöcher|missstände|defekte\w*|ärgernisse"
        r"|müll\w*|laternen|straßenschäden)\b"
    ),
    requires=rx(
        r"\bonline\w*|\bapp\b|\bdigital\w*|\binternet\w*|\bportal\w*|\bplattform\w*|\bformular\w*|\bfoto\w*|\bkarte\w*"
        r"|\bmelder\b"
        r"|\bmängelmelder\b|\bsmartphone\b|\bwebseite\b|\bwebsite\b|\bsystem\b"
    ),
    exclude=rx(r"\bwasserrohrbruch\b|\bnotruf\b|\b110\b|\b112\b"),
    mention=True,
)

# =========================================================================================================
# Service portal / citizen account (ordinal level 1)
# =========================================================================================================
SERVICEPORTAL = Family(
    key="serviceportal",
    parameters=(P_PORTAL,),
    description="an online service portal or citizen account of the municipality (level 1)",
    anchors=("portal", "konto", "rathaus"),
    admin=True,
    topic=rx(
        r"\bservice-?portal\w*|\bbürger(?:service)?-?portal\w*|\bonline-?rathaus\b|\brathaus\s+online\b"
        r"|\b(?:digitale|virtuelle)\w*\s+rathaus\b|\bservice-?konto\w*|\bbürgerkonto\w*|\bverwaltungsportal\w*"
        r"|\be-?government-?portal\w*|\bonline-?service-?portal\w*|\bonline-?dienste-?portal\w*"
    ),
    mention=True,
)

# =========================================================================================================
# IT and communication
# =========================================================================================================
PUBLIC_WLAN = Family(
    key="wlan",
    parameters=(P_WLAN,),
    description="free public WLAN hotspots in public space operated by or for the municipality",
    anchors=("wlan", "wifi", "wi-fi", "hotspot", "freifunk"),
    topic=rx(
        r"\b(?:freie[sn]?|kostenlose[sn]?|kostenfreie[sn]?|öffentliche[sn]?|offene[sn]?|gratis)\s+(?:wlan|wi-?fi)\w*"
        r"|\bwlan-?hotspot\w*|\bhotspots?\b|\bfreifunk\w*|\bpublic\s+wi-?fi\b|\b(?:city|stadt|innenstadt)-?wlan\w*"
        r"|\bwifi4eu\b|\b\w+-wlan\b|\bbayernwlan\b|\bwlan\b[^.;!?]{0,60}\b(?:innenstadt|stadtgebiet|plätze|platz|rathaus|"
        r"bibliothek|fußgängerzone|öffentlich)\w*"
        r"|\b(?:kostenlos|kostenfrei|gratis|frei)\w*\s+(?:ins|im|über\s+das)\s+(?:wlan|wi-?fi)\b"
    ),
    exclude=rx(
        r"\b(?:im|in\s+den|in\s+der)\s+(?:bus|bussen|bahn|bahnen|zug|zügen|straßenbahn\w*)\b|\bmobilfunk-?hotspot"
        r"|\bheimnetz|\bpersönlich\w*\s+hotspot"
    ),
    context=rx(r"\bwlan\w*|\bwi-?fi\b|\binternet\w*|\bsurfen\b|\bfreifunk\w*|\bnetz\b"),
)
LORAWAN = Family(
    key="lorawan",
    parameters=(P_LORAWAN,),
    description="an official LoRaWAN network or community of the municipality or its utility in operation",
    anchors=("lora", "long range wide area", "lpwan", "things network"),
    topic=rx(
        r"\blorawan\w*|\blora-?(?:netz|netzwerk|wan|gateway)\w*|\blong\s+range\s+wide\s+area\s+network\b"
        r"|\blpwan\b|\bthe\s+things\s+network\b"
    ),
    confirm=rx(
        r"\bflächendeckend\w*\s+(?:verfügbar|ausgebaut)\b|\bgateways?\b[^.;]{0,60}\b(?:installiert|in\s+betrieb|"
        r"aufgebaut|betrieben)\b"
    ),
    offer=rx(r"\b(?:übertragen|überträgt|übermitteln|übermittelt|senden|sendet|angebunden|vernetzt)\b"),
)
DATENPLATTFORM = Family(
    key="datenplattform",
    parameters=(P_DATENPLATTFORM,),
    description="an urban data platform of the municipality in operation",
    anchors=("datenplattform", "daten-plattform", "data ", "datenhub", "daten-hub", "digitale"),
    topic=rx(
        r"\burbane\w*\s+daten-?plattform\w*|\burban\s+data\s+(?:platform|hub|space)\b|\b(?:städtische|kommunale)\w*\s+"
        r"daten-?plattform\w*|\bdaten-?(?:plattform|hub)\b[^.;!?]{0,40}\b(?:stadt|kommune|smart\s+city)\w*"
        r"|\bdigitale[rn]?\s+zwilling\w*"
    ),
)
DASHBOARD = Family(
    key="dashboard",
    parameters=(P_DASHBOARD,),
    description="a public Smart City / city dashboard with live or regularly updated city data",
    anchors=("dashboard", "cockpit"),
    topic=rx(
        r"\b(?:smart[- ]?city[- ]?|stadt[- ]?|city[- ]?|daten[- ]?|bürger[- ]?)dashboard\w*|\bdashboard\b[^.;!?]{0,60}\b(?:stadt|city|"
        r"echtzeit|live|luftqualität|parken|verkehr|daten)\w*|\bstadtcockpit\b"
    ),
    mention=True,
)

# =========================================================================================================
# Energy and environment
# =========================================================================================================
_LIGHT = r"(?:straßen)?beleuchtung\w*|straßenlaterne\w*|laterne\w*|leuchte\w*|lichtpunkt\w*|lampen|licht\w*"
STREET_LIGHTING = Family(
    key="beleuchtung",
    parameters=(P_LICHT,),
    description="sensor- or network-controlled adaptive street lighting in operation (time dimming alone is not)",
    anchors=(
        "beleuchtung",
        "laterne",
        "leuchte",
        "licht",
        "bewegungsmelder",
        "lampe",
        "sensor",
        "radar",
        "lighting",
        "präsenzmelder",
    ),
    topic=rx(
        r"\b(?:intelligente|smarte|adaptive|bedarfsgerechte|sensorgesteuerte|mitlaufende|vernetzte)\w*[«»\"“”']?\s+(?:"
        + _LIGHT
        + r")"
        r"|\b(?:" + _LIGHT + r")\b[^.;!?]{0,100}?\b(?:bewegungsmelder\w*|bewegungssensor\w*|präsenzmelder\w*|"
        r"radar\w*|sensor\w*|bewegung\s+erkannt|adaptiv\w*|fernüberwach\w*|lichtmanagement\w*|mitlaufend\w*)"
        r"|\b(?:bewegungsmelder\w*|bewegungssensor\w*|präsenzmelder\w*|radarsensor\w*|radarchip\w*|sensorgesteuert\w*|"
        r"sensoren)\b[^.;!?]{0,100}?\b(?:" + _LIGHT + r")\b|\bmitlaufende\w*\s+licht\w*|\bsmart\s+lighting\b"
        r"|\bauf\s+bewegungsmelder\b|\b(?:bewegungsmelder|präsenzmelder|bewegungssensor|radarsensor)\w*"
    ),
    context=rx(r"beleuchtung|laterne|leuchte|\blicht\w*|\bled\b|\bradweg\w*|\bwege\b"),
    context_window=3,  # "Straßenbeleuchtung wird gedimmt. ... Auf Bewegungsmelder verzichtet die Stadt."
    offer=rx(
        r"\b(?:gesteuert|steuert|dimmt|dimmen|gedimmt|schaltet|schalten|reagier\w*|heller|erkenn\w*|erfass\w*)\b"
    ),
)
_BIN_WORDS = (
    r"mülleimer\w*|papierkörbe\w*|papierkorb\w*|abfalleimer\w*|abfallkörbe\w*|abfallkorb\w*|müllbehälter\w*"
    r"|müllbox\w*|smart\s*bins?|brainy\s*bins?|bigbelly\w*|solar-?(?:mülleimer|presse|müllpresse|abfall\w*)"
)
_CONTAINER_WORDS = (
    r"container\w*|abfallbehälter\w*|sammelbehälter\w*|wertstoff\w*|altglas\w*|glascontainer\w*"
    r"|altkleider\w*|unterflur\w*|depotcontainer\w*|mülltonne\w*|tonnen|behälter\w*"
)
_BIN_RE = rx(r"\b(?:" + _BIN_WORDS + r")")
_CONTAINER_RE = rx(r"\b(?:" + _CONTAINER_WORDS + r")")


def _waste_kind(pt: PageText, idx: int, match: re.Match[str]) -> tuple[str, ...]:
    """Litter bins -> intelligente Mülleimer; collection containers -> Container mit Füllstandssensoren."""
    lo, hi = max(0, idx - 1), min(len(pt.sentences) - 1, idx + 1)
    near = pt.lower[pt.sentences[lo].start : pt.sentences[hi].end]
    sentence = pt.sentence_lower(pt.sentences[idx])
    params = []
    if _BIN_RE.search(sentence) or (not _CONTAINER_RE.search(sentence) and _BIN_RE.search(near)):
        params.append(P_MUELLEIMER)
    if _CONTAINER_RE.search(sentence) or (not params and _CONTAINER_RE.search(near)):
        params.append(P_CONTAINER)
    return tuple(params) or (P_CONTAINER,)


SMART_WASTE = Family(
    key="smart_waste",
    parameters=(P_CONTAINER, P_MUELLEIMER),
    description="bins or containers with fill-level sensors (or solar compaction) in operation",
    anchors=(
        "füllst",
        "fuellst",
        "vernetzt",
        "müllb",
        "muellb",
        "füllstand",
        "fuellstand",
        "füllgrad",
        "sensor",
        "bin",
        "bigbelly",
        "mülleimer",
        "papierk",
        "container",
        "müllentsorgung",
        "smart",
        "intelligent",
        "digital",
        "solar",
        "abfall",
        "voll",
    ),
    topic=rx(
        r"\bfüll(?:stand|grad)s?-?(?:sensor|messung|melder|überwachung)\w*|\bfüll(?:stand|grad|stände)\w*\b[^.;!?]{0,80}?"
        r"\b(?:melde\w*|misst|messen|gemessen|sensor\w*|automatisch|übermittelt)"
        r"|\b(?:sensor\w*)\b[^.;!?]{0,80}?\b(?:" + _BIN_WORDS + r"|" + _CONTAINER_WORDS + r")"
        r"|\b(?:"
        + _BIN_WORDS
        + r"|"
        + _CONTAINER_WORDS
        + r")\b[^.;!?]{0,80}?\b(?:sensor\w*|füllstand\w*|füllgrad\w*)"
        r"|\b(?:smarte|intelligente|digitale|vernetzte)\w*\s+(?:"
        + _BIN_WORDS
        + r"|abfallbehälter\w*|müllentsorgung)"
        r"|\bbigbelly\w*|\bbrainy\s*bins?\b|\bsmart\s*bins?\b|\bsolar-?(?:mülleimer|papierkörbe|abfall\w*|"
        r"müllpresse\w*|presse\w*)"
        r"|\b(?:"
        + _BIN_WORDS
        + r"|"
        + _CONTAINER_WORDS
        + r")\b[^.;!?]{0,100}?\b(?:melden|meldet|signalisier\w*)\b"
        r"[^.;!?]{0,40}\b(?:voll|füllstand\w*)"
    ),
    resolver=_waste_kind,
    offer=rx(
        r"\b(?:melden|meldet|misst|messen|gemessen|übermitteln|übermittelt|erfass\w*|geleert|leeren|ausgestattet)\b"
    ),
)

# =========================================================================================================
# Mobility
# =========================================================================================================
SMART_PARKING = Family(
    key="smart_parking",
    parameters=(P_SMART_PARKING,),
    description="real-time parking availability (guidance with live occupancy, parking sensors, app with free spaces)",
    anchors=("park", "stellpl", "sensor", "belegung", "wie viele"),
    topic=rx(
        r"\b(?:dynamische\w*\s+)?parkleitsystem\w*|\bpark(?:platz|raum|haus)?-?sensor\w*|\bstellplatz-?sensor\w*"
        r"|\bbelegungs-?sensor\w*|\bbodensensor\w*|\bparkplatzbelegung\w*|\bparkhausbelegung\w*|\bparkraumbelegung\w*"
        r"|\bbelegung\w*\s+der\s+park\w*|\bparkinformationssystem\w*|\bsmart[- ]parking\b"
        r"|\b(?:park|stell)pl(?:a|ä)tz\w*\b[^.;!?,]{0,60}?\bmit\s+(?:\w+\s+)?sensor\w*"
        r"|\bsensor\w*\b[^.;!?,]{0,40}?\b(?:in|an|unter|auf|für)\s+(?:den\s+|\d+\s+)?(?:park|stell)pl(?:a|ä)tz\w*"
        r"|\b(?:smarte|intelligente|digitale)\w*\s+(?:park|stell)pl(?:a|ä)tz\w*"
        r"|\b(?:freie[n]?|verfügbare[n]?)\s+(?:park|stell)pl(?:a|ä)tz\w*\b[^.;!?]{0,80}?\b(?:echtzeit|live|aktuell\w*|"
        r"angezeigt|anzeigen|app)\b"
        r"|\b(?:echtzeit|live|aktuell\w*)\b[^.;!?]{0,60}?\b(?:park|stell)pl(?:a|ä)tz\w*"
        r"|\bwie\s+viele\s+(?:park|stell)?pl(?:a|ä)tze\b[^.;!?]{0,80}?\bfrei\b|\b(?:park|stell)pl(?:a|ä)tze\b[^.;!?]{0,60}"
        r"\bnoch\s+frei\b|\b(?:park|stell)pl(?:a|ä)tz\w*\b[^.;!?]{0,40}?\b(?:per|mit\s+der|über\s+die)\s+app\s+finden\b"
        r"|\bparkplatzsuche\s+(?:per|mit\s+der|über\s+die)\s+app\b|\bfreie[n]?\s+(?:park|stell)pl(?:a|ä)tz\w*\b[^.;!?]{0,60}"
        r"\b(?:anzeigen|angezeigt|finden)\b"
    ),
    # "Smart Parking" is also the name of a phone-parking provider and its association
    exclude=rx(
        r"[„\"“»']smart[- ]parking|\bsmart[- ]parking\b[^.;!?]{0,160}\b(?:handy\w*|app\w*|zahl\w*|bezahl\w*|"
        r"parkschein\w*|parkgebühr\w*|sms|anbieter\w*|verband|dachverband|gmbh)\b"
        r"|\b(?:handy\w*|zahl\w*|bezahl\w*|parkschein\w*|parkgebühr\w*|sms|anbieter\w*|dachverband)\b[^.;!?]{0,160}"
        r"\bsmart[- ]parking\b"
    ),
    mention=True,
    offer=rx(
        r"\b(?:zeigt|zeigen|angezeigt|anzeigen|informiert|informieren|leitet|melden|meldet|erfass\w*)\b"
    ),
)
HANDYPARKEN = Family(
    key="handyparken",
    parameters=(P_HANDYPARKEN,),
    description="on-street parking can be paid by phone, app or SMS",
    anchors=("park", "paybyphone", "parkster", "yellowbrick", "mobilet", "travipay", "handy", "sms"),
    topic=rx(
        r"\bhandy-?park\w*|\bhandyparken\b|\bhandy-?parkschein\w*|\bpark(?:schein|ticket)\w*\s+(?:auch\s+)?(?:per|"
        r"mit\s+dem|über\s+das|via)\s+(?:handy|smartphone|app|sms)\b|\bpark(?:gebühr|gebühren|schein|scheine|zeit|ticket)\w*\b[^.;!?]{0,80}?\b(?:per|mit\s+dem|"
        r"über\s+das|über\s+die|via|in\s+der)\s+(?:handy|smartphone|app|sms|mobiltelefon)\b|\b(?:digitale[rn]?|mobile[rn]?|"
        r"elektronische[rn]?)\s+parkschein\w*|\bpark-?app\w*|\bpaybyphone\b|\beasypark\b|\bparkster\b|\byellowbrick\b"
        r"|\bmobil-?e?-?parken\b|\bpark\s*now\b|\btravipay\b|\bsms-?parken\b|\bmobilet\b|\bsmart\s+parking\b"
    ),
    exclude=rx(r"\bparkhaus\w*\s+(?:suchen|finden)\b"),
)
HANDYTICKET = Family(
    key="handyticket",
    parameters=(P_HANDYTICKET,),
    description="local public transport tickets can be bought on the phone (app or mobile web shop)",
    anchors=("ticket", "fahrschein", "fahrkarte", "fairtiq", "check"),
    topic=rx(
        r"\bhandy-?ticket\w*|\bmobile[ns]?\s+ticket\w*|\bmobile-?ticket\w*|\be-?ticket\w*|\bonline-?ticket\w*|\bticket-?app\w*"
        r"|\b(?:ticket|fahrschein|fahrkarte)\w*\b[^.;!?]{0,60}?\b(?:per|aufs|auf\s+dem|mit\s+dem|über\s+die|über\s+das|in\s+der|"
        r"via)\s+(?:handy|smartphone|app|mobiltelefon)\b|\b(?:handy|smartphone|app)\b[^.;!?]{0,60}?\b(?:ticket|fahrschein|"
        r"fahrkarte)\w*\s+(?:kaufen|lösen|erwerben|buchen)\b|\bfairtiq\b|\bcheck-?in[/-]check-?out\b|\bhandy-?ticketing\b"
    ),
    exclude=rx(r"\b(?:konzert|theater|museum|veranstaltung|eintritt|kino|event)\w*"),
    offer=rx(r"\b(?:fahren|fährt|gilt|gelten|gültig)\b"),
)
REALTIME_TRANSIT = Family(
    key="echtzeit",
    parameters=(P_ECHTZEIT,),
    description="real-time departure information (dynamic displays at stops, live map, app with actual times)",
    anchors=(
        "dynamisch",
        "elektronische",
        "digitale",
        "echtzeit",
        "realtime",
        "real-time",
        "live",
        "anzeige",
        "abfahrt",
        "ankunft",
        "fahrgast",
        "radar",
        "position",
        "standort",
        "verspätung",
        "minuten",
        "nächste",
        "dfi",
        "monitor",
        "welcher bus",
    ),
    topic=rx(
        r"\bechtzeit\w*|\breal-?time\w*|\blive-?(?:daten|fahrplan|karte|map|abfahrt\w*|position\w*|verfolgung)\b"
        r"|\b(?:dynamische|elektronische)\w*\s+(?:anzeige|abfahrts|fahrgast|haltestellen)\w*|\bdynamische\w*\s+fahrgastinformation\w*|\bdfi-?(?:anzeige\w*|tafel\w*|anlage\w*)?\b|\babfahrtsmonitor\w*"
        r"|\bdigitale\w*\s+(?:anzeige\w*|tafel\w*|fahrgastinformation\w*)\b[^.;!?]{0,60}?\b(?:haltestelle\w*|bus\w*|bahn\w*)"
        r"|\b(?:ankunfts|abfahrts)zeiten\b[^.;!?]{0,80}?\b(?:aktuell\w*|echtzeit|live|anzeig\w*|informier\w*|app)"
        r"|\bwann\s+der\s+nächste\s+(?:bus|zug|bahn|tram)\s+kommt\b|\bin\s+wie\s+vielen\s+minuten\b"
        r"|\b(?:tatsächliche|aktuelle|voraussichtliche)\w*\s+(?:abfahrts|ankunfts)zeit\w*|\b(?:digitale|dynamische)\w*\s+"
        r"fahrgast-?information\w*|\bbus-?radar\w*|\blive-?(?:karte|tracking|ortung)\w*"
        r"|\b(?:position|standort)\w*\s+(?:ihres|des|der|von|ihrer)\s+(?:bus|busse|busses|bahn|zug|straßenbahn)\w*"
        r"|\bwelcher\s+bus\s+gerade\s+wo\b|\bverspätung\w*\b[^.;!?]{0,60}\b(?:anzeig\w*|angezeigt|informier\w*|sehen|app)\b"
    ),
    context=rx(
        r"\bbus\w*|\bbahn\w*|\bhaltestelle\w*|\böpnv\b|\bnahverkehr\w*|\bfahrgast\w*|\bfahrplan\w*|\bverkehrsbetrieb\w*"
        r"|\blinie\w*|\btram\w*|\bverkehrsverbund\w*|\bstadtwerke\b"
    ),
    exclude=rx(
        r"\bbetriebsleitsystem\b|\brbl\b|\b(?:park|stell)pl(?:a|ä)tz\w*|\bparkh(?:a|ä)us\w*|\bfreie\s+plätze\b"
        r"|\bladesäule\w*|\bladepunkt\w*"
    ),
    offer=rx(r"\b(?:zeigt|zeigen|angezeigt|informiert|informieren|sehen|verfolgen|abrufen)\b"),
)
_BIKE_TOPIC = (
    r"\bbike[- ]?sharing\w*|\bfahrradverleih\w*|\bfahrrad-?vermiet\w*|\bleih-?(?:fahr)?r(?:a|ä)d\w*|\bmietr(?:a|ä)d\w*"
    r"|\bleihfahrr(?:a|ä)d\w*|\be-?bike-?sharing\w*|\bpedelec-?verleih\w*|\blastenrad-?(?:verleih|sharing)\w*"
    r"|\bnextbike\w*|\bcall\s+a\s+bike\b|\bstadtrad\w*|\bdonkey\s+republic\b|\bmetropolrad\w*|\b(?:e-?bikes|pedelecs)\b"
    r"[^.;!?]{0,60}?\b(?:verleih\w*|leihen|ausleihen|sharing|mieten|firma|anbieter)\b|\b(?:verleih\w*|leih\w*|sharing|firma|"
    r"anbieter)\b[^.;!?]{0,60}?\b(?:e-?bikes|pedelecs|fahrräder|räder)\b"
)
_SHARING_EXIST = rx(
    r"\b(?:stehen|standen|herumstehen|herumstanden|unterwegs|im\s+angebot|verfügbar|ausgeliehen|ausleihen|leihen|mieten|"
    r"betreibt|betreiben|verleiht|verleihen|gestiegen|aufgestellt|gibt\s+es|vertreten|aktiv)\b"
)
BIKESHARING = Family(
    key="bikesharing",
    parameters=(P_BIKESHARING,),
    description="a bike-sharing system (any operator, e-bikes count) operates in the municipality",
    anchors=("bike", "fahrrad", "rad", "pedelec", "räd", "raed", "leih", "donkey"),
    topic=rx(_BIKE_TOPIC),
    offer=_SHARING_EXIST,
)
_SCOOTER = (
    r"(?:e[- ]?scooter|e-?tretroller|elektro-?(?:tret)?roller|elektrokleinstfahrzeug\w*|e[- ]?roller|tretroller"
    r"|leih-?scooter|miet-?scooter|leih-?roller|miet-?roller|roller)\w*"
)
E_TRETROLLER = Family(
    key="e_tretroller",
    parameters=(P_ETRETROLLER,),
    description="electric kick-scooter sharing operates in the municipality (bans and ended operations are absent)",
    anchors=("scooter", "roller", "elektrokleinst"),
    topic=rx(r"\b" + _SCOOTER + r"|\b(?:lime|tier|voi|bird|bolt|dott)(?:-|\s+)(?:scooter|roller)\w*"),
    # a page about rental scooters (private e-scooters in buses are another matter)
    context=rx(
        r"\bverleih\w*|\bsharing\b|\b\w*-sharing\b|\banbieter\w*|\bverleiher\w*|\bleih\w*|\bmiet\w*"
        r"|\b(?:lime|tier|voi|bird|bolt|dott)\b|\bsondernutzung\w*|\babstell\w*|\bherumstehen\w*|\brumliegen\w*"
    ),
    context_window=1000,
    exclude=rx(
        r"\bmitnahme\w*|\bin\s+(?:bussen|bahnen|zügen|straßenbahnen)\b|\bprivate\w*\s+(?:nutzer\w*|e-?scooter)"
        r"|\beigenen\s+e-?scooter"
    ),
    offer=_SHARING_EXIST,
)
CARSHARING = Family(
    key="carsharing",
    parameters=(P_CARSHARING,),
    description="car sharing operates in the municipality (presence only; the vehicle count comes from a source)",
    anchors=(
        "book",
        "share now",
        "sharing",
        "teilauto",
        "stadtmobil",
        "cambio",
        "flinkster",
        "car2go",
        "drivenow",
        "greenwheels",
        "book-n-drive",
        "miles",
        "weshare",
    ),
    topic=rx(
        r"\bcar[- ]?sharing\w*|\be-?car[- ]?sharing\w*|\bstadtmobil\b|\bcambio\b|\bbook-?n-?drive\b|\bflinkster\b"
        r"|\bshare\s+now\b|\bcar2go\b|\bdrivenow\b|\bgreenwheels\b|\bstadtteilauto\b|\bteilauto\b|\bweshare\b"
    ),
    offer=_SHARING_EXIST,
)
MOBILSTATION = Family(
    key="mobilstation",
    parameters=(P_MOBILSTATION,),
    description="mobility stations (transit stop with sharing vehicles and bike parking) in operation",
    anchors=("mobil", "hub"),
    topic=rx(
        r"\bmobilit(?:ä|ae)ts-?(?:station|stationen|punkt|punkte|hub|hubs)\b|\bmobil(?:station|stationen|punkt|punkte)\b"
        r"|\bmobility\s+hubs?\b|\bmobil\.punkt\w*"
    ),
)

# =========================================================================================================
# Society: participation, council streaming, open data, geodata, maker spaces, startups
# =========================================================================================================
_PARTICIPATION_TOPIC = (
    r"\bbürgerhaushalt\w*|\bbeteiligungs-?(?:plattform|portal|seite|website)\w*|\bonline-?beteiligung\w*"
    r"|\be-?partizipation\w*|\bmitmach-?(?:plattform|portal)\w*|\bideen-?(?:plattform|portal|karte)\w*"
    r"|\bvorschlags-?(?:plattform|portal)\w*|\bmitwirkungs-?portal\w*|\bdialog-?plattform\w*|\bonline-?dialog\w*"
    r"|\bconsul\b|\badhocracy\w*|\bdecidim\b|\bbürgerbeteiligung\b[^.;!?]{0,60}\b(?:online|plattform|portal)\b"
    r"|\b(?:online|plattform|portal)\b[^.;!?]{0,60}\bbürgerbeteiligung\b"
    r"|\bvorschläge?\s+(?:einreichen|eingeben|einbringen|abgeben|machen|kommentieren|bewerten)\b"
)
_VOTE_RE = rx(
    r"\babstimm\w*|\babstimmen\b|\bbewert\w*|\bvoten\b|\bvoting\b|\bstimmen\s+(?:sie\s+)?ab\b|\bpunkte\s+vergeben\b"
    r"|\bzustimmung\b|\blikes?\b|\bunterstützen\s+sie\b"
)
_DISCUSS_RE = rx(r"\bkommentier\w*|\bkommentare?\b|\bdiskutier\w*|\bdiskussion\w*|\bdebatte\w*|\bdialog\w*")


def _participation_params(pt: PageText, idx: int, match: re.Match[str]) -> tuple[str, ...]:
    lo, hi = max(0, idx - 2), min(len(pt.sentences) - 1, idx + 2)
    near = pt.lower[pt.sentences[lo].start : pt.sentences[hi].end]
    params = [P_MITGESTALTUNG]
    if _DISCUSS_RE.search(near):
        params.append(P_DISKUSSION)
    if _VOTE_RE.search(near):
        params.append(P_ABSTIMMUNG)
    return tuple(params)


PARTICIPATION = Family(
    key="beteiligung",
    parameters=(P_MITGESTALTUNG,),
    extra_parameters=(P_DISKUSSION, P_ABSTIMMUNG),
    description="an online participation platform (Bürgerhaushalt portal, e-participation site)",
    anchors=(
        "beteiligung",
        "bürgerhaushalt",
        "buergerhaushalt",
        "partizipation",
        "mitmach",
        "ideen",
        "vorschl",
        "consul",
        "adhocracy",
        "decidim",
        "dialog",
        "mitwirkung",
    ),
    topic=rx(_PARTICIPATION_TOPIC),
    requires=rx(
        r"portal|plattform|\bonline\w*|\binternet\w*|\bwebsite\b|\bwebseite\b|\bdigital\w*|\bklick\w*"
        r"|\bconsul\b|\badhocracy\w*|\bdecidim\b|\beingeben\b|\beinreichen\b|\bkommentieren\b"
    ),
    mention=True,
    resolver=_participation_params,
)
RATS_TV = Family(
    key="rats_tv",
    parameters=(P_RATS_TV,),
    description="council meetings streamed live or offered as video on demand",
    anchors=(
        "fernseh",
        "tv",
        "stream",
        "rats-tv",
        "ratstv",
        "ratsfernsehen",
        "übertrag",
        "uebertrag",
        "überträg",
        "übertrug",
        "aufzeichnung",
        "mediathek",
        "video",
        "youtube",
        "-tv",
        "im netz",
        "live",
    ),
    topic=rx(
        r"\b(?:rats|stadtrats|gemeinderats|kreistags|stadtrat|gemeinderat)-?(?:tv|fernsehen)\b|\bratsfernsehen\b"
        r"|\blive-?stream\w*|\bstreaming\w*|\bgestreamt\b|\bstreamen\b|\blive-?übertragung\w*|\bübertr(?:a|ä)g\w*|\bübertrug\w*"
        r"|\b(?:video-?)?aufzeichnung\w*|\bmediathek\w*|\bvideo-?on-?demand\b|\blive\s+(?:auf|bei|im)\s+(?:youtube|internet|netz)"
        r"|\bim\s+netz\b[^.;!?]{0,60}\b(?:verfolgen|ansehen|anschauen)\b"
    ),
    context=rx(
        r"\b(?:stadt|gemeinde|kreis|orts|bezirks)?rat\w*|\bsitzung\w*|\bkreistag\w*|\bstadtverordnet\w*|\bplenum\b"
        r"|\bbürgerschaft\b|\bbezirksvertretung\w*|\bgremi\w*|\bausschuss\w*|\bsitzungssaal\b|\bratssaal\b"
    ),
    exclude=rx(r"\bfußball\w*|\bkonzert\w*|\bgottesdienst\w*|\bbundestag\w*|\blandtag\w*"),
    offer=rx(
        r"\b(?:verfolgen|verfolgt|anschauen|ansehen|abrufen|abrufbar|bereitgestellt|übertragen|überträgt)\b"
    ),
)
OPEN_DATA = Family(
    key="open_data",
    parameters=(P_OPEN_DATA,),
    description="an open-data portal with downloadable datasets of the municipality",
    anchors=(
        "offene",
        "open data",
        "open-data",
        "opendata",
        "offene daten",
        "offenen daten",
        "datensätze",
        "datenportal",
        "offenedaten",
        "zugänglich",
    ),
    topic=rx(
        r"\bopen[- ]?data[- ]?(?:portal|plattform|angebot)\w*|\bopen[- ]?data\b|\bopendata\b|\boffene\w*[- ]daten(?:portal)?\w*"
        r"|\bdatenportal\w*|\bdatens(?:ä|ae)tze\b[^.;!?]{0,80}?\b(?:download|herunterladen|frei|offen|portal|verfügung)\w*"
        r"|\b(?:frei|offen|öffentlich)\w*\s+zugängliche\w*\s+daten\b"
    ),
    exclude=rx(r"\bopen\s+data\s+(?:day|camp)\b|\bopen\s+government\b(?![^.;!?]{0,40}\bportal)"),
    confirm=rx(
        r"\b\d{2,}\s+datens(?:ä|ae)tze\b|\bdatens(?:ä|ae)tze\s+(?:sind|stehen)\b[^.;]{0,40}\b(?:verfügbar|vorhanden|"
        r"online)\b"
    ),
    mention=False,
)
_GEO_TOPIC = (
    r"\bgeo-?portal\w*|\bgeodaten-?portal\w*|\bgeodatenportal\w*|\bgis-?(?:viewer|portal|dienst|auskunft)\w*|\bweb-?gis\b"
    r"|\bmasterportal\b|\binteraktive[rn]?\s+(?:stadt)?(?:plan|karte)\w*|\bonline-?(?:stadtplan|karte|kartendienst)\w*"
    r"|\bstadtplan\s+online\b|\bdigitale[rn]?\s+stadtplan\w*|\bkartendienst\w*|\bgeo-?informationssystem\w*"
    r"|\bthemen-?stadtplan\w*|\bkartenportal\w*|\bb-?plan-?(?:karte|portal|viewer|auskunft)\w*"
    r"|\bbebauungspl(?:a|ä)ne?\b[^.;!?]{0,60}\b(?:online|karte|interaktiv)\w*|\bumwelt-?\s*und\s+geodatenportal\w*"
    r"|\b3d-?stadtmodell\w*"
)
GEOPORTAL = Family(
    key="geoportal",
    parameters=(P_STADTPLAN,),
    description="an interactive city map, geoportal or GIS viewer of the municipality online",
    anchors=(
        "geo",
        "gis",
        "stadtplan",
        "karte",
        "masterportal",
        "bebauungspl",
        "b-plan",
        "bplan",
        "stadtmodell",
        "interaktive",
    ),
    topic=rx(_GEO_TOPIC),
    mention=True,
)
OFFENE_GEODATEN = Family(
    key="offene_geodaten",
    parameters=(P_OFFENE_GEODATEN,),
    description="geodata for free download (Shapefile, GeoJSON, GML, WMS/WFS under an open licence)",
    anchors=("geodaten", "wms", "wfs", "shape", "geojson"),
    topic=rx(
        r"\bgeodaten\w*\b[^.;!?]{0,100}?\b(?:download\w*|herunterladen|frei\b|offen\w*|open\s+data|kostenlos\w*|wms|wfs"
        r"|shape\w*|geojson|gml|lizenz\w*)|\b(?:download\w*|herunterladen|frei\w*|offene\w*|kostenlos\w*)\b[^.;!?]{0,60}?"
        r"\bgeodaten\w*|\b(?:wms|wfs)-?dienst\w*"
    ),
)
FABLAB = Family(
    key="fablab",
    parameters=(P_FABLAB,),
    description="a publicly usable fab lab, makerspace or open workshop with digital fabrication",
    anchors=("fab", "maker", "werkstatt", "hack", "3d-druck", "lasercutter", "laser-cutter"),
    topic=rx(
        r"\bfab-?lab\w*|\bfabrication\s+laborator\w*|\bmaker-?(?:space|lab|spaces|labs)\b|\bhacker-?space\w*|\bhacklab\w*"
        r"|\boffene\w*\s+werkstatt\w*|\bdigital-?werkstatt\w*|\bdigitale\w*\s+werkstatt\w*"
    ),
    requires=None,
    context=rx(
        r"\b3d-?drucker\w*|\blaser-?cutter\w*|\bcnc\w*|\bplotter\w*|\bfabrication\b|\bfab-?lab\w*|\bmaker\w*"
        r"|\bhacker\w*|\bdigital\w*|\bfertigung\w*|\bfräse\w*"
    ),
)
COWORKING = Family(
    key="coworking",
    parameters=(P_COWORKING,),
    description="a coworking space in the municipality (presence only; the count comes from research)",
    anchors=("cowork", "co-work", "gemeinschaftsbüro"),
    topic=rx(r"\bco-?working\w*|\bgemeinschaftsbüro\w*"),
)
STARTUP_HUB = Family(
    key="startup_hub",
    parameters=(P_STARTUP,),
    description="a startup hub, digital incubator or Gründungszentrum supported by the municipality",
    anchors=(
        "innovation",
        "technologie",
        "gründ",
        "gruend",
        "startup",
        "start-up",
        "inkubator",
        "accelerator",
        "hub",
        "technologiezentrum",
    ),
    topic=rx(
        r"\bgründ(?:er|ungs)-?(?:zentrum|zentren|hub|haus|werkstatt)\w*|\bgründer-?\s*und\s+technologiezentrum\w*"
        r"|\bstart-?up-?(?:hub|zentrum|center|campus|haus|factory)\w*|\binkubator\w*|\baccelerator\w*"
        r"|\bdigital(?:es)?\s+(?:gründerzentrum|hub)\w*|\binnovation(?:s)?-?(?:hub|zentrum|campus)\w*"
        r"|\btechnologie-?(?:zentrum|park)\w*"
    ),
)

FAMILIES: tuple[Family, ...] = tuple(
    f.register()
    for f in (
        APPOINTMENTS,
        SERVICE_UMMELDUNG,
        SERVICE_MELDEBESCHEINIGUNG,
        SERVICE_MELDEREGISTERAUSKUNFT,
        SERVICE_ANWOHNERPARKEN,
        SERVICE_KFZ,
        SERVICE_GEWERBE,
        SERVICE_KITA,
        EPAYMENT,
        FINE_PAYMENT,
        CARD_PAYMENT,
        CHATBOT,
        BEHOERDENNUMMER_115,
        MAENGELMELDER,
        SERVICEPORTAL,
        PUBLIC_WLAN,
        LORAWAN,
        DATENPLATTFORM,
        DASHBOARD,
        STREET_LIGHTING,
        SMART_WASTE,
        SMART_PARKING,
        HANDYPARKEN,
        HANDYTICKET,
        REALTIME_TRANSIT,
        BIKESHARING,
        E_TRETROLLER,
        CARSHARING,
        MOBILSTATION,
        PARTICIPATION,
        RATS_TV,
        OPEN_DATA,
        GEOPORTAL,
        OFFENE_GEODATEN,
        FABLAB,
        COWORKING,
        STARTUP_HUB,
    )
)
# Page-level additions after a family's sentence pass.
_FINE_RE = rx(_FINE_TOPIC)


def _epayment_refusals_about_fines(pt: PageText, ctx: PageContext, hits: list[Hit]) -> list[Hit]:
    """A fine that cannot be paid online ("Knöllchen: Online zahlen geht noch nicht") is the fine-payment
    parameter's refusal; it says nothing about paying the fees of other services online."""

    def about_fines(idx: int) -> bool:
        sent = pt.sentences[idx]
        start = (
            pt.sentences[idx - 1].start
            if idx > 0 and pt.sentences[idx - 1].block == sent.block
            else sent.start
        )
        return _FINE_RE.search(pt.lower, start, sent.end) is not None

    return [h for h in hits if not (h.kind.startswith("absent") and about_fines(h.sentence))]


POST_STEPS = {APPOINTMENTS.key: _slot_offices, EPAYMENT.key: _epayment_refusals_about_fines}
