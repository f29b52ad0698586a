"""Two crawls of the sandbox's truth pages (which its robots.txt disallows), with the
project's settings: one by a spider that keeps the default, one by a spider that switches
robots.txt off for itself. Prints their stats as JSON: {spider name: stats}.

    python tests/spiders/robots_crawl.py SANDBOX_URL
"""

from __future__ import annotations

import json
import sys
from typing import ClassVar

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


class TruthSpider(scrapy.Spider):
    name = "truth_default"

    async def start(self):
        yield scrapy.Request(f"{self.settings['SANDBOX_URL']}/_truth/businesses.json")

    def parse(self, response):
        self.crawler.stats.inc_value("truth_pages_read")


class RobotsIgnoringSpider(TruthSpider):
    name = "truth_ignoring_robots"
    custom_settings: ClassVar[dict] = {"ROBOTSTXT_OBEY": False}  # the per-spider switch


def main(sandbox_url: str) -> None:
    settings = get_project_settings()
    settings.set("SANDBOX_URL", sandbox_url)
    settings.set("ITEM_PIPELINES", {})
    settings.set("LOG_LEVEL", "WARNING")
    process = CrawlerProcess(settings)
    crawlers = [process.create_crawler(TruthSpider), process.create_crawler(RobotsIgnoringSpider)]
    for crawler in crawlers:
        process.crawl(crawler)
    process.start()
    print(json.dumps({c.spider.name: c.stats.get_stats() for c in crawlers}, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
