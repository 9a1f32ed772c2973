"""Blind set 4: hand-written German municipal pages, labelled like ``../shared/pages-dev`` (same kinds,
same semantics: ``True`` = currently offered, ``False`` = spoken of but not offered / only planned /
future start / only offline, omitted = not addressed or only about other towns).

Written in one go before the detectors were run on them (their first score is the honest
generalisation estimate recorded in docs/detectors.md). The texts imitate the styles real pages have:
"Dienstleistungen A-Z" service pages with Termin / Online-Antrag / Gebühren / Zahlungsarten sections,
press releases with datelines, local news, council motions, party blogs, FAQ pages, vendor pages,
pages about other towns, boilerplate with a specific offer, excerpts cut mid-word at ~2,000 characters
and archive ``date YYYY-MM`` markers. The municipalities named are real, the facts are invented: this is
test data, not information about any city.

Each page: ``{"id", "url", "text", "labels": {label kind: bool}}`` (label kinds as in
:data:`crawlers.detectors.labels.LABEL_TARGETS`).
"""

from __future__ import annotations


def _page(pid: str, url: str, text: str, labels: dict[str, bool]) -> dict:
    return {"id": pid, "url": url, "text": text, "labels": labels}


BLIND4: list[dict] = [
    _page(
        "b4-01",
        "https://www.guetersloh.de/de/rathaus/dienstleistungen-a-z/wohnsitz-anmelden.php",
        "date 2024-03 Wohnsitz anmelden / ummelden\n"
        "Beschreibung\n"
        "Wenn Sie in Gütersloh eine Wohnung beziehen, müssen Sie sich innerhalb von zwei Wochen nach dem Einzug "
        "bei der Meldebehörde anmelden. Das gilt auch für einen Umzug innerhalb des Stadtgebiets.\n"
        "Online-Dienst\n"
        "Mit der elektronischen Wohnsitzanmeldung (eWA) erledigen Sie Ihre Anmeldung vollständig digital. Sie "
        "benötigen dafür Ihren Personalausweis mit aktivierter Online-Ausweisfunktion und die AusweisApp.\n"
        "Termin\n"
        "Wenn Sie lieber persönlich vorbeikommen, vereinbaren Sie bitte vorab einen Termin im Bürgerbüro über die "
        "Online-Terminvergabe.\n"
        "Erforderliche Unterlagen\n"
        "• Personalausweis oder Reisepass\n"
        "• Wohnungsgeberbestätigung\n"
        "Gebühren\n"
        "Die Anmeldung ist gebührenfrei.\n"
        "Zahlungsarten\n"
        "Im Bürgerbüro können Sie bar oder mit girocard bezahlen.",
        {
            "service_online.ummeldung": True,
            "appointment_online.buergeramt": True,
            "card_payment_office": True,
        },
    ),
    _page(
        "b4-02",
        "https://www.oldenburg.de/startseite/buergerservice/dienstleistungen/personalausweis.html",
        "Personalausweis beantragen\n\n"
        "Den Personalausweis beantragen Sie persönlich bei einer der Bürgerservice-Stellen der Stadt Oldenburg. "
        "Eine Online-Beantragung ist nicht möglich, da Ihre Fingerabdrücke und Ihre Unterschrift vor Ort erfasst "
        "werden müssen.\n\n"
        "Terminreservierung\n\n"
        "Bitte reservieren Sie Ihren Termin rechtzeitig online. Freie Termine werden täglich um 7:30 Uhr für die "
        "kommenden vier Wochen freigeschaltet. Ohne Termin ist eine Bedienung nur in dringenden Notfällen möglich.\n\n"
        "Gebühren\n\n"
        "• Antragstellende ab 24 Jahren: 37,00 Euro\n"
        "• unter 24 Jahren: 22,80 Euro\n\n"
        "Bezahlung\n\n"
        "Die Gebühr wird bei Antragstellung fällig. Sie können bar, mit Kreditkarte oder kontaktlos mit der "
        "Debitkarte bezahlen.",
        {"appointment_online.buergeramt": True, "card_payment_office": True},
    ),
    _page(
        "b4-03",
        "https://www.ingolstadt.de/Rathaus/Standesamt/Eheschlie%C3%9Fung/",
        "Eheschließung – Anmeldung\n\n"
        "Die Anmeldung zur Eheschließung erfolgt beim Standesamt des Wohnortes. Für die Anmeldung ist ein "
        "persönlicher Termin erforderlich. Terminvereinbarungen sind ausschließlich telefonisch unter 0841 305-1234 "
        "möglich. Trautermine im Alten Rathaus können bis zu sechs Monate im Voraus reserviert werden; bitte wenden "
        "Sie sich dazu direkt an die Standesbeamtinnen.\n\n"
        "Unterlagen\n"
        "• gültiger Personalausweis\n"
        "• beglaubigte Abschrift aus dem Geburtenregister\n"
        "• erweiterte Meldebescheinigung\n\n"
        "Gebühren\n"
        "Die Gebühr für die Anmeldung beträgt 50 Euro.",
        {"appointment_online.standesamt": False},
    ),
    _page(
        "b4-04",
        "https://www.erlangen.de/aktuelles/trautermine-online",
        "date 2023-09 Standesamt: Trautermine jetzt online reservieren\n"
        "Heiratswillige Paare können ihren Wunschtermin für die Trauung ab sofort bequem von zu Hause aus "
        "reservieren. Das Standesamt Erlangen hat dafür einen Online-Kalender freigeschaltet, in dem alle freien "
        "Trautermine im Trausaal des Rathauses und im Schlossgarten angezeigt werden. Die Reservierung ist zunächst "
        "vorläufig und muss innerhalb von vier Wochen durch die Anmeldung der Eheschließung bestätigt werden. "
        "„Wir haben damit einen lange gehegten Wunsch vieler Paare erfüllt“, sagt Standesamtsleiterin Petra Huber.",
        {"appointment_online.standesamt": True},
    ),
    _page(
        "b4-05",
        "https://www.mainz.de/verwaltung-und-politik/buergerservice/auslaenderbehoerde-termine.php",
        "Ausländerbehörde – Termine\n\n"
        "Aufgrund des hohen Besucheraufkommens ist eine Vorsprache in der Ausländerbehörde nur mit Termin möglich. "
        "Termine zur Verlängerung eines Aufenthaltstitels können Sie über unser Terminbuchungssystem selbst "
        "auswählen. Bitte wählen Sie dort das passende Anliegen und den gewünschten Zeitraum aus.\n\n"
        "Für Einbürgerungsanträge senden Sie uns bitte eine E-Mail an einbuergerung@stadt.mainz.de; Sie erhalten "
        "dann eine Einladung.",
        {"appointment_online.auslaenderbehoerde": True},
    ),
    _page(
        "b4-06",
        "https://www.op-online.de/offenbach/warteschlangen-vor-der-auslaenderbehoerde-91234567.html",
        "date 2022-10 Lange Schlangen vor der Ausländerbehörde\n"
        "Offenbach – Schon um sechs Uhr morgens stehen die ersten Menschen vor dem Gebäude in der Berliner Straße. "
        "Wer bei der Ausländerbehörde einen Termin braucht, muss eine E-Mail schreiben und oft wochenlang auf "
        "Antwort warten. Eine Online-Terminbuchung gibt es in Offenbach noch nicht. Die Stadt verweist auf "
        "fehlendes Personal und kündigt an, im kommenden Jahr ein Buchungssystem einzuführen. Betroffene berichten, "
        "dass ihre Aufenthaltserlaubnis inzwischen abgelaufen sei.",
        {"appointment_online.auslaenderbehoerde": False},
    ),
    _page(
        "b4-07",
        "https://www.rhein-sieg-kreis.de/vv/produkte/strassenverkehrsamt/fahrzeug-zulassen.php",
        "Fahrzeug zulassen\n\n"
        "Sie können Ihr Fahrzeug in der Zulassungsstelle des Rhein-Sieg-Kreises in Siegburg zulassen. Einen Termin "
        "für die Zulassungsstelle buchen Sie online über unsere Terminvergabe; Händler und Zulassungsdienste nutzen "
        "bitte den Händlerschalter.\n\n"
        "Internetbasierte Fahrzeugzulassung (i-Kfz)\n\n"
        "Viele Zulassungsvorgänge können Sie auch ohne Besuch der Zulassungsstelle online erledigen: Neuzulassung, "
        "Umschreibung, Wiederzulassung und Außerbetriebsetzung. Sie benötigen einen Personalausweis mit "
        "Online-Ausweisfunktion und die Sicherheitscodes der Zulassungsbescheinigung Teil I.\n\n"
        "Gebühren\n\n"
        "Die Gebühren richten sich nach der Gebührenordnung für Maßnahmen im Straßenverkehr. Bei i-Kfz bezahlen Sie "
        "online per giropay oder Kreditkarte.",
        {
            "appointment_online.kfz_zulassung": True,
            "service_online.kfz_zulassung": True,
            "epayment_online": True,
        },
    ),
    _page(
        "b4-08",
        "https://www.waz.de/staedte/bochum/ab-oktober-autos-online-zulassen-id226789012.html",
        "date 2019-08 Ab Oktober: Autos online zulassen\n"
        "Die Zulassungsstelle der Stadt Bochum bereitet sich auf die nächste Stufe der internetbasierten "
        "Fahrzeugzulassung vor. Ab dem 1. Oktober sollen Fahrzeughalter ihre Autos von zu Hause aus zulassen und "
        "abmelden können. Bislang müssen Halter dafür persönlich in die Zulassungsstelle an der Dieselstraße kommen. "
        "Für den Online-Weg brauchen sie einen Personalausweis mit freigeschalteter Online-Funktion und ein "
        "Kartenlesegerät oder ein geeignetes Smartphone.",
        {"service_online.kfz_zulassung": False},
    ),
    _page(
        "b4-09",
        "https://www.neuss.de/wirtschaft/gewerbe/gewerbeanmeldung",
        "Gewerbeanmeldung\n\n"
        "Wer ein Gewerbe beginnt, muss dies beim Gewerbeamt anzeigen. Die Gewerbeanmeldung können Sie bequem online "
        "ausfüllen, elektronisch unterschreiben und absenden. Alternativ können Sie das Formular ausdrucken und per "
        "Post senden.\n\n"
        "Termin\n\n"
        "Für persönliche Vorsprachen beim Gewerbeamt buchen Sie bitte einen Termin über unser Online-Terminsystem.\n\n"
        "Gebühren\n\n"
        "Anmeldung: 26 Euro. Die Gebühr können Sie im Online-Verfahren direkt mit Kreditkarte oder PayPal bezahlen.",
        {
            "service_online.gewerbe_anmeldung": True,
            "appointment_online.gewerbeamt": True,
            "epayment_online": True,
        },
    ),
    _page(
        "b4-10",
        "https://www.fdp-remscheid.de/2021/02/22/digitale-gewerbeanmeldung-jetzt/",
        "Digitale Gewerbeanmeldung jetzt!\n\n"
        "22.02.2021 – Wer in Remscheid ein Gewerbe anmelden möchte, muss nach wie vor persönlich im Rathaus "
        "erscheinen oder ein Formular ausdrucken und per Post schicken. Die FDP-Ratsfraktion fordert deshalb in "
        "einem Antrag für die nächste Sitzung des Wirtschaftsausschusses, die Gewerbeanmeldung bis Ende des Jahres "
        "vollständig online anzubieten. „Gründerinnen und Gründer haben Besseres zu tun, als im Wartebereich zu "
        "sitzen“, sagt Fraktionschef Klaus Meier.",
        {"service_online.gewerbe_anmeldung": False},
    ),
    _page(
        "b4-11",
        "https://www.wolfsburg.de/leben/familie/kinderbetreuung/kita-navigator",
        "Kita-Navigator\n\n"
        "Sie suchen einen Betreuungsplatz für Ihr Kind? Über den Kita-Navigator der Stadt Wolfsburg können Sie sich "
        "über alle Kindertageseinrichtungen informieren und Ihr Kind online für bis zu fünf Wunsch-Kitas vormerken "
        "lassen. Die Vormerkung ist ab der Geburt des Kindes möglich. Die Platzvergabe für das kommende "
        "Kindergartenjahr erfolgt ab Februar durch die Einrichtungen.",
        {"service_online.kita_anmeldung": True},
    ),
    _page(
        "b4-12",
        "https://www.sol.de/saarland/saarbruecken/eltern-muessen-weiter-klinken-putzen,345678",
        "date 2022-11 Kita-Suche: Eltern müssen weiter Klinken putzen\n"
        "In Saarbrücken gibt es bislang kein zentrales Anmeldeportal für Kitas. Eltern müssen ihre Kinder bei jeder "
        "Einrichtung einzeln anmelden, oft noch mit einem Papierbogen. Die Verwaltung arbeitet nach eigenen Angaben "
        "an einem Kita-Portal, das 2024 starten soll. „Wir haben zwölf Einrichtungen abgeklappert“, erzählt eine "
        "Mutter aus Malstatt.",
        {"service_online.kita_anmeldung": False},
    ),
    _page(
        "b4-13",
        "https://www.heilbronn.de/leben/bildung-betreuung/kinderbetreuung/anmeldung.html",
        "Anmeldung für die Kindertagesbetreuung\n\n"
        "Seit 1. August 2021 erfolgt die Anmeldung für alle städtischen und freien Kindertageseinrichtungen über das "
        "Elternportal Little Bird. Dort legen Sie ein Benutzerkonto an, suchen passende Einrichtungen und senden Ihre "
        "Anfrage direkt an die Kitas. Eltern ohne Internetzugang unterstützt das Familienbüro im Rathaus.",
        {"service_online.kita_anmeldung": True},
    ),
    _page(
        "b4-14",
        "https://www.pforzheim.de/buergerservice/dienstleistungen/meldebescheinigung.html",
        "Meldebescheinigung beantragen\n\n"
        "Eine einfache Meldebescheinigung erhalten Sie sofort im Bürgerbüro.\n\n"
        "Online-Antrag\n"
        "Sie können die Meldebescheinigung auch online anfordern. Nach der Identifizierung mit dem Online-Ausweis "
        "wird Ihnen die Bescheinigung als PDF per E-Mail zugeschickt.\n\n"
        "Gebühr\n"
        "10 Euro (online: 8 Euro). Im Online-Antrag bezahlen Sie per ePayment (giropay, Kreditkarte).\n\n"
        "Zahlungsarten im Bürgerbüro\n"
        "• bar\n"
        "• EC-Karte",
        {
            "service_online.meldebescheinigung": True,
            "epayment_online": True,
            "card_payment_office": True,
        },
    ),
    _page(
        "b4-15",
        "https://www.schwerin.de/buergerservice/meldebescheinigung",
        "Meldebescheinigung\n\n"
        "Die Meldebescheinigung kann nur persönlich im Bürgeramt oder schriftlich mit Vollmacht beantragt werden. "
        "Ein Online-Antrag ist derzeit leider nicht möglich.\n\n"
        "Termin\n"
        "Bitte vereinbaren Sie telefonisch einen Termin unter 0385 545-0.",
        {"service_online.meldebescheinigung": False, "appointment_online.buergeramt": False},
    ),
    _page(
        "b4-16",
        "https://www.reutlingen.de/melderegisterauskunft",
        "Einfache Melderegisterauskunft\n\n"
        "Eine einfache Melderegisterauskunft können Privatpersonen und Firmen auch über das Internet einholen. "
        "Nutzen Sie dafür das Online-Portal des Landes; die Auskunft wird automatisiert erteilt, sofern die gesuchte "
        "Person eindeutig gefunden wird. Die Gebühr beträgt online 7 Euro und wird per Kreditkarte oder giropay "
        "bezahlt. Schriftliche Anfragen richten Sie bitte an das Einwohnermeldeamt.",
        {"service_online.melderegisterauskunft": True, "epayment_online": True},
    ),
    _page(
        "b4-17",
        "https://www.remscheid.de/leben/buergerservice/melderegisterauskunft.php",
        "Melderegisterauskunft\n\n"
        "Die Auskunft muss schriftlich beantragt werden. Bitte senden Sie Ihren Antrag per Post oder Fax an den "
        "Bürgerservice. Eine Beantragung per E-Mail oder online ist nicht möglich.\n\n"
        "Gebühr: 10 Euro, zahlbar per Überweisung nach Erhalt des Gebührenbescheids.",
        {"service_online.melderegisterauskunft": False},
    ),
    _page(
        "b4-18",
        "https://www.tuebingen.de/verkehr/bewohnerparken",
        "Bewohnerparkausweis\n\n"
        "Den Bewohnerparkausweis können Sie online beantragen. Füllen Sie das Online-Formular aus, laden Sie "
        "Fahrzeugschein und gegebenenfalls den Mietvertrag hoch und bezahlen Sie die Gebühr direkt per PayPal, "
        "Kreditkarte oder Lastschrift. Der Ausweis wird Ihnen per Post zugeschickt.\n\n"
        "Die Gebühr beträgt 120 Euro pro Jahr, für Fahrzeuge über 1.800 kg 180 Euro.",
        {"service_online.anwohnerparkausweis": True, "epayment_online": True},
    ),
    _page(
        "b4-19",
        "https://www.gruene-fuerth.de/antrag-bewohnerparken-digital/",
        "Bewohnerparken endlich digital!\n\n"
        "Die Grünen im Fürther Stadtrat haben beantragt, dass der Anwohnerparkausweis künftig online beantragt "
        "werden kann. Bisher muss jeder Antrag im Ordnungsamt persönlich abgegeben werden, was vor allem zum "
        "Jahreswechsel zu langen Warteschlangen führt. „Andere Städte zeigen, dass es auch anders geht“, sagt "
        "Stadträtin Anna Vogel.",
        {"service_online.anwohnerparkausweis": False},
    ),
    _page(
        "b4-20",
        "https://www.thueringer-allgemeine.de/regionen/erfurt/digitaler-umzug-laesst-auf-sich-warten-id23456.html",
        "date 2021-05 Digitaler Umzug lässt auf sich warten\n"
        "Eigentlich sollten Bürgerinnen und Bürger ihren Umzug längst online melden können. Doch die elektronische "
        "Wohnsitzanmeldung ist in Erfurt noch nicht verfügbar. Nach Auskunft der Stadt fehlt die Anbindung an das "
        "Fachverfahren des Melderegisters. Bis dahin müssen An- und Ummeldungen weiterhin persönlich im "
        "Bürgerservice vorgenommen werden.",
        {"service_online.ummeldung": False},
    ),
    _page(
        "b4-21",
        "https://www.darmstadt.de/rathaus/online-services/online-bezahlen",
        "Online bezahlen\n\n"
        "Für zahlreiche Online-Dienstleistungen der Stadt können Sie die Gebühren direkt am Ende des Antrags bezahlen. "
        "Wir akzeptieren giropay, Kreditkarte (Visa, Mastercard) und PayPal. Die Zahlungsabwicklung erfolgt über die "
        "ePayBL-Plattform des Landes Hessen; Ihre Zahlungsdaten werden nicht bei der Stadt gespeichert.",
        {"epayment_online": True},
    ),
    _page(
        "b4-22",
        "https://www.osnabrueck.de/verkehr/verwarnungsgeld-bezahlen",
        "Verwarnungsgeld bezahlen\n\n"
        "Sie haben ein Knöllchen erhalten? Verwarnungsgelder können Sie bequem online bezahlen. Geben Sie auf unserer "
        "Bezahlseite das Kassenzeichen und den Betrag ein und zahlen Sie per giropay, Kreditkarte oder PayPal. "
        "Alternativ können Sie den Betrag auf das Konto der Stadtkasse überweisen.",
        {"fine_payment_online": True, "epayment_online": True},
    ),
    _page(
        "b4-23",
        "https://www.gelsenkirchen.de/de/rathaus/dienstleistungen/verwarnung_zahlungsmoeglichkeiten.aspx",
        "Verwarnung – Zahlungsmöglichkeiten\n\n"
        "Das Verwarnungsgeld können Sie auf folgenden Wegen bezahlen:\n"
        "• per Überweisung auf das in der Verwarnung angegebene Konto der Stadtkasse\n"
        "• bar an der Kasse im Hans-Sachs-Haus\n"
        "• mit EC-Karte im Bürgerbüro\n"
        "Bitte geben Sie immer das Aktenzeichen an, damit Ihre Zahlung zugeordnet werden kann.",
        {"fine_payment_online": False, "card_payment_office": True},
    ),
    _page(
        "b4-24",
        "https://www.frankenthal.de/buergerservice/fuehrungszeugnis",
        "Führungszeugnis beantragen\n\n"
        "Das Führungszeugnis beantragen Sie im Bürgerbüro oder online beim Bundesamt für Justiz.\n\n"
        "Gebühren\n"
        "13 Euro.\n\n"
        "Zahlungsarten\n"
        "Die Gebühren sind bar zu entrichten; eine Zahlung mit EC-Karte ist im Bürgerbüro leider nicht möglich.",
        {"card_payment_office": False},
    ),
    _page(
        "b4-25",
        "https://www.krefeld.de/de/pressemitteilungen/chatbot-emma",
        "Neu: Chatbot „Emma“ beantwortet Fragen rund um die Uhr\n\n"
        "14.03.2023 – Seit heute steht auf der Internetseite der Stadt Krefeld ein digitaler Assistent zur Verfügung. "
        "Der Chatbot beantwortet Fragen zu Öffnungszeiten, Gebühren und benötigten Unterlagen und leitet bei Bedarf "
        "direkt zum passenden Online-Antrag weiter. Zum Start kennt Emma rund 400 Themen aus dem Bürgerservice; das "
        "Angebot wird in einer Testphase laufend erweitert.",
        {"chatbot": True},
    ),
    _page(
        "b4-26",
        "https://ratsinfo.moenchengladbach.de/vorlage/anfrage-chatbot",
        "Anfrage der Fraktion DIE LINKE zum Einsatz eines Chatbots\n\n"
        "Stellungnahme der Verwaltung:\n"
        "Der Einsatz eines Chatbots auf der städtischen Internetseite ist derzeit nicht vorgesehen. Die Verwaltung "
        "hat die Einführung eines virtuellen Assistenten im vergangenen Jahr geprüft. Angesichts der Kosten und der "
        "noch unzureichenden Qualität der Antworten wurde entschieden, zunächst die Online-Dienste auszubauen.",
        {"chatbot": False},
    ),
    _page(
        "b4-27",
        "https://www.govbot-solutions.de/kommunen",
        "KI-Chatbot für Kommunen\n\n"
        "Entlasten Sie Ihren Bürgerservice! Unser virtueller Assistent beantwortet Anfragen Ihrer Bürgerinnen und "
        "Bürger rund um die Uhr – in über 20 Sprachen. Mehr als 80 Städte und Gemeinden setzen bereits auf unsere "
        "Lösung. Die Einbindung in Ihre Website gelingt in wenigen Tagen.\n\n"
        "Jetzt kostenlose Demo anfordern",
        {},
    ),
    _page(
        "b4-28",
        "https://www.stadt-muenster.de/rathaus/kontakt/behoerdennummer-115",
        "Behördennummer 115\n\n"
        "Die Stadt Münster ist Teil des 115-Verbunds. Unter der einheitlichen Behördennummer 115 erreichen Sie unser "
        "Servicecenter montags bis freitags von 8 bis 18 Uhr. Die Mitarbeitenden beantworten Ihre Fragen zu den "
        "Leistungen der Stadtverwaltung oder verbinden Sie mit der zuständigen Stelle.",
        {"behoerdennummer_115": True},
    ),
    _page(
        "b4-29",
        "https://www.mittelhessen.de/lokales/kreistag-lehnt-115-ab_12345",
        "date 2018-06 Kreistag lehnt Behördennummer ab\n"
        "Der Kreistag des Vogelsbergkreises hat den Beitritt zum 115-Verbund abgelehnt. Die Kosten von jährlich rund "
        "80.000 Euro stünden in keinem Verhältnis zum Nutzen, argumentierte die Mehrheit. Bürgerinnen und Bürger "
        "erreichen die Kreisverwaltung weiterhin über die Zentrale unter 06641 977-0.",
        {"behoerdennummer_115": False},
    ),
    _page(
        "b4-30",
        "https://www.verwaltungslexikon.de/begriffe/behoerdennummer-115",
        "Behördennummer 115\n\n"
        "Die einheitliche Behördennummer 115 ist ein gemeinsames Angebot von Bund, Ländern und Kommunen. Unter der 115 "
        "erhalten Bürgerinnen und Bürger Auskünfte zu Leistungen der öffentlichen Verwaltung, unabhängig davon, "
        "welche Behörde zuständig ist. Bundesweit nehmen mehr als 600 Kommunen teil.",
        {},
    ),
    _page(
        "b4-31",
        "https://www.karlsruhe.de/b4/buergerdienste/sags_uns",
        "Sag's uns – Ihr Draht ins Rathaus\n\n"
        "Sie haben ein Schlagloch entdeckt, eine Straßenlaterne ist defekt oder irgendwo wurde Müll illegal "
        "abgeladen? Mit „Sag's uns“ melden Sie Ihr Anliegen schnell und unkompliziert an die Stadtverwaltung – per "
        "App oder über das Online-Formular. Markieren Sie den Ort auf der Karte und laden Sie ein Foto hoch. Den "
        "Bearbeitungsstand können Sie jederzeit verfolgen.",
        {"maengelmelder": True},
    ),
    _page(
        "b4-32",
        "https://www.giessener-allgemeine.de/giessen/neuer-schadensmelder-91567890.html",
        "date 2022-06 Gießen: Schäden per Smartphone melden\n"
        "Ein kaputter Gullydeckel, eine wilde Müllkippe, ein umgestürztes Verkehrsschild: Seit Montag können "
        "Gießenerinnen und Gießener solche Ärgernisse über den neuen Schadensmelder der Stadt melden. Das Portal "
        "funktioniert im Browser und als App; Nutzer setzen einen Punkt auf der Karte und können ein Foto anhängen. "
        "Die Meldung landet direkt beim zuständigen Fachamt.",
        {"maengelmelder": True},
    ),
    _page(
        "b4-33",
        "https://www.cdu-witten.de/aktuelles/maengelmelder-fuer-witten",
        "Mängelmelder für Witten!\n\n"
        "Die CDU-Fraktion fordert die Einführung eines digitalen Mängelmelders. Über eine App sollen Bürgerinnen und "
        "Bürger Schlaglöcher, defekte Laternen oder illegale Müllablagerungen mit Foto und Standort melden können. "
        "Die Verwaltung teilte auf Nachfrage mit, ein solches System werde derzeit geprüft.",
        {"maengelmelder": False},
    ),
    _page(
        "b4-34",
        "https://www.siegen.de/leben/verkehr/strassenschaeden-melden",
        "Straßenschäden melden\n\n"
        "Schäden an Straßen, Gehwegen oder Brücken melden Sie bitte telefonisch beim Tiefbauamt unter 0271 404-1234 "
        "oder per E-Mail an tiefbau@siegen.de. Bei Gefahr im Verzug wenden Sie sich außerhalb der Dienstzeiten an die "
        "Polizei.",
        {},
    ),
    _page(
        "b4-35",
        "https://www.braunschweig.de/online-rathaus",
        "Online-Rathaus\n\n"
        "Über unser Serviceportal können Sie mehr als 120 Verwaltungsleistungen rund um die Uhr online beantragen. "
        "Melden Sie sich mit Ihrem Servicekonto oder der BundID an und verfolgen Sie den Bearbeitungsstand Ihrer "
        "Anträge in Ihrem persönlichen Postfach.",
        {"serviceportal": True},
    ),
    _page(
        "b4-36",
        "https://www.suedkurier.de/region/digitales-rathaus-verzoegert-sich;art1234,567890",
        "date 2021-03 Digitales Rathaus verzögert sich\n"
        "Das geplante Bürgerportal der Stadt wird nicht wie angekündigt im Frühjahr, sondern frühestens Ende des "
        "Jahres online gehen. Grund seien Verzögerungen beim Softwareanbieter, teilte die Verwaltung mit. Bis dahin "
        "können Bürger nur wenige Formulare als PDF herunterladen.",
        {"serviceportal": False},
    ),
    _page(
        "b4-37",
        "https://www.bochum.de/open-data",
        "Open Data\n\n"
        "Auf unserem Open-Data-Portal stellen wir über 300 Datensätze der Stadtverwaltung kostenlos und "
        "maschinenlesbar zur Verfügung – von Haushaltsdaten über Wahlergebnisse bis zu Baumstandorten. Alle Daten "
        "stehen unter der Datenlizenz Deutschland – Namensnennung 2.0 und können als CSV, JSON oder GeoJSON "
        "heruntergeladen werden.",
        {"open_data_portal": True},
    ),
    _page(
        "b4-38",
        "https://www.spd-ratsfraktion-bielefeld.de/antrag-open-data",
        "Antrag: Offene Daten für Bielefeld\n\n"
        "Der Rat möge beschließen: Die Verwaltung wird beauftragt, bis zum Ende des Jahres ein Konzept für ein "
        "Open-Data-Portal vorzulegen, auf dem städtische Datensätze frei zugänglich veröffentlicht werden.\n\n"
        "Begründung: Bielefeld hinkt bei offenen Daten hinterher. Bislang veröffentlicht die Stadt keine Daten in "
        "maschinenlesbarer Form.",
        {"open_data_portal": False},
    ),
    _page(
        "b4-39",
        "https://www.trier.de/stadtplan-geodaten",
        "Stadtplan und Geodaten\n\n"
        "Im interaktiven Stadtplan finden Sie Adressen, Haltestellen, Spielplätze und Behörden. Über das Geoportal "
        "stehen außerdem Bebauungspläne, Luftbilder und die Bodenrichtwerte zur Ansicht bereit.",
        {"geodata_portal": True},
    ),
    _page(
        "b4-40",
        "https://www.hildesheim.de/bauen/bebauungsplaene",
        "Bebauungspläne einsehen\n\n"
        "Alle rechtskräftigen Bebauungspläne der Stadt Hildesheim können Sie online im Bauleitplanungsportal "
        "einsehen. Über die Kartenansicht finden Sie den Plan zu Ihrem Grundstück; die Planurkunden stehen als PDF "
        "zum Download bereit.",
        {"geodata_portal": True},
    ),
    _page(
        "b4-41",
        "https://www.leverkusen.de/politik/ratssitzung-live",
        "Ratssitzungen im Livestream\n\n"
        "Die öffentlichen Sitzungen des Rates der Stadt werden live im Internet übertragen. Sie können den Livestream "
        "auf dieser Seite verfolgen; Aufzeichnungen stehen anschließend sechs Monate in der Mediathek zur Verfügung.",
        {"rats_tv": True},
    ),
    _page(
        "b4-42",
        "https://www.mainpost.de/regional/schweinfurt/kein-livestream-aus-dem-ratssaal-art-1234567",
        "Kein Livestream aus dem Ratssaal\n\n"
        "Der Stadtrat hat mit knapper Mehrheit gegen eine Übertragung seiner Sitzungen im Internet gestimmt. Die "
        "Fraktionen von CSU und Freien Wählern verwiesen auf die Persönlichkeitsrechte der Ratsmitglieder und der "
        "Verwaltungsmitarbeiter. Die Grünen, die den Antrag gestellt hatten, zeigten sich enttäuscht.",
        {"rats_tv": False},
    ),
    _page(
        "b4-43",
        "https://www.kreiszeitung.de/lokales/ab-januar-stadtrat-live-im-netz-90123456.html",
        "date 2020-10 Ab Januar: Stadtrat live im Netz\n"
        "Ab der ersten Sitzung im neuen Jahr werden die Sitzungen des Stadtrats live im Internet gestreamt. Das hat "
        "der Ältestenrat am Dienstag einstimmig beschlossen. Die nötige Technik – drei Kameras und ein "
        "Streaming-Server – soll im Dezember im Ratssaal installiert werden.",
        {"rats_tv": False},
    ),
    _page(
        "b4-44",
        "https://www.solingen.de/buergerhaushalt-2024",
        "Bürgerhaushalt 2024\n\n"
        "Ihre Ideen für unsere Stadt! Bis zum 30. April können Sie auf der Beteiligungsplattform Vorschläge für den "
        "Bürgerhaushalt einreichen, die Vorschläge anderer kommentieren und bewerten. Die 20 Vorschläge mit den "
        "meisten Stimmen werden dem Rat zur Beratung vorgelegt.",
        {"participation_platform": True},
    ),
    _page(
        "b4-45",
        "https://www.ulm.de/leben-in-ulm/mitreden",
        "Mitreden – Beteiligung online\n\n"
        "Auf unserem Beteiligungsportal „Mitreden“ laden wir Sie regelmäßig ein, sich an Planungen der Stadt zu "
        "beteiligen. Aktuell läuft die Online-Beteiligung zum Radverkehrskonzept: Tragen Sie Ihre Hinweise direkt "
        "in die Karte ein und diskutieren Sie mit anderen Radfahrenden.",
        {"participation_platform": True},
    ),
    _page(
        "b4-46",
        "https://www.nordkurier.de/neubrandenburg/buergerbeteiligung-digital-1234567",
        "date 2022-04 Stadt plant digitale Bürgerbeteiligung\n"
        "Neubrandenburg will Bürgerinnen und Bürger künftig auch online an Planungen beteiligen. Eine digitale "
        "Beteiligungsplattform soll noch in diesem Jahr ausgeschrieben werden, kündigte der Oberbürgermeister an. "
        "Bisher finden Beteiligungen ausschließlich in Einwohnerversammlungen statt.",
        {"participation_platform": False},
    ),
    _page(
        "b4-47",
        "https://www.stadt-koblenz.de/verkehr/parkleitsystem",
        "Parkleitsystem\n\n"
        "Das dynamische Parkleitsystem zeigt an den Einfallstraßen die aktuelle Zahl freier Stellplätze in den "
        "Parkhäusern der Innenstadt an. Die Belegung können Sie auch online in Echtzeit abrufen.",
        {"smart_parking": True},
    ),
    _page(
        "b4-48",
        "https://www.lvz.de/lokales/leipzig/parksensoren-pilotprojekt-gestoppt-ABCD1234.html",
        "date 2023-01 Parksensoren: Pilotprojekt gestoppt\n"
        "Die Stadt Leipzig hat das Pilotprojekt mit Bodensensoren in der Südvorstadt eingestellt. Die 200 Sensoren "
        "sollten Autofahrern per App anzeigen, wo ein Parkplatz frei ist. Doch die Daten waren zu ungenau, und der "
        "Anbieter hat den Dienst zum Jahresende aufgegeben.",
        {"smart_parking": False},
    ),
    _page(
        "b4-49",
        "https://www.aachen.de/verkehr/parken-in-der-innenstadt",
        "Parken in der Innenstadt\n\n"
        "Parkgebühren: 2 Euro pro Stunde, Höchstparkdauer 2 Stunden.\n\n"
        "Bezahlen können Sie am Parkscheinautomaten mit Münzen, girocard oder kontaktlos – oder bequem per Handy: "
        "Handyparken ist in allen bewirtschafteten Zonen mit den Apps EasyPark, PayByPhone und Parkster möglich.",
        {"handyparken": True},
    ),
    _page(
        "b4-50",
        "https://www.mittelbayerische.de/region/landshut/handyparken-kommt-im-sommer-21234567",
        "date 2023-02 Handyparken kommt im Sommer\n"
        "Der Stadtrat hat beschlossen, das Bezahlen von Parkgebühren per Smartphone einzuführen. Ab Juli sollen "
        "Autofahrer in der Altstadt ihre Parkzeit über mehrere Apps starten und minutengenau abrechnen können. Bis "
        "dahin bleibt nur der Automat.",
        {"handyparken": False},
    ),
    _page(
        "b4-51",
        "https://www.hna.de/lokales/goettingen/parken-per-app-93456789.html",
        "date 2024-04 Parken per App: Erste Bilanz\n"
        "Seit dem 1. März können Autofahrer in Göttingen ihre Parkgebühren per App bezahlen. In den ersten vier "
        "Wochen wurden bereits rund 6.500 Parkvorgänge über das Smartphone abgerechnet, teilte die Stadt mit. "
        "Besonders beliebt ist die Möglichkeit, die Parkzeit aus der Ferne zu verlängern.",
        {"handyparken": True},
    ),
    _page(
        "b4-52",
        "https://www.stadtwerke-bonn.de/mobilitaet/leihraeder",
        "Leihräder\n\n"
        "Seit Mai 2022 stehen an 40 Stationen im Stadtgebiet rund 300 Leihräder bereit, davon 60 E-Bikes. Die Räder "
        "leihen Sie per App aus; die erste halbe Stunde ist für Abonnentinnen und Abonnenten kostenlos.",
        {"bikesharing": True},
    ),
    _page(
        "b4-53",
        "https://www.wn.de/muensterland/fahrradverleih-eingestellt-1234567",
        "date 2020-01 Fahrradverleih eingestellt\n"
        "Das Fahrradverleihsystem in Rheine ist Geschichte. Der Betreiber hat den Vertrag mit der Stadt zum "
        "Jahresende gekündigt, die 80 Räder wurden bereits abgeholt. Zu wenige Ausleihen, zu viel Vandalismus, "
        "heißt es zur Begründung.",
        {"bikesharing": False},
    ),
    _page(
        "b4-54",
        "https://www.nuernberg.de/internet/verkehrsplanung/e_scooter.html",
        "E-Scooter: Regeln für Verleiher\n\n"
        "Derzeit sind drei Anbieter mit insgesamt rund 2.000 E-Tretrollern im Stadtgebiet aktiv. Die Stadt hat mit "
        "ihnen Abstellverbotszonen in der Altstadt und an der Pegnitz vereinbart. Falsch abgestellte Roller können "
        "Sie direkt beim jeweiligen Anbieter melden.",
        {"e_tretroller": True},
    ),
    _page(
        "b4-55",
        "https://www.stimme.de/heilbronn/keine-e-roller-fuer-heilbronn-art-4567890",
        "Keine Leih-E-Roller in Heilbronn\n\n"
        "Die Stadt hat Anfragen mehrerer Verleihfirmen für E-Scooter bislang abgelehnt. Man wolle erst die "
        "Erfahrungen anderer Städte auswerten, heißt es aus dem Rathaus. Private E-Tretroller sind von der "
        "Entscheidung nicht betroffen.",
        {"e_tretroller": False},
    ),
    _page(
        "b4-56",
        "https://www.stadt-karlsruhe.de/mobilitaet/carsharing",
        "Carsharing\n\n"
        "In Karlsruhe bieten stadtmobil und weitere Anbieter an mehr als 200 Stationen Carsharing-Fahrzeuge an. Die "
        "Autos können rund um die Uhr per App oder Internet gebucht werden. Carsharing-Stellplätze im öffentlichen "
        "Straßenraum sind mit einem eigenen Schild gekennzeichnet.",
        {"carsharing": True},
    ),
    _page(
        "b4-57",
        "https://www.swk.de/mobilitaet/echtzeit",
        "Echtzeitabfahrten\n\n"
        "An über 150 Haltestellen informieren DFI-Anzeiger über die tatsächlichen Abfahrtszeiten der Busse und "
        "Bahnen. In der App der Stadtwerke sehen Sie die Echtzeitdaten für alle Linien und werden bei Verspätungen "
        "auf Wunsch benachrichtigt.",
        {"realtime_transit_info": True},
    ),
    _page(
        "b4-58",
        "https://www.mz.de/lokal/dessau-rosslau/fahrgaeste-warten-auf-echtzeitanzeigen-3456789",
        "date 2022-09 Fahrgäste warten auf Echtzeitanzeigen\n"
        "Wann kommt der nächste Bus? An den Haltestellen in Dessau-Roßlau gibt es darauf bislang nur den gedruckten "
        "Fahrplan. Die dynamischen Anzeigetafeln sollen erst 2025 installiert werden, teilte die Dessauer "
        "Verkehrsgesellschaft mit. Fördermittel dafür seien beantragt.",
        {"realtime_transit_info": False},
    ),
    _page(
        "b4-59",
        "https://www.vag-freiburg.de/tickets/handyticket",
        "HandyTicket\n\n"
        "Mit der App der Verkehrsbetriebe kaufen Sie Ihr Ticket direkt auf dem Smartphone – ohne Kleingeld und ohne "
        "Automat. Einzelfahrscheine, Tageskarten und das Deutschlandticket sind sofort gültig und werden bei der "
        "Kontrolle einfach vorgezeigt.",
        {"mobile_ticket": True},
    ),
    _page(
        "b4-60",
        "https://www.volksstimme.de/lokal/stendal/handytickets-gibt-es-noch-nicht-1234567",
        "date 2019-05 Handytickets gibt es im Landkreis noch nicht\n"
        "Wer in Stendal mit dem Bus fährt, muss sein Ticket weiterhin beim Fahrer kaufen. Ein Handyticket bietet "
        "die Stendalbus GmbH noch nicht an. Man prüfe die Einführung, sagte ein Sprecher.",
        {"mobile_ticket": False},
    ),
    _page(
        "b4-61",
        "https://www.stadt-pirmasens.de/wlan",
        "Freies WLAN in der Innenstadt\n\n"
        "Seit 2019 können Sie in der Fußgängerzone, am Schlossplatz und im Rathaus kostenlos im Internet surfen. Das "
        "Netz „PS-WLAN“ wird von den Stadtwerken betrieben; eine Registrierung ist nicht nötig. Eine Übersicht der "
        "Hotspots finden Sie auf der Karte unten.",
        {"public_wifi": True},
    ),
    _page(
        "b4-62",
        "https://www.rheinpfalz.de/lokal/kaiserslautern_artikel,-stadt-lehnt-freifunk-ab-_arid,123456.html",
        "Stadt lehnt Freifunk-Hotspots ab\n\n"
        "Die Freifunk-Initiative wollte auf städtischen Gebäuden Router installieren, um in der Innenstadt "
        "kostenloses WLAN anzubieten. Die Verwaltung hat das Angebot abgelehnt: Haftungsfragen seien nicht geklärt. "
        "Ein eigenes öffentliches WLAN betreibt die Stadt nicht.",
        {"public_wifi": False},
    ),
    _page(
        "b4-63",
        "https://www.stadtwerke-osnabrueck.de/lorawan",
        "LoRaWAN: Unser Funknetz für das Internet der Dinge\n\n"
        "Seit 2021 betreiben die Stadtwerke ein flächendeckendes LoRaWAN mit 18 Gateways im Stadtgebiet. Über das "
        "Netz übertragen Sensoren zum Beispiel Wasserstände, Bodenfeuchte und Zählerstände. Unternehmen und "
        "Vereine können eigene Sensoren kostenlos anbinden.",
        {"lorawan": True},
    ),
    _page(
        "b4-64",
        "https://www.stadt-lippstadt.de/aktuelles/smart-city-foerderantrag",
        "date 2022-02 Smart City: Förderantrag gestellt\n"
        "Die Stadt Lippstadt hat beim Land einen Förderantrag für den Aufbau eines LoRaWAN-Netzes gestellt. Mit dem "
        "Funknetz sollen künftig Sensoren an Schulen, Parkplätzen und Regenrückhaltebecken ausgelesen werden. Über "
        "den Antrag wird voraussichtlich im Sommer entschieden.",
        {"lorawan": False},
    ),
    _page(
        "b4-65",
        "https://www.stadt-wuerzburg.de/aktuelles/intelligente-beleuchtung-radweg",
        "date 2023-11 Intelligente Straßenbeleuchtung am Mainradweg\n"
        "Seit Oktober leuchten entlang des Mainradwegs 45 neue LED-Leuchten mit Bewegungssensoren. Sie brennen "
        "nachts auf 20 Prozent und werden heller, sobald sich ein Radfahrer oder Fußgänger nähert. Die Stadt spart "
        "so rund 70 Prozent Strom.",
        {"smart_street_lighting": True},
    ),
    _page(
        "b4-66",
        "https://www.infranken.de/lk/bamberg/strassenbeleuchtung-wird-gedimmt-art-567890",
        "Straßenbeleuchtung wird nachts gedimmt\n\n"
        "Zwischen 23 und 5 Uhr wird die Straßenbeleuchtung in Bamberg künftig auf halbe Leistung reduziert. Die "
        "Absenkung erfolgt zeitgesteuert über die Schaltschränke. Auf Bewegungsmelder verzichtet die Stadt aus "
        "Kostengründen.",
        {"smart_street_lighting": False},
    ),
    _page(
        "b4-67",
        "https://www.stadt-kempten.de/aktuelles/muelleimer-melden-sich",
        "date 2022-08 Mülleimer melden sich, wenn sie voll sind\n"
        "Seit Juni sind 50 Papierkörbe in der Innenstadt mit Füllstandssensoren ausgestattet. Die Sensoren melden "
        "dem Betriebshof, wann ein Eimer geleert werden muss. So spart die Stadt Fahrten und volle Papierkörbe "
        "gehören der Vergangenheit an.",
        {"smart_waste": True},
    ),
    _page(
        "b4-68",
        "https://www.swb-bremerhaven.de/presse/sensoren-altglascontainer",
        "Pilotprojekt: Sensoren in Altglascontainern\n\n"
        "Im Rahmen eines Pilotprojekts wurden 30 Altglascontainer in Bremerhaven mit Sensoren ausgestattet, die den "
        "Füllstand messen. Die Daten übermitteln die Sensoren über das LoRaWAN-Netz der Stadtwerke, das seit "
        "vergangenem Jahr in Betrieb ist. Die Entsorger leeren die Container nun nach Bedarf statt nach festem "
        "Plan.",
        {"smart_waste": True, "lorawan": True},
    ),
    _page(
        "b4-69",
        "https://www.stadtbibliothek-gera.de/makerspace",
        "Makerspace in der Stadtbibliothek\n\n"
        "In unserem Makerspace stehen Ihnen 3D-Drucker, ein Lasercutter, ein Schneideplotter und Nähmaschinen zur "
        "Verfügung. Jeden Dienstag von 15 bis 19 Uhr ist offene Werkstatt – Vorkenntnisse sind nicht nötig, unser "
        "Team hilft beim Einstieg. Die Nutzung ist mit Bibliotheksausweis kostenlos.",
        {"fablab": True},
    ),
    _page(
        "b4-70",
        "https://www.wirtschaftsfoerderung-jena.de/coworking",
        "Coworking im Gründerzentrum\n\n"
        "Im Coworking-Space im Erdgeschoss des Technologie- und Innovationsparks finden Sie flexible Arbeitsplätze "
        "ab 15 Euro pro Tag. Schnelles Internet, Besprechungsräume und Kaffee sind inklusive. Buchen Sie Ihren "
        "Platz tage- oder monatsweise.",
        {"coworking": True},
    ),
    _page(
        "b4-71",
        "https://www.landkreis-aktuell.de/wirtschaft/coworking-auf-dem-land",
        "Coworking auf dem Land\n\n"
        "In Großstädten wie Berlin, Hamburg oder München sind Coworking-Spaces längst etabliert. Immer mehr "
        "Anbieter entdecken nun auch ländliche Regionen: Gemeinschaftsbüros in alten Bahnhöfen oder Dorfläden "
        "sollen Pendlern den Weg in die Stadt ersparen. Eine Studie zählt bundesweit bereits über 300 solcher "
        "Orte.",
        {},
    ),
    _page(
        "b4-72",
        "https://www.stadtwerke-ulm.de/mobil-in-ulm",
        "Mobil in der Stadt\n\n"
        "Bus und Bahn, Leihrad oder Carsharing – mit unseren Angeboten kommen Sie flexibel ans Ziel.\n\n"
        "Fahrradverleih: An 25 Stationen stehen Räder und Pedelecs zum Ausleihen bereit, die Ausleihe erfolgt per "
        "App.\n\n"
        "Carsharing: Gemeinsam mit swu2go bieten wir 60 Fahrzeuge an 30 Standorten an.\n\n"
        "E-Scooter: Leih-E-Scooter gibt es in der Stadt nicht mehr. Der Gemeinderat hat das Verleihsystem 2022 "
        "wegen der vielen Beschwerden beendet.",
        {"bikesharing": True, "carsharing": True, "e_tretroller": False},
    ),
    _page(
        "b4-73",
        "https://www.hamm.de/buergerservice/buergeramt",
        "date 2023-05 Bürgeramt\n"
        "Das Bürgeramt ist Ihre erste Anlaufstelle für Personalausweise, Reisepässe, Meldeangelegenheiten, "
        "Führungszeugnisse und Beglaubigungen. Wir bitten Sie, für alle Anliegen vorab einen Termin zu buchen. Die "
        "Terminbuchung ist über unser Online-Terminportal rund um die Uhr möglich; freie Termine werden laufend "
        "freigegeben. Wer keinen Internetzugang hat, kann unter 02381 17-0 einen Termin vereinbaren.\n\n"
        "Öffnungszeiten\n"
        "Mo–Mi 8:00–16:00 Uhr, Do 8:00–18:00 Uhr, Fr 8:00–12:00 Uhr\n\n"
        "Bitte beachten Sie: Reisepässe und Personalausweise können nur persönlich beantragt und abgeholt werden. "
        "Die Abholung erfolgt ohne Termin während der Öffnungszeiten.\n\n"
        "Zahlungsmöglichkeiten\n"
        "In allen Bürgerämtern können Sie bar oder mit EC-Karte bezahlen. Kreditkarten werden nicht akzeptiert.\n\n"
        "Wichtige Hinweise zum Datenschutz\n"
        "Ihre personenbezogenen Daten werden ausschließlich zur Bearbeitung Ihres Anliegens verwendet. Weitere "
        "Informationen entnehmen Sie der Datenschutzerklärung der Stadt. Bei Fragen zum Datenschutz wenden Sie sich "
        "an den behördlichen Datenschutzbeauftragten. Das Bürgeramt Mitte befindet sich im Technischen Rathaus, "
        "Gustav-Heinemann-Straße 10. Barrierefreie Zugänge sind vorhanden. Parkplätze finden Sie in der "
        "Tiefgarage am Rathaus; die ersten 30 Minuten sind kostenlos. Mit dem Bus erreichen Sie uns über die "
        "Haltestelle Rathaus (Linien 1, 4, 9). Für Anliegen rund um Kfz-Angelegenheiten wenden Sie sich bitte an "
        "die Zulassungsstelle, für Aufenthaltsfragen an die Ausländerbehörde im Gebäude an der Hohen Straße. Das "
        "Bürgeramt Nord, Heessen und Bockum-Hövel haben eingeschränkte Öffnungszeiten; bitte informieren Sie sich "
        "vor Ihrem Besuch auf den jeweiligen Seiten. Bei hohem Andrang kann es trotz Termin zu kurzen Wartezeiten "
        "kommen. Wir danken für Ihr Verständnis und freuen uns auf Ihren Besuch. Hinweis für Menschen mit "
        "Hörbehinderung: Eine Verständigung in Gebärdensprache ist nach vorheriger Anmeldung mö",
        {"appointment_online.buergeramt": True, "card_payment_office": True},
    ),
    _page(
        "b4-74",
        "https://www.stadt-sankt-ingbert.de/buergerbuero",
        "Bürgerbüro\n\n"
        "Im Bürgerbüro werden keine Termine vergeben. Sie ziehen vor Ort eine Wartemarke und werden in der "
        "Reihenfolge Ihres Eintreffens bedient. Die durchschnittliche Wartezeit beträgt 20 Minuten.",
        {"appointment_online.buergeramt": False},
    ),
    _page(
        "b4-75",
        "https://www.stadt-bocholt.de/rathaus/ummeldung",
        "Umzug innerhalb Bocholts\n\n"
        "Allgemeiner Hinweis: Alle Meldeangelegenheiten sind grundsätzlich persönlich im Bürgerbüro zu erledigen.\n\n"
        "Neu: Die Ummeldung innerhalb der Stadt können Sie jetzt auch online erledigen. Sie brauchen dazu Ihren "
        "Personalausweis mit Online-Ausweisfunktion. Nach der Ummeldung erhalten Sie den neuen Adressaufkleber per "
        "Post.",
        {"service_online.ummeldung": True},
    ),
    _page(
        "b4-76",
        "https://www.adac.de/news/test-buergeraemter-2023",
        "ADAC-Test: So digital sind die Bürgerämter\n\n"
        "In Köln, Düsseldorf und Stuttgart können Termine für das Bürgeramt online gebucht werden; in Dresden und "
        "Leipzig lässt sich der Wohnsitz vollständig digital ummelden. Schlusslicht ist eine Stadt, in der die "
        "Terminvergabe nur telefonisch funktioniert. Kartenzahlung ist mittlerweile in fast allen getesteten "
        "Bürgerämtern möglich.",
        {},
    ),
    _page(
        "b4-77",
        "https://www.kreis-heinsberg.de/aktuelles/termine-strassenverkehrsamt",
        "date 2021-09 Straßenverkehrsamt: Online-Termine ab Oktober\n"
        "Ab dem 4. Oktober können Kundinnen und Kunden des Straßenverkehrsamts Termine für die Zulassungsstelle und "
        "die Führerscheinstelle online buchen. Bisher war eine Vorsprache nur mit Wartenummer möglich. Das neue "
        "System soll Wartezeiten deutlich verkürzen.",
        {"appointment_online.kfz_zulassung": False},
    ),
    _page(
        "b4-78",
        "https://www.stadt-hanau.de/faq-buergerservice",
        "Häufige Fragen zum Bürgerservice\n\n"
        "Kann ich meinen Umzug online melden?\n"
        "Ja. Mit dem Online-Ausweis können Sie die Anmeldung Ihrer neuen Wohnung über den Online-Dienst „Umzug "
        "melden“ erledigen.\n\n"
        "Wie bekomme ich einen Termin?\n"
        "Termine vereinbaren Sie am einfachsten über die Online-Terminvereinbarung. Telefonisch erreichen Sie uns "
        "unter 06181 295-0.\n\n"
        "Kann ich im Bürgerservice mit Karte zahlen?\n"
        "Ja, wir akzeptieren girocard sowie Visa und Mastercard.\n\n"
        "Kann ich einen Bewohnerparkausweis online beantragen?\n"
        "Nein, der Antrag ist nur persönlich beim Ordnungsamt möglich.",
        {
            "service_online.ummeldung": True,
            "appointment_online.buergeramt": True,
            "card_payment_office": True,
            "service_online.anwohnerparkausweis": False,
        },
    ),
]
