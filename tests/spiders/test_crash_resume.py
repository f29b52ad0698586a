"""A crawl killed with SIGKILL mid-way and started again with the same resume key ends with
exactly the dataset of an uninterrupted crawl: no entity missing, none twice.

Real `scrapy crawl directory` processes on the sandbox, writing to the test database: one
uninterrupted crawl (the reference), then one killed once a third of the leads are stored,
then the same command again, which continues the killed crawl's run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from pipelines.database import PROJECT_ROOT
from tests.raw_tables import empty_raw_tables

pytestmark = pytest.mark.e2e
RESUME_KEY = "crash-resume-test"


def start_crawl(sandbox_url: str, work_dir, *settings: str) -> subprocess.Popen:
    log = (work_dir / f"crawl-{time.monotonic_ns()}.log").open("w")
    command = [sys.executable, "-m", "scrapy", "crawl", "directory", "-s", "LOG_LEVEL=INFO"]
    for setting in settings:
        command += ["-s", setting]
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=log,
        env={**os.environ, "TRAWL_SANDBOX_URL": sandbox_url},
    )  # fmt: skip


def finish(process: subprocess.Popen) -> None:
    assert process.wait(timeout=300) == 0, f"the crawl exited with {process.returncode}"


def observations(url: str, crawl_run_id: int) -> list[tuple[str, str]]:
    with psycopg.connect(url) as connection:
        return connection.execute(
            "select source, source_id from lead_observations where crawl_run_id = %s",
            (crawl_run_id,),
        ).fetchall()


def scalar(url: str, statement: str, *params):
    with psycopg.connect(url) as connection:
        return connection.execute(statement, params).fetchone()[0]


@pytest.fixture(scope="module")
def crawls(sandbox_url, database_url, tmp_path_factory):
    """(reference run id, resumed run id, leads stored when the kill came)."""
    empty_raw_tables(database_url)
    work = tmp_path_factory.mktemp("resume")
    finish(start_crawl(sandbox_url, work))
    reference = scalar(database_url, "select max(id) from crawl_runs")
    total = len(observations(database_url, reference))

    # slowed down (one request at a time, 20 ms apart) so that the kill lands mid-way
    slow = ("DOWNLOAD_DELAY=0.02", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "TRAWL_WRITER_BATCH_SIZE=25",
            f"TRAWL_RESUME_KEY={RESUME_KEY}")  # fmt: skip
    killed = start_crawl(sandbox_url, work, *slow)
    deadline = time.monotonic() + 120
    stored = 0
    while stored < total // 3:
        assert killed.poll() is None and time.monotonic() < deadline, "the crawl ended too soon"
        time.sleep(0.2)
        stored = scalar(
            database_url, "select count(*) from lead_observations where crawl_run_id <> %s",
            reference,
        )  # fmt: skip
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    resumed_run = scalar(database_url, "select max(id) from crawl_runs")
    finish(start_crawl(sandbox_url, work, f"TRAWL_RESUME_KEY={RESUME_KEY}"))
    resumed = observations(database_url, resumed_run)
    print(
        f"\n[crash resume] uninterrupted: {total} leads; killed (SIGKILL) with {stored} stored; "
        f"resumed run: {len(resumed)} rows, {len(set(resumed))} distinct, "
        f"{len(set(observations(database_url, reference)) - set(resumed))} missing"
    )
    return reference, resumed_run, stored, total


def test_the_kill_came_mid_way(crawls):
    _, _, stored_at_kill, total = crawls
    assert 0 < stored_at_kill < total


def test_the_restarted_crawl_continues_the_killed_run(crawls, database_url):
    _, resumed_run, _, _ = crawls
    assert scalar(database_url, "select count(*) from crawl_runs") == 2  # no third run
    assert scalar(database_url, "select status from crawl_runs where id = %s", resumed_run) == (
        "finished"
    )


def test_the_resumed_run_holds_exactly_the_uninterrupted_runs_entities(crawls, database_url):
    reference, resumed_run, _, total = crawls
    resumed = observations(database_url, resumed_run)
    assert len(resumed) == total  # none missing, none twice
    assert set(resumed) == set(observations(database_url, reference))


def test_the_resumed_run_counts_what_it_holds(crawls, database_url):
    _, resumed_run, _, total = crawls
    stored, rejected = (
        scalar(database_url, f"select {column} from crawl_runs where id = %s", resumed_run)
        for column in ("items_stored", "items_rejected")
    )
    assert stored == total
    assert rejected == scalar(
        database_url, "select count(*) from rejects where crawl_run_id = %s", resumed_run
    )
