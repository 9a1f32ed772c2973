"""Benchmark: the full city-site crawl against a bare Scrapy spider on a generated 2,000-page site.

    uv run python bench/crawl.py [--pages 2000] [--concurrency 8] [--repeat 1]

A generated municipal site (``--pages`` HTML pages of 6-9 KB: navigation, ten links into a page graph,
a few keyword pages with a booking iframe, payment and open-data text, a robots.txt and a sitemap) is
served on 127.0.0.1 by a threaded HTTP server in this process. Two subprocesses crawl it in the same run,
with the same concurrency and no politeness delay (the per-host limits are the only difference from
production settings, so that the crawl's own cost is what is measured):

- ``bare``: a plain ``scrapy.Spider`` following every same-host ``<a href>`` (default middlewares,
  no HTTP cache, robots.txt not fetched) and doing nothing else;
- ``full``: ``python -m crawlers.run`` exactly as ``sci crawl`` starts it: network-safety and scope
  checks, robots.txt, sitemap, focus priorities, HTTP cache (RFC 2616, fresh cache dir), WARC of every
  exchange, the real detectors and page signals on every page, raw JSON-lines records, the open-data
  probes and the commit; the normalise step (decide, quality ordinals, parameter/evidence parquet) is
  timed separately.

Printed per run: pages, crawl seconds (spider open to close, from Scrapy's stats / the crawl summary),
pages/s, wall seconds of the subprocess (interpreter start-up included), peak RSS of the subprocess
(VmHWM reported by the child itself; the detector worker's peak separately), and the ratio full/bare of pages/s (target >= 0.6).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

TOPICS = (
    ("buergerservice", "Bürgerservice"),
    ("leistungen", "Dienstleistungen A-Z"),
    ("termine", "Termin vereinbaren"),
    ("bezahlen", "Gebühren bezahlen"),
    ("opendata", "Offene Daten"),
    ("stadtplan", "Stadtplan"),
    ("beteiligung", "Bürgerbeteiligung"),
    ("verkehr", "Verkehr und Parken"),
    ("aktuelles", "Aktuelles"),
    ("kultur", "Kultur"),
    ("wirtschaft", "Wirtschaft"),
    ("umwelt", "Umwelt"),
)
FILLER = (
    "Die Stadtverwaltung informiert über Öffnungszeiten, Zuständigkeiten und Ansprechpersonen. "
    "Bitte bringen Sie die erforderlichen Unterlagen mit. Weitere Informationen erhalten Sie im Rathaus. "
)


def page_path(i: int) -> str:
    return "/" if i == 0 else f"/{TOPICS[i % len(TOPICS)][0]}/seite-{i}.html"


def render_page(i: int, n: int, portal_origin: str) -> bytes:
    topic, label = TOPICS[i % len(TOPICS)]
    nav = "".join(
        f'<li><a href="/{t}/seite-{k + 1}.html">{lbl}</a></li>' for k, (t, lbl) in enumerate(TOPICS)
    )
    # a page graph: every page links the next ten pages (mod n), so all are reachable within a few hops
    links = "".join(
        f'<li><a href="{page_path((i * 7 + k) % n or 1)}">Seite {(i * 7 + k) % n}</a></li>'
        for k in range(1, 11)
    )
    special = ""
    if i % 97 == 3:
        special = f'<p>Termin im Bürgeramt online buchen:</p><iframe src="{portal_origin}/tevisweb/select2?md=1"></iframe>'
    elif i % 89 == 5:
        special = "<p>Gebühren können Sie online bezahlen mit ePayBL, Kreditkarte oder giropay.</p>"
    elif i % 83 == 7:
        special = (
            f'<p>Das <a href="{portal_origin}/opendata/">Open-Data-Portal</a> bietet 120 Datensätze.</p>'
        )
    body = FILLER * (8 + i % 5)
    html = (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{label} {i}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        '<header><form role="search" action="/suche"><input type="search" name="q"></form></header>'
        f"<nav><ul>{nav}</ul></nav><main><h1>{label} – Seite {i}</h1><p>{body}</p>{special}<ul>{links}</ul>"
        '</main><footer><a href="/barrierefreiheit/">Barrierefreiheit</a> <a href="/impressum/">Impressum</a>'
        '<a href="https://www.facebook.com/stadt">Facebook</a></footer></body></html>'
    )
    return html.encode("utf-8")


def build_site(n: int, origin: str, portal_origin: str) -> dict[str, tuple[str, bytes]]:
    routes = {page_path(i): ("text/html; charset=utf-8", render_page(i, n, portal_origin)) for i in range(n)}
    for extra in ("/barrierefreiheit/", "/impressum/"):
        routes[extra] = (
            "text/html; charset=utf-8",
            render_page(1, n, portal_origin).replace(b"Seite 1", b"Info"),
        )
    routes["/robots.txt"] = (
        "text/plain",
        f"User-agent: *\nDisallow: /intern/\nSitemap: {origin}/sitemap.xml\n".encode(),
    )
    locs = "".join(f"<url><loc>{origin}{page_path(i)}</loc></url>" for i in range(0, n, 10))
    routes["/sitemap.xml"] = (
        "application/xml",
        (
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        ).encode(),
    )
    return routes


def portal_routes() -> dict[str, tuple[str, bytes]]:
    status = {"success": True, "result": {"ckan_version": "2.10.4", "extensions": ["activity"]}}
    search = {
        "success": True,
        "result": {"count": 120, "facets": {"license_id": {"dl-by-de/2.0": 120}}, "results": []},
    }
    return {
        "/tevisweb/select2?md=1": (
            "text/html; charset=utf-8",
            b"<html><body>Termin Buergeramt</body></html>",
        ),
        "/opendata/": ("text/html; charset=utf-8", b"<html><body>Open Data</body></html>"),
        "/opendata/api/3/action/status_show": ("application/json", json.dumps(status).encode()),
        "/opendata/api/3/action/package_search": ("application/json", json.dumps(search).encode()),
    }


class Server:
    def __init__(self, routes: dict[str, tuple[str, bytes]] | None = None):
        self.routes = routes or {}
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                server.requests += 1
                found = server.routes.get(self.path) or server.routes.get(self.path.split("?", 1)[0])
                ctype, body = found or ("text/plain", b"not found")
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if found:
                    self.send_header("ETag", '"' + hashlib.sha1(body).hexdigest()[:12] + '"')
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


BARE_SPIDER = textwrap.dedent(
    """
    import json, sys, time
    from urllib.parse import urlsplit
    import scrapy
    from scrapy.crawler import CrawlerProcess

    start, out, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
    host = urlsplit(start).netloc
    stats = {}

    def peak_rss_kb():  # VmHWM: reset by exec (ru_maxrss would include the forking parent)
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            self.t0 = time.monotonic()  # as the full spider's summary: from start() to close
            yield scrapy.Request(start)

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if urlsplit(url).netloc == host:
                    yield scrapy.Request(url)

        def closed(self, reason):
            stats.update(self.crawler.stats.get_stats())
            stats["seconds"] = time.monotonic() - self.t0

    process = CrawlerProcess({"LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False,
                              "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
                              "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False})
    process.crawl(Bare)
    process.start()
    with open(out, "w") as fh:
        json.dump({"pages": stats.get("response_received_count", 0),
                   "seconds": stats["seconds"],
                   "max_rss_kb": peak_rss_kb()}, fh)
    """
)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_bare(start: str, concurrency: int, work: Path) -> dict:
    script, out = work / "bare_spider.py", work / "bare.json"
    script.write_text(BARE_SPIDER)
    t0 = time.monotonic()
    subprocess.run(
        [sys.executable, str(script), start, str(out), str(concurrency)], check=True, env=child_env()
    )
    result = json.loads(out.read_text())
    result["wall"] = time.monotonic() - t0
    return result


def run_full(
    start: str, concurrency: int, pages: int, work: Path, month: str = "2021-06", workers: int = 1
) -> dict:
    data_dir = work / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    job = {
        "city": {"ags": "09999999", "name": "Benchstadt", "website": start},
        "month": month,
        "data_dir": str(data_dir),
        "run_id": "bench",
        "settings": {
            "SCI_ALLOW_LOOPBACK": True,
            "SCI_MAX_PAGES": pages + 100,
            "SCI_MAX_DEPTH": 50,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "SCI_DETECT_WORKERS": workers,
        },
    }
    job_file = work / "job.json"
    job_file.write_text(json.dumps(job))
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "crawlers.run", "--job", str(job_file)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=PROJECT_ROOT,
    )
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        raise SystemExit(f"full crawl failed:\n{proc.stderr[-2000:]}")
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    summary = json.loads((data_dir / "crawl" / f"month={month}" / "09999999.summary.json").read_text())
    t1 = time.monotonic()
    from crawlers.normalise import normalise_month

    done = normalise_month(data_dir, month)
    normalise_seconds = time.monotonic() - t1
    warc = data_dir / "warc" / f"month={month}" / "09999999.warc.gz"
    return {
        "pages": summary["pages"],
        "seconds": summary["seconds"],
        "wall": wall,
        "max_rss_kb": outcome["max_rss_kb"],
        "worker_rss_kb": outcome.get("worker_max_rss_kb", 0),
        "status": summary["status"],
        "normalise_seconds": normalise_seconds,
        "rows": done.crawl_rows + done.probe_rows,
        "warc_mb": warc.stat().st_size / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="detector worker processes of the full crawl")
    args = parser.parse_args(argv)

    portal = Server(portal_routes())
    portal_origin = f"http://localhost:{portal.port}"
    city = Server()
    origin = f"http://127.0.0.1:{city.port}"
    city.routes = build_site(args.pages, origin, portal_origin)
    size_mb = sum(len(b) for _, b in city.routes.values()) / 1e6
    print(
        f"site: {args.pages} pages ({size_mb:.1f} MB) on {origin}; concurrency {args.concurrency}; "
        f"{os.cpu_count()} cores"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="sci-bench-crawl-") as tmp:
        work = Path(tmp)
        for rep in range(args.repeat):
            bare = run_bare(origin + "/", args.concurrency, work)
            full = run_full(origin + "/", args.concurrency, args.pages, work, workers=args.workers)
            b_rate, f_rate = bare["pages"] / bare["seconds"], full["pages"] / full["seconds"]
            rows.append((b_rate, f_rate))
            print(f"\nrun {rep + 1}")
            print(
                f"  bare : {bare['pages']:5d} pages in {bare['seconds']:6.2f} s crawl = {b_rate:6.1f} pages/s "
                f"(wall {bare['wall']:.1f} s), peak RSS {bare['max_rss_kb'] / 1024:.0f} MiB"
            )
            print(
                f"  full : {full['pages']:5d} pages in {full['seconds']:6.2f} s crawl = {f_rate:6.1f} pages/s "
                f"(wall {full['wall']:.1f} s incl. probes and commit), peak RSS {full['max_rss_kb'] / 1024:.0f} MiB "
                f"+ detector worker {full['worker_rss_kb'] / 1024:.0f} MiB, status {full['status']}, "
                f"WARC {full['warc_mb']:.1f} MB"
            )
            print(f"  normalise: {full['rows']} rows in {full['normalise_seconds']:.2f} s")
            print(f"  ratio full/bare pages/s: {f_rate / b_rate:.2f} (target >= 0.6)")
    city.stop()
    portal.stop()
    ratios = sorted(f / b for b, f in rows)
    print(
        f"\nratio full/bare over {len(ratios)} run(s): worst {ratios[0]:.2f}, best {ratios[-1]:.2f} (target >= 0.6)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
