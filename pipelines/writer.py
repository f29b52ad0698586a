"""PostgresWriterPipeline: leads and products into the raw store, in batches, off the reactor.

At spider open it migrates the schema (idempotent) and opens a `crawl_runs` row. Each item
becomes an observation row, buffered per table and written by `pipelines.batches.write_batch`
(COPY into a staging table, then upsert) when the batch is full, when it is
TRAWL_WRITER_FLUSH_SECONDS old, and at close. Database work runs in one worker thread, so
the event loop never waits on PostgreSQL; an item that fills a batch waits for that batch,
which holds back the crawl when the database is slower than the spider. Items dropped with
`RejectedItem` (by ValidationPipeline) and rows the database refuses go to `rejects`. When
the spider closes, the crawl run gets its end time, status, counts and Scrapy's stats.

Settings:
- TRAWL_WRITER_ENABLED (default True): False switches the writer off (a feed-only crawl).
- TRAWL_DATABASE_URL (default: DATABASE_URL, else the embedded server): the raw store.
- TRAWL_WRITER_BATCH_SIZE (default 500): rows per write.
- TRAWL_WRITER_FLUSH_SECONDS (default 2.0): the longest a row waits in a partial batch.
- TRAWL_WRITER_MIGRATE (default True): bring the schema to the head revision at open.
Environment: TRAWL_DAGSTER_RUN_ID, recorded on the crawl run when Dagster launched it.

Stats: trawl/crawl_run_id, trawl/items_stored, trawl/items_rejected (with validation's),
trawl/writer/flushes, trawl/writer/rows_lost (rows that could not reach the database).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import is_asyncio_available

from pipelines.batches import Batch, write_batch
from pipelines.crawl_runs import run_status, spider_arguments
from pipelines.database import database_url, redact
from pipelines.jsonsafe import json_safe
from pipelines.observations import observation_row, table_for
from pipelines.rejects import REJECTED_STAT, RejectedItem, reject_row
from pipelines.store import RawStore, StoreUnavailable

log = logging.getLogger(__name__)
STORED_STAT = "trawl/items_stored"
CRAWL_RUN_STAT = "trawl/crawl_run_id"


@dataclass(frozen=True)
class WriterConfig:
    """The writer's settings, read and checked once."""

    database_url: str
    batch_size: int = 500
    flush_seconds: float = 2.0
    migrate: bool = True

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> WriterConfig:
        batch_size = _setting(settings, "TRAWL_WRITER_BATCH_SIZE", 500, int)
        flush_seconds = _setting(settings, "TRAWL_WRITER_FLUSH_SECONDS", 2.0, float)
        return cls(
            database_url=settings.get("TRAWL_DATABASE_URL") or database_url(),
            batch_size=batch_size,
            flush_seconds=flush_seconds,
            migrate=settings.getbool("TRAWL_WRITER_MIGRATE", True),
        )


def _setting(settings: BaseSettings, name: str, default: Any, kind: type) -> Any:
    value = settings.get(name, default)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number <= 0:
        raise ValueError(f"{name} must be a positive {kind.__name__}, got {value!r}")
    return number


def utcnow() -> datetime:
    return datetime.now(UTC)


