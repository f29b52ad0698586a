"""The sandbox business directory spider: search result pages -> business pages -> LeadItems.

    scrapy crawl directory [-a category=<slug>] [-a city=<slug>] [-a max_pages=N] -O leads.jsonl

Settings: SANDBOX_URL (from TRAWL_SANDBOX_URL, see spiders.settings).
Stats: trawl/unparsed_pages counts business pages in no known layout (each is logged);
trawl/pagination/empty_pages the result pages that listed nothing yet linked a next page
(pagination stops there: see spiders.pagination).
"""

from __future__ import annotations

from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from spiders.arguments import DirectoryArguments, parse_arguments
from spiders.extraction.directory import parse_business_page, parse_search_page
from spiders.extraction.markup import UnknownLayout
from spiders.pagination import stop_at_empty_page


class DirectorySpider(scrapy.Spider):
    name = "directory"

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(DirectoryArguments, self.name, kwargs)

    async def start(self):
        filters = {"category": self.arguments.category, "city": self.arguments.city}
        query = urlencode({name: value for name, value in filters.items() if value})
        url = f"{self.settings['SANDBOX_URL']}/directory/search" + (f"?{query}" if query else "")
        yield scrapy.Request(url, callback=self.parse_search, cb_kwargs={"page_number": 1})

    def parse_search(self, response: Response, page_number: int):
        business_urls, next_url = parse_search_page(response.text, response.url)
        for url in business_urls:
            yield scrapy.Request(url, callback=self.parse_business)
        max_pages = self.arguments.max_pages
        if next_url and not business_urls:
            stop_at_empty_page(self, response)
        elif next_url and (max_pages is None or page_number < max_pages):
            yield scrapy.Request(
                next_url, callback=self.parse_search, cb_kwargs={"page_number": page_number + 1}
            )

    def parse_business(self, response: Response):
        try:
            yield parse_business_page(response.text, response.url)
        except UnknownLayout as error:
            self.crawler.stats.inc_value("trawl/unparsed_pages")
            self.logger.error("%s", error)
