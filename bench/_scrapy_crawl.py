"""One trawl crawl in this process, measured by the crawl itself: a helper the benchmarks
run in a subprocess (pinned to a core with taskset).

    .venv/bin/python -m bench._scrapy_crawl SPIDER [-a NAME=VALUE ...] [-s NAME=VALUE ...]

Runs the spider with the project's settings (spiders/settings.py, so the full pipeline
unless `-s ITEM_PIPELINES={}`), exactly as `scrapy crawl` would, then prints one JSON
line: pages (responses received), items (scraped, plus dropped by validation), items
stored, seconds (the crawl's own elapsed time, from spider open to close: interpreter
start-up and imports are not counted, as they are not for the peer), peak RSS, and the
browser's figures (the trawl/browser/* stats) when pages were rendered.
"""

from __future__ import annotations

import json
import resource
import sys

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings


def parse_options(argv: list[str]) -> tuple[str, dict[str, str], dict[str, str]]:
    spider, arguments, settings = argv[0], {}, {}
    flags = iter(argv[1:])
    for flag in flags:
        name, _, value = next(flags).partition("=")
        {"-a": arguments, "-s": settings}[flag][name] = value
    return spider, arguments, settings


def crawl(spider: str, arguments: dict[str, str], overrides: dict[str, str]) -> dict:
    settings: Settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    cpu: dict[str, float] = {}

    def opened() -> None:
        cpu["opened"] = cpu_seconds()

    def closed() -> None:
        cpu["closed"] = cpu_seconds()

    # local functions: Scrapy holds signal receivers by weak reference
    crawler.signals.connect(opened, signal=signals.spider_opened)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, **arguments)
    process.start()
    stats = crawler.stats.get_stats()
    return {
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0) + stats.get("item_dropped_count", 0),
        "items_stored": stats.get("trawl/items_stored", 0),
        "seconds": float(stats.get("elapsed_time_seconds", 0.0)),
        "finish_reason": stats.get("finish_reason"),
        "errors": stats.get("log_count/ERROR", 0),
        "cpu_seconds": cpu.get("closed", 0.0) - cpu.get("opened", 0.0),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "browser": {  # pages rendered, browser time ... (see spiders/rendering.py)
            key.removeprefix("trawl/browser/"): value
            for key, value in stats.items()
            if key.startswith("trawl/browser/")
        },
    }


def cpu_seconds() -> float:
    """CPU time of this process so far (user + system, every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    figures = crawl(*parse_options(sys.argv[1:]))
    print("BENCH " + json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
