"""The PostgreSQL sink: trawl's writer against plain COPY and row-by-row INSERT of the same
rows, side by side.

    .venv/bin/python -m bench.sink [ROWS] [ROUNDS]     (defaults 100,000 and 3)

Rows are real ones: the sandbox marketplace's product pages (2,300 products) parsed and
normalized as a crawl would, repeated under distinct listing ids up to ROWS, then turned
into observation rows. In a throwaway database, alternating each round, every method writes
all ROWS into product_observations under a crawl run of its own:
- writer: `RawStore.write_observations` in batches of the project's TRAWL_WRITER_BATCH_SIZE
  (spiders/settings.py), what the writer pipeline's worker thread runs: COPY into a staging
  table, then an upsert that keeps one row per entity and crawl run;
- plain COPY of the rows straight into the table: the floor, with no conflict handling;
- row-by-row INSERT: one INSERT per row (psycopg's executemany), one transaction.
Prints rows/s of each method's best round and the writer's ratio to the other two.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from bench._harness import machine, report_ratio, throwaway_database
from pipelines.normalize.items import normalize_product
from pipelines.observations import PRODUCTS, observation_row
from pipelines.store import RawStore
from sandbox.site import render_site
from spiders.extraction.marketplace import parse_product_page


def batch_size() -> int:
    """The writer's batch size in a crawl: the project's setting, else the writer's default."""
    from scrapy.utils.project import get_project_settings

    from pipelines.writer_config import WriterConfig

    settings = get_project_settings()
    settings.set("TRAWL_DATABASE_URL", "postgresql://unused")  # read, never connected to
    return WriterConfig.from_settings(settings).batch_size


def product_rows(count: int, crawl_run_id: int) -> list[tuple]:
    """`count` observation rows of real marketplace products, each under its own listing id."""
    pages = render_site(7, 0, 2300)
    items = [
        normalize_product(parse_product_page(page.body.decode(), f"http://sandbox{path}"))
        for path, page in pages.items()
        if path.startswith("/market/p/")
    ]
    now = datetime.now(UTC)
    return [
        observation_row(
            dataclasses.replace(items[i % len(items)], source_id=f"S{i:09d}"), crawl_run_id, now
        )
        for i in range(count)
    ]


def with_run(rows: list[tuple], crawl_run_id: int) -> list[tuple]:
    column = PRODUCTS.columns.index("crawl_run_id")
    return [(*row[:column], crawl_run_id, *row[column + 1 :]) for row in rows]


def writer(url: str, size: int) -> Callable[[list[tuple]], None]:
    def write(rows: list[tuple]) -> None:
        store = RawStore(url)
        try:
            for start in range(0, len(rows), size):
                store.write_observations(PRODUCTS, rows[start : start + size])
        finally:
            store.close()

    return write


def plain_copy(url: str) -> Callable[[list[tuple]], None]:
    def write(rows: list[tuple]) -> None:
        columns = sql.SQL(", ").join(map(sql.Identifier, PRODUCTS.columns))
        statement = sql.SQL("copy product_observations ({}) from stdin").format(columns)
        with (
            psycopg.connect(url) as connection,
            connection.cursor() as cursor,
            cursor.copy(statement) as copy,
        ):
            for row in rows:
                copy.write_row(row)

    return write


def row_by_row(url: str) -> Callable[[list[tuple]], None]:
    def write(rows: list[tuple]) -> None:
        statement = sql.SQL("insert into product_observations ({}) values ({})").format(
            sql.SQL(", ").join(map(sql.Identifier, PRODUCTS.columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(PRODUCTS.columns)),
        )
        with psycopg.connect(url) as connection, connection.cursor() as cursor:
            cursor.executemany(statement, rows)

    return write


def main(count: int = 100_000, rounds: int = 3) -> None:
    size = batch_size()
    print(f"sink: {count:,} product rows, writer batches of {size:,}, {rounds} rounds; {machine()}")
    with throwaway_database() as url:
        rows = product_rows(count, 0)
        methods = {"writer": writer(url, size), "plain COPY": plain_copy(url),
                   "row-by-row INSERT": row_by_row(url)}  # fmt: skip
        rates: dict[str, list[float]] = {name: [] for name in methods}
        run_id = 0
        for round_number in range(rounds):
            names = list(methods)[round_number % 3 :] + list(methods)[: round_number % 3]
            for name in names:
                run_id += 1
                batch = with_run(rows, run_id)
                started = time.perf_counter()
                methods[name](batch)
                rates[name].append(count / (time.perf_counter() - started))
                print(f"  round {round_number + 1} {name:18} {rates[name][-1]:9,.0f} rows/s",
                      flush=True)  # fmt: skip
        with psycopg.connect(url) as connection:
            stored = connection.execute("select count(*) from product_observations").fetchone()[0]
    assert stored == run_id * count, f"{stored} rows stored, {run_id * count} written"
    best = {name: max(done) for name, done in rates.items()}
    for name, rate in best.items():
        print(f"{name:18} {rate:9,.0f} rows/s")
    report_ratio("sink: writer / plain COPY, rows/s", best["writer"] / best["plain COPY"],
                 target=0.6)  # fmt: skip
    report_ratio("sink: writer / row-by-row INSERT, rows/s",
                 best["writer"] / best["row-by-row INSERT"])  # fmt: skip


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
