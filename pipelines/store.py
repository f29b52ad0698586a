"""The raw store's write side: crawl runs, observation batches and rejects, over psycopg 3.

Observations are written by COPY into a temporary staging table, then
`INSERT ... SELECT ... ON CONFLICT (source, source_id, crawl_run_id) DO UPDATE`: the last
sighting of an entity in a crawl run is its observation for that run (a detail page seen
after a listing page says more), and the update only happens when the content hash changed,
so replaying a run rewrites nothing. When the database refuses a batch (a NUL byte in JSON,
a number too large for its column), the batch is bisected until the refused rows are
isolated: the good rows are stored, each refused row comes back with the database's reason.

A RawStore holds one connection and is not thread-safe: the writer pipeline uses it from
one worker thread.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql

from pipelines.database import redact
from pipelines.jsonsafe import dumps
from pipelines.observations import ObservationTable
from pipelines.rejects import RejectRow
from pipelines.schema import ensure_schema

log = logging.getLogger(__name__)
RESUME_KEY_STAT = "trawl/resume_key"

# errors that belong to the rows sent, not to the connection: bisect to find the culprits
# (UnicodeEncodeError: text holding a lone surrogate, which no UTF-8 database can take)
ROW_ERRORS = (psycopg.DataError, psycopg.IntegrityError, psycopg.ProgrammingError,
              UnicodeEncodeError)  # fmt: skip
# a server that does not answer a connection attempt within this many seconds is down
CONNECT_TIMEOUT_S = 10


class StoreUnavailable(RuntimeError):
    """The database could not be reached or lost the connection, even after reconnecting."""


@dataclass
class StoreResult:
    stored: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row index, reason)


class RawStore:
    """Writes to the raw tables of the database at `url` (a libpq URL)."""

    def __init__(self, url: str):
        self.url = url
        self._connection: psycopg.Connection | None = None
        self._staged: set[str] = set()

    # -- connection ---------------------------------------------------------------------

    @property
    def connection(self) -> psycopg.Connection:
        if self._connection is None or self._connection.closed:
            try:
                self._connection = psycopg.connect(
                    self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
                )
            except psycopg.OperationalError as error:
                raise StoreUnavailable(
                    f"cannot connect to the raw store at {redact(self.url)}: "
                    f"{' '.join(str(error).split()).rstrip('.?')}. "
                    "Start it (`trawl db start`) or set "
                    "DATABASE_URL / TRAWL_DATABASE_URL to a running server."
                ) from error
            self._staged = set()
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _retrying(self, operation, *args):
        """Run `operation`; on a lost connection, reconnect and run it once more."""
        try:
            return operation(*args)
        except psycopg.OperationalError as error:
            log.warning("lost the raw store connection (%s); reconnecting", error)
            self.close()
            try:
                return operation(*args)
            except psycopg.OperationalError as again:
                raise StoreUnavailable(
                    f"the raw store at {redact(self.url)} failed twice: {again}"
                ) from again

    def ensure_schema(self) -> None:
        """Migrate the database to the schema this code writes, unless it is there already."""
        self._retrying(ensure_schema, self.connection, self.url)

    # -- crawl runs -----------------------------------------------------------------------

    def open_crawl_run(
        self,
        spider: str,
        arguments: dict[str, Any] | None,
        started_at: datetime,
        dagster_run_id: str | None = None,
        resume_key: str | None = None,
    ) -> int:
        """Insert a `crawl_runs` row with status "running"; its id. A `resume_key` is kept
        in its stats (`trawl/resume_key`) so that `resume_crawl_run` can find it."""

        def insert() -> int:
            row = self.connection.execute(
                "insert into crawl_runs (spider, arguments, started_at, status, items_stored,"
                " items_rejected, dagster_run_id, stats)"
                " values (%s, %s::jsonb, %s, 'running', 0, 0, %s, %s::jsonb) returning id",
                (spider, dumps(arguments or {}, strip_nul=True), started_at, dagster_run_id,
                 dumps({RESUME_KEY_STAT: resume_key}, strip_nul=True) if resume_key else None),
            ).fetchone()  # fmt: skip
            return int(row[0])

        return self._retrying(insert)

    def resume_crawl_run(self, spider: str, resume_key: str) -> int | None:
        """The latest unfinished run of `spider` opened with `resume_key`, back to "running";
        None when there is none (a finished run is never resumed: its crawl is complete)."""

        def reopen() -> int | None:
            row = self.connection.execute(
                "update crawl_runs set status = 'running', finished_at = null,"
                " finish_reason = null where id = (select id from crawl_runs"
                " where spider = %s and stats->>%s = %s and status <> 'finished'"
                " order by id desc limit 1) returning id",
                (spider, RESUME_KEY_STAT, resume_key),
            ).fetchone()
            return None if row is None else int(row[0])

        return self._retrying(reopen)

    def finish_crawl_run(
        self,
        crawl_run_id: int,
        *,
        finished_at: datetime,
        status: str,
        finish_reason: str | None,
        items_stored: int,
        items_rejected: int | None,
        stats: dict[str, Any],
    ) -> None:
        """Close the crawl run: when and how it ended, what it stored, Scrapy's stats.
        `items_stored` / `items_rejected` None: count the run's rows in the database (for
        a run written by more than one process: resumed, or replayed from spill files)."""
        stored = (
            sql.SQL("%s")
            if items_stored is not None
            else sql.SQL(
                "(select count(*) from lead_observations where crawl_run_id = %s)"
                " + (select count(*) from product_observations where crawl_run_id = %s)"
                " + (select count(*) from contact_observations where crawl_run_id = %s)"
            )
        )
        rejected = (
            sql.SQL("%s")
            if items_rejected is not None
            else sql.SQL("(select count(*) from rejects where crawl_run_id = %s)")
        )
        counts = ((items_stored,) if items_stored is not None else (crawl_run_id,) * 3) + (
            (items_rejected,) if items_rejected is not None else (crawl_run_id,)
        )

        def update() -> None:
            self.connection.execute(
                sql.SQL(
                    "update crawl_runs set finished_at = %s, status = %s, finish_reason = %s,"
                    " items_stored = {}, items_rejected = {}, stats = %s::jsonb"
                    # the resume key stays, whatever stats the run ends with
                    " || jsonb_strip_nulls(jsonb_build_object(%s::text, stats->%s::text))"
                    " where id = %s"
                ).format(stored, rejected),
                (finished_at, status, finish_reason, *counts, dumps(stats, strip_nul=True),
                 RESUME_KEY_STAT, RESUME_KEY_STAT, crawl_run_id),
            )  # fmt: skip

        self._retrying(update)

    # -- observations ---------------------------------------------------------------------

    def write_observations(
        self, table: ObservationTable, rows: Sequence[tuple[Any, ...]]
    ) -> StoreResult:
        """Upsert `rows` (in `table.columns` order); the rows refused, with the reasons."""
        result = StoreResult()
        self._write_or_bisect(table, rows, 0, result)
        return result

    def _write_or_bisect(
        self, table: ObservationTable, rows: Sequence[tuple], offset: int, result: StoreResult
    ) -> None:
        if not rows:
            return
        try:
            self._retrying(self._upsert, table, rows)
            result.stored += len(rows)
        except ROW_ERRORS as error:
            if len(rows) == 1:
                result.refused.append((offset, database_reason(error)))
                return
            middle = len(rows) // 2
            self._write_or_bisect(table, rows[:middle], offset, result)
            self._write_or_bisect(table, rows[middle:], offset + middle, result)

    def _upsert(self, table: ObservationTable, rows: Sequence[tuple]) -> None:
        staged = self._staging_table(table)
        columns = sql.SQL(", ").join(map(sql.Identifier, table.columns))
        connection = self.connection
        with connection.transaction(), connection.cursor() as cursor:
            copy_sql = sql.SQL("copy {} ({}, seq) from stdin").format(staged, columns)
            with cursor.copy(copy_sql) as copy:
                for seq, row in enumerate(rows):
                    copy.write_row((*row, seq))
            cursor.execute(_upsert_sql(table, staged))

    def _staging_table(self, table: ObservationTable) -> sql.Identifier:
        """A temporary table shaped like `table` (no id, no constraints, plus a `seq`),
        emptied at every commit."""
        name = f"staged_{table.name}"
        if name not in self._staged:
            self.connection.execute(
                sql.SQL(
                    "create temporary table if not exists {} on commit delete rows as "
                    "select {}, 0::integer as seq from {} with no data"
                ).format(
                    sql.Identifier(name),
                    sql.SQL(", ").join(map(sql.Identifier, table.columns)),
                    sql.Identifier(table.name),
                )
            )
            self._staged.add(name)
        return sql.Identifier(name)

    # -- rejects --------------------------------------------------------------------------

    def write_rejects(self, rejects: Sequence[RejectRow], skip_present: bool = False) -> None:
        """Insert `rejects` rows (their text is already storable, so none is refused). With
        `skip_present`, a reject its crawl run already holds (same item and reason) is not
        added again: for replays and resumed runs, which may see an item twice."""
        if not rejects:
            return
        columns = sql.SQL(", ").join(map(sql.Identifier, RejectRow.COLUMNS))
        values = sql.SQL(", ").join(sql.Placeholder() * len(RejectRow.COLUMNS))
        query = sql.SQL("insert into rejects ({}) values ({})").format(columns, values)
        if skip_present:
            query = sql.SQL(
                "insert into rejects ({}) select {} where not exists (select 1 from rejects"
                " where crawl_run_id is not distinct from %s and item_type = %s"
                " and source is not distinct from %s and source_id is not distinct from %s"
                " and reason = %s)"
            ).format(columns, values)
        params = [
            reject.values() + ((reject.crawl_run_id, reject.item_type, reject.source,
                                reject.source_id, reject.reason) if skip_present else ())
            for reject in rejects
        ]  # fmt: skip

        def insert() -> None:
            with self.connection.transaction(), self.connection.cursor() as cursor:
                cursor.executemany(query, params)

        self._retrying(insert)


def _upsert_sql(table: ObservationTable, staged: sql.Identifier) -> sql.Composed:
    # distinct on: an entity seen twice in one batch would make ON CONFLICT touch a row twice
    updated = [c for c in table.columns if c not in table.key]
    return sql.SQL(
        "insert into {table} ({columns}) "
        "select distinct on ({key}) {columns} from {staged} order by {key}, seq desc "
        "on conflict ({key}) do update set {updates} "
        "where {table}.content_hash is distinct from excluded.content_hash"
    ).format(
        table=sql.Identifier(table.name),
        columns=sql.SQL(", ").join(map(sql.Identifier, table.columns)),
        key=sql.SQL(", ").join(map(sql.Identifier, table.key)),
        staged=staged,
        updates=sql.SQL(", ").join(
            sql.SQL("{} = excluded.{}").format(sql.Identifier(c), sql.Identifier(c))
            for c in updated
        ),
    )


def database_reason(error: Exception) -> str:
    """What the database (or psycopg, before sending) said was wrong with a row, on one line,
    naming the column when the database said which."""
    if isinstance(error, UnicodeEncodeError):
        bad = error.object[error.start : error.end]
        return (
            "the database refused the row: it holds text that is not valid Unicode "
            f"({', '.join(f'U+{ord(c):04X}' for c in bad)}: a lone surrogate, left by bytes "
            "that were not UTF-8 or by half of an escaped emoji); PostgreSQL cannot store it"
        )
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(error).strip().splitlines()[0]
    parts = [primary.rstrip(".")]
    if diag is not None and diag.message_detail:
        parts.append(diag.message_detail.rstrip("."))
    column = getattr(diag, "column_name", None)
    if column is None and diag is not None and diag.context:
        found = re.search(r"^COPY \S+, line \d+, column (\w+)", diag.context, re.MULTILINE)
        column = found and found.group(1)
    if column:
        parts.append(f"column {column}")
    return "the database refused the row: " + "; ".join(parts)
