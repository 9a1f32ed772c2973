"""Benchmark: the crawl detectors on a 200 KB municipal page against a bare lxml text extraction.

    uv run python bench/detect.py [--kb 200] [--repeat 30] [--pages ../shared/pages-dev/pages.jsonl]

The page is built from the real German page texts of pages-dev (paragraphs, a navigation with 150
links, a footer, scripts and styles) until it reaches the requested size, so every keyword family has
topics to look at. Timed per call, in the same process and on the same string:

- ``detect``: ``crawlers.detectors.detect(Page(url, html))`` - parsing, text and sentences, all vendor
  signatures and keyword families;
- ``page_signals``: ``crawlers.detectors.page_signals(Page(url, html))``;
- ``baseline``: ``lxml.html.document_fromstring(html).text_content()`` - the least any detector must do.

Printed: best and median milliseconds per call, and the ratio detect/baseline of the medians. Also the
whole pages-dev set (87 texts) through detect + decide.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from crawlers.detectors import Page, decide, detect, page_signals  # noqa: E402


def build_page(texts: list[str], size: int) -> str:
    nav = "".join(f'<li><a href="/bereich/{i}">Menüpunkt {i}</a></li>' for i in range(150))
    head = ('<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width"><title>Stadt Musterstadt</title><style>' + "p{margin:0}" * 200 +
            "</style><script>" + "var a=1;" * 500 + "</script></head><body>"
            f'<header><nav><ul>{nav}</ul></nav><form role="search"><input name="q"></form></header><main>')
    tail = ('</main><footer><a href="/barrierefreiheit">Barrierefreiheit</a> '
            '<a href="https://www.facebook.com/musterstadt">Facebook</a></footer></body></html>')
    parts, total, i = [], len(head) + len(tail), 0
    while total < size:
        text = texts[i % len(texts)]
        block = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
        parts.append(f"<article><h2>Meldung {i}</h2>{block}</article>")
        total += len(parts[-1])
        i += 1
    return head + "".join(parts) + tail


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up (regex caches, imports)
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pages", type=Path, default=PROJECT_ROOT.parent / "shared" / "pages-dev" / "pages.jsonl")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.pages.read_text(encoding="utf-8").splitlines() if line.strip()]
    html = build_page([r["text"] for r in records], args.kb * 1024)
    url = "https://www.musterstadt.de/aktuelles/meldungen"
    page = Page(url=url, html=html)
    results = {
        "detect": timed(lambda: detect(page), args.repeat),
        "page_signals": timed(lambda: page_signals(page), args.repeat),
        "baseline": timed(lambda: lxml.html.document_fromstring(html).text_content(), args.repeat),
    }
    print(f"page: {len(html) / 1024:.0f} KB HTML, {len(detect(page))} detections")
    for name, values in results.items():
        print(f"{name:13s} best {min(values):7.2f} ms   median {statistics.median(values):7.2f} ms")
    ratio = statistics.median(results["detect"]) / statistics.median(results["baseline"])
    print(f"ratio detect/baseline (medians): {ratio:.1f}x")
    t0 = time.perf_counter()
    for r in records:
        decide(detect(Page(url=r["url"], text=r["text"])))
    elapsed = time.perf_counter() - t0
    print(f"pages-dev: {len(records)} texts through detect+decide in {elapsed * 1000:.0f} ms "
          f"({elapsed * 1000 / len(records):.2f} ms per page)")


if __name__ == "__main__":
    main()
