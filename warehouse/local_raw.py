"""The raw store's observation tables inside DuckDB, filled from items without PostgreSQL.

A build normally copies `raw.lead_observations` and `raw.product_observations` from
PostgreSQL (`warehouse.raw_store`). To run the same models on data that never went through a
crawl (a CSV for `trawl dedupe`, the sandbox's pages in tests), `create_raw_tables` makes
tables of the same shape in a DuckDB connection and `insert_items` fills them the way the
pipelines would: each item normalized (`pipelines.normalize.items`) and turned into an
observation row (`pipelines.observations`). Reads no settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from pipelines.normalize.items import normalize_item
from pipelines.observations import TABLES as OBSERVATION_TABLES
from pipelines.observations import ObservationTable, observation_row, table_for
from spiders.items import ContactItem, LeadItem, ProductItem

# the types a snapshot of the raw store has in DuckDB (JSON columns arrive as text)
COLUMN_TYPES = {
    "id": "bigint", "crawl_run_id": "bigint", "latitude": "double", "longitude": "double",
    "rating": "double", "review_count": "integer", "price": "decimal(18, 4)",
    "observed_at": "timestamp with time zone",
}  # fmt: skip
TABLES = {table.name: table for table in OBSERVATION_TABLES}
NOT_COPIED = ("raw",)  # as in a snapshot of the raw store (see warehouse.raw_store)


def copied_columns(table: ObservationTable) -> list[str]:
    """The table's columns as a snapshot holds them: the generated id first, `raw` left out."""
    return ["id", *(column for column in table.columns if column not in NOT_COPIED)]


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create empty observation tables (`raw.lead_observations`...) on `con`."""
    con.execute("create schema if not exists raw")
    for name, table in TABLES.items():
        columns = ", ".join(
            f"{column} {COLUMN_TYPES.get(column, 'varchar')}" for column in copied_columns(table)
        )
        con.execute(f"create or replace table raw.{name} ({columns})")


def insert_items(
    con: duckdb.DuckDBPyConnection,
    items: Iterable[LeadItem | ProductItem | ContactItem],
    crawl_run_id: int = 1,
    observed_at: datetime | None = None,
) -> dict[str, int]:
    """Normalize `items` and append them to the raw tables as observations of one crawl run;
    rows added per table."""
    observed_at = observed_at or datetime.now(UTC)
    rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
    for item in items:
        table = table_for(item)
        if table is None:
            raise TypeError(f"only leads, products and contacts are observations, not {item!r}")
        row = dict(
            zip(table.columns, observation_row(normalize_item(item), crawl_run_id, observed_at))
        )
        rows[table.name].append(tuple(row[c] for c in copied_columns(table) if c != "id"))
    for name, table_rows in rows.items():
        if table_rows:
            _append(con, TABLES[name], table_rows)
    return {name: len(table_rows) for name, table_rows in rows.items()}


def _append(con: duckdb.DuckDBPyConnection, table: ObservationTable, rows: list[tuple]) -> None:
    columns = [c for c in copied_columns(table) if c != "id"]
    first_id = con.execute(f"select coalesce(max(id), 0) + 1 from raw.{table.name}").fetchone()[0]
    batch = pa.table({
        "id": pa.array(range(first_id, first_id + len(rows)), pa.int64()),
        **{column: _column(column, [row[i] for row in rows]) for i, column in enumerate(columns)},
    })  # fmt: skip
    con.register("observation_batch", batch)
    try:
        con.execute(f"insert into raw.{table.name} by name select * from observation_batch")
    finally:
        con.unregister("observation_batch")


def _column(name: str, values: list) -> pa.Array:
    if name == "price":  # Decimals of varying scale: as text, cast by the insert
        return pa.array([None if v is None else str(v) for v in values], pa.string())
    if name in ("latitude", "longitude", "rating"):
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if name in ("review_count", "crawl_run_id"):
        return pa.array(values, pa.int64())
    if name == "observed_at":
        return pa.array(values, pa.timestamp("us", tz="UTC"))
    return pa.array([None if v is None else str(v) for v in values], pa.string())
