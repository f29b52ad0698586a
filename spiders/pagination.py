"""Pagination that cannot run forever.

A listing page that lists nothing but still links a "next" page is the mark of a trap: an
endless calendar, a search that pages through empty results, a "next" that links itself.
The spiders stop paginating there, and say so in the stats. (A real listing ends with its
last non-empty page; an empty first page of a search is simply no results.)

Stats: trawl/pagination/empty_pages.
"""

from __future__ import annotations

from scrapy import Spider
from scrapy.http import Response

EMPTY_PAGES_STAT = "trawl/pagination/empty_pages"


def stop_at_empty_page(spider: Spider, response: Response) -> None:
    """Count and log a listing page that lists nothing yet links a next page."""
    spider.crawler.stats.inc_value(EMPTY_PAGES_STAT)
    spider.logger.warning(
        "%s lists nothing but links a next page (a calendar or pagination trap?): not following it",
        response.url,
    )
