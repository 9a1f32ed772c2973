"""detect() on awkward input, and the contract the spider relies on."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.detectors import PRESENCE_ONLY, RULES, Detection, Page, decide, detect
from crawlers.detectors.keywords import P_CARSHARING


@pytest.mark.parametrize(
    "page",
    [
        Page(url="https://x.de/"),
        Page(url="https://x.de/", html=""),
        Page(url="https://x.de/", text=""),
        Page(url="https://x.de/", html="<"),
        Page(
            url="https://x.de/",
            html="<?xml version='1.0' encoding='utf-8'?><html><body>Bürgerbüro</body></html>",
        ),
        Page(url="https://x.de/", html="\x00\x01\x02 binary"),
        Page(url="", text="Termine online buchen im Bürgerbüro."),
        Page(url="https://x.de/", html="<html><body>" + "<div>" * 5000 + "Mängelmelder" + "</div>" * 5000),
        Page(url="https://x.de/", text="?" * 10000),
        Page(url="https://x.de/", text="Ab dem 99. Märzember 20 ist alles anders. Seit 13.13. nicht."),
    ],
)
def test_awkward_pages_do_not_raise(page):
    detections = detect(page)
    assert all(isinstance(d, Detection) for d in detections)
    decide(detections)


def test_detections_follow_the_contract():
    html = (
        "<html><body><main><h1>Bürgerbüro</h1><p>"
        + "Lorem ipsum dolor sit amet. " * 40
        + "Termine für das Bürgerbüro können Sie seit 2020 online buchen, "
        + "sehr bequem und schnell " * 30
        + ".</p><iframe src='https://termine.ekom21.de/tevisweb080/'></iframe></main></body></html>"
    )
    detections = detect(Page(url="https://www.musterstadt.de/buergerbuero", html=html))
    assert detections
    for d in detections:
        assert d.url == "https://www.musterstadt.de/buergerbuero"
        assert 0 < len(d.snippet) <= 300
        assert d.rule_id in RULES
        assert d.parameter_id in RULES[d.rule_id].parameters
        assert d.status == RULES[d.rule_id].status
        assert (d.value > 0) == (d.status == "present")
    confirmed = next(d for d in detections if d.rule_id == "kw.termin.confirmed")
    assert "seit 2020 online buchen" in confirmed.snippet


def test_one_detection_per_parameter_and_rule_on_a_page():
    text = "Termine im Bürgerbüro buchen Sie online. " * 20
    detections = detect(Page(url="https://www.musterstadt.de/a", text=text))
    keys = [(d.parameter_id, d.rule_id) for d in detections]
    assert len(keys) == len(set(keys))


def test_detect_is_deterministic():
    page = Page(url="https://www.musterstadt.de/a", text="Seit Mai gibt es freies WLAN in der Innenstadt.")
    assert detect(page) == detect(page)


def test_reference_date_turns_an_old_start_date_into_a_running_offer():
    page = Page(
        url="https://www.musterstadt.de/a",
        text="Ab 1. März 2021 können Sie Termine im Bürgerbüro online buchen.",
    )
    param = "verwaltung.online_terminvergabe.buergeramt"
    assert decide(detect(page))[param].status == "absent"
    assert decide(detect(page, reference=date(2024, 1, 15)))[param].status == "present"


def test_presence_only_parameters_carry_value_one():
    decisions = decide(
        detect(Page(url="https://www.musterstadt.de/a", text="Die Stadtwerke betreiben Carsharing."))
    )
    assert P_CARSHARING in PRESENCE_ONLY
    assert (decisions[P_CARSHARING].status, decisions[P_CARSHARING].value) == ("present", 1.0)


def test_final_url_is_used_for_url_signatures_but_detections_keep_the_requested_url():
    page = Page(
        url="https://www.musterstadt.de/geoportal-link",
        final_url="https://geoportal.musterstadt.de/",
        html="<html><body><h1>Karten</h1></body></html>",
    )
    detections = detect(page)
    geo = [d for d in detections if d.rule_id == "vendor.geo.geoportal"]
    assert geo and geo[0].url == "https://www.musterstadt.de/geoportal-link"
