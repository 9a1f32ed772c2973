"""Blind set 6: a third hand-written set, written after the fixes for sets 4 and 5 and scored once before
any rule was changed for it (the score is recorded in docs/detectors.md).

Style: archived page texts with the residue of site chrome (breadcrumbs, "Seite drucken", cookie notices,
menu words), informal social-media posts of city accounts (du-form, emojis), council information system
entries (Vorlage, Beschlussvorschlag, Sachstand), numbered answers to a "Kleine Anfrage", press releases
of utilities and transit companies, encyclopaedia-style town articles. Labels follow
``../shared/pages-dev/README.md``; the municipalities are real, the facts are invented.
"""

from __future__ import annotations

from tests.detectors.blind4 import _page

BLIND6: list[dict] = [
    _page(
        "b6-01",
        "https://www.stadt-wesel.de/rathaus/buergerbuero",
        "Startseite > Rathaus & Politik > Bürgerbüro\n"
        "Seite drucken | Teilen | Vorlesen\n"
        "Bürgerbüro\n"
        "Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Webseite zu ermöglichen.\n"
        "Das Bürgerbüro im Rathaus ist Ihre Anlaufstelle für Ausweise, Pässe und Meldeangelegenheiten.\n"
        "Termine\n"
        "Eine Vorsprache ist nur mit Termin möglich. Ihren Termin können Sie rund um die Uhr über unser "
        "Terminbuchungsportal auswählen – oder Sie rufen uns während der Servicezeiten an.\n"
        "Bezahlen\n"
        "Gebühren können bar oder per EC-Karte beglichen werden.\n"
        "Zurück | Nach oben",
        {"appointment_online.buergeramt": True, "card_payment_office": True},
    ),
    _page(
        "b6-02",
        "https://www.facebook.com/stadtduisburg/posts/123456",
        "📢 Ab heute könnt ihr euren Bewohnerparkausweis ganz easy online beantragen! Einfach Formular ausfüllen, "
        "Fahrzeugschein hochladen, mit PayPal oder Kreditkarte zahlen – fertig. Der Ausweis kommt per Post. 🚗 "
        "#Duisburg #digital",
        {"service_online.anwohnerparkausweis": True, "epayment_online": True},
    ),
    _page(
        "b6-03",
        "https://www.instagram.com/stadt.hamm/p/abc123/",
        "Ihr fragt, wir antworten: Nein, die Ummeldung geht bei uns leider noch nicht online 😕 Dafür braucht ihr "
        "weiterhin einen Termin im Bürgeramt. Wir arbeiten dran! 💪",
        {"service_online.ummeldung": False},
    ),
    _page(
        "b6-04",
        "https://ratsinfo.stadt-gladbeck.de/vo0050.asp?__kvonr=4567",
        "Vorlage - 2023/0412\n"
        "Betreff: Einführung einer Online-Terminvergabe für das Standesamt\n"
        "Beschlussvorschlag:\n"
        "Der Haupt- und Finanzausschuss beauftragt die Verwaltung, für das Standesamt ein Online-Terminbuchungssystem "
        "einzuführen und die Kosten im Haushalt 2024 zu berücksichtigen.\n"
        "Sachstand:\n"
        "Termine im Standesamt werden derzeit telefonisch vergeben. Im Bürgerbüro ist die Online-Terminbuchung seit "
        "2021 im Einsatz und wird gut angenommen.",
        {"appointment_online.standesamt": False, "appointment_online.buergeramt": True},
    ),
    _page(
        "b6-05",
        "https://www.stadt-ratingen.de/ratsinfo/anfrage-wlan",
        "Kleine Anfrage der Fraktion Bündnis 90/Die Grünen: Öffentliches WLAN in der Innenstadt\n"
        "Antwort der Verwaltung:\n"
        "1. Gibt es in der Innenstadt ein öffentliches WLAN?\n"
        "Ja. Seit Mai 2022 betreibt die Stadt gemeinsam mit den Stadtwerken an zwölf Standorten kostenlose "
        "WLAN-Hotspots, unter anderem am Marktplatz und im Bürgerhaus.\n"
        "2. Ist eine Ausweitung auf die Stadtteile geplant?\n"
        "Eine Ausweitung wird geprüft; Haushaltsmittel sind dafür bislang nicht vorgesehen.",
        {"public_wifi": True},
    ),
    _page(
        "b6-06",
        "https://www.stadtwerke-bielefeld.de/presse/2023/lorawan-ausbau",
        "date 2023-04 Pressemitteilung\n"
        "Stadtwerke bauen LoRaWAN-Netz aus\n"
        "Das LoRaWAN-Netz der Stadtwerke wächst: Zu den bereits 25 aktiven Gateways kommen in diesem Jahr 15 weitere "
        "hinzu. Über das Funknetz laufen schon heute die Daten von rund 3.000 Sensoren – von Wasserzählern bis zu "
        "Parkplatzsensoren am Jahnplatz, die freie Stellplätze in Echtzeit an die Parkleit-App melden.",
        {"lorawan": True, "smart_parking": True},
    ),
    _page(
        "b6-07",
        "https://de.wikipedia.org/wiki/Landau_in_der_Pfalz",
        "Verkehr\n"
        "Landau ist über die A 65 an das Fernstraßennetz angebunden. Der Stadtbusverkehr wird von der "
        "Verkehrsgesellschaft Landau betrieben. Seit 2019 gibt es in der Innenstadt ein Fahrradverleihsystem mit "
        "zwölf Stationen. E-Scooter-Verleiher sind in der Stadt bislang nicht zugelassen.",
        {"bikesharing": True, "e_tretroller": False},
    ),
    _page(
        "b6-08",
        "https://www.stadt-offenburg.de/html/verkehr/parken.html",
        "Parken\nStartseite › Leben › Verkehr › Parken\n"
        "In der Innenstadt gibt es fünf Parkhäuser. Die aktuelle Belegung der Parkhäuser wird an den "
        "Stadteinfahrten auf elektronischen Tafeln angezeigt.\n"
        "Handyparken: In allen Parkzonen können Sie Ihren Parkschein auch mit den Apps EasyPark oder PayByPhone lösen.",
        {"smart_parking": True, "handyparken": True},
    ),
    _page(
        "b6-09",
        "https://www.swt-trier.de/presse/neue-app",
        "date 2021-09 Neue App: Tickets kaufen und Busse live verfolgen\n"
        "Mit der neuen App der Stadtwerke Trier können Fahrgäste ab sofort Einzelfahrscheine, Tageskarten und "
        "Monatskarten direkt auf dem Smartphone kaufen. Außerdem zeigt die App auf einer Live-Karte, wo sich die "
        "Busse gerade befinden und wann sie an der Haltestelle ankommen.",
        {"mobile_ticket": True, "realtime_transit_info": True},
    ),
    _page(
        "b6-10",
        "https://www.lokalkompass.de/herne/c-politik/keine-e-scooter-in-herne_a1234567",
        "Keine E-Scooter in Herne\n"
        "Während in Bochum und Dortmund Leih-E-Scooter zum Stadtbild gehören, sucht man sie in Herne vergeblich. "
        "Die Stadt hat bislang keinem Anbieter eine Genehmigung erteilt. Die Ordnungsdezernentin verweist auf die "
        "Erfahrungen der Nachbarstädte mit falsch abgestellten Rollern.",
        {"e_tretroller": False},
    ),
    _page(
        "b6-11",
        "https://www.stadt-pulheim.de/kita-anmeldung",
        "Kita-Anmeldung\n"
        "Sie möchten Ihr Kind in einer Kindertageseinrichtung anmelden? Die Anmeldung läuft über den Kita-Navigator. "
        "Dort können Sie bis zu drei Wunsch-Kitas auswählen. Die Zusagen werden im Frühjahr verschickt.\n"
        "Hinweis: Bitte melden Sie Ihr Kind nicht zusätzlich per E-Mail bei den Einrichtungen an.",
        {"service_online.kita_anmeldung": True},
    ),
    _page(
        "b6-12",
        "https://www.waz.de/staedte/oberhausen/kita-platz-anmeldung-chaos-id234567.html",
        "date 2022-02 Kita-Platz: Anmeldung wird digital – aber erst im Herbst\n"
        "Oberhausener Eltern sollen ihre Kinder künftig online für einen Kita-Platz vormerken können. Das Portal "
        "soll im Oktober freigeschaltet werden, kündigte der Jugenddezernent an. Bis dahin gilt: Wer einen Platz "
        "will, muss die Einrichtungen persönlich abklappern.",
        {"service_online.kita_anmeldung": False},
    ),
    _page(
        "b6-13",
        "https://www.stadt-frechen.de/rathaus/online-services",
        "Online-Services\n"
        "Viele Anliegen können Sie bequem von zu Hause erledigen:\n"
        "• Melderegisterauskunft (online)\n"
        "• Meldebescheinigung (online)\n"
        "• Gewerbeanmeldung (online)\n"
        "• Personalausweis – nur persönlich im Bürgerbüro\n"
        "Bezahlt wird in allen Online-Diensten per giropay oder Kreditkarte.",
        {
            "service_online.melderegisterauskunft": True,
            "service_online.meldebescheinigung": True,
            "service_online.gewerbe_anmeldung": True,
            "epayment_online": True,
        },
    ),
    _page(
        "b6-14",
        "https://www.ksta.de/region/leverkusen/knoellchen-bezahlen-123456",
        "Knöllchen: Online zahlen geht noch nicht\n"
        "Wer in Leverkusen ein Knöllchen bekommt, kann das Verwarngeld nur per Überweisung oder bar bei der "
        "Stadtkasse bezahlen. Eine Bezahlung über das Internet ist nicht vorgesehen, bestätigte ein Stadtsprecher.",
        {"fine_payment_online": False},
    ),
    _page(
        "b6-15",
        "https://www.stadt-herten.de/rathaus/chatbot",
        "Neu auf herten.de: Chatbot „Hertie“\n"
        "Seit dem 1. Juni beantwortet unser digitaler Assistent „Hertie“ Ihre Fragen rund um Abfall, Bürgerbüro und "
        "Veranstaltungen. Den Chat öffnen Sie über das Symbol unten rechts auf jeder Seite. Hertie lernt noch – "
        "bitte haben Sie Nachsicht, wenn nicht jede Antwort passt.",
        {"chatbot": True},
    ),
    _page(
        "b6-16",
        "https://www.stadt-marl.de/rathaus/kontakt",
        "Kontakt\n"
        "Rathaus Marl, Creiler Platz 1, 45768 Marl\n"
        "Telefon: 02365 99-0\n"
        "Behördennummer 115: Unser Servicecenter ist an die 115 angeschlossen und montags bis freitags von 7 bis "
        "18 Uhr erreichbar.",
        {"behoerdennummer_115": True},
    ),
    _page(
        "b6-17",
        "https://www.stadt-neuss.de/leben/umwelt/sauberkeit",
        "Sauberkeit in der Stadt\n"
        "Illegale Müllablagerungen, überfüllte Papierkörbe oder Graffiti? Nutzen Sie unseren Schadensmelder: Über "
        "die Website oder die App „Neuss meldet“ können Sie Missstände mit Foto und Standort direkt an die Verwaltung "
        "schicken.",
        {"maengelmelder": True},
    ),
    _page(
        "b6-18",
        "https://www.stadt-grevenbroich.de/politik/ratssitzungen",
        "Ratssitzungen\n"
        "Die Sitzungen des Rates sind öffentlich. Zuschauerinnen und Zuschauer sind im Ratssaal herzlich willkommen. "
        "Eine Übertragung im Internet findet nicht statt. Die Niederschriften stehen im Ratsinformationssystem zur "
        "Verfügung.",
        {"rats_tv": False},
    ),
    _page(
        "b6-19",
        "https://www.stadt-witten.de/buergerhaushalt",
        "Bürgerhaushalt 2025 – jetzt mitmachen!\n"
        "Vom 1. bis 31. März können alle Wittenerinnen und Wittener auf der Online-Plattform buergerhaushalt.witten.de "
        "Ideen für den städtischen Haushalt einreichen und über die Vorschläge anderer abstimmen.",
        {"participation_platform": True},
    ),
    _page(
        "b6-20",
        "https://www.stadt-dormagen.de/open-data",
        "Offene Daten\n"
        "Die Stadt Dormagen stellt ausgewählte Daten frei zur Verfügung. Im Open-Data-Portal finden Sie derzeit 42 "
        "Datensätze, etwa zu Kitas, Spielplätzen und Wahlergebnissen, im Format CSV und GeoJSON.",
        {"open_data_portal": True},
    ),
    _page(
        "b6-21",
        "https://www.stadt-kerpen.de/bauen/stadtplan",
        "Stadtplan\n"
        "Unser digitaler Stadtplan zeigt Straßen, Haltestellen, Schulen und öffentliche Einrichtungen. Über die "
        "Ebenenauswahl können Sie zusätzlich Bebauungspläne und Luftbilder einblenden.",
        {"geodata_portal": True},
    ),
    _page(
        "b6-22",
        "https://www.rheinische-post.de/nrw/staedte/moenchengladbach/intelligente-laternen-123",
        "date 2020-11 Intelligente Laternen: Stadt verzichtet auf Sensoren\n"
        "Die Stadt stellt 4.000 Straßenlaternen auf LED um. Auf Bewegungsmelder, wie sie andere Kommunen testen, "
        "verzichtet man aus Kostengründen. Die Leuchten werden nachts zeitgesteuert gedimmt.",
        {"smart_street_lighting": False},
    ),
    _page(
        "b6-23",
        "https://www.awb-koeln.de/presse/solar-muelleimer",
        "Solar-Mülleimer am Rheinufer\n"
        "Seit dieser Woche stehen am Rheinufer 20 solarbetriebene Abfallbehälter, die den Müll pressen und per "
        "Funk melden, wenn sie voll sind. Die AWB leeren sie dann gezielt.",
        {"smart_waste": True},
    ),
    _page(
        "b6-24",
        "https://www.stadt-hilden.de/wirtschaft/coworking",
        "Coworking in Hilden\n"
        "Im alten Postgebäude an der Mittelstraße hat im Frühjahr der erste Coworking-Space der Stadt eröffnet. 30 "
        "Arbeitsplätze und ein Besprechungsraum stehen Freiberuflern und Gründern zur Verfügung, das kleine FabLab "
        "mit 3D-Drucker und Lasercutter ist donnerstags für alle Bürgerinnen und Bürger geöffnet.",
        {"coworking": True, "fablab": True},
    ),
    _page(
        "b6-25",
        "https://www.stadt-bergheim.de/verwaltung/serviceportal",
        "Serviceportal\n"
        "Das Serviceportal der Stadt Bergheim wird derzeit überarbeitet und ist vorübergehend nicht erreichbar. "
        "Anträge können Sie in dieser Zeit per E-Mail oder persönlich im Bürgerbüro stellen.",
        {"serviceportal": False},
    ),
    _page(
        "b6-26",
        "https://www.carsharing-news.de/vergleich-nrw-staedte",
        "Carsharing in NRW: Die Städte im Vergleich\n"
        "Köln liegt mit 1,4 Fahrzeugen je 1.000 Einwohner vorn, gefolgt von Düsseldorf und Münster. In vielen "
        "kleineren Städten gibt es dagegen gar kein stationsbasiertes Carsharing.",
        {},
    ),
    _page(
        "b6-27",
        "https://www.kreis-mettmann.de/strassenverkehrsamt/i-kfz",
        "Online-Zulassung (i-Kfz)\n"
        "Startseite > Straßenverkehrsamt > Online-Zulassung\n"
        "Mit i-Kfz können Sie Fahrzeuge rund um die Uhr online zulassen, umschreiben oder außer Betrieb setzen. "
        "Die Gebühren zahlen Sie direkt im Portal per Kreditkarte oder giropay.\n"
        "Termine für die Zulassungsstelle vor Ort erhalten Sie ausschließlich telefonisch.",
        {
            "service_online.kfz_zulassung": True,
            "epayment_online": True,
            "appointment_online.kfz_zulassung": False,
        },
    ),
    _page(
        "b6-28",
        "https://www.stadt-bornheim.de/buergerservice/auslaenderangelegenheiten",
        "Ausländerangelegenheiten\n"
        "Die Ausländerbehörde für Bornheim ist der Rhein-Sieg-Kreis. Termine vereinbaren Sie bitte direkt mit dem "
        "Kreis; das Bürgerbüro der Stadt nimmt keine Anträge auf Aufenthaltstitel entgegen.",
        {},
    ),
    _page(
        "b6-29",
        "https://www.stadt-velbert.de/gewerbe",
        "Gewerbeamt\n"
        "Die Gewerbeanmeldung ist ausschließlich persönlich oder per Post möglich. Bitte vereinbaren Sie für Ihren "
        "Besuch im Gewerbeamt einen Termin über das Online-Terminsystem.",
        {"service_online.gewerbe_anmeldung": False, "appointment_online.gewerbeamt": True},
    ),
    _page(
        "b6-30",
        "https://www.wdr.de/nachrichten/ruhrgebiet/gelsenkirchen-smart-city-100.html",
        "date 2023-06 Gelsenkirchen: So smart ist die Stadt\n"
        "Gelsenkirchen gilt als Vorreiter bei der Digitalisierung. Seit 2020 können Bürgerinnen und Bürger im "
        "Rathaus und in mehreren Parks kostenlos ins WLAN. Sensoren an Mülleimern sollen ab dem kommenden Jahr "
        "melden, wann diese geleert werden müssen. Ein städtisches LoRaWAN-Netz ist bereits in Betrieb.",
        {"public_wifi": True, "smart_waste": False, "lorawan": True},
    ),
    _page(
        "b6-31",
        "https://www.stadt-dinslaken.de/standesamt/trauungen",
        "Trauungen\n"
        "Trautermine im historischen Ratssaal und auf Burg Dinslaken können Sie online über unseren Terminkalender "
        "reservieren. Die Anmeldung zur Eheschließung erfolgt anschließend persönlich im Standesamt.",
        {"appointment_online.standesamt": True},
    ),
    _page(
        "b6-32",
        "https://www.stadt-kamen.de/aktuelles/bezahlen-im-buergerbuero",
        "date 2019-03 Bürgerbüro: Kartenzahlung ab April\n"
        "Ab dem 1. April können Gebühren im Bürgerbüro Kamen auch bargeldlos mit der girocard bezahlt werden. Die "
        "Terminals werden Ende März installiert.",
        {"card_payment_office": False},
    ),
]
