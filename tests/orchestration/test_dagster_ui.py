"""The Dagster UI on the project's definitions, used as a person would, in Chromium; and the
same through Dagster's GraphQL API.

One `dagster-webserver` runs for the module on a free loopback port, with the project's
workspace, a temporary DAGSTER_HOME (runs launched at once, no daemon needed), a throwaway
PostgreSQL database, a small sandbox and a temporary data directory. Screenshots go to
`test-artifacts/` (gitignored) for a person, or CI, to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from orchestration.crawl import CRAWLS
from orchestration.partitions import partition_key_for
from pipelines.database import PROJECT_ROOT
from sandbox.server import SandboxConfig, running_sandbox
from trawl.services import free_port

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
DIRECTORY = next(crawl for crawl in CRAWLS if crawl.spider == "directory")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
INSTANCE_YAML = """\
run_coordinator:  # launch runs at once: the test runs no daemon to dequeue them
  module: dagster._core.run_coordinator
  class: DefaultRunCoordinator
telemetry:
  enabled: false
"""
STARTUP_SECONDS = 300  # the webserver loads the definitions in a code server of its own
RUN_SECONDS = 300


def graphql(base_url: str, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base_url}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    assert "errors" not in answer, answer
    return answer["data"]


ASSET_KEYS = "{ assetNodes { assetKey { path } groupName } }"


def wait_for_definitions(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dagster-webserver exited: {log.read_text()[-3000:]}")
        try:
            if graphql(base_url, ASSET_KEYS)["assetNodes"]:
                return
        except (OSError, AssertionError, KeyError):
            pass
        time.sleep(2)
    raise RuntimeError(f"the definitions did not load within {STARTUP_SECONDS}s: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def dagster_ui(database_url, tmp_path_factory) -> Iterator[str]:
    """The base URL of a dagster-webserver serving the project's definitions."""
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    data = tmp_path_factory.mktemp("data")
    log = home / "webserver.log"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "truncate crawl_runs, lead_observations, product_observations, rejects restart identity"
        )
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running_sandbox(SandboxConfig(businesses=120, products=60)) as sandbox_url:
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "DATABASE_URL": database_url,
            "TRAWL_SANDBOX_URL": sandbox_url,
            "TRAWL_DATA_DIR": str(data),
            "TRAWL_WAREHOUSE_PATH": str(data / "warehouse.duckdb"),
            "TRAWL_EXPORT_DIR": str(data / "exports"),
            "TRAWL_DAGSTER_URL": base_url,
        }
        command = [sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p", str(port),
                   "-w", str(PROJECT_ROOT / "workspace.yaml")]  # fmt: skip
        with open(log, "w") as output:
            webserver = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,  # its code server and runs go down with it
            )  # fmt: skip
        try:
            wait_for_definitions(base_url, webserver, log)
            yield base_url
        finally:
            os.killpg(webserver.pid, signal.SIGTERM)
            try:
                webserver.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(webserver.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from spiders.browser import find_chromium

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(find_chromium()), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # wide, so that the lineage graph draws whole asset names rather than shortened ones
    context = browser.new_context(viewport={"width": 2560, "height": 1200})
    context.set_default_timeout(120_000)
    yield context.new_page()
    context.close()


def dismiss_welcome(page) -> None:
    """The community prompt a fresh Dagster instance shows once, if it shows."""
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(state="visible", timeout=5_000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: no prompt this time
        return
    skip.click()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_the_lineage_runs_from_the_spider_through_staging_to_the_marts(dagster_ui, page):
    page.goto(f"{dagster_ui}/assets/leads?view=lineage&lineageScope=upstream&lineageDepth=10")
    dismiss_welcome(page)
    for node in ("directory_crawl", "stg_raw__lead_observations", "int_lead_listings_clustered", "leads"):
        page.get_by_text(node, exact=True).first.wait_for(state="visible")
    for group in ("crawl", "staging", "matching", "marts"):
        page.get_by_text(group, exact=True).first.wait_for(state="visible")
    assert screenshot(page, "dagster-lineage.png").stat().st_size > 0


def test_an_asset_materialized_from_the_ui_succeeds(dagster_ui, page):
    page.goto(f"{dagster_ui}/assets/stg_raw__crawl_runs")
    dismiss_welcome(page)
    page.get_by_role("button", name="Materialize", exact=True).click()
    page.get_by_text("Success", exact=True).first.wait_for(state="visible", timeout=RUN_SECONDS * 1000)
    screenshot(page, "dagster-materialized.png")
