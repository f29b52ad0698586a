"""Marketplace pages whose price and availability only a script shows, read over plain HTTP."""

from __future__ import annotations

import json
import urllib.request

import pytest
from parsel import Selector

from sandbox.product_pages import availability_text
from sandbox.script_prices import RECOMMENDED, SHARE_PERCENT, shows_price_by_script
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world

SMALL = SandboxConfig(seed=3, businesses=10, products=300, asset_delay=0)


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(SMALL) as url:
        yield url


@pytest.fixture(scope="module")
def listings():
    return build_world(SMALL.seed, SMALL.businesses, SMALL.products).market_listings


def page(url: str) -> Selector:
    with urllib.request.urlopen(url, timeout=10) as response:
        return Selector(text=response.read().decode())


def test_about_one_page_in_seven_leaves_its_price_to_a_script(listings):
    share = sum(shows_price_by_script(l.listing_id) for l in listings) / len(listings)
    assert SHARE_PERCENT / 100 - 0.05 < share < SHARE_PERCENT / 100 + 0.05


def test_their_html_and_json_ld_carry_no_price(base_url, listings):
    for listing in [l for l in listings if shows_price_by_script(l.listing_id)][:20]:
        html = page(f"{base_url}/market/p/{listing.listing_id}")
        assert html.css(".price-block .price::text").get() is None
        assert html.css("#availability::text").get() is None
        for block in html.css('script[type="application/ld+json"]::text').getall():
            offer = json.loads(block)["offers"]
            assert "price" not in offer and "availability" not in offer
        assert html.css('link[rel="stylesheet"]::attr(href)').get() == "/static/sandbox.css"
        assert len(html.css("img.recommendation")) == RECOMMENDED  # photos, as shops show


def test_the_price_api_gives_the_text_other_pages_show(base_url, listings):
    listing = next(l for l in listings if shows_price_by_script(l.listing_id))
    with urllib.request.urlopen(f"{base_url}/market/api/price/{listing.listing_id}") as response:
        assert json.load(response) == {
            "price_text": listing.price_text,
            "availability_text": availability_text(listing),
        }


def test_other_pages_still_show_their_price_in_the_html(base_url, listings):
    listing = next(l for l in listings if not shows_price_by_script(l.listing_id))
    html = page(f"{base_url}/market/p/{listing.listing_id}")
    assert html.css(".price-block .price::text").get() == listing.price_text
