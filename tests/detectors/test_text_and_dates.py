"""Text preparation (HTML to text, sentences, headline slugs) and date handling."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.detectors import Page
from crawlers.detectors.dates import RefDate, When, is_future, reference_date, time_cue
from crawlers.detectors.text import cities_named, prepare, split_sentences, url_slug_title


def _sentences(text: str) -> list[str]:
    sentences, _ = split_sentences(text)
    return [text[s.start : s.end] for s in sentences]


def test_sentences_keep_dates_abbreviations_and_lists_together():
    text = (
        "Seit 1. Juni ist das Portal online. Das gilt z. B. für Kitas bzw. Horte.\n"
        "Zahlungsarten:\n• bar\n• EC-Karte\n\nNeuer Absatz! Zweiter Satz?"
    )
    assert _sentences(text) == [
        "Seit 1. Juni ist das Portal online.",
        "Das gilt z. B. für Kitas bzw. Horte.",
        "Zahlungsarten:\n• bar\n• EC-Karte",
        "Neuer Absatz!",
        "Zweiter Satz?",
    ]


def test_blocks_follow_blank_lines_and_paragraph_ends():
    sentences, _ = split_sentences("Titel\n\nErster Satz. Zweiter Satz.\nDritter Satz.")
    assert [s.block for s in sentences] == [0, 1, 1, 2]


def test_headline_slug_becomes_a_title_line():
    assert (
        url_slug_title(
            "https://rp-online.de/nrw/bike-sharing-in-neukirchen-vluyn-start-ist-fuer-2025-geplant_aid-98767383"
        )
        == "bike sharing in neukirchen vluyn start ist fuer 2025 geplant aid"
    )
    assert url_slug_title("https://www.musterstadt.de/rathaus/buergerbuero/") == ""
    assert url_slug_title("file:///tmp/a-b-c-d.html") == ""


def test_html_main_text_drops_scripts_styles_and_navigation_but_keeps_links():
    html = """<html lang="de"><head><title>Bürgerbüro</title><style>p{}</style></head><body>
    <nav><a href="/termine">Online-Terminvergabe</a></nav>
    <main><h1>Bürgerbüro</h1><p>Öffnungszeiten Mo&#8211;Fr.</p><script>var x = "Online-Terminvergabe";</script></main>
    <footer><a href="https://www.facebook.com/musterstadt">Facebook</a></footer></body></html>"""
    pt = prepare(Page(url="https://www.musterstadt.de/buergerbuero", html=html))
    assert "Online-Terminvergabe" not in pt.text
    assert "Öffnungszeiten Mo–Fr." in pt.text
    assert "Online-Terminvergabe" in pt.full_text
    assert ("https://www.musterstadt.de/termine", "Online-Terminvergabe") in pt.links
    assert all("termine" not in u for u, _ in pt.main_links)
    assert pt.title == "Bürgerbüro"


def test_plain_text_archive_marker_is_the_reference_date():
    pt = prepare(
        Page(url="https://example.org/x", text="date 2016-12 Die Stadtwerke installieren im Januar ...")
    )
    assert pt.ref == RefDate(2016, 12, None)
    assert not pt.text.startswith("date")


@pytest.mark.parametrize(
    ("text", "url", "meta", "expected"),
    [
        (
            "",
            "https://www.durlacher.de/start/archiv/artikel/2011/september/23/115-eine-nummer",
            {},
            RefDate(2011, 9, 23),
        ),
        ("", "https://in-gl.de/2020/08/19/buergerbuero-vergibt-termine/", {}, RefDate(2020, 8, 19)),
        ("", "https://x.de/a", {"article:published_time": "2023-04-05T10:00:00+02:00"}, RefDate(2023, 4, 5)),
        ("Aktuelle Meldungen\n*Stand 07.06.2023", "https://x.de/a", {}, RefDate(2023, 6, 7)),
        ("27. Januar 2019, 18:42 Uhr Handyparken", "https://x.de/a", {}, RefDate(2019, 1, 27)),
        ("Keine Datumsangabe hier.", "https://x.de/a", {}, None),
    ],
)
def test_reference_date_sources(text, url, meta, expected):
    assert reference_date(text, url=url, meta=meta) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("Ab dem 1. Februar ist die Buchung möglich.", None, "future"),
        ("Ab dem 1. Februar ist die Buchung möglich.", RefDate(2020, 12), "future"),
        ("Ab dem 1. Februar ist die Buchung möglich.", RefDate(2021, 7), "since"),
        ("Ab Montag, 4. September, können Studierende buchen.", RefDate(2023, 8), "future"),
        ("Ab 1. März 2020 können Sie online buchen.", RefDate(2024, 1), "since"),
        ("Ab 1. März 2031 können Sie online buchen.", RefDate(2024, 1), "future"),
        ("Ab 2019 startet auch in Dortmund ein Projekt.", None, "future"),
        ("Ab Herbst 2031 soll das Dashboard online gehen.", RefDate(2024, 1), "future"),
        ("Ab dem kommenden Wochenende dürfen keine Roller mehr fahren.", None, "future"),
        ("Seit 1. Juni ist das Portal online.", None, "since"),
        ("Termine können ab sofort online gebucht werden.", None, "since"),
        ("Ab zehn Euro kostet die Barzahlung einen Euro extra.", None, None),
        ("Bis spätestens Ende 2017 sollen alle Termine online buchbar sein.", None, "future"),
        ("Das Projekt läuft zunächst bis Dezember 2025.", RefDate(2024, 5), None),
        ("Am 11. Dezember 2030 startet die Plattform.", RefDate(2030, 10), "future"),
    ],
)
def test_time_cues(sentence, ref, expected):
    cue = time_cue(sentence, ref)
    assert (cue[0] if cue else None) == expected


def test_year_less_months_are_read_within_half_a_year():
    assert is_future(When(None, 1, None), RefDate(2016, 12), default=False) is True
    assert is_future(When(None, 2, 1), RefDate(2021, 7), default=True) is False
    assert is_future(When(2019, None, None), RefDate(2019, 3), default=False) is True
    assert is_future(When(None, None, None), None, default=True) is True


def test_caller_reference_is_the_fallback():
    page = Page(url="https://www.musterstadt.de/seite", text="Ab 1. März 2021 können Sie online buchen.")
    assert prepare(page, reference=RefDate.of(date(2024, 5, 1))).ref == RefDate(2024, 5, 1)
    dated = Page(url="https://www.musterstadt.de/seite", text="date 2020-01 Ab 1. März 2021 ...")
    assert prepare(dated, reference=RefDate.of(date(2024, 5, 1))).ref == RefDate(2020, 1, None)


def test_registry_cities_are_found_with_inflections_but_not_common_nouns():
    assert cities_named("Dortmunds Portal, die Berliner Verwaltung und Köln") == {
        "Dortmund",
        "Berlin",
        "Köln",
    }
    assert cities_named("Das Essen in der Halle war gut.") == set()
