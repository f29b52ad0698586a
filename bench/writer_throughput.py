r"""Raw-store writer throughput: 100k product rows, side by side with plain COPY, in one run.

    .venv/bin/python -m bench.writer_throughput [ROWS]

Creates a throwaway database on DATABASE_URL's server (else the embedded one), migrated, and
times: plain COPY of the rows into product_observations (the floor: no staging, no conflict
check); the writer's store path (COPY into a staging table + INSERT ... ON CONFLICT) at
batch sizes 500 (the writer's own default) and 5,000; a replay of the same rows (every row
conflicts, nothing changes); and the Python side: normalizing items and building rows.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from bench._harness import report_ratio, throwaway_database
from pipelines.normalize.items import normalize_product
from pipelines.observations import PRODUCTS, observation_row
from pipelines.store import RawStore
from spiders.items import ProductItem


def products(count: int) -> list[ProductItem]:
    return [
        ProductItem(
            source="marketplace", source_id=f"B0{i:08d}", url=f"http://127.0.0.1:8700/market/p/B0{i:08d}",
            title=f"Acme Phone {i % 97} 128GB Black", brand="Acme", gtin="4006381333931",
            price=f"${i % 1000},{i % 100:02d}.99", availability="http://schema.org/InStock",
            rating=4.5, review_count=i % 500, seller=f"Seller {i % 13}",
            category_path=["Electronics", "Phones"], image_urls=[f"http://img.test/{i}.jpg"],
            raw={"listing": i},
        )
        for i in range(count)
    ]  # fmt: skip


def timed(label: str, count: int, work) -> float:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<52} {seconds:7.2f} s  {count / seconds:>10,.0f} rows/s")
    return count / seconds


def main(count: int) -> None:
    with throwaway_database() as url:
        items = products(count)
        normalized: list[ProductItem] = []
        timed(
            "normalize items (Python)",
            count,
            lambda: normalized.extend(map(normalize_product, items)),
        )
        now = datetime.now(UTC)
        rows: dict[int, list[tuple]] = {}
        for run_id in (1, 2, 3):
            timed(f"build rows, run {run_id} (Python)", count,
                  lambda r=run_id: rows.__setitem__(r, [observation_row(i, r, now) for i in normalized]))  # fmt: skip

        with psycopg.connect(url, autocommit=True) as connection:

            def plain_copy() -> None:
                columns = sql.SQL(", ").join(map(sql.Identifier, PRODUCTS.columns))
                with (
                    connection.cursor() as cursor,
                    cursor.copy(
                        sql.SQL("copy product_observations ({}) from stdin").format(columns)
                    ) as copy,
                ):
                    for row in rows[1]:
                        copy.write_row(row)

            floor = timed("plain COPY into product_observations", count, plain_copy)

        store = RawStore(url)

        def write(run_id: int, batch_size: int) -> None:
            for start in range(0, count, batch_size):
                store.write_observations(PRODUCTS, rows[run_id][start : start + batch_size])

        default = timed(
            "writer: staging COPY + upsert, batches of 500", count, lambda: write(2, 500)
        )
        large = timed(
            "writer: staging COPY + upsert, batches of 5,000", count, lambda: write(3, 5000)
        )
        timed("writer: replay of a run (all conflicts, no change)", count, lambda: write(2, 500))
        store.close()
        report_ratio("writer throughput: batches of 500 / plain COPY, rows/s", default / floor)
        report_ratio("writer throughput: batches of 5,000 / plain COPY, rows/s", large / floor)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
