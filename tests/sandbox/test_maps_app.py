"""The sandbox maps app in a real Chromium: infinite scroll to an end marker, a details panel
opened by a click, the place id in the URL, and JavaScript-priced marketplace pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from sandbox.product_pages import availability_text
from sandbox.script_prices import shows_price_by_script
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world
from spiders.browser import chromium_args, find_chromium, running_as_root

pytestmark = pytest.mark.browser
SMALL = SandboxConfig(seed=3, businesses=120, products=60, asset_delay=0)


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(SMALL) as url:
        yield url


@pytest.fixture(scope="module")
def world():
    return build_world(SMALL.seed, SMALL.businesses, SMALL.products)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=find_chromium(), args=chromium_args(running_as_root())
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def scroll_to_end(page) -> int:
    """Scroll the feed as a user would until the end marker shows; the results listed."""
    for _ in range(50):
        if page.locator("#end-of-list").is_visible():
            return page.locator(".place-result").count()
        listed = page.locator(".place-result").count()
        page.locator("#feed").evaluate("(feed) => feed.scrollTo(0, feed.scrollHeight)")
        page.wait_for_function(
            "(n) => document.querySelectorAll('.place-result').length > n"
            " || !document.getElementById('end-of-list').hidden",
            arg=listed,
        )
    raise AssertionError("the feed never showed its end marker")


def test_the_feed_loads_about_twenty_places_until_scrolled(base_url, world, page):
    city = world.businesses[0].city
    in_city = [p for p in world.maps_listings if p.city == city]
    assert len(in_city) > 20
    page.goto(f"{base_url}/maps?near={city.slug}")
    page.wait_for_selector(".place-result")
    assert page.locator(".place-result").count() == 20
    assert not page.locator("#end-of-list").is_visible()


def test_scrolling_to_the_end_lists_every_place_of_the_search(base_url, world, page):
    city = world.businesses[0].city
    page.goto(f"{base_url}/maps?near={city.name}")
    page.wait_for_selector(".place-result")
    assert scroll_to_end(page) == sum(1 for p in world.maps_listings if p.city == city)
    ids = page.locator(".place-result").evaluate_all("(els) => els.map((e) => e.dataset.placeId)")
    assert set(ids) == {p.place_id for p in world.maps_listings if p.city == city}


def test_a_search_with_no_match_shows_the_end_marker_at_once(base_url, page):
    page.goto(f"{base_url}/maps?q=submarine+repair&near=Peoria")
    page.wait_for_selector("#end-of-list", state="visible")
    assert page.locator(".place-result").count() == 0


def test_clicking_a_result_opens_its_panel_and_puts_its_id_in_the_url(base_url, world, page):
    place = next(p for p in world.maps_listings if p.website)
    page.goto(f"{base_url}/maps?q={place.name.split()[0]}&near={place.city.slug}")
    page.locator(f'.place-result[data-place-id="{place.place_id}"] a.place-link').click()
    panel = page.locator(f'#place-panel[data-place-id="{place.place_id}"][data-state="loaded"]')
    panel.wait_for()
    assert page.url.startswith(f"{base_url}/maps/place/{place.place_id}?")
    assert panel.locator(".place-name").inner_text() == place.name
    assert panel.locator(".place-phone .value").inner_text() == place.phone
    assert panel.locator(".place-website").get_attribute("href") == place.website
    coordinates = panel.locator(".place-coordinates")
    assert float(coordinates.get_attribute("data-latitude")) == place.latitude
    assert float(coordinates.get_attribute("data-longitude")) == place.longitude


def test_a_place_url_opens_the_app_with_its_panel(base_url, world, page):
    place = world.maps_listings[7]
    page.goto(f"{base_url}/maps/place/{place.place_id}")
    panel = page.locator('#place-panel[data-state="loaded"]')
    panel.wait_for()
    assert panel.get_attribute("data-place-id") == place.place_id
    assert place.street in panel.locator(".place-address .value").inner_text()


def test_script_priced_product_pages_show_their_price_only_in_a_browser(base_url, world, page):
    listing = next(l for l in world.market_listings if shows_price_by_script(l.listing_id))
    page.goto(f"{base_url}/market/p/{listing.listing_id}")
    page.wait_for_selector(".price-block .price:not(:empty)")
    assert page.locator(".price-block .price").inner_text() == listing.price_text
    assert page.locator("#availability").inner_text() == availability_text(listing)
