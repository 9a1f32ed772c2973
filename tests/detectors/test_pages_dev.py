"""The hand-labelled real pages (../shared/pages-dev) as a test set: precision, recall, macro-F1.

Scoring is defined in :mod:`crawlers.detectors.labels` (a wrong status counts as a miss and a false
positive; an emission on a page that does not label the kind is a false positive). The per-kind table is
printed in the test summary (see ``conftest.pytest_terminal_summary``).
"""

from __future__ import annotations

from crawlers.detectors.labels import LABEL_TARGETS
from normalize.catalog import load_catalog
from tests.detectors.conftest import MACRO_F1_THRESHOLD


def test_macro_f1_on_all_labelled_pages(pages_dev_evaluation):
    evaluation = pages_dev_evaluation["all pages"]
    assert evaluation.macro_f1 >= MACRO_F1_THRESHOLD, evaluation.table()


def test_every_labelled_kind_is_scored(pages_dev_evaluation, pages_dev):
    labelled = {kind for page in pages_dev for kind in page["labels"]}
    assert labelled <= set(LABEL_TARGETS), labelled - set(LABEL_TARGETS)
    scored = {k.kind for k in pages_dev_evaluation["all pages"].kinds.values() if k.labelled}
    assert scored == labelled


def test_distractor_pages_without_labels_stay_silent(pages_dev_decisions):
    silent = {pid: decisions for pid, labels, decisions in pages_dev_decisions if not labels}
    assert silent, "pages-dev has distractor pages without labels"
    for pid, decisions in silent.items():
        spoken = {t for targets in LABEL_TARGETS.values() for t in targets if t in decisions}
        assert spoken == set(), f"{pid} speaks to {sorted(spoken)}"


def test_label_targets_are_catalog_parameters():
    catalog = load_catalog()
    for kind, targets in LABEL_TARGETS.items():
        for target in targets:
            assert target in catalog.parameters, f"{kind} -> {target} is not in the catalog"


def test_both_splits_are_reported(pages_dev_evaluation):
    dev, holdout = pages_dev_evaluation["development split"], pages_dev_evaluation["holdout split"]
    assert sum(k.labelled for k in dev.kinds.values()) > sum(k.labelled for k in holdout.kinds.values()) > 0
    assert holdout.macro_f1 >= MACRO_F1_THRESHOLD, holdout.table()
