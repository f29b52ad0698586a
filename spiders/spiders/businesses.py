"""The generic businesses spider: any directory's listings and business pages -> LeadItems.

    scrapy crawl businesses -a start_urls=https://directory.example/restaurants -O leads.jsonl
    scrapy crawl businesses -a sitemap=https://directory.example/sitemap.xml -a max_pages=500 \\
        -O leads.jsonl

What it fetches is spiders.generic_spider's (start URLs or a sitemap, pagination and
content links, on the same site, within max_pages, robots.txt obeyed). A page about one
business (spiders.extraction.generic.recognition.is_business_page) gives a LeadItem. Its
source_id is the page's canonical URL on a directory (a page about a business other than
the site's owner); on a business's own website, whose pages all describe the same business,
it is the site's home page, so the business is yielded once.

Settings: none of its own.
Stats: trawl/generic/* (see spiders.generic_spider), trawl/generic/business_pages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.http import Response

from pipelines.normalize import canonical_url
from spiders.extraction.generic import Page, business_from_page, to_lead_item
from spiders.extraction.generic.business import BusinessExtraction, is_directory_page
from spiders.extraction.generic.recognition import is_business_page
from spiders.generic_spider import STATS, GenericSpider, PageReading
from spiders.items import LeadItem


class BusinessesSpider(GenericSpider):
    name = "businesses"

    def read_page(self, page: Page, response: Response) -> PageReading:
        business = business_from_page(page)
        if not is_business_page(page, business):
            return PageReading()
        self.crawler.stats.inc_value(STATS + "business_pages")
        return PageReading(items=[self.lead_item(page, business)], worth_reading=True)

    def lead_item(self, page: Page, business: BusinessExtraction) -> LeadItem:
        if is_directory_page(page, business.name, business.website):
            source_id = canonical_url(page.canonical_url or page.url) or page.url
        else:
            home = urlsplit(page.url)
            source_id = f"{home.scheme}://{home.netloc.lower()}/"
        return to_lead_item(business, self.source, source_id)