class PostgresWriterPipeline:
    def __init__(self, crawler: Crawler, config: WriterConfig):
        self.crawler = crawler
        self.stats = crawler.stats
        self.config = config
        self.store = RawStore(config.database_url)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trawl-writer")
        self.batch = Batch()
        self.crawl_run_id: int | None = None
        self.rows_lost = 0
        self.writes: set[asyncio.Future] = set()
        self.flusher: asyncio.Task | None = None
        self.unstored_types: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PostgresWriterPipeline:
        if not crawler.settings.getbool("TRAWL_WRITER_ENABLED", True):
            raise NotConfigured("TRAWL_WRITER_ENABLED is off")
        if not is_asyncio_available():
            raise RuntimeError(
                "PostgresWriterPipeline needs asyncio: set TWISTED_REACTOR to "
                "'twisted.internet.asyncioreactor.AsyncioSelectorReactor' (Scrapy's default)"
            )
        pipeline = cls(crawler, WriterConfig.from_settings(crawler.settings))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def in_worker(self, function, *args) -> Any:
        """Run blocking database work in the writer's one worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, functools.partial(function, *args))

    # -- Scrapy's calls ---------------------------------------------------------------------

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        if self.config.migrate:
            await self.in_worker(self.store.ensure_schema)
        self.crawl_run_id = await self.in_worker(
            self.store.open_crawl_run,
            spider.name,
            spider_arguments(spider),
            utcnow(),
            os.environ.get("TRAWL_DAGSTER_RUN_ID") or None,
        )
        self.stats.set_value(CRAWL_RUN_STAT, self.crawl_run_id)
        for name in (STORED_STAT, REJECTED_STAT, "trawl/writer/rows_lost"):
            self.stats.inc_value(name, 0)
        log.info("crawl run %s: storing items in %s", self.crawl_run_id,
                 redact(self.config.database_url))  # fmt: skip
        self.flusher = asyncio.ensure_future(self.flush_when_due())

    async def process_item(self, item: Any) -> Any:
        table = table_for(item)
        if table is None:
            self.note_unstored(item)
            return item
        self.batch.add(table, observation_row(item, self.crawl_run_id, utcnow()), item)
        if len(self.batch) >= self.config.batch_size:
            await self.flush()
        return item

    def item_dropped(self, item: Any, response: Any, exception: Exception, spider: Spider):
        if isinstance(exception, RejectedItem):
            self.batch.add_reject(reject_row(item, exception.reason, self.crawl_run_id))

    async def close_spider(self) -> None:
        if self.flusher is not None:
            self.flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.flusher
        await self.flush()
        if self.writes:
            await asyncio.gather(*self.writes)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            if self.crawl_run_id is not None:
                await self.in_worker(functools.partial(
                    self.store.finish_crawl_run,
                    self.crawl_run_id,
                    finished_at=utcnow(),
                    status=run_status(reason, self.rows_lost),
                    finish_reason=reason,
                    items_stored=self.stats.get_value(STORED_STAT, 0),
                    items_rejected=self.stats.get_value(REJECTED_STAT, 0),
                    stats=json_safe(self.stats.get_stats()),
                ))  # fmt: skip
        finally:
            await self.in_worker(self.store.close)
            self.worker.shutdown(wait=False)

    # -- batching ---------------------------------------------------------------------------

    def flush(self) -> asyncio.Future:
        """Send the current batch to the worker; a future done when it is written."""
        batch, self.batch = self.batch, Batch()
        if not len(batch):
            done = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        write = asyncio.ensure_future(self.write(batch))
        self.writes.add(write)
        write.add_done_callback(self.writes.discard)
        return write

    async def flush_when_due(self) -> None:
        """Flush a partial batch once its first row has waited TRAWL_WRITER_FLUSH_SECONDS."""
        interval = self.config.flush_seconds
        while True:
            await asyncio.sleep(min(interval / 4, 0.5))
            if self.batch.age() >= interval:
                self.flush()

    async def write(self, batch: Batch) -> None:
        try:
            outcome = await self.in_worker(write_batch, self.store, batch, self.crawl_run_id)
        except Exception as error:  # a lost batch is counted, logged, and fails the run
            self.rows_lost += len(batch)
            self.stats.inc_value("trawl/writer/rows_lost", len(batch))
            log.error("could not store %d rows in the raw store: %s", len(batch), error,
                      exc_info=not isinstance(error, StoreUnavailable))  # fmt: skip
            return
        self.stats.inc_value(STORED_STAT, outcome.stored)
        self.stats.inc_value(REJECTED_STAT, outcome.refused)
        self.stats.inc_value("trawl/writer/flushes")
        if outcome.refused:
            log.warning("the database refused %d rows; they are in `rejects`", outcome.refused)

    def note_unstored(self, item: Any) -> None:
        self.stats.inc_value("trawl/writer/items_not_stored")
        kind = type(item).__name__
        if kind not in self.unstored_types:
            self.unstored_types.add(kind)
            log.warning("%s items are not stored: only LeadItem and ProductItem are", kind)
