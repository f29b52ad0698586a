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
import re
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
from tests.raw_tables import empty_raw_tables
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
    raise RuntimeError(
        f"the definitions did not load within {STARTUP_SECONDS}s: {log.read_text()[-3000:]}"
    )


@pytest.fixture(scope="module")
def dagster_ui(database_url, tmp_path_factory) -> Iterator[str]:
    """The base URL of a dagster-webserver serving the project's definitions."""
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    data = tmp_path_factory.mktemp("data")
    log = home / "webserver.log"
    empty_raw_tables(database_url)
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
            graphql(base_url, "mutation { setNuxSeen }")  # no community prompt over the pages
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
        chromium = playwright.chromium.launch(
            executable_path=str(find_chromium()), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # wide, so that the lineage graph draws whole asset names rather than shortened ones
    context = browser.new_context(viewport={"width": 2560, "height": 1200})
    context.set_default_timeout(120_000)
    yield context.new_page()
    context.close()


def click_if_shown(page, button: str, seconds: float = 5) -> None:
    """Click the button if it shows within `seconds`: Dagster asks some questions only once."""
    from playwright.sync_api import TimeoutError as NotShown

    target = page.get_by_role("button", name=button)
    try:
        target.wait_for(state="visible", timeout=seconds * 1000)
    except NotShown:
        return
    target.click()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_the_lineage_runs_from_the_spider_through_staging_to_the_marts(dagster_ui, page):
    # lead_sources, not leads: the leads graph (website contacts too) is wide enough that
    # Dagster zooms out and shortens long names ("stg_raw_…ervations")
    page.goto(
        f"{dagster_ui}/assets/lead_sources?view=lineage&lineageScope=upstream&lineageDepth=10"
    )
    for node in (
        "directory_crawl",
        "stg_raw__lead_observations",
        "int_lead_listings_clustered",
        "lead_sources",
    ):
        page.get_by_text(node, exact=True).first.wait_for(state="visible")
    for group in ("crawl", "staging", "matching", "marts"):
        page.get_by_text(group, exact=True).first.wait_for(state="visible")
    assert screenshot(page, "dagster-lineage.png").stat().st_size > 0


def test_an_asset_materialized_from_the_ui_succeeds(dagster_ui, page):
    page.goto(f"{dagster_ui}/assets/stg_raw__crawl_runs")
    page.locator("button", has_text=re.compile(r"^Materialize$")).first.click()
    click_if_shown(page, "Confirm", seconds=10)  # "upstream assets never materialized"
    # the toast saying the run was launched links to it
    page.locator("a[href^='/runs/']").first.click(timeout=RUN_SECONDS * 1000)
    status = page.get_by_text(re.compile(r"^(Success|Failure|Canceled)$")).first
    status.wait_for(state="visible", timeout=RUN_SECONDS * 1000)
    screenshot(page, "dagster-run.png")
    assert status.inner_text() == "Success"
    run_id = page.url.rsplit("/runs/", 1)[1].split("?")[0]
    assert run_status(dagster_ui, run_id) == "SUCCESS"


def run_status(base_url: str, run_id: str) -> str:
    query = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
    return graphql(base_url, query, {"id": run_id})["runOrError"]["status"]


def test_graphql_lists_the_crawl_staging_and_mart_assets(dagster_ui):
    nodes = graphql(dagster_ui, ASSET_KEYS)["assetNodes"]
    groups = {"/".join(node["assetKey"]["path"]): node["groupName"] for node in nodes}
    assert groups["directory_crawl"] == "crawl"
    assert groups["stg_raw__lead_observations"] == "staging"
    assert groups["leads"] == "marts" and groups["warehouse"] == "marts"


def test_a_crawl_partition_launched_through_graphql_crawls_that_city_and_links_both_runs(
    dagster_ui, database_url
):
    from dagster_graphql import DagsterGraphQLClient

    client = DagsterGraphQLClient("127.0.0.1", port_number=int(dagster_ui.rsplit(":", 1)[1]))
    key = partition_key_for(DIRECTORY, dt.datetime.now(dt.UTC).date(), "springfield")
    tags = {"dagster/partition": str(key)}
    tags |= {f"dagster/partition/{name}": value for name, value in key.keys_by_dimension.items()}
    in_process = {"execution": {"config": {"in_process": {}}}}  # one process fewer to start
    run_id = client.submit_job_execution("directory_crawl_job", run_config=in_process, tags=tags)
    deadline = time.monotonic() + RUN_SECONDS
    while (status := client.get_run_status(run_id).value) not in ("SUCCESS", "FAILURE", "CANCELED"):
        assert time.monotonic() < deadline, f"run {run_id} still {status} after {RUN_SECONDS}s"
        time.sleep(2)
    assert status == "SUCCESS"
    with psycopg.connect(database_url) as conn:
        arguments, stored, crawl_run_id = conn.execute(
            "select arguments, items_stored, id from crawl_runs where dagster_run_id = %s",
            (run_id,),
        ).fetchone()
    assert arguments["city"] == "springfield" and stored > 0
    query = """query($id: ID!) { runOrError(runId: $id) { ... on Run { assetMaterializations {
        metadataEntries { label ... on IntMetadataEntry { intValue } ... on UrlMetadataEntry { url } }
    } } } }"""
    (materialization,) = graphql(dagster_ui, query, {"id": run_id})["runOrError"][
        "assetMaterializations"
    ]
    metadata = {entry["label"]: entry for entry in materialization["metadataEntries"]}
    assert metadata["crawl_run_id"]["intValue"] == crawl_run_id
    assert metadata["dagster_run"]["url"] == f"{dagster_ui}/runs/{run_id}"
