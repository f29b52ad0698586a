"""CrawlLogFormatter: the per-page and per-item DEBUG lines only when DEBUG is logged."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.crawl_log import CrawlLogFormatter, logs_debug


@pytest.mark.parametrize(
    ("level", "debug"),
    [("DEBUG", True), ("debug", True), (10, True), ("10", True), ("INFO", False),
     ("WARNING", False), (20, False), ("NOTSET", True)],
)  # fmt: skip
def test_which_levels_log_debug(level, debug):
    assert logs_debug(level) is debug


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_crawled_and_scraped_lines_follow_the_log_level(level):
    crawler = get_crawler(Spider, settings_dict={"LOG_LEVEL": level})
    formatter = CrawlLogFormatter.from_crawler(crawler)
    request = Request("http://127.0.0.1/page")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    spider = Spider.from_crawler(crawler, "probe")
    crawled = formatter.crawled(request, response, spider)
    scraped = formatter.scraped({"a": 1}, response, spider)
    dropped = formatter.dropped({"a": 1}, ValueError("no"), response, spider)
    if level == "DEBUG":
        assert crawled["msg"].startswith("Crawled (%(status)s)")
        assert crawled["args"]["status"] == 200
        assert scraped["msg"].startswith("Scraped from")
    else:
        assert crawled is None and scraped is None
    assert dropped["msg"].startswith("Dropped")  # every other message is Scrapy's


def test_the_project_settings_install_it():
    from scrapy.utils.project import get_project_settings

    assert get_project_settings()["LOG_FORMATTER"] == "spiders.crawl_log.CrawlLogFormatter"
