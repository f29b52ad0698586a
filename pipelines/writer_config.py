"""The Postgres writer's settings, read and checked once (see `pipelines.writer`).

Settings:
- TRAWL_DATABASE_URL (default: DATABASE_URL, else the embedded server): the raw store.
- TRAWL_WRITER_BATCH_SIZE (default 500): rows per write.
- TRAWL_WRITER_FLUSH_SECONDS (default 2.0): the longest a row waits in a partial batch.
- TRAWL_WRITER_MIGRATE (default True): bring the schema to the head revision at open.
- TRAWL_WRITER_BUFFER_ROWS (default 50000), TRAWL_WRITER_BUFFER_MB (default 64): what the
  writer holds in memory while the database is unreachable; beyond either, it spills.
- TRAWL_WRITER_SPILL_DIR (default: <TRAWL_DATA_DIR>/spill): where spill files go.
- TRAWL_WRITER_RETRY_SECONDS (default 0.5), TRAWL_WRITER_RETRY_MAX_SECONDS (default 15):
  the first delay before trying an unreachable database again, and the longest (doubling).
- TRAWL_WRITER_CLOSE_WAIT_SECONDS (default 60): how long a closing crawl waits for an
  unreachable database before it spills what it holds and ends.
- TRAWL_RESUME_KEY (default: the TRAWL_RESUME_KEY environment variable): a name for this
  crawl; a crawl started with the key of an unfinished crawl run of the same spider (killed,
  failed, cancelled) continues that run instead of opening a new one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings

from pipelines.backlog import BacklogLimits
from pipelines.database import data_dir, database_url


@dataclass(frozen=True)
class WriterConfig:
    """The writer's settings, read and checked once."""

    database_url: str
    batch_size: int = 500
    flush_seconds: float = 2.0
    migrate: bool = True
    buffer_rows: int = 50_000
    buffer_mb: float = 64.0
    spill_dir: Path | None = None  # None: <data dir>/spill
    retry_seconds: float = 0.5
    retry_max_seconds: float = 15.0
    close_wait_seconds: float = 60.0
    resume_key: str | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> WriterConfig:
        spill_dir = settings.get("TRAWL_WRITER_SPILL_DIR")
        return cls(
            database_url=settings.get("TRAWL_DATABASE_URL") or database_url(),
            batch_size=_setting(settings, "TRAWL_WRITER_BATCH_SIZE", 500, int),
            flush_seconds=_setting(settings, "TRAWL_WRITER_FLUSH_SECONDS", 2.0, float),
            migrate=settings.getbool("TRAWL_WRITER_MIGRATE", True),
            buffer_rows=_setting(settings, "TRAWL_WRITER_BUFFER_ROWS", 50_000, int),
            buffer_mb=_setting(settings, "TRAWL_WRITER_BUFFER_MB", 64.0, float),
            spill_dir=Path(spill_dir) if spill_dir else None,
            retry_seconds=_setting(settings, "TRAWL_WRITER_RETRY_SECONDS", 0.5, float),
            retry_max_seconds=_setting(settings, "TRAWL_WRITER_RETRY_MAX_SECONDS", 15.0, float),
            close_wait_seconds=_setting(settings, "TRAWL_WRITER_CLOSE_WAIT_SECONDS", 60.0, float),
            resume_key=(
                settings.get("TRAWL_RESUME_KEY") or os.environ.get("TRAWL_RESUME_KEY") or None
            ),
        )

    @property
    def backlog_limits(self) -> BacklogLimits:
        return BacklogLimits(rows=self.buffer_rows, bytes=int(self.buffer_mb * 2**20))

    def spill_directory(self) -> Path:
        return self.spill_dir or data_dir() / "spill"


def _setting(settings: BaseSettings, name: str, default: Any, kind: type) -> Any:
    value = settings.get(name, default)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number <= 0:
        raise ValueError(f"{name} must be a positive {kind.__name__}, got {value!r}")
    return number
