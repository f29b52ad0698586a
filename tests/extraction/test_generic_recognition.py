"""Which pages a generic spider yields items from: pages about one product or one business,
not listings, not other kinds of page; and which product pages need a browser for their price.

Checked on the shared real pages (tests/extraction/pages, their kind in pages.json) and on
every page of a small sandbox world, rendered in process.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path

import pytest

from sandbox.site import render_site
from spiders.extraction.generic import Page, business_from_page, product_from_page
from spiders.extraction.generic.recognition import (
    is_business_page,
    is_product_listing,
    is_product_page,
    price_left_to_script,
)

PAGES = Path(__file__).parent / "pages"
MANIFEST = json.loads((PAGES / "pages.json").read_text())


def read(name: str):
    body, url = (PAGES / name).read_bytes(), MANIFEST[name]["url"]
    product_page, business_page = Page.parse(body, url), Page.parse(body, url)
    return (
        product_page,
        product_from_page(product_page),
        business_page,
        business_from_page(business_page),
    )


REAL_PRODUCT_PAGES = [name for name, page in MANIFEST.items() if page["kind"] == "product"]
REVIEW_PAGES = [name for name in MANIFEST if name.startswith("fakepilot_trustpilot")]


@pytest.mark.parametrize("name", REAL_PRODUCT_PAGES)
def test_real_product_pages_are_product_pages_and_no_business_pages(name):
    product_page, product, business_page, business = read(name)
    assert is_product_page(product_page, product)
    assert not price_left_to_script(product_page, product)
    assert not is_business_page(business_page, business)


@pytest.mark.parametrize("name", REVIEW_PAGES)
def test_a_review_sites_page_about_a_business_is_a_business_page_and_no_product_page(name):
    product_page, product, business_page, business = read(name)
    assert is_business_page(business_page, business)
    assert not is_product_page(product_page, product)


def test_a_real_listing_is_a_listing_and_no_product_page():
    product_page, product, _, _ = read("webpoet_books_toscrape_list.html")
    assert is_product_listing(product_page)
    assert not is_product_page(product_page, product)


def test_a_page_listing_venues_is_no_single_business_page():
    _, _, business_page, business = read("extruct_songkick_venue_event.html")
    assert not is_business_page(business_page, business)


def snippet(body: str, head: str = "", url: str = "https://shop.example.com/p/lamp") -> Page:
    return Page.parse(f"<html><head>{head}</head><body>{body}</body></html>", url)


def test_a_product_page_whose_script_writes_the_price_needs_a_browser():
    page = snippet(
        '<h1>Arco Floor Lamp</h1><div class="price-box"><span class="price"></span></div>'
        '<script>fetch("/api/price/1").then(r => r.json()).then(show)</script>'
    )
    product = product_from_page(page)
    assert is_product_page(page, product)
    assert price_left_to_script(page, product)


def test_a_page_without_scripts_cannot_show_a_price_in_a_browser_either():
    page = snippet(
        '<h1>Arco Floor Lamp</h1><div class="price-box"><span class="price"></span></div>'
    )
    assert not price_left_to_script(page, product_from_page(page))


def test_an_amount_in_running_text_with_nothing_to_buy_is_no_product_page():
    page = snippet("<h1>Our history</h1><p>Founded in 1990 with £500 and a van.</p>")
    assert not is_product_page(page, product_from_page(page))


def test_the_last_page_of_a_category_with_a_single_card_is_no_product_page():
    page = snippet(
        '<h1>Lamps</h1><ul><li class="card"><a href="/p/arco">Arco Floor Lamp</a>'
        '<span class="price">£1,200.00</span></li></ul>'
        '<nav><a rel="prev" href="/c/lamps?page=3">Previous</a></nav>',
        url="https://shop.example.com/c/lamps?page=4",
    )
    assert not is_product_page(page, product_from_page(page))


@functools.cache
def sandbox_kinds() -> Counter:
    """(section, product page, needs a browser, listing, business page) for every page."""
    kinds: Counter = Counter()
    for key, rendered in render_site(11, 80, 80).items():
        if not rendered.content_type.startswith("text/html"):
            continue
        url = "http://127.0.0.1:8700" + key
        product_page, business_page = Page.parse(rendered.body, url), Page.parse(rendered.body, url)
        product, business = product_from_page(product_page), business_from_page(business_page)
        section = "/".join(key.split("?")[0].split("/")[:3])
        kinds[
            (
                section,
                is_product_page(product_page, product),
                price_left_to_script(product_page, product),
                is_product_listing(product_page),
                is_business_page(business_page, business),
            )
        ] += 1
    return kinds


def test_on_the_sandbox_only_marketplace_product_pages_are_product_pages():
    product_sections = {kind[0] for kind in sandbox_kinds() if kind[1]}
    assert product_sections == {"/market/p"}
    assert not any(kind[0] == "/market/p" and not kind[1] for kind in sandbox_kinds())


def test_on_the_sandbox_only_directory_business_pages_and_businesses_own_sites_are_business_pages():
    business_sections = {kind[0] for kind in sandbox_kinds() if kind[4]}
    own_sites = {section for section in business_sections if section.startswith("/_sites/")}
    assert business_sections - own_sites == {"/directory/biz"}
    assert own_sites  # a business's own website shows its name, address and phone
    assert not any(kind[0] == "/directory/biz" and not kind[4] for kind in sandbox_kinds())


def test_on_the_sandbox_the_pages_whose_price_a_script_shows_need_a_browser():
    from sandbox.script_prices import shows_price_by_script
    from sandbox.world import build_world

    scripted = sum(
        shows_price_by_script(l.listing_id) for l in build_world(11, 80, 80).market_listings
    )
    needing = sum(count for kind, count in sandbox_kinds().items() if kind[2])
    assert needing == scripted > 0


def test_on_the_sandbox_category_pages_are_listings_and_no_product_pages():
    from sandbox.catalog import DEPARTMENTS

    categories = {kind: n for kind, n in sandbox_kinds().items() if kind[0] == "/market/c"}
    assert categories and not any(kind[1] for kind in categories)
    # a department's last page may show fewer than MIN_CARDS products: no listing to tell
    listings = sum(n for kind, n in categories.items() if kind[3])
    assert listings >= sum(categories.values()) - len(DEPARTMENTS)
