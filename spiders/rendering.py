"""Rendering pages in Chromium through scrapy-playwright: the download handler trawl installs.

A spider that renders installs the handler with
`custom_settings = {"DOWNLOAD_HANDLERS": BROWSER_HANDLERS}` (the project does not install it
for every crawl: it starts a Playwright driver per scheme, which cost the plain-HTTP
directory crawl a quarter of its pages/s). Only requests with `meta["playwright"] = True`
go to the browser; every other request is plain HTTP through Scrapy's own code, and a
crawl that renders nothing never launches Chromium. The browser is found when it is first
launched (not when settings are read), with `spiders.browser.find_chromium`: a spider that
cannot work without it calls `require_browser` when it starts, so a missing Chromium stops
the crawl before any request with BrowserNotFound's message naming the fix.

Settings (TRAWL_BROWSER_*, read into BrowserConfig):
- TRAWL_BROWSER_BLOCK_RESOURCES: resource types the browser does not fetch (default
  "image,font,media,stylesheet"; "" fetches everything). Playwright's types: document,
  stylesheet, image, media, font, script, texttrack, xhr, fetch, eventsource, websocket,
  manifest, other. A PLAYWRIGHT_ABORT_REQUEST of your own replaces this. Requests are
  aborted as scrapy-playwright routes them (a round trip to this process each); images,
  most of a page's requests, are also switched off inside Chromium (`launch_args`), so
  they are never requested at all.
- TRAWL_BROWSER_ACTION_TIMEOUT: seconds a spider waits for the page to react to a scroll
  or a click (default 15.0).
scrapy-playwright's own settings apply too; spiders/settings.py sets
PLAYWRIGHT_LAUNCH_OPTIONS (Chromium's flags, `spiders.browser.chromium_args`), the page and
context caps, and PLAYWRIGHT_BROWSER_PROVIDER = ChromiumProvider, which fills in
`executable_path`.

Stats: trawl/browser/pages_rendered; trawl/browser/seconds (wall-clock time with at least
one page at work: rendering, or being driven by a spider, see BrowserClock);
trawl/browser/requests_blocked; trawl/browser/pages_left_open (pages still open when the
spider closed: 0 unless pages leak).
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.provider import PlaywrightBrowserProvider

from spiders.browser import find_chromium

RESOURCE_TYPES = frozenset(
    ("document", "stylesheet", "image", "media", "font", "script", "texttrack", "xhr", "fetch",
     "eventsource", "websocket", "manifest", "other")
)  # fmt: skip
DEFAULT_BLOCKED = ("image", "font", "media", "stylesheet")
IMAGES_OFF = "--blink-settings=imagesEnabled=false"
STATS_PREFIX = "trawl/browser/"
BROWSER_HANDLERS = {
    "http": "spiders.rendering.BrowserDownloadHandler",
    "https": "spiders.rendering.BrowserDownloadHandler",
}


@dataclass(frozen=True)
class BrowserConfig:
    """TRAWL_BROWSER_* settings, checked once."""

    blocked_resources: frozenset[str] = frozenset(DEFAULT_BLOCKED)
    action_timeout_s: float = 15.0

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> BrowserConfig:
        blocked = frozenset(
            kind.strip().lower()
            for kind in settings.getlist("TRAWL_BROWSER_BLOCK_RESOURCES", list(DEFAULT_BLOCKED))
            if kind.strip()
        )
        unknown = sorted(blocked - RESOURCE_TYPES)
        if unknown:
            raise ValueError(
                f"TRAWL_BROWSER_BLOCK_RESOURCES names unknown resource types {unknown}; "
                f"use a comma-separated list of {', '.join(sorted(RESOURCE_TYPES))}"
            )
        if "document" in blocked:
            raise ValueError(
                "TRAWL_BROWSER_BLOCK_RESOURCES must not block 'document': "
                "the browser could not load the pages themselves"
            )
        timeout = settings.getfloat("TRAWL_BROWSER_ACTION_TIMEOUT", 15.0)
        if timeout <= 0:
            raise ValueError(
                f"TRAWL_BROWSER_ACTION_TIMEOUT={timeout} must be a number of seconds above 0"
            )
        return cls(blocked_resources=blocked, action_timeout_s=timeout)

    @property
    def action_timeout_ms(self) -> float:
        return self.action_timeout_s * 1000


def launch_args(args: list[str], blocked: frozenset[str]) -> list[str]:
    """Chromium's flags plus, when images are blocked, the switch that stops the renderer
    from requesting them (cheaper than aborting each request on its way out)."""
    if "image" in blocked and IMAGES_OFF not in args:
        return [*args, IMAGES_OFF]
    return list(args)


class ResourceBlocker:
    """PLAYWRIGHT_ABORT_REQUEST's predicate: abort requests for the blocked resource types."""

    def __init__(self, blocked: frozenset[str]):
        self.blocked = blocked

    def __call__(self, request) -> bool:
        return self.blocks(request.resource_type)

    def blocks(self, resource_type: str) -> bool:
        return resource_type in self.blocked


