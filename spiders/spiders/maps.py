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
Stats: trawl/browser/places_opened, trawl/browser/place_fallbacks (clicks that failed and
were rendered on their own), trawl/browser/errors (searches or places lost, each logged),
and the browser stats of spiders.rendering; scrolling and clicking count as browser time
(trawl/browser/seconds).
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
        with browser_clock(self.crawler).page_at_work():
            try:
                async for item_or_request in self.read_places(page, response.url):
                    yield item_or_request
            except (PlaywrightError, FeedError) as error:
                self.crawler.stats.inc_value(STATS + "errors")
                self.logger.error("the search %s failed: %s", response.url, error)
            finally:
                await page.close()

    async def read_places(self, page, search_url: str):
        """Scroll the feed to its end, then open each place: LeadItems (or, for a place
        whose click failed, a request to render it on a page of its own)."""
        timeout = self.browser.action_timeout_ms
        for place_id in await scroll_feed(page, self.arguments.max_results, timeout):
            try:
                item = parse_place_panel(await open_place(page, place_id, timeout), search_url)
            except (PlaywrightError, UnknownLayout) as error:
                self.crawler.stats.inc_value(STATS + "place_fallbacks")
                self.logger.warning("opening %s in the feed failed (%s)", place_id, error)
                yield self.place_request(place_url(search_url, place_id))
                continue
            self.crawler.stats.inc_value(STATS + "places_opened")
            yield item

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
        self.crawler.stats.inc_value(STATS + "errors")
        self.logger.error("the search %s failed: %s", failure.request.url, failure.value)

    async def place_failed(self, failure):
        await close_page(failure.request)
        self.crawler.stats.inc_value(STATS + "errors")
        self.logger.error("the place %s could not be read: %s", failure.request.url, failure.value)
