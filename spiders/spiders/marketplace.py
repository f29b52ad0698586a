"""The sandbox marketplace spider: categories -> listing pages -> product pages -> ProductItems.

    scrapy crawl marketplace [-a category=<slug>] [-a max_pages=N] -O products.jsonl

`max_pages` limits the listing pages followed in each category.

Render only when needed: every page is fetched over plain HTTP; a product page that lacks a
required field there (its price or availability is shown by a script) is fetched again
rendered in Chromium, waiting until the price shows. Without Chromium such pages are
stored as read, and a warning says how to install one.

Settings: SANDBOX_URL (from TRAWL_SANDBOX_URL, see spiders.settings), TRAWL_BROWSER_* (see
spiders.rendering); the spider installs scrapy-playwright's download handler for itself
(custom_settings).
Stats: trawl/unparsed_pages counts product pages in no known layout (each is logged);
trawl/pagination/empty_pages listing pages that listed nothing yet linked a next page
(pagination stops there: see spiders.pagination);
trawl/browser/fallback_pages the product pages that needed the browser;
trawl/browser/still_missing rendered pages still lacking a required field;
trawl/browser/errors renders that failed, retries included (the page is stored as read
over HTTP);
trawl/browser/unavailable pages that needed a browser when there was none.
"""

from __future__ import annotations

import scrapy
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from spiders.arguments import MarketplaceArguments, parse_arguments
from spiders.browser import BrowserNotFound
from spiders.extraction.marketplace import (
    PRICE_SHOWN,
    missing_fields,
    parse_departments_page,
    parse_listing_page,
    parse_product_page,
)
from spiders.extraction.markup import UnknownLayout
from spiders.items import ProductItem
from spiders.pagination import stop_at_empty_page
from spiders.rendering import (
    BROWSER_HANDLERS,
    BrowserConfig,
    close_page,
    require_browser,
    retry_rendered,
)

STATS = "trawl/browser/"


class MarketplaceSpider(scrapy.Spider):
    name = "marketplace"
    custom_settings = {"DOWNLOAD_HANDLERS": BROWSER_HANDLERS}  # noqa: RUF012 - Scrapy reads it

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(MarketplaceArguments, self.name, kwargs)
        self.no_browser: str | None = None  # why pages cannot be rendered, when they cannot

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.browser = BrowserConfig.from_settings(crawler.settings)
        try:
            require_browser(crawler.settings)
        except BrowserNotFound as error:
            spider.no_browser = str(error)
        return spider

    async def start(self):
        base = self.settings["SANDBOX_URL"]
        if self.arguments.category:
            yield self._listing_request(f"{base}/market/c/{self.arguments.category}", 1)
        else:
            yield scrapy.Request(f"{base}/market/", callback=self.parse_departments)

    def parse_departments(self, response: Response):
        for url in parse_departments_page(response.text, response.url):
            yield self._listing_request(url, 1)

    def parse_listing(self, response: Response, page_number: int):
        product_urls, next_url = parse_listing_page(response.text, response.url)
        for url in product_urls:
            yield scrapy.Request(url, callback=self.parse_product)
        max_pages = self.arguments.max_pages
        if next_url and not product_urls:
            stop_at_empty_page(self, response)
        elif next_url and (max_pages is None or page_number < max_pages):
            yield self._listing_request(next_url, page_number + 1)

    def parse_product(self, response: Response):
        try:
            item = parse_product_page(response.text, response.url)
        except UnknownLayout as error:
            self.crawler.stats.inc_value("trawl/unparsed_pages")
            self.logger.error("%s", error)
            return
        missing = missing_fields(item)
        rendered = bool(response.meta.get("playwright"))
        if rendered:
            item.raw["rendered"] = True
        if not missing:
            yield item
        elif rendered:
            self.crawler.stats.inc_value(STATS + "still_missing")
            self.logger.warning("%s lacks %s even rendered", response.url, ", ".join(missing))
            yield item
        elif self.no_browser:
            if not self.crawler.stats.get_value(STATS + "unavailable"):
                self.logger.warning(
                    "%s shows its %s only in a browser, and %s; such pages are stored without them",
                    response.url,
                    ", ".join(missing),
                    self.no_browser,
                )
            self.crawler.stats.inc_value(STATS + "unavailable")
            yield item
        else:
            self.crawler.stats.inc_value(STATS + "fallback_pages")
            yield self._render_request(response.url, item)

    def _render_request(self, url: str, read_over_http: ProductItem) -> scrapy.Request:
        """The product page again, rendered in Chromium once its price shows."""
        wait = PageMethod("wait_for_selector", PRICE_SHOWN, timeout=self.browser.action_timeout_ms)
        return scrapy.Request(
            url,
            callback=self.parse_product,
            errback=self.render_failed,
            dont_filter=True,  # the same URL as the plain fetch
            meta={
                "playwright": True,
                "playwright_page_methods": [wait],
                "read_over_http": read_over_http,
            },
        )

    async def render_failed(self, failure):
        """Render the page again (RETRY_TIMES at most), then store it as read over HTTP:
        a failed render loses nothing the page had."""
        await close_page(failure.request)
        if retry := retry_rendered(failure.request, self, failure.value):
            yield retry
            return
        self.crawler.stats.inc_value(STATS + "errors")
        item = failure.request.meta["read_over_http"]
        self.logger.error(
            "rendering %s failed (%s); stored as read over HTTP, without %s",
            failure.request.url,
            failure.value,
            ", ".join(missing_fields(item)),
        )
        yield item

    def _listing_request(self, url: str, page_number: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_listing, cb_kwargs={"page_number": page_number}
        )
