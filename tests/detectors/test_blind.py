"""The hand-written blind sets as labelled regression sets (their first, blind scores are in
docs/detectors.md: they were scored once before any rule was changed for them)."""

from __future__ import annotations

import pytest

from crawlers.detectors.labels import LABEL_TARGETS
from tests.detectors.blind4 import BLIND4
from tests.detectors.blind5 import BLIND5
from tests.detectors.blind6 import BLIND6
from tests.detectors.conftest import MACRO_F1_THRESHOLD


@pytest.mark.parametrize("name", ["blind4", "blind5", "blind6"])
def test_blind_set_macro_f1(blind_evaluations, name):
    evaluation = blind_evaluations[name]
    assert evaluation.macro_f1 >= MACRO_F1_THRESHOLD, evaluation.table()


@pytest.mark.parametrize("records", [BLIND4, BLIND5, BLIND6], ids=["blind4", "blind5", "blind6"])
def test_blind_sets_are_well_formed(records):
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    all_ids = [r["id"] for rs in (BLIND4, BLIND5, BLIND6) for r in rs]
    assert len(all_ids) == len(set(all_ids))
    for record in records:
        assert set(record) == {"id", "url", "text", "labels"}
        assert record["url"].startswith("https://")
        assert set(record["labels"]) <= set(LABEL_TARGETS), record["id"]
        assert all(isinstance(v, bool) for v in record["labels"].values())


def test_blind_sets_cover_every_label_kind():
    covered = {kind for records in (BLIND4, BLIND5, BLIND6) for r in records for kind in r["labels"]}
    assert covered == set(LABEL_TARGETS)  # all 36 kinds, also the two pages-dev has no example of
    both = {
        kind: {r["labels"][kind] for rs in (BLIND4, BLIND5, BLIND6) for r in rs if kind in r["labels"]}
        for kind in covered
    }
    # every kind has a labelled offer; nearly all have a labelled refusal as well
    assert all(True in outcomes for outcomes in both.values())
    assert sum(1 for outcomes in both.values() if False in outcomes) >= 30
