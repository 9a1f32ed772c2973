"""German cue words that turn a mention into an offer, an announcement or a refusal.

The rules classify one sentence at a time (see :mod:`crawlers.detectors.engine`). These patterns are
the shared vocabulary of municipal German: how an administration says that something *is* offered
("können Sie online beantragen", "steht zur Verfügung", "seit 2020", "ab sofort"), that it is only
planned ("soll künftig", "in Planung", "ab 1. März", motions and council decisions), that it is not
possible ("derzeit nicht möglich", "noch nicht"), discontinued ("eingestellt", "verboten") or only
offline ("nur telefonisch", "persönlich vorsprechen"), and when a sentence speaks about other towns
("in vielen Städten", "etwa in Duisburg") or explains a concept ("Das Prinzip ist simpel").
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawlers.detectors.dates import RefDate, time_cue
from crawlers.detectors.text import rx

# --- neutralisers: phrases that look negative but are not -------------------------------------------
# Conditions ("Sollte es Ihnen nicht möglich sein, ...") and positive negations ("müssen nicht mehr zum
# Amt", "kein Termin nötig", "nicht nur") are removed before negative cues are searched.
# "sollte" opens a condition only at the start of a clause ("Sollte es nicht möglich sein, ..."); after the
# subject it is a past plan ("Die Sensoren sollten anzeigen, ...").
_CONDITIONAL_RE = rx(
    r"(?:(?<!erst )\b(?:falls|wenn|sofern|soweit)|(?:^|[,:;(–-]\s*|\b(?:und|oder|aber)\s+)(?:sollte|sollten))\b"
    r"[^,.;:!?]{0,140}(?:,|$)"
)
_POSITIVE_NEGATION_RE = rx(
    r"\bnicht\s+mehr\s+(?:persönlich\s+|extra\s+|selbst\s+|eigens\s+)?(?:zum|zur|ins|in\s+das|aufs|auf\s+das|in\s+die|ins)\s+"
    r"(?:amt|ämter|bürgeramt|bürgerbüro|rathaus|behörde|verwaltung|stadthaus|einrichtung|büro)\w*"
    r"|\bnicht\s+mehr\s+(?:persönlich\s+)?(?:erscheinen|vorbeikommen|vorsprechen|anstehen|warten|laufen|gehen|hingehen)"
    r"|\b(?:muss|müssen|brauchen?|braucht)\b[^.;]{0,60}\bnicht\s+mehr\b[^.;,]{0,60}"
    r"|\bnicht\s+nur\b"
    r"|\bkein(?:e|en|er)?\s+(?:wartezeit|wartezeiten|gebühr|gebühren|kosten|problem|papier|zusätzlichen\s+kosten)\w*"
    r"(?:\s+(?:mehr|nötig|erforderlich|notwendig))?"
    r"|\bkein(?:e|en|er)?\s+(?:termin|anmeldung|registrierung|voranmeldung)\w*\s+(?:mehr\s+)?(?:nötig|erforderlich|"
    r"notwendig|benötigt|vonnöten)\b"
    r"|\b(?:muss|müssen|brauchen?|braucht|benötigen|benötigt)\b[^.;]{0,40}\bkein(?:e|en)?\s+(?:termin|anmeldung|"
    r"registrierung)\w*"
    r"|\bohne\s+(?:termin|wartezeit|anmeldung|registrierung|vorherige\s+anmeldung)\b"
    r"|\bohne\b[^.;]{0,40}\bzu\s+(?:gehen|müssen|kommen|warten)\b"
    r"|\bnicht\s+(?:nötig|erforderlich|notwendig|zwingend|mehr\s+nötig)\b"
    r"|\bwunsch\b[^.]{0,80}\berfüllt\b"
    # purpose, not plan: "Damit sollen Wartezeiten vermieden werden"
    r"|\b(?:soll|sollen)\b[^.;]{0,80}\b(?:vermieden|verkürzt|verringert|erleichtert|reduziert|entlastet|vereinfacht|"
    r"verbessert|beschleunigt|helfen|dienen|sparen|ersparen|erleichtern|vermeiden|verkürzen|reduzieren|entzerren|entlasten|"
    r"gewährleisten|sicherstellen|schützen|gewährleistet|sichergestellt)\b"
    r"|\bzu\s+können\b"
    # the timetable's "geplante Abfahrtszeit" is not a plan
    r"|\bgeplante\w*\s+(?:zeit|abfahrt\w*|ankunft\w*|fahrzeit\w*|fahrplan\w*)|\bgeplante\w*,\s+sondern\b"
    r"|\bnicht\s+(?:nur\s+)?die\s+geplante\w*"
    r"|\baußer\s+betrieb\s+(?:zu\s+)?(?:setzen|gesetzt)\b"  # deregistering a vehicle
)


_REPORTED_FACT_RE = rx(r"\b(?:inzwischen|bereits|mittlerweile|schon|derzeit|zurzeit|seit|bislang|bisher)\b")
_KONJUNKTIV_RE = rx(r"\b(?:würde|würden|wäre|wären|hätte|hätten)\b")


def neutralise(sentence: str) -> str:
    cleaned = _POSITIVE_NEGATION_RE.sub(" ", _CONDITIONAL_RE.sub(" ", sentence))
    if _REPORTED_FACT_RE.search(cleaned):
        cleaned = _KONJUNKTIV_RE.sub(" ", cleaned)  # indirect speech about a fact, not a hypothesis
    return cleaned


# --- negative cues ------------------------------------------------------------------------------------
DISCONTINUED_RE = rx(
    r"\b(?:eingestellt|abgeschafft|abgeschaltet|eingestampft|beendet|zurückgezogen|stillgelegt|abgebaut|"
    r"verboten|untersagt|abgelehnt|abgeschmettert|gescheitert|ausgelaufen|auslaufen|gestoppt|aufgegeben|gekündigt|"
    r"verworfen)\b|\bauf\s+eis\s+gelegt\b"
    r"|\b(?:lehnt|lehnte|lehnten|lehnen)\b[^.;]{0,80}\bab\b"
    r"|\bgegen\b[^.;]{0,80}\b(?:gestimmt|votiert|entschieden|ausgesprochen)\b|\b(?:stimmte|stimmten|votierte|votierten|"
    r"entschied|entschieden)\s+(?:sich\s+)?(?:\w+\s+){0,4}gegen\b"
    r"|\b(?:zieht|ziehen|zog|zogen)\s+sich\b[^.]{0,60}\bzurück\b"
    r"|\baus\s+für\b|\bverbot\b"
    r"|\bnicht\s+mehr\s+(?:verfügbar|angeboten|möglich|erreichbar|aufrufbar|in\s+betrieb|nutzbar|erlaubt|"
    r"zugelassen|genutzt|vorhanden|online|buchbar|zu\s+sehen)\b"
    r"|\bgibt\s+es\s+(?:seit\s+\w+\s+)?(?:keine?n?|nicht)\s+mehr\b|\bkeine?[nrs]?\s+(?:[\w-]+\s+){0,2}mehr\b"
    r"|\bvom\s+markt\s+genommen\b|\baußer\s+betrieb\s+genommen\b"
    r"|\bnicht\s+(?:mehr\s+)?(?:fortgesetzt|fortgeführt|weitergeführt|verlängert|fortzusetzen|fortzuführen|"
    r"weiterzuführen|weiterzubetreiben|zu\s+verlängern)\b"
    r"|\b(?:hat|haben|hatte|hatten|wurde|wurden)\b[^.;]{0,60}\b(?:endgültig\s+)?geschlossen\b(?!\s+werden)"
    r"|\bschließt\b[^.;]{0,40}\b(?:endgültig|für\s+immer|zum\s+(?:jahresende|monatsende|ende|\d))|\bschließt\s*$"
    r"|\b(?:einzustellen|abzuschaffen|aufzugeben|abzuschalten)\b|\bverbann(?:t|en|te|ung)\b|\bdürfen\b[^.;]{0,60}\bkeine?\w*\b[^.;]{0,60}\bmehr\b"
    r"|\b(?:aus\s+dem\s+stadtbild|von\s+den\s+straßen)\s+(?:entfernt|verschwunden|verschwinden|verbannt)\b"
)
NOT_POSSIBLE_RE = rx(
    r"\b(?:noch|derzeit|zurzeit|zur\s+zeit|momentan|aktuell|vorübergehend|vorerst|leider|bislang|bisher|weiterhin|"
    r"nach\s+wie\s+vor)\s+(?:nicht|kein\w*)\b"
    r"|\bnicht\s+(?:möglich|verfügbar|online|erreichbar|angeboten|vorgesehen|in\s+betrieb|buchbar|dabei|vorhanden|"
    r"realisiert|umgesetzt|gegeben|nutzbar|funktionsfähig|digital|über\s+das\s+internet|im\s+internet)\b"
    r"|\bist\s+(?:leider\s+)?nicht\s+[^.]{0,40}\bmöglich\b"
    r"|\bkein(?:e|en)?\s+(?:online|digital|elektronisch)\w*"
    r"|\b(?:gibt\s+es|es\s+gibt)\b[^.;,]{0,60}?\b(?:kein\w*|nicht)\b(?!\s+nur)"
    r"|\b(?:fehlt|fehlen)\s+(?:noch|bisher|bislang|bis\s+heute)\b"
    r"|\bnoch\s+(?:kein\w*|ohne|nicht)\b|\bverzichtet\b|\baußer\s+betrieb\b|\bnicht\s+(?:zum|im)\s+einsatz\b"
    r"|\b(?:kann|können)\b[^.;]{0,60}\b(?:nicht|kein(?:e|en|er)?)\b|\bnicht\s+(?:akzeptiert|angenommen|angeboten)\b"
    r"|\bnicht\s+(?:geschaltet|freigeschaltet|eingerichtet|eingeführt|installiert|angeschlossen|beteiligt|aktiv|"
    r"zugänglich|erhältlich|freigegeben)\b"
    r"|\b(?:ist|sind|war|waren|seit\s+\w+|seit\s+dem\s+\w+)\s+(?:\w+\s+){0,3}?(?:defekt|kaputt|ausgefallen|gestört)\b"
    r"|\b(?:betreibt|betreiben|bietet|bieten|unterhält|unterhalten|nutzt|nutzen|hat|haben|gibt|setzt|setzen)\b[^.;!?]{0,100}"
    r"\bnicht(?:\s+(?:an|ein|auf|mehr))?\s*[.!]?\s*$"
    r"|\b(?:warten|wartet)\s+(?:noch\s+|weiter(?:hin)?\s+|vergeblich\s+|immer\s+noch\s+)?auf\b"
    r"|\b(?:findet|finden|fand|fanden)\b[^.;]{0,60}\bnicht\s+statt\b"
)
# Growth of a running offer ("kommen weitere hinzu", "wird ausgebaut") is no plan of a new one.
EXPANSION_RE = rx(
    r"\b(?:weitere[nrs]?|zusätzliche[nrs]?|ausbau\w*|ausgebaut|erweiter\w*|wächst|wachsen|hinzu|mehr\s+als\s+bisher)\b"
)
OFFLINE_ONLY_RE = rx(
    r"\b(?:nur|ausschließlich|lediglich|allein)\s+(?:noch\s+)?(?:telefonisch|persönlich|vor\s+ort|schriftlich|postalisch|"
    r"per\s+(?:post|e-?mail|mail|telefon|fax|brief)|in\s+papierform|im\s+(?:bürgerbüro|bürgeramt|rathaus|standesamt|amt)|"
    r"in\s+der\s+behörde|nach\s+(?:telefonischer|vorheriger|persönlicher)\s+(?:vereinbarung|absprache|terminvereinbarung)|"
    r"im\s+persönlichen\s+gespräch|am\s+schalter|bar)\b"
    r"|\bpersönlich\s+(?:vorsprechen|erscheinen|vorstellig|vorbeikommen|beantragt|abgegeben|einreichen|abholen)"
    r"|\bpersönlich\b[^.]{0,140}\bvorstellig\b|\bpersönliche[n]?\s+(?:vorsprache|erscheinen|vorsprechen)\b"
    r"|\bterminanfrage|\bum\s+einen\s+termin\b[^.]{0,20}\bbitten\b"
    r"|\btermin(?:wunsch|wünsche)\b[^.]{0,40}\b(?:e-?mail|senden|schicken|mitteilen)\b"
    r"|\b(?:schriftlich|mündlich|persönlich|telefonisch|per\s+post|postalisch)\s+(?:oder|und|bzw\.?)\s+(?:schriftlich|"
    r"mündlich|persönlich|telefonisch|per\s+post|postalisch|per\s+e-?mail|vor\s+ort)\b"
    r"|\b(?:muss|müssen)\s+(?:\S+\s+){0,4}?(?:schriftlich|persönlich|mündlich|handschriftlich|vor\s+ort|im\s+original)\b"
    r"|\bhandschriftlich\s+unterschrieben\b"
)
_PLANNED = (
    r"\b(?:soll|sollen|sollte|sollten)\b(?!\s+sie\b)"
    r"|\b(?:künftig\w*|zukünftig\w*|in\s+zukunft|demnächst|in\s+kürze|bald|baldmöglichst|perspektivisch|mittelfristig|"
    r"langfristig)\b"
    r"|\bgeplant\w*|\bplant\b|\bplanen\b|\bin\s+planung\b|\bplanungen\b|\bin\s+vorbereitung\b|\bvorbereitet\b"
    r"|\bprüf(?:t|en|te)\b|\bgeprüft\b|\bprüfauftrag|\bmachbarkeit\w*|\bausgeschrieben|\bausschreibung"
    r"|\bfördermittel|\bförderbescheid|\bförderzusage|\bförderantr(?:a|ä)g|\bbeschlossen\b|\bbeschließt\b|\bbeschlossene\w*"
    r"|\bbeschlussvorlage|\bgrundsatzbeschluss"
    r"|\b(?:will|wollen|möchte|möchten|wollte|wollten)\b[^.]{0,140}\b(?:einführen|umsetzen|installieren|anbieten|aufbauen|"
    r"erlauben|zulassen|genehmigen|"
    r"starten|nachziehen|öffnen|ermöglichen|einrichten|schaffen|bereitstellen|realisieren|testen|erproben|ausstatten|"
    r"ausrüsten|prüfen|machen|bekommen|erhalten|nutzen|etablieren|ausbauen)\b"
    r"|\b(?:wird|werden)\b[^.]{0,80}\b(?:kommen|starten|eingeführt|eröffnet|installiert|eingerichtet|aufgebaut|"
    r"möglich\s+sein|verfügbar\s+sein|online\s+gehen|an\s+den\s+start\s+gehen|ausgebaut|umgesetzt|in\s+betrieb\s+gehen|"
    r"aufgestellt|ausgestattet|freigeschaltet|ausgeweitet|erweitert)\b(?!\s+(?:worden|haben|sein\b))"
    r"|\b(?:wird|werden)\s+(?:[\wäöüß]+\s+){0,6}?(?!werden\b)[\wäöüß]+en\s+können\b|\berst\s+wenn\b|\bsein\s+wird\b"
    r"|\bim\s+(?:kommenden|nächsten|neuen)\s+(?:jahr|frühjahr|sommer|herbst|winter|monat|quartal)"
    r"|\b(?:in|im\s+laufe)\s+(?:diesem|dieses|des\s+kommenden)\s+(?:jahr|jahres|sommer|herbst|frühjahr|winter)\b"
    r"|\bnächstes\s+jahr\b|\bangekündigt\b|\bkündigt\b[^.]{0,60}\ban\b|\bpotenziell\w*"
    r"|\b(?:sucht|suchen|suche)\b[^.]{0,30}\b(?:partner|anbieter|betreiber|dienstleister)\w*"
    r"|\b(?:könnte|könnten|würde|würden|wäre|wären|hätte|hätten)\b|\bnachrüsten\b|\bnachgerüstet\s+werden\b"
    r"|\b(?:kann|können|wird|werden)\s+(?:\w+\s+){0,2}?dann\b|\bdann\s+(?:kann|können)\b"
)
PLANNED_RE = rx(_PLANNED)
# Motions, demands and wishes: beat even a "seit" in the same sentence ("fordern seit Jahren").
_MOTION_CORE = (
    r"\b(?:fordert|fordern|forderte|forderten|gefordert|forderung)\b|\bprüfantrag\b|\bvision\b|\bzukunftsvorstellung\b"
    r"|\bwünsch(?:t|en)\s+sich\b|\bangeregt\b|\bvorstoß\b|\bunser(?:en)?\s+antrag\b|\bals\s+antrag\b"
    r"|\bwir\s+beantragen\b|\bbeantragt\s+(?:die|der)\s+(?:fraktion|ratsfraktion|ratsgruppe|grünen|spd|cdu|fdp)\b"
    r"|\bantrag\s+(?:der|des|von|aus\s+der|unserer|seiner)\s+(?:fraktion|ratsfraktion|ratsgruppe|grünen|spd|cdu|csu|fdp|"
    r"linken|afd|partei|freien|piraten|wählergemeinschaft|brücke)\b|\b(?:rats)?fraktion(?:en)?\b"
    r"|\bmöge\b|\b(?:wird|werden)\s+(?:hiermit\s+|daher\s+)?(?:beauftragt|gebeten|ersucht|aufgefordert)\b"
    r"|\bbeauftragt\s+(?:die|den)\s+(?:verwaltung|oberbürgermeister\w*|bürgermeister\w*|magistrat)\b"
    r"|\bbeschlussvorschlag\b|\bauftrag\s+an\s+die\s+verwaltung\b|\bjetzt\s*!\s*$"
)
MOTION_ADMIN_RE = rx(_MOTION_CORE)
MOTION_RE = rx(_MOTION_CORE + r"|\banträge?n?\b|\bstadtratsantrag\b|\bbeantrag\w*")

# --- positive cues ------------------------------------------------------------------------------------
REALIZED_RE = rx(
    r"\b(?:jetzt|nun|nunmehr|mittlerweile|inzwischen|seit\s+kurzem|neuerdings|erstmals|erstmalig|derzeit|zurzeit|"
    r"momentan|aktuell)\b"
    # "bereits beim ersten Kontakt" is not "already running"
    r"|\bbereits\b(?!\s+(?:beim|bei|im|am|ab|vor|nach|in|an|für|zum|zur|mit|um|als|wenn|dann|heute)\b)"
    r"|\b(?:wurde|wurden|worden|ist|sind|war|waren|hat|haben|hatte|hatten)\b[^.;]{0,200}?\b(?:eröffnet|gestartet|"
    r"eingeführt|freigeschaltet|installiert|montiert|ausgestattet|ausgerüstet|umgestellt|eingerichtet|"
    r"in\s+betrieb\s+genommen|an\s+den\s+start\s+gegangen|an\s+den\s+start\s+gebracht|online\s+gegangen|"
    r"live\s+gegangen|aufgebaut|errichtet|aufgestellt|ausgeweitet|erweitert|angeschafft|realisiert|umgesetzt|"
    r"aktiviert|integriert|gelauncht|bereitgestellt|ausgerollt|durchgesetzt|durchgewunken|genehmigt)\b"
    r"|\b(?:eröffnete|eröffneten|startete|starteten)\b"
    r"|\b(?:führte|führten|nahm|nahmen|ging|gingen|schaltete|schalteten|stellte|stellten|setzte|setzten|baute|bauten)\b"
    r"[^.;]{0,80}\b(?:ein|in\s+betrieb|online|an\s+den\s+start|frei|um|durch|auf)\b"
    r"|\b(?:im\s+einsatz|in\s+betrieb|im\s+testbetrieb|im\s+probebetrieb|im\s+pilotbetrieb|in\s+der\s+testphase|"
    r"erprobt|erproben|testet|testen|pilotiert)\b"
)
OFFER_RE = rx(
    r"\b(?:kann|können|könnt)\b"
    r"|\b(?:bietet|bieten|bot|boten|angeboten|anbietet)\b|\bermöglich(?:t|en|te)\b"
    r"|\b(?:steht|stehen|stand|standen)\b[^.;]{0,80}\b(?:zur\s+verfügung|bereit)\b|\bzur\s+verfügung\s+(?:steht|stehen|gestellt)\b"
    r"|\b(?:verfügbar|abrufbar|erreichbar|aufrufbar|buchbar|nutzbar|erhältlich|einsehbar|zugänglich)\b"
    r"|\b(?:ist|sind|war|waren)\s+(?:\S+\s+){0,5}?online\b(?!-)"
    r"|\b(?:gibt\s+es|es\s+gibt|gibt's|existiert|existieren|existiere|vorhanden)\b"
    r"|\b(?:ist|sind)\b[^.;]{0,60}\bmöglich\b|\bmöglich\s+(?:ist|sind)\b"
    r"|\b(?:betreibt|betreiben|betrieben|betreut)\b|\b(?:nutzen|nutzt|genutzt)\b"
    r"|\b(?:finden|findet)\s+(?:sie|interessierte|man|ihr|eltern|bürger\w*|nutzer\w*|besucher\w*|kund\w*)\b"
    r"|\bsieht\s+man\b"
    r"|\b(?:beinhaltet|umfasst|umfassen)\b"
    r"|\b(?:buchen|vereinbaren|beantragen|nutzen|reservieren|melden|wählen|klicken|informieren|erledigen|bezahlen|"
    r"zahlen|registrieren|besuchen|starten|stellen|reichen|kaufen|lösen|erwerben|erhalten|laden)\s+sie\b"
    r"|\b(?:erfolgt|erfolgen|läuft|laufen)\s+(?:\w+\s+){0,3}?(?:über|online|digital|per\s+app)\b"
    r"|\bhier\b[^.;]{0,30}\b(?:geht|gelangen|kommen|können|finden|buchen|zum|zur)\b"
    r"|\b(?:zum|zur)\s+\w*(?:online|portal|buchung|terminbuchung|terminvereinbarung|anmeldung|plattform|karte|stadtplan|"
    r"mängelmelder|antrag|livestream|stream|mediathek)\w*"
    r"|\bjetzt\s+(?:online\s+)?(?:buchen|beantragen|melden|termin)\b"
    r"|\bonline\s+(?:zu\s+)?(?:beantragen|buchen|bezahlen|erledigen|melden|anmelden|einreichen|abrufen|ummelden|"
    r"abmelden|vormerken|beauftragen|stellen)\b|\bmöglichkeit\b"
)
ONLINE_RE = rx(
    r"online|\binternet\w*|\bdigital\w*"
    r"|\belektronisch\w*|portal|navigator\b|\blittle\s*bird\b|\bservicekonto|\bservice-konto|\bbürgerkonto|\bnutzerkonto|\bbundid\b"
    r"|\beid\b|\bonline-ausweis|\bausweisapp|\bwebseite|\bwebsite|\bhomepage|\bper\s+computer\b|\bper\s+smartphone\b"
    r"|\bsmartphone\b|\bper\s+app\b|\bapp\b|\bvideo-?(?:call|chat|ident|id)\b|\bvideoid\b|\bi-kfz\b|\bwww\.|https?://"
    r"|\bnicht\s+mehr\s+(?:persönlich\s+)?(?:zum|zur|ins|aufs|in\s+das)\s+(?:amt|bürgeramt|rathaus|bürgerbüro|stadthaus)"
    r"|\bohne\s+(?:aufs|ins|zum|in\s+das)\s+(?:amt|rathaus|bürgeramt|bürgerbüro)\b|\b(?:spart|sparen)\s+den\s+weg\b"
    r"|\bweg\s+(?:zum|ins|aufs)\b[^.]{0,30}\bentfällt\b|\bmit\s+wenigen\s+klicks\b|\bklick\w*\b"
)

# --- sentences that do not speak about the page's own municipality ---------------------------------------
ELSEWHERE_RE = rx(
    r"\b(?:andere[nr]?|viele[nr]?|einige[nr]?|mehrere[nr]?|zahlreiche[nr]?|manche[nr]?|wenige[nr]?|ausgewählte[nr]?|"
    r"etliche[nr]?|deutsche[nr]?|alle[rn]?|sämtliche[rn]?|kleine[nr]?|kleinere[nr]?|große[nr]?|größere[nr]?|"
    r"benachbarte[nr]?|ländliche[nr]?|\w+ische[nr]?|(?-i:[A-ZÄÖÜ]\w+er))\s+(?:städte[n]?|kommunen|gemeinden|landkreise[n]?|bundesländer[n]?|"
    r"ländern|behörden|verwaltungen|großstädte[n]?|landeshauptstädte[n]?|webseiten|websites|orte[n]?|regionen)\b"
    r"|\b(?:etwa|beispielsweise|zum\s+beispiel|z\.\s?b\.|wie)\s+(?:in|bei)\s+(?:den\s+)?(?-i:[A-ZÄÖÜ])"
    r"|\bnach\s+dem\s+vorbild\b|\bvorreiter\w*|\bpionier\w*|\bandernorts\b|\banderswo\b|\bbundesweit\b"
    r"|\b(?:viele[nr]?|einige[nr]?|andere[nr]?|den|die|allen)\s+nachbar(?:städte[n]?|kommunen|gemeinden|orte[n]?)\b"
    r"|\banders\s+als\s+in\b|\bdeutschlandweit\b|\bin\s+(?:ganz\s+)?deutschland\b|\beuropaweit\b|\bin\s+europa\b|\bim\s+ausland\b"
    r"|\bin\s+(?:anderen\s+)?(?:europäischen\s+)?ländern\b|\b(?:städte[n]?|kommunen|gemeinden)\s+wie\b"
    r"|\bin\s+der\s+nachbar(?:stadt|gemeinde|kommune)\b|\bnur\s+in\s+wenigen\b|\bandere\s+bezirke\b"
    r"|\bin\s+den\s+nachbar\w+|\bbei\s+städten\b|\beine[rn]?\s+(?:stadt|kommune|gemeinde),\s+(?:in\s+der|die|wo)\b"
    r"|\b\d+\s+(?:der\s+\d+\s+)?(?:städte[n]?|landeshauptstädte[n]?|kommunen|großstädte[n]?|landkreise[n]?)\b"
    r"|\b(?:viele[nr]?|manche[nr]?|einige[nr]?|andere[nr]?)\s+innenstädte[n]?\b",
    re.IGNORECASE,  # matched against the original text: place names are recognised by their capital
)
MUNICIPAL_ANCHOR_RE = rx(
    r"\b(?:stadt|stadtverwaltung|verwaltung|stadtwerke[n]?|stadtgebiet|gemeinde|"
    r"gemeindeverwaltung|landkreis|kreisverwaltung|kreis|kommune|oberbürgermeister\w*|bürgermeister\w*|"
    r"magistrat|senat|bezirksamt|verkehrsbetriebe)\b|\bstädtisch\w*|\b(?:wir|uns|unser\w*)\b|\bbei\s+uns\b"
)
EXPLANATORY_RE = rx(
    r"\bprinzip\b|\bversteht\s+man\b|\bbezeichnet\b|\bwas\s+ist\b|\bdas\s+wort\b|\bleitet\s+sich\b|"
    r"\bgrob\s+gesagt\b|\bvorstellen\s+wie\b|\bheißt\s+das\s+stichwort\b|\bdefinition\b|\bfunktioniert\b[^.]{0,40}\bso\b"
)
# A vendor's sales page addresses municipalities ("Ihre Verwaltung", "Wir beraten Sie", "Demo anfordern").
_VENDOR_STRONG = (
    rx(
        r"\bihre[rnms]?\s+(?:kommune|verwaltung|gemeinde|behörde|kunden|mitarbeitenden|mitarbeiter|pläne|projekte|"
        r"vorhaben|einwohner\w*|bürgerinnen\s+und\s+bürger)\b"
    ),
    rx(
        r"\bunsere[rnms]?\s+(?:kunden|kundinnen|lösung\w*|produkt\w*|software|plattform|referenzen|module?)\b"
    ),
    rx(
        r"\b(?:demo|beratungstermin|erstgespräch|angebot|preise?)\s+(?:anfordern|anfragen|vereinbaren|sichern)\b|"
        r"\bkostenlose[ns]?\s+(?:demo|test)\w*|\bjetzt\s+testen\b|\btestzugang\b"
    ),
    rx(r"\breferenz(?:en|kunden|projekte)\b"),
    rx(
        r"\bwir\s+(?:beraten|unterstützen|begleiten|helfen|zeigen)\s+(?:sie|ihnen)\b|\bdie\s+sie\s+vertreten\b"
    ),
)
_VENDOR_WEAK = (
    rx(
        r"\bfür\s+(?:kommunen|städte\s+und\s+gemeinden|städte|gemeinden|verwaltungen|behörden|landkreise|"
        r"den\s+öffentlichen\s+sektor|die\s+öffentliche\s+verwaltung|öffentliche\s+verwaltungen|stadtwerke)\b"
    ),
    rx(r"\b(?:anbieter|hersteller|softwarehaus|dienstleister)\s+(?:von|für)\b|\bwhitepaper\b|\bwebinar\b"),
)


def is_vendor_marketing(lower_text: str) -> bool:
    """A vendor's sales page (speaks to municipalities about its product): no municipality offers here."""
    strong = sum(1 for pattern in _VENDOR_STRONG if pattern.search(lower_text))
    weak = sum(1 for pattern in _VENDOR_WEAK if pattern.search(lower_text))
    return strong >= 2 or (strong >= 1 and weak >= 1)


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" \"'“”»«)").endswith("?")


