"""A batch of rows on its way to the raw store, and writing it: observations, then rejects.

Rows the database refuses become rejects with its reason; the rest of the batch is stored.
`write_batch` does blocking I/O: the writer pipeline runs it in its worker thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pipelines.observations import TABLES, ObservationTable
from pipelines.rejects import RejectRow, reject_row
from pipelines.store import RawStore


@dataclass
class TableBatch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)  # the item behind each row, for rejects


@dataclass
class Batch:
    tables: dict[str, TableBatch] = field(
        default_factory=lambda: {table.name: TableBatch() for table in TABLES}
    )
    rejects: list[RejectRow] = field(default_factory=list)
    first_added: float | None = None  # time.monotonic() of the first row: the batch's age

    def add(self, table: ObservationTable, row: tuple[Any, ...], item: Any) -> None:
        self._touch()
        self.tables[table.name].rows.append(row)
        self.tables[table.name].items.append(item)

    def add_reject(self, reject: RejectRow) -> None:
        self._touch()
        self.rejects.append(reject)

    def age(self) -> float:
        """Seconds since the first row was added (0 for an empty batch)."""
        return 0.0 if self.first_added is None else time.monotonic() - self.first_added

    def _touch(self) -> None:
        if self.first_added is None:
            self.first_added = time.monotonic()

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def __len__(self) -> int:
        return self.row_count + len(self.rejects)


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
        rejects += [reject_row(pending.items[i], why, crawl_run_id) for i, why in result.refused]
    store.write_rejects(rejects, skip_present=skip_present_rejects)
    outcome.rejects_written = len(rejects)
    return outcome