def require_browser(settings: BaseSettings) -> str | None:
    """The Chromium a crawl will launch (None: it connects to a remote browser instead);
    raises BrowserNotFound, naming the fix, when there is none."""
    if settings.get("PLAYWRIGHT_CDP_URL") or settings.get("PLAYWRIGHT_CONNECT_URL"):
        return None
    configured = (settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS") or {}).get("executable_path")
    return configured or find_chromium()


def error_line(error: BaseException) -> str:
    """The first line of an error's message: Playwright's errors add a call log, and errors a
    page's script throws its stack, on the lines below."""
    return str(error).partition("\n")[0]


def retry_rendered(request: Request, spider, error: BaseException) -> Request | None:
    """The rendered request again, on a fresh page (None once RETRY_TIMES are used up).

    A busy machine can make a page miss its timeouts, and Scrapy's retry middleware does
    not retry Playwright's errors; a spider calls this where it sees them."""
    retry = get_retry_request(
        request, spider=spider, reason=type(error).__name__, give_up_log_level=logging.DEBUG
    )
    if retry is not None:
        retry.meta.pop("playwright_page", None)  # closed; scrapy-playwright opens a new one
    return retry


async def close_page(request: Request) -> None:
    """Close the Playwright page a request holds, if any, and take it out of the meta: for
    errbacks and retries, so none leaks and no retry reuses it (a page is tied to its
    context, and so to the proxy that context goes through)."""
    page = request.meta.pop("playwright_page", None)
    if page is not None and not page.is_closed():
        await page.close()


class BrowserClock:
    """How long a crawl kept the browser at work: wall-clock seconds with at least one page
    at work. Pages at work together count once, so this is comparable with the crawl's
    elapsed time (a sum over pages would count a page waiting for a free slot too)."""

    def __init__(self, stats):
        self.stats = stats
        self.pages_at_work = 0
        self.busy_since = 0.0

    @contextmanager
    def page_at_work(self) -> Iterator[None]:
        if self.pages_at_work == 0:
            self.busy_since = time.monotonic()
        self.pages_at_work += 1
        try:
            yield
        finally:
            self.pages_at_work -= 1
            if self.pages_at_work == 0:
                busy = time.monotonic() - self.busy_since
                self.stats.inc_value(STATS_PREFIX + "seconds", round(busy, 3))


_clocks: weakref.WeakKeyDictionary[Crawler, BrowserClock] = weakref.WeakKeyDictionary()


def browser_clock(crawler: Crawler) -> BrowserClock:
    """The crawl's one BrowserClock, shared by its download handlers and its spider."""
    if crawler not in _clocks:
        _clocks[crawler] = BrowserClock(crawler.stats)
    return _clocks[crawler]


class ChromiumProvider(PlaywrightBrowserProvider):
    """Playwright's browser provider, finding Chromium when the browser is first launched."""

    async def launch_browser(self):
        local = not (self.config.cdp_url or self.config.connect_url)
        options = self.config.launch_options
        chromium = self.config.browser_type_name == "chromium"
        if local and chromium and not options.get("executable_path"):
            self.config.launch_options = {**options, "executable_path": find_chromium()}
        return await super().launch_browser()


class FailedAttemptLog(logging.Filter):
    """scrapy-playwright logs every page it closes after a failure (a timeout through a slow
    proxy, say) as a WARNING with the library's own traceback. That is one attempt: the
    crawl retries the page (spiders.proxies) and logs an ERROR when it gives up, as Scrapy's
    retries do. So the line becomes INFO, without the traceback (the line names the
    exception and its message). Left as it is when the crawl logs at DEBUG."""

    MESSAGE = "Closing page due to failed request"

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(self.MESSAGE):
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_failed_attempts(log_level: str | int) -> None:
    """Install FailedAttemptLog on scrapy-playwright's logger, once, unless `log_level` (the
    crawl's LOG_LEVEL) is DEBUG or lower, when it is taken off."""
    playwright_log = logging.getLogger("scrapy-playwright")
    level = logging.getLevelName(log_level) if isinstance(log_level, str) else log_level
    installed = [f for f in playwright_log.filters if isinstance(f, FailedAttemptLog)]
    if isinstance(level, int) and level <= logging.DEBUG:
        for found in installed:
            playwright_log.removeFilter(found)
    elif not installed:
        playwright_log.addFilter(FailedAttemptLog())


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler with trawl's resource blocking and browser stats, and a
    failed attempt at a page logged as one (FailedAttemptLog)."""

    lazy = False  # created with the crawler, so it starts Playwright at engine start

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        quiet_failed_attempts(crawler.settings.get("LOG_LEVEL", "DEBUG"))
        self.browser_config = BrowserConfig.from_settings(crawler.settings)
        if not crawler.settings.get("PLAYWRIGHT_ABORT_REQUEST"):
            blocked = self.browser_config.blocked_resources
            self.abort_request = ResourceBlocker(blocked) if blocked else None
            options = self.config.launch_options  # what the provider will launch with
            self.config.launch_options = {
                **options,
                "args": launch_args(options.get("args", []), blocked),
            }
        self.clock = browser_clock(crawler)
        self.open_pages_counted = 0  # this handler's share of pages_left_open
        # spider_idle comes just before a crawl closes, in time for the crawl report
        # (spiders.extensions.crawl_report), which reads the stats when the spider closes
        # and, being created first, hears spider_closed first; spider_closed then counts
        # again for the final stats
        crawler.signals.connect(self._count_open_pages, signal=signals.spider_idle)
        crawler.signals.connect(self._count_open_pages, signal=signals.spider_closed)

    async def download_request(self, request: Request, *args) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request, *args)
        with self.clock.page_at_work():
            try:
                return await super().download_request(request, *args)
            finally:
                self.stats.inc_value(STATS_PREFIX + "pages_rendered")

    def _count_open_pages(self) -> None:
        if self.stats.get_value("playwright/page_count") is None:
            return  # nothing was rendered
        # http and https each have a handler (and browser) of their own: each adds its share
        open_pages = sum(len(wrapper.context.pages) for wrapper in self.context_wrappers.values())
        self.stats.inc_value(STATS_PREFIX + "pages_left_open", open_pages - self.open_pages_counted)
        self.open_pages_counted = open_pages
        blocked = self.stats.get_value("playwright/request_count/aborted", 0)
        self.stats.set_value(STATS_PREFIX + "requests_blocked", blocked)
