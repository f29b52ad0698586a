"""Spill files: batches the raw store could not take yet, kept as JSON lines on local disk.

While PostgreSQL is unreachable the writer holds batches in memory; when that buffer is
full it spills them here, one file per spill, named so that sorting by name is the order
they were written in: `crawl-run-<id>-<UTC time>-<n>.jsonl`. One line per batch
({"crawl_run_id", "tables": {table: {"rows"}}, "rejects"}; files of earlier versions also
hold the items behind the rows, which replay no longer needs); a crawl that ends
with the database still down adds a line {"crawl_run_end": {...}} so the run can be
closed when the file is replayed (see `pipelines.replay`).

Lines are written with `ensure_ascii`, so text that PostgreSQL would refuse (NUL, lone
surrogates) survives the round trip unchanged and is refused, with a reason, at replay.
A file is locked (flock) while it is written and while it is replayed, so a crawl and
`trawl db replay` never work on the same file at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import logging
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipelines.batches import Batch
from pipelines.jsonsafe import json_safe
from pipelines.observations import TABLES as OBSERVATION_TABLES
from pipelines.rejects import RejectRow

log = logging.getLogger(__name__)

SUFFIX = ".jsonl"
TABLES = {table.name: table for table in OBSERVATION_TABLES}
# row values JSON cannot carry as themselves, restored by column name
DECIMAL_COLUMNS = frozenset({"price"})
TIME_COLUMNS = frozenset({"observed_at"})


class SpillLocked(RuntimeError):
    """Another process is writing or replaying this spill file."""


def spill_file_name(crawl_run_id: int | None, number: int, now: datetime | None = None) -> str:
    """A file name that sorts after every earlier spill of the run (and of earlier runs)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%f")
    return f"crawl-run-{crawl_run_id or 0:010d}-{stamp}-{number:04d}{SUFFIX}"


def spill_files(directory: Path, crawl_run_id: int | None = None) -> list[Path]:
    """The spill files in `directory` (of one crawl run when given), oldest first."""
    if not directory.is_dir():
        return []
    prefix = "crawl-run-" if crawl_run_id is None else f"crawl-run-{crawl_run_id:010d}-"
    return sorted(p for p in directory.glob(f"{prefix}*{SUFFIX}") if p.is_file())


# -- records ---------------------------------------------------------------------------------


def batch_record(batch: Batch, crawl_run_id: int | None) -> dict[str, Any]:
    """A batch as one JSON-able record (see the module docstring)."""
    tables = {
        name: {"rows": [list(row) for row in pending.rows]}
        for name, pending in batch.tables.items()
        if pending.rows
    }
    rejects = [dataclasses.asdict(reject) for reject in batch.rejects]
    return {"crawl_run_id": crawl_run_id, "tables": tables, "rejects": rejects}


def batch_from_record(record: dict[str, Any]) -> Batch:
    """The batch a record was made from (rows, rejects)."""
    batch = Batch()
    for name, pending in record.get("tables", {}).items():
        table = TABLES[name]
        for row in pending["rows"]:
            batch.add(table, _typed_row(table.columns, row))
    for reject in record.get("rejects", []):
        values = dict(reject)
        values["rejected_at"] = datetime.fromisoformat(values["rejected_at"])
        batch.add_reject(RejectRow(**values))
    return batch


def _typed_row(columns: tuple[str, ...], row: list[Any]) -> tuple[Any, ...]:
    return tuple(
        Decimal(value) if value is not None and column in DECIMAL_COLUMNS
        else datetime.fromisoformat(value) if value is not None and column in TIME_COLUMNS
        else value
        for column, value in zip(columns, row, strict=True)
    )  # fmt: skip


def run_end_record(
    crawl_run_id: int, finished_at: datetime, finish_reason: str | None, rows_lost: int,
    stats: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """The line that closes a crawl run at replay: how it ended, and Scrapy's stats."""
    return {"crawl_run_end": {
        "crawl_run_id": crawl_run_id, "finished_at": finished_at.isoformat(),
        "finish_reason": finish_reason, "rows_lost": rows_lost, "stats": json_safe(stats),
    }}  # fmt: skip


# -- files -----------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return json_safe(value)


def write_spill_file(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Append `records` to the file at `path`, one line each, synced to disk; how many.
    Blocking: the writer runs it off the event loop."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("a", encoding="utf-8") as file, _locked(file, path):
        for record in records:
            file.write(json.dumps(record, default=_encode, separators=(",", ":")) + "\n")
            count += 1
        file.flush()
        os.fsync(file.fileno())
    return count


def read_spill_file(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a spill file in order. A last line cut short (the process died while
    writing it) is skipped with a warning: its rows were never acknowledged as spilled."""
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                if line.endswith("\n"):
                    raise ValueError(
                        f"{path}, line {number} is not a spill record; the file is damaged: "
                        "move it aside and replay the others"
                    ) from None
                log.warning("%s: skipping an unfinished last line %d", path, number)


@contextlib.contextmanager
def locked_for_replay(path: Path) -> Iterator[None]:
    """Hold the file's lock while it is replayed; SpillLocked when someone else has it."""
    with path.open("rb") as file, _locked(file, path):
        yield


@contextlib.contextmanager
def _locked(file, path: Path) -> Iterator[None]:
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SpillLocked(f"{path} is in use by another crawl or replay; try again later") from None
    try:
        yield
    finally:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
