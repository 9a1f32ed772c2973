"""``sci demo``'s world end to end: two months through the real monthly flow, with exact outcomes.

The demo runs once per module (crawl included) in a tmp data dir; the tests read what it wrote.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from flows.demo import world
from flows.demo.runner import ranking
from normalize.storage import read_parameters, read_parquet_plain, scores_path
from tests.flows.harness import shared_demo

M1, M2 = world.DEMO_MONTHS
AUENSTADT, DORNFELD, HOLLERBACH = "17001000", "17004000", "17008000"
pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, prefect_harness):
    return shared_demo(tmp_path_factory)


def _value(params, month: str, ags: str, pid: str, source: str | None = None):
    rows = params[(params["month"] == month) & (params["city_ags"] == ags) & (params["parameter_id"] == pid)]
    if source is not None:
        rows = rows[rows["source"] == source]
    assert len(rows) == 1, rows
    row = rows.iloc[0]
    return row["status"], row["value"]


def test_two_months_ran_through_the_monthly_flow(demo):
    records = demo["result"].records
    assert [r["month"] for r in records] == [M1, M2]
    assert all(r["kind"] == "monthly-index" for r in records)
    for record in records:
        steps = {(s["kind"], s["name"]): s["status"] for s in record["steps"]}
        for source in world.SOURCE_FILES:
            assert steps[("source", source)] == "ok", (source, record["steps"])
        assert steps[("geo", "bnetza_ladesaeulen")] == "ok"
        assert steps[("geo", "lorawan")] == "ok"
        assert steps[("crawl", "cities")] == "ok"
        assert steps[("research", "research")] == "ok"
        assert steps[("score", "index")] == "ok"
        assert steps[("report", "html")] == "ok"
    # Hollerbach's site is down in May: that city failed, the run went on and says so.
    assert records[0]["status"] == "partial"
    assert records[0]["cities"][HOLLERBACH]["crawl:cities"]["status"] == "failed"
    assert [ags for ags, s in records[0]["cities"].items() if s["crawl:cities"]["status"] == "failed"] == [
        HOLLERBACH
    ]
    assert records[1]["status"] == "ok"
    assert ("start", "source population") in demo["events"] and ("done", "score") in demo["events"]


def test_ranks_for_both_months_and_a_trend_in_the_second(demo):
    for month in (M1, M2):
        scores = read_parquet_plain(scores_path(demo["dir"], month))
        overall = scores[scores["level"] == "overall"]
        assert sorted(overall["city_ags"]) == [c.ags for c in world.CITIES]
        # Ranks: 1 + the number of cities with a better overall score (ties share the better rank).
        expected = [1 + int((overall["score"] > s + 1e-9).sum()) for s in overall["score"]]
        assert list(overall["rank"].astype(int)) == expected
        assert overall["rank"].min() == 1
    june = read_parquet_plain(scores_path(demo["dir"], M2))
    overall = june[june["level"] == "overall"]
    assert overall["prev_rank"].notna().all()
    assert (overall["trend"] == overall["prev_rank"] - overall["rank"]).all()
    rows = ranking(demo["dir"], M2)
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert rows[0]["name"] == "Auenstadt"
    assert {r["name"] for r in rows} == {c.name for c in world.CITIES}


def test_sources_and_geo_give_the_world_figures(demo):
    params = read_parameters(data_dir=demo["dir"])
    a_may = world.city_by_ags(AUENSTADT).facts[M1]
    status, value = _value(params, M1, AUENSTADT, "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew")
    assert status == "value"
    assert value == pytest.approx(a_may.stations / world.city_by_ags(AUENSTADT).population * 1000, rel=1e-9)
    a_june = world.city_by_ags(AUENSTADT).facts[M2]
    _, june_value = _value(params, M2, AUENSTADT, "energie_umwelt.ladeinfrastruktur.stationen_je_1000_ew")
    assert june_value == pytest.approx(
        a_june.stations / world.city_by_ags(AUENSTADT).population * 1000, rel=1e-9
    )
    status, value = _value(params, M1, AUENSTADT, "it_kommunikation.breitband.anteil_50mbit")
    assert (status, value) == ("value", pytest.approx(a_may.bb50))
    status, value = _value(params, M2, AUENSTADT, "it_kommunikation.glasfaser.anteil_ftth_b")
    assert (status, value) == ("value", pytest.approx(a_june.ftth))
    # Research: Dornfeld's eAkte entry of June supersedes the one of April.
    assert _value(params, M1, DORNFELD, "verwaltung.interne_prozesse.eakte", "research") == ("absent", 0.0)
    assert _value(params, M2, DORNFELD, "verwaltung.interne_prozesse.eakte", "research") == ("present", 1.0)


def test_crawl_reads_the_demo_sites(demo):
    params = read_parameters(data_dir=demo["dir"])
    crawl = params[params["method"] == "crawl"]
    booking = "verwaltung.online_terminvergabe.buergeramt"
    # Hollerbach's site answered 503 in May: not checkable (never absent), present again in June.
    holler_may = crawl[(crawl["month"] == M1) & (crawl["city_ags"] == HOLLERBACH)]
    assert len(holler_may) > 0 and set(holler_may["status"]) == {"not_checkable"}
    assert _value(crawl, M2, HOLLERBACH, booking)[0] == "present"
    # Dornfeld: "nur telefonisch" in May is absent, the online booking of June is present.
    assert _value(crawl, M1, DORNFELD, booking)[0] == "absent"
    assert _value(crawl, M2, DORNFELD, booking)[0] == "present"
    assert _value(crawl, M1, AUENSTADT, booking)[0] == "present"
    assert _value(crawl, M1, AUENSTADT, "verwaltung.payment.epayment")[0] == "present"


def test_report_and_run_records_are_where_the_demo_says(demo):
    index = demo["result"].report_index()
    assert index is not None and index.is_file()
    assert index == demo["dir"] / "report" / f"month={M2}" / "index.html"
    runs = sorted((demo["dir"] / "runs").glob("*.json"))
    assert [json.loads(p.read_text())["month"] for p in runs] == [M1, M2]


def test_world_files_are_deterministic(tmp_path: Path):
    a = world.write_world_month(tmp_path / "a", M2)
    b = world.write_world_month(tmp_path / "b", M2)

    def digest(path: Path) -> str:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()

    assert {k: digest(v) for k, v in a.items()} == {k: digest(v) for k, v in b.items()}
    assert len(world.CITIES) == 8 and all(c.ags.startswith("17") for c in world.CITIES)
