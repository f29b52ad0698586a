"""OffsiteMiddleware (spiders.offsite): Scrapy's offsite filter, skipped for spiders that name
no allowed_domains."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from spiders.offsite import OffsiteMiddleware


def opened_middleware(**spider_attributes) -> tuple[OffsiteMiddleware, object]:
    spider_class = type("ProbeSpider", (Spider,), {"name": "probe", **spider_attributes})
    crawler = get_crawler(spider_class, settings_dict={"EXTENSIONS_BASE": {}})
    crawler.spider = crawler._create_spider()
    middleware = OffsiteMiddleware.from_crawler(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    return middleware, crawler


def test_a_spider_without_allowed_domains_goes_anywhere():
    middleware, crawler = opened_middleware()
    for url in ("http://127.0.0.1:8700/market/", "https://elsewhere.example/x"):
        assert middleware.process_request(Request(url)) is None
    assert crawler.stats.get_value("offsite/filtered") is None


def test_a_spider_with_allowed_domains_is_held_to_them_as_by_scrapy():
    middleware, crawler = opened_middleware(allowed_domains=["acme.example"])
    assert middleware.process_request(Request("https://www.acme.example/contact")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("https://elsewhere.example/x"))
    assert (
        middleware.process_request(Request("https://elsewhere.example/x", dont_filter=True)) is None
    )
    assert crawler.stats.get_value("offsite/filtered") == 1


def test_requests_are_checked_when_scheduled_too():
    middleware, crawler = opened_middleware(allowed_domains=["acme.example"])
    request = Request("https://elsewhere.example/x")
    crawler.signals.send_catch_log(
        signals.request_scheduled, request=request, spider=crawler.spider
    )
    assert crawler.stats.get_value("offsite/filtered") == 1
    assert middleware.domains_seen == {"elsewhere.example"}


def test_the_project_settings_install_it_in_place_of_scrapys():
    from scrapy.utils.project import get_project_settings

    middlewares = get_project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"] is None
    assert middlewares["spiders.offsite.OffsiteMiddleware"] == 50
