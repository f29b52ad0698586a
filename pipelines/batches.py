"""A batch of rows on its way to the raw store, and writing it: observations, then rejects.

Rows the database refuses become rejects with its reason; the rest of the batch is stored.
`write_batch` does blocking I/O: the writer pipeline runs it in its worker thread. The
writer adds items (`add_item`) and makes their rows (`build_rows`) a hundred at a time
(`rows_due`) and when it flushes. Made one after another, rows cost less CPU than made one
per item as it comes; and once its row is made an item is let go, so a batch holds plain
rows, which the garbage collector soon stops looking at, rather than thousands of items.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipelines.observations import TABLES, ObservationTable, observation_row, row_record
from pipelines.rejects import RejectRow, refused_row_reject, reject_row
from pipelines.store import RawStore

log = logging.getLogger(__name__)


# how many items wait for their rows to be made: enough to make them one after another,
# few enough that the items are let go soon (bench/pipeline.py)
ROWS_AT_ONCE = 100


@dataclass
class TableBatch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class Batch:
    tables: dict[str, TableBatch] = field(
        default_factory=lambda: {table.name: TableBatch() for table in TABLES}
    )
    rejects: list[RejectRow] = field(default_factory=list)
    first_added: float | None = None  # time.monotonic() of the first row: the batch's age
    # items whose rows build_rows has yet to make: (table, item, when it was observed)
    unbuilt: list[tuple[ObservationTable, Any, datetime]] = field(default_factory=list)
    # rows, rejects and unbuilt items, counted as they come (the writer asks after every
    # item): kept by the methods below, never given
    size: int = field(default=0, init=False)

    def add(self, table: ObservationTable, row: tuple[Any, ...]) -> None:
        self._touch()
        self.tables[table.name].rows.append(row)
        self.size += 1

    def add_item(self, table: ObservationTable, item: Any, observed_at: datetime) -> None:
        """Add `item`, its row to be made by `build_rows`. Made one after another, rows
        cost about half the CPU they do made one per item between the crawl's pages, whose
        parsing leaves the caches cold (bench/pipeline.py)."""
        self._touch()
        self.unbuilt.append((table, item, observed_at))
        self.size += 1

    def rows_due(self) -> bool:
        """Whether enough items wait for their rows (ROWS_AT_ONCE) to make them now."""
        return len(self.unbuilt) >= ROWS_AT_ONCE

    def build_rows(self, crawl_run_id: int | None) -> int:
        """Make the rows of the items `add_item` added. An item whose row cannot be made
        becomes a reject saying why (or, when not even that can be made of it, an error in
        the log); the others' rows are made all the same. The number of items without a row."""
        failed = 0
        self.size -= len(self.unbuilt)  # each comes back as a row or a reject
        for table, item, observed_at in self.unbuilt:
            try:
                row = observation_row(item, crawl_run_id, observed_at)
            except Exception as error:  # noqa: BLE001 - one bad item must not sink the batch
                failed += 1
                self._reject(item, f"could not make its row: {error!r}", crawl_run_id)
                continue
            self.add(table, row)
        self.unbuilt.clear()
        return failed

    def _reject(self, item: Any, reason: str, crawl_run_id: int | None) -> None:
        try:
            self.add_reject(reject_row(item, reason, crawl_run_id))
        except Exception:  # e.g. `raw` nested too deep for JSON: log it at least
            log.exception("could not store a %s item (%s)", type(item).__name__, reason)

    def add_reject(self, reject: RejectRow) -> None:
        self._touch()
        self.rejects.append(reject)
        self.size += 1

    def age(self) -> float:
        """Seconds since the first row was added (0 for an empty batch)."""
        return 0.0 if self.first_added is None else time.monotonic() - self.first_added

    def _touch(self) -> None:
        if self.first_added is None:
            self.first_added = time.monotonic()

    def __len__(self) -> int:
        return self.size


@dataclass
class BatchOutcome:
    stored: int = 0
    refused: int = 0
    rejects_written: int = 0


def write_batch(
    store: RawStore, batch: Batch, crawl_run_id: int | None, skip_present_rejects: bool = False
) -> BatchOutcome:
    """Store the batch's observations, then its rejects plus the rows the database refused.
    `skip_present_rejects`: see RawStore.write_rejects (replays, resumed runs)."""
    outcome = BatchOutcome()
    rejects = list(batch.rejects)
    for table in TABLES:
        pending = batch.tables[table.name]
        if not pending.rows:
            continue
        result = store.write_observations(table, pending.rows)
        outcome.stored += result.stored
        outcome.refused += len(result.refused)
        rejects += [
            refused_row_reject(table.item_type, row_record(table, pending.rows[i]), why,
                               crawl_run_id)
            for i, why in result.refused
        ]  # fmt: skip
    store.write_rejects(rejects, skip_present=skip_present_rejects)
    outcome.rejects_written = len(rejects)
    return outcome
