"""The generic spiders on real servers: the sandbox, and a sitemap server beside it.

Crawls run as `scrapy crawl` subprocesses with the pipelines off. Their accuracy on the
whole sandbox is measured in tests/e2e/test_generic_spiders.py.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipelines.database import PROJECT_ROOT
from sandbox.script_prices import shows_price_by_script
from sandbox.world import build_world

pytestmark = pytest.mark.e2e
SCRAPY = Path(sys.executable).parent / "scrapy"


def crawl(spider: str, output: Path, *arguments: str, env: dict | None = None):
    """The finished crawl's items and stats (parsed from Scrapy's stats dump), and its log."""
    done = subprocess.run(
        [str(SCRAPY), "crawl", spider, "-O", str(output), "-s", "ITEM_PIPELINES={}", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    items = [json.loads(line) for line in output.read_text().splitlines()]
    stats = {
        name: int(value) for name, value in re.findall(r"'([\w/.-]+)': (\d+)[,}]", done.stderr)
    }
    return items, stats, done.stderr


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass  # the crawl's own stats say what was fetched


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A plain HTTP server on a free loopback port, serving the files in `directory`."""
    handler = partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


def product_urls(sandbox_url: str, by_script: bool, count: int) -> list[str]:
    listings = [
        listing
        for listing in build_world().market_listings
        if shows_price_by_script(listing.listing_id) == by_script
    ]
    return [f"{sandbox_url}/market/p/{listing.listing_id}" for listing in listings[:count]]


def test_a_products_crawl_takes_no_more_pages_than_max_pages_and_stays_on_the_site(
    sandbox_url, tmp_path
):
    items, stats, _ = crawl(
        "products",
        tmp_path / "products.jsonl",
        "-a",
        f"start_urls={sandbox_url}/market/",
        "-a",
        "max_pages=8",
    )
    assert stats["trawl/generic/pages_read"] <= 8
    assert stats["trawl/generic/links_over_budget"] > 0
    assert items, "a crawl of 8 pages from the marketplace's front page finds products"
    assert all(item["url"].startswith(f"{sandbox_url}/market/p/") for item in items)
    assert {item["source"] for item in items} == {"127.0.0.1"}


def test_a_businesses_crawl_yields_directory_listings_and_leaves_their_websites_alone(
    sandbox_url, tmp_path
):
    items, stats, _ = crawl(
        "businesses",
        tmp_path / "leads.jsonl",
        "-a",
        f"start_urls={sandbox_url}/directory/search?city=springfield",
        "-a",
        "max_pages=12",
        "-a",
        "source=sandbox-directory",
    )
    assert items
    assert all(item["url"].startswith(f"{sandbox_url}/directory/biz/") for item in items)
    assert {item["source"] for item in items} == {"sandbox-directory"}
    assert len({item["source_id"] for item in items}) == len(items)
    assert stats["trawl/generic/links_offsite"] > 0  # the businesses' own websites


def test_a_sitemap_index_leads_to_gzipped_sitemaps_and_robots_txt_still_rules(
    sandbox_url, tmp_path
):
    products = product_urls(sandbox_url, by_script=False, count=3)
    site = tmp_path / "site"
    site.mkdir()
    (site / "products.xml.gz").write_bytes(
        gzip.compress(sitemap([*products, f"{sandbox_url}/_truth/products.json"]))
    )
    with serving(site) as sitemap_server:
        (site / "sitemap_index.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{sitemap_server}/products.xml.gz</loc></sitemap></sitemapindex>"
        )
        items, stats, _ = crawl(
            "products",
            tmp_path / "products.jsonl",
            "-a",
            f"sitemap={sitemap_server}/sitemap_index.xml",
            "-a",
            "max_pages=4",  # the sitemap's own pages, and no more
        )
    assert stats["trawl/generic/sitemaps_read"] == 2
    assert stats["robotstxt/forbidden"] == 1  # /_truth/ is disallowed on the sandbox
    assert sorted(item["url"] for item in items) == sorted(products)
    assert all(item["price"] and item["currency"] for item in items)


def test_a_robots_txt_that_names_no_sitemap_says_so(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    with serving(site) as server:
        items, stats, log = crawl(
            "businesses", tmp_path / "out.jsonl", "-a", f"sitemap={server}/robots.txt"
        )
    assert items == [] and stats["trawl/generic/sitemaps_read"] == 1
    assert f"{server}/robots.txt names no sitemap (no Sitemap: line): nothing to crawl" in log


def test_without_a_browser_pages_priced_by_script_are_stored_without_a_price(sandbox_url, tmp_path):
    products = product_urls(sandbox_url, by_script=True, count=2)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_bytes(sitemap(products))
    with serving(site) as sitemap_server:
        items, stats, log = crawl(
            "products",
            tmp_path / "products.jsonl",
            "-a",
            f"sitemap={sitemap_server}/sitemap.xml",
            "-a",
            "max_pages=2",
            env={"TRAWL_CHROMIUM_PATH": str(tmp_path / "no-such-chromium")},
        )
    assert stats["trawl/browser/unavailable"] == 2
    assert "trawl/browser/pages_rendered" not in stats
    assert sorted(item["url"] for item in items) == sorted(products)
    assert all(item["price"] is None and item["title"] for item in items)
    assert "TRAWL_CHROMIUM_PATH" in log  # the warning names the fix


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), "give either -a start_urls=<url>[,<url>...] or -a sitemap=<url>"),
        (("-a", "start_urls=ftp://shop.example/"), "-a start_urls='ftp://shop.example/'"),
        (("-a", "start_urls=http://a.example/", "-a", "max_pages=0"), "-a max_pages='0'"),
    ],
)
def test_a_bad_argument_stops_the_crawl_before_any_request(tmp_path, arguments, message):
    done = subprocess.run(
        [str(SCRAPY), "crawl", "businesses", "-s", "ITEM_PIPELINES={}", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0
    assert f"businesses spider: {message}" in done.stderr
    assert "downloader/request_count" not in done.stderr
