"""Hand-label kinds (as in ``pages-dev``) and the catalog parameters the detectors decide for them.

One place for the mapping, used by the labelled test set and documented in ``docs/detectors.md``:
an evaluation reads a page's decisions for the label's *targets* and turns them into one status:

- one target: the decision's status (``present`` / ``absent``), or ``None`` when the page is silent;
- several targets (``smart_waste``: bins *or* containers): ``present`` if any target is present,
  else ``absent`` if any is absent, else ``None``.

``participation_platform`` is read from ``plattform_mitgestaltung``, which every participation-platform
detection sets; ``_diskussion`` / ``_abstimmung`` are added when the page names commenting or voting.
``carsharing`` and ``coworking`` map to numeric catalog parameters the detectors can only show the
presence of (value 1 present / 0 absent); the crawl does not write those into the parameter table.

Scoring (:func:`score`): per label kind and page, the prediction is the mapped status. A labelled page
counts as a true positive when the prediction equals the label, otherwise as a false negative (wrong
status or silent); a wrong status is also a false positive, and so is any prediction on a page that
does not label that kind. Precision, recall and F1 per kind; macro-F1 over the kinds that have a label
or a prediction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crawlers.detectors.decision import Decision

_T = "verwaltung.online_terminvergabe."
_D = "verwaltung.online_dienstleistungen."

LABEL_TARGETS: dict[str, tuple[str, ...]] = {
    "appointment_online.buergeramt": (_T + "buergeramt",),
    "appointment_online.standesamt": (_T + "standesamt",),
    "appointment_online.auslaenderbehoerde": (_T + "auslaenderbehoerde",),
    "appointment_online.gewerbeamt": (_T + "gewerbeamt",),
    "appointment_online.kfz_zulassung": (_T + "kfz_zulassung",),
    "service_online.ummeldung": (_D + "ummeldung",),
    "service_online.meldebescheinigung": (_D + "meldebescheinigung",),
    "service_online.melderegisterauskunft": (_D + "melderegisterauskunft",),
    "service_online.anwohnerparkausweis": (_D + "anwohnerparkausweis",),
    "service_online.kfz_zulassung": (_D + "kfz_zulassung",),
    "service_online.gewerbe_anmeldung": (_D + "gewerbe_anmeldung",),
    "service_online.kita_anmeldung": (_D + "kita_anmeldung",),
    "epayment_online": ("verwaltung.payment.epayment",),
    "fine_payment_online": ("verwaltung.payment.bussgeld_online",),
    "card_payment_office": ("verwaltung.payment.kartenzahlung_buergeramt",),
    "maengelmelder": ("verwaltung.bevoelkerungsanliegen.maengelmelder",),
    "chatbot": ("verwaltung.bevoelkerungsanliegen.chatbot",),
    "behoerdennummer_115": ("verwaltung.bevoelkerungsanliegen.behoerdennummer_115",),
    "serviceportal": ("verwaltung.serviceportal.angebot",),
    "open_data_portal": ("gesellschaft.open_data.verfuegbarkeit",),
    "geodata_portal": ("gesellschaft.geodaten.interaktiver_stadtplan",),
    "rats_tv": ("gesellschaft.beteiligung.rats_tv",),
    "participation_platform": ("gesellschaft.beteiligung.plattform_mitgestaltung",),
    "smart_parking": ("mobilitaet.parken.smart_parking",),
    "handyparken": ("mobilitaet.parken.handyparken",),
    "bikesharing": ("mobilitaet.sharing.bikesharing",),
    "e_tretroller": ("mobilitaet.sharing.e_tretroller",),
    "carsharing": ("mobilitaet.sharing.carsharing_je_1000_ew",),
    "realtime_transit_info": ("mobilitaet.vernetzter_oepnv.echtzeit",),
    "mobile_ticket": ("mobilitaet.vernetzter_oepnv.handytickets",),
    "public_wifi": ("it_kommunikation.public_wlan.verfuegbarkeit",),
    "lorawan": ("it_kommunikation.netzwerktechnologien.lorawan_community",),
    "smart_street_lighting": ("energie_umwelt.strassenbeleuchtung.adaptiv",),
    "smart_waste": ("energie_umwelt.smart_waste.container_sensoren", "energie_umwelt.smart_waste.muelleimer"),
    "fablab": ("gesellschaft.fablabs_coworking.fablab",),
    "coworking": ("gesellschaft.fablabs_coworking.coworking_anzahl",),
}


def label_status(decisions: Mapping[str, Decision], kind: str) -> str | None:
    """The status the decisions give a label kind (see the module docstring), or None when silent."""
    statuses = [decisions[t].status for t in LABEL_TARGETS[kind] if t in decisions]
    if "present" in statuses:
        return "present"
    if "absent" in statuses:
        return "absent"
    return None


@dataclass
class KindScore:
    kind: str
    labelled: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    kinds: dict[str, KindScore]
    errors: list[tuple[str, str, str | None, str | None]]  # (page id, kind, label, prediction)

    @property
    def macro_f1(self) -> float:
        scored = [k for k in self.kinds.values() if k.labelled or k.fp]
        return sum(k.f1 for k in scored) / len(scored) if scored else 0.0

    def table(self) -> str:
        lines = [f"{'label kind':40} {'n':>3} {'tp':>3} {'fp':>3} {'fn':>3} {'prec':>5} {'rec':>5} {'f1':>5}"]
        for k in sorted(self.kinds.values(), key=lambda k: k.kind):
            if not (k.labelled or k.fp):
                continue
            lines.append(
                f"{k.kind:40} {k.labelled:3d} {k.tp:3d} {k.fp:3d} {k.fn:3d} {k.precision:5.2f} "
                f"{k.recall:5.2f} {k.f1:5.2f}"
            )
        lines.append(
            f"macro-F1 {self.macro_f1:.3f} over {sum(1 for k in self.kinds.values() if k.labelled or k.fp)} kinds"
        )
        return "\n".join(lines)


def score(items: Iterable[tuple[str, Mapping[str, bool], Mapping[str, Decision]]]) -> Evaluation:
    """Score (page id, labels {kind: bool}, decisions) triples against :data:`LABEL_TARGETS`."""
    kinds = {k: KindScore(k) for k in LABEL_TARGETS}
    errors = []
    for page_id, labels, decisions in items:
        for kind, score_k in kinds.items():
            predicted = label_status(decisions, kind)
            if kind in labels:
                expected = "present" if labels[kind] else "absent"
                score_k.labelled += 1
                if predicted == expected:
                    score_k.tp += 1
                else:
                    score_k.fn += 1
                    if predicted is not None:
                        score_k.fp += 1
                    errors.append((page_id, kind, expected, predicted))
            elif predicted is not None:
                score_k.fp += 1
                errors.append((page_id, kind, None, predicted))
    return Evaluation(kinds, errors)
