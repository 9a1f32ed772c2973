"""``sci score`` (file and data-dir forms) and ``sci ranking``, through the real CLI app."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from flows.cli import app
from flows.commands.score import format_score, trend_label
from normalize.scoring import SCORE_COLUMNS, score_parameters
from normalize.storage import read_parquet_plain, scores_path, write_parameters
from normalize.table import parameter_row

runner = CliRunner()
HH, K, BER = "02000000", "05315000", "11000000"
EPAY = "verwaltung.payment.epayment"
BROADBAND = "it_kommunikation.breitband.anteil_50mbit"


def invoke(*args: str):
    # rich reads COLUMNS on every print: wide enough that no message is wrapped
    return runner.invoke(app, list(args), env={"COLUMNS": "400"})


def lines(output: str) -> list[str]:
    """Output lines with runs of spaces collapsed (rich pads table columns)."""
    return [" ".join(line.split()) for line in output.splitlines() if line.strip()]


def three_column_file(tmp_path, rows) -> str:
    path = tmp_path / "in.parquet"
    pd.DataFrame(rows, columns=["city_ags", "parameter_id", "value"]).to_parquet(path)
    return str(path)


# --- sci score --parameters ------------------------------------------------------------------------


def test_score_a_three_column_file(tmp_path):
    rows = [(HH, EPAY, 1.0), (K, EPAY, 0.0), (HH, BROADBAND, 90.0), (K, BROADBAND, 80.0)]
    src, out = three_column_file(tmp_path, rows), tmp_path / "out.parquet"
    result = invoke("score", "--parameters", src, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "scored 2 cities for the table" in result.output and "first: Hamburg 5,6" in result.output
    scores = read_parquet_plain(out)
    assert list(scores.columns) == list(SCORE_COLUMNS)
    assert len(scores) == 2 * (1 + 5 + 37)
    get = scores.set_index(["level", "id", "city_ags"])
    # payment: HH 1 vs Köln 0 -> 100 / 0; the other 7 Verwaltung indicators are all unknown -> 0.
    # Verwaltung = 100 * 100 / (8 * 100 + 35); breitband: HH s 1, Köln 0 -> IT = 100 * 100 / (6 * 100 + 30).
    verwaltung, it = 100 * 100 / 835, 100 * 100 / 630
    assert get.loc[("area", "verwaltung", HH), "score"] == pytest.approx(verwaltung, abs=1e-12)
    assert get.loc[("area", "it_kommunikation", HH), "score"] == pytest.approx(it, abs=1e-12)
    assert get.loc[("overall", "overall", HH), "score"] == pytest.approx((verwaltung + it) / 5, abs=1e-12)
    assert get.loc[("overall", "overall", K), "score"] == 0.0
    assert (
        get.loc[("overall", "overall", HH), "rank"] == 1 and get.loc[("overall", "overall", K), "rank"] == 2
    )
    # 2 of 106 parameters known for each city
    assert get.loc[("overall", "overall", K), "coverage"] == pytest.approx(2 / 106)
    # areas where nobody knows anything: everyone 0, everyone rank 1
    assert get.loc[("area", "mobilitaet", K), "rank"] == 1
    assert scores["prev_rank"].isna().all() and scores["month"].isna().all()
    # the file form is the library function, nothing more
    expected = score_parameters(pd.read_parquet(src))
    pd.testing.assert_frame_equal(scores, expected, check_dtype=False)


def test_score_a_csv_file_keeps_leading_zeros(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(f"city_ags,parameter_id,value\n{HH},{EPAY},1\n{K},{EPAY},\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = invoke("score", "--parameters", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    overall = read_parquet_plain(out).query("level == 'overall'").set_index("city_ags")
    assert overall.loc[HH, "rank"] == 1 and math.isclose(overall.loc[K, "coverage"], 0.0)


def test_score_with_another_catalog(tmp_path):
    doc = {
        "version": "tiny",
        "areas": [
            {
                "id": "a",
                "name": "A",
                "bonus_cap": 10,
                "indicators": [
                    {
                        "id": "x",
                        "name": "X",
                        "parameters": [
                            {"id": "b", "name": "B", "kind": "boolean", "how": "crawl", "definition": "d"}
                        ],
                    }
                ],
            }
        ],
    }
    cat = tmp_path / "catalog.yaml"
    cat.write_text(yaml.safe_dump(doc), encoding="utf-8")
    src, out = three_column_file(tmp_path, [(HH, "a.x.b", 1.0), (K, "a.x.b", 0.0)]), tmp_path / "out.parquet"
    result = invoke("score", "--parameters", src, "--out", str(out), "--catalog", str(cat))
    assert result.exit_code == 0, result.output
    area = read_parquet_plain(out).query("level == 'area'").set_index("city_ags")["score"]
    # no pilot indicator, but the declared cap still counts: 100 * 100 / (100 + 10)
    assert area[HH] == pytest.approx(10000 / 110, abs=1e-12) and area[K] == 0.0


def test_several_months_in_one_file(tmp_path):
    df = pd.DataFrame(
        {
            "month": ["2021-05", "2021-05", "2021-06", "2021-06"],
            "city_ags": [HH, K, HH, K],
            "parameter_id": [EPAY] * 4,
            "value": [1.0, 0.0, 0.0, 1.0],
        }
    )
    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    df.to_parquet(src)
    assert invoke("score", "--parameters", str(src), "--out", str(out)).exit_code == 0
    scores = read_parquet_plain(out)
    june = scores.query("month == '2021-06' and level == 'overall'").set_index("city_ags")
    assert june.loc[K, "trend"] == 1 and june.loc[HH, "trend"] == -1
    # --month picks one month of the file; --previous supplies the trend
    may_out, june_out = tmp_path / "may.parquet", tmp_path / "june.parquet"
    assert (
        invoke("score", "--parameters", str(src), "--month", "2021-05", "--out", str(may_out)).exit_code == 0
    )
    result = invoke(
        "score",
        "--parameters",
        str(src),
        "--month",
        "2021-06",
        "--out",
        str(june_out),
        "--previous",
        str(may_out),
    )
    assert result.exit_code == 0, result.output
    june_only = read_parquet_plain(june_out)
    assert set(june_only["month"]) == {"2021-06"}
    assert june_only.query("level == 'overall'").set_index("city_ags").loc[K, "prev_rank"] == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [(HH, "verwaltung.payment.bitcoin", 1.0)],
            "not in the catalog (version 2021.1): verwaltung.payment.bitcoin",
        ),
        ([("2000000", EPAY, 1.0)], "8-digit AGS; invalid: '2000000'"),
        ([(HH, EPAY, 1.0), (HH, EPAY, 0.0)], "more than one row"),
        ([(HH, EPAY, 3.0)], "boolean value must be 0 or 1"),
    ],
)
def test_score_rejects_bad_tables_and_writes_nothing(tmp_path, rows, message):
    src, out = three_column_file(tmp_path, rows), tmp_path / "out.parquet"
    result = invoke("score", "--parameters", src, "--out", str(out))
    assert result.exit_code == 1
    assert src in result.output and message in result.output
    assert not out.exists()


def test_a_failed_run_keeps_the_last_good_scores(tmp_path):
    out = tmp_path / "out.parquet"
    good = three_column_file(tmp_path, [(HH, EPAY, 1.0), (K, EPAY, 0.0)])
    assert invoke("score", "--parameters", good, "--out", str(out)).exit_code == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    result = invoke("score", "--parameters", str(bad), "--out", str(out))
    assert result.exit_code == 1 and f"{bad}: cannot read the parameter file" in result.output
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_score_usage_errors(tmp_path, data_dir):
    src = three_column_file(tmp_path, [(HH, EPAY, 1.0)])
    result = invoke("score", "--parameters", src)
    assert result.exit_code == 1 and "--out is required with --parameters" in result.output
    result = invoke("score", "--parameters", src, "--out", str(tmp_path / "o.parquet"), "--month", "2021-06")
    assert result.exit_code == 1 and "has no month column" in result.output
    result = invoke(
        "score", "--parameters", str(tmp_path / "missing.parquet"), "--out", str(tmp_path / "o.parquet")
    )
    assert result.exit_code == 1 and "missing.parquet: no such parameter file" in result.output
    result = invoke("score", "--month", "2021-6")
    assert result.exit_code == 1 and "'2021-6' is not YYYY-MM" in result.output
    result = invoke("score", "--month", "2021-06")
    assert result.exit_code == 1 and "no parameter rows for 2021-06" in result.output
    result = invoke("score")
    assert result.exit_code == 1 and "no parameter table in" in result.output


# --- sci score --month (the data dir) and sci ranking ------------------------------------------------


def store(month: str, source: str, method: str, values: dict[str, float]) -> None:
    rows = [
        parameter_row(
            month=month,
            city_ags=city,
            parameter_id=EPAY,
            value=value,
            status="present" if value else "absent",
            method=method,
            source=source,
        )
        for city, value in values.items()
    ]
    write_parameters(pd.DataFrame(rows), source=source, month=month)


def test_score_months_in_the_data_dir_with_precedence_trend_and_ranking(data_dir):
    store("2021-05", "city_sites", "crawl", {HH: 1, K: 0, BER: 0})
    store("2021-06", "city_sites", "crawl", {HH: 0, K: 1, BER: 0})
    store("2021-06", "research", "research", {BER: 1})  # research beats the crawl for Berlin
    result = invoke("score", "--month", "2021-05")
    assert result.exit_code == 0, result.output
    assert scores_path(data_dir, "2021-05").is_file()
    result = invoke("score")  # default: the latest month with parameters, 2021-06
    assert result.exit_code == 0, result.output
    assert f"wrote 129 score rows to {scores_path(data_dir, '2021-06')}" in " ".join(result.output.split())
    june = read_parquet_plain(scores_path(data_dir, "2021-06"))
    overall = june.query("level == 'overall'").set_index("city_ags")
    # June: Köln and Berlin (research) have e-payment -> payment 100, Verwaltung 100 * 100 / 835,
    # overall = that / 5 = 2.395...; Hamburg 0. May ranks: Hamburg 1, Köln 2, Berlin 2.
    assert overall.loc[K, "score"] == pytest.approx(100 * 100 / 835 / 5, abs=1e-12)
    assert overall["rank"].to_dict() == {BER: 1, K: 1, HH: 3}
    assert overall["prev_rank"].to_dict() == {BER: 2, K: 2, HH: 1}
    assert overall["trend"].to_dict() == {BER: 1, K: 1, HH: -2}

    result = invoke("ranking")  # default: the latest month with scores
    assert result.exit_code == 0, result.output
    assert lines(result.output) == [
        "Gesamtindex 2021-06",
        "Rang Tendenz Stadt Gesamt",
        "1 ↗ +1 Berlin 2,4",
        "1 ↗ +1 Köln 2,4",
        "3 ↘ -2 Hamburg 0,0",
    ]
    result = invoke("ranking", "--month", "2021-05", "--area", "verwaltung", "--top", "1")
    assert lines(result.output) == ["Verwaltung 2021-05", "Rang Tendenz Stadt Gesamt", "1 – Hamburg 12,0"]
    result = invoke("ranking", "--indicator", "verwaltung.payment", "--top", "1")
    assert lines(result.output)[0] == "Payment 2021-06"
    assert lines(result.output)[2:] == [
        "1 ↗ +1 Berlin 100,0",
        "1 ↗ +1 Köln 100,0",
    ]  # ties at rank 1 all shown

    # a broken previous-month file costs the trend, not the month
    scores_path(data_dir, "2021-05").write_bytes(b"garbage")
    result = invoke("score", "--month", "2021-06")
    assert result.exit_code == 0, result.output
    assert "cannot read the previous scores file" in result.output and "trend left empty" in result.output
    assert read_parquet_plain(scores_path(data_dir, "2021-06"))["trend"].isna().all()

    # re-scoring May after June exists says that June's trend may be stale
    result = invoke("score", "--month", "2021-05")
    assert "scores of 2021-06 exist; re-run `sci score --month 2021-06`" in " ".join(result.output.split())


def test_ranking_arrows_names_and_new_cities(tmp_path):
    cities = [HH, K, BER, "09162000", "08111000", "06412000", "05111000", "09999999"]
    trends = [7, 5, 0, -1, -5, -6, None, -12]
    scores = pd.DataFrame(
        {
            "month": "2021-06",
            "city_ags": cities,
            "level": "overall",
            "id": "overall",
            "score": [90.04, 80.06, 70.0, 60.0, 50.0, 40.0, 30.0, 20.55],
            "rank": pd.array(range(1, 9), dtype="Int64"),
            "prev_rank": pd.array(
                [None if t is None else r + t for r, t in zip(range(1, 9), trends, strict=True)],
                dtype="Int64",
            ),
            "trend": pd.array(trends, dtype="Int64"),
            "coverage": 1.0,
            "raw": math.nan,
        }
    )
    path = tmp_path / "scores.parquet"
    scores.to_parquet(path)
    result = invoke("ranking", "--scores", str(path))
    assert result.exit_code == 0, result.output
    assert lines(result.output)[2:] == [
        "1 ↑ +7 Hamburg 90,0",
        "2 ↗ +5 Köln 80,1",
        "3 → 0 Berlin 70,0",
        "4 ↘ -1 München 60,0",
        "5 ↘ -5 Stuttgart 50,0",
        "6 ↓ -6 Frankfurt am Main 40,0",
        "7 neu Düsseldorf 30,0",
        "8 ↓ -12 09999999 20,6",  # not in the city registry: the AGS stands in for the name
    ]


def test_ranking_errors(tmp_path, data_dir):
    result = invoke("ranking")
    assert result.exit_code == 1 and "no scores in" in result.output
    result = invoke("ranking", "--month", "2021-06")
    assert result.exit_code == 1 and "no scores for 2021-06" in result.output
    src, out = three_column_file(tmp_path, [(HH, EPAY, 1.0)]), tmp_path / "out.parquet"
    assert invoke("score", "--parameters", src, "--out", str(out)).exit_code == 0
    result = invoke("ranking", "--scores", str(out), "--area", "space")
    assert result.exit_code == 1 and "no area 'space'" in result.output and "verwaltung" in result.output
    result = invoke(
        "ranking", "--scores", str(out), "--area", "verwaltung", "--indicator", "verwaltung.payment"
    )
    assert result.exit_code == 1 and "not both" in result.output
    result = invoke("ranking", "--scores", src)
    assert result.exit_code == 1 and "not a scores file" in result.output
    assert invoke("ranking", "--scores", str(out), "--top", "0").exit_code == 2


@pytest.mark.parametrize(
    ("trend", "label"),
    [
        (7, "↑ +7"),
        (6, "↑ +6"),
        (5, "↗ +5"),
        (1, "↗ +1"),
        (0, "→ 0"),
        (-1, "↘ -1"),
        (-5, "↘ -5"),
        (-6, "↓ -6"),
    ],
)
def test_trend_labels_follow_the_report(trend, label):
    # The report: "↗ +5" and "↑ +6" for rises, "↘ -3" and "↓ -6" for falls, "→ 0".
    assert trend_label(trend) == label


def test_trend_label_without_previous_rank_and_score_format():
    assert trend_label(None, has_previous=True) == "neu"
    assert trend_label(None, has_previous=False) == "–"
    assert [format_score(v) for v in (88.12, 100.0, 0.0, 5.5698, math.nan)] == [
        "88,1",
        "100,0",
        "0,0",
        "5,6",
        "–",
    ]
