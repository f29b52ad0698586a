"""Delivering the writer's batches to the raw store in order, through database outages.

`StoreDelivery` is the writer's one consumer: it takes batches from the backlog oldest first
and writes each with `write` (which runs in the writer's worker thread). When the store
cannot be reached (StoreUnavailable) it keeps that batch and tries again after a delay that
doubles up to a maximum, forever while the crawl runs. Meanwhile the crawl goes on: a batch
flushed during an outage is held without making the crawl wait, and when the backlog grows
past its limits (rows or bytes) all of it is spilled to a file (`pipelines.spill`, written in
a thread of its own). When the store answers again, spill files are replayed first (they
hold the older batches), then the backlog, so rows land in the order they were flushed.

At close, `close(wait)` waits for the backlog to drain; when the store has been unreachable
for `wait` seconds it spills everything still held, and the files stay for `trawl db
replay`. Nothing here blocks the event loop on the database.

Stats: trawl/writer/outages, trawl/writer/outage_seconds, trawl/writer/retries,
trawl/writer/rows_spilled, trawl/writer/spill_files, trawl/writer/rows_replayed,
trawl/writer/rows_lost (rows that could neither be stored nor spilled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipelines.backlog import Backlog, BacklogLimits, Waiting, retry_delays
from pipelines.batches import Batch
from pipelines.spill import batch_record, spill_file_name, spill_files, write_spill_file
from pipelines.store import StoreUnavailable

log = logging.getLogger(__name__)
LOST_STAT = "trawl/writer/rows_lost"


class StoreDelivery:
    def __init__(
        self,
        *,
        write: Callable[[Batch], Awaitable[Any]],
        replay: Callable[[Path], Awaitable[Any]],
        on_written: Callable[[Any], None],
        spill_dir: Path,
        crawl_run_id: int | None,
        limits: BacklogLimits,
        retry_first_s: float,
        retry_max_s: float,
        stats: Any,
    ):
        self.write, self.replay, self.on_written = write, replay, on_written
        self.spill_dir = spill_dir
        self.crawl_run_id = crawl_run_id
        self.limits = limits
        self.retry_first_s, self.retry_max_s = retry_first_s, retry_max_s
        self.stats = stats
        self.backlog = Backlog()
        self.in_flight: Waiting | None = None
        self.spilled: list[Path] = []  # spill files waiting for replay, oldest first
        self.spill_writes: dict[Path, tuple[asyncio.Future, int]] = {}  # path -> (write, rows)
        self.spiller = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trawl-spill")
        self.spill_number = 0
        self.wakeup = asyncio.Event()
        self.outage_started: float | None = None
        self.closing = False
        self.task: asyncio.Task | None = None
        for name in ("outages", "retries", "rows_spilled", "spill_files", "rows_replayed"):
            self.stats.inc_value(f"trawl/writer/{name}", 0)

    def start(self, leftover_spills: list[Path] = ()) -> None:
        """Start delivering; `leftover_spills` (of this crawl run, from a process that did not
        finish) are replayed first."""
        self.spilled = list(leftover_spills)
        self.task = asyncio.ensure_future(self.run())

    # -- the crawl's side --------------------------------------------------------------------

    def submit(self, batch: Batch) -> asyncio.Future:
        """Queue `batch`; a future done when it is written, or at once during an outage."""
        settled = asyncio.get_running_loop().create_future()
        self.backlog.push(batch, settled)
        if self.outage_started is not None:
            settled.set_result(None)  # held: the crawl goes on while the database is down
        if self.backlog.is_over(self.limits):
            self.spill(self.backlog.take_all())
        self.wakeup.set()
        return settled

    def spill(self, held: list[Waiting]) -> None:
        """Write `held` batches to a new spill file, in the spill thread."""
        if not held:
            return
        for waiting in held:
            _settle(waiting.ticket)
        self.spill_number += 1
        path = self.spill_dir / spill_file_name(self.crawl_run_id, self.spill_number)
        batches = [waiting.batch for waiting in held]
        rows = sum(len(batch) for batch in batches)
        records = (batch_record(batch, self.crawl_run_id) for batch in batches)
        write = asyncio.get_running_loop().run_in_executor(
            self.spiller, write_spill_file, path, records
        )
        self.spill_writes[path] = (write, rows)
        self.spilled.append(path)
        self.stats.inc_value("trawl/writer/rows_spilled", rows)
        self.stats.inc_value("trawl/writer/spill_files")
        log.warning("the raw store is unreachable and %d rows are waiting: spilled them to %s",
                    rows, path)  # fmt: skip

    # -- the consumer ------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            if self.spilled:
                await self.deliver_spill(self.spilled[0])
                self.spilled.pop(0)
            elif len(self.backlog):
                self.in_flight = self.backlog.pop()
                await self.deliver(self.in_flight)
                self.in_flight = None
            elif self.closing:
                return
            else:
                self.wakeup.clear()
                await self.wakeup.wait()

    async def deliver(self, waiting: Waiting) -> None:
        try:
            outcome = await self.patiently(self.write, waiting.batch)
        except Exception as error:  # noqa: BLE001 - not the connection: a bug; counted, logged
            self.lose(len(waiting.batch), error)
        else:
            self.on_written(outcome)
        finally:
            _settle(waiting.ticket)

    async def deliver_spill(self, path: Path) -> None:
        write, rows = self.spill_writes.pop(path, (None, 0))
        try:
            if write is not None:
                await write
        except Exception as error:  # noqa: BLE001 - the disk is full, or not writable
            self.lose(rows, error)
            return
        try:
            outcome = await self.patiently(self.replay, path)
        except FileNotFoundError:
            return  # `trawl db replay` got there first
        except Exception as error:  # noqa: BLE001 - a damaged or locked file: it stays
            log.error("could not replay the spill file %s: %s; it stays for "
                      "`trawl db replay`", path, error)  # fmt: skip
            return
        self.stats.inc_value("trawl/writer/rows_replayed", outcome.rows)
        self.on_written(outcome)

    async def patiently(self, operation: Callable[[Any], Awaitable[Any]], argument: Any) -> Any:
        """`operation(argument)`, tried again after growing delays while the store is down."""
        delays = retry_delays(self.retry_first_s, self.retry_max_s)
        while True:
            try:
                result = await operation(argument)
            except StoreUnavailable as error:
                self.note_outage(error)
                self.stats.inc_value("trawl/writer/retries")
                await asyncio.sleep(next(delays))
                continue
            self.note_recovery()
            return result

    def note_outage(self, error: StoreUnavailable) -> None:
        if self.outage_started is not None:
            return
        self.outage_started = time.monotonic()
        self.stats.inc_value("trawl/writer/outages")
        for ticket in self.backlog.tickets() + [self.in_flight and self.in_flight.ticket]:
            _settle(ticket)
        log.warning(
            "%s. Holding rows in memory (up to %d rows, %.0f MB), then spilling them to %s; "
            "retrying every %.1f-%.0f s", str(error).rstrip("."), self.limits.rows,
            self.limits.bytes / 2**20, self.spill_dir, self.retry_first_s, self.retry_max_s,
        )  # fmt: skip

    def note_recovery(self) -> None:
        if self.outage_started is None:
            return
        seconds = time.monotonic() - self.outage_started
        self.outage_started = None
        self.stats.inc_value("trawl/writer/outage_seconds", round(seconds, 1))
        log.warning("the raw store is back after %.1f s; writing %d spill files and %d held "
                    "rows", seconds, len(self.spilled), self.backlog.rows)  # fmt: skip

    def lose(self, rows: int, error: Exception) -> None:
        self.stats.inc_value(LOST_STAT, rows)
        log.error("could not store %d rows in the raw store: %s", rows, error, exc_info=error)

    # -- close -------------------------------------------------------------------------------

    async def close(self, wait_s: float) -> list[Path]:
        """Deliver everything; after `wait_s` seconds of outage, spill what is still held.
        The spill files this crawl run leaves behind (empty when everything was stored)."""
        self.closing = True
        self.wakeup.set()
        closing_since = time.monotonic()
        while self.task is not None and not self.task.done():
            if self.outage_started is not None:
                down_for = time.monotonic() - max(self.outage_started, closing_since)
                if down_for >= wait_s:
                    await self.give_up()
                    break
            await asyncio.wait([self.task], timeout=0.2)
        if self.task is not None and self.task.done() and not self.task.cancelled():
            self.task.result()  # a bug in the consumer surfaces here
        for write, rows in list(self.spill_writes.values()):
            try:
                await write
            except Exception as error:  # noqa: BLE001 - the disk is full, or not writable
                self.lose(rows, error)
        self.spiller.shutdown(wait=False)
        return spill_files(self.spill_dir, self.crawl_run_id)

    async def give_up(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        held = ([self.in_flight] if self.in_flight else []) + self.backlog.take_all()
        self.in_flight = None
        self.spill(held)


def _settle(ticket: Any) -> None:
    if isinstance(ticket, asyncio.Future) and not ticket.done():
        ticket.set_result(None)
