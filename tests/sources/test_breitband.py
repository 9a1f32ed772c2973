"""Breitbandatlas: both Gemeinde CSV dialects, Kreis files, mobile long table, legacy XLS, packages."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from normalize.cities import load_cities
from sources import breitbandatlas as bba
from sources.errors import SourceParseError

GEM_2020 = "breitband/gemeinde_bezirke_privat_2020_ende.csv"
GEM_2021 = "breitband/gemeinde_bezirke_privat_2021_mitte.csv"
KRS_2020 = "breitband/landkreis_privat_2020_2.csv"
KRS_2021 = "breitband/landkreis_privat_2021_1.csv"
MOBILE = "breitband/landkreis_mobilfunk_stats_2021_1.csv"
NATIONAL = "breitband/deutschland_privat_2021_1.csv"
XLS = "breitband/2021_BBA_Kreisdaten.xls"


def value(table: pd.DataFrame, ags: str, measure: str, basis: str = "households") -> float:
    rows = table[(table["ags"] == ags) & (table["measure"] == measure) & (table["basis"] == basis)]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


@pytest.mark.parametrize(
    ("relpath", "rows", "keys", "edition", "dialect"),
    [
        (GEM_2020, 603564, 11388, "2020-12", "Gemeinde table (long column names), CSV (utf-8, ';')"),
        (GEM_2021, 603564, 11388, "2021-06", "Gemeinde table (long column names), CSV (utf-8, ',', quoted)"),
        (KRS_2020, 22512, 402, "2020-12", "coded table (verf_*), CSV (utf-8, ';', quoted)"),
        (KRS_2021, 23316, 402, "2021-06", "coded table (verf_*), CSV (utf-8, ';', quoted)"),
        (MOBILE, 21815, 402, "2021-06", "mobile coverage long table"),
        (NATIONAL, 58, 1, "2021-06", "coded table (verf_*)"),
        (XLS, 12060, 402, "2021", "Kreis workbook (priv_*), XLS sheet 'krs_geom_tbl'"),
    ],
)
def test_every_real_file(parsed, relpath, rows, keys, edition, dialect):
    table = parsed("breitbandatlas", relpath)
    assert len(table) == rows
    assert table["ags"].nunique() == keys
    assert set(table["edition"]) == {edition}
    assert list(table.columns) == list(bba.COLUMNS)
    assert table["file"].iloc[0] == relpath.split("/")[1]
    assert table.attrs["dialects"][relpath.split("/")[1]].startswith(dialect)


def test_gemeinde_dialects_spot_values(parsed):
    g2020, g2021 = parsed("breitbandatlas", GEM_2020), parsed("breitbandatlas", GEM_2021)
    assert value(g2020, "05315000", "all_50") == 99.75
    assert value(g2021, "05315000", "all_50") == 99.83
    assert value(g2021, "05315000", "ftth_100") == 73.56
    assert value(g2021, "11000000", "ftth_100") == 9.31
    assert value(g2021, "03241001", "ftth_100") == 28.23  # Hannover, kreisangehörig, has its own row
    assert value(g2020, "03153504", "all_1") == 0.0  # "0" and "0.00" spellings
    levels = g2021.drop_duplicates("ags")["level"].value_counts().to_dict()
    assert levels == {"gemeinde": 11369, "bezirk": 19}  # Berlin (12) and Hamburg (7) districts
    assert g2020["value"].max() == 100.39  # the publisher's rounding overshoots 100
    assert "03159016" not in set(g2021["ags"])  # Göttingen is missing from both Gemeinde files


def test_kreis_mobile_national_and_xls_spot_values(parsed):
    assert value(parsed("breitbandatlas", KRS_2021), "05315", "5g_2") == 99.06
    assert value(parsed("breitbandatlas", KRS_2021), "05315", "lte_2") == 100.0
    assert value(parsed("breitbandatlas", KRS_2020), "05315", "umts_1") is not None
    mobile = parsed("breitbandatlas", MOBILE)
    assert value(mobile, "05315", "5g_2", "area:Wohnbaufläche") == 98.55
    assert value(mobile, "05315", "5g_2", "area:Wald-, Wiesenflächen") == 76.41
    assert set(mobile["measure"]) == {"5g_2", "lte_2", "lte_6", "lte_10", "mobile_any"}
    national = parsed("breitbandatlas", NATIONAL)
    assert set(national["level"]) == {"bund"} and value(national, "DG", "all_50") == 95.07
    xls = parsed("breitbandatlas", XLS)
    assert value(xls, "05315", "ftth_1000") == 72.0 and value(xls, "01001", "all_50") == 99.0
    assert xls.attrs["ignored_columns"][XLS.split("/")[1]][:2] == ["lan", "gew_lg_tech_10"]


def test_package_zip_and_directory(shared_data, tmp_path):
    members = [KRS_2021, MOBILE, NATIONAL]
    package = tmp_path / "Paket_3.zip"
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in members:
            zf.write(shared_data / rel, f"Paket_3/{rel.split('/')[1]}")
    table = bba.parse(package)
    assert len(table) == 23316 + 21815 + 58
    assert set(table["file"]) == {f"Paket_3/{rel.split('/')[1]}" for rel in members}
    folder = tmp_path / "dir"
    folder.mkdir()
    for rel in members[:2]:
        (folder / rel.split("/")[1]).write_bytes((shared_data / rel).read_bytes())
    assert len(bba.parse(folder)) == 23316 + 21815


def test_to_parameters_prefers_gemeinde_then_kreis_for_kreisfreie(parsed):
    table = pd.concat(
        [parsed("breitbandatlas", rel) for rel in (GEM_2020, GEM_2021, KRS_2021, MOBILE, XLS)],
        ignore_index=True,
    )
    cities = [c for c in load_cities() if c.ags in {"05315000", "03241001", "03159016", "11000000"}]
    params, evidence = bba.to_parameters(
        table, month="2021-12", cities=cities, population=None, snapshot=None
    )
    rows = params.set_index(["city_ags", "parameter_id"])
    p50, ftth, g4, g5 = bba.PARAMETERS
    assert rows.loc[("05315000", p50), "value"] == 99.83  # newest edition (2021-06) wins
    assert rows.loc[("05315000", ftth), "value"] == 73.56
    assert rows.loc[("05315000", g5), "value"] == 99.06
    assert "Kreis value 05315 used for the kreisfreie city" in rows.loc[("05315000", g5), "raw"]
    assert rows.loc[("11000000", ftth), "value"] == 9.31
    # Hannover: Gemeinde broadband yes; mobile exists only for the Region Hannover -> missing
    assert rows.loc[("03241001", p50), "value"] == 99.32
    assert rows.loc[("03241001", g4), "status"] == "source_missing"
    assert "Hannover is kreisangehörig" in rows.loc[("03241001", g4), "raw"]
    # Göttingen: in no file
    assert (rows.loc["03159016", "status"] == "source_missing").all()
    assert len(params) == 16 and set(params["method"]) == {"source"}
    ev = evidence.set_index(["city_ags", "parameter_id"]).loc[("05315000", ftth)]
    assert (
        ev["rule_id"]
        == "breitbandatlas:gemeinde_bezirke_privat_2021_mitte.csv gemeinde 05315000 ftth_100 (households)"
    )
    assert ev["items"] == ["gemeinde_bezirke_privat_2021_mitte.csv#05315000#ftth_100"]


def test_mobile_area_share_is_the_fallback_without_household_values(parsed):
    table = parsed("breitbandatlas", MOBILE)
    koeln = [c for c in load_cities() if c.ags == "05315000"]
    params, _ = bba.to_parameters(table, month="2021-12", cities=koeln, population=None, snapshot=None)
    g5 = params.set_index("parameter_id").loc[bba.PARAMETERS[3]]
    assert g5["value"] == 98.55
    assert "Wohnbaufläche area (no household value)" in g5["raw"]
    assert params.set_index("parameter_id").loc[bba.PARAMETERS[0], "status"] == "source_missing"


def test_ftth_1000_fallback_from_the_legacy_workbook(parsed):
    koeln = [c for c in load_cities() if c.ags == "05315000"]
    params, _ = bba.to_parameters(
        parsed("breitbandatlas", XLS), month="2021-12", cities=koeln, population=None, snapshot=None
    )
    ftth = params.set_index("parameter_id").loc[bba.PARAMETERS[1]]
    assert ftth["value"] == 72.0 and "no ≥ 100 column in this edition" in ftth["raw"]


def test_values_over_100_are_capped_in_parameters(tmp_path):
    path = tmp_path / "gemeinde_2020_ende.csv"
    path.write_text("AGS;alle Technologien ≥ 50 Mbit/s\n05315000;100.39\n", encoding="utf-8")
    koeln = [c for c in load_cities() if c.ags == "05315000"]
    params, _ = bba.to_parameters(
        bba.parse(path), month="2021-12", cities=koeln, population=None, snapshot=None
    )
    row = params.set_index("parameter_id").loc[bba.PARAMETERS[0]]
    assert row["value"] == 100.0 and "published 100.39, capped at 100" in row["raw"]


def test_renamed_key_column_names_the_column(tmp_path):
    path = tmp_path / "gemeinde_2021_mitte.csv"
    path.write_text(
        '"Gemeindeschluessel","alle Technologien ≥ 50 Mbit/s"\n"05315000",99.8\n', encoding="utf-8"
    )
    with pytest.raises(SourceParseError, match="missing key column 'AGS'") as info:
        bba.parse(path)
    assert "Gemeinde table (long column names)" in str(info.value) and str(path) in str(info.value)


def test_unknown_columns_and_bad_values(tmp_path):
    unknown = tmp_path / "x_2021_1.csv"
    unknown.write_text("ags;anteil_schnell\n05315;99\n")
    with pytest.raises(SourceParseError, match="no known Breitbandatlas measure column"):
        bba.parse(unknown)
    garbage = tmp_path / "landkreis_2021_1.csv"
    garbage.write_text('"ags";"verf_300_50"\n"05315";"k.A."\n')
    with pytest.raises(SourceParseError, match="column 'verf_300_50': 'k.A.' is not a number"):
        bba.parse(garbage)


def test_cp1252_gemeinde_file_and_edition_names(tmp_path):
    path = tmp_path / "gemeinde_privat_2022_ende.csv"
    path.write_bytes(
        "AGS;alle Technologien >= 50 Mbit/s;leitungsg. Technologien ≥ 50 Mbit/s\n05315000;99,9;98,1\n".encode(
            "cp1252", errors="replace"
        )
    )
    table = bba.parse(path)
    assert sorted(table["measure"]) == ["all_50", "wired_50"]
    assert value(table, "05315000", "all_50") == 99.9
    assert set(table["edition"]) == {"2022-12"}
    assert bba.edition_from_name("landkreis_privat_2021_1.csv") == "2021-06"
    assert bba.edition_from_name("bba.csv") == "unknown"


def test_empty_and_html(tmp_path):
    empty = tmp_path / "a.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceParseError, match="the file is empty"):
        bba.parse(empty)
    page = tmp_path / "b.csv"
    page.write_text("<!DOCTYPE html><html></html>")
    with pytest.raises(SourceParseError, match="html content where a CSV or Excel file was expected"):
        bba.parse(page)
