"""Fixtures for warehouse tests: a raw store to write observations into, and a place to build.

Observations are written straight into the migrated test database (as the Postgres writer
would store them, already normalized), then the warehouse is built from it for real.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.raw_tables import empty_raw_tables
from warehouse.build import BuildResult, build_warehouse

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
JSON_COLUMNS = {
    "categories",
    "emails",
    "category_path",
    "image_urls",
    "raw",
    "item",
    "stats",
    "arguments",
    "phones",
    "socials",
    "pages",
}


def at(minutes: float) -> datetime:
    """A timestamp `minutes` after the scenario's start."""
    return T0 + timedelta(minutes=minutes)


class RawStore:
    """Writes raw rows into the test database the way the pipelines store them."""

    at = staticmethod(at)

    def __init__(self, url: str) -> None:
        self.url = url

    def empty(self) -> RawStore:
        """Delete every raw row (ids restart at 1)."""
        empty_raw_tables(self.url)
        return self

    def crawl_run(
        self, spider: str, started: float, finished: float | None = None, **fields: Any
    ) -> int:
        row = {
            "spider": spider,
            "started_at": at(started),
            "finished_at": None if finished is None else at(finished),
            "status": "finished" if finished is not None else "running",
            "items_stored": 0,
            "items_rejected": 0,
            **fields,
        }
        return self._insert("crawl_runs", row)

    def lead(self, run: int, source: str, source_id: str, seen: float, **fields: Any) -> int:
        return self._observation("lead_observations", run, source, source_id, seen, fields)

    def product(self, run: int, source: str, source_id: str, seen: float, **fields: Any) -> int:
        return self._observation("product_observations", run, source, source_id, seen, fields)

    def contact(self, run: int, source: str, source_id: str, seen: float, **fields: Any) -> int:
        """What the website of lead listing (source, source_id) showed."""
        return self._observation("contact_observations", run, source, source_id, seen, fields)

    def reject(self, run: int | None, reason: str, item_type: str = "lead", **fields: Any) -> int:
        row = {
            "crawl_run_id": run,
            "item_type": item_type,
            "reason": reason,
            "rejected_at": T0,
            "item": {},
            **fields,
        }
        return self._insert("rejects", row)

    def _observation(
        self, table: str, run: int, source: str, source_id: str, seen: float, fields: dict[str, Any]
    ) -> int:
        row = {
            "crawl_run_id": run,
            "source": source,
            "source_id": source_id,
            "url": f"http://sandbox.test/{source}/{source_id}",
            "observed_at": at(seen),
            **fields,
        }
        content = json.dumps(fields, sort_keys=True, default=str)
        row["content_hash"] = hashlib.sha256(content.encode()).hexdigest()
        return self._insert(table, row)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        values = [Jsonb(v) if k in JSON_COLUMNS and v is not None else v for k, v in row.items()]
        placeholders = ", ".join(["%s"] * len(row))
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(
                f"insert into {table} ({columns}) values ({placeholders}) returning id", values
            ).fetchone()[0]


@pytest.fixture(scope="session", autouse=True)
def warehouse_data_dir(tmp_path_factory, monkeypatch_session) -> Path:
    """TRAWL_DATA_DIR in a temporary directory: DuckDB's extensions are installed there."""
    path = tmp_path_factory.mktemp("data")
    monkeypatch_session.setenv("TRAWL_DATA_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def raw_writer(database_url) -> RawStore:
    """The migrated test database as it is (module fixtures call `.empty()` themselves)."""
    return RawStore(database_url)


@pytest.fixture
def raw_store(clean_tables) -> RawStore:
    """The migrated test database, emptied, to write raw rows into."""
    return RawStore(clean_tables)


@pytest.fixture
def build(tmp_path) -> Callable[..., BuildResult]:
    """build(url, models=None): build tmp_path/warehouse.duckdb, exports in tmp_path/exports."""

    def build(url: str, models: list[str] | None = None) -> BuildResult:
        return build_warehouse(url, tmp_path / "warehouse.duckdb", tmp_path / "exports", models)

    return build


def query(warehouse: Path, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    """Rows of a query on a warehouse file, as dicts."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="session")
def read() -> Callable[..., list[dict[str, Any]]]:
    """read(warehouse, sql, params=None): the rows of a query on a warehouse file, as dicts."""
    return query
