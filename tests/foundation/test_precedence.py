from __future__ import annotations

import pandas as pd

from normalize.precedence import resolve
from normalize.table import parameter_row

P = "verwaltung.payment.epayment"


def rows(*specs):
    out = []
    for method, source, value, status, ts in specs:
        out.append(
            parameter_row(
                month="2021-06",
                city_ags="02000000",
                parameter_id=P,
                value=value,
                status=status,
                method=method,
                source=source,
                collected_at=pd.Timestamp(ts, tz="UTC"),
            )
        )
    return pd.DataFrame(out)


def test_feedback_beats_research_beats_crawl():
    df = rows(
        ("crawl", "city_sites", 0, "absent", "2021-06-02"),
        ("research", "research", 1, "present", "2021-06-01"),
        ("feedback", "feedback", 0, "absent", "2021-06-01"),
    )
    won = resolve(df)
    assert len(won) == 1
    assert won.loc[0, "source"] == "feedback"
    assert won.loc[0, "overrides"] == ["research", "city_sites"]


def test_research_beats_collected():
    won = resolve(
        rows(
            ("crawl", "city_sites", 1, "present", "2021-06-02"),
            ("research", "research", 0, "absent", "2021-06-01"),
        )
    )
    assert (won.loc[0, "source"], won.loc[0, "value"]) == ("research", 0)


def test_known_beats_unknown_then_newest():
    won = resolve(
        rows(
            ("crawl", "city_sites", None, "not_checkable", "2021-06-03"),
            ("probe", "portal_probe", 1, "present", "2021-06-01"),
            ("crawl", "older", 0, "absent", "2021-05-30"),
        )
    )
    assert won.loc[0, "source"] == "portal_probe"
    assert won.loc[0, "overrides"] == ["older", "city_sites"]


def test_single_rows_pass_through():
    won = resolve(rows(("crawl", "city_sites", 1, "present", "2021-06-02")))
    assert won.loc[0, "overrides"] == []
