"""Scrapy settings for trawl: the one settings module, environment -> settings.

Environment:
- TRAWL_SANDBOX_URL: the sandbox's base URL (default "http://127.0.0.1:8700"), read as the
  SANDBOX_URL setting by the sandbox spiders (directory, maps, marketplace).
- TRAWL_CHROMIUM_PATH: the Chromium to drive (see spiders.browser); looked up when a crawl
  first needs the browser, so crawls that render nothing work without one.
- TRAWL_SITES_VIA: a sandbox URL that serves the business websites the contacts spider
  crawls (default "": the real sites; see spiders.sites_via).
- PROXY_URLS, PROXY_FILE: proxies to rotate through (default none: the crawl goes direct),
  read as the settings of the same names (see spiders.proxies.config).

Browser pages (spiders.rendering): spiders that render (maps, marketplace) install
scrapy-playwright's handler for http and https themselves (`BROWSER_HANDLERS` in their
custom_settings); only their requests with meta["playwright"]=True go to Chromium.
TRAWL_BROWSER_BLOCK_RESOURCES (default image,font,media,stylesheet) and
TRAWL_BROWSER_ACTION_TIMEOUT (seconds, 15) tune it.

Override anything per crawl with `-s NAME=value`, e.g. `-s ITEM_PIPELINES={}` to crawl
without the database.
"""

from __future__ import annotations

import os

import scrapy.settings.default_settings as scrapy_defaults

from spiders.browser import chromium_args, running_as_root

BOT_NAME = "trawl"
SPIDER_MODULES = ["spiders.spiders"]
NEWSPIDER_MODULE = "spiders.spiders"
USER_AGENT = "trawl/0.1 (+local crawler)"

SANDBOX_URL = os.environ.get("TRAWL_SANDBOX_URL", "http://127.0.0.1:8700").rstrip("/")

ITEM_PIPELINES = {
    "pipelines.validation.ValidationPipeline": 100,
    "pipelines.normalization.NormalizationPipeline": 200,
    "pipelines.writer.PostgresWriterPipeline": 300,
}
# the same pipelines, walked with less work per item (pipelines/item_processor.py)
ITEM_PROCESSOR = "pipelines.item_processor.ItemProcessor"

# robots.txt is obeyed by default. A spider that may ignore it says so itself
# (custom_settings = {"ROBOTSTXT_OBEY": False}); one crawl can with -s ROBOTSTXT_OBEY=False.
ROBOTSTXT_OBEY = True

# The sandbox is one local host: Scrapy's default cap of 8 requests per domain would
# throttle the whole crawl, so the per-domain cap matches the global one.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 32
DOWNLOAD_DELAY = 0
# With the asyncio reactor Scrapy starts CONCURRENT_ITEMS worker tasks for every callback's
# output (scrapy/scrapy#5182); at the default 100 that task churn cost a third of the crawl's
# CPU here. Our callbacks yield at most ~25 items/requests per response, and an item waits
# in the pipelines only when it fills the writer's batch; at 4 rather than 16 the
# marketplace crawl used about 9% less CPU per page (bench/peer.py's crawl, alternated), and
# 1 (one worker task, items of one response through the pipelines in turn) trims it further.
CONCURRENT_ITEMS = 1

# Per-request work trawl's crawls do not use (py-spy on the marketplace crawl, issue 9):
# - Scrapy re-reads a callback's source (inspect + ast) to warn about `return value` in a
#   generator whenever its weak cache misses, which bound methods make it do often (3% of
#   the crawl's CPU); tests/spiders/test_callbacks.py makes the same check once, in CI;
# - Scrapy 2.19's check, on every request a callback yields, that the spider did not copy
#   internal keys of response.meta into it (trawl's spiders build their meta afresh).
# (RefererMiddleware costs about 2% too, but the redirect middlewares rely on it.)
WARN_ON_GENERATOR_RETURN_VALUE = False
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None}
# Scrapy's stats collector checks every attribute read for a deprecated argument (2%):
# the same collector without that check (spiders/crawl_stats.py).
STATS_CLASS = "spiders.crawl_stats.CrawlStats"
# The DEBUG lines for every page and item are not built unless LOG_LEVEL=DEBUG (2%).
LOG_FORMATTER = "spiders.crawl_log.CrawlLogFormatter"
# HTTP through aiohttp (spiders/http_client.py), on uvloop's event loop under Twisted's
# asyncio reactor: together about 0.25 ms less CPU a page on the marketplace crawl. Spiders
# that render set DOWNLOAD_HANDLERS to scrapy-playwright's handler (see below).
DOWNLOAD_HANDLERS_BASE = {
    **scrapy_defaults.DOWNLOAD_HANDLERS_BASE,
    "http": "spiders.http_client.HttpDownloadHandler",
    "https": "spiders.http_client.HttpDownloadHandler",
}
ASYNCIO_EVENT_LOOP = "uvloop.Loop"

# Scrapy 2.19's remote-control extension starts an HTTP server that runs code sent to it and
# writes job files under ~/.local/state/scrapy; a crawler needs neither, nor the telnet console.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.telnet.TelnetConsole": None,
    # progress lines, and the crawl's figures to Dagster when a crawl asset launched it
    "spiders.extensions.crawl_report.CrawlReportExtension": 500,
    # Python's garbage collector at TRAWL_GC_THRESHOLD while the crawl runs (below)
    "spiders.extensions.crawl_gc.CrawlGcExtension": 0,
}
# At Python's threshold (700 objects) the collector ran every few pages and took 13-20% of the
# marketplace crawl's CPU, traversing short-lived objects that reference counting frees
# anyway; at 5,000 its first generation runs every 12-18 pages and all of it 3-5% (at 10,000
# a long crawl's memory grew faster: spiders/extensions/crawl_gc.py).
TRAWL_GC_THRESHOLD = 5_000

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

