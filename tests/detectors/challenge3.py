"""A fourth hand-written set (written before running it), for the kinds with few labelled examples."""

from __future__ import annotations

PRESENT, ABSENT, SILENT = "present", "absent", None

CHALLENGE3: list[tuple[str, str, str, dict[str, str | None]]] = [
    (
        "chatbot live on the portal",
        "https://www.beispielstadt.de/aktuelles/chatbot-lotti",
        "Fragen zu Sperrmüll, Hundesteuer oder Personalausweis? Die neue digitale Assistentin „Lotti“ auf "
        "beispielstadt.de gibt Antworten - rund um die Uhr und in fünf Sprachen. Die Stadt hat den Chatbot "
        "gemeinsam mit einem regionalen IT-Dienstleister entwickelt.",
        {"chatbot": PRESENT},
    ),
    (
        "Standesamt booking online",
        "https://www.beispielstadt.de/standesamt/termine",
        "Termine im Standesamt\n\nFür Geburtsbeurkundungen, Namenserklärungen und die Anmeldung zur "
        "Eheschließung buchen Sie Ihren Termin bitte online über das Terminportal.",
        {"t.standesamt": PRESENT},
    ),
    (
        "Gewerbeamt appointments by phone only",
        "https://www.beispielstadt.de/wirtschaft/gewerbeamt",
        "Gewerbeamt\n\nTermine vereinbaren Sie bitte telefonisch unter 0123 4567-89. Eine Online-Terminvergabe "
        "bieten wir derzeit nicht an.",
        {"t.gewerbeamt": ABSENT},
    ),
    (
        "news: council TV in third year",
        "https://www.lokalblatt.de/stadt/drei-jahre-rats-tv",
        "Seit drei Jahren überträgt die Stadt die Sitzungen des Stadtrats im Internet. Im Schnitt verfolgen "
        "rund 400 Menschen die Livestreams, die Aufzeichnungen werden in der Mediathek bereitgestellt.",
        {"ratstv": PRESENT},
    ),
    (
        "news: council rejected livestream",
        "https://www.lokalblatt.de/stadt/kein-livestream-aus-dem-rat",
        "Eine Übertragung der Ratssitzungen im Internet wird es vorerst nicht geben. Der Antrag der Linken "
        "fand im Rat keine Mehrheit.",
        {"ratstv": ABSENT},
    ),
    (
        "city page: interactive map",
        "https://www.beispielstadt.de/stadtplan",
        "Stadtplan\n\nIm interaktiven Stadtplan finden Sie Behörden, Schulen, Kitas, Parkhäuser und "
        "Spielplätze. Über die Suchfunktion gelangen Sie direkt zu einer Adresse.",
        {"stadtplan": PRESENT},
    ),
    (
        "news: Meldebescheinigung printing at home",
        "https://www.lokalblatt.de/stadt/meldebescheinigung-online",
        "Wer eine Meldebescheinigung braucht, muss dafür nicht mehr ins Bürgerbüro: Seit Montag lässt sie sich "
        "online beantragen und als PDF herunterladen.",
        {"d.meldebescheinigung": PRESENT},
    ),
    (
        "news: public WLAN switched off",
        "https://www.lokalblatt.de/stadt/wlan-abgeschaltet",
        "Das kostenlose WLAN in der Fußgängerzone wurde abgeschaltet. Die Stadt hatte den Vertrag mit dem "
        "Anbieter nicht verlängert.",
        {"wlan": ABSENT},
    ),
    (
        "news: smart parking sensors removed, guidance stays",
        "https://www.lokalblatt.de/stadt/parksensoren",
        "Das Pilotprojekt mit Parksensoren in der Altstadt ist ausgelaufen, die Sensoren wurden abgebaut.",
        {"smart_parking": ABSENT},
    ),
    (
        "news: Kita registration portal started this week",
        "https://www.lokalblatt.de/stadt/kita-portal-gestartet",
        "date 2022-01 Das neue Kita-Portal ist am Montag gestartet. Eltern können ihre Kinder dort für einen "
        "Platz in allen städtischen und freien Einrichtungen vormerken.",
        {"d.kita": PRESENT},
    ),
    (
        "news: card payment since years, online payment planned",
        "https://www.lokalblatt.de/stadt/bezahlen-im-rathaus",
        "Im Bürgerbüro kann schon lange mit EC-Karte bezahlt werden. Eine Bezahlung von Gebühren im Internet ist "
        "dagegen noch nicht möglich; sie soll mit dem neuen Serviceportal kommen.",
        {"karte": PRESENT, "epayment": ABSENT},
    ),
    (
        "news: e-scooter sharing with parking zones",
        "https://www.lokalblatt.de/stadt/abstellzonen-fuer-e-scooter",
        "Die Stadt richtet feste Abstellzonen für die Leih-E-Scooter der Anbieter Voi und Bolt ein. Rund 800 "
        "Roller sind derzeit im Stadtgebiet unterwegs.",
        {"scooter": PRESENT},
    ),
    (
        "news: handytickets discontinued app, new app",
        "https://www.lokalblatt.de/stadt/neue-ticket-app",
        "Die alte Ticket-App der Verkehrsbetriebe wird zum Jahresende abgeschaltet. Fahrgäste können ihre "
        "Handytickets künftig in der neuen App kaufen, die bereits heute verfügbar ist.",
        {"handyticket": PRESENT},
    ),
    (
        "glossary page: what is open data (no municipality)",
        "https://www.daten-lexikon.de/open-data",
        "Open Data bezeichnet Daten, die von jedermann frei genutzt werden dürfen. Viele Kommunen betreiben "
        "eigene Open-Data-Portale, auf denen sie Datensätze zum Download anbieten.",
        {"opendata": SILENT},
    ),
    (
        "news: mobility station opened",
        "https://www.lokalblatt.de/stadt/erste-mobilstation",
        "Am Hauptbahnhof ist die erste Mobilstation eröffnet worden: Leihräder, zwei Carsharing-Autos und eine "
        "Fahrradgarage an einem Ort.",
        {"mobilstation": PRESENT, "carsharing": PRESENT},
    ),
]
