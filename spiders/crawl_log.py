"""CrawlLogFormatter: Scrapy's log messages, minus the two DEBUG ones a page when DEBUG is off.

For every response ("Crawled (200) <GET ...>") and every item ("Scraped from ...") Scrapy
builds a DEBUG message and hands it to logging, which makes a LogRecord and passes it to
the handlers, whose level (LOG_LEVEL) then drops it: Scrapy leaves the loggers' own level
unset. At LOG_LEVEL=INFO that was about 2% of the marketplace crawl's CPU (py-spy, issue 9).
This formatter returns no message for those two (Scrapy then logs nothing) unless LOG_LEVEL
is DEBUG; every other message, and both at DEBUG, are Scrapy's.

spiders/settings.py installs it (LOG_FORMATTER).
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.logformatter import LogFormatter


def logs_debug(level: Any) -> bool:
    """Whether LOG_LEVEL (a name like "INFO" or a number) lets DEBUG messages through."""
    if isinstance(level, str) and not level.isdecimal():
        number = logging.getLevelName(level.upper())
        return not isinstance(number, int) or number <= logging.DEBUG
    return int(level) <= logging.DEBUG


class CrawlLogFormatter(LogFormatter):
    def __init__(self, debug: bool = True):
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(debug=logs_debug(crawler.settings.get("LOG_LEVEL", "DEBUG")))

    def crawled(self, request, response, spider):
        return super().crawled(request, response, spider) if self.debug else None

    def scraped(self, item, response, spider):
        return super().scraped(item, response, spider) if self.debug else None
