"""Combine the detections of one or many pages into one decision per parameter.

Within one page, the strongest tier wins (see :mod:`crawlers.detectors.rules`):

    confirmed  >  announced  >  offer  >  negative  >  mention

so a dated, realised offer ("seit Juni", an embedded booking widget) beats an announcement on the same
page, an announcement ("ab 1. März", "soll künftig") beats present-tense descriptions of how the future
service will work, an explicit offer beats boilerplate negatives ("nur persönlich"), and a bare mention
(a heading, a menu link) loses to any negative.

Across pages, the explicit, specific offer wins: a parameter is ``present`` as soon as one page decides
it present with a ``confirmed`` or ``offer`` detection (an old news item announcing the service does not
undo the service page that offers it); otherwise ``absent`` if any page decided it absent; otherwise
``present`` from mentions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from crawlers.detectors.base import Detection
from crawlers.detectors.rules import TIER_RANK, TIER_STATUS, rule_tier

MAX_EVIDENCE = 5


@dataclass(frozen=True)
class Decision:
    parameter_id: str
    value: float  # 1.0/0.0 for booleans, the level for ordinals (0.0 when absent)
    status: str  # "present" | "absent"
    evidence: tuple[Detection, ...]  # the detections behind the decision, strongest first
    tier: str  # tier of the deciding evidence

    def as_json(self) -> dict:
        return {
            "value": self.value,
            "status": self.status,
            "evidence": [{"rule": d.rule_id, "snippet": d.snippet, "url": d.url} for d in self.evidence],
        }


def _page_decision(detections: list[Detection]) -> tuple[str, str, list[Detection]]:
    """(status, tier, supporting detections) of one page for one parameter."""
    ranked = sorted(detections, key=lambda d: TIER_RANK[rule_tier(d.rule_id)])
    tier = rule_tier(ranked[0].rule_id)
    status = TIER_STATUS[tier]
    support = [d for d in ranked if TIER_STATUS[rule_tier(d.rule_id)] == status]
    return status, tier, support


def decide(detections: Iterable[Detection]) -> dict[str, Decision]:
    """One :class:`Decision` per parameter the detections speak to."""
    by_param: dict[str, dict[str, list[Detection]]] = defaultdict(lambda: defaultdict(list))
    for det in detections:
        by_param[det.parameter_id][det.url].append(det)
    decisions: dict[str, Decision] = {}
    for param, pages in by_param.items():
        page_results = [_page_decision(dets) for dets in pages.values()]
        strong_present = [r for r in page_results if r[0] == "present" and r[1] in ("confirmed", "offer")]
        absent = [r for r in page_results if r[0] == "absent"]
        if strong_present:
            chosen = strong_present
        elif absent:
            chosen = absent
        else:
            chosen = page_results
        chosen = sorted(chosen, key=lambda r: TIER_RANK[r[1]])
        status, tier = chosen[0][0], chosen[0][1]
        evidence = sorted((d for r in chosen for d in r[2]), key=lambda d: TIER_RANK[rule_tier(d.rule_id)])
        value = max(d.value for d in evidence) if status == "present" else 0.0
        decisions[param] = Decision(param, float(value), status, tuple(evidence[:MAX_EVIDENCE]), tier)
    return dict(sorted(decisions.items()))
