"""Vendor and platform signatures: fixtures per booking/payment/participation vendor, inline cases for the
other categories, portal_kind and social-media links."""

from __future__ import annotations

import pytest

from crawlers.detectors import Page, decide, detect, portal_kind
from crawlers.detectors.vendors import social_network
from tests.detectors.cases import P
from tests.detectors.conftest import FIXTURES
from tests.detectors.vendor_cases import FIXTURE_EXPECTATIONS, INLINE, html_for, param


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTATIONS))
def test_vendor_fixture(name):
    rule, expected = FIXTURE_EXPECTATIONS[name]
    html = (FIXTURES / "vendors" / name).read_text(encoding="utf-8")
    detections = detect(Page(url="https://www.musterstadt.de/rathaus/seite", html=html))
    assert rule in {d.rule_id for d in detections}
    decisions = decide(detections)
    assert {k: decisions[P[k]].status if P[k] in decisions else None for k in expected} == expected
    # only the offices the page is about: no booking rule fires for an office the page does not name
    booked = {d.parameter_id for d in detections if d.rule_id == rule and "terminvergabe" in d.parameter_id}
    assert booked <= {P[k] for k in expected}


@pytest.mark.parametrize(("rule", "how", "url", "text", "expected"), INLINE, ids=[c[0] for c in INLINE])
def test_inline_signature(rule, how, url, text, expected):
    page_url, html = html_for(how, url, text)
    detections = detect(Page(url=page_url, html=html))
    assert rule in {d.rule_id for d in detections}
    decisions = decide(detections)
    assert {k: decisions[param(k)].status if param(k) in decisions else None for k in expected} == expected


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://termine.ekom21.de/tevisweb080/select2?md=5", "booking:tevis"),
        ("https://www.netappoint.de/ot/musterstadt/", "booking:netappoint"),
        ("https://www.etermin.net/musterstadt", "booking:etermin"),
        ("https://www.terminland.eu/stadtverwaltung-musterstadt/", "booking:terminland"),
        ("https://www.timeacle.com/business/index/id/1", "booking:timeacle"),
        ("https://musterstadt.qmatic.cloud/qwebbook/", "booking:qmatic"),
        ("https://termine.musterstadt.de/", "booking:generic"),
        ("https://www.musterstadt.de/terminvergabe", "booking:generic"),
        ("https://www.epaybl.de/", "payment:epaybl"),
        ("https://www.paypal.com/checkoutnow", "payment:paypal"),
        ("https://consulproject.org/", "participation:consul"),
        ("https://adhocracy.plus/musterstadt/", "participation:adhocracy"),
        ("https://beteiligung.musterstadt.de/", "participation:generic"),
        ("https://www.buergerhaushalt-musterstadt.de/", "participation:buergerhaushalt"),
        ("https://opendata.musterstadt.de/api/3/action/package_search", "opendata:ckan"),
        ("https://musterstadt.opendatasoft.com/explore/", "opendata:opendatasoft"),
        ("https://opendata-musterstadt.hub.arcgis.com/", "opendata:arcgis_hub"),
        ("https://offenedaten-musterstadt.de/", "opendata:generic"),
        ("https://geoportal.musterstadt.de/", "geo:geoportal"),
        ("https://www.musterstadt.de/masterportal/", "geo:masterportal"),
        ("https://serviceportal.musterstadt.de/", "serviceportal:generic"),
        ("https://www.service-bw.de/zufi/", "serviceportal:servicebw"),
        ("https://www.mängelmelder.de/", "defects:maengelmelder"),
        ("https://www.sags-uns.de/", "defects:sagsuns"),
        ("https://www.musterstadt.de/rats-tv/", "ratstv:ratstv"),
        ("https://www.nextbike.de/de/", "sharing:nextbike"),
        ("https://www.paybyphone.de/", "parking:paybyphone"),
        ("https://www.musterstadt.de/", None),
        ("https://www.musterstadt.de/rathaus/buergerbuero/", None),
        ("https://mainpost.de/regional/stadtrat-live-bald-sitzungen-im-netz-art-84", None),
        ("https://www.facebook.com/stadtmusterstadt", None),
        ("mailto:info@musterstadt.de", None),
        ("", None),
        ("not a url", None),
    ],
)
def test_portal_kind(url, kind):
    assert portal_kind(url) == kind


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://www.facebook.com/stadtmusterstadt", "facebook"),
        ("https://de-de.facebook.com/stadt.musterstadt/", "facebook"),
        ("https://www.facebook.com/sharer/sharer.php?u=https://www.musterstadt.de", None),
        ("https://www.facebook.com/plugins/page.php", None),
        ("https://www.instagram.com/stadt_musterstadt/", "instagram"),
        ("https://www.instagram.com/p/Cx123/", None),
        ("https://twitter.com/musterstadt", "twitter"),
        ("https://x.com/musterstadt", "twitter"),
        ("https://twitter.com/intent/tweet?text=Hallo", None),
        ("https://www.youtube.com/@stadtmusterstadt", "youtube"),
        ("https://www.youtube.com/channel/UC123", "youtube"),
        ("https://www.youtube.com/user/musterstadt", "youtube"),
        ("https://www.youtube.com/watch?v=abc", None),
        ("https://www.youtube.com/embed/abc", None),
        ("https://www.musterstadt.de/facebook", None),
    ],
)
def test_social_network(url, network):
    assert social_network(url) == network


