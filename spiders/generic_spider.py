"""What the generic spiders (`products`, `businesses`) share: where to start, what to follow.

    scrapy crawl products -a start_urls=https://shop.example/ [-a max_pages=N] -O out.jsonl
    scrapy crawl businesses -a sitemap=https://directory.example/sitemap.xml -O out.jsonl

A crawl starts from its start URLs, or from every page a sitemap (or a sitemap index, or a
robots.txt naming sitemaps) lists. Each page is read once (`spiders.extraction.generic`)
by the subclass's `read_page`, which gives its items and says whether the page was worth
reading (items, or a listing of them). Its links then go to the crawl's frontier
(spiders.generic_crawl.Frontier): each link once, only on the start URLs' sites
(`allowed_domains`, from CrawlScope), never to sign-in, cart or file links, not more than
MAX_BARREN_HOPS pages past a page worth reading. A page's content links rank above its
next page, and that above its menus; links from pages worth reading above the others.
Once a page has given an item, links shaped like its URL rank first (Frontier.learn). The
spider takes links from the frontier a few at a time, as pages come back (as many as
CONCURRENT_REQUESTS allows, fewer under a small budget), so it goes deep where pages give
items before it goes wide, and fetches `max_pages` pages at most (a page robots.txt
forbids counts: it was taken). robots.txt is obeyed (ROBOTSTXT_OBEY, on in
spiders/settings.py). An item's source is `-a source=...` or the site's registered domain;
the same source_id is yielded once.

Settings: CONCURRENT_REQUESTS (pages in flight at most); TRAWL_BROWSER_* apply to rendered
pages (see spiders.rendering).
Stats (trawl/generic/): pages_read, items, repeated_items (an item already yielded from
another page), not_html, page_errors (pages not fetched: download errors, robots.txt),
links_offsite, links_not_content, links_too_far, links_over_budget (known links left
unfetched when the budget ran out), sitemaps_read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse

from spiders.arguments import GenericCrawlArguments, parse_arguments
from spiders.extraction.generic import Page
from spiders.extraction.generic.links import links_on_page
from spiders.generic_crawl import (
    TOO_FAR,
    CrawlScope,
    Frontier,
    is_non_content,
    read_sitemap,
    source_name,
)

STATS = "trawl/generic/"
# link priorities: a page's content, then its next page, then its menus; each 5 less per
# page without items on the way (a next page keeps its listing's hops, but not its rank:
# the items a page lists come before more pages of the listing)
_PRIORITY = {"content": 10, "next_pages": 9, "navigation": 0}
_HOP_PENALTY = 5
_START_PRIORITY = 100


@dataclass
class PageReading:
    """What a subclass read on one page."""

    items: list[Any] = field(default_factory=list)
    worth_reading: bool = False  # items, or a listing of them: its links lead somewhere
    requests: list[scrapy.Request] = field(default_factory=list)  # e.g. a page to render


class GenericSpider(scrapy.Spider):
    """Crawls a site from start URLs or a sitemap; subclasses say what a page gives."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(GenericCrawlArguments, self.name, kwargs)
        seeds = self.arguments.urls() or [self.arguments.sitemap]
        self.scope = CrawlScope.from_urls(seeds)
        self.allowed_domains = list(self.scope.domains)
        self.source = self.arguments.source or source_name(seeds[0])
        self.frontier = Frontier(max_pages=self.arguments.max_pages)
        self.yielded: set[str] = set()
        self.in_flight = 0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        concurrency = max(1, crawler.settings.getint("CONCURRENT_REQUESTS", 16))
        budget = spider.arguments.max_pages
        # under a small budget, a few pages at a time: each answer reorders the frontier
        spider.window = concurrency if budget is None else max(1, min(concurrency, budget // 4))
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    def read_page(self, page: Page, response: Response) -> PageReading:
        raise NotImplementedError

    async def start(self):
        if self.arguments.sitemap:
            yield scrapy.Request(self.arguments.sitemap, callback=self.parse_sitemap)
        for url in self.arguments.urls():
            self.frontier.add(url, barren_hops=0, priority=_START_PRIORITY)
        for request in self.release():
            yield request

    def parse_sitemap(self, response: Response):
        self.crawler.stats.inc_value(STATS + "sitemaps_read")
        entries = read_sitemap(response.body, response.url)
        if not entries.sitemaps and not entries.pages:
            self.logger.warning(
                "%s names no %s: nothing to crawl from it", response.url,
                "sitemap (no Sitemap: line)" if response.url.endswith("/robots.txt")
                else "page or sitemap",
            )  # fmt: skip
        for url in entries.sitemaps:
            if url in self.scope:
                yield scrapy.Request(url, callback=self.parse_sitemap)
        for url in entries.pages:
            if url in self.scope:
                self.frontier.add(url, barren_hops=0, priority=_START_PRIORITY)
        yield from self.release()

    def parse_page(self, response: Response, barren_hops: int):
        self.in_flight -= 1
        if _is_html(response):
            page = Page.parse(response.text, response.url)
            self.crawler.stats.inc_value(STATS + "pages_read")
            reading = self.read_page(page, response)
            if reading.items:
                self.frontier.learn(response.url)
            yield from self.new_items(reading.items)
            yield from reading.requests
            hops = 0 if reading.worth_reading else barren_hops + 1
            self.queue_links(page, hops, continuing=barren_hops)
        else:
            self.crawler.stats.inc_value(STATS + "not_html")
        yield from self.release()

    def page_failed(self, failure):
        """A page that could not be fetched (or robots.txt forbids): take the next ones."""
        self.in_flight -= 1
        self.crawler.stats.inc_value(STATS + "page_errors")
        yield from self.release()

    def new_items(self, items: list[Any]):
        """`items` not yielded before (by source_id)."""
        for item in items:
            if item.source_id in self.yielded:
                self.crawler.stats.inc_value(STATS + "repeated_items")
                continue
            self.yielded.add(item.source_id)
            self.crawler.stats.inc_value(STATS + "items")
            yield item

    def queue_links(self, page: Page, hops: int, continuing: int) -> None:
        """The page's links worth following, to the frontier; pagination keeps `continuing`."""
        links = links_on_page(page)
        stats = self.crawler.stats
        for group in ("content", "next_pages", "navigation"):
            for url in getattr(links, group):
                if url not in self.scope:
                    stats.inc_value(STATS + "links_offsite")
                elif is_non_content(url):
                    stats.inc_value(STATS + "links_not_content")
                else:
                    link_hops = continuing if group == "next_pages" else hops
                    priority = _PRIORITY[group] - _HOP_PENALTY * hops
                    if self.frontier.add(url, link_hops, priority) == TOO_FAR:
                        stats.inc_value(STATS + "links_too_far")

    def release(self):
        """Requests for the best links in the frontier, as many as the window has room for."""
        for url, hops in self.frontier.take(self.window - self.in_flight):
            self.in_flight += 1
            yield scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.page_failed,
                cb_kwargs={"barren_hops": hops},
            )

    def on_idle(self) -> None:
        """Nothing in flight: take more links if any are left, or let the crawl end."""
        self.in_flight = 0
        requests = list(self.release())
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def on_closed(self) -> None:
        if self.frontier.queued:
            self.crawler.stats.set_value(STATS + "links_over_budget", self.frontier.queued)


def _is_html(response: Response) -> bool:
    content_type = (response.headers.get("Content-Type") or b"text/html").lower()
    return isinstance(response, TextResponse) and b"html" in content_type
