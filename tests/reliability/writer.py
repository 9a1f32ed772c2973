"""A process that writes one source's parameter and evidence files for a month, over and over.

    python -m tests.reliability.writer DATA_DIR MONTH SOURCE [--iterations N] [--lock RUN_ID] [--wait]
                                       [--intervals FILE] [--hold-until FILE]

The crash tests SIGKILL it while it writes (it prints ``wrote <i>`` after each round); the month-lock
tests start two at once with ``--lock``. Rows are many and their ``raw`` text incompressible, so a
parquet file takes long enough to write for a kill to land inside it. Iteration ``i`` writes run id
``<prefix>-<i>`` into every row: a reader can tell which complete round a file holds.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import sys
import time

import pandas as pd

from normalize.catalog import load_catalog
from normalize.evidence import make_evidence_id
from normalize.storage import write_evidence, write_parameters
from normalize.table import parameter_row

CITIES = 20
RAW_CHARS = 6000  # few rows (validation is per row), many bytes (the parquet write takes a while)


@functools.lru_cache(maxsize=8)
def frames(month: str, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(parameters, evidence) of every catalog parameter for CITIES made-up cities (deterministic)."""
    rng = random.Random(f"{month}-{source}")
    collected = pd.Timestamp(f"{month}-01", tz="UTC")
    catalog = load_catalog()
    rows, evidence = [], []
    for i in range(CITIES):
        ags = f"0999{i:04d}"
        for parameter in catalog.parameters.values():
            ev_id = make_evidence_id(month, ags, parameter.id, source)
            rows.append(
                parameter_row(
                    month=month,
                    city_ags=ags,
                    parameter_id=parameter.id,
                    value=None,
                    status="not_checkable",
                    method="source",
                    source=source,
                    raw=rng.randbytes(RAW_CHARS // 2).hex(),  # incompressible
                    unit=parameter.unit,
                    evidence=[ev_id],
                    collected_at=collected,
                    run_id=None,
                )
            )
            evidence.append(
                {
                    "evidence_id": ev_id,
                    "month": month,
                    "city_ags": ags,
                    "parameter_id": parameter.id,
                    "value": None,
                    "status": "not_checkable",
                    "url": f"https://example.org/{source}.csv",
                    "snippet": rows[-1]["raw"][:200],
                    "rule_id": f"{source}:row {i}",
                    "fetched_at": collected,
                    "sha256": "0" * 64,
                    "source": source,
                    "method": "source",
                    "items": [ags],
                }
            )
    return pd.DataFrame(rows), pd.DataFrame(evidence)


def write_rounds(data_dir: str, month: str, source: str, iterations: int, prefix: str, intervals: str | None):
    params, evidence = frames(month, source)
    for i in range(iterations):
        started = time.time()
        run_id = f"{prefix}-{i}"
        write_evidence(evidence.assign(version=run_id), source=source, month=month, data_dir=data_dir)
        write_parameters(params.assign(run_id=run_id), source=source, month=month, data_dir=data_dir)
        if intervals:
            with open(intervals, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"run_id": run_id, "start": started, "end": time.time()}) + "\n")
        print(f"wrote {i}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("month")
    parser.add_argument("source")
    parser.add_argument("--iterations", type=int, default=1_000_000)
    parser.add_argument("--lock", help="hold the month lock with this run id while writing")
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--intervals")
    parser.add_argument("--hold-until", help="keep the lock after writing until this file exists")
    args = parser.parse_args(argv)
    print(f"ready {os.getpid()}", flush=True)
    if not args.lock:
        write_rounds(args.data_dir, args.month, args.source, args.iterations, "iter", args.intervals)
        return 0
    from flows.runs import MonthLocked, month_lock

    def waiting(holder):
        print(f"waiting for {(holder or {}).get('run_id')}", flush=True)

    try:
        with month_lock(
            args.data_dir, args.month, run_id=args.lock, wait=args.wait, poll_seconds=0.05, on_wait=waiting
        ) as held:
            print(f"locked after waiting {held.waited_s > 0.01}", flush=True)
            write_rounds(args.data_dir, args.month, args.source, args.iterations, args.lock, args.intervals)
            while args.hold_until and not os.path.exists(args.hold_until):
                time.sleep(0.02)
    except MonthLocked as exc:
        print(f"locked: {exc}", flush=True)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
