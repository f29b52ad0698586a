"""Database and proxy credentials never show: not in logs, Scrapy's stats, the `crawl_runs`
row, Dagster's metadata and event log, nor in the messages of errors.

A real crawl (and a real Dagster run of a crawl asset) writes to the test database through a
URL carrying a password (trust authentication ignores it) and goes through the sandbox's
proxy fleet, which requires user:pass.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import subprocess
import sys

import psycopg
import pytest

from pipelines.database import PROJECT_ROOT
from pipelines.store import RawStore, StoreUnavailable
from sandbox.proxies import ProxyFleet, running_fleet
from sandbox.server import SandboxConfig, running_sandbox

pytestmark = pytest.mark.e2e
DB_PASSWORD = "db-pa55-Zq9"
PROXY_USER, PROXY_PASSWORD = "scout", "pr0xy-pa55-Xw4"
SECRETS = (
    DB_PASSWORD,
    PROXY_PASSWORD,
    f"{PROXY_USER}:",
    base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode(),  # Proxy-Authorization
)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.fixture(scope="module")
def sandbox_url():
    with running_sandbox(SandboxConfig(businesses=100, products=100)) as url:
        yield url


@pytest.fixture(scope="module")
def proxy_urls():
    fleet = ProxyFleet(healthy=2, slow=0, dead=0, banned=0, auth=f"{PROXY_USER}:{PROXY_PASSWORD}")
    with running_fleet(fleet) as urls:
        assert all(PROXY_PASSWORD in url for url in urls)
        yield ",".join(urls)


@pytest.fixture(scope="module")
def secret_url(database_url) -> str:
    """The test database's URL with a password (the servers trust local users, so any
    works): "postgres@" on CI's server, "postgres:@" on the embedded one."""
    url = re.sub(r"://postgres(:[^@]*)?@", f"://postgres:{DB_PASSWORD}@", database_url, count=1)
    assert DB_PASSWORD in url, "no user in the test database's URL to give a password"
    return url


def crawl_run_rows(database_url: str) -> str:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute("select row_to_json(r)::text from crawl_runs r").fetchall()
    return "\n".join(row[0] for row in rows)


def test_a_crawl_shows_no_credential_anywhere(database_url, secret_url, sandbox_url, proxy_urls):
    env = {**os.environ, "TRAWL_SANDBOX_URL": sandbox_url, "PROXY_URLS": proxy_urls,
           "DATABASE_URL": secret_url}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "directory", "-a", "max_pages=1",
         "-s", "LOG_LEVEL=DEBUG"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "trawl/proxy/p0-127.0.0.1:" in done.stderr  # it did go through the fleet
    assert "crawl run" in done.stderr  # and into the database
    assert_no_secret(done.stdout + done.stderr)  # the log, Scrapy's stats dump included
    assert_no_secret(crawl_run_rows(database_url))  # arguments and stats as stored


def test_a_dagster_crawl_shows_no_credential_in_metadata_or_event_log(
    database_url, secret_url, sandbox_url, proxy_urls, monkeypatch
):
    from dagster import DagsterInstance, materialize

    from orchestration.crawl import CRAWLS, crawl_assets
    from orchestration.definitions import resources_for
    from orchestration.partitions import partition_key_for

    monkeypatch.setenv("DATABASE_URL", secret_url)
    directory = next(c for c in CRAWLS if c.spider == "directory")
    asset = next(a for a in crawl_assets if a.key.to_user_string() == directory.asset_name)
    instance = DagsterInstance.ephemeral()
    result = materialize(
        [asset],
        instance=instance,
        resources=resources_for(sandbox_url=sandbox_url, proxy_urls=proxy_urls),
        partition_key=partition_key_for(directory, dt.date.today(), "springfield"),
        raise_on_error=False,
    )
    [materialization] = result.asset_materializations_for_node(directory.asset_name)
    assert materialization.metadata["items_stored"].value > 0
    assert_no_secret(json.dumps({k: str(v) for k, v in materialization.metadata.items()}))
    events = instance.all_logs(result.run_id)
    assert_no_secret("\n".join(str(event) for event in events))


def test_errors_name_the_database_without_its_password():
    store = RawStore(f"postgresql://trawl:{DB_PASSWORD}@127.0.0.1:9/trawl")
    with pytest.raises(StoreUnavailable) as refused:
        store.ensure_schema()
    assert "postgresql://trawl:***@127.0.0.1:9/trawl" in str(refused.value)
    assert_no_secret(str(refused.value))


def test_trawl_db_url_masks_the_password(secret_url):
    done = subprocess.run(
        [sys.executable, "-m", "trawl.cli", "db", "url"], cwd=PROJECT_ROOT, capture_output=True,
        text=True, timeout=60, check=False, env={**os.environ, "DATABASE_URL": secret_url},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "postgres:***@" in done.stdout
    assert_no_secret(done.stdout + done.stderr)
