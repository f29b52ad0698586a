"""Render only when needed: the marketplace spider reads pages over plain HTTP and renders in
Chromium only the pages whose price a script shows (real Chromium, a running sandbox)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipelines.database import PROJECT_ROOT
from sandbox.product_pages import availability_text
from sandbox.script_prices import shows_price_by_script
from sandbox.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SCRAPY = Path(sys.executable).parent / "scrapy"
CATEGORY = "laptops"


def crawl(sandbox_url: str, output: Path, *options: str, **env: str) -> subprocess.CompletedProcess:
    command = [str(SCRAPY), "crawl", "marketplace", "-O", str(output), *options]
    return subprocess.run(
        [*command, "-s", "ITEM_PIPELINES={}", "-a", f"category={CATEGORY}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "TRAWL_SANDBOX_URL": sandbox_url, **env},
    )


def stat(stderr: str, name: str) -> float | None:
    found = re.search(rf"'{re.escape(name)}': ([\d.]+)", stderr)
    return float(found.group(1)) if found else None


@pytest.fixture(scope="module")
def listings():
    """The category's listings, by id."""
    return {l.listing_id: l for l in build_world().market_listings if l.department_slug == CATEGORY}


@pytest.fixture(scope="module")
def by_script(listings):
    found = {listing_id for listing_id in listings if shows_price_by_script(listing_id)}
    assert found, f"no page in {CATEGORY} leaves its price to a script"
    return found


def test_pages_whose_price_a_script_shows_are_rendered_and_get_their_price(
    sandbox_url, tmp_path, listings, by_script
):
    output = tmp_path / "products.jsonl"
    result = crawl(sandbox_url, output)
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in output.read_text().splitlines()]
    assert Counter(item["source_id"] for item in items) == Counter(list(listings))
    for item in items:
        if item["source_id"] in by_script:
            listing = listings[item["source_id"]]
            assert item["price"] == listing.price_text, item["source_id"]
            assert item["availability"] == availability_text(listing), item["source_id"]
            assert item["raw"]["rendered"] is True
        else:
            assert "rendered" not in item["raw"]
    assert "ERROR" not in result.stderr


def test_only_those_pages_need_the_browser(sandbox_url, tmp_path, by_script):
    result = crawl(sandbox_url, tmp_path / "products.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    assert stat(result.stderr, "trawl/browser/fallback_pages") == len(by_script)
    retries = stat(result.stderr, "retry/count") or 0  # renders that timed out on a busy machine
    assert stat(result.stderr, "trawl/browser/pages_rendered") == len(by_script) + retries
    assert stat(result.stderr, "trawl/browser/pages_left_open") == 0
    assert stat(result.stderr, "trawl/browser/still_missing") is None


def test_without_chromium_those_pages_are_stored_without_price_and_the_fix_is_named(
    sandbox_url, tmp_path, listings, by_script
):
    output = tmp_path / "products.jsonl"
    result = crawl(sandbox_url, output, TRAWL_CHROMIUM_PATH="/nowhere/chromium")
    assert result.returncode == 0, result.stderr[-3000:]
    items = {item["source_id"]: item for item in map(json.loads, output.open())}
    assert set(items) == set(listings)
    assert {listing_id for listing_id, item in items.items() if item["price"] is None} == by_script
    assert stat(result.stderr, "trawl/browser/unavailable") == len(by_script)
    assert "TRAWL_CHROMIUM_PATH='/nowhere/chromium' is not an executable file" in result.stderr


def test_a_failed_render_closes_its_page_and_stores_the_page_as_read_over_http(
    sandbox_url, tmp_path, listings, by_script
):
    output = tmp_path / "products.jsonl"
    # a millisecond is too short for any price to show: every render fails
    result = crawl(sandbox_url, output, "-s", "TRAWL_BROWSER_ACTION_TIMEOUT=0.001")
    assert result.returncode == 0, result.stderr[-3000:]
    items = {item["source_id"]: item for item in map(json.loads, output.open())}
    assert set(items) == set(listings)
    assert {listing_id for listing_id, item in items.items() if item["price"] is None} == by_script
    assert stat(result.stderr, "trawl/browser/errors") == len(by_script)
    assert stat(result.stderr, "trawl/browser/pages_left_open") == 0
    assert "stored as read over HTTP, without price, availability" in result.stderr
