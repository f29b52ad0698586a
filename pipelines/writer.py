"""PostgresWriterPipeline: leads and products into the raw store, in batches, off the reactor.

At spider open it migrates the schema (idempotent) and opens a `crawl_runs` row, or, with a
resume key (TRAWL_RESUME_KEY), continues the unfinished run opened with that key: a crawl
killed mid-way and started again fills the same run, and the run's unique key
(source, source_id, crawl_run_id) keeps every entity once. Items are buffered in a batch
and become observation rows a hundred at a time (see `pipelines.batches`: the writer should
stay the last pipeline, as nothing may change an item before its row is made); when the
batch is full, when it is TRAWL_WRITER_FLUSH_SECONDS old, and at close, its rows are
written by `pipelines.batches.write_batch` (COPY into a staging table, then upsert).

Database work runs in one worker thread, so the event loop never waits on PostgreSQL; an
item that fills a batch waits for that batch, which holds back the crawl when the database
is slower than the spider. When the database cannot be reached, `pipelines.delivery` takes
over: it retries with backoff while the crawl goes on, holds batches in bounded memory,
spills them to files when that is full, and replays them when the database is back. A crawl
that ends while the database is still down leaves its rows and its end in spill files, for
`trawl db replay`. Items dropped with `RejectedItem` (by ValidationPipeline), items that
cannot be made into rows, and rows the database refuses go to `rejects`. When the spider
closes, the crawl run gets its end time, status, counts and Scrapy's stats.

Settings: see `pipelines.writer_config` (TRAWL_DATABASE_URL, TRAWL_WRITER_*, TRAWL_RESUME_KEY)
and TRAWL_WRITER_ENABLED (default True; False switches the writer off: a feed-only crawl).
Environment: TRAWL_DAGSTER_RUN_ID, recorded on the crawl run when Dagster launched it.

Stats: trawl/crawl_run_id, trawl/items_stored, trawl/items_rejected (with validation's),
trawl/writer/flushes, trawl/writer/rows_lost, trawl/resume/resumed_crawl_run, and the
outage figures of `pipelines.delivery`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import is_asyncio_available

from pipelines.batches import Batch, write_batch
from pipelines.crawl_runs import run_status, spider_arguments
from pipelines.database import redact
from pipelines.delivery import LOST_STAT, StoreDelivery
from pipelines.jsonsafe import json_safe
from pipelines.observations import table_for
from pipelines.rejects import REJECTED_STAT, RejectedItem, reject_row
from pipelines.replay import replay_spill_file
from pipelines.spill import run_end_record, spill_file_name, spill_files, write_spill_file
from pipelines.store import RESUME_KEY_STAT, RawStore, StoreUnavailable
from pipelines.writer_config import WriterConfig

__all__ = ["PostgresWriterPipeline", "WriterConfig"]

log = logging.getLogger(__name__)
STORED_STAT = "trawl/items_stored"
CRAWL_RUN_STAT = "trawl/crawl_run_id"
RESUMED_STAT = "trawl/resume/resumed_crawl_run"


def utcnow() -> datetime:
    return datetime.now(UTC)


class PostgresWriterPipeline:
    def __init__(self, crawler: Crawler, config: WriterConfig):
        self.crawler = crawler
        self.stats = crawler.stats
        self.config = config
        self.spill_dir = config.spill_directory()
        self.store = RawStore(config.database_url)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trawl-writer")
        self.batch = Batch()
        self.crawl_run_id: int | None = None
        self.resumed = False
        self.delivery: StoreDelivery | None = None
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

    async def in_worker(self, function, *args, **kwargs) -> Any:
        """Run blocking database work in the writer's one worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, functools.partial(function, *args, **kwargs))

    # -- Scrapy's calls ---------------------------------------------------------------------

    async def open_spider(self) -> None:
        if self.config.migrate:
            await self.in_worker(self.store.ensure_schema)
        self.crawl_run_id = await self.open_or_resume_run(self.crawler.spider)
        self.stats.set_value(CRAWL_RUN_STAT, self.crawl_run_id)
        for name in (STORED_STAT, REJECTED_STAT, LOST_STAT, "trawl/writer/flushes"):
            self.stats.inc_value(name, 0)
        log.info("crawl run %s: storing items in %s", self.crawl_run_id,
                 redact(self.config.database_url))  # fmt: skip
        self.delivery = StoreDelivery(
            write=self.write, replay=self.replay, on_written=self.count_written,
            spill_dir=self.spill_dir, crawl_run_id=self.crawl_run_id,
            limits=self.config.backlog_limits, retry_first_s=self.config.retry_seconds,
            retry_max_s=self.config.retry_max_seconds, stats=self.stats,
        )  # fmt: skip
        self.delivery.start(leftover_spills=spill_files(self.spill_dir, self.crawl_run_id))
        self.warn_of_other_spills()
        self.flusher = asyncio.ensure_future(self.flush_when_due())

    async def open_or_resume_run(self, spider: Spider) -> int:
        key = self.config.resume_key
        if key:
            self.stats.set_value(RESUME_KEY_STAT, key)  # kept in the run's stats at close
            resumed = await self.in_worker(self.store.resume_crawl_run, spider.name, key)
            if resumed is not None:
                self.resumed = True
                self.stats.set_value(RESUMED_STAT, resumed)
                log.info("resuming crawl run %s (resume key %r)", resumed, key)
                return resumed
        return await self.in_worker(
            self.store.open_crawl_run, spider.name, spider_arguments(spider), utcnow(),
            os.environ.get("TRAWL_DAGSTER_RUN_ID") or None, key,
        )  # fmt: skip

    async def process_item(self, item: Any) -> Any:
        table = table_for(item)
        if table is None:
            self.note_unstored(item)
            return item
        batch = self.batch
        batch.add_item(table, item, datetime.now(UTC))  # utcnow(), without the call per item
        if batch.rows_due():
            self.build_rows()
        if batch.size >= self.config.batch_size:  # len(batch), without the call per item
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
        self.flush()
        if self.delivery is not None:
            await self.delivery.close(self.config.close_wait_seconds)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            if self.crawl_run_id is not None:
                await self.finish_run(reason)
        finally:
            await self.in_worker(self.store.close)
            self.worker.shutdown(wait=False)

    async def finish_run(self, reason: str) -> None:
        """Close the crawl run in the database, or, when rows of it wait in spill files or
        the database is down, record its end in a spill file for `trawl db replay`."""
        rows_lost = self.stats.get_value(LOST_STAT, 0)
        finished_at = utcnow()
        if not spill_files(self.spill_dir, self.crawl_run_id):
            try:
                await self.in_worker(
                    self.store.finish_crawl_run, self.crawl_run_id, finished_at=finished_at,
                    status=run_status(reason, rows_lost), finish_reason=reason,
                    items_stored=None if self.resumed else self.stats.get_value(STORED_STAT, 0),
                    items_rejected=None if self.resumed else self.stats.get_value(REJECTED_STAT),
                    stats=json_safe(self.stats.get_stats()),
                )  # fmt: skip
                return
            except StoreUnavailable as error:
                log.error("could not close crawl run %s: %s", self.crawl_run_id, error)
        path = self.spill_dir / spill_file_name(self.crawl_run_id, 9999)
        record = run_end_record(
            self.crawl_run_id, finished_at, reason, rows_lost, self.stats.get_stats()
        )
        await self.in_worker(write_spill_file, path, [record])
        left = spill_files(self.spill_dir, self.crawl_run_id)
        self.stats.set_value("trawl/writer/spill_files_left", len(left))
        log.error(
            "the raw store is unreachable: crawl run %s's remaining rows and its end are in "
            "%d spill files in %s. Replay them when the database is back: trawl db replay %s",
            self.crawl_run_id, len(left), self.spill_dir, self.spill_dir,
        )  # fmt: skip

    # -- batching ---------------------------------------------------------------------------

    def flush(self) -> asyncio.Future:
        """Hand the current batch to the delivery; a future done when it is written (or held
        through an outage)."""
        self.build_rows()
        batch, self.batch = self.batch, Batch()
        if not len(batch) or self.delivery is None:
            done = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        return self.delivery.submit(batch)

    def build_rows(self) -> None:
        """Make the rows of the items the batch holds (see `Batch.build_rows`)."""
        if failed := self.batch.build_rows(self.crawl_run_id):
            self.stats.inc_value(REJECTED_STAT, failed)
            log.warning("%d items could not be made into rows: see `rejects`", failed)

    async def flush_when_due(self) -> None:
        """Flush a partial batch once its first row has waited TRAWL_WRITER_FLUSH_SECONDS."""
        interval = self.config.flush_seconds
        while True:
            await asyncio.sleep(min(interval / 4, 0.5))
            if self.batch.age() >= interval:
                self.flush()

    async def write(self, batch: Batch) -> Any:
        return await self.in_worker(write_batch, self.store, batch, self.crawl_run_id, self.resumed)

    async def replay(self, path: Path) -> Any:
        return await self.in_worker(replay_spill_file, self.store, path)

    def count_written(self, outcome: Any) -> None:
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
            log.warning(
                "%s items are not stored: only LeadItem, ProductItem and ContactItem are", kind
            )

    def warn_of_other_spills(self) -> None:
        others = [p for p in spill_files(self.spill_dir) if p not in self.delivery.spilled]
        if others:
            log.warning(
                "%d spill files of earlier crawl runs wait in %s: load them with "
                "`trawl db replay %s`", len(others), self.spill_dir, self.spill_dir,
            )  # fmt: skip
