"""Scale-out on the real Redis (REDIS_URL, else 127.0.0.1:6379): several crawler processes
share one frontier, fetch every page once between them, find every listing, end on their
own when the frontier is empty, and leave nothing behind in Redis.

Pages fetched are counted from Scrapy's own log of every response ("Crawled (200) <GET
...>", at DEBUG) in each process. robots.txt is the exception: each process reads it.

The processes crawl with a DOWNLOAD_DELAY (SHARE_DELAY), so that how the pages split
between them depends little on who gets the CPU on a loaded machine: each sends a page only
every delay, and takes from the shared queue no more than it can send, so each fetches
about half. Without one, the process that gets more CPU fetches more, by chance.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest
import redis
from dagster import DagsterInstance, materialize

from pipelines.database import PROJECT_ROOT
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world

pytestmark = pytest.mark.e2e
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
CRAWLED = re.compile(r"Crawled \(\d+\) <GET (\S+)>")
SHARE_DELAY = 0.02  # seconds: at most ~50 pages/s a process, about a quarter of a core at DEBUG


@pytest.fixture(scope="module")
def redis_server():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("REDIS_URL"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); set REDIS_URL to run scale-out tests")
    yield client
    client.close()


@pytest.fixture(scope="module")
def key_prefix(redis_server):
    """A Redis namespace of this module's own, emptied at the end whatever happened."""
    prefix = f"trawl-test:{uuid.uuid4().hex[:12]}"
    yield prefix
    leftovers = list(redis_server.scan_iter(f"{prefix}:*"))
    if leftovers:
        redis_server.delete(*leftovers)


@pytest.fixture(scope="module")
def sandbox_url():
    with running_sandbox(SandboxConfig()) as url:
        yield url


def start_worker(sandbox_url: str, key_prefix: str, work_dir: Path, name: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "directory", "-O", str(work_dir / f"{name}.jsonl"),
        "-s", "ITEM_PIPELINES={}", "-s", "LOG_LEVEL=DEBUG",
        "-s", "TRAWL_FRONTIER=directory-test", "-s", "TRAWL_FRONTIER_WORKERS=2",
        "-s", f"TRAWL_FRONTIER_KEY_PREFIX={key_prefix}", "-s", f"DOWNLOAD_DELAY={SHARE_DELAY}",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
        stderr=(work_dir / f"{name}.log").open("w"),
        env={**os.environ, "REDIS_URL": REDIS_URL, "TRAWL_SANDBOX_URL": sandbox_url},
    )  # fmt: skip


@pytest.fixture(scope="module")
def two_workers(sandbox_url, key_prefix, tmp_path_factory):
    """Two processes crawling the directory on one frontier: per process, its exit code,
    the URLs it fetched and the items it found."""
    work_dir = tmp_path_factory.mktemp("scale-out")
    workers = {name: start_worker(sandbox_url, key_prefix, work_dir, name) for name in "ab"}
    codes = {name: worker.wait(timeout=600) for name, worker in workers.items()}
    return {
        name: {
            "code": codes[name],
            "log": (work_dir / f"{name}.log").read_text(),
            "urls": CRAWLED.findall((work_dir / f"{name}.log").read_text()),
            "items": [json.loads(line) for line in (work_dir / f"{name}.jsonl").open()],
        }
        for name in workers
    }


def test_both_processes_end_on_their_own_when_the_frontier_is_empty(two_workers):
    for name, worker in two_workers.items():
        assert worker["code"] == 0, f"worker {name}: {worker['log'][-3000:]}"
        assert "'finish_reason': 'finished'" in worker["log"]


def test_every_page_is_fetched_exactly_once_across_processes(two_workers):
    fetched = Counter(
        url for worker in two_workers.values() for url in worker["urls"]
        if not url.endswith("/robots.txt")
    )  # fmt: skip
    assert fetched, "no page was fetched"
    assert {url: n for url, n in fetched.items() if n > 1} == {}


def test_both_processes_crawl_one_frontier(two_workers):
    for name, worker in two_workers.items():
        assert "'trawl/frontier/workers_joined': 2" in worker["log"], f"worker {name}"


def test_each_process_fetches_a_fair_share_of_the_pages(two_workers):
    # about half each (checked: 48-52%); 20% leaves room for a loaded machine, and fails a
    # process that sat idle while the other one held the whole queue
    pages = {
        name: len([url for url in worker["urls"] if not url.endswith("/robots.txt")])
        for name, worker in two_workers.items()
    }
    total = sum(pages.values())
    assert total > 0, "no page was fetched"
    assert {name: n for name, n in pages.items() if n < 0.2 * total} == {}, pages


def test_the_union_of_their_items_is_every_listing_once(two_workers):
    found = Counter(item["source_id"] for w in two_workers.values() for item in w["items"])
    truth = {
        listing["source_id"]
        for business in build_world().truth_businesses()
        for listing in business["listings"]
        if listing["source"] == "directory"
    }
    assert set(found) == truth
    assert set(found.values()) == {1}


def test_the_frontier_is_deleted_when_the_last_process_leaves(two_workers, redis_server,
                                                              key_prefix):  # fmt: skip
    assert list(redis_server.scan_iter(f"{key_prefix}:*")) == []


def test_a_crawl_asset_runs_in_two_processes_with_one_crawl_run(
    sandbox_url, redis_server, database_url, monkeypatch
):
    from orchestration.crawl import CRAWLS, crawl_assets
    from orchestration.definitions import resources_for
    from orchestration.partitions import partition_key_for

    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    directory = next(crawl for crawl in CRAWLS if crawl.spider == "directory")
    asset = next(asset for asset in crawl_assets if asset.key.path[-1] == directory.asset_name)
    with psycopg.connect(database_url, autocommit=True) as connection:
        before = connection.execute("select coalesce(max(id), 0) from crawl_runs").fetchone()[0]
    result = materialize(
        [asset],
        partition_key=partition_key_for(directory, dt.date.today(), "springfield"),
        instance=DagsterInstance.ephemeral(),
        resources=resources_for(sandbox_url=sandbox_url, log_level="WARNING"),
        run_config={"ops": {directory.asset_name: {"config": {"processes": 2}}}},
        raise_on_error=False,
    )
    assert result.success, [e.step_key for e in result.get_step_failure_events()]
    metadata = result.asset_materializations_for_node(directory.asset_name)[0].metadata
    expected = [l for l in build_world().directory_listings if l.city.slug == "springfield"]
    with psycopg.connect(database_url) as connection:
        runs = connection.execute(
            "select id, status, items_stored from crawl_runs where id > %s", (before,)
        ).fetchall()
        assert len(runs) == 1, f"one crawl run for both processes, got {runs}"
        run_id, status, stored = runs[0]
        rows = connection.execute(
            "select count(distinct source_id), count(*) from lead_observations"
            " where crawl_run_id = %s", (run_id,),
        ).fetchone()  # fmt: skip
    assert (status, stored) == ("finished", len(expected))
    assert rows == (len(expected), len(expected))
    assert metadata["processes"].value == 2
    assert metadata["crawl_run_id"].value == run_id
