"""Replaying spill files into the raw store: what a crawl could not write while PostgreSQL
was down (see `pipelines.spill`).

Each batch is written as the writer would have written it; a crawl run's end, when the file
records it, closes the run with its row counts taken from the database. A file is deleted
only once every line of it is committed. Replaying is idempotent: observations upsert on
(source, source_id, crawl_run_id) and a reject already present is not added again, so a
replay cut short (the database went down again) is simply run again.

`replay_spill_file` does blocking I/O: the writer runs it in its worker thread, and
`trawl db replay` calls it directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.batches import write_batch
from pipelines.crawl_runs import run_status
from pipelines.spill import batch_from_record, locked_for_replay, read_spill_file
from pipelines.store import RawStore

log = logging.getLogger(__name__)


@dataclass
class ReplayOutcome:
    batches: int = 0
    rows: int = 0  # observations and rejects read from the file
    stored: int = 0
    refused: int = 0  # rows the database refused: now in `rejects`
    rejects_written: int = 0
    runs_closed: dict[int, str] = field(default_factory=dict)  # crawl run id -> status

    def add(self, other: ReplayOutcome) -> None:
        self.batches += other.batches
        self.rows += other.rows
        self.stored += other.stored
        self.refused += other.refused
        self.rejects_written += other.rejects_written
        self.runs_closed.update(other.runs_closed)


def replay_spill_file(store: RawStore, path: Path) -> ReplayOutcome:
    """Write every record of the spill file at `path` to `store`, then delete the file.
    Raises StoreUnavailable (the file stays) when the database cannot be reached, and
    SpillLocked when another process has the file."""
    outcome = ReplayOutcome()
    with locked_for_replay(path):
        for record in read_spill_file(path):
            if "crawl_run_end" in record:
                run_id, status = close_crawl_run(store, record["crawl_run_end"])
                outcome.runs_closed[run_id] = status
                continue
            batch = batch_from_record(record)
            written = write_batch(store, batch, record["crawl_run_id"], skip_present_rejects=True)
            outcome.batches += 1
            outcome.rows += len(batch)
            outcome.stored += written.stored
            outcome.refused += written.refused
            outcome.rejects_written += written.rejects_written
        path.unlink()
    return outcome


def close_crawl_run(store: RawStore, end: dict) -> tuple[int, str]:
    """Close a crawl run from its spilled end record; its id and status."""
    status = run_status(end["finish_reason"], end.get("rows_lost", 0))
    store.finish_crawl_run(
        end["crawl_run_id"],
        finished_at=datetime.fromisoformat(end["finished_at"]),
        status=status,
        finish_reason=end["finish_reason"],
        items_stored=None,  # counted in the database: the rows came from several writes
        items_rejected=None,
        stats=end.get("stats") or {},
    )
    return end["crawl_run_id"], status
