"""What the generic spiders (`products`, `businesses`) share: where to start, what to follow.

    scrapy crawl products -a start_urls=https://shop.example/ [-a max_pages=N] -O out.jsonl
    scrapy crawl businesses -a sitemap=https://directory.example/sitemap.xml -O out.jsonl

A crawl starts from its start URLs, or from every page a sitemap (or a sitemap index, or a
robots.txt naming sitemaps) lists. Each page is read once (`spiders.extraction.generic`)
by the subclass's `read_page`, which gives its items and says whether the page was worth
reading (items, or a listing of them); then its links are followed: pagination first, then
the links in the page's content, then the site's menus, each link at most once, only on
the start URLs' sites (`allowed_domains`, from spiders.generic_crawl.CrawlScope), never to
sign-in, cart or file links, within `max_pages` pages in all and not more than
MAX_BARREN_HOPS pages past a page worth reading (spiders.generic_crawl.Frontier).
robots.txt is obeyed (ROBOTSTXT_OBEY, on in spiders/settings.py). An item's source is
`-a source=...` or the site's registered domain; the same source_id is yielded once.

Settings: the spiders read no settings of their own; TRAWL_BROWSER_* apply to rendered
pages (see spiders.rendering).
Stats (trawl/generic/): pages_read, items, listing_pages, repeated_items (an item already
yielded from another page), not_html, links_offsite, links_not_content, links_too_far,
links_over_budget, sitemaps_read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from spiders.arguments import GenericCrawlArguments, parse_arguments
from spiders.extraction.generic import Page
from spiders.extraction.generic.links import links_on_page
from spiders.generic_crawl import (
    ADMITTED,
    SEEN,
    CrawlScope,
    Frontier,
    is_non_content,
    read_sitemap,
    source_name,
)

STATS = "trawl/generic/"
# Scrapy request priorities: pagination and content before menus, near items before far
_PRIORITY = {"next_pages": 20, "content": 10, "navigation": 0}


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

    def read_page(self, page: Page, response: Response) -> PageReading:
        raise NotImplementedError

    async def start(self):
        if self.arguments.sitemap:
            yield scrapy.Request(self.arguments.sitemap, callback=self.parse_sitemap)
        for url in self.arguments.urls():
            if self.frontier.consider(url) == ADMITTED:
                yield self.page_request(url, barren_hops=0, priority=_PRIORITY["next_pages"])

    def parse_sitemap(self, response: Response):
        self.crawler.stats.inc_value(STATS + "sitemaps_read")
        entries = read_sitemap(response.body, response.url)
        for url in entries.sitemaps:
            if url in self.scope:
                yield scrapy.Request(url, callback=self.parse_sitemap)
        for url in entries.pages:
            if url in self.scope and self.frontier.consider(url) == ADMITTED:
                yield self.page_request(url, barren_hops=0, priority=_PRIORITY["content"])

    def parse_page(self, response: Response, barren_hops: int):
        if not _is_html(response):
            self.crawler.stats.inc_value(STATS + "not_html")
            return
        page = Page.parse(response.text, response.url)
        self.crawler.stats.inc_value(STATS + "pages_read")
        reading = self.read_page(page, response)
        yield from self.new_items(reading.items)
        yield from reading.requests
        hops = 0 if reading.worth_reading else barren_hops + 1
        yield from self.follow(page, hops, continuing=barren_hops)

    def new_items(self, items: list[Any]):
        """`items` not yielded before (by source_id)."""
        for item in items:
            if item.source_id in self.yielded:
                self.crawler.stats.inc_value(STATS + "repeated_items")
                continue
            self.yielded.add(item.source_id)
            self.crawler.stats.inc_value(STATS + "items")
            yield item

    def follow(self, page: Page, hops: int, continuing: int):
        """Requests for the page's links worth following; pagination keeps `continuing`."""
        links = links_on_page(page)
        stats = self.crawler.stats
        for group in ("next_pages", "content", "navigation"):
            for url in getattr(links, group):
                if url not in self.scope:
                    stats.inc_value(STATS + "links_offsite")
                    continue
                if is_non_content(url):
                    stats.inc_value(STATS + "links_not_content")
                    continue
                link_hops = continuing if group == "next_pages" else hops
                verdict = self.frontier.consider(url, link_hops)
                if verdict == ADMITTED:
                    yield self.page_request(url, link_hops, _PRIORITY[group] - 5 * link_hops)
                elif verdict != SEEN:
                    stats.inc_value(STATS + "links_" + verdict)

    def page_request(self, url: str, barren_hops: int, priority: int = 0) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            cb_kwargs={"barren_hops": barren_hops},
            priority=priority,
        )


def _is_html(response: Response) -> bool:
    content_type = (response.headers.get("Content-Type") or b"text/html").lower()
    return isinstance(response, TextResponse) and b"html" in content_type
