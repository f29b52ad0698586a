"""Reports a crawl while it runs and when it ends: progress lines, and Dagster Pipes metadata.

When the crawl runs under Dagster Pipes (a crawl asset launched it), progress goes to the
Dagster run log and the final figures become the asset's materialization metadata. Outside
Dagster, progress lines go to stderr when asked for.

Settings:
- TRAWL_PROGRESS_INTERVAL: seconds between progress lines (default 5.0; 0 switches them off)
- TRAWL_PROGRESS_STDERR: also print progress lines on stderr (default False; the demo sets it)
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

PIPES_ENV = "DAGSTER_PIPES_CONTEXT"


def crawl_figures(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures a person reads about a crawl, from Scrapy's stats."""
    errors = sum(v for k, v in stats.items() if k.startswith("log_count/ERROR"))
    download_errors = stats.get("downloader/exception_count", 0)
    return {
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "items_stored": stats.get("trawl/items_stored", 0),
        "items_rejected": stats.get("trawl/items_rejected", 0),
        "items_dropped": stats.get("item_dropped_count", 0),
        "errors": errors + stats.get("spider_exceptions/count", 0),
        "download_errors": download_errors,
        "crawl_run_id": stats.get("trawl/crawl_run_id"),
        "finish_reason": stats.get("finish_reason"),
        "duration_s": round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
    }


def progress_line(spider_name: str, stats: dict[str, Any], started: float) -> str:
    figures = crawl_figures(stats)
    rate = figures["pages"] / max(time.monotonic() - started, 1e-9)
    return (
        f"[{spider_name}] {figures['pages']} pages, {figures['items']} items "
        f"({figures['items_stored']} stored, {figures['items_rejected']} rejected), "
        f"{rate:.0f} pages/s"
    )


class CrawlReportExtension:
    """Progress while crawling; figures (and Dagster metadata under Pipes) at the end."""

    def __init__(self, crawler: Crawler, interval: float, to_stderr: bool):
        self.crawler = crawler
        self.interval = interval
        self.to_stderr = to_stderr
        self.pipes = None
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReportExtension:
        settings = crawler.settings
        extension = cls(
            crawler,
            interval=settings.getfloat("TRAWL_PROGRESS_INTERVAL", 5.0),
            to_stderr=settings.getbool("TRAWL_PROGRESS_STDERR", False),
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        if os.environ.get(PIPES_ENV):
            from dagster_pipes import open_dagster_pipes

            self.pipes = open_dagster_pipes()
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.report_progress, spider)
            self.loop.start(self.interval, now=False)

    def report_progress(self, spider: Spider) -> None:
        line = progress_line(spider.name, self.crawler.stats.get_stats(), self.started)
        self.say(line)

    def say(self, line: str) -> None:
        if self.pipes is not None:
            self.pipes.log.info(line)
        if self.to_stderr:
            print(line, file=sys.stderr, flush=True)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        stats = self.crawler.stats.get_stats()
        self.say(progress_line(spider.name, stats, self.started) + f", finished: {reason}")
        if self.pipes is None:
            return
        figures = crawl_figures(stats)
        figures["finish_reason"] = reason
        metadata = {key: value for key, value in figures.items() if value is not None}
        metadata.update(extra_metadata(stats))
        self.pipes.report_asset_materialization(metadata=metadata)
        self.pipes.close()
        self.pipes = None


# proxies and the browser; hostile pages, traps and outages met (spiders/page_guard.py,
# spiders/pagination.py, pipelines/delivery.py), so a crawl's troubles show in Dagster
FORWARDED_PREFIXES = ("trawl/proxy/", "trawl/browser/", "trawl/pages/", "trawl/pagination/",
                      "trawl/writer/", "trawl/resume/", "trawl/maps/")  # fmt: skip


def extra_metadata(stats: dict[str, Any]) -> dict[str, Any]:
    """Namespaced figures other components put in the stats (trawl/<area>/...), as metadata."""
    return {
        key.removeprefix("trawl/").replace("/", "_"): value
        for key, value in stats.items()
        if key.startswith(FORWARDED_PREFIXES) and isinstance(value, (int, float, str))
    }
