"""Benchmark: the crawl detectors on municipal pages against a bare lxml text extraction.

    uv run python bench/detect.py [--kb 200] [--text-kb 20] [--repeat 30] [--pages ../shared/pages-dev/pages.jsonl]

The pages are built from the real German page texts of pages-dev (paragraphs, a navigation with 150
links, a footer, scripts and styles) until they reach the requested size, so every keyword family has
topics to look at: a typical 200 KB page (20 KB of article text), a dense one (all text) and a small one
(8 KB, the size of the crawl benchmark's pages). Timed per call, in the same process and on the same string:

- ``detect cold``: ``crawlers.detectors.detect(Page(url, html))`` after ``clear_caches()`` - what a page
  the detectors have not seen costs (a crawl: every page is new);
- ``detect warm``: the same page again (the per-sentence cue caches hit);
- ``page_signals``: ``crawlers.detectors.page_signals(Page(url, html))``;
- ``baseline``: ``lxml.html.document_fromstring(html).text_content()`` - the least any detector must do.

Printed: best and median milliseconds per call, and the ratio detect cold/baseline of the medians. Also the
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

from crawlers.detectors import Page, clear_caches, decide, detect, page_signals  # noqa: E402


def build_page(texts: list[str], size: int, text_size: int | None = None) -> str:
    """A municipal page of ``size`` bytes: article blocks from ``texts`` (at most ``text_size`` bytes of
    them; None = fill the page with text), the rest a CMS's usual markup (mega menu, icons, scripts)."""
    text_size = size if text_size is None else text_size
    menu = "".join(
        f'<li class="nav-item level-2"><a class="nav-link" href="/bereich/{i}/unterseite">'
        f'<svg class="icon" viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z"/></svg>'
        f"<span>Menüpunkt {i}</span></a></li>"
        for i in range(150)
    )
    head = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width"><title>Stadt Musterstadt</title><style>'
        + ".c{margin:0}" * 200
        + "</style><script>"
        + "var a=1;" * 500
        + "</script></head><body>"
        f'<header><nav class="main-nav"><ul>{menu}</ul></nav><form role="search"><input name="q"></form>'
        "</header><main>"
    )
    tail = (
        '</main><footer><a href="/barrierefreiheit">Barrierefreiheit</a> '
        '<a href="https://www.facebook.com/musterstadt">Facebook</a></footer>'
        '<script type="application/json" id="cms-data">{}</script></body></html>'
    )
    parts, text_total, i = [], 0, 0
    while text_total < text_size and len(head) + len(tail) + sum(map(len, parts)) < size:
        text = texts[i % len(texts)]
        block = "".join(
            f'<div class="ce-text"><p class="bodytext">{p}</p></div>' for p in text.split("\n") if p.strip()
        )
        parts.append(f'<article class="news-item"><h2>Meldung {i}</h2>{block}</article>')
        text_total += len(text)
        i += 1
    filler_needed = size - len(head) - len(tail) - sum(map(len, parts))
    filler = (
        '<div class="teaser" data-id="x"><div class="teaser__image"><img src="/fileadmin/bild.jpg" '
        'alt="" loading="lazy"></div></div>'
    )
    parts.append(filler * max(0, filler_needed // len(filler)))
    return head + "".join(parts) + tail


def timed(fn: Callable[[], object], repeat: int, *, cold: bool = False) -> list[float]:
    fn()  # warm-up (regex compilation, imports)
    out = []
    for _ in range(repeat):
        if cold:
            clear_caches()
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kb", type=int, default=200, help="page size in KB")
    parser.add_argument("--text-kb", type=int, default=20, help="article text on the typical page, in KB")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--pages", type=Path, default=PROJECT_ROOT.parent / "shared" / "pages-dev" / "pages.jsonl"
    )
    args = parser.parse_args()
    records = [
        json.loads(line) for line in args.pages.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    texts = [r["text"] for r in records if r["labels"]]  # labelled pages: every family has topics to read
    url = "https://www.musterstadt.de/aktuelles/meldungen"
    pages = (
        (f"typical ({args.text_kb} KB text)", args.kb, args.text_kb),
        ("dense (all text)", args.kb, None),
        ("small (2 KB text, 150-link menu)", 8, 2),
    )
    for name, kb, text_kb in pages:
        html = build_page(texts, kb * 1024, None if text_kb is None else text_kb * 1024)
        page = Page(url=url, html=html)
        results = {
            "detect cold": timed(lambda page=page: detect(page), args.repeat, cold=True),
            "detect warm": timed(lambda page=page: detect(page), args.repeat),
            "page_signals": timed(lambda page=page: page_signals(page), args.repeat),
            "baseline": timed(
                lambda html=html: lxml.html.document_fromstring(html).text_content(), args.repeat
            ),
        }
        text_chars = len(lxml.html.document_fromstring(html).text_content())
        print(
            f"{name}: {len(html) / 1024:.0f} KB HTML, {text_chars / 1024:.0f} KB text, {len(detect(page))} detections"
        )
        for label, values in results.items():
            print(f"  {label:13s} best {min(values):7.2f} ms   median {statistics.median(values):7.2f} ms")
        ratio = statistics.median(results["detect cold"]) / statistics.median(results["baseline"])
        print(f"  ratio detect cold/baseline (medians): {ratio:.1f}x")
    clear_caches()
    t0 = time.perf_counter()
    for r in records:
        decide(detect(Page(url=r["url"], text=r["text"])))
    elapsed = time.perf_counter() - t0
    print(
        f"pages-dev: {len(records)} texts through detect+decide in {elapsed * 1000:.0f} ms "
        f"({elapsed * 1000 / len(records):.2f} ms per page)"
    )


if __name__ == "__main__":
    main()
