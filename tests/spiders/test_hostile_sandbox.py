"""The directory crawl on the hostile sandbox: it completes, counts every failure in its
stats, and still stores every business whose page is intact.

One real `scrapy crawl directory` (the project's settings and pipelines, the test database)
against a sandbox in hostile mode (sandbox.hostile: 5xx, timeouts, truncated and cut-off
pages, wrong charsets, 5 MB pages, binary files as HTML, endless redirects, an endless
calendar, and real pages that fail their first request).
"""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from pipelines.database import PROJECT_ROOT
from sandbox.hostile import NAME, HostilePolicy, hostile_paths, is_flaky
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world
from tests.raw_tables import empty_raw_tables

pytestmark = pytest.mark.e2e
POLICY = HostilePolicy(hang_s=120)
COPIES = POLICY.copies


@pytest.fixture(scope="module")
def hostile_sandbox():
    with running_sandbox(SandboxConfig(hostile=POLICY)) as url:
        yield url


@pytest.fixture(scope="module")
def crawl(hostile_sandbox, database_url, tmp_path_factory):
    """(the crawl run's stats, its leads {source_id: name}, the process)."""
    empty_raw_tables(database_url)
    completed = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "directory", "-s", "LOG_LEVEL=INFO",
         "-s", "DOWNLOAD_TIMEOUT=3"],  # a page that never answers costs 3 s, three times
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "TRAWL_SANDBOX_URL": hostile_sandbox},
    )  # fmt: skip
    with psycopg.connect(database_url) as connection:
        [(stats, status)] = connection.execute("select stats, status from crawl_runs").fetchall()
        leads = dict(connection.execute("select source_id, name from lead_observations"))
    counted = {k: v for k, v in stats.items() if k.startswith(("trawl/pages", "trawl/pagination",
               "trawl/unparsed", "retry/", "downloader/exception_type", "httperror/"))}  # fmt: skip
    print(f"\n[hostile sandbox] {len(leads)} leads stored ({len(truth_listings())} true), "
          f"finished: {stats.get('finish_reason')}; {counted}")  # fmt: skip
    return stats, status, leads, completed


def truth_listings() -> set[str]:
    return {
        listing["source_id"]
        for business in build_world().truth_businesses()
        for listing in business["listings"]
        if listing["source"] == "directory"
    }


def test_the_crawl_completes(crawl):
    stats, status, _, completed = crawl
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (stats["finish_reason"], status) == ("finished", "finished")
    assert "spider_exceptions/count" not in stats  # no callback failed on a hostile page


def test_every_business_whose_page_is_intact_is_stored(crawl):
    _, _, leads, _ = crawl
    truth = truth_listings()
    assert truth <= set(leads)  # flaky pages included: retried until they answered
    hostile = set(leads) - truth
    assert hostile == {path.rsplit("/", 1)[1] for path, kind in hostile_paths("directory").items()
                       if kind.endswith("-label")}  # fmt: skip


def test_pages_with_a_wrong_charset_are_read_in_the_right_one(crawl):
    stats, _, leads, _ = crawl
    labelled = [name for source_id, name in leads.items() if "-label-" in source_id]
    assert labelled == [NAME] * 2 * COPIES
    assert stats["trawl/pages/encoding_corrected"] == 2 * COPIES


def test_flaky_pages_are_retried(crawl):
    stats, _, _, _ = crawl
    flaky = sum(is_flaky(f"/directory/biz/{source_id}", POLICY) for source_id in truth_listings())
    assert flaky > 0
    assert stats["retry/reason_count/503 Service Unavailable"] == flaky


@pytest.mark.parametrize(
    ("stat", "count"),
    [
        # each broken page is tried three times (RETRY_TIMES=2), then given up
        ("retry/reason_count/500 Internal Server Error", 2 * COPIES),
        ("httperror/response_ignored_status_count/500", COPIES),
        ("downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError", 3 * COPIES),
        ("downloader/exception_type_count/scrapy.exceptions.ResponseDataLossError", 3 * COPIES),
        ("retry/max_reached", 3 * COPIES),  # the 500s, the timeouts, the cut-off pages
        # the 5 MB pages, cut off at DOWNLOAD_MAXSIZE
        ("downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError", COPIES),
        ("trawl/unparsed_pages", COPIES),  # truncated
        ("trawl/pages/binary", COPIES),
        ("trawl/pages/too_many_redirects", COPIES),
        ("trawl/pagination/empty_pages", 1),  # the calendar, stopped at its first month
    ],
)
def test_every_failure_is_counted(crawl, stat, count):
    stats, _, _, _ = crawl
    assert stats.get(stat) == count
