"""LoRaWAN gateway lists (real list + hand-made API formats) and the population extracts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from normalize.cities import load_cities
from sources import lorawan, population
from sources.adapter import population_lookup
from sources.errors import SourceParseError
from tests.sources.conftest import FIXTURES, write_xlsx
from tests.sources.fixtures import destatis_gv_xlsx

GATEWAYS = "lorawan/waldsensor-sh_gateways.json"
GV_CSV = "cities/AuszugGV4QAktuell_grundeinkommensbuero.csv"
LOCALZERO = "cities/localzero_population_2021.csv"


# --- lorawan ---------------------------------------------------------------------------------------


def test_real_gateway_list_with_trailing_space_quirk(parsed):
    table = parsed("lorawan", GATEWAYS)
    assert len(table) == 9
    assert list(table.columns) == ["gateway_id", "name", "lat", "lon", "online"]
    assert table.attrs["edition"] == "plain {id,name,lat,lon} list"
    last = table.iloc[-1]  # "lon":9.98358 <- followed by a space in the file
    assert (last.gateway_id, last.lat, last.lon) == ("eui-00007076ff030d1b", 54.0746, 9.98358)
    named = table.set_index("gateway_id").loc["eui-00007076ff030d23"]
    assert named["name"] == "SH-NETZ_5_1139"
    assert named["lat"] == pytest.approx(54.416934967041016)
    assert table["online"].isna().all()


def test_ttn_v2_gateway_map_format():
    table = lorawan.parse(FIXTURES / "ttn_v2_gateway_map_handmade.json")
    assert table.attrs["edition"] == "TTN v2 gateway map (object keyed by id)"
    assert table["gateway_id"].tolist() == ["eui-b827ebfffe000001", "eui-b827ebfffe000002"]
    assert table["name"].tolist() == ["Köln Dom Gateway", "Deutz rooftop"]
    assert table["online"].tolist() == [True, False]
    assert table.attrs["dropped"] == {"no location": 2}  # no location, and the 0/0 pin


def test_packet_broker_format_with_duplicate_id():
    table = lorawan.parse(FIXTURES / "packetbroker_gateways_handmade.json")
    assert table.attrs["edition"] == "Packet Broker mapper list"
    assert table["gateway_id"].tolist() == ["koeln-nord-gw", "koeln-sued-gw", "duesseldorf-gw"]
    assert table.iloc[0].lat == 50.9821  # the first location of a repeated id wins
    assert table.attrs["dropped"] == {"duplicate id": 1}


def test_geojson_and_wrapped_lists(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "gw-1",
                "properties": {"name": "A"},
                "geometry": {"type": "Point", "coordinates": [6.95, 50.94]},
            }
        ],
    }
    path = tmp_path / "gw.geojson"
    path.write_text(json.dumps(doc))
    table = lorawan.parse(path)
    assert (table.iloc[0].gateway_id, table.iloc[0].lat, table.iloc[0].lon) == ("gw-1", 50.94, 6.95)
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"gateways": [{"id": "x", "latitude": "50,1", "longitude": 7}]}))
    table = lorawan.parse(wrapped)
    assert table.attrs["edition"] == "list under 'gateways'" and table.iloc[0].lat == 50.1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"[]", "contains no gateway with an id and a location"),
        (b'{"status": "error"}', "no gateway list found"),
        (b'[{"id": "a", "lat": 50.1, "lon": 7.0},', "not valid JSON"),
        (b"<!DOCTYPE html><html>502 Bad Gateway</html>", "not valid JSON"),
    ],
)
def test_bad_gateway_files(tmp_path, content, message):
    path = tmp_path / "gateways.json"
    path.write_bytes(content)
    with pytest.raises(SourceParseError, match=message) as info:
        lorawan.parse(path)
    assert str(path) in str(info.value)


def test_lorawan_to_parameters_skips_offline_gateways():
    table = lorawan.parse(FIXTURES / "packetbroker_gateways_handmade.json").copy()
    table["city_ags"] = ["05315000", "05315000", "05111000"]
    cities = [c for c in load_cities() if c.ags in {"05315000", "05111000", "11000000"}]
    params, evidence = lorawan.to_parameters(
        table, month="2021-12", cities=cities, population=None, snapshot=None
    )
    values = dict(zip(params["city_ags"], params["value"], strict=True))
    koeln = next(c for c in cities if c.ags == "05315000")
    assert values["05315000"] == pytest.approx(1 / koeln.population * 100_000)  # the offline one not counted
    assert values["11000000"] == 0.0
    assert evidence.set_index("city_ags").loc["05315000", "items"] == ["koeln-nord-gw"]
    assert set(params["parameter_id"]) == {"it_kommunikation.netzwerktechnologien.lorawan_gateways"}


# --- population ------------------------------------------------------------------------------------


def test_gv_csv_space_thousands_separators(parsed):
    table = parsed("population", GV_CSV, as_of="2019-12-31")
    assert len(table) == 11004  # record type 60 of 16,068 records
    by_ags = table.set_index("ags")["population"]
    assert by_ags["05315000"] == 1_087_863  # "1 087 863"
    assert by_ags["01002000"] == 246_794  # " 246 794"
    assert by_ags["11000000"] == 3_669_491
    assert int(table["population"].sum()) == 83_166_711
    assert int((table["population"] >= 100_000).sum()) == 81
    assert set(table["reference_date"]) == {"2019-12-31"}
    assert table.attrs["edition"] == "Destatis GV extract CSV (utf-8-sig, ',')"


def test_gv_csv_without_as_of_warns_about_the_reference_date(shared_data):
    table = population.parse(shared_data / GV_CSV)
    assert table["reference_date"].isna().all()
    assert "reference date unknown" in table.attrs["warning"]


def test_localzero_ags_total(parsed):
    table = parsed("population", LOCALZERO)
    assert len(table) == 11097  # DG000000 (Germany) dropped
    by_ags = table.set_index("ags")["population"]
    assert by_ags["05315000"] == 1_073_096
    assert by_ags["02000000"] == 1_853_935
    assert by_ags["05162000"] == 452_496  # a Kreis row stays available
    assert set(table["reference_date"]) == {"2021-12-31"}  # year in the file name
    assert table.attrs["edition"] == "LocalZero ags,total"


def test_gv_published_workbook_layout(tmp_path):
    path = write_xlsx(
        tmp_path / "AuszugGV4QAktuell.xlsx", destatis_gv_xlsx.ROWS, sheet="Onlineprodukt_Gemeinden"
    )
    table = population.parse(path)
    assert table.set_index("ags")["population"].to_dict() == {
        "01002000": 246_794,
        "05315000": 1_087_863,
        "09162000": 1_484_226,
    }
    assert set(table["reference_date"]) == {"2019-12-31"}  # from footnote 2)
    assert table.attrs["edition"] == "Destatis GV extract XLSX (published layout)"


def test_population_renamed_column_and_wrong_order(tmp_path):
    renamed = tmp_path / "pop_2021.csv"
    renamed.write_text("gemeinde_schluessel,einwohnerzahl\n05315000,1\n")
    with pytest.raises(SourceParseError, match="missing column 'ags'"):
        population.parse(renamed)
    shifted = tmp_path / "gv.csv"
    shifted.write_text(
        "satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,bevoelkerung,flaeche\n"
    )
    with pytest.raises(SourceParseError, match="unexpected column order") as info:
        population.parse(shifted)
    assert "Destatis GV extract" in str(info.value)


def test_population_cp1252_and_garbage_number(tmp_path):
    path = tmp_path / "pop_2020.csv"
    path.write_bytes("ags;population;reference_date\n05315000;1.083.498;31.12.2020\n".encode("cp1252"))
    table = population.parse(path)
    assert table.iloc[0].population == 1_083_498 and table.iloc[0].reference_date == "2020-12-31"
    bad = tmp_path / "pop_bad.csv"
    bad.write_text("ags,total\n05315000,viele\n")
    with pytest.raises(SourceParseError, match=r"row 2 \(AGS 05315000\): population 'viele' is not a number"):
        population.parse(bad)


def test_population_lookup_prefers_the_table_and_falls_back_to_the_registry(parsed):
    cities = [c for c in load_cities() if c.ags in {"05315000", "01002000"}]
    table = parsed("population", LOCALZERO)
    only_koeln = table[table["ags"] == "05315000"].assign(origin="population source 2021-12")
    refs = population_lookup(only_koeln, cities)
    assert refs["05315000"].population == 1_073_096 and refs["05315000"].reference_date == "2021-12-31"
    assert refs["01002000"].origin == "city registry (data/cities.csv)"
    assert refs["01002000"].describe() == "population 246,794 (2019-12-31, city registry (data/cities.csv))"
    assert (
        population_lookup(pd.DataFrame(columns=["ags", "population", "reference_date"]), cities)[
            "05315000"
        ].population
        == 1_087_863
    )


def test_the_ags_name_list_is_not_a_population_table(shared_data):
    # cities/localzero_ags_2021.csv (ags,description) holds names only: refused with the column it lacks.
    with pytest.raises(SourceParseError, match="missing column 'total/population'; header: ags, description"):
        population.parse(shared_data / "cities/localzero_ags_2021.csv")
