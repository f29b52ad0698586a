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
    crawl = start_item_crawl(database_url, work_dir, items, settings, delay, arguments, env)
    return crawl.wait()


@dataclass
class ItemCrawl:
    """An item crawl running in a subprocess (see start_item_crawl)."""

    process: subprocess.Popen
    feed: Path
    stats: Path
    log: Path  # the crawl's stderr: a file, so that a long crawl never fills a pipe

    def wait(self, timeout: float = 120) -> CrawlResult:
        """Wait for the crawl to end; its result (it must have exited cleanly)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"the crawl did not end in {timeout} s:\n{self.log.read_text()[-3000:]}"
            ) from None
        log = self.log.read_text()
        assert self.process.returncode == 0, log[-3000:]
        lines = self.feed.read_text().splitlines() if self.feed.exists() else []
        return CrawlResult(
            stats=json.loads(self.stats.read_text()),
            log=log,
            feed=[json.loads(line) for line in lines],
        )


def start_item_crawl(
    database_url: str, work_dir: Path, items, settings=None, delay=0.0, arguments=None, env=None
) -> ItemCrawl:
    """Start the crawl run_item_crawl runs, without waiting for it."""
    spec, feed, stats = work_dir / "spec.json", work_dir / "feed.jsonl", work_dir / "stats.json"
    log = work_dir / "crawl.log"
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
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "item_crawl.py"), str(spec)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    return ItemCrawl(process, feed, stats, log)


@pytest.fixture(scope="session")
def item_crawler():
    """run_item_crawl, for fixtures of wider scope than `crawl`."""
    return run_item_crawl


@pytest.fixture(scope="session")
def item_crawl_starter():
    """start_item_crawl: a crawl the test does something to while it runs."""
    return start_item_crawl


@pytest.fixture
def crawl(clean_tables, tmp_path):
    """crawl(items, settings=..., delay=..., arguments=..., env=...): see run_item_crawl."""

    def run(items, **options) -> CrawlResult:
        return run_item_crawl(clean_tables, tmp_path, items, **options)

    return run
