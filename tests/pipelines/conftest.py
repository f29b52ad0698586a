"""Fixtures for the pipelines tests: a RawStore on the test database, and real crawls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from pipelines.store import RawStore

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]


@pytest.fixture
def store(clean_tables) -> Iterator[RawStore]:
    raw_store = RawStore(clean_tables)
    yield raw_store
    raw_store.close()


@pytest.fixture
def crawl_run_id(store) -> int:
    return store.open_crawl_run("directory", {"city": "springfield"}, datetime.now(UTC))


@pytest.fixture
def query(clean_tables):
    """query(sql, *params) -> list of dict rows, on the test database."""

    def run(statement: str, *params: Any) -> list[dict[str, Any]]:
        with psycopg.connect(clean_tables, row_factory=psycopg.rows.dict_row) as connection:
            return connection.execute(statement, params).fetchall()

    return run


@dataclass
class CrawlResult:
    stats: dict[str, Any]
    log: str
    feed: list[dict[str, Any]]


def run_item_crawl(
    database_url: str, work_dir: Path, items, settings=None, delay=0.0, arguments=None, env=None
) -> CrawlResult:
    """Run a real Scrapy crawl in a subprocess (asyncio reactor, the project's three
    pipelines) whose spider yields `items` (dicts with "type": "lead" | "product"),
    writing to `database_url` and exporting a JSON-lines feed."""
    spec, feed, stats = work_dir / "spec.json", work_dir / "feed.jsonl", work_dir / "stats.json"
    spec.write_text(json.dumps({
        "items": items,
        "settings": {
            "TRAWL_DATABASE_URL": database_url,
            "FEEDS": {str(feed): {"format": "jsonlines", "overwrite": True}},
            **(settings or {}),
        },
        "delay": delay,
        "arguments": arguments or {},
        "stats": str(stats),
    }))  # fmt: skip
    completed = subprocess.run(
        [sys.executable, str(HERE / "item_crawl.py"), str(spec)],
        check=False,  # a failed crawl is reported below, with its log
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = feed.read_text().splitlines() if feed.exists() else []
    return CrawlResult(
        stats=json.loads(stats.read_text()),
        log=completed.stderr,
        feed=[json.loads(line) for line in lines],
    )


@pytest.fixture(scope="session")
def item_crawler():
    """run_item_crawl, for fixtures of wider scope than `crawl`."""
    return run_item_crawl


@pytest.fixture
def crawl(clean_tables, tmp_path):
    """crawl(items, settings=..., delay=..., arguments=..., env=...): see run_item_crawl."""

    def run(items, **options) -> CrawlResult:
        return run_item_crawl(clean_tables, tmp_path, items, **options)

    return run
