"""``python -m tests.reliability.crawl_job SPEC.json``: one ``run_crawl`` in a process of its own.

The reliability tests measure the crawl's memory as the peak resident size of this process's children
(``getrusage(RUSAGE_CHILDREN)``: the per-city crawl subprocesses and their detector workers), which a
test process that has started other programs before could not tell apart. Prints one JSON line: the
CrawlResult summary and ``peak_rss_kb``.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    from flows.steps.crawl import run_crawl
    from normalize.cities import City

    cities = [City(**c) for c in spec["cities"]]
    result = run_crawl(cities, **spec["kwargs"])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"result": result.summary(), "peak_rss_kb": peak}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
