"""The detector contract shared by the spider, ``sci detect`` and the tests.

A detector rule looks at one page and may emit :class:`Detection` records for catalog parameters:
``present`` with the quoted evidence, or ``absent`` when the page speaks of the feature but shows it is
not offered (negative cues: "nur telefonisch", "derzeit nicht möglich", plans, future start dates).
A page that says nothing about a parameter yields nothing for it. Combining the detections of many
pages of one city into one decision per parameter is :func:`crawlers.detectors.decide`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One fetched page: decoded HTML, or plain text when only text is available."""

    url: str
    html: str | None = None
    text: str | None = None
    final_url: str | None = None
    status: int | None = None
    # Outgoing links already extracted by the caller (absolute URLs with their anchor text), optional.
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Detection:
    parameter_id: str  # full catalog id, e.g. verwaltung.online_terminvergabe.buergeramt
    value: float  # 1.0 / 0.0 for booleans, the level for ordinals
    status: str  # "present" | "absent"
    rule_id: str  # stable id of the rule that fired, e.g. "vendor.tevis" or "kw.termin.negative_phone_only"
    snippet: str  # at most 300 characters of page text around the match
    url: str  # the page the snippet was found on
