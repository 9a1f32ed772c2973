"""Fixtures for the detector tests, and the pages-dev precision/recall table in the test summary."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from crawlers.detectors import Page, decide, detect
from crawlers.detectors.labels import Evaluation, score

FIXTURES = Path(__file__).parent / "fixtures"
MACRO_F1_THRESHOLD = 0.85
_SUMMARY: list[str] = []


def is_holdout(page_id: str) -> bool:
    """The quarter of pages (sha1 of the id mod 4 == 0) kept out of sight while the rules were first written."""
    return int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 4 == 0


@pytest.fixture(scope="session")
def pages_dev(shared_dir: Path) -> list[dict]:
    path = shared_dir / "pages-dev" / "pages.jsonl"
    if not path.is_file():
        pytest.fail(f"the labelled pages are missing at {path}")
    pages = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    pages.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    pytest.fail(f"{path}:{n}: not JSON ({exc})")
    return pages


@pytest.fixture(scope="session")
def pages_dev_decisions(pages_dev: list[dict]) -> list[tuple[str, dict, dict]]:
    return [(p["id"], p["labels"], decide(detect(Page(url=p["url"], text=p["text"])))) for p in pages_dev]


@pytest.fixture(scope="session")
def pages_dev_evaluation(pages_dev_decisions) -> dict[str, Evaluation]:
    evaluations = {
        "all pages": score(pages_dev_decisions),
        "development split": score([d for d in pages_dev_decisions if not is_holdout(d[0])]),
        "holdout split": score([d for d in pages_dev_decisions if is_holdout(d[0])]),
    }
    _SUMMARY.clear()
    _SUMMARY.append(evaluations["all pages"].table())
    for name in ("development split", "holdout split"):
        ev = evaluations[name]
        kinds = sum(1 for k in ev.kinds.values() if k.labelled or k.fp)
        _SUMMARY.append(f"{name}: macro-F1 {ev.macro_f1:.3f} over {kinds} kinds")
    errors = evaluations["all pages"].errors
    _SUMMARY.append(f"{len(errors)} wrong or missing decisions" + (":" if errors else ""))
    _SUMMARY.extend(f"  {page} {kind}: label {label}, detected {got}" for page, kind, label, got in errors)
    return evaluations


_BLIND_SUMMARY: dict[str, str] = {}


def page_of(record: dict) -> Page:
    """A labelled record (pages-dev or a blind set) as a Page: HTML when the text is markup."""
    content = record["text"]
    if content.lstrip().startswith("<"):
        return Page(url=record["url"], html=content)
    return Page(url=record["url"], text=content)


@pytest.fixture(scope="session")
def blind_evaluations() -> dict[str, Evaluation]:
    """The hand-written blind sets (tests/detectors/blind4.py, blind5.py, blind6.py), scored like pages-dev."""
    from tests.detectors.blind4 import BLIND4
    from tests.detectors.blind5 import BLIND5
    from tests.detectors.blind6 import BLIND6

    evaluations = {}
    for name, records in (("blind4", BLIND4), ("blind5", BLIND5), ("blind6", BLIND6)):
        ev = score([(r["id"], r["labels"], decide(detect(page_of(r)))) for r in records])
        evaluations[name] = ev
        kinds = sum(1 for k in ev.kinds.values() if k.labelled or k.fp)
        wrong = ", ".join(f"{page} {kind} ({label} -> {got})" for page, kind, label, got in ev.errors)
        _BLIND_SUMMARY[name] = (
            f"{name}: {len(records)} pages, macro-F1 {ev.macro_f1:.3f} over {kinds} kinds"
            + (f"; wrong: {wrong}" if wrong else "")
        )
    return evaluations


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001 - pytest hook signature
    if _SUMMARY:
        terminalreporter.write_sep("=", "detectors on pages-dev: precision / recall per label kind")
        for block in _SUMMARY:
            for line in block.splitlines():
                terminalreporter.write_line(line)
    if _BLIND_SUMMARY:
        terminalreporter.write_sep("=", "detectors on the hand-written blind sets")
        for line in _BLIND_SUMMARY.values():
            terminalreporter.write_line(line)
