"""Parsing a researcher's or a city's value by the parameter's kind, URLs and dates."""

from __future__ import annotations

from datetime import date

import pytest

from normalize.catalog import load_catalog
from normalize.research import ParsedValue, check_url, parse_date, parse_value

CATALOG = load_catalog()
BOOL = CATALOG.parameter("verwaltung.interne_prozesse.dms")
ORD3 = CATALOG.parameter("it_kommunikation.public_wlan.abdeckung")
PCT = CATALOG.parameter("energie_umwelt.emissionsarme_busse.anteil")
COUNT = CATALOG.parameter("gesellschaft.open_data.anzahl_datensaetze")
PILOT = CATALOG.parameter("verwaltung.pilotprojekte.pilotprojekte")


@pytest.mark.parametrize(
    ("raw", "value", "status"),
    [
        ("1", 1.0, "present"),
        ("0", 0.0, "absent"),
        ("ja", 1.0, "present"),
        (" Nein ", 0.0, "absent"),
        ("TRUE", 1.0, "present"),
        ("false", 0.0, "absent"),
        ("yes", 1.0, "present"),
        ("no", 0.0, "absent"),
        (True, 1.0, "present"),
        (False, 0.0, "absent"),
        (1, 1.0, "present"),
        (0.0, 0.0, "absent"),
        ("entfällt", None, "not_applicable"),
        ("n/a", None, "not_applicable"),
    ],
)
def test_boolean_words(raw, value, status):
    parsed = parse_value(raw, BOOL)
    assert (parsed.value, parsed.status) == (value, status)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("vielleicht", "'vielleicht' is not a boolean (use ja/nein, 1/0, true/false, yes/no)"),
        ("2", "'2' is not a boolean (use ja/nein, 1/0, true/false, yes/no)"),
        ("", "value is empty"),
        (None, "value is empty"),
    ],
)
def test_boolean_rejects(raw, message):
    with pytest.raises(ValueError) as exc:
        parse_value(raw, BOOL)
    assert str(exc.value) == message


def test_ordinal_levels():
    assert parse_value("3", ORD3) == ParsedValue(3.0, "value", "3")
    assert parse_value(2.0, ORD3) == ParsedValue(2.0, "value", "2.0")
    assert parse_value("0", ORD3) == ParsedValue(0.0, "value", "0")
    for raw, message in [
        ("4", "'4' is outside the levels 0..3"),
        ("-1", "'-1' is outside the levels 0..3"),
        ("1,5", "'1,5' is not an integer level 0..3"),
        ("hoch", "'hoch' is not an integer level 0..3"),
        (True, "'true' is not an integer level 0..3"),
    ]:
        with pytest.raises(ValueError) as exc:
            parse_value(raw, ORD3)
        assert str(exc.value) == message


def test_numeric_formats():
    assert parse_value("12,5", PCT).value == 12.5
    assert parse_value("12.5", PCT).value == 12.5
    assert parse_value("12,5 %", PCT) == ParsedValue(12.5, "value", "12,5 %")
    assert parse_value("1.234.567", COUNT).value == 1234567.0
    assert parse_value("1.234,5", COUNT).value == 1234.5
    assert parse_value(" 42 ", COUNT).value == 42.0
    assert parse_value(7, COUNT).value == 7.0
    assert parse_value("35", PILOT, bonus_cap=35).value == 35.0
    for raw, message, kwargs in [
        ("-3", "'-3' is negative; energie_umwelt.emissionsarme_busse.anteil takes a number >= 0", {}),
        ("nan", "'nan' is not a number", {}),
        ("1,2,3", "'1,2,3' is not a number", {}),
        ("12 Prozent", "'12 Prozent' is not a number", {}),
        ("36", "'36' exceeds the area's pilot bonus cap of 35", {"bonus_cap": 35}),
    ]:
        param = PILOT if kwargs else PCT
        with pytest.raises(ValueError) as exc:
            parse_value(raw, param, **kwargs)
        assert str(exc.value) == message
    with pytest.raises(ValueError, match="'5 %' is not a number"):
        parse_value("5 %", COUNT)  # a percent sign only for parameters measured in %


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://www.kiel.de/verwaltung/dms.html", None),
        ("http://127.0.0.1:8080/a?b=c", None),
        ("", "evidence_url is empty"),
        ("ftp://files.kiel.de/x", "evidence_url 'ftp://files.kiel.de/x' is not an http(s) URL"),
        ("www.kiel.de/x", "evidence_url 'www.kiel.de/x' is not an http(s) URL"),
        ("https://", "evidence_url 'https://' has no valid host name"),
        ("https://bad_host!.de/", "evidence_url 'https://bad_host!.de/' has no valid host name"),
        ("https://www.kiel.de/a b", "evidence_url 'https://www.kiel.de/a b' contains whitespace"),
        (
            "https://kiel.de:99999/",
            "evidence_url 'https://kiel.de:99999/' is malformed (Port out of range 0-65535)",
        ),
        ("javascript:alert(1)", "evidence_url 'javascript:alert(1)' is not an http(s) URL"),
    ],
)
def test_check_url(url, problem):
    assert check_url(url) == problem


def test_dates():
    assert parse_date("2021-06-15") == date(2021, 6, 15)
    assert parse_date("15.06.2021") == date(2021, 6, 15)  # as German Excel saves it
    for bad in ("2021-02-30", "20210615", "2021/06/15", "15.13.2021", "gestern"):
        with pytest.raises(ValueError) as exc:
            parse_date(bad)
        assert str(exc.value) == f"checked_on {bad!r} is not a valid date (YYYY-MM-DD)"
