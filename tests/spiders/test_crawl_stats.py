"""CrawlStats keeps the stats as Scrapy's MemoryStatsCollector does, read without its wrapper."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from spiders.crawl_stats import CrawlStats


def test_it_counts_as_scrapy_does_and_is_the_project_collector():
    crawler = get_crawler(settings_dict={"STATS_CLASS": "spiders.crawl_stats.CrawlStats"})
    stats = crawler.stats
    assert isinstance(stats, CrawlStats)
    stats.inc_value("pages")
    stats.inc_value("pages", 2)
    stats.max_value("depth", 3)
    stats.max_value("depth", 1)
    stats.min_value("first", 5.0)
    stats.set_value("reason", "finished")
    assert stats.get_value("pages") == 3
    assert stats.get_stats() == {"pages": 3, "depth": 3, "first": 5.0, "reason": "finished"}
    assert not hasattr(stats, "_cached_inc_value")  # Scrapy's wrapper never ran


def test_the_project_settings_install_it():
    from scrapy.utils.project import get_project_settings

    assert get_project_settings()["STATS_CLASS"] == "spiders.crawl_stats.CrawlStats"
