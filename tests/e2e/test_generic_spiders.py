"""The generic spiders crawl the whole sandbox, knowing nothing of its markup, and get at
least REQUIRED_SHARE of product prices and business phones right against its truth.

`scrapy crawl products -a start_urls=<sandbox>/market/` and `scrapy crawl businesses -a
start_urls=<sandbox>/directory/` run side by side (pipelines off). The marketplace's pages
come in two markups, the directory's in four, and about 15% of product pages show their
price only through a script (the spider renders those in Chromium). Run with `-s` to see
every field's share.

Scoring: items are joined to /_truth/products.json and /_truth/businesses.json by URL (a
product page is /market/p/<listing id>, a business page /directory/biz/<listing id>, and
the truth names every listing by that id). Each field of each listing the truth knows is
right or wrong; a listing the crawl missed is wrong in every field, so a share is also a
coverage. What a listing's page shows is not always the truth's value: a seller writes the
title its own way and leaves out the brand or GTIN on some listings; a directory listing
may abbreviate the street or drop "LLC", and a duplicate one may move the pin a little,
show the business's second number or no phone at all (the truth lists each listing's
`variations`). So each field is scored against the value the page shows (from the sandbox
world, which renders the pages), and where that can differ from the truth, against the
truth as well ("phone (truth)"); a field the page leaves out must come out empty. Values
are compared after `pipelines.normalize`, as the pipelines would store them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines.database import PROJECT_ROOT
from pipelines.normalize import (
    availability,
    clean_text,
    parse_price,
    phone_e164,
    registered_domain,
    valid_gtin,
)
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import World, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.timeout(1500)]
SCRAPY = Path(sys.executable).parent / "scrapy"
REQUIRED_SHARE = 0.99
CONFIG = SandboxConfig()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Both crawls of the default sandbox, run at once: {kind: (items, truth)}."""
    out = tmp_path_factory.mktemp("generic")
    with running_sandbox(CONFIG) as base:
        crawls = {
            kind: subprocess.Popen(
                crawl_command(kind, f"{base}/{section}/", out / f"{kind}.jsonl"),
                cwd=PROJECT_ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for kind, section in (("products", "market"), ("businesses", "directory"))
        }
        logs = {kind: process.communicate(timeout=1200)[1] for kind, process in crawls.items()}
        truth = {
            kind: json.load(urllib.request.urlopen(f"{base}/_truth/{kind}.json")) for kind in crawls
        }
    for kind, process in crawls.items():
        assert process.returncode == 0, logs[kind][-3000:]
    return {
        kind: (
            [json.loads(line) for line in (out / f"{kind}.jsonl").read_text().splitlines()],
            truth[kind],
        )
        for kind in crawls
    }


def crawl_command(spider: str, start_url: str, output: Path) -> list[str]:
    return [str(SCRAPY), "crawl", spider, "-a", f"start_urls={start_url}", "-O", str(output),
            "-s", "ITEM_PIPELINES={}"]  # fmt: skip


def sandbox_world() -> World:
    return build_world(CONFIG.seed, CONFIG.businesses, CONFIG.products)


def test_product_prices_are_right_for_nearly_every_marketplace_listing(crawled):
    items, truth = crawled["products"]
    scores = product_scores(items, truth, sandbox_world())
    print(f"\nproducts ({len(items)} items):\n{score_table(scores)}")
    assert scores["price and currency"] >= REQUIRED_SHARE, score_table(scores)


def test_business_phones_are_right_for_nearly_every_directory_listing(crawled):
    items, truth = crawled["businesses"]
    scores = business_scores(items, truth, sandbox_world())
    print(f"\nbusinesses ({len(items)} items):\n{score_table(scores)}")
    assert scores["phone"] >= REQUIRED_SHARE, score_table(scores)


def test_every_item_is_one_listing_of_the_truth(crawled):
    for kind, (items, truth) in crawled.items():
        listed = {
            listing["source_id"]
            for record in truth
            for listing in record["listings"]
            if listing["source"] in ("marketplace", "directory")
        }
        ids = [listing_id(item["url"]) for item in items]
        assert len(ids) == len(set(ids)), f"{kind}: a listing was yielded twice"
        assert set(ids) <= listed, f"{kind}: items from pages that are no listing"


# --- scoring ---------------------------------------------------------------------------

COORDINATE_TOLERANCE = 1e-6  # degrees; the pages print six decimals


def listing_id(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def product_scores(items: list[dict], truth: list[dict], world: World) -> dict[str, float]:
    """The share of truth listings each product field is right for."""
    by_listing = {listing_id(item["url"]): item for item in items}
    shown = {listing.listing_id: listing for listing in world.market_listings}
    right: Counter = Counter()
    total = 0
    for product in truth:
        for offer in product["listings"]:
            total += 1
            item = by_listing.get(offer["source_id"])
            if item is None:
                continue
            page = shown[offer["source_id"]]
            price = parse_price(item["price"], item["currency"])
            checks = {
                "found": True,
                "price": price.amount == Decimal(offer["price"]),
                "currency": price.currency == offer["currency"],
                "price and currency": price.amount == Decimal(offer["price"])
                and price.currency == offer["currency"],
                "availability": availability(item["availability"]) == offer["availability"],
                "title": clean_text(item["title"]) == page.title,
                "brand": clean_text(item["brand"]) == (product["brand"] if page.brand else None),
                "gtin": valid_gtin(item["gtin"])
                == (valid_gtin(product["gtin"]) if page.gtin else None),
            }
            right.update(name for name, ok in checks.items() if ok)
    return {name: right[name] / total for name in _PRODUCT_FIELDS} if total else {}


def business_scores(items: list[dict], truth: list[dict], world: World) -> dict[str, float]:
    """The share of truth directory listings each business field is right for."""
    by_listing = {listing_id(item["url"]): item for item in items}
    shown = {listing.listing_id: listing for listing in world.directory_listings}
    right: Counter = Counter()
    total = 0
    for business in truth:
        for entry in business["listings"]:
            if entry["source"] != "directory":
                continue
            total += 1
            item = by_listing.get(entry["source_id"])
            if item is None:
                continue
            page = shown[entry["source_id"]]
            phone = phone_e164(item["phone"], item["country"])
            checks = {
                "found": True,
                "phone": phone == phone_e164(page.phone),
                "phone (truth)": phone == business["phone_e164"],
                "website": registered_domain(item["website"]) == registered_domain(page.website),
                "website (truth)": registered_domain(item["website"]) == business["website_domain"],
                "name": clean_text(item["name"]) == page.name,
                "name (truth)": clean_text(item["name"]) == business["name"],
                "street": clean_text(item["street"]) == page.street,
                "street (truth)": clean_text(item["street"]) == business["street"],
                "city": clean_text(item["city"]) == business["city"],
                "postal code": clean_text(item["postal_code"]) == business["postal_code"],
                "lat/lng": _same_place(item, page.latitude, page.longitude),
                "lat/lng (truth)": _same_place(item, business["latitude"], business["longitude"]),
            }
            right.update(name for name, ok in checks.items() if ok)
    return {name: right[name] / total for name in _BUSINESS_FIELDS} if total else {}


def _same_place(item: dict, latitude: float, longitude: float) -> bool:
    if item["latitude"] is None or item["longitude"] is None:
        return False
    return (
        abs(item["latitude"] - latitude) <= COORDINATE_TOLERANCE
        and abs(item["longitude"] - longitude) <= COORDINATE_TOLERANCE
    )


def score_table(scores: dict[str, float]) -> str:
    return "\n".join(f"  {name:<20} {share:8.2%}" for name, share in scores.items())


_PRODUCT_FIELDS = (
    "found",
    "price and currency",
    "price",
    "currency",
    "availability",
    "title",
    "gtin",
    "brand",
)
_BUSINESS_FIELDS = (
    "found",
    "phone",
    "phone (truth)",
    "website",
    "website (truth)",
    "name",
    "name (truth)",
    "street",
    "street (truth)",
    "city",
    "postal code",
    "lat/lng",
    "lat/lng (truth)",
)