@lru_cache(maxsize=8192)
def classify_negative(sentence: str, ref: RefDate | None, *, admin: bool) -> tuple[str, str] | None:
    """The strongest negative cue of a (lower-case) sentence as (cue class, matched phrase), or None.

    Classes: ``future_date``, ``motion`` (demands, party motions), ``planned``, ``not_possible``,
    ``discontinued`` and ``offline_only``. ``admin`` families read "Antrag" as an application, not a motion.
    """
    cleaned = neutralise(sentence)
    m = (MOTION_ADMIN_RE if admin else MOTION_RE).search(cleaned)
    if m:
        return "motion", m.group(0)  # a demand or motion: reported as "planned"
    cue = time_cue(sentence, ref)
    if cue and cue[0] == "future":
        return "future_date", cue[1]
    m = DISCONTINUED_RE.search(cleaned)
    if m:
        return "discontinued", m.group(0)
    m = NOT_POSSIBLE_RE.search(cleaned)
    if m:
        return "not_possible", m.group(0)
    m = OFFLINE_ONLY_RE.search(cleaned)
    if m:
        return "offline_only", m.group(0)
    m = PLANNED_RE.search(cleaned)
    if m:
        return "planned", m.group(0)
    return None


@lru_cache(maxsize=8192)
def classify_positive(sentence: str, ref: RefDate | None) -> tuple[str, str] | None:
    """("anchored"|"realized"|"offer", phrase) for the strongest positive cue of a (lower-case) sentence."""
    cue = time_cue(sentence, ref)
    if cue and cue[0] == "since":
        return "anchored", cue[1]
    m = REALIZED_RE.search(sentence)
    if m:
        return "realized", m.group(0)
    m = OFFER_RE.search(neutralise(sentence) if "zu können" in sentence else sentence)
    if m:
        return "offer", m.group(0)
    return None
