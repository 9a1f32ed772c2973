"""The whole feedback round: export, the city edits in Excel, import, review, apply, score."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from normalize.evidence import make_evidence_id
from normalize.feedback_store import read_records, records_path
from normalize.precedence import resolve
from normalize.provenance import explain
from normalize.scoring import score_parameters
from normalize.storage import parameters_path, read_evidence, read_parameters
from tests.research.conftest import DMS, EAKTE, HAMBURG, KIEL, KOELN, MONTH, city_edits

runner = CliRunner()
EPAYMENT = "verwaltung.payment.epayment"
VERWALTUNG_MAX = 8 * 100 + 35  # 8 regular indicators + the pilot bonus cap


def scores(data_dir) -> dict[tuple[str, str], tuple[float, int]]:
    resolved = resolve(read_parameters(MONTH, data_dir)).drop(columns=["overrides"])
    out = score_parameters(resolved)
    wanted = out[out["id"].isin(["overall", "verwaltung", "verwaltung.interne_prozesse"])]
    return {(r.city_ags, r.id): (r.score, int(r.rank)) for r in wanted.itertuples()}


def invoke(*args):
    result = runner.invoke(app, list(args), terminal_width=300)
    assert result.exit_code == 0, result.output
    return result.output


def test_round_trip(collected, cities_path, tmp_path):
    collected_file = parameters_path(collected, MONTH, "city_sites")
    collected_bytes = collected_file.read_bytes()
    before = scores(collected)
    assert before[(KOELN, "verwaltung.interne_prozesse")] == (100.0, 1)
    assert before[(HAMBURG, "verwaltung.interne_prozesse")] == (0.0, 2)
    assert before[(HAMBURG, "overall")] == (0.0, 2)
    assert before[(KOELN, "verwaltung")][0] == pytest.approx(100 * 100 / VERWALTUNG_MAX, abs=1e-12)

    # 1. export the workbook for Hamburg
    sent = tmp_path / "hamburg-2021-06.xlsx"
    output = invoke(
        "feedback", "export", "Hamburg", "--month", MONTH, "--out", str(sent), "--cities", str(cities_path)
    )
    assert output.startswith(
        f"wrote {sent}: Hamburg (02000000), month 2021-06, 106 parameters (2 with a known value), workbook wb-"
    )

    # 2. the city answers: two corrections and one remark, contact given once
    returned = city_edits(
        sent,
        tmp_path / "hamburg-returned.xlsx",
        {
            DMS: (
                "ja",
                "DMS seit 2019 im Einsatz, siehe Ratsbeschluss",
                "Erika Muster, erika.muster@hamburg.example",
            ),
            EAKTE: ("ja", "E-Akte im Bauamt", None),
            EPAYMENT: (None, "E-Payment kommt 2022", None),
        },
    )

    # 3. import
    output = invoke(
        "feedback",
        "import",
        str(returned),
        "--by",
        "Ana Lyst",
        "--city",
        "Hamburg",
        "--cities",
        str(cities_path),
    )
    assert f"{returned}: Hamburg (02000000), month 2021-06: stored 3 new correction(s)" in output
    records = read_records(collected).set_index("parameter_id")
    assert list(records.index) == [DMS, EAKTE, EPAYMENT]
    dms = records.loc[DMS]
    assert (dms.city_ags, dms.month, dms.old_text, dms.old_status, dms.old_source, dms.old_value) == (
        HAMBURG,
        MONTH,
        "nein",
        "absent",
        "city_sites",
        0.0,
    )
    assert (dms.proposed_raw, dms.proposed_value, dms.proposed_status) == ("ja", 1.0, "present")
    assert (dms.comment, dms.contact, dms.imported_by, dms.state) == (
        "DMS seit 2019 im Einsatz, siehe Ratsbeschluss",
        "Erika Muster, erika.muster@hamburg.example",
        "Ana Lyst",
        "pending",
    )
    assert records.loc[EAKTE, "contact"] == "Erika Muster, erika.muster@hamburg.example"  # given once
    assert pd.isna(records.loc[EPAYMENT, "proposed_status"])  # a remark, no value
    assert pd.isna(records.loc[EPAYMENT, "old_status"])  # nothing was collected
    assert set(records["sheet_row"]) == {4, 5, 6}
    sha = hashlib.sha256(returned.read_bytes()).hexdigest()
    assert (collected / "feedback" / "workbooks" / f"{sha}.xlsx").read_bytes() == returned.read_bytes()
    # nothing reaches the table before a decision
    assert read_parameters(MONTH, collected, sources=["feedback"]).empty

    # 4. review: accept one, reject one with a reason
    output = invoke("feedback", "review", "--city", "Hamburg", "--cities", str(cities_path))
    assert "3 pending" in output
    dms_id, eakte_id = records.loc[DMS, "record_id"], records.loc[EAKTE, "record_id"]
    output = invoke(
        "feedback", "review", dms_id, "--accept", "--by", "Ana Lyst", "--reason", "Ratsbeschluss geprüft"
    )
    assert output.splitlines() == [
        f"{dms_id}: accepted ({HAMBURG}, {MONTH}, {DMS})",
        f"{MONTH}: 1 accepted correction(s) in the parameter table; re-score with `sci score --month {MONTH}`",
    ]
    invoke(
        "feedback",
        "review",
        eakte_id[:8],
        "--reject",
        "--by",
        "Ana Lyst",
        "--reason",
        "kein Beleg für den Produktivbetrieb",
    )
    records = read_records(collected).set_index("parameter_id")
    assert list(records["state"]) == ["accepted", "rejected", "pending"]
    assert records.loc[EAKTE, "reason"] == "kein Beleg für den Produktivbetrieb"
    assert records.loc[DMS, "analyst"] == "Ana Lyst"
    assert records["reviewed_at"].notna().tolist() == [True, True, False]

    # 5. the accepted correction is a feedback row; the collected rows are untouched
    fb = read_parameters(MONTH, collected, sources=["feedback"])
    assert [(r.city_ags, r.parameter_id, r.value, r.status, r.raw, r.method) for r in fb.itertuples()] == [
        (HAMBURG, DMS, 1.0, "present", "ja", "feedback")
    ]
    assert collected_file.read_bytes() == collected_bytes
    ev_id = make_evidence_id("feedback", MONTH, dms_id)
    assert list(fb.iloc[0]["evidence"]) == [ev_id]
    ev = read_evidence(MONTH, collected, sources=["feedback"]).set_index("evidence_id").loc[ev_id]
    assert (ev.url, ev.snippet, ev.rule_id, ev.sha256) == (
        "mailto:erika.muster@hamburg.example",
        "DMS seit 2019 im Einsatz, siehe Ratsbeschluss",
        "feedback",
        sha,
    )
    assert list(ev["items"]) == [dms_id, f"feedback/workbooks/{sha}.xlsx", "accepted by Ana Lyst"]

    # 6. precedence and the explanation for `sci evidence`
    why = explain(MONTH, HAMBURG, DMS, collected)
    assert (why.winner["source"], why.winner["value"]) == ("feedback", 1.0)
    assert [(r["source"], r["value"]) for r in why.overridden] == [("city_sites", 0.0)]
    assert set(why.evidence) == {ev_id, make_evidence_id("city_sites", MONTH, HAMBURG, DMS)}
    assert [f["state"] for f in why.feedback] == ["accepted"]
    assert explain(MONTH, HAMBURG, EAKTE, collected).winner["source"] == "city_sites"

    # 7. the score follows: Hamburg's DMS now counts, its rejected eAkte does not
    after = scores(collected)
    assert after[(HAMBURG, "verwaltung.interne_prozesse")] == (100.0, 1)
    assert after[(KOELN, "verwaltung.interne_prozesse")] == (100.0, 1)
    assert after[(KIEL, "verwaltung.interne_prozesse")] == (0.0, 3)
    assert after[(HAMBURG, "verwaltung")][0] == pytest.approx(100 * 100 / VERWALTUNG_MAX, abs=1e-12)
    assert after[(HAMBURG, "overall")][0] == pytest.approx(100 * 100 / VERWALTUNG_MAX / 5, abs=1e-12)
    assert after[(HAMBURG, "overall")][1] == 1
    assert after[(KOELN, "overall")] == before[(KOELN, "overall")]

    # 8. re-importing the same workbook changes nothing
    records_bytes = records_path(collected).read_bytes()
    output = invoke("feedback", "import", str(returned), "--by", "Ana Lyst")
    assert "stored 0 new correction(s), 3 already imported" in output
    assert records_path(collected).read_bytes() == records_bytes
