r"""Warehouse build time at 100k and 1M observations, side by side in one run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python -m bench.warehouse [OBSERVATIONS ...] [--keep DIR]
        # default: 100000 1000000

For each size: a throwaway database on the server named by DATABASE_URL, migrated and filled
by PostgreSQL with generated lead and product observations (bench/warehouse_data.py: real
duplicates, chains, siblings, two crawl runs), then a full `build_warehouse` into a temporary
file (the raw snapshot, every model, no Parquet exports), timed. Prints the seconds of the
snapshot and of each model, the matching's pairwise F1 against the generated truth, and how
the build time (wall clock, and this process's CPU time, which other work on the machine
does not inflate) grew against the growth of the data.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from bench._harness import report_ratio
from bench.warehouse_data import generate
from pipelines import database
from pipelines.migrate import migrate
from warehouse.build import BuildResult, build_warehouse
from warehouse.scoring import pairwise_scores

DEFAULT_SIZES = (100_000, 1_000_000)


def true_entity(source_id: str) -> str:
    """The generated entity behind a listing: "d12" and "m12" are business 12, "p7-3" product 7."""
    if source_id.startswith("p"):
        return source_id.split("-", 1)[0]
    return "b" + source_id[1:]


def matching_scores(warehouse: Path) -> dict[str, float]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        scores = {}
        for mart, cluster in (("lead_sources", "lead_id"), ("product_offers", "product_id")):
            rows = con.execute(f"select source_id, {cluster} from {mart}").fetchall()
            predicted = dict(rows)
            truth = {source_id: true_entity(source_id) for source_id, _ in rows}
            scores[mart] = pairwise_scores(predicted, truth)
        return scores
    finally:
        con.close()


def run(server: str, observations: int, workdir: Path) -> tuple[int, BuildResult, float]:
    """Generate `observations` in a throwaway database and build; (rows, build, CPU s)."""
    name = f"trawl_bench_{uuid.uuid4().hex[:8]}"
    database.ensure_database(server, name)
    url = database.with_database(server, name)
    try:
        migrate(url)
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            counts = generate(conn, observations)
            conn.execute("vacuum analyze")
        total = sum(counts.values())
        print(
            f"\n{total:,} observations {counts} generated in {time.perf_counter() - started:.1f}s"
        )
        target = workdir / f"warehouse_{observations}.duckdb"
        cpu = time.process_time()
        result = build_warehouse(url, target, export_dir=None)
        cpu = time.process_time() - cpu  # this process (DuckDB's threads), not PostgreSQL's
        print(f"  raw snapshot {result.snapshot_seconds:6.2f}s  {result.raw_rows}")
        for model in result.models:
            print(f"  {model.name:<34} {model.rows:>10,} rows {model.seconds:6.2f}s")
        print(f"  build {result.seconds:.1f}s wall, {cpu:.1f}s CPU")
        for mart, scores in matching_scores(target).items():
            print(
                f"  {mart}: precision {scores.precision:.4f} recall {scores.recall:.4f} "
                f"F1 {scores.f1:.4f} ({scores.records:,} listings)"
            )
        return total, result, cpu
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )


def main(sizes: list[int], keep: Path | None = None) -> None:
    server = database.with_database(
        os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"), "postgres"
    )
    with tempfile.TemporaryDirectory(prefix="trawl-bench-") as tmp:
        os.environ.setdefault("TRAWL_DATA_DIR", tmp)  # DuckDB's extensions go here
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = [run(server, size, workdir) for size in sizes]
    print(f"\nload average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("observations   build s wall   CPU s   vs first: data x   wall x   CPU x")
    first_rows, first, first_cpu = results[0]
    for rows, result, cpu in results:
        print(
            f"{rows:>12,}  {result.seconds:13.1f}  {cpu:6.1f}   {rows / first_rows:15.1f}  "
            f"{result.seconds / first.seconds:7.1f}  {cpu / first_cpu:6.1f}"
        )
    rows, result, cpu = results[-1]
    if len(results) > 1:
        report_ratio(
            f"warehouse build CPU time growth for {rows / first_rows:.0f}x the observations",
            cpu / first_cpu,
            target=round(rows / first_rows, 1),
            higher_is_better=False,
        )
    report_ratio(
        f"warehouse build seconds (wall) for {rows:,} observations",
        result.seconds,
        target=60 if rows >= 1_000_000 else None,
        higher_is_better=False,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--keep", type=Path, help="keep the built warehouse files (raw snapshot included) here"
    )
    args = parser.parse_args()
    main(args.sizes, args.keep)
