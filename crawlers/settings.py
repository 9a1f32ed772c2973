"""Scrapy settings of the city-site crawl: polite, bounded and safe by default.

``crawlers.run`` loads this module and overrides per run (budgets, data dir, loopback for tests).
Settings prefixed ``SCI_`` are this project's own.
"""

from __future__ import annotations

BOT_NAME = "smartcity-index"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# An honest user agent with a contact URL, so a city's web team knows who is crawling and why.
USER_AGENT = (
    "smartcity-index/0.1 (+https://github.com/smartcity-index/smartcity-index; "
    "research crawler for the open Smart City Index; monthly, robots.txt obeyed)"
)
ROBOTSTXT_OBEY = True

# Politeness: at most 2 parallel requests per host, AutoThrottle adapts to the server's latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5
DOWNLOAD_DELAY_JITTER = 0.5

# Bounded fetches.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DNS_TIMEOUT = 20
RETRY_ENABLED = True
RETRY_TIMES = 1
REDIRECT_MAX_TIMES = 5
METAREFRESH_MAXDELAY = 5

# The DNS resolver refuses names that resolve to private, link-local, metadata (and, unless
# SCI_ALLOW_LOOPBACK, loopback) addresses; the check sees the address actually connected to.
TWISTED_DNS_RESOLVER = "crawlers.middlewares.SafeResolver"
# A proxy would resolve names itself, past our resolver check: off unless a deployment enables it.
HTTPPROXY_ENABLED = False

# HTTP cache with RFC 2616 semantics: a monthly re-crawl of an unchanged page sends If-None-Match /
# If-Modified-Since and costs a 304. HTTPCACHE_DIR is set per run under the data dir.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "crawlers.httpcache.RevalidatingPolicy"  # RFC 2616, without serving stale pages on 5xx
# One SQLite file per city (the directory is per city): six small files per response were too slow.
HTTPCACHE_STORAGE = "crawlers.httpcache.SqliteCacheStorage"
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]
# Every request asks for revalidation (max-age=0), so a cached page is never used unchecked: an unchanged
# page costs a conditional request answered by 304. Scrapy's RFC2616Policy returns early on a response's
# "no-cache" without setting If-None-Match/If-Modified-Since; since we always revalidate, "no-cache" is
# ignored on responses (it means "revalidate before use", which every request here does anyway).
HTTPCACHE_IGNORE_RESPONSE_CACHE_CONTROLS = ["no-cache"]
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "de,en;q=0.5",
    "Cache-Control": "max-age=0",
}

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt and the built-in offsite filter: nothing unsafe or off-scope is even scheduled.
    "crawlers.middlewares.NetSafetyMiddleware": 40,
    # The spider decides the scope itself (own registrable domains + one portal hop).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # robots.txt that times out = complete disallow (RFC 9309), not "crawl everything".
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.StrictRobotsTxtMiddleware": 100,
    # Above the HTTP cache (900) and decompression (590): sees raw bodies and the network's 304s.
    "crawlers.middlewares.WarcArchiveMiddleware": 950,
}
ITEM_PIPELINES = {"crawlers.pipelines.RawRecordPipeline": 300}

# Every request carries dont_filter; the spider keeps its own seen-set so that every scheduled URL
# ends in a callback or an errback (needed to know which links a budget left unvisited).
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.ScrapyPriorityQueue"

# No control ports on the crawling machine.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
COOKIES_ENABLED = True
LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# --- this project's settings (overridden by crawlers.run / sci crawl) --------------------------------
SCI_MAX_PAGES = 300  # pages (responses processed) per city
SCI_MAX_DEPTH = 6  # link depth from the homepage
SCI_MAX_BYTES = 100 * 1024 * 1024  # response bytes per city
SCI_MAX_SECONDS = 900  # wall-clock per city (CLOSESPIDER_TIMEOUT)
SCI_SITEMAP_MAX_URLS = 5000  # URLs taken from sitemaps per city
SCI_PORTAL_HOSTS: dict[str, str] = {}  # known portal hosts ("host[:port]" -> kind) besides portal_kind()
SCI_DETECTORS_MODULE = "crawlers.detectors"  # module with detect/decide/page_signals/portal_kind
SCI_DETECT_WORKERS = 1  # detector processes beside the crawl (0: detect inline in the reactor thread)
SCI_LOOPBACK_ONLY = False  # contact loopback hosts only (local test/demo worlds; set with SCI_ALLOW_LOOPBACK)
SCI_ALLOW_LOOPBACK = False  # tests and the demo serve sites on 127.0.0.1
SCI_WARC_PATH = None  # temp WARC file of this city's crawl
SCI_PAGES_PATH = None  # temp raw-record (JSON lines) file of this city's crawl
