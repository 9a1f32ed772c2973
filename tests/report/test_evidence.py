"""`sci evidence` and the per-city view (normalize.inspect): exact values on the two-month world."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.report.data import read_scores
from normalize.catalog import load_catalog
from normalize.inspect import (
    city_view,
    format_value,
    http_link,
    parameter_scores,
    prepare_month,
)
from normalize.precedence import resolve
from normalize.storage import read_evidence, read_parameters, write_evidence, write_parameters
from normalize.table import parameter_row
from tests.report.conftest import (
    HH,
    HOSTILE_SNIPPET,
    INFO,
    JS_URL,
    KI,
    KITA,
    B,
    D,
    E,
    K,
    L,
    P,
    T,
)

runner = CliRunner()


def view_of(data_dir, ags, month=B, area=None):
    catalog = load_catalog()
    ctx = prepare_month(
        month,
        read_parameters(month, data_dir),
        read_evidence(month, data_dir),
        read_scores(data_dir, month),
        catalog,
    )
    return city_view(ctx, ags, city_name=ags, area=area)


def by_id(view):
    return {p.parameter_id: p for p in view.parameters}


def test_coverage_counts_missing_not_checkable_and_not_applicable(world, data_dir):
    koeln = view_of(data_dir, K).coverage
    assert (koeln.total, koeln.known, koeln.missing, koeln.not_checkable, koeln.not_applicable) == (
        106,
        4,
        101,
        0,
        1,
    )
    assert koeln.applicable == 105
    assert koeln.share == pytest.approx(4 / 105, abs=1e-15)
    kiel = view_of(data_dir, KI).coverage
    assert (kiel.known, kiel.missing, kiel.not_checkable, kiel.not_applicable) == (3, 102, 1, 0)
    assert kiel.share == pytest.approx(3 / 106, abs=1e-15)
    hamburg = view_of(data_dir, HH).coverage
    assert (hamburg.known, hamburg.missing) == (6, 100)


def test_coverage_matches_the_scoring_engine(world, data_dir):
    scores = read_scores(data_dir, B)
    overall = scores[scores["level"] == "overall"].set_index("city_ags")["coverage"]
    for ags in (HH, K, KI):
        assert view_of(data_dir, ags).coverage.share == pytest.approx(overall[ags], abs=1e-12)


def test_known_parameter_has_value_score_evidence_and_indicator_index(world, data_dir):
    p = by_id(view_of(data_dir, K))[E]
    assert (p.state, p.status, p.value, p.value_text) == ("known", "present", 1.0, "yes")
    assert (p.score, p.contribution, p.indicator_index) == (1.0, 1.0, 100.0)
    assert (p.method, p.source, p.raw) == ("crawl", "crawl", "<b>ePayBL</b>")
    assert p.collected_at == "2024-05-03T10:00:00Z"
    [ev] = p.evidence
    assert ev.found and ev.url == "https://www.example-05315000.de/epayment"
    assert ev.link == "https://www.example-05315000.de/epayment"
    assert ev.snippet == HOSTILE_SNIPPET
    assert (ev.fetched_at, ev.http_status, ev.rule_id, ev.sha256, ev.version) == (
        "2024-05-03T10:00:00Z",
        200,
        "rule:epayment",
        "k-E2",
        "det-1",
    )
    assert p.overridden == []


def test_numeric_contribution_is_min_max_over_the_month(world, data_dir):
    # stationen_je_1000_ew in 2024-05: Hamburg 2.0, Köln 1.0, Kiel 0.7 -> s = 1, 0.3/1.3, 0.
    koeln = by_id(view_of(data_dir, K))[L]
    assert koeln.score == pytest.approx(0.3 / 1.3, abs=1e-12)
    assert koeln.contribution == pytest.approx(0.3 / 1.3, abs=1e-12)
    assert koeln.indicator_index == pytest.approx(100 * 0.3 / 1.3, abs=1e-9)
    assert koeln.value_text == "1 per 1,000 inhabitants"
    assert by_id(view_of(data_dir, HH))[L].score == 1.0
    assert by_id(view_of(data_dir, KI))[L].score == 0.0


def test_contributions_sum_to_the_scoring_engines_indicator_raw(world, data_dir):
    scores = read_scores(data_dir, B)
    raw = scores[scores["level"] == "indicator"].set_index(["city_ags", "id"])["raw"]
    catalog = load_catalog()
    for ags in (HH, K, KI):
        view = view_of(data_dir, ags)
        for ind in catalog.indicators.values():
            if ind.pilot:
                continue
            params = [p for p in view.parameters if p.indicator_id == ind.id]
            if any(p.state == "not_applicable" for p in params):
                continue  # the engine rescales the raw of partly not-applicable indicators
            total = sum(p.contribution for p in params)
            assert total == pytest.approx(raw[(ags, ind.id)], abs=1e-12), (ags, ind.id)


def test_missing_not_checkable_not_applicable_and_pilot(world, data_dir):
    params = by_id(view_of(data_dir, KI))
    missing = params["verwaltung.payment.bussgeld_online"]
    assert (missing.state, missing.state_label, missing.status, missing.value_text) == (
        "missing",
        "MISSING (no row)",
        None,
        "—",
    )
    assert (missing.score, missing.contribution, missing.evidence) == (0.0, 0.0, [])
    failed = params[T]
    assert (failed.state, failed.state_label, failed.value, failed.value_text) == (
        "not_checkable",
        "NOT CHECKABLE",
        None,
        "—",
    )
    assert (failed.score, failed.contribution) == (0.0, 0.0)
    assert [e.snippet for e in failed.evidence] == ["timeout"]
    na = by_id(view_of(data_dir, K))[KITA]
    assert (na.state, na.score, na.contribution) == ("not_applicable", None, None)
    pilot = by_id(view_of(data_dir, HH))[P]
    assert (pilot.pilot, pilot.score, pilot.contribution, pilot.value_text) == (
        True,
        None,
        12.0,
        "12 bonus points",
    )


def test_winner_and_the_rows_it_overrode(world, data_dir):
    info = by_id(view_of(data_dir, HH))[INFO]
    assert (info.source, info.method, info.value) == ("research", "research", 3.0)
    assert info.value_text.startswith("3 of 3 (all of service descriptions")
    [lost] = info.overridden
    assert (lost.source, lost.method, lost.value, lost.status) == ("crawl", "crawl", 2.0, "value")
    assert lost.collected_at == "2024-05-03T10:00:00Z"
    assert [e.url for e in info.evidence] == ["https://www.hamburg.de/digital"]
    assert by_id(view_of(data_dir, HH))[D].value_text == "yes"


def test_unsafe_evidence_urls_are_not_links(world, data_dir):
    [ev] = by_id(view_of(data_dir, K))[T].evidence
    assert (ev.url, ev.link) == (JS_URL, None)
    assert http_link("https://example.org/a b") is None
    assert http_link("data:text/html,<b>x</b>") is None
    assert http_link("//example.org/x") is None
    assert http_link("http://example.org/x?y=<1>") == "http://example.org/x?y=<1>"


def test_evidence_id_without_a_record_is_reported(data_dir):
    row = parameter_row(
        month=B,
        city_ags=K,
        parameter_id=E,
        value=1,
        status="present",
        method="crawl",
        source="crawl",
        evidence=["ev-0123456789abcdef0123"],
    )
    write_parameters(pd.DataFrame([row]), source="crawl", month=B, data_dir=data_dir)
    [ev] = by_id(view_of(data_dir, K))[E].evidence
    assert (ev.evidence_id, ev.found, ev.url) == ("ev-0123456789abcdef0123", False, None)


def test_parameter_scores_rules():
    catalog = load_catalog()
    rows = pd.DataFrame(
        [
            parameter_row(
                month=B, city_ags=a, parameter_id=pid, value=v, status=s, method="crawl", source="x"
            )
            for a, pid, v, s in [
                (HH, INFO, 2, "value"),
                (K, INFO, 3, "value"),
                (HH, L, 4.0, "value"),
                (K, L, 4.0, "value"),
                (KI, L, 0.0, "value"),
                (HH, "energie_umwelt.ladeinfrastruktur.ladepunkte_je_station", 3.0, "value"),
                (K, "energie_umwelt.ladeinfrastruktur.ladepunkte_je_station", 3.0, "value"),
                (KI, T, None, "not_checkable"),
            ]
        ]
    )
    s = parameter_scores(resolve(rows), catalog)
    assert s[(HH, INFO)] == pytest.approx(2 / 3, abs=1e-15)
    assert s[(K, INFO)] == 1.0
    assert (s[(HH, L)], s[(K, L)], s[(KI, L)]) == (1.0, 1.0, 0.0)
    # max == min: 1 where v > 0
    assert s[(HH, "energie_umwelt.ladeinfrastruktur.ladepunkte_je_station")] == 1.0
    assert (KI, T) not in s


def test_format_value_by_kind():
    catalog = load_catalog()
    assert format_value(catalog.parameter(T), 0.0, "absent") == "no"
    assert format_value(catalog.parameter(INFO), 1.0, "value") == (
        "1 of 3 (service descriptions (Dienstleistungen A-Z) are found)"
    )
    assert format_value(catalog.parameter(L), 0.12345, "value") == "0.1235 per 1,000 inhabitants"
    assert format_value(catalog.parameter(L), None, "source_missing") == "—"
    assert format_value(catalog.parameter(L), None, None) == "—"


# --- the command ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Köln", "koln", "KOELN", " köln ", "05315000", "5315000"])
def test_cli_json_finds_the_city_forgivingly(world, data_dir, query):
    result = runner.invoke(app, ["evidence", query, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["city"] == {"ags": K, "name": "Köln", "state": "Nordrhein-Westfalen"}
    assert doc["month"] == B  # the latest month by default
    assert doc["coverage"] == {
        "total": 106,
        "known": 4,
        "missing": 101,
        "not_checkable": 0,
        "source_missing": 0,
        "not_applicable": 1,
        "applicable": 105,
        "share": 4 / 105,
    }
    assert len(doc["parameters"]) == 106
    epay = next(p for p in doc["parameters"] if p["parameter_id"] == E)
    assert epay["evidence"][0]["snippet"] == HOSTILE_SNIPPET
    assert (epay["value"], epay["status"], epay["contribution"], epay["state_label"]) == (
        1.0,
        "present",
        1.0,
        "known",
    )


def test_cli_area_and_month_options(world, data_dir):
    result = runner.invoke(app, ["evidence", "Kiel", "--month", "2024-04", "--area", "verwaltung", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["month"] == "2024-04" and doc["area"] == "verwaltung"
    assert len(doc["parameters"]) == 29
    assert {p["area_id"] for p in doc["parameters"]} == {"verwaltung"}
    buerger = next(p for p in doc["parameters"] if p["parameter_id"] == T)
    assert (buerger["state"], buerger["value_text"]) == ("known", "yes")
    assert [a["id"] for a in doc["areas"]] == ["verwaltung"]


def test_cli_ambiguous_name_lists_candidates(world, data_dir):
    result = runner.invoke(app, ["evidence", "Ber"])
    assert result.exit_code == 1
    assert "'Ber' matches 2 cities" in result.output
    assert "05378004  Bergisch Gladbach (Nordrhein-Westfalen)" in result.output
    assert "11000000  Berlin (Berlin)" in result.output


def test_cli_errors(world, data_dir):
    unknown = runner.invoke(app, ["evidence", "Atlantis"])
    assert unknown.exit_code == 1 and "no city named 'Atlantis'" in unknown.output
    bad_area = runner.invoke(app, ["evidence", "Kiel", "--area", "nope"])
    assert bad_area.exit_code == 1 and "unknown area 'nope'" in bad_area.output
    bad_month = runner.invoke(app, ["evidence", "Kiel", "--month", "2024-13"])
    assert bad_month.exit_code == 1 and "month '2024-13' is not YYYY-MM" in bad_month.output


def test_cli_without_data(data_dir):
    result = runner.invoke(app, ["evidence", "Kiel"])
    assert result.exit_code == 1
    assert "has no parameter table yet" in " ".join(result.output.split())


def test_cli_text_marks_states_and_neutralises_hostile_text(world, data_dir):
    evil = {
        "evidence_id": "ev-00000000000000000001",
        "month": B,
        "city_ags": K,
        "parameter_id": INFO,
        "value": 3.0,
        "status": "value",
        "url": "https://evil.example/",
        "final_url": None,
        "http_status": 200,
        "snippet": "[bold red]fake[/] \x1b]0;pwned\x07 \x1b[2J",
        "rule_id": "r",
        "fetched_at": None,
        "sha256": None,
        "warc_file": None,
        "warc_record_id": None,
        "source": "evil",
        "method": "crawl",
        "version": None,
        "items": [],
    }
    write_evidence(pd.DataFrame([evil]), source="evil", month=B, data_dir=data_dir)
    row = parameter_row(
        month=B,
        city_ags=K,
        parameter_id="verwaltung.website.nutzungsfreundlichkeit",
        value=1,
        status="value",
        method="crawl",
        source="evil",
        evidence=["ev-00000000000000000001"],
    )
    write_parameters(pd.DataFrame([row]), source="evil", month=B, data_dir=data_dir)
    result = runner.invoke(app, ["evidence", "Köln", "--area", "verwaltung"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]fake[/] \\x1b]0;pwned\\x07 \\x1b[2J" in out
    assert "bussgeld_online  Bußgeldzahlung online  MISSING (no row)" in out
    flat = " ".join(out.split())
    assert (
        "Coverage 4.8 %: 5 of 105 applicable parameters known; 100 missing (no row), 0 not checkable" in flat
    )
    kiel = runner.invoke(app, ["evidence", "Kiel"])
    assert "NOT CHECKABLE" in kiel.stdout
