"""The sandbox marketplace spider: categories -> listing pages -> product pages -> ProductItems.

    scrapy crawl marketplace [-a category=<slug>] [-a max_pages=N] -O products.jsonl

`max_pages` limits the listing pages followed in each category.
Settings: SANDBOX_URL (from TRAWL_SANDBOX_URL, see spiders.settings).
Stats: trawl/unparsed_pages counts product pages in no known layout (each is logged).
"""

from __future__ import annotations

import scrapy
from scrapy.http import Response

from spiders.arguments import MarketplaceArguments, parse_arguments
from spiders.extraction.marketplace import (
    parse_departments_page,
    parse_listing_page,
    parse_product_page,
)
from spiders.extraction.markup import UnknownLayout


class MarketplaceSpider(scrapy.Spider):
    name = "marketplace"

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(MarketplaceArguments, self.name, kwargs)

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
        if next_url and (max_pages is None or page_number < max_pages):
            yield self._listing_request(next_url, page_number + 1)

    def parse_product(self, response: Response):
        try:
            yield parse_product_page(response.text, response.url)
        except UnknownLayout as error:
            self.crawler.stats.inc_value("trawl/unparsed_pages")
            self.logger.error("%s", error)

    def _listing_request(self, url: str, page_number: int) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_listing, cb_kwargs={"page_number": page_number}
        )
