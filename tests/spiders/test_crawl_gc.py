"""CrawlGcExtension: the collector's first threshold raised while a spider runs, then restored."""

from __future__ import annotations

import gc

import pytest
from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from spiders.extensions.crawl_gc import CrawlGcExtension


@pytest.fixture
def python_thresholds():
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def open_and_close(crawler) -> tuple[int, int, int]:
    """The collector's thresholds while the spider is open."""
    spider = Spider.from_crawler(crawler, "probe")
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    during = gc.get_threshold()
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    return during


def test_the_threshold_holds_while_the_spider_runs_and_is_restored(python_thresholds):
    # Scrapy's own extensions left out: they need a running reactor
    crawler = get_crawler(settings_dict={"TRAWL_GC_THRESHOLD": 12_345, "EXTENSIONS_BASE": {}})
    extension = CrawlGcExtension.from_crawler(crawler)  # held: signals hold receivers weakly
    during = open_and_close(crawler)
    assert not extension.opened
    assert during == (12_345, *python_thresholds[1:])  # older generations as they were
    assert gc.get_threshold() == python_thresholds


def test_crawls_of_one_process_restore_the_threshold_when_the_last_one_closes(python_thresholds):
    first, second = CrawlGcExtension(10_000), CrawlGcExtension(10_000)
    first.spider_opened()
    second.spider_opened()
    first.spider_closed()
    assert gc.get_threshold()[0] == 10_000  # the second crawl still runs
    second.spider_closed()
    second.spider_closed()  # closing twice changes nothing
    assert gc.get_threshold() == python_thresholds


def test_zero_leaves_the_collector_alone(python_thresholds):
    crawler = get_crawler(settings_dict={"TRAWL_GC_THRESHOLD": 0})
    with pytest.raises(NotConfigured):
        CrawlGcExtension.from_crawler(crawler)


def test_a_negative_threshold_is_refused_with_the_value():
    crawler = get_crawler(settings_dict={"TRAWL_GC_THRESHOLD": -5})
    with pytest.raises(ValueError, match="TRAWL_GC_THRESHOLD=-5"):
        CrawlGcExtension.from_crawler(crawler)


def test_the_project_settings_install_it_at_five_thousand():
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert "spiders.extensions.crawl_gc.CrawlGcExtension" in settings.getdict("EXTENSIONS")
    assert settings.getint("TRAWL_GC_THRESHOLD") == 5_000
