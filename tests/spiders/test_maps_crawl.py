"""The maps spider in real Chromium over a running sandbox (pipelines off): it finds every
place of a search, reads each right, closes every page, and needs Chromium only itself."""

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
from pipelines.normalize.phone import phone_e164
from pipelines.normalize.urls import registered_domain
from sandbox.places import CITY_BY_SLUG
from sandbox.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SCRAPY = Path(sys.executable).parent / "scrapy"


def crawl(spider: str, sandbox_url: str, output: Path, *arguments: str, **env: str):
    return subprocess.run(
        [str(SCRAPY), "crawl", spider, "-O", str(output), "-s", "ITEM_PIPELINES={}", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "TRAWL_SANDBOX_URL": sandbox_url, **env},
    )


def items_in(output: Path) -> list[dict]:
    return [json.loads(line) for line in output.read_text().splitlines()]


def stat(stderr: str, name: str) -> float | None:
    """A number from the stats Scrapy dumps when the crawl ends."""
    found = re.search(rf"'{re.escape(name)}': ([\d.]+)", stderr)
    return float(found.group(1)) if found else None


def truth_places(query: str | None = None, city: str | None = None) -> dict[str, dict]:
    """place id -> true business, for the businesses a search should find."""
    found = {}
    for business in build_world().truth_businesses():
        text = " ".join([business["name"], *business["categories"]]).lower()
        if (city is None or business["city"] == city) and (query is None or query in text):
            for listing in business["listings"]:
                if listing["source"] == "maps":
                    found[listing["source_id"]] = business
    return found


def test_a_search_returns_every_place_of_its_truth_read_right(sandbox_url, tmp_path):
    output = tmp_path / "leads.jsonl"
    result = crawl("maps", sandbox_url, output, "-a", "query=coffee", "-a", "near=Springfield")
    assert result.returncode == 0, result.stderr[-3000:]
    items = {item["source_id"]: item for item in items_in(output)}
    truth = truth_places("coffee", "Springfield")
    assert truth and set(items) == set(truth)  # recall 1.0, and nothing else
    for place_id, business in truth.items():
        item = items[place_id]
        assert item["source"] == "maps" and item["name"] == business["name"]
        assert phone_e164(item["phone"], item["country"]) == business["phone_e164"]
        assert registered_domain(item["website"]) == business["website_domain"]
        assert abs(item["latitude"] - business["latitude"]) < 0.001
        assert abs(item["longitude"] - business["longitude"]) < 0.001
        assert (item["street"], item["postal_code"]) == (
            business["street"],
            business["postal_code"],
        )
    assert "ERROR" not in result.stderr


def test_max_results_stops_scrolling_and_opening(sandbox_url, tmp_path):
    output = tmp_path / "leads.jsonl"
    result = crawl("maps", sandbox_url, output, "-a", "near=peoria", "-a", "max_results=25")
    assert result.returncode == 0, result.stderr[-3000:]
    items = items_in(output)
    assert len(items) == 25
    assert {item["city"] for item in items} == {"Peoria"}
    assert len(truth_places(city="Peoria")) > 25


def test_every_sandbox_business_is_crawled_once_and_no_page_is_left_open(sandbox_url, tmp_path):
    output = tmp_path / "leads.jsonl"
    result = crawl("maps", sandbox_url, output)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = Counter(item["source_id"] for item in items_in(output))
    assert set(seen) == set(truth_places()) and len(seen) >= 500
    assert set(seen.values()) == {1}
    assert stat(result.stderr, "trawl/browser/places_opened") == len(seen)
    assert stat(result.stderr, "trawl/browser/pages_left_open") == 0
    assert stat(result.stderr, "trawl/browser/requests_blocked") > 0
    assert stat(result.stderr, "playwright/page_count/max_concurrent") <= 4
    assert "ERROR" not in result.stderr


def test_a_grid_search_of_every_city_is_one_cell_a_city_on_the_default_world(sandbox_url, tmp_path):
    # what the Dagster asset maps_crawl runs for its "all" partition (feed only, to be quick):
    # every city's area from the geocoder, none at the cap, so no cell is split
    output = tmp_path / "leads.jsonl"
    result = crawl("maps", sandbox_url, output, "-a", "grid=auto", "-a", "details=false")
    assert result.returncode == 0, result.stderr[-3000:]
    seen = Counter(item["source_id"] for item in items_in(output))
    assert set(seen) == set(truth_places()) and set(seen.values()) == {1}
    assert stat(result.stderr, "trawl/maps/cells_searched") == len(CITY_BY_SLUG)
    assert stat(result.stderr, "trawl/maps/cells_subdivided") is None
    assert stat(result.stderr, "trawl/browser/pages_left_open") == 0
    assert "ERROR" not in result.stderr


def test_searches_that_fail_close_their_pages_and_are_reported(sandbox_url, tmp_path):
    output = tmp_path / "leads.jsonl"
    # a millisecond is too short for the feed to load: every search fails, in the errback
    arguments = ("-a", "near=Springfield,Peoria", "-s", "TRAWL_BROWSER_ACTION_TIMEOUT=0.001")
    result = crawl("maps", sandbox_url, output, *arguments)
    assert result.returncode == 0, result.stderr[-3000:]
    assert items_in(output) == []
    assert stat(result.stderr, "trawl/browser/errors") == 2
    assert stat(result.stderr, "trawl/browser/pages_left_open") == 0
    assert result.stderr.count("the search http") == 2


def test_without_chromium_the_crawl_stops_before_any_request_and_says_why(sandbox_url, tmp_path):
    output = tmp_path / "leads.jsonl"
    result = crawl("maps", sandbox_url, output, TRAWL_CHROMIUM_PATH="/nowhere/chromium")
    assert result.returncode != 0
    assert "BrowserNotFound: TRAWL_CHROMIUM_PATH='/nowhere/chromium'" in result.stderr
    assert "downloader/request_count" not in result.stderr


def test_crawls_that_render_nothing_need_no_chromium(sandbox_url, tmp_path):
    output = tmp_path / "leads.jsonl"
    result = crawl(
        "directory",
        sandbox_url,
        output,
        "-a",
        "city=peoria",
        "-a",
        "max_pages=1",
        TRAWL_CHROMIUM_PATH="/nowhere/chromium",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(items_in(output)) == 20
    assert "scrapy-playwright" not in result.stderr  # not even its driver started
