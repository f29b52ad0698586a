"""End to end: the spiders crawl a running sandbox (pipelines off) and yield every listing once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipelines.database import PROJECT_ROOT
from sandbox.world import build_world

pytestmark = pytest.mark.e2e
SCRAPY = Path(sys.executable).parent / "scrapy"


def crawl(
    spider: str, sandbox_url: str, output: Path, *arguments: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRAPY), "crawl", spider, "-O", str(output), "-s", "ITEM_PIPELINES={}", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "TRAWL_SANDBOX_URL": sandbox_url},
    )


def items_in(output: Path) -> list[dict]:
    return [json.loads(line) for line in output.read_text().splitlines()]


def test_the_directory_crawl_yields_every_listing_exactly_once(sandbox_url, tmp_path):
    result = crawl("directory", sandbox_url, tmp_path / "leads.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    seen = Counter(item["source_id"] for item in items_in(tmp_path / "leads.jsonl"))
    truth = [
        listing["source_id"]
        for business in build_world().truth_businesses()
        for listing in business["listings"]
        if listing["source"] == "directory"
    ]
    assert set(seen) == set(truth)
    assert set(seen.values()) == {1}
    assert "log_count/ERROR" not in result.stderr


def test_the_marketplace_crawl_yields_every_listing_exactly_once(sandbox_url, tmp_path):
    result = crawl("marketplace", sandbox_url, tmp_path / "products.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    seen = Counter(item["source_id"] for item in items_in(tmp_path / "products.jsonl"))
    truth = [l["source_id"] for p in build_world().truth_products() for l in p["listings"]]
    assert set(seen) == set(truth)
    assert set(seen.values()) == {1}
    assert "log_count/ERROR" not in result.stderr


def test_directory_filters_and_page_limit_bound_the_crawl(sandbox_url, tmp_path):
    result = crawl(
        "directory",
        sandbox_url,
        tmp_path / "leads.jsonl",
        "-a",
        "city=springfield",
        "-a",
        "max_pages=1",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    items = items_in(tmp_path / "leads.jsonl")
    assert len(items) == 20
    assert {item["city"] for item in items} == {"Springfield"}


def test_a_marketplace_category_crawl_stays_in_its_category(sandbox_url, tmp_path):
    result = crawl(
        "marketplace", sandbox_url, tmp_path / "products.jsonl", "-a", "category=laptops"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    items = items_in(tmp_path / "products.jsonl")
    expected = [l for l in build_world().market_listings if l.department_slug == "laptops"]
    assert sorted(item["source_id"] for item in items) == sorted(l.listing_id for l in expected)


def test_a_bad_argument_stops_the_crawl_before_any_request(sandbox_url, tmp_path):
    result = crawl("directory", sandbox_url, tmp_path / "leads.jsonl", "-a", "max_pages=abc")
    assert result.returncode != 0
    assert "[directory] ERROR: directory spider: -a max_pages='abc' is not accepted" in (
        result.stderr
    )
    assert "downloader/request_count" not in result.stderr
    assert "Traceback" not in result.stderr  # the message alone, not Scrapy's stack before it
