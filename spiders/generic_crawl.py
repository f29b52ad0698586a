"""How the generic spiders (`products`, `businesses`) decide what to fetch. Pure: no Scrapy.

- `CrawlScope`: the sites a crawl stays on: the registered domains of its start URLs
  (`shop.example.co.uk` -> `example.co.uk`, subdomains included), or the host itself for an
  IP address or `localhost`.
- `is_non_content(url)`: links that lead to no product or business: sign-in, account,
  cart, checkout, wish lists, sort and view variants of a listing, and files that are not
  pages (images, stylesheets, scripts, documents, archives, media, feeds).
- `Frontier`: the links a crawl knows of, each once by canonical URL, handed out best first
  within the page budget (`max_pages`), and none too far from pages that gave something:
  a page that gave no item and is no listing passes its links on for at most
  `max_barren_hops` pages in a row (pagination continues a listing and does not count),
  so a products crawl that wanders into a site's blog or help pages soon stops there.
- `read_sitemap(body, url)`: the sitemaps and pages a sitemap (XML, sitemap index, gzipped
  or not, or plain text) or a robots.txt names.
- `source_name(url)`: the source stored in items by default, the site's registered domain.
Reads no settings.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from pipelines.normalize import canonical_url, registered_domain

MAX_BARREN_HOPS = 2
ITEM_SHAPE_BONUS = 20  # above any content link (see spiders.generic_spider)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed

_NOT_CONTENT_PATH = re.compile(
    r"(?:^|/)(?:log-?in|sign-?in|log-?out|sign-?out|register|sign-?up|my-?account|account|"
    r"customer|profile|password|lost-password|auth|oauth|cart|basket|bag|checkout|"
    r"wish-?list|compare|newsletter|unsubscribe|share|print|wp-admin|wp-login\.php|wp-json|"
    r"cdn-cgi|feed)(?:/|$|\.)",
    re.IGNORECASE,
)
_NOT_CONTENT_PARAMETERS = frozenset({
    "add-to-cart", "add_to_cart", "addtocart", "sort", "sortby", "sort_by", "orderby", "order",
    "dir", "view", "mode", "limit", "per_page", "perpage", "product_list_order",
    "product_list_limit", "product_list_mode", "currency", "replytocom", "share", "print",
})  # fmt: skip
_FILE_SUFFIX = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|css|js|mjs|json|xml|rss|atom|pdf|docx?|"
    r"xlsx?|pptx?|odt|csv|txt|zip|gz|tgz|rar|7z|mp3|mp4|m4a|avi|mov|webm|wav|ogg|woff2?|ttf|"
    r"eot|exe|dmg|apk)$",
    re.IGNORECASE,
)


def source_name(url: str) -> str:
    """The site's registered domain (`https://shop.example.com/x` -> `example.com`); the host
    for an IP address or a single-label host."""
    return registered_domain(url) or (urlsplit(url).hostname or "").lower()


@dataclass(frozen=True)
class CrawlScope:
    """The sites a crawl stays on."""

    domains: tuple[str, ...]

    @classmethod
    def from_urls(cls, urls: list[str]) -> CrawlScope:
        return cls(tuple(dict.fromkeys(source_name(url) for url in urls)))

    def __contains__(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


def is_non_content(url: str) -> bool:
    """True for a link to no product or business page (see the module docstring)."""
    parts = urlsplit(url)
    if _FILE_SUFFIX.search(parts.path) or _NOT_CONTENT_PATH.search(parts.path):
        return True
    names = {pair.split("=", 1)[0].lower() for pair in parts.query.split("&") if pair}
    return bool(names & _NOT_CONTENT_PARAMETERS)


QUEUED, SEEN, TOO_FAR = "queued", "seen", "too_far"


@dataclass
class Frontier:
    """The links a crawl knows of: each once (by canonical URL), best first, within budget.

    `add` queues a new link with a priority; `take(n)` hands out the best queued links, up
    to `max_pages` in all. A crawl that takes a few links at a time, as pages come back,
    goes deep where pages give items (their links get the higher priority) before it goes
    wide, so a small budget is spent on products rather than on every menu of the front
    page. `learn(url)` says a page gave an item: from then on, links shaped like it
    (`url_shape`: /p/<slug>, /biz/<id>) rank ITEM_SHAPE_BONUS higher.
    """

    max_pages: int | None = None
    max_barren_hops: int = MAX_BARREN_HOPS
    seen: set[str] = field(default_factory=set)
    taken: int = 0
    item_shapes: set[str] = field(default_factory=set)
    _queue: list[tuple[int, int, str, int, int]] = field(default_factory=list)

    def add(self, url: str, barren_hops: int = 0, priority: int = 0) -> str:
        """QUEUED, or why not: SEEN (known already) or TOO_FAR (more than `max_barren_hops`
        pages in a row without items or a listing lead to it)."""
        key = canonical_url(url) or url
        if key in self.seen:
            return SEEN
        if barren_hops > self.max_barren_hops:
            return TOO_FAR
        self.seen.add(key)
        rank = -(priority + self._bonus(url))
        heapq.heappush(self._queue, (rank, len(self.seen), url, barren_hops, priority))
        return QUEUED

    def take(self, count: int) -> list[tuple[str, int]]:
        """Up to `count` queued links, best first, as (url, barren hops); none past the budget."""
        if self.max_pages is not None:
            count = min(count, self.max_pages - self.taken)
        taken = []
        while self._queue and len(taken) < count:
            _, _, url, hops, _ = heapq.heappop(self._queue)
            taken.append((url, hops))
        self.taken += len(taken)
        return taken

    def learn(self, url: str) -> None:
        """`url` gave an item: rank the queued links shaped like it higher."""
        shape = url_shape(url)
        if shape in self.item_shapes:
            return
        self.item_shapes.add(shape)
        self._queue = [
            (-(priority + self._bonus(link)), order, link, hops, priority)
            for _, order, link, hops, priority in self._queue
        ]
        heapq.heapify(self._queue)

    @property
    def queued(self) -> int:
        """Links known and not taken (at the end of a crawl: those over its budget)."""
        return len(self._queue)

    def _bonus(self, url: str) -> int:
        return ITEM_SHAPE_BONUS if self.item_shapes and url_shape(url) in self.item_shapes else 0


def url_shape(url: str) -> str:
    """A URL with what names one page left out: its last path segment and any segment with
    a digit become `*`, query values go. `/p/arco-lamp?ref=2` -> `host/p/*?ref`."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    shaped = [
        "*" if n == len(segments) - 1 or any(c.isdigit() for c in s) else s
        for n, s in enumerate(segments)
    ]
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return f"{(parts.hostname or '').lower()}/{'/'.join(shaped)}" + (
        "?" + "&".join(keys) if keys else ""
    )


@dataclass
class SitemapEntries:
    sitemaps: list[str] = field(default_factory=list)  # more sitemaps to read
    pages: list[str] = field(default_factory=list)


def read_sitemap(body: bytes, url: str) -> SitemapEntries:
    """The sitemaps and pages named by a sitemap or sitemap index (XML, gzipped or not, or a
    plain-text list of URLs) or by a robots.txt (its `Sitemap:` lines)."""
    if urlsplit(url).path.endswith("/robots.txt"):
        return SitemapEntries(sitemaps=list(sitemap_urls_from_robots(body, base_url=url)))
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
    if body.lstrip()[:1] != b"<":
        lines = body.decode("utf-8", "replace").splitlines()
        return SitemapEntries(pages=[line.strip() for line in lines if _is_web_url(line.strip())])
    sitemap = Sitemap(body)
    locations = [entry["loc"] for entry in sitemap if entry.get("loc")]
    if sitemap.type == "sitemapindex":
        return SitemapEntries(sitemaps=locations)
    return SitemapEntries(pages=locations)


def _is_web_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https") and bool(urlsplit(text).hostname)
