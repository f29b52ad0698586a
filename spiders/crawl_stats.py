"""CrawlStats: Scrapy's in-memory stats collector without its per-attribute wrapper.

Scrapy 2.19's StatsCollector overrides `__getattribute__` to wrap its methods in a
deprecation check for the old `spider` argument. Every attribute read goes through it,
`self._stats` inside each method included, where it first looks for a `_cached__stats`
attribute and raises and catches an AttributeError. Scrapy and trawl touch the stats a
dozen times a page: on the marketplace crawl that was about 2% of the crawler's CPU
(py-spy, issue 9). This collector reads attributes the plain way; the methods and the
stats they keep are MemoryStatsCollector's (a `spider` argument is still accepted, and
ignored, without the warning).

spiders/settings.py installs it (STATS_CLASS).

HELD_BACK is a gauge of requests a downloader middleware holds until another request frees
what they wait for (the proxy rotation's requests waiting for a proxy): the shared
frontier's scheduler leaves them out of its backlog, since holding back the request that
would free them would stop the crawl. A middleware that holds requests so keeps it.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector

HELD_BACK = "trawl/requests_held_back"  # a gauge: 0 when the crawl ends


class CrawlStats(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
