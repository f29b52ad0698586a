"""The generic products spider: any shop's listings and product pages -> ProductItems.

    scrapy crawl products -a start_urls=https://shop.example/c/lamps[,<url>...] -O products.jsonl
    scrapy crawl products -a sitemap=https://shop.example/sitemap.xml -a max_pages=500 \\
        -a source=shop-example -O products.jsonl

What it fetches is spiders.generic_spider's (start URLs or a sitemap, pagination and
content links, on the same site, within max_pages, robots.txt obeyed). A page about one
product (spiders.extraction.generic.recognition.is_product_page) gives a ProductItem whose
source_id is the page's canonical URL; a listing gives no item itself (its product pages
do) but counts as worth reading, so its links are followed.

Rendering when needed: every page is fetched over plain HTTP; a product page whose price a
script shows (`price_left_to_script`: the product is there, its price is not, the page has
scripts) is fetched again rendered in Chromium and read once the page's network has
settled (at most TRAWL_BROWSER_ACTION_TIMEOUT). Without Chromium such pages are stored
without a price, and a warning says how to install one.

Settings: TRAWL_BROWSER_* (see spiders.rendering); the spider installs the browser's download
handler (spiders.rendering.BROWSER_HANDLERS) for itself.
Stats: trawl/generic/* (see spiders.generic_spider), trawl/generic/product_pages,
trawl/generic/listing_pages;
trawl/browser/fallback_pages (product pages rendered), trawl/browser/still_missing
(rendered and still without a price), trawl/browser/errors (renders that failed: the page
is stored as read over HTTP), trawl/browser/unavailable (pages that needed a browser when
there was none).
"""

from __future__ import annotations

import scrapy
from playwright.async_api import Error as PlaywrightError
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from pipelines.normalize import canonical_url
from spiders.browser import BrowserNotFound
from spiders.extraction.generic import Page, product_from_page, to_product_item
from spiders.extraction.generic.product import ProductExtraction
from spiders.extraction.generic.recognition import (
    is_product_listing,
    is_product_page,
    price_left_to_script,
)
from spiders.generic_spider import STATS, GenericSpider, PageReading
from spiders.items import ProductItem
from spiders.rendering import BROWSER_HANDLERS, BrowserConfig, close_page, require_browser

BROWSER_STATS = "trawl/browser/"


class ProductsSpider(GenericSpider):
    name = "products"
    custom_settings = {"DOWNLOAD_HANDLERS": BROWSER_HANDLERS}  # noqa: RUF012 - Scrapy reads it

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.browser = BrowserConfig.from_settings(crawler.settings)
        spider.no_browser = None  # why pages cannot be rendered, when they cannot
        try:
            require_browser(crawler.settings)
        except BrowserNotFound as error:
            spider.no_browser = str(error)
        return spider

    def read_page(self, page: Page, response: Response) -> PageReading:
        product = product_from_page(page)
        if not is_product_page(page, product):
            listing = is_product_listing(page)
            if listing:
                self.crawler.stats.inc_value(STATS + "listing_pages")
            return PageReading(worth_reading=listing)
        self.crawler.stats.inc_value(STATS + "product_pages")
        item = self.product_item(page, product)
        if not price_left_to_script(page, product):
            return PageReading(items=[item], worth_reading=True)
        if self.no_browser:
            if not self.crawler.stats.get_value(BROWSER_STATS + "unavailable"):
                self.logger.warning(
                    "%s shows its price only in a browser, and %s; such pages are stored "
                    "without a price",
                    page.url,
                    self.no_browser,
                )
            self.crawler.stats.inc_value(BROWSER_STATS + "unavailable")
            return PageReading(items=[item], worth_reading=True)
        self.crawler.stats.inc_value(BROWSER_STATS + "fallback_pages")
        return PageReading(worth_reading=True, requests=[self.render_request(page.url, item)])

    def product_item(self, page: Page, product: ProductExtraction) -> ProductItem:
        source_id = canonical_url(page.canonical_url or page.url) or page.url
        return to_product_item(product, self.source, source_id)

    def render_request(self, url: str, read_over_http: ProductItem) -> scrapy.Request:
        """The product page again, rendered in Chromium, read once its network settles."""
        return scrapy.Request(
            url,
            callback=self.parse_rendered,
            errback=self.render_failed,
            dont_filter=True,  # the same URL as the plain fetch
            meta={
                "playwright": True,
                "playwright_page_methods": [
                    PageMethod(settle, timeout_ms=self.browser.action_timeout_ms)
                ],
                "read_over_http": read_over_http,
            },
        )

    def parse_rendered(self, response: Response):
        read_over_http: ProductItem = response.meta["read_over_http"]
        if "playwright" not in response.flags:  # fetched over plain HTTP again
            self.crawler.stats.inc_value(BROWSER_STATS + "errors")
            self.logger.error(
                "%s was not rendered: DOWNLOAD_HANDLERS lacks spiders.rendering's "
                "BrowserDownloadHandler (a -s DOWNLOAD_HANDLERS=... replaced it?); "
                "stored as read over HTTP, without a price",
                response.url,
            )
            yield from self.new_items([read_over_http])
            return
        page = Page.parse(response.text, response.url)
        product = product_from_page(page)
        if not product.name:  # the rendered page says less than the plain one did
            product_item = read_over_http
        else:
            product_item = to_product_item(product, self.source, read_over_http.source_id)
        product_item.raw["rendered"] = True
        if product_item.price is None:
            self.crawler.stats.inc_value(BROWSER_STATS + "still_missing")
            self.logger.warning("%s shows no price even rendered", response.url)
        yield from self.new_items([product_item])

    async def render_failed(self, failure):
        """Store the page as read over HTTP: a failed render loses nothing it had."""
        await close_page(failure.request)
        self.crawler.stats.inc_value(BROWSER_STATS + "errors")
        self.logger.error(
            "rendering %s failed (%s); stored as read over HTTP, without a price",
            failure.request.url,
            failure.value,
        )
        for item in self.new_items([failure.request.meta["read_over_http"]]):
            yield item


async def settle(page, timeout_ms: float) -> None:
    """Wait until the page has made no requests for half a second (its scripts have fetched
    what they show), or `timeout_ms` has passed: a page that never goes quiet (polling,
    analytics) is read as it is then."""
    try:
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except PlaywrightError:
        pass
