"""decide(): tiers within a page, explicit offers across pages, values and evidence."""

from __future__ import annotations

from crawlers.detectors import Detection, decide
from crawlers.detectors.decision import MAX_EVIDENCE

P = "verwaltung.online_terminvergabe.standesamt"


def det(
    rule: str,
    url: str = "https://www.musterstadt.de/a",
    status: str | None = None,
    value: float = 1.0,
    param: str = P,
) -> Detection:
    if status is None:
        status = "absent" if ".absent" in rule else "present"
    return Detection(param, value if status == "present" else 0.0, status, rule, f"snippet {rule}", url)


def test_no_detections_no_decisions():
    assert decide([]) == {}


def test_within_a_page_a_confirmed_offer_beats_an_announcement():
    d = decide([det("kw.termin.absent.future_date"), det("kw.termin.confirmed")])[P]
    assert (d.status, d.value, d.tier) == ("present", 1.0, "confirmed")
    assert [e.rule_id for e in d.evidence] == ["kw.termin.confirmed"]


def test_within_a_page_an_announcement_beats_a_present_tense_description():
    d = decide([det("kw.termin.offer"), det("kw.termin.absent.future_date")])[P]
    assert (d.status, d.value, d.tier) == ("absent", 0.0, "announced")


def test_within_a_page_an_offer_beats_boilerplate_negatives():
    d = decide([det("kw.termin.absent.offline_only"), det("kw.termin.offer")])[P]
    assert d.status == "present"


def test_within_a_page_a_mention_loses_to_any_negative():
    d = decide([det("kw.termin.mention"), det("kw.termin.absent.not_possible")])[P]
    assert d.status == "absent"
    assert decide([det("kw.termin.mention")])[P].status == "present"


def test_across_pages_an_offer_on_one_page_beats_an_old_announcement_on_another():
    decisions = decide(
        [
            det("kw.termin.absent.future_date", url="https://www.musterstadt.de/news/2019"),
            det("kw.termin.offer", url="https://www.musterstadt.de/standesamt"),
        ]
    )
    assert decisions[P].status == "present"
    assert decisions[P].evidence[0].url == "https://www.musterstadt.de/standesamt"


def test_across_pages_a_refusal_beats_a_bare_mention():
    decisions = decide(
        [
            det("kw.termin.mention", url="https://www.musterstadt.de/"),
            det("kw.termin.absent.offline_only", url="https://www.musterstadt.de/standesamt"),
        ]
    )
    assert decisions[P].status == "absent"


def test_ordinal_value_is_the_highest_present_level_and_evidence_is_capped():
    portal = "verwaltung.serviceportal.angebot"
    dets = [det("kw.serviceportal.offer", url=f"https://x.de/{i}", param=portal) for i in range(8)]
    dets.append(det("kw.serviceportal.offer", url="https://x.de/level2", value=2.0, param=portal))
    d = decide(dets)[portal]
    assert d.value == 2.0
    assert len(d.evidence) == MAX_EVIDENCE


def test_unknown_rule_ids_from_another_rule_set_still_count():
    d = decide([det("other.rule", status="present"), det("other.absent.rule", status="absent")])[P]
    assert d.status == "present"


def test_decisions_are_sorted_and_serialisable():
    decisions = decide([det("kw.termin.offer", param="b.x.y"), det("kw.termin.offer", param="a.x.y")])
    assert list(decisions) == ["a.x.y", "b.x.y"]
    assert decisions["a.x.y"].as_json() == {
        "value": 1.0,
        "status": "present",
        "evidence": [
            {
                "rule": "kw.termin.offer",
                "snippet": "snippet kw.termin.offer",
                "url": "https://www.musterstadt.de/a",
            }
        ],
    }
