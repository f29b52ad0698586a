"""The sandbox maps spider: a search per city in Chromium -> scroll the feed -> open each place.

    scrapy crawl maps [-a query=coffee] [-a near=Springfield[,Peoria]] [-a max_results=N] \\
        -O leads.jsonl

One rendered page per search: the spider scrolls its feed until the end-of-list marker
(or `max_results` places), then clicks each result in that same page and reads the details
panel (spiders/maps_app.py). Clicking costs one small fetch in a page already loaded;
rendering /maps/place/<id> in a page of its own costs a whole page load, so that is only
the fallback for a place whose click failed. Pages are closed on every path: the feed's
in a `finally`, a failed request's in its errback, the fallback's by scrapy-playwright.

Needs Chromium: the spider stops before any request, saying how to install one, if there
is none (spiders.rendering.require_browser).
Settings: SANDBOX_URL (from TRAWL_SANDBOX_URL), TRAWL_BROWSER_* (see spiders.rendering);
the spider installs scrapy-playwright's download handler for itself (custom_settings).
A search whose page or feed fails (a timeout on a busy machine), or a place page that
fails, is tried again, RETRY_TIMES at most (spiders.rendering.retry_rendered).
Stats: trawl/browser/places_opened, trawl/browser/place_fallbacks (clicks that failed and
were rendered on their own), trawl/browser/errors (searches or places given up on, each
logged), and the browser stats of spiders.rendering; scrolling and clicking count as
browser time (trawl/browser/seconds).
"""

from __future__ import annotations

from urllib.parse import urlencode

import scrapy
from playwright.async_api import Error as PlaywrightError
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from spiders.arguments import MapsArguments, parse_arguments
from spiders.extraction.maps import (
    FEED_SETTLED,
    PANEL_LOADED,
    parse_place_panel,
    place_url,
)
from spiders.extraction.markup import UnknownLayout
from spiders.maps_app import FeedError, open_place, scroll_feed
from spiders.rendering import (
    BROWSER_HANDLERS,
    BrowserConfig,
    browser_clock,
    close_page,
    require_browser,
    retry_rendered,
)

STATS = "trawl/browser/"


class MapsSpider(scrapy.Spider):
    name = "maps"
    custom_settings = {"DOWNLOAD_HANDLERS": BROWSER_HANDLERS}  # noqa: RUF012 - Scrapy reads it

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(MapsArguments, self.name, kwargs)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        require_browser(crawler.settings)  # BrowserNotFound, naming the fix, before any request
        spider.browser = BrowserConfig.from_settings(crawler.settings)
        return spider

    async def start(self):
        base = self.settings["SANDBOX_URL"]
        timeout = self.browser.action_timeout_ms
        for city in self.arguments.cities():
            query = urlencode({"q": self.arguments.query, "near": city})
            yield scrapy.Request(
                f"{base}/maps?{query}",
                callback=self.parse_feed,
                errback=self.search_failed,
                meta={
                    "playwright": True,
                    "playwright_include_page": True,  # the callback scrolls and clicks in it
                    "playwright_page_methods": [
                        PageMethod("wait_for_selector", FEED_SETTLED, timeout=timeout)
                    ],
                },
            )

    async def parse_feed(self, response: Response):
        page = response.meta["playwright_page"]
        timeout = self.browser.action_timeout_ms
        with browser_clock(self.crawler).page_at_work():
            try:
                try:
                    place_ids = await scroll_feed(page, self.arguments.max_results, timeout)
                except (PlaywrightError, FeedError) as error:
                    # nothing was yielded yet: the whole search can be tried again
                    if retry := self.retry_or_give_up(response.request, error, "the search"):
                        yield retry
                    return
                for place_id in place_ids:
                    yield await self.open_place(page, place_id, response.url)
            finally:
                await page.close()

    async def open_place(self, page, place_id: str, search_url: str):
        """The place's LeadItem, read from the panel its click opens; or, when the click
        fails, a request to render the place on a page of its own."""
        try:
            panel = await open_place(page, place_id, self.browser.action_timeout_ms)
            item = parse_place_panel(panel, search_url)
        except (PlaywrightError, UnknownLayout) as error:
            self.crawler.stats.inc_value(STATS + "place_fallbacks")
            self.logger.warning("opening %s in the feed failed (%s)", place_id, error)
            return self.place_request(place_url(search_url, place_id))
        self.crawler.stats.inc_value(STATS + "places_opened")
        return item

    def place_request(self, url: str) -> scrapy.Request:
        """A place rendered on a page of its own, read once its panel has loaded."""
        return scrapy.Request(
            url,
            callback=self.parse_place,
            errback=self.place_failed,
            meta={
                "playwright": True,
                "playwright_page_methods": [
                    PageMethod(
                        "wait_for_selector", PANEL_LOADED, timeout=self.browser.action_timeout_ms
                    )
                ],
            },
        )

    def parse_place(self, response: Response):
        try:
            yield parse_place_panel(response.text, response.url)
        except UnknownLayout as error:
            self.crawler.stats.inc_value(STATS + "errors")
            self.logger.error("%s", error)
        else:
            self.crawler.stats.inc_value(STATS + "places_opened")

    async def search_failed(self, failure):
        await close_page(failure.request)
        if retry := self.retry_or_give_up(failure.request, failure.value, "the search"):
            yield retry

    async def place_failed(self, failure):
        await close_page(failure.request)
        if retry := self.retry_or_give_up(failure.request, failure.value, "the place"):
            yield retry

    def retry_or_give_up(self, request, error, what: str) -> scrapy.Request | None:
        """The request again (RETRY_TIMES at most); once given up on, counted and logged."""
        retry = retry_rendered(request, self, error)
        if retry is None:
            self.crawler.stats.inc_value(STATS + "errors")
            self.logger.error("%s %s failed: %s", what, request.url, error)
        return retry
