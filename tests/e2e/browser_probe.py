"""A spider for tests: renders the first directory search page and its business pages in
Chromium, keeping each page open for the callback (`playwright_include_page`, as the maps
spider does) and closing it there, or in the errback when the request fails.

    scrapy runspider tests/e2e/browser_probe.py [-a plain=N] -O pages.jsonl

Yields each page's url, title and the browser context it was rendered in. With `plain=N` it
also fetches the search page N times over plain HTTP (`?copy=<n>`, which the sandbox
ignores; context None) just before it asks for the business pages, so the rendered
business pages reach the proxies while plain requests keep them busy.
"""

from __future__ import annotations

import scrapy

from spiders.extraction.directory import parse_search_page
from spiders.rendering import BROWSER_HANDLERS, close_page


class BrowserProbeSpider(scrapy.Spider):
    name = "browser_probe"
    custom_settings = {"DOWNLOAD_HANDLERS": BROWSER_HANDLERS}  # noqa: RUF012 - Scrapy reads it

    async def start(self):
        yield self.rendered(f"{self.settings['SANDBOX_URL']}/directory/search", self.parse_search)

    def parse_plain(self, response):
        yield {"url": response.url, "title": response.css("title::text").get(), "context": None}

    def rendered(self, url: str, callback) -> scrapy.Request:
        meta = {"playwright": True, "playwright_include_page": True}
        return scrapy.Request(url, callback=callback, errback=self.failed, meta=meta)

    async def parse_search(self, response):
        yield await self.page(response)
        for copy in range(int(getattr(self, "plain", 0))):
            # a URL of its own each: a shared frontier (REDIS_URL) keeps equal requests once
            yield scrapy.Request(response.urljoin(f"?copy={copy}"), callback=self.parse_plain)
        business_urls, _ = parse_search_page(response.text, response.url)
        for url in business_urls:
            yield self.rendered(url, self.parse_business)

    async def parse_business(self, response):
        yield await self.page(response)

    async def failed(self, failure):
        await close_page(failure.request)
        self.logger.error("%s failed: %s", failure.request.url, failure.value)

    @staticmethod
    async def page(response) -> dict:
        await response.meta["playwright_page"].close()
        return {
            "url": response.url,
            "title": response.css("title::text").get(),
            "context": response.meta.get("playwright_context"),
        }
