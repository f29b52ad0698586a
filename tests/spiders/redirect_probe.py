"""A spider for tests: follows every link of REDIRECT_PROBE_START_URL and yields the URL
each one ended at (the links redirect).

    scrapy runspider tests/spiders/redirect_probe.py -s REDIRECT_PROBE_START_URL=... -O out.jsonl
"""

from __future__ import annotations

import scrapy


class RedirectProbeSpider(scrapy.Spider):
    name = "redirect_probe"

    async def start(self):
        yield scrapy.Request(self.settings["REDIRECT_PROBE_START_URL"], callback=self.parse_links)

    def parse_links(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_page)

    def parse_page(self, response):
        yield {"url": response.url}
