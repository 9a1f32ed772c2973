"""Time ``sci demo`` end to end and split it into work and orchestration.

    uv run python bench/demo.py [--data-dir DIR] [--skip-crawl] [--keep]

Runs ``sci demo`` in a subprocess (a fresh data dir unless --keep) and prints:

- wall time of the whole command (Python start-up, world generation, Prefect's local server, both
  months, ranking);
- the plain baseline measured in the same run: the sum of the steps' own durations from the two run
  records (the work itself: parsing, geo-matching, crawling, scoring, report), i.e. the same work
  without any orchestration;
- the ratio wall / baseline, and the per-step-kind split of the baseline.

The target of issue 7 is a wall time under 120 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="default: a fresh temp dir")
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--keep", action="store_true", help="re-use the data dir (a re-run of the demo)")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="sci-bench-demo-")) / "demo"
    if data_dir.exists() and not args.keep:
        shutil.rmtree(data_dir)
    cmd = [sys.executable, "-m", "flows.cli", "demo", "--data-dir", str(data_dir)]
    if args.skip_crawl:
        cmd.append("--skip-crawl")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, env=dict(os.environ))
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n")
        print(f"sci demo failed with exit code {proc.returncode}")
        return 1
    records = [json.loads(p.read_text()) for p in sorted((data_dir / "runs").glob("*.json"))][-2:]
    by_kind: dict[str, float] = defaultdict(float)
    for record in records:
        for step in record["steps"]:
            by_kind[step["kind"]] += float(step.get("duration_s") or 0)
    work = sum(by_kind.values())
    flow_time = sum(float(r.get("duration_s") or 0) for r in records)
    print(
        f"sci demo{' --skip-crawl' if args.skip_crawl else ''}: wall {wall:.1f} s (target < 120 s on 2 cores)"
    )
    print(f"  two monthly-index runs (run records): {flow_time:.1f} s")
    print(f"  plain baseline, the steps' own work:  {work:.1f} s")
    for kind, seconds in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"    {kind:<10} {seconds:6.1f} s")
    print(f"  ratio wall / baseline: {wall / work:.2f}  (orchestration, Prefect's local server, start-up)")
    print(f"  cores: {os.cpu_count()}, data dir: {data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
