from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from normalize.evidence import clip_snippet, make_evidence_id, validate_evidence
from normalize.storage import (
    atomic_write_bytes,
    list_months,
    parameter_sources,
    parameters_path,
    read_evidence,
    read_parameters,
    resolve_data_dir,
    write_evidence,
    write_parameters,
)
from normalize.table import (
    PARAMETER_COLUMNS,
    ParameterTableError,
    next_month,
    parameter_row,
    previous_month,
    validate_parameters,
)

EPAY = "verwaltung.payment.epayment"
INFO = "verwaltung.website.informationsgehalt"
LADE = "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew"


def row(**kw):
    base = dict(
        month="2021-06",
        city_ags="02000000",
        parameter_id=EPAY,
        value=1,
        status="present",
        method="crawl",
        source="city_sites",
        evidence=["ev-0123456789abcdef0123"],
        run_id="r1",
    )
    base.update(kw)
    return parameter_row(**base)


def table(*rows):
    return pd.DataFrame(list(rows) or [row()])


def test_valid_table_has_plain_dtypes():
    df = validate_parameters(table(row(), row(city_ags="05315000", value=0, status="absent")))
    assert list(df.columns) == list(PARAMETER_COLUMNS)
    assert str(df["month"].dtype) == "str"
    assert str(df["value"].dtype) == "float64"
    assert str(df["collected_at"].dtype) == "datetime64[us, UTC]"
    assert df.loc[0, "evidence"] == ["ev-0123456789abcdef0123"]


def test_unknown_parameter_id_is_rejected_clearly():
    with pytest.raises(ParameterTableError) as info:
        validate_parameters(table(row(parameter_id="verwaltung.payment.bitcoin")))
    assert (
        "row 0, column parameter_id: parameter_id must exist in the catalog (got 'verwaltung.payment.bitcoin')"
        in str(info.value)
    )


def test_seven_digit_ags_is_rejected_clearly():
    with pytest.raises(ParameterTableError) as info:
        validate_parameters(table(row(city_ags="2000000")))
    assert "row 0, column city_ags: city_ags must be an 8-digit AGS string (got '2000000')" in str(info.value)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(status="maybe"), "status must be one of"),
        (dict(method="guess"), "method must be one of"),
        (dict(month="2021-13"), "month must be YYYY-MM"),
        (dict(status="not_checkable"), "value must be NaN exactly when status is"),
        (dict(value=None, status="present"), "value must be NaN exactly when status is"),
        (dict(value=1, status="absent"), "status absent needs value 0"),
        (dict(value=0.5), "boolean value must be 0 or 1"),
        (dict(parameter_id=INFO, value=7, status="value"), "ordinal value must be an integer 0..3"),
        (dict(value=1, status="value"), "boolean parameters use status present/absent"),
    ],
)
def test_contract_violations(kw, message):
    with pytest.raises(ParameterTableError, match=message):
        validate_parameters(table(row(**kw)))


def test_duplicates_rejected():
    with pytest.raises(ParameterTableError, match="duplicate"):
        validate_parameters(table(row(), row()))


def test_unknown_values_are_nan():
    df = validate_parameters(
        table(
            row(value=None, status="not_checkable"),
            row(parameter_id=LADE, value=None, status="source_missing"),
        )
    )
    assert df["value"].isna().all()


def test_months():
    assert previous_month("2021-01") == "2020-12"
    assert next_month("2021-12") == "2022-01"
    with pytest.raises(ValueError, match="not YYYY-MM"):
        previous_month("2021-1")


def test_data_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("SCI_DATA_DIR", raising=False)
    assert resolve_data_dir() == Path(".sci")
    monkeypatch.setenv("SCI_DATA_DIR", str(tmp_path))
    assert resolve_data_dir() == tmp_path
    assert resolve_data_dir(tmp_path / "x") == tmp_path / "x"


def test_write_and_read_round_trip(data_dir: Path):
    path = write_parameters(
        table(row(), row(city_ags="05315000", value=0, status="absent")), source="city_sites", month="2021-06"
    )
    assert path == data_dir / "parameters" / "month=2021-06" / "city_sites.parquet"
    back = read_parameters("2021-06")
    assert len(back) == 2
    assert str(back["month"].dtype) == "str"  # plain, not categorical
    assert back["evidence"].tolist() == [["ev-0123456789abcdef0123"], ["ev-0123456789abcdef0123"]]
    assert list_months() == ["2021-06"]
    assert parameter_sources("2021-06") == ["city_sites"]


