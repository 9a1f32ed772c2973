from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from normalize.catalog import DEFAULT_CATALOG_PATH, CatalogError, load_catalog, parse_catalog

EXPECTED_INDICATORS = {
    "verwaltung": [
        "interne_prozesse",
        "payment",
        "online_terminvergabe",
        "online_dienstleistungen",
        "website",
        "social_media",
        "bevoelkerungsanliegen",
        "serviceportal",
        "pilotprojekte",
    ],
    "it_kommunikation": [
        "breitband",
        "glasfaser",
        "mobilfunk",
        "public_wlan",
        "netzwerktechnologien",
        "datenplattform",
        "pilotprojekte",
    ],
    "energie_umwelt": [
        "strassenbeleuchtung",
        "energieloesungen",
        "smart_waste",
        "e_fahrzeuge",
        "ladeinfrastruktur",
        "emissionsarme_busse",
        "pilotprojekte",
    ],
    "mobilitaet": [
        "parken",
        "verkehrsmanagement",
        "vernetzter_oepnv",
        "sharing",
        "multimodalitaet",
        "letzte_meile",
        "pilotprojekte",
    ],
    "gesellschaft": [
        "beteiligung",
        "fablabs_coworking",
        "digital_szene",
        "open_data",
        "geodaten",
        "handel_startups",
        "pilotprojekte",
    ],
}


def raw_doc() -> dict:
    return yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))


def test_counts_match_the_method():
    cat = load_catalog()
    assert cat.version == "2021.1"
    assert cat.counts == (5, 37, 106)


def test_area_and_indicator_ids_in_method_order():
    cat = load_catalog()
    assert [a.id for a in cat.areas] == list(EXPECTED_INDICATORS)
    for area in cat.areas:
        assert [i.key for i in area.indicators] == EXPECTED_INDICATORS[area.id]


def test_bonus_caps():
    cat = load_catalog()
    assert {a.id: a.bonus_cap for a in cat.areas} == {
        "verwaltung": 35,
        "it_kommunikation": 30,
        "energie_umwelt": 30,
        "mobilitaet": 30,
        "gesellschaft": 30,
    }


def test_parameter_counts_per_area():
    cat = load_catalog()
    per_area = {a.id: sum(len(i.parameters) for i in a.indicators) for a in cat.areas}
    assert per_area == {
        "verwaltung": 29,
        "it_kommunikation": 13,
        "energie_umwelt": 17,
        "mobilitaet": 24,
        "gesellschaft": 23,
    }


@pytest.mark.parametrize(
    "parameter_id",
    [
        "verwaltung.payment.epayment",
        "verwaltung.online_terminvergabe.kfz_zulassung",
        "verwaltung.online_dienstleistungen.kfz_zulassung",
        "it_kommunikation.breitband.anteil_50mbit",
        "it_kommunikation.netzwerktechnologien.lorawan_gateways",
        "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew",
        "energie_umwelt.e_fahrzeuge.anteil",
        "mobilitaet.sharing.e_tretroller",
        "gesellschaft.open_data.anzahl_datensaetze",
        "gesellschaft.digital_szene.code_for_germany",
    ],
)
def test_method_ids_exist(parameter_id):
    assert parameter_id in load_catalog().parameters


def test_pilot_indicators_hold_one_numeric_bonus_parameter():
    cat = load_catalog()
    for area in cat.areas:
        pilots = [i for i in area.indicators if i.pilot]
        assert [i.key for i in pilots] == ["pilotprojekte"]
        (par,) = pilots[0].parameters
        assert (par.key, par.kind, par.direction, par.pilot) == ("pilotprojekte", "numeric", "higher", True)


def test_every_parameter_has_definition_and_kind_fields():
    for par in load_catalog().parameters.values():
        assert len(par.definition) > 30, par.id
        if par.kind == "ordinal":
            assert par.levels and par.levels >= 1, par.id
            assert par.scale is not None and sorted(par.scale) == list(range(par.levels + 1)), par.id
        else:
            assert par.levels is None
        assert (par.direction is not None) == (par.kind == "numeric"), par.id


def test_how_values():
    cat = load_catalog()
    assert {p.how for p in cat.parameters.values()} == {
        "crawl",
        "probe",
        "research",
        "source:breitbandatlas",
        "source:mastr",
        "source:kba",
        "source:carsharing",
        "geo:bnetza_ladesaeulen",
        "geo:lorawan",
    }
    assert [p.id for p in cat.parameters_by_how("geo")] == [
        "it_kommunikation.netzwerktechnologien.lorawan_gateways",
        "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew",
        "energie_umwelt.ladeinfrastruktur.anteil_schnellladen",
        "energie_umwelt.ladeinfrastruktur.ladepunkte_je_station",
    ]


def _mutated(mutate) -> dict:
    doc = raw_doc()
    mutate(doc)
    return doc


def _first_param(doc):
    return doc["areas"][0]["indicators"][1]["parameters"][0]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["areas"][0]["indicators"][1]["parameters"].append(dict(_first_param(d))),
            "duplicate parameter id verwaltung.payment.epayment",
        ),
        (lambda d: _first_param(d).update(kind="bool"), "unknown kind 'bool'"),
        (lambda d: _first_param(d).update(kind="ordinal"), "ordinal parameter needs integer 'levels'"),
        (lambda d: _first_param(d).update(kind="numeric"), "numeric parameter needs 'direction'"),
        (lambda d: _first_param(d).pop("definition"), "missing required key 'definition'"),
        (lambda d: _first_param(d).update(how="scrape"), "invalid how 'scrape'"),
        (lambda d: _first_param(d).update(weight=-1), "'weight' must be a number >= 0"),
        (lambda d: d["areas"].append(dict(d["areas"][0])), "duplicate area id 'verwaltung'"),
        (
            lambda d: d["areas"][1]["indicators"].append(dict(d["areas"][1]["indicators"][0])),
            "duplicate indicator id it_kommunikation.breitband",
        ),
        (lambda d: _first_param(d).update(colour="red"), "unexpected key(s) colour"),
    ],
)
def test_invalid_catalog_names_the_entry(mutate, message):
    with pytest.raises(CatalogError) as info:
        parse_catalog(_mutated(mutate), "catalog.yaml")
    text = str(info.value)
    assert message in text
    assert text.startswith("catalog.yaml: areas[")


def test_error_names_the_path_of_the_entry():
    doc = _mutated(lambda d: _first_param(d).update(kind="bool"))
    with pytest.raises(
        CatalogError,
        match=r"areas\[0\] \(verwaltung\) > indicators\[1\] \(payment\) > "
        r"parameters\[0\] \(epayment\): unknown kind",
    ):
        parse_catalog(doc, "catalog.yaml")


def test_broken_yaml_file(tmp_path: Path):
    bad = tmp_path / "catalog.yaml"
    bad.write_text("areas: [\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(bad)
