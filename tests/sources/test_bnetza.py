"""BNetzA Ladesäulenregister: every real edition in shared, the CSV excerpt, and broken inputs."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from sources import bnetza_ladesaeulen as bna
from sources.errors import SourceParseError, UnsafeArchive
from tests.sources.conftest import FIXTURES, zip_bomb

REG_2019 = "bnetza-ladesaeulen/Ladesaeulenkarte_Datenbankauszug_25__2019-07-19.xlsx"
REG_2021 = "bnetza-ladesaeulen/Ladesaeulenregister_Stand-2021-11-01.xlsx"
REG_2022 = "bnetza-ladesaeulen/Ladesaeulenregister_Stand-2022-01-01.xlsx"
KOELN_CSV = "bnetza-ladesaeulen/Ladesaeulenregister_Koeln_extract.csv"


@pytest.mark.parametrize(
    ("relpath", "rows", "fast", "charge_points", "as_of", "edition"),
    [
        (REG_2019, 9690, 1258, 19029, "2019-07-19", "XLSX, 2019 Datenbankauszug (Adresse, Postleitzahl Ort)"),
        (REG_2021, 23396, 3612, 45456, "2021-11-01", "XLSX, 2020-2022 register (Straße, Hausnummer, Kreis)"),
        (REG_2022, 25868, 4110, 49971, "2022-01-01", "XLSX, 2020-2022 register (Straße, Hausnummer, Kreis)"),
        # SOURCES.md says 291 rows; the file holds 292 data lines (+ header), the last one commissioned 23.05.22.
        (
            KOELN_CSV,
            292,
            23,
            521,
            None,
            "CSV (utf-8-sig, ';'), 2020-2022 register (Straße, Hausnummer, Kreis)",
        ),
    ],
)
def test_every_edition_row_counts(parsed, relpath, rows, fast, charge_points, as_of, edition):
    table = parsed("bnetza_ladesaeulen", relpath)
    assert len(table) == rows
    assert int(table["fast"].sum()) == fast
    assert int(table["charge_points"].sum()) == charge_points
    assert table.attrs["as_of"] == as_of
    assert table.attrs["edition"] == edition
    assert table.attrs["dropped"] == {}
    assert list(table.columns) == list(bna.COLUMNS)
    assert table["station_id"].is_unique


def test_2019_layout_longitude_before_latitude_and_combined_fields(parsed):
    table = parsed("bnetza_ladesaeulen", REG_2019)
    first = table.iloc[0]
    assert (first.operator, first.address, first.postcode, first.city) == (
        "MVV Energie AG",
        "Luisenring 49",
        "68159",
        "Mannheim",
    )
    assert (first.lat, first.lon) == (49.494409, 8.468098)  # columns are lon, lat in this layout
    assert first.commissioned == datetime(2010, 4, 14)
    assert (first.power_kw, bool(first.fast), int(first.charge_points)) == (22.0, False, 2)
    last = table.iloc[-1]
    assert (last.operator, last.city, bool(last.fast), last.power_kw) == (
        "Thüringer Energie AG",
        "Großengottern",
        True,
        86.0,
    )
    # a six-digit typo in "Postleitzahl Ort" drops the postcode but keeps the place
    typo = table[table["address"] == "Rottendorfer Straße 59"].iloc[0]
    assert pd.isna(typo.postcode) and typo.city == "Würzburg"


def test_2021_register_serial_dates_numeric_postcodes_and_house_number_zero(parsed):
    table = parsed("bnetza_ladesaeulen", REG_2021)
    first = table.iloc[0]
    assert (first.operator, first.address, first.postcode, first.city) == (
        "Albwerk GmbH & Co. KG",
        "Ennabeurer Weg",
        "72535",
        "Heroldstatt",
    )
    assert first.commissioned == datetime(2020, 1, 11)  # Excel serial 43841
    assert table["commissioned"].min() == datetime(1999, 12, 31)
    assert table["commissioned"].max() == datetime(2021, 11, 1)
    assert table["postcode"].str.fullmatch(r"\d{5}").all()  # 156 numeric postcodes re-padded
    assert table.iloc[2].operator == "EnBW mobility+ AG und Co.KG"  # trailing space trimmed


def test_2022_register_longer_preamble_decimal_comma_and_nbsp(parsed):
    table = parsed("bnetza_ladesaeulen", REG_2022)
    first = table.iloc[0]
    assert (first.operator, first.address, first.city) == ("Charge-ON", "Schlossstr. 1", "Wiesenburg/Mark")
    assert (first.lat, first.lon) == (52.113735, 12.453639)  # text "52,113735" in the sheet
    nbsp = table[(table["lon"] - 8.354785).abs() < 1e-9].iloc[0]  # text "8,35478500\xa0"
    assert (nbsp.city, nbsp.lat, nbsp.power_kw, bool(nbsp.fast)) == (
        "Ludwigshafen am Rhein",
        49.48997,
        150.0,
        True,
    )
    assert sorted(table[table["address"] == "Sauergarten 4"]["power_kw"]) == [7.2, 22.0]  # text "7,2"
    assert (table["power_kw"] == 7.2).sum() == 48 and table["power_kw"].notna().all()
    assert table["commissioned"].max() == datetime(2021, 12, 31)


def test_koeln_csv_bom_decimal_comma_two_digit_years(parsed):
    table = parsed("bnetza_ladesaeulen", KOELN_CSV)
    first = table.iloc[0]
    assert (first.operator, first.address, first.postcode, first.city) == (
        "LANXESS Deutschland GmbH",
        "Kennedyplatz 1",
        "50569",
        "Köln",
    )
    assert (first.lat, first.lon, first.commissioned) == (50.937417, 6.97069, datetime(2021, 7, 22))
    assert table["commissioned"].min() == datetime(2013, 4, 23)
    assert table["commissioned"].max() == datetime(2022, 5, 23)
    # identical rows (four at Kennedyplatz 1) keep one id each: base, -2, -3, -4
    kennedy = table[table["address"] == "Kennedyplatz 1"]["station_id"].tolist()
    assert kennedy[1:] == [kennedy[0] + "-2", kennedy[0] + "-3", kennedy[0] + "-4"]
    assert table["power_kw"].sum() == 11852.0


def test_station_ids_are_stable_across_editions(parsed):
    reg_2021 = set(parsed("bnetza_ladesaeulen", REG_2021)["station_id"])
    reg_2022 = set(parsed("bnetza_ladesaeulen", REG_2022)["station_id"])
    koeln = set(parsed("bnetza_ladesaeulen", KOELN_CSV)["station_id"])
    assert len(reg_2021 & reg_2022) == 22336
    assert len(koeln & reg_2022) == 266


def test_2019_and_2021_layouts_give_the_same_id_for_the_same_station():
    key_2019 = bna.station_key("MVV Energie AG", "Luisenring 49", "68159", 49.494409, 8.468098, None)
    key_2021 = bna.station_key("MVV Energie AG ", "Luisenring  49", "68159", 49.4944091, 8.4680979, None)
    assert key_2019 == key_2021


HEADER_2021 = [
    "Betreiber",
    "Straße",
    "Hausnummer",
    "Adresszusatz",
    "Postleitzahl",
    "Ort",
    "Bundesland",
    "Kreis/kreisfreie Stadt",
    "Breitengrad",
    "Längengrad",
    "Inbetriebnahmedatum",
    "Anschlussleistung",
    "Art der Ladeeinrichung",
    "Anzahl Ladepunkte",
    "Steckertypen1",
    "P1 [kW]",
    "Public Key1",
]
ROW_2021 = [
    "Stadtwerke Köln",
    "Domplatz",
    1,
    "",
    50667,
    "Köln",
    "Nordrhein-Westfalen",
    "Kreisfreie Stadt Köln",
    50.9413,
    6.9583,
    44197,
    22,
    "Normalladeeinrichtung",
    2,
    "AC Steckdose Typ 2",
    22,
    "",
]


def test_header_found_by_content_not_position(make_xlsx):
    rows = [
        ["Ladesäulenregister"],
        [],
        ["Stand: 01.03.2021"],
        ["ein"],
        ["neuer"],
        ["Hinweis"],
        [],
        HEADER_2021,
        ROW_2021,
    ]
    table = bna.parse(make_xlsx(rows))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row.postcode, row.address, row.commissioned) == ("50667", "Domplatz 1", datetime(2021, 1, 1))
    assert table.attrs["as_of"] == "2021-03-01"


def test_renamed_column_names_file_edition_and_column(make_xlsx):
    header = [h if h != "Breitengrad" else "Breite (WGS84)" for h in HEADER_2021]
    path = make_xlsx([["Stand: 01.03.2021"], header, ROW_2021], name="register.xlsx")
    with pytest.raises(SourceParseError) as info:
        bna.parse(path)
    message = str(info.value)
    assert str(path) in message
    assert "edition guessed: XLSX, 2020-2022 register" in message
    assert "missing column(s) 'Breitengrad'" in message
    assert info.value.column == "Breitengrad"


def test_no_header_row(make_xlsx):
    with pytest.raises(SourceParseError, match="no header row with 'Betreiber'"):
        bna.parse(make_xlsx([["Name", "Ort"], ["x", "y"]]))


def test_truncated_xlsx_is_a_clear_error(shared_data, tmp_path):
    data = (shared_data / REG_2019).read_bytes()
    broken = tmp_path / "register.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnsafeArchive, match=r"not a complete XLSX archive \(truncated or corrupt"):
        bna.parse(broken)


def test_xlsx_bomb_is_refused_before_reading(tmp_path):
    with pytest.raises(UnsafeArchive, match="refusing a zip bomb"):
        bna.parse(zip_bomb(tmp_path / "bomb.xlsx"))


def test_empty_file(tmp_path):
    empty = tmp_path / "register.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceParseError, match="the file is empty"):
        bna.parse(empty)


def test_cp1252_csv_as_the_official_download(shared_data, tmp_path):
    text = (shared_data / KOELN_CSV).read_bytes().decode("utf-8-sig")
    legacy = tmp_path / "Ladesaeulenregister_CSV.csv"
    legacy.write_bytes(("Ladesäulenregister\r\nStand: 01.12.2021\r\n\r\n" + text).encode("cp1252"))
    table = bna.parse(legacy)
    assert len(table) == 292
    assert table.iloc[0].city == "Köln"
    assert table.attrs["edition"].startswith("CSV (cp1252, ';')")
    assert table.attrs["as_of"] == "2021-12-01"


def test_utf16_file_is_a_wrong_encoding_error(shared_data, tmp_path):
    text = (shared_data / KOELN_CSV).read_bytes().decode("utf-8-sig")
    wrong = tmp_path / "register.csv"
    wrong.write_bytes(text.encode("utf-16"))
    with pytest.raises(SourceParseError, match="binary or UTF-16 content"):
        bna.parse(wrong)


def test_html_saved_as_register_is_refused(tmp_path):
    page = tmp_path / "Ladesaeulenregister.xlsx"
    page.write_text("<!DOCTYPE html><html><body>Not found</body></html>")
    with pytest.raises(SourceParseError, match="html content where XLSX or CSV was expected"):
        bna.parse(page)


def test_shifted_layout_with_garbage_coordinates_is_refused(make_xlsx):
    bad = [*ROW_2021]
    bad[8] = "Nordrhein-Westfalen"
    with pytest.raises(SourceParseError, match="1 of 1 rows unusable, the layout has probably shifted"):
        bna.parse(make_xlsx([HEADER_2021, bad]))


def test_2023_layout_uses_the_register_id():
    table = bna.parse(FIXTURES / "bnetza_2023_layout_handmade.csv")
    assert table["station_id"].tolist() == ["bna-1234567", "bna-1234568"]
    assert table.attrs["edition"] == "CSV (utf-8, ';'), 2023+ register (Ladeeinrichtungs-ID)"
    second = table.iloc[1]
    assert (second.power_kw, bool(second.fast), second.postcode, second.address) == (
        300.0,
        True,
        "01067",
        "Ostra-Allee 9",
    )
    assert second.commissioned == datetime(2023, 3, 15)


def test_to_parameters_from_a_matched_table(parsed):
    from normalize.cities import load_cities

    stations = parsed("bnetza_ladesaeulen", KOELN_CSV).copy()
    stations["city_ags"] = "05315000"
    stations.loc[stations.index[-2:], "city_ags"] = None  # outside the run's cities
    cities = [c for c in load_cities() if c.ags in {"05315000", "05111000", "11000000"}]
    population = pd.DataFrame(
        {
            "ags": ["05315000"],
            "population": [1_087_863],
            "reference_date": ["2019-12-31"],
            "origin": ["population source 2021-12"],
        }
    )
    params, evidence = bna.to_parameters(
        stations,
        month="2021-12",
        cities=cities,
        population=population,
        snapshot=None,
        run_id="r1",
        unmatched=["11000000"],
    )
    got = {(r.city_ags, r.parameter_id.rsplit(".", 1)[1]): (r.value, r.status) for r in params.itertuples()}
    koeln = stations.iloc[:-2]
    assert got[("05315000", "stationen_je_1000_ew")][0] == pytest.approx(290 / 1_087_863 * 1000)
    assert got[("05315000", "anteil_schnellladen")][0] == pytest.approx(100 * koeln["fast"].sum() / 290)
    assert got[("05315000", "ladepunkte_je_station")][0] == pytest.approx(koeln["charge_points"].sum() / 290)
    # Düsseldorf: no stations in this excerpt -> 0, population from the city registry
    assert got[("05111000", "stationen_je_1000_ew")] == (0.0, "value")
    assert got[("05111000", "anteil_schnellladen")] == (0.0, "value")
    # Berlin had no boundary -> source_missing
    assert got[("11000000", "stationen_je_1000_ew")][1] == "source_missing"
    assert set(params["method"]) == {"geo"} and set(params["source"]) == {"bnetza_ladesaeulen"}
    raw = params.set_index(["city_ags", "parameter_id"]).loc[
        ("05111000", "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew"), "raw"
    ]
    assert "city registry (data/cities.csv)" in raw and "2019-12-31" in raw
    ev = evidence.set_index("parameter_id").loc["energie_umwelt.ladeinfrastruktur.anteil_schnellladen"]
    ev_koeln = ev[ev["city_ags"] == "05315000"].iloc[0]
    assert len(ev_koeln["items"]) == 290
    assert len(params) == 9 and len(evidence) == 9
