"""Blind set 5: a second hand-written set in a different style, written after the fixes for set 4 and
scored once before any rule was changed for it (the score is recorded in docs/detectors.md).

Style: administrative German of FIM/Leika service descriptions (question headings "Welche Gebühren fallen
an?"), council minutes with agenda items, Amtsblatt notices, interviews, long local-news articles cut
mid-word at ~2,000 characters, HTML pages whose navigation and footer name features the page itself does
not offer, an English page of a foreigners' office, overview lists of online services. Labels follow
``../shared/pages-dev/README.md`` (same kinds, same semantics); the municipalities are real, the facts are
invented.
"""

from __future__ import annotations

from tests.detectors.blind4 import _page

_NAV = (
    '<header><nav class="main-nav"><ul>'
    '<li><a href="/buergerservice/online-terminvergabe">Online-Terminvergabe</a></li>'
    '<li><a href="/buergerservice/maengelmelder">Mängelmelder</a></li>'
    '<li><a href="/politik/ratsinfo">Ratsinformationssystem und Livestream</a></li>'
    '<li><a href="/verkehr/handyparken">Handyparken</a></li>'
    "</ul></nav></header>"
)
_FOOTER = (
    '<footer><ul><li><a href="/open-data">Open-Data-Portal</a></li><li><a href="/wlan">Freies WLAN</a></li>'
    '<li><a href="/barrierefreiheit">Barrierefreiheit</a></li><li><a href="/impressum">Impressum</a></li></ul>'
    "</footer>"
)


def _html(title: str, main: str, head: str = "") -> str:
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
        f"{_NAV}<main>{main}</main>{_FOOTER}</body></html>"
    )