# Browser pages through scrapy-playwright (see spiders/rendering.py). Its handler is not
# installed here but by the spiders that render (custom_settings): installed for every
# crawl, it made the plain-HTTP directory crawl 0.73x as fast (it starts a Playwright
# driver per scheme at engine start; bench/browser.py measures it). `-s DOWNLOAD_HANDLERS=`
# with spiders.rendering.BROWSER_HANDLERS gives it to any spider.
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_BROWSER_PROVIDER = "spiders.rendering.ChromiumProvider"  # finds Chromium at launch
# TRAWL_CHROMIUM_NO_SANDBOX=1 (set in the Docker image): Chromium without its own sandbox, as
# it must run as root; in a container, Docker's seccomp profile denies the user namespaces
# that sandbox needs.
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "headless": True,
    "args": chromium_args(running_as_root() or os.environ.get("TRAWL_CHROMIUM_NO_SANDBOX") == "1"),
}
# Two cores render about 5-7 pages/s: more open pages only queue for the CPU and hold memory.
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_MAX_CONTEXTS = 8  # one context per proxy at most; each holds its own cache
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # ms
TRAWL_BROWSER_BLOCK_RESOURCES = ["image", "font", "media", "stylesheet"]
TRAWL_BROWSER_ACTION_TIMEOUT = 15.0

# Proxy rotation and ban handling (spiders/proxies/): off, and the crawl direct, unless
# proxies are given. PROXY_URLS: comma- or space-separated proxies (user:pass@host:port
# allowed); PROXY_FILE: a file of them, one a line. Other PROXY_* settings: see
# spiders/proxies/config.py.
PROXY_URLS = os.environ.get("PROXY_URLS", "")
# The contacts spider's business websites served by the sandbox at this URL (spiders/sites_via.py);
# empty: the real sites. Dagster's contacts_crawl and the tests set it.
TRAWL_SITES_VIA = os.environ.get("TRAWL_SITES_VIA", "")
PROXY_FILE = os.environ.get("PROXY_FILE", "")
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's offsite filter, which checks every request twice, skipped for spiders that
    # name no allowed_domains (every host is on site: spiders/offsite.py), at Scrapy's place
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "spiders.offsite.OffsiteMiddleware": 50,
    # TRAWL_SITES_VIA=<sandbox URL>: business websites are served by the sandbox (off unset);
    # after RobotsTxtMiddleware (100), so each business site's robots.txt is read
    "spiders.sites_via.SitesViaMiddleware": 120,
    # Scrapy's meta-refresh redirects, without scanning pages that cannot have one (2.6% of
    # the marketplace crawl's samples; spiders/meta_refresh.py); as Scrapy's did, it sees
    # responses after PageGuardMiddleware (580) has dropped binaries and corrected charsets
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "spiders.meta_refresh.MetaRefreshMiddleware": 579,
    # after RetryMiddleware (550) for responses, before HttpCompression (590) and
    # HttpProxyMiddleware (750), which turns user:pass@ into a Proxy-Authorization header
    "spiders.proxies.middleware.ProxyRotationMiddleware": 560,
    # binary files served as HTML are dropped and wrong charsets corrected, counted
    # (spiders/page_guard.py): after HttpCompression (590) has decompressed the body
    "spiders.page_guard.PageGuardMiddleware": 580,
    # counts the requests RedirectMiddleware (600) gives up on, which it only logs
    "spiders.page_guard.RedirectLimitMiddleware": 610,
}

# Hostile pages (sandbox --hostile shows them all): limits that end a bad download early.
# Scrapy's 180 s would let a page that never answers hold a download slot for 3 minutes.
DOWNLOAD_TIMEOUT = 30
# Lead and product pages are well under 1 MB; 4 MB and up is a trap or a file (Scrapy: 1 GB).
DOWNLOAD_MAXSIZE = 4 * 2**20
DOWNLOAD_WARNSIZE = 2**20
# Sites redirect once or twice; a longer chain is a loop (Scrapy follows 20).
REDIRECT_MAX_TIMES = 5

# The Postgres writer (pipelines/writer_config.py): where it spills rows while the database
# is down (default <TRAWL_DATA_DIR>/spill; `trawl db replay` reads the same variable).
TRAWL_WRITER_SPILL_DIR = os.environ.get("TRAWL_WRITER_SPILL_DIR", "")

# Scale-out (spiders/frontier/): with REDIS_URL set, the frontier — scrapy-redis's request
# queue and seen-request filter — lives in Redis, and every `scrapy crawl` process of the
# same crawl, on any machine, shares it. The scheduler is scrapy-redis's, subclassed to end
# the crawl only when the shared queue is empty and no process is busy, and to delete the
# run's keys when the last process leaves (so SCHEDULER_PERSIST: no process flushes alone).
# TRAWL_FRONTIER names the frontier (default: spider + arguments); TRAWL_FRONTIER_WORKERS
# the processes to wait for. Other TRAWL_FRONTIER_* settings: see spiders/frontier/config.py.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    SCHEDULER = "spiders.frontier.scheduler.SharedFrontierScheduler"
    DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"
    SCHEDULER_PERSIST = True

# The Postgres writer's batch (pipelines/writer_config.py; its own default is 500): each
# batch costs one transaction, a COPY into a staging table and one upsert, whatever its
# size. At 500 rows that fixed cost held the writer to 0.43 of plain COPY's rows/s, at
# 2,000 to 0.66 (bench/sink.py, measured side by side). A row still waits at most
# TRAWL_WRITER_FLUSH_SECONDS (2 s) in a partial batch.
TRAWL_WRITER_BATCH_SIZE = 2000