def test_social_account_links_give_level_one():
    html = (
        '<html><body><footer><a href="https://www.facebook.com/stadtmusterstadt">Facebook</a> '
        '<a href="https://www.youtube.com/watch?v=abc">Video</a></footer></body></html>'
    )
    decisions = decide(detect(Page(url="https://www.musterstadt.de/", html=html)))
    assert decisions["verwaltung.social_media.facebook"].value == 1.0
    assert decisions["verwaltung.social_media.facebook"].status == "present"
    assert "verwaltung.social_media.youtube" not in decisions


def test_paypal_donation_button_in_footer_is_not_epayment():
    html = (
        "<html><body><main><p>Willkommen im Tierheim.</p></main><footer>"
        '<a href="https://www.paypal.com/donate?id=1">Jetzt spenden</a></footer></body></html>'
    )
    assert "verwaltung.payment.epayment" not in decide(
        detect(Page(url="https://www.musterstadt.de/", html=html))
    )


def test_booking_link_without_office_is_left_to_the_portal_hop():
    html = '<html><body><nav><a href="https://termine.ekom21.de/tevisweb080/">Termin buchen</a></nav></body></html>'
    detections = detect(Page(url="https://www.musterstadt.de/", html=html))
    assert [d for d in detections if "terminvergabe" in d.parameter_id] == []
    assert portal_kind("https://termine.ekom21.de/tevisweb080/") == "booking:tevis"


def test_booking_portal_page_books_every_office_it_names():
    text = "Terminvereinbarung\n\nBitte wählen Sie: Bürgerbüro, Standesamt, Zulassungsstelle"
    decisions = decide(detect(Page(url="https://termine.musterstadt.de/select2?md=1", text=text)))
    for short in ("t.buergeramt", "t.standesamt", "t.kfz"):
        assert decisions[P[short]].status == "present"
    assert P["t.auslaender"] not in decisions


def test_urls_written_in_a_plain_text_count_as_links():
    text = "Schäden melden Sie unter https://www.sags-uns.de/musterstadt oder telefonisch."
    detections = detect(Page(url="https://www.musterstadt.de/service/seite", text=text))
    assert "vendor.defects.sagsuns" in {d.rule_id for d in detections}


def test_links_given_by_the_caller_are_used():
    page = Page(
        url="https://www.musterstadt.de/",
        html="<html><body><p>Start</p></body></html>",
        links=(("https://geoportal.musterstadt.de/", "Geoportal"),),
    )
    assert decide(detect(page))[P["stadtplan"]].status == "present"


def test_menu_links_to_pages_of_the_same_site_are_no_evidence_on_every_page():
    """A site menu naming "Mängelmelder" or "Open Data" links pages the spider reads itself; the entry is no
    evidence on each page it appears on. The same link in the main text, or a menu link to an external
    platform, still counts."""
    menu = (
        '<nav><a href="/buergerservice/maengelmelder">Mängelmelder</a> <a href="/open-data">Open Data</a> '
        '<a href="https://www.nextbike.de/de/musterstadt/">Leihräder</a></nav>'
    )
    page = Page(
        url="https://www.musterstadt.de/rathaus/oeffnungszeiten",
        html=f"<html><body>{menu}<main><p>Das Rathaus ist montags geöffnet.</p></main></body></html>",
    )
    assert {d.rule_id for d in detect(page)} == {"vendor.sharing.nextbike"}
    in_text = Page(
        url="https://www.musterstadt.de/rathaus/oeffnungszeiten",
        html=f'<html><body>{menu}<main><p>Melden Sie Schäden im <a href="/buergerservice/maengelmelder">'
        "Mängelmelder</a>.</p></main></body></html>",
    )
    assert "vendor.defects.maengelmelder" in {d.rule_id for d in detect(in_text)}