BLIND5: list[dict] = [
    _page(
        "b5-01",
        "https://www.mannheim.de/de/service-bieten/buergerdienste/anmeldung-einer-wohnung",
        "Anmeldung einer Wohnung\n"
        "Leistungsbeschreibung\n"
        "Wer eine Wohnung bezieht, hat sich innerhalb von zwei Wochen nach dem Einzug bei der Meldebehörde "
        "anzumelden.\n"
        "Verfahrensablauf\n"
        "Die Anmeldung kann persönlich im Bürgerservice oder elektronisch erfolgen. Für die elektronische Anmeldung "
        "steht Ihnen der Online-Dienst „Wohnsitzanmeldung“ zur Verfügung; die Identifizierung erfolgt über die "
        "Online-Ausweisfunktion Ihres Personalausweises.\n"
        "Welche Unterlagen werden benötigt?\n"
        "• Wohnungsgeberbestätigung\n"
        "• Personalausweis oder Reisepass\n"
        "Welche Gebühren fallen an?\n"
        "Keine.\n"
        "Was sollte ich noch wissen?\n"
        "Eine Terminvereinbarung für den Bürgerservice ist online oder telefonisch möglich.",
        {"service_online.ummeldung": True, "appointment_online.buergeramt": True},
    ),
    _page(
        "b5-02",
        "https://www.moers.de/de/dienstleistungen/gewerbe-ummelden/",
        "Gewerbe ummelden\n"
        "Leistungsbeschreibung\n"
        "Wenn Sie den Betrieb Ihres Gewerbes verlegen oder den Gegenstand Ihres Gewerbes ändern, müssen Sie dies der "
        "zuständigen Behörde anzeigen.\n"
        "Verfahrensablauf\n"
        "Die Ummeldung erfolgt schriftlich mit dem amtlichen Vordruck. Senden Sie das ausgefüllte und unterschriebene "
        "Formular per Post an das Ordnungsamt, Abteilung Gewerbe.\n"
        "Online-Dienst\n"
        "Zu dieser Leistung ist derzeit kein Online-Dienst verfügbar.\n"
        "Welche Gebühren fallen an?\n"
        "20 Euro, zahlbar per Überweisung nach Erhalt des Bescheids.",
        {"service_online.gewerbe_anmeldung": False},
    ),
    _page(
        "b5-03",
        "https://ratsinfo.salzgitter.de/niederschrift/ausschuss-digitales-12",
        "date 2021-09 Niederschrift über die 12. Sitzung des Ausschusses für Digitalisierung und Organisation\n"
        "TOP 4: Bericht der Verwaltung zur Online-Terminvergabe im Bürgeramt\n"
        "Herr Schulz (Fachdienst Bürgerservice) berichtet, dass die Online-Terminvergabe für das Bürgeramt seit dem "
        "3. Mai 2021 in Betrieb ist. Bislang seien rund 14.000 Termine über das Internet gebucht worden; die "
        "Wartezeiten hätten sich deutlich verkürzt. Der Ausschuss nimmt den Bericht zur Kenntnis.\n"
        "TOP 5: Antrag der Fraktion Die PARTEI – Übertragung der Ratssitzungen im Internet\n"
        "Die Verwaltung erläutert die Kosten für Kameratechnik und Personal von jährlich rund 40.000 Euro.\n"
        "Beschluss: Der Antrag wird mit 3 Ja-Stimmen bei 9 Nein-Stimmen abgelehnt.",
        {"appointment_online.buergeramt": True, "rats_tv": False},
    ),
    _page(
        "b5-04",
        "https://www.bottrop.de/amtsblatt/2024/bekanntmachung-kartenzahlung",
        "date 2024-05 Amtliche Bekanntmachung\n"
        "Kartenzahlung in den Bürgerbüros\n"
        "Ab dem 1. Juli 2024 können Gebühren in den Bürgerbüros der Stadt Bottrop auch mit girocard oder "
        "Kreditkarte bezahlt werden. Bisher war in den Bürgerbüros ausschließlich Barzahlung möglich.\n"
        "Der Oberbürgermeister",
        {"card_payment_office": False},
    ),
    _page(
        "b5-05",
        "https://www.recklinghausen.de/buergerbuero-innenstadt",
        _html(
            "Bürgerbüro Innenstadt - Stadt Recklinghausen",
            "<article><h1>Bürgerbüro Innenstadt</h1>"
            "<p>Im Bürgerbüro Innenstadt erledigen Sie Pass-, Ausweis- und Meldeangelegenheiten.</p>"
            "<h2>Öffnungszeiten</h2><p>Montag bis Freitag 8 bis 13 Uhr, Donnerstag zusätzlich 14 bis 18 Uhr</p>"
            "<h2>Zahlungsmöglichkeiten</h2><ul><li>bar</li><li>girocard</li><li>Kreditkarte (Visa, Mastercard)</li></ul>"
            "<h2>Anschrift</h2><p>Rathausplatz 3, 45657 Recklinghausen</p></article>",
        ),
        {"card_payment_office": True},
    ),
    _page(
        "b5-06",
        "https://www.bottrop.de/aktuelles/2022/bottrop-meldet.php",
        _html(
            "Stadt startet Meldeplattform „Bottrop meldet“",
            "<article><h1>Stadt startet Meldeplattform „Bottrop meldet“</h1>"
            '<p class="date"><time datetime="2022-03-15">15.03.2022</time></p>'
            "<p>Ab sofort können Bürgerinnen und Bürger Schäden im öffentlichen Raum über die neue Plattform "
            "„Bottrop meldet“ an die Verwaltung übermitteln. Ob Schlagloch, wilde Müllkippe oder defekte Ampel: "
            "Über die App oder die Internetseite lässt sich der Ort auf einer Karte markieren, ein Foto anhängen "
            "und eine kurze Beschreibung eingeben.</p>"
            "<p>Die Meldungen werden automatisch an das zuständige Fachamt weitergeleitet. Über den Stand der "
            "Bearbeitung werden die Meldenden per E-Mail informiert.</p></article>",
            head='<meta property="article:published_time" content="2022-03-15T09:00:00+01:00">',
        ),
        {"maengelmelder": True},
    ),
    _page(
        "b5-07",
        "https://www.kreis-recklinghausen.de/magazin/interview-digitalisierung",
        "„Wir wollen nicht jedes Spielzeug“ – Interview mit dem Digitalisierungsbeauftragten\n"
        "Herr Bauer, viele Bürgerinnen und Bürger fragen: Wann kommt die digitale Kfz-Zulassung?\n"
        "Die gibt es längst. Die Außerbetriebsetzung und die Wiederzulassung über i-Kfz bieten wir seit 2020 an, "
        "seit letztem Jahr auch die Neuzulassung. Rund ein Viertel der Abmeldungen läuft inzwischen online.\n"
        "Und ein Chatbot auf der Kreis-Website?\n"
        "Davon halte ich wenig. Einen Chatbot wird es bei uns vorerst nicht geben, weil die Antworten bei "
        "Verwaltungsfragen verbindlich sein müssen.",
        {"service_online.kfz_zulassung": True, "chatbot": False},
    ),
    _page(
        "b5-08",
        "https://www.wz.de/nrw/krefeld/auslaenderbehoerde-termine-nur-noch-online_aid-91234567",
        "date 2023-03 Ausländerbehörde: Termine nur noch online\n"
        "Krefeld. Die langen Schlangen vor dem Verwaltungsgebäude am Westwall sollen der Vergangenheit angehören. "
        "Seit Anfang Februar vergibt die Ausländerbehörde der Stadt Krefeld Termine ausschließlich über ein "
        "Online-Portal. Wer etwa seine Aufenthaltserlaubnis verlängern oder eine Niederlassungserlaubnis beantragen "
        "möchte, wählt auf der Internetseite der Stadt das passende Anliegen aus und bekommt freie Termine der "
        "nächsten sechs Wochen angezeigt. „Die ersten Erfahrungen sind gut“, sagt Abteilungsleiterin Sandra Kühn. "
        "Etwa 80 Prozent der Termine würden inzwischen online gebucht, der Rest werde für Menschen ohne "
        "Internetzugang telefonisch vergeben.\n"
        "Kritik kommt allerdings vom Integrationsrat. Dessen Vorsitzender bemängelt, dass die Seite bisher nur auf "
        "Deutsch verfügbar sei. Viele Betroffene seien auf die Hilfe von Beratungsstellen angewiesen, um überhaupt "
        "einen Termin zu bekommen. Die Stadt kündigte an, die Seite bis zum Sommer auch auf Englisch, Arabisch und "
        "Ukrainisch anzubieten. Außerdem sollen zusätzliche Sachbearbeiterstellen besetzt werden; derzeit sind "
        "nach Angaben der Stadt neun von 31 Stellen unbesetzt. Die durchschnittliche Bearbeitungszeit eines Antrags "
        "auf Einbürgerung liege bei mehr als einem Jahr.\n"
        "Auch bei der Beratung der Geflüchteten aus der Ukraine gebe es weiterhin Engpässe. Hier arbeite die "
        "Ausländerbehörde eng mit dem Fachbereich Soziales zusammen. Wer eine Fiktionsbescheinigung benötigt, "
        "erhält diese weiterhin ohne Termin an zwei Vormittagen pro Woche. Die Stadt bittet darum, von Nachfragen "
        "per E-Mail abzusehen, da diese die Bearbeitung zusätzlich verzöge",
        {"appointment_online.auslaenderbehoerde": True},
    ),
    _page(
        "b5-09",
        "https://www.spd-oberhausen.de/2022/05/heiraten-ohne-online-termin/",
        "Heiraten in Oberhausen: Warum nicht online?\n"
        "Anders als in vielen Nachbarstädten können Paare in Oberhausen keinen Trautermin online reservieren. Wer "
        "heiraten möchte, muss zu den Sprechzeiten im Standesamt anrufen – und landet oft in der Warteschleife. Wir "
        "haben die Verwaltung gefragt, warum das so ist. Die Antwort: Das Fachverfahren unterstütze keine "
        "Online-Buchung. Wir bleiben dran!",
        {"appointment_online.standesamt": False},
    ),
    _page(
        "b5-10",
        "https://www.cottbus.de/presse/2023/kita-portal.html",
        "date 2023-08 Pressemitteilung: Neues Kita-Portal startet im Herbst\n"
        "Ab dem 1. Oktober können Eltern in Cottbus ihr Kind über das neue Kita-Portal für einen Betreuungsplatz "
        "vormerken. Bis dahin erfolgt die Anmeldung wie gewohnt direkt in den Einrichtungen. Das Portal zeigt "
        "künftig auch freie Plätze in der Kindertagespflege an.",
        {"service_online.kita_anmeldung": False},
    ),
    _page(
        "b5-11",
        "https://www.gera.de/kinderbetreuung/anmeldung",
        "Anmeldung in einer Kindertageseinrichtung\n"
        "Die Anmeldung erfolgt direkt in der gewünschten Kindertagesstätte. Bitte vereinbaren Sie dazu einen "
        "Besichtigungstermin mit der Kita-Leitung. Die Anmeldeformulare erhalten Sie in den Einrichtungen. Eine "
        "Liste aller Kitas mit Ansprechpartnern finden Sie unten.",
        {},
    ),
    _page(
        "b5-12",
        "https://www.ruhrnachrichten.de/recklinghausen/knoellchen-per-smartphone-bezahlen-w1234567-2000123456/",
        "date 2021-11 Knöllchen per Smartphone bezahlen\n"
        "Seit dieser Woche tragen die Verwarnungen des Kommunalen Ordnungsdienstes einen QR-Code. Wer ihn mit dem "
        "Handy scannt, landet auf einer Bezahlseite der Stadt und kann das Verwarngeld sofort mit giropay, PayPal "
        "oder Kreditkarte begleichen. Die Überweisung per Bank ist weiterhin möglich.",
        {"fine_payment_online": True, "epayment_online": True},
    ),
    _page(
        "b5-13",
        "https://www.cz.de/lokales/celle/buergeramt-karte-statt-bargeld",
        "date 2022-10 Bürgeramt: Karte statt Bargeld\n"
        "Seit Montag kann im Bürgeramt der Stadt Celle auch mit Karte gezahlt werden. An allen sechs Schaltern "
        "stehen nun Kartenterminals bereit, an denen girocard, Visa und Mastercard akzeptiert werden – auch "
        "kontaktlos per Smartphone. Bargeld wird weiterhin angenommen.",
        {"card_payment_office": True},
    ),
    _page(
        "b5-14",
        "https://www.hannover.de/Service/Chatbot",
        "Fragen Sie Lumi!\n"
        "Lumi ist der digitale Assistent der Landeshauptstadt Hannover. Der Chatbot hilft Ihnen rund um die Uhr bei "
        "Fragen zu Dienstleistungen, Öffnungszeiten und Zuständigkeiten. Klicken Sie unten rechts auf das "
        "Sprechblasen-Symbol, um den Chat zu starten. Bitte geben Sie keine persönlichen Daten ein.",
        {"chatbot": True},
    ),
    _page(
        "b5-15",
        "https://www.salzgitter.de/rathaus/kontakt.php",
        "Kontakt zur Stadtverwaltung\n"
        "Servicecenter 115\n"
        "Die Stadtverwaltung Salzgitter ist montags bis freitags von 8 bis 18 Uhr über die Behördennummer 115 "
        "erreichbar. Das Servicecenter beantwortet Ihre Fragen oder verbindet Sie direkt mit der zuständigen "
        "Fachabteilung.\n"
        "Postanschrift\n"
        "Stadt Salzgitter, Joachim-Campe-Straße 6-8, 38226 Salzgitter",
        {"behoerdennummer_115": True},
    ),
    _page(
        "b5-16",
        "https://www.cottbus.de/verwaltung/kontakt",
        "So erreichen Sie uns\n"
        "Telefonzentrale: 0355 612-0 (Mo–Fr 7:30–18 Uhr)\n"
        "Die einheitliche Behördennummer 115 ist in Cottbus nicht geschaltet. Bitte nutzen Sie die Nummer der "
        "Telefonzentrale oder unser Kontaktformular.",
        {"behoerdennummer_115": False},
    ),
    _page(
        "b5-17",
        "https://www.luebeck.de/de/presse/pressemeldungen/2021/open-data-portal.html",
        "date 2021-06 Lübeck veröffentlicht Verwaltungsdaten\n"
        "Die Hansestadt Lübeck hat ihr Open-Data-Portal freigeschaltet. Zum Start stehen 85 Datensätze bereit, "
        "darunter Einwohnerzahlen nach Stadtteilen, Standorte von Ladesäulen und die Ergebnisse der letzten "
        "Wahlen. Weitere Daten sollen schrittweise folgen.",
        {"open_data_portal": True},
    ),
    _page(
        "b5-18",
        "https://www.stadt-rheine.de/aktuelles/digitaler-stadtplan",
        "date 2020-02 Digitaler Stadtplan in Arbeit\n"
        "Ein interaktiver Stadtplan für Rheine ist derzeit in Arbeit und soll im Herbst online gehen. Bis dahin "
        "können Bürgerinnen und Bürger den gedruckten Stadtplan kostenlos im Bürgerbüro abholen.",
        {"geodata_portal": False},
    ),
    _page(
        "b5-19",
        "https://www.stadt-cottbus.de/geodaten/webgis",
        "WebGIS der Stadt Cottbus\n"
        "Im WebGIS können Sie Karten zu Schulen, Kitas, Denkmalen und Bebauungsplänen abrufen, messen und "
        "drucken. Der Kartendienst ist ohne Anmeldung nutzbar.",
        {"geodata_portal": True},
    ),
    _page(
        "b5-20",
        "https://www.stadt-goettingen.de/rat/livestream.html",
        "Gemeinderat im Livestream\n"
        "So verfolgen Sie die Sitzung: Die öffentlichen Sitzungen des Rates werden live auf dieser Seite "
        "übertragen. Der Stream startet etwa zehn Minuten vor Sitzungsbeginn. Ältere Sitzungen finden Sie in "
        "unserer Mediathek.",
        {"rats_tv": True},
    ),
    _page(
        "b5-21",
        "https://www.trier.de/buergerhaushalt",
        "Bürgerhaushalt\n"
        "Der Stadtrat hat beschlossen, den Bürgerhaushalt nicht fortzuführen. Die Online-Plattform, auf der "
        "Bürgerinnen und Bürger zwischen 2011 und 2019 Vorschläge eingereicht und bewertet haben, wurde "
        "abgeschaltet. Die Ergebnisse der bisherigen Runden stehen als PDF zum Download bereit.",
        {"participation_platform": False},
    ),
    _page(
        "b5-22",
        "https://www.remscheid.de/dein-remscheid",
        "Dein Remscheid – die Ideenplattform\n"
        "Sie haben eine Idee, wie Remscheid lebenswerter werden kann? Auf der Ideenplattform „Dein Remscheid“ "
        "können Sie Ihre Vorschläge online einreichen, die Ideen anderer kommentieren und unterstützen. Jeden "
        "Monat beantwortet die Verwaltung die drei Vorschläge mit den meisten Unterstützern.",
        {"participation_platform": True},
    ),
    _page(
        "b5-23",
        "https://www.stadtwerke-fuerth.de/presse/smarte-parkplaetze",
        "Smarte Parkplätze in der Innenstadt\n"
        "Die Stadtwerke haben 300 Stellplätze rund um die Fußgängerzone mit Sensoren ausgestattet. Die Sensoren "
        "erkennen, ob ein Platz belegt ist; in der App „Fürth mobil“ sehen Autofahrerinnen und Autofahrer freie "
        "Plätze in Echtzeit.",
        {"smart_parking": True},
    ),
    _page(
        "b5-24",
        "https://www.ovb-online.de/rosenheim/parkleitsystem-defekt-91012345.html",
        "Parkleitsystem seit Monaten defekt\n"
        "Die Anzeigetafeln des Parkleitsystems zeigen seit dem Frühjahr keine freien Plätze mehr an. Eine Reparatur "
        "lohne sich nicht, teilte die Stadt mit; das System werde abgebaut.",
        {"smart_parking": False},
    ),
    _page(
        "b5-25",
        "https://www.rga.de/lokales/remscheid/leserfrage-parkschein-per-app-91234567.html",
        "Leserfrage: Kann man in Remscheid per App parken?\n"
        "Nein. Anders als in Wuppertal oder Solingen lässt sich ein Parkschein in Remscheid bisher nicht per "
        "Smartphone lösen. Die Stadt prüft nach eigenen Angaben die Einführung, einen Termin gibt es aber nicht.",
        {"handyparken": False},
    ),
    _page(
        "b5-26",
        "https://www.recklinghausen.de/mobilitaet/metropolrad",
        "Metropolrad Ruhr\n"
        "Das Fahrradmietsystem metropolradruhr ist mit 20 Stationen in Recklinghausen vertreten. Die Räder können "
        "rund um die Uhr per App oder Hotline ausgeliehen und an jeder Station zurückgegeben werden.",
        {"bikesharing": True},
    ),
    _page(
        "b5-27",
        "https://www.saarbruecker-zeitung.de/saarland/saarbruecken/leihradsystem-soll-2026-kommen_aid-12345678",
        "date 2024-02 Leihradsystem soll 2026 kommen\n"
        "Saarbrücken bekommt ein Fahrradverleihsystem – allerdings erst in zwei Jahren. Der Stadtrat hat die "
        "Verwaltung beauftragt, ein System mit 50 Stationen auszuschreiben. Der Start ist für Frühjahr 2026 "
        "geplant.",
        {"bikesharing": False},
    ),
    _page(
        "b5-28",
        "https://www.otz.de/regionen/gera/e-scooter-in-gera-id12345678.html",
        "date 2022-05 E-Scooter rollen jetzt auch durch Gera\n"
        "Seit Dienstag stehen in der Innenstadt 300 E-Scooter des Anbieters Bolt. Die Roller lassen sich per App "
        "ausleihen und kosten 20 Cent pro Minute. Die Stadt hat mit dem Verleiher Parkzonen am Bahnhof und am "
        "Markt vereinbart.",
        {"e_tretroller": True},
    ),
    _page(
        "b5-29",
        "https://www.hna.de/kassel/baunatal/e-roller-kommen-naechste-woche-91234567.html",
        "date 2023-04 Leih-E-Roller kommen nächste Woche\n"
        "Ab kommendem Montag sollen in Baunatal die ersten 150 Leih-E-Roller bereitstehen. Die Stadt hat mit dem "
        "Anbieter eine Sondernutzungserlaubnis für zunächst ein Jahr vereinbart.",
        {"e_tretroller": False},
    ),
    _page(
        "b5-30",
        "https://www.salzgitter-zeitung.de/salzgitter/carsharing-fehlanzeige",
        "Carsharing: Fehlanzeige in Salzgitter\n"
        "Wer in Salzgitter ein Auto teilen möchte, hat es schwer: Ein Carsharing-Angebot gibt es in der Stadt "
        "bisher nicht. Die Anbieter aus Braunschweig haben kein Interesse, ihr Angebot auszuweiten.",
        {"carsharing": False},
    ),
    _page(
        "b5-31",
        "https://www.kvb.koeln/fahrtinfo/live-karte",
        "Wo ist mein Bus?\n"
        "Auf der Live-Karte sehen Sie die aktuelle Position aller Busse und Stadtbahnen in Köln. Verspätungen werden "
        "farbig angezeigt, die Abfahrtszeiten an den Haltestellen werden in Echtzeit aktualisiert.",
        {"realtime_transit_info": True},
    ),
    _page(
        "b5-32",
        "https://www.stadtwerke-osnabrueck.de/mobil/tickets",
        "Tickets für Bus & Bahn\n"
        "Ihr Ticket gibt es am Automaten, im Bus oder in der App. Mit der App „Osnabrück mobil“ kaufen Sie "
        "Einzelfahrten und Tageskarten direkt auf dem Smartphone; bezahlt wird per PayPal, Kreditkarte oder "
        "Lastschrift.",
        {"mobile_ticket": True},
    ),
    _page(
        "b5-33",
        "https://www.stadtwerke-gera.de/wlan",
        "Kostenloses Internet in der Innenstadt\n"
        "An 35 Standorten in der Innenstadt, am Hauptbahnhof und im Hofwiesenpark stehen WLAN-Hotspots der "
        "Stadtwerke zur Verfügung. Die Nutzung ist kostenlos und ohne Registrierung möglich.",
        {"public_wifi": True},
    ),
    _page(
        "b5-34",
        "https://www.swm.de/smart-city",
        "Smart City: Was wir heute schon tun\n"
        "• LoRaWAN: Unser Funknetz für Sensoren ist seit 2020 in Betrieb und deckt das gesamte Stadtgebiet ab.\n"
        "• Straßenbeleuchtung: Über ein Lichtmanagementsystem werden 12.000 Leuchten fernüberwacht und bei "
        "Bedarf gedimmt; an Radwegen schalten Bewegungsmelder das Licht hoch.\n"
        "• Ladesäulen: Mehr als 900 öffentliche Ladepunkte betreiben wir bereits.",
        {"lorawan": True, "smart_street_lighting": True},
    ),
    _page(
        "b5-35",
        "https://www.wr.de/staedte/hagen/sensoren-in-muelleimern-test-beendet-id23456789.html",
        "date 2021-07 Sensoren in Mülleimern: Test beendet\n"
        "Die Stadt Iserlohn hat den Test mit Füllstandssensoren in 40 Papierkörben beendet. Die Technik habe sich "
        "nicht bewährt, die Sensoren wurden wieder ausgebaut.",
        {"smart_waste": False},
    ),
    _page(
        "b5-36",
        "https://www.wolfsburger-nachrichten.de/wolfsburg/makerspace-im-bildungshaus",
        "date 2023-06 Makerspace soll ins neue Bildungshaus\n"
        "Wolfsburg soll einen Makerspace bekommen: Im neuen Bildungshaus am Nordkopf ist eine offene Werkstatt mit "
        "3D-Druckern und Lasercutter geplant. Der Bau soll 2025 beginnen.",
        {"fablab": False},
    ),
    _page(
        "b5-37",
        "https://www.hz.de/lokales/coworking-space-schliesst-12345678",
        "Coworking-Space schließt\n"
        "Der einzige Coworking-Space in Heidenheim hat zum Jahresende geschlossen. Die Betreiberin nennt zu wenige "
        "feste Mieter als Grund.",
        {"coworking": False},
    ),
    _page(
        "b5-38",
        "https://www.stadt-bielefeld.de/online-bezahlen-stoerung",
        "Störung: Online-Bezahlung vorübergehend nicht möglich\n"
        "Aufgrund einer Störung beim Zahlungsdienstleister ist die Online-Bezahlung von Gebühren derzeit nicht "
        "möglich. Anträge können Sie trotzdem stellen; Sie erhalten dann einen Gebührenbescheid zur Überweisung.",
        {"epayment_online": False},
    ),
    _page(
        "b5-39",
        "https://www.hildesheim.de/online-dienste",
        "Unsere Online-Dienste\n"
        "Folgende Leistungen können Sie im Serviceportal der Stadt Hildesheim vollständig online erledigen:\n"
        "• Meldebescheinigung beantragen\n"
        "• Einfache Melderegisterauskunft\n"
        "• Bewohnerparkausweis beantragen\n"
        "• Wunschkennzeichen reservieren\n"
        "• Hund anmelden",
        {
            "serviceportal": True,
            "service_online.meldebescheinigung": True,
            "service_online.melderegisterauskunft": True,
            "service_online.anwohnerparkausweis": True,
        },
    ),
    _page(
        "b5-40",
        "https://www.rp-online.de/nrw/staedte/vergleich-knoellchen-online-bezahlen_aid-45678901",
        "Vergleich: Wo Knöllchen online bezahlt werden können\n"
        "In Düsseldorf, Köln und Essen können Falschparker ihr Verwarngeld per QR-Code online begleichen. In "
        "Duisburg und Krefeld ist bisher nur die Überweisung möglich. Ein Sprecher des Städtetags sagt, viele "
        "Kommunen warteten auf eine landesweite Lösung.",
        {},
    ),
    _page(
        "b5-41",
        "https://www.muenster.de/en/foreigners-office",
        "Foreigners' Office (Ausländerbehörde)\n"
        "Appointments: Please book your appointment online using our appointment system. You can choose your "
        "concern and a free time slot. Walk-ins are not possible.",
        {"appointment_online.auslaenderbehoerde": True},
    ),
    _page(
        "b5-42",
        "https://www.stadt-bocholt.de/strassenverkehrsamt",
        "Straßenverkehrsamt – Zulassungsstelle\n"
        "Stand: 12.01.2024\n"
        "Die Zulassungsstelle arbeitet ausschließlich mit Termin. Termine können Sie über unseren Online-Terminservice "
        "buchen. Für Händler gibt es einen gesonderten Schalter.\n"
        "Wunschkennzeichen können online reserviert werden.\n"
        "Zahlung: bar, girocard.",
        {"appointment_online.kfz_zulassung": True},
    ),
    _page(
        "b5-43",
        "https://www.stadt-kiel.de/aktuelles/bewohnerparken-online",
        "date 2022-01 Bewohnerparkausweise jetzt online beantragen\n"
        "Kielerinnen und Kieler, die in einer Bewohnerparkzone wohnen, können ihren Parkausweis seit dem 10. Januar "
        "auch online beantragen. Der Antrag ist mit wenigen Klicks erledigt; die Gebühr wird direkt per "
        "Kreditkarte, giropay oder PayPal bezahlt.",
        {"service_online.anwohnerparkausweis": True, "epayment_online": True},
    ),
    _page(
        "b5-44",
        "https://www.rostock.de/buergerservice/faq",
        "Fragen und Antworten zum Bürgerservice\n"
        "Muss ich für die Ummeldung einen Termin buchen?\n"
        "Ja, Termine buchen Sie online unter termine.rostock.de oder telefonisch über die 115.\n"
        "Kann ich im Bürgerservice mit Karte bezahlen?\n"
        "Nein, im Bürgerservice ist nur Barzahlung möglich.\n"
        "Kann ich meine Ummeldung auch online machen?\n"
        "Nein, die Ummeldung ist derzeit nur persönlich möglich.",
        {
            "appointment_online.buergeramt": True,
            "card_payment_office": False,
            "service_online.ummeldung": False,
            "behoerdennummer_115": True,
        },
    ),
    _page(
        "b5-45",
        "https://www.halle.de/de/Verwaltung/Online-Angebote/Kita-Portal",
        "Kita-Portal\n"
        "Über das Kita-Portal finden Eltern alle Kindertageseinrichtungen in Halle (Saale) mit freien Plätzen. Die "
        "Anmeldung für einen Platz können Sie direkt im Portal abschicken. Die Einrichtung meldet sich dann bei "
        "Ihnen.",
        {"service_online.kita_anmeldung": True},
    ),
    _page(
        "b5-46",
        "https://www.stadt-koblenz.de/wirtschaft/gewerbe",
        "Gewerbeangelegenheiten\n"
        "Gewerbean-, -um- und -abmeldungen können Sie elektronisch über den Online-Dienst des Landes "
        "einreichen. Die Gebühr von 25 Euro wird dabei direkt per Kreditkarte oder giropay bezahlt. Für "
        "Rückfragen erreichen Sie das Gewerbeamt unter 0261 129-0; persönliche Vorsprachen sind nur nach "
        "telefonischer Terminvereinbarung möglich.",
        {
            "service_online.gewerbe_anmeldung": True,
            "epayment_online": True,
            "appointment_online.gewerbeamt": False,
        },
    ),
    _page(
        "b5-47",
        "https://www.braunschweiger-zeitung.de/braunschweig/echtzeit-an-allen-haltestellen",
        "date 2019-11 Echtzeit an allen Haltestellen – aber erst 2021\n"
        "Die Braunschweiger Verkehrs-GmbH will bis 2021 alle 600 Haltestellen mit dynamischen "
        "Fahrgastinformationsanzeigen ausstatten. Derzeit zeigen nur die Anzeigen an den 40 wichtigsten "
        "Haltestellen die tatsächlichen Abfahrtszeiten an; an allen anderen hängt der gedruckte Fahrplan.",
        {"realtime_transit_info": True},
    ),
    _page(
        "b5-48",
        "https://www.wuerzburg.de/themen/umwelt/muellabfuhr",
        "Abfallentsorgung\n"
        "Die Leerung der Restmülltonnen erfolgt vierzehntäglich. Den Abfuhrkalender finden Sie online oder in der "
        "Abfall-App. Volle Glascontainer melden Sie bitte über das Kontaktformular des Entsorgungsbetriebs.",
        {},
    ),
]
