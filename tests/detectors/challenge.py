"""A second set of hand-written pages, written in one go before running the detectors on them.

Their first score is recorded in docs/detectors.md as a check of how the rules generalise beyond the
sentences they were written against. Each page: (name, url, text, {short parameter: expected status}).
Parameters not listed are not checked (the page may speak to them or not).
"""

from __future__ import annotations

PRESENT, ABSENT, SILENT = "present", "absent", None

CHALLENGE: list[tuple[str, str, str, dict[str, str | None]]] = [
    (
        "service page: Standesamt with online reservation of wedding dates",
        "https://www.beispielstadt.de/buergerservice/standesamt/eheschliessung",
        "Eheschließung\n\nSie möchten heiraten? Die Anmeldung der Eheschließung erfolgt persönlich im Standesamt. "
        "Trautermine für die kommenden sechs Monate können Sie bequem über unseren Online-Terminkalender "
        "reservieren.\n\nBenötigte Unterlagen\n• gültiger Personalausweis\n• erweiterte Meldebescheinigung",
        {"t.standesamt": PRESENT, "d.meldebescheinigung": SILENT},
    ),
    (
        "service page: Ausländerbehörde, appointments only after written request",
        "https://www.beispielstadt.de/rathaus/auslaenderbehoerde/termine",
        "Ausländerbehörde – Terminvergabe\n\nAufgrund der hohen Nachfrage vergibt die Ausländerbehörde Termine "
        "ausschließlich nach schriftlicher Anfrage über das Kontaktformular. Sie erhalten anschließend eine "
        "Einladung per E-Mail. Eine Online-Buchung von Terminen ist nicht möglich.",
        {"t.auslaender": ABSENT},
    ),
    (
        "news: Zulassungsstelle introduces online booking next month",
        "https://www.lokalzeitung.de/stadt/zulassungsstelle-fuehrt-online-termine-ein",
        "date 2022-03 Ab dem 1. April können Kundinnen und Kunden der Zulassungsstelle ihre Termine online buchen. "
        "Bisher war eine Terminvereinbarung nur telefonisch möglich, erklärte der Leiter der Zulassungsstelle.",
        {"t.kfz": ABSENT},
    ),
    (
        "news: Bürgeramt booking running since last year, extended",
        "https://www.lokalzeitung.de/stadt/buergeramt-mehr-termine",
        "Das Bürgeramt bietet ab Montag zusätzliche Termine am Samstag an. Seit vergangenem Jahr können Termine "
        "ausschließlich über die Online-Terminvergabe gebucht werden.",
        {"t.buergeramt": PRESENT},
    ),
    (
        "service page: Kita registration via portal",
        "https://www.beispielstadt.de/familie/kinderbetreuung/anmeldung",
        "Anmeldung in Kindertageseinrichtungen\n\nDie Vormerkung für einen Betreuungsplatz erfolgt über das "
        "Kita-Portal der Stadt. Dort können Sie Ihr Kind für bis zu fünf Wunscheinrichtungen vormerken. "
        "Die Platzvergabe erfolgt im Frühjahr.",
        {"d.kita": PRESENT},
    ),
    (
        "service page: Gewerbeanmeldung only with paper form",
        "https://www.beispielstadt.de/wirtschaft/gewerbeanmeldung",
        "Gewerbeanmeldung\n\nDie Gewerbeanmeldung nehmen wir nur persönlich oder per Post entgegen. Das Formular "
        "finden Sie unten als PDF zum Ausdrucken. Gebühr: 26 Euro, zahlbar bar oder mit EC-Karte im Bürgerbüro.",
        {"d.gewerbe": ABSENT, "karte": PRESENT},
    ),
    (
        "service page: Anwohnerparkausweis online with ePayment",
        "https://www.beispielstadt.de/verkehr/bewohnerparken",
        "Bewohnerparkausweis beantragen\n\nDen Bewohnerparkausweis können Sie online beantragen. Die Gebühr "
        "von 30,70 Euro bezahlen Sie direkt im Antrag per giropay, PayPal oder Kreditkarte. Den Ausweis "
        "schicken wir Ihnen per Post zu.",
        {"d.anwohnerparken": PRESENT, "epayment": PRESENT},
    ),
    (
        "service page: Meldebescheinigung online via BundID",
        "https://www.beispielstadt.de/buergerservice/meldebescheinigung",
        "Meldebescheinigung\n\nEine einfache Meldebescheinigung können Sie mit Ihrem Online-Ausweis rund um die "
        "Uhr online beantragen. Alternativ erhalten Sie die Bescheinigung im Bürgerbüro.",
        {"d.meldebescheinigung": PRESENT},
    ),
    (
        "service page: Ummeldung in person only",
        "https://www.beispielstadt.de/buergerservice/ummeldung",
        "Umzug innerhalb der Stadt\n\nWenn Sie innerhalb der Stadt umziehen, müssen Sie sich innerhalb von zwei "
        "Wochen ummelden. Die Ummeldung ist nur persönlich im Bürgerbüro möglich. Bitte bringen Sie die "
        "Wohnungsgeberbestätigung mit.",
        {"d.ummeldung": ABSENT},
    ),
    (
        "news: Bußgeld online payment started",
        "https://www.lokalzeitung.de/stadt/knoellchen-jetzt-online-bezahlen",
        "Wer ein Knöllchen bekommt, kann das Verwarngeld jetzt auch online bezahlen. Auf dem Zettel ist ein "
        "QR-Code abgedruckt, der direkt zum Bezahlportal der Stadt führt.",
        {"bussgeld": PRESENT},
    ),
    (
        "service page: Verwarngeld payment ways without online",
        "https://www.beispielstadt.de/ordnung/verwarngeld",
        "Verwarngeld bezahlen\n\nDas Verwarngeld überweisen Sie bitte unter Angabe des Aktenzeichens auf das Konto "
        "der Stadtkasse. Sie können auch bar bei der Stadtkasse zahlen.",
        {"bussgeld": ABSENT},
    ),
    (
        "news: chatbot test phase running",
        "https://www.lokalzeitung.de/stadt/chatbot-im-rathaus",
        "Seit Dezember beantwortet ein Chatbot auf der Internetseite der Stadt Fragen zu Müllabfuhr, Ausweisen "
        "und Öffnungszeiten. Die Testphase läuft bis zum Sommer.",
        {"chatbot": PRESENT},
    ),
    (
        "news: 115 joined",
        "https://www.lokalzeitung.de/stadt/behoerdennummer-115",
        "Die Stadt ist jetzt über die Behördennummer 115 erreichbar. Das Servicecenter im Rathaus nimmt die Anrufe "
        "montags bis freitags von 8 bis 18 Uhr entgegen.",
        {"115": PRESENT},
    ),
    (
        "service page: defect reporter app",
        "https://www.beispielstadt.de/mitmachen/maengelmelder",
        "Mängelmelder\n\nSie haben ein Schlagloch, eine defekte Ampel oder illegalen Müll entdeckt? Über unseren "
        "Mängelmelder können Sie das Anliegen mit Foto und Standort an die Verwaltung übermitteln.",
        {"maengel": PRESENT},
    ),
    (
        "news: Geoportal relaunch",
        "https://www.beispielstadt.de/aktuelles/neues-geoportal",
        "Das Geoportal der Stadt erscheint in neuem Gewand. Bürgerinnen und Bürger finden dort Bebauungspläne, "
        "Luftbilder und den Stadtplan.",
        {"stadtplan": PRESENT},
    ),
    (
        "news: Open-Data council motion",
        "https://www.partei-ortsverband.de/antrag-open-data",
        "Wir beantragen, dass die Verwaltung ein Open-Data-Portal aufbaut und Datensätze zu Haushalt, Verkehr und "
        "Umwelt veröffentlicht. Andere Städte wie Köln oder Bonn haben das längst.",
        {"opendata": ABSENT},
    ),
    (
        "news: council livestream decided, starts later",
        "https://www.lokalzeitung.de/stadt/stadtrat-livestream-beschlossen",
        "date 2023-02 Der Stadtrat hat beschlossen, seine Sitzungen künftig live im Internet zu übertragen. Die "
        "erste Übertragung ist für die Sitzung am 20. April geplant.",
        {"ratstv": ABSENT},
    ),
    (
        "service page: council meetings video on demand",
        "https://www.beispielstadt.de/politik/ratsfernsehen",
        "Ratsfernsehen\n\nDie öffentlichen Sitzungen des Rates werden live übertragen. Aufzeichnungen der "
        "Sitzungen finden Sie in unserer Mediathek.",
        {"ratstv": PRESENT},
    ),
    (
        "service page: participation platform",
        "https://www.beispielstadt.de/mitgestalten",
        "Mitgestalten\n\nAuf unserer Beteiligungsplattform können Sie Ideen für Ihr Quartier einreichen, "
        "die Vorschläge anderer kommentieren und abstimmen, welche Projekte umgesetzt werden.",
        {"mitgestaltung": PRESENT, "diskussion": PRESENT, "abstimmung": PRESENT},
    ),
    (
        "news: smart parking sensors in test",
        "https://www.lokalzeitung.de/stadt/parksensoren-in-der-altstadt",
        "In der Altstadt zeigen seit Montag Bodensensoren an, welche Parkplätze frei sind. Autofahrer können die "
        "freien Stellplätze in der App der Stadtwerke sehen.",
        {"smart_parking": PRESENT},
    ),
    (
        "news: handyparken planned",
        "https://www.lokalzeitung.de/stadt/handyparken-kommt",
        "date 2021-10 Ab Januar sollen Autofahrer in der Innenstadt ihre Parkgebühren auch per App bezahlen können. "
        "Der Verkehrsausschuss hat dem Vorschlag der Verwaltung zugestimmt.",
        {"handyparken": ABSENT},
    ),
    (
        "transit company: mobile tickets",
        "https://www.stadtwerke-beispiel.de/tickets/handyticket",
        "HandyTicket\n\nMit der App der Stadtwerke kaufen Sie Ihr Ticket für Bus und Straßenbahn direkt auf dem "
        "Smartphone. Einzelfahrt, 24-Stunden-Ticket und Deutschlandticket sind verfügbar.",
        {"handyticket": PRESENT},
    ),
    (
        "news: real-time displays installed",
        "https://www.lokalzeitung.de/stadt/neue-anzeigetafeln",
        "An zwölf Haltestellen zeigen neue Anzeigetafeln die tatsächlichen Abfahrtszeiten der Busse an. Die "
        "Tafeln wurden in den vergangenen Wochen installiert.",
        {"echtzeit": PRESENT},
    ),
    (
        "news: bike sharing started",
        "https://www.lokalzeitung.de/stadt/leihraeder-sind-da",
        "Die ersten 200 Leihräder stehen seit Freitag an 25 Stationen im Stadtgebiet. Ausgeliehen werden sie per "
        "App, die erste halbe Stunde ist kostenlos.",
        {"bike": PRESENT},
    ),
    (
        "news: e-scooter provider left the city",
        "https://www.lokalzeitung.de/stadt/e-scooter-verschwinden",
        "Der letzte E-Scooter-Verleiher hat sich aus der Stadt zurückgezogen. Seit Anfang des Monats stehen keine "
        "Leihroller mehr auf den Gehwegen.",
        {"scooter": ABSENT},
    ),
    (
        "news: carsharing station opened",
        "https://www.lokalzeitung.de/stadt/carsharing-am-bahnhof",
        "Am Bahnhof ist die erste Carsharing-Station der Stadt eröffnet worden. Zwei Elektroautos können dort "
        "rund um die Uhr gebucht werden.",
        {"carsharing": PRESENT},
    ),
    (
        "news: free WLAN extended",
        "https://www.lokalzeitung.de/stadt/freies-wlan-in-der-innenstadt",
        "Das kostenlose WLAN der Stadt ist jetzt auch am Marktplatz und im Stadtpark verfügbar. Nutzer müssen "
        "sich nur einmal anmelden.",
        {"wlan": PRESENT},
    ),
    (
        "news: LoRaWAN built by the utility",
        "https://www.lokalzeitung.de/stadt/stadtwerke-lorawan",
        "Die Stadtwerke haben auf drei Hochhäusern LoRaWAN-Gateways installiert. Über das Funknetz werden bereits "
        "Wasserzähler und Bodenfeuchtesensoren ausgelesen.",
        {"lorawan": PRESENT},
    ),
    (
        "news: street lights only dimmed at night",
        "https://www.lokalzeitung.de/stadt/strassenlaternen-werden-gedimmt",
        "Um Energie zu sparen, werden die Straßenlaternen ab sofort zwischen 23 und 5 Uhr auf halbe Leistung "
        "gedimmt. Bewegungsmelder kommen dabei nicht zum Einsatz.",
        {"licht": ABSENT},
    ),
    (
        "news: smart bins tested",
        "https://www.lokalzeitung.de/stadt/solar-muelleimer",
        "In der Fußgängerzone stehen seit Juni zehn Solar-Mülleimer, die den Abfall zusammenpressen und per Funk "
        "melden, wenn sie voll sind.",
        {"muelleimer": PRESENT},
    ),
    (
        "news: makerspace opened in library",
        "https://www.lokalzeitung.de/stadt/makerspace-in-der-bibliothek",
        "Die Stadtbibliothek hat einen Makerspace eröffnet. Besucherinnen und Besucher können dort 3D-Drucker, "
        "einen Lasercutter und Schneideplotter nutzen.",
        {"fablab": PRESENT},
    ),
    (
        "news: coworking space planned",
        "https://www.lokalzeitung.de/stadt/coworking-im-alten-bahnhof",
        "Im alten Bahnhof soll ein Coworking-Space entstehen. Die Wirtschaftsförderung sucht noch einen Betreiber.",
        {"coworking": ABSENT},
    ),
    (
        "news: other city comparison without own offer statement",
        "https://www.lokalzeitung.de/region/open-data-ranking",
        "In einem bundesweiten Ranking liegen Köln, Hamburg und München beim Thema Open Data vorne. Ihre "
        "Open-Data-Portale bieten jeweils mehrere hundert Datensätze.",
        {"opendata": SILENT},
    ),
    (
        "service portal page",
        "https://www.beispielstadt.de/online-services",
        "Online-Services\n\nÜber das Serviceportal erledigen Sie viele Behördengänge bequem von zu Hause. Melden "
        "Sie sich mit Ihrem Servicekonto an.",
        {"portal": PRESENT},
    ),
    (
        "card payment not yet",
        "https://www.lokalzeitung.de/stadt/buergerbuero-kartenzahlung",
        "Im Bürgerbüro kann bislang nur bar bezahlt werden. Eine Kartenzahlung soll im Herbst eingeführt werden.",
        {"karte": ABSENT},
    ),
    (
        "i-Kfz page",
        "https://www.beispielkreis.de/verkehr/zulassung/online",
        "Online-Zulassung\n\nMit i-Kfz können Sie Ihr Fahrzeug online zulassen, umschreiben oder außer Betrieb "
        "setzen. Sie benötigen dafür einen Personalausweis mit Online-Ausweisfunktion.",
        {"d.kfz": PRESENT, "d.ummeldung": SILENT},
    ),
    (
        "melderegisterauskunft through state portal",
        "https://www.beispielstadt.de/buergerservice/melderegisterauskunft",
        "Einfache Melderegisterauskunft\n\nDie einfache Melderegisterauskunft erhalten Sie schnell und bequem "
        "über das Melderegisterportal des Landes. Schriftliche Anfragen richten Sie bitte an das Bürgerbüro.",
        {"d.melderegister": PRESENT},
    ),
]
