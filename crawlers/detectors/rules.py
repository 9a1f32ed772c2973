"""The rule registry: every rule id the detectors can emit, with its parameters and evidence tier.

The *tier* says how a detection weighs when one page (or many) speak differently about a parameter
(see :func:`crawlers.detectors.decide`):

- ``confirmed``: a running offer, anchored in time or structure ("seit 2020", "ab sofort", "wurde in
  Betrieb genommen", an embedded booking iframe, the page is the portal itself);
- ``announced``: the feature is only planned, moved, or starts at a future date (absent);
- ``offer``: the page offers it in the present tense ("können Sie online buchen", a link to a portal);
- ``negative``: the page says it is not possible, discontinued, or only offline (absent) - often
  boilerplate, so an explicit offer on the same page wins;
- ``mention``: the feature is named without any cue (a heading, a link text): present, but any
  negative on the page wins.
"""

from __future__ import annotations

from dataclasses import dataclass

TIERS = ("confirmed", "announced", "offer", "negative", "mention")
# Lower rank wins within one page.
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
TIER_STATUS = {
    "confirmed": "present",
    "announced": "absent",
    "offer": "present",
    "negative": "absent",
    "mention": "present",
}


@dataclass(frozen=True)
class Rule:
    id: str
    parameters: tuple[str, ...]
    description: str
    module: str  # "keywords" | "vendors"
    tier: str

    @property
    def status(self) -> str:
        return TIER_STATUS[self.tier]


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.tier not in TIER_RANK:
        raise ValueError(f"rule {rule.id}: unknown tier {rule.tier!r}")
    existing = RULES.get(rule.id)
    if existing is not None and existing != rule:
        raise ValueError(f"rule id {rule.id!r} registered twice with different definitions")
    RULES[rule.id] = rule
    return rule


def rule_tier(rule_id: str) -> str:
    """The tier of a rule id; unknown ids (another rule set's) count as a plain offer or negative."""
    rule = RULES.get(rule_id)
    if rule is not None:
        return rule.tier
    return "negative" if ".absent" in rule_id or ".negative" in rule_id else "offer"
