"""A spider for tests: renders the first directory search page and its business pages in
Chromium (meta playwright=True), yielding each page's title and the browser context used.

    scrapy runspider tests/e2e/browser_probe.py -O pages.jsonl
"""

from __future__ import annotations

import scrapy

from spiders.extraction.directory import parse_search_page

RENDERED = {"playwright": True}


class BrowserProbeSpider(scrapy.Spider):
    name = "browser_probe"

    async def start(self):
        url = f"{self.settings['SANDBOX_URL']}/directory/search"
        yield scrapy.Request(url, meta=RENDERED, callback=self.parse_search)

    def parse_search(self, response):
        yield self.page(response)
        business_urls, _ = parse_search_page(response.text, response.url)
        for url in business_urls:
            yield scrapy.Request(url, meta=RENDERED, callback=self.parse_business)

    def parse_business(self, response):
        yield self.page(response)

    @staticmethod
    def page(response) -> dict:
        return {
            "url": response.url,
            "title": response.css("title::text").get(),
            "context": response.meta.get("playwright_context"),
        }
