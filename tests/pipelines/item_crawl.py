"""Run one real Scrapy crawl whose spider yields the items of a spec file, for writer tests.

    python tests/pipelines/item_crawl.py SPEC.json

SPEC.json: {"items": [{"type": "lead" | "product", ...fields}], "settings": {...},
"delay": seconds between items, "arguments": {...spider arguments}, "stats": path}.
The crawl runs in this process with Scrapy's default asyncio reactor, as `scrapy crawl`
does, through the project's three item pipelines and its item processor; its final stats
are written as JSON to the "stats" path.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import scrapy
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import CrawlerProcess

from pipelines.jsonsafe import dumps
from spiders.items import LeadItem, ProductItem

PIPELINES = {
    "pipelines.validation.ValidationPipeline": 100,
    "pipelines.normalization.NormalizationPipeline": 200,
    "pipelines.writer.PostgresWriterPipeline": 300,
}
ITEM_TYPES = {"lead": LeadItem, "product": ProductItem}


class ItemsSpider(scrapy.Spider):
    """Yields the items it is given from start(): no network."""

    name = "items_under_test"

    def __init__(self, items: list[Any] = (), delay: float = 0.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.items_to_yield = list(items)
        self.delay = delay

    async def start(self):
        for item in self.items_to_yield:
            if self.delay:
                await asyncio.sleep(self.delay)
            yield item


def build_item(spec: dict[str, Any]) -> Any:
    fields = dict(spec)
    return ITEM_TYPES[fields.pop("type")](**fields)


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    # the engine looks for the end of a crawl every 5 s; a test crawl should not wait for it
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = 0.1
    settings = {
        "ITEM_PIPELINES": PIPELINES,
        "ITEM_PROCESSOR": "pipelines.item_processor.ItemProcessor",
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        **spec.get("settings", {}),
    }
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(ItemsSpider)
    items = [build_item(item) for item in spec["items"]]
    process.crawl(crawler, items=items, delay=spec.get("delay", 0.0), **spec.get("arguments", {}))
    process.start()
    if process.bootstrap_failed:  # as `scrapy crawl` does
        return 1
    Path(spec["stats"]).write_text(dumps(crawler.stats.get_stats()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
