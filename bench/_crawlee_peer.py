"""The peer crawl: the sandbox marketplace crawled with Crawlee for Python's ParselCrawler.

    .venv/bin/python -m bench._crawlee_peer BASE_URL {file,memory} [CONCURRENCY]

The same crawl as trawl's marketplace spider — home page -> category listings (following
"next") -> product pages -> one item per product page — written as Crawlee's guide writes
one: links followed with `enqueue_links(selector=..., label=...)`, fields read from the
page's Selector (bench/_selector_reading.py: the same fields trawl's parser reads). Items
go to Crawlee's default dataset: `file` is Crawlee's default storage (FileSystemStorageClient,
one JSON file per item under ./storage; run it in a temporary directory), `memory` its
MemoryStorageClient. Concurrency is pinned to the value given (trawl's CONCURRENT_REQUESTS),
so Crawlee's autoscaler does not throttle itself on a machine other processes keep busy.

Prints one JSON line: {"pages": ..., "items": ..., "seconds": ..., "storage": ...}.
Crawlee sends no telemetry; the crawl only talks to BASE_URL (an IP address, so Crawlee never
needs the public suffix list it would otherwise download).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from datetime import timedelta

from crawlee import ConcurrencySettings, service_locator
from crawlee.configuration import Configuration
from crawlee.crawlers import ParselCrawler, ParselCrawlingContext
from crawlee.events import LocalEventManager
from crawlee.storage_clients import FileSystemStorageClient, MemoryStorageClient

from bench._selector_reading import read_product

STORAGE_CLIENTS = {"file": FileSystemStorageClient, "memory": MemoryStorageClient}


def marketplace_crawler(storage: str, concurrency: int) -> ParselCrawler:
    # Crawlee's services set explicitly, as its docs advise, before any crawler exists
    configuration = Configuration(purge_on_start=True)
    storage_client = STORAGE_CLIENTS[storage]()
    event_manager = LocalEventManager.from_config(configuration)
    service_locator.set_configuration(configuration)
    service_locator.set_event_manager(event_manager)
    service_locator.set_storage_client(storage_client)
    crawler = ParselCrawler(
        configuration=configuration,
        event_manager=event_manager,
        storage_client=storage_client,
        concurrency_settings=ConcurrencySettings(
            min_concurrency=concurrency,
            desired_concurrency=concurrency,
            max_concurrency=concurrency,
        ),
        max_request_retries=1,
        configure_logging=False,
        status_message_logging_interval=timedelta(hours=1),
    )

    @crawler.router.default_handler
    async def home(context: ParselCrawlingContext) -> None:
        await context.enqueue_links(selector="a.department", label="listing")

    @crawler.router.handler("listing")
    async def listing(context: ParselCrawlingContext) -> None:
        await context.enqueue_links(selector="a.product-link", label="product")
        await context.enqueue_links(selector='a[rel="next"]', label="listing")

    @crawler.router.handler("product")
    async def product(context: ParselCrawlingContext) -> None:
        item = read_product(context.selector, context.request.url)
        if item is not None:
            await context.push_data(item)

    return crawler


async def crawl(base_url: str, storage: str, concurrency: int) -> dict:
    crawler = marketplace_crawler(storage, concurrency)
    started, cpu_started = time.perf_counter(), time.process_time()
    statistics = await crawler.run([f"{base_url}/market/"])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    dataset = await crawler.get_dataset()
    items = (await dataset.get_metadata()).item_count
    return {
        "storage": storage,
        "pages": statistics.requests_finished,
        "failed": statistics.requests_failed,
        "items": items,
        "seconds": seconds,
        "cpu_seconds": cpu,
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    base_url, storage = sys.argv[1].rstrip("/"), sys.argv[2]
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    print(json.dumps(asyncio.run(crawl(base_url, storage, concurrency))), flush=True)


if __name__ == "__main__":
    main()
