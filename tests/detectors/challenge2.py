"""A third hand-written set, longer and mixed like real news and city pages, written before running it.

Same format as :mod:`tests.detectors.challenge`; the first (blind) score is in docs/detectors.md.
"""

from __future__ import annotations

PRESENT, ABSENT, SILENT = "present", "absent", None

CHALLENGE2: list[tuple[str, str, str, dict[str, str | None]]] = [
    (
        "city news: digital town hall, several services",
        "https://www.beispielstadt.de/aktuelles/pressemitteilungen/digitales-rathaus-waechst",
        "date 2023-09 Das digitale Rathaus wächst weiter: Seit dieser Woche können Bürgerinnen und Bürger auch "
        "ihren Bewohnerparkausweis und die Meldebescheinigung über das Serviceportal beantragen. Bezahlt wird "
        "direkt online per Kreditkarte oder giropay. Die Anmeldung eines Gewerbes ist bereits seit dem "
        "vergangenen Jahr digital möglich. Noch nicht online verfügbar ist dagegen die Ummeldung des Wohnsitzes; "
        "hier ist weiterhin ein Termin im Bürgerbüro nötig. Termine vereinbaren Sie über die Online-Terminvergabe.",
        {
            "d.anwohnerparken": PRESENT,
            "d.meldebescheinigung": PRESENT,
            "epayment": PRESENT,
            "d.gewerbe": PRESENT,
            "d.ummeldung": ABSENT,
            "portal": PRESENT,
            "t.buergeramt": PRESENT,
        },
    ),
    (
        "party blog: demands for a smarter city",
        "https://www.gruene-beispielstadt.de/2022/05/unsere-antraege-fuer-eine-digitale-stadt",
        "Für die nächste Ratssitzung haben wir drei Anträge eingebracht. Erstens fordern wir, die Sitzungen des "
        "Rates live zu übertragen, wie es in vielen Städten längst üblich ist. Zweitens soll die Stadt ein "
        "Open-Data-Portal aufbauen. Drittens beantragen wir einen Prüfauftrag für freies WLAN in der Innenstadt.",
        {"ratstv": ABSENT, "opendata": ABSENT, "wlan": ABSENT},
    ),
    (
        "local news: new Bürgerbüro appointment rules",
        "https://www.lokalblatt.de/stadt/buergerbuero-nur-noch-mit-termin",
        "Im Bürgerbüro geht ab sofort nichts mehr ohne Termin. Wer einen neuen Personalausweis braucht, muss den "
        "Termin vorher online buchen, teilte die Stadtverwaltung mit. Für Menschen ohne Internetzugang gibt es "
        "weiterhin eine telefonische Hotline. Bezahlt werden kann im Bürgerbüro bar oder mit Karte.",
        {"t.buergeramt": PRESENT, "karte": PRESENT},
    ),
    (
        "city page: Standesamt without booking, Urkunden online",
        "https://www.beispielstadt.de/rathaus/standesamt",
        "Standesamt\n\nUrkunden bestellen Sie bequem online über unser Urkundenportal, die Gebühr zahlen Sie per "
        "PayPal oder Lastschrift. Termine zur Anmeldung der Eheschließung vergeben wir ausschließlich telefonisch.",
        {"t.standesamt": ABSENT, "epayment": PRESENT},
    ),
    (
        "news: Kfz-Zulassung online, appointments too",
        "https://www.lokalblatt.de/kreis/zulassungsstelle-digital",
        "Die Zulassungsstelle des Kreises setzt auf Digitalisierung: Fahrzeuge können über i-Kfz online "
        "angemeldet, umgemeldet und abgemeldet werden. Wer lieber persönlich kommt, bucht einen Termin über das "
        "Online-Portal der Zulassungsstelle.",
        {"d.kfz": PRESENT, "t.kfz": PRESENT, "d.ummeldung": SILENT},
    ),
    (
        "news: e-scooters arrive, bikes since years",
        "https://www.lokalblatt.de/stadt/e-scooter-kommen",
        "date 2019-08 Ab dem 1. September stellt der Anbieter Tier 300 E-Scooter in der Innenstadt auf. Bereits "
        "seit 2017 gibt es in der Stadt ein Fahrradverleihsystem mit 40 Stationen.",
        {"scooter": ABSENT, "bike": PRESENT},
    ),
    (
        "city page: mobility offers",
        "https://www.beispielstadt.de/verkehr/mobilitaet",
        "Mobil in Beispielstadt\n\nCarsharing: An zwölf Stationen stehen Autos von stadtmobil bereit.\n\n"
        "Handyparken: Parkgebühren können Sie in allen Zonen per App bezahlen.\n\nEchtzeit: Die App der "
        "Verkehrsbetriebe zeigt alle Abfahrten in Echtzeit.",
        {"carsharing": PRESENT, "handyparken": PRESENT, "echtzeit": PRESENT},
    ),
    (
        "news: lighting pilot ended, no sensors",
        "https://www.lokalblatt.de/stadt/strassenbeleuchtung-pilot-beendet",
        "Der Test mit sensorgesteuerten Straßenlaternen in der Gartenstraße ist beendet. Die Leuchten wurden "
        "wieder gegen herkömmliche LED-Lampen ausgetauscht, die nachts zeitgesteuert gedimmt werden.",
        {"licht": ABSENT},
    ),
    (
        "news: sensor bins in parks since spring",
        "https://www.lokalblatt.de/stadt/smarte-muelleimer-im-park",
        "Seit dem Frühjahr melden 50 Abfalleimer in den Parks ihren Füllstand per Funk an den Bauhof. Die "
        "Leerungsfahrten konnten so um ein Drittel reduziert werden.",
        {"muelleimer": PRESENT},
    ),
    (
        "comparison news: other cities only",
        "https://www.lokalblatt.de/region/maengelmelder-im-vergleich",
        "Ob Schlagloch oder wilder Müll: In Bochum, Dortmund und Essen können Bürger Mängel per App melden. "
        "Viele Kommunen setzen inzwischen auf solche Mängelmelder. In Hagen und Hamm gibt es ähnliche Angebote.",
        {"maengel": SILENT},
    ),
    (
        "news: 115 service centre planned",
        "https://www.lokalblatt.de/stadt/behoerdennummer-115-kommt",
        "Die Stadt will im kommenden Jahr der Behördennummer 115 beitreten. Dafür soll im Rathaus ein "
        "Servicecenter mit acht Mitarbeitenden eingerichtet werden.",
        {"115": ABSENT},
    ),
    (
        "city page: Ausländerbehörde booking for some services",
        "https://www.beispielstadt.de/buergerservice/auslaenderbehoerde",
        "Ausländerbehörde\n\nFür die Verlängerung einer Aufenthaltserlaubnis und die Übertragung auf einen neuen "
        "Pass können Sie online einen Termin buchen. Für alle anderen Anliegen senden Sie bitte eine E-Mail.",
        {"t.auslaender": PRESENT},
    ),
    (
        "news: open data portal online for a year",
        "https://www.lokalblatt.de/stadt/ein-jahr-open-data",
        "Seit einem Jahr betreibt die Stadt ihr Open-Data-Portal. Inzwischen stehen dort 180 Datensätze zum "
        "Download bereit, von Haltestellen bis zu Baumstandorten.",
        {"opendata": PRESENT},
    ),
    (
        "news: participation platform ended",
        "https://www.lokalblatt.de/stadt/buergerhaushalt-eingestellt",
        "Der Online-Bürgerhaushalt wird nicht fortgesetzt. Der Rat hat beschlossen, das Verfahren einzustellen, "
        "weil sich zuletzt nur noch wenige Menschen beteiligt hatten.",
        {"mitgestaltung": ABSENT},
    ),
    (
        "news: fablab at the university (not the city)",
        "https://www.lokalblatt.de/stadt/fablab-an-der-hochschule",
        "Das FabLab der Hochschule steht seit Oktober auch Bürgerinnen und Bürgern offen. Jeden Donnerstag können "
        "Interessierte die 3D-Drucker und den Lasercutter nutzen.",
        {"fablab": PRESENT},
    ),
    (
        "news: LoRaWAN sensors in schools, network planned",
        "https://www.lokalblatt.de/stadt/co2-ampeln-in-schulen",
        "In den Grundschulen messen neue CO2-Ampeln die Luftqualität. Die Daten sollen später über ein "
        "LoRaWAN-Netz übertragen werden, das die Stadtwerke im nächsten Jahr aufbauen wollen.",
        {"lorawan": ABSENT},
    ),
    (
        "news: real-time info only announced",
        "https://www.lokalblatt.de/stadt/echtzeit-fuer-busse",
        "date 2018-11 Die Verkehrsbetriebe wollen im kommenden Jahr Echtzeitdaten für alle Buslinien "
        "bereitstellen. Dann sollen Fahrgäste in der App sehen können, wann ihr Bus tatsächlich kommt.",
        {"echtzeit": ABSENT},
    ),
    (
        "html: city homepage with service links",
        "https://www.beispielstadt.de/",
        "<!doctype html><html lang='de'><head><meta name='viewport' content='width=device-width'><title>Stadt "
        "Beispielstadt</title></head><body><header><nav><a href='/rathaus'>Rathaus</a> <a "
        "href='https://termine.beispielstadt.de/'>Termin buchen</a></nav></header><main><h1>Willkommen</h1>"
        "<p>Neu: Mit dem <a href='https://www.sags-uns.de/beispielstadt'>Mängelmelder</a> melden Sie Schäden "
        "direkt an die Verwaltung.</p><p><a href='https://geoportal.beispielstadt.de/'>Geoportal</a></p></main>"
        "<footer><a href='https://www.instagram.com/beispielstadt/'>Instagram</a></footer></body></html>",
        {"maengel": PRESENT, "stadtplan": PRESENT, "t.buergeramt": SILENT},
    ),
    (
        "html: Bürgerbüro page with card payment and booking iframe",
        "https://www.beispielstadt.de/buergerservice/buergerbuero",
        "<html><body><main><h1>Bürgerbüro</h1><p>Bitte buchen Sie vorab einen Termin.</p>"
        "<iframe src='https://termine.beispielstadt.de/tevisweb/'></iframe><h2>Zahlungsmöglichkeiten</h2>"
        "<ul><li>Bargeld</li><li>girocard</li><li>Kreditkarte</li></ul></main></body></html>",
        {"t.buergeramt": PRESENT, "karte": PRESENT},
    ),
    (
        "news: coworking space opened by Wirtschaftsförderung",
        "https://www.lokalblatt.de/stadt/coworking-eroeffnet",
        "Mit 20 Arbeitsplätzen hat die Wirtschaftsförderung am Montag den ersten Coworking-Space der Stadt "
        "eröffnet. Gründerinnen können Schreibtische ab zehn Euro am Tag buchen.",
        {"coworking": PRESENT},
    ),
]
