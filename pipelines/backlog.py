"""The writer's backlog: batches waiting for the raw store, in order, bounded in memory; and
the retry schedule while the store cannot be reached. Pure: no I/O, no Scrapy, no asyncio.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipelines.batches import Batch


@dataclass(frozen=True)
class BacklogLimits:
    """How much the backlog holds in memory before it is spilled to disk."""

    rows: int = 50_000
    bytes: int = 64 * 2**20


def batch_bytes(batch: Batch) -> int:
    """About how much memory a batch holds: its rows' and rejects' text, plus what Python
    spends on each value besides (a str's header is 49 bytes)."""
    size = 0
    for pending in batch.tables.values():
        # one list of the table's texts rather than a generator per row: this runs on the
        # crawl's thread for every batch, and costs a microsecond a row even so
        texts = [v for row in pending.rows for v in row if isinstance(v, str)]
        values = sum(map(len, pending.rows))
        size += 32 * (values - len(texts)) + 49 * len(texts) + sum(map(len, texts))
    size += sum(len(reject.item_json) + len(reject.reason) + 98 for reject in batch.rejects)
    return size


@dataclass
class Waiting:
    """A batch in the backlog, with whatever the writer tracks about it (a future)."""

    batch: Batch
    ticket: Any
    bytes: int


class Backlog:
    """Batches in the order they were flushed, with their total rows and bytes."""

    def __init__(self) -> None:
        self._waiting: deque[Waiting] = deque()
        self.rows = 0
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._waiting)

    def push(self, batch: Batch, ticket: Any = None) -> Waiting:
        waiting = Waiting(batch, ticket, batch_bytes(batch))
        self._waiting.append(waiting)
        self.rows += len(batch)
        self.bytes += waiting.bytes
        return waiting

    def pop(self) -> Waiting:
        """The oldest batch."""
        waiting = self._waiting.popleft()
        self.rows -= len(waiting.batch)
        self.bytes -= waiting.bytes
        return waiting

    def take_all(self) -> list[Waiting]:
        """Every batch, oldest first, leaving the backlog empty."""
        taken = list(self._waiting)
        self._waiting.clear()
        self.rows = self.bytes = 0
        return taken

    def tickets(self) -> list[Any]:
        return [waiting.ticket for waiting in self._waiting]

    def is_over(self, limits: BacklogLimits) -> bool:
        return self.rows > limits.rows or self.bytes > limits.bytes


def retry_delays(first: float, longest: float) -> Iterator[float]:
    """Seconds to wait before each new attempt: `first`, doubling, never above `longest`."""
    delay = first
    while True:
        yield delay
        delay = min(delay * 2, longest)
