"""CrawlGcExtension: Python's cyclic garbage collector run less often while a crawl runs.

The collector's first generation is collected each time the tracked objects allocated
(less those freed) since the last collection pass 700. A crawl of 32 requests at a time
holds thousands of short-lived objects at any moment (Requests, Responses, Deferreds,
coroutines, parsed trees), freed by reference counting, yet the running count still
crosses 700 every few pages: on the marketplace crawl that was 774 collections, with the
older generations' collections they lead to 13% of the crawler's CPU (0.18 ms a page,
timed with gc.callbacks), while almost nothing they traversed was garbage. At 5,000 the
same crawl (5,080 pages, start-up included) made 290-420 first-generation collections,
26-38 of the second and 2-3 full ones, 0.15-0.3 s in all (3-5% of its CPU; at 700 in the
same measurement: 1,056, 96 and 8, 1.4 s, 20%). At 10,000 there were fewer still, but then
cyclic garbage waited longer for the full collections and a 100,000-page crawl grew by
2.4 MB per 10,000 pages, against 0.9-1.5 at 700 and at 5,000 (bench/memory.py). The
collector still runs, and reference cycles are still freed, only later.

The threshold is set when the spider opens (after imports and start-up) and the one before
restored when the last crawl of the process closes, so a process that runs other code
after its crawls (tests, Dagster) gets its collector back as it was.

Settings: TRAWL_GC_THRESHOLD (default 5000: the first generation's threshold; 0 leaves
Python's collector alone).
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

# Crawls of one process (CrawlerProcess runs several at once) share the collector: the
# thresholds before the first opened, and how many are open.
_before: tuple[int, int, int] | None = None
_open_crawls = 0


class CrawlGcExtension:
    def __init__(self, threshold: int):
        if threshold < 0:
            raise ValueError(
                f"TRAWL_GC_THRESHOLD={threshold} is negative; give a count of objects "
                "(Python's own is 700), or 0 to leave the garbage collector alone"
            )
        self.threshold = threshold
        self.opened = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlGcExtension:
        threshold = crawler.settings.getint("TRAWL_GC_THRESHOLD", 5_000)
        if threshold == 0:
            raise NotConfigured  # Python's collector as it is
        extension = cls(threshold)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        global _before, _open_crawls
        if _open_crawls == 0:
            _before = gc.get_threshold()
        _open_crawls += 1
        self.opened = True
        gc.set_threshold(self.threshold, *gc.get_threshold()[1:])

    def spider_closed(self) -> None:
        global _before, _open_crawls
        if not self.opened:
            return
        self.opened = False
        _open_crawls -= 1
        if _open_crawls == 0 and _before is not None:
            gc.set_threshold(*_before)
            _before = None