def test_rerun_of_one_source_leaves_others_byte_identical(data_dir: Path):
    write_parameters(table(row()), source="city_sites", month="2021-06")
    other = table(
        row(parameter_id=LADE, value=0.5, status="value", method="geo", source="bnetza_ladesaeulen")
    )
    write_parameters(other, source="bnetza_ladesaeulen", month="2021-06")
    before = parameters_path(data_dir, "2021-06", "bnetza_ladesaeulen").read_bytes()
    write_parameters(table(row(value=0, status="absent")), source="city_sites", month="2021-06")
    assert parameters_path(data_dir, "2021-06", "bnetza_ladesaeulen").read_bytes() == before
    back = read_parameters("2021-06")
    assert sorted(back["source"]) == ["bnetza_ladesaeulen", "city_sites"]
    assert back.loc[back["source"] == "city_sites", "status"].tolist() == ["absent"]


def test_invalid_write_keeps_last_good_file(data_dir: Path):
    write_parameters(table(row()), source="city_sites", month="2021-06")
    good = parameters_path(data_dir, "2021-06", "city_sites").read_bytes()
    with pytest.raises(ParameterTableError):
        write_parameters(table(row(city_ags="123")), source="city_sites", month="2021-06")
    assert parameters_path(data_dir, "2021-06", "city_sites").read_bytes() == good
    assert [p.name for p in (data_dir / "parameters" / "month=2021-06").iterdir()] == ["city_sites.parquet"]


def test_rows_must_match_month_and_source(data_dir: Path):
    with pytest.raises(ValueError, match="written to 2021-07"):
        write_parameters(table(row()), source="city_sites", month="2021-07")
    with pytest.raises(ValueError, match="rows of source"):
        write_parameters(table(row()), source="kba", month="2021-06")


def test_readers_ignore_temp_files_and_writers_clean_them(data_dir: Path):
    write_parameters(table(row()), source="city_sites", month="2021-06")
    stale = data_dir / "parameters" / "month=2021-06" / ".kba.parquet.x1.tmp"
    stale.write_bytes(b"half a parquet")
    assert len(read_parameters("2021-06")) == 1
    write_parameters(table(row()), source="city_sites", month="2021-06")
    assert not stale.exists()


def test_atomic_write_failure_leaves_no_trace(tmp_path: Path):
    target = tmp_path / "f.bin"
    atomic_write_bytes(target, b"old")

    class Boom(Exception):
        pass

    from normalize.storage import atomic_path

    with pytest.raises(Boom), atomic_path(target) as tmp:
        tmp.write_bytes(b"new, half")
        raise Boom
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["f.bin"]


def test_read_empty_month(data_dir: Path):
    df = read_parameters("2030-01")
    assert len(df) == 0
    assert list(df.columns) == list(PARAMETER_COLUMNS)


def test_evidence_round_trip(data_dir: Path):
    ev = pd.DataFrame(
        [
            {
                "evidence_id": make_evidence_id("02000000", EPAY, "https://x"),
                "month": "2021-06",
                "city_ags": "02000000",
                "parameter_id": EPAY,
                "value": 1.0,
                "status": "present",
                "url": "https://x",
                "final_url": "https://x/",
                "http_status": 200,
                "snippet": "Zahlen Sie mit  PayPal\n",
                "rule_id": "payment.paypal",
                "fetched_at": pd.Timestamp("2021-06-03T10:00:00Z"),
                "sha256": "ab" * 32,
                "warc_file": None,
                "warc_record_id": None,
                "source": "city_sites",
                "method": "crawl",
                "version": "1",
                "items": ["p1", "p2"],
            }
        ]
    )
    write_evidence(ev, source="city_sites", month="2021-06")
    back = read_evidence("2021-06")
    assert back.loc[0, "snippet"] == "Zahlen Sie mit PayPal"
    assert back.loc[0, "http_status"] == 200
    assert back.loc[0, "evidence_id"].startswith("ev-")
    assert back.loc[0, "items"] == ["p1", "p2"]


def test_evidence_ids_are_stable_and_snippets_clipped():
    assert make_evidence_id("a", 1) == make_evidence_id("a", 1)
    assert make_evidence_id("a", 1) != make_evidence_id("a", 2)
    clipped = clip_snippet("x" * 500)
    assert len(clipped) == 300 and clipped.endswith("…")
    ev = pd.DataFrame(
        [
            {
                "evidence_id": "ev-1234567",
                "month": "2021-06",
                "city_ags": "02000000",
                "source": "s",
                "method": "crawl",
                "snippet": "y" * 400,
                "value": np.nan,
            }
        ]
    )
    assert len(validate_evidence(ev).loc[0, "snippet"]) == 300
