"""Driving the maps app in real Chromium, without Scrapy: scrolling the feed to its end,
opening places by clicking, and reading a place page rendered on its own (the fallback)."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world
from spiders.browser import chromium_args, find_chromium, running_as_root
from spiders.extraction.maps import FEED_SETTLED, PANEL_LOADED, parse_place_panel
from spiders.maps_app import open_place, scroll_feed

pytestmark = pytest.mark.browser
SMALL = SandboxConfig(seed=3, businesses=500, products=10, asset_delay=0)  # ~50 a city
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(SMALL) as url:
        yield url


@pytest.fixture(scope="module")
def world():
    return build_world(SMALL.seed, SMALL.businesses, SMALL.products)


def in_a_page(work):
    """Run `await work(page)` in a fresh Chromium page; its result."""

    async def main():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=find_chromium(), args=chromium_args(running_as_root())
            )
            try:
                return await work(await browser.new_page())
            finally:
                await browser.close()

    return asyncio.run(main())


def test_scrolling_reaches_the_end_of_the_list_with_every_place(base_url, world):
    city = world.businesses[0].city
    expected = [p.place_id for p in world.maps_listings if p.city == city]

    async def scroll(page):
        await page.goto(f"{base_url}/maps?near={city.slug}")
        await page.wait_for_selector(FEED_SETTLED)
        return await scroll_feed(page, None, TIMEOUT_MS)

    listed = in_a_page(scroll)
    assert len(expected) > 40  # three batches at least
    assert sorted(listed) == sorted(expected) and len(set(listed)) == len(listed)


def test_scrolling_stops_at_max_results(base_url, world):
    city = world.businesses[0].city

    async def scroll(page):
        await page.goto(f"{base_url}/maps?near={city.slug}")
        await page.wait_for_selector(FEED_SETTLED)
        return await scroll_feed(page, 21, TIMEOUT_MS), await page.locator(".place-result").count()

    listed, shown = in_a_page(scroll)
    assert len(listed) == 21 and shown == 40  # the second batch was needed, not a third


def test_opening_places_one_after_another_reads_each_panel(base_url, world):
    city = world.businesses[0].city
    places = {p.place_id: p for p in world.maps_listings if p.city == city}

    async def open_each(page):
        await page.goto(f"{base_url}/maps?near={city.slug}")
        await page.wait_for_selector(FEED_SETTLED)
        ids = (await scroll_feed(page, 10, TIMEOUT_MS))[:10]
        return [parse_place_panel(await open_place(page, i, TIMEOUT_MS), page.url) for i in ids]

    items = in_a_page(open_each)
    assert len(items) == 10
    for item in items:
        place = places[item.source_id]
        assert (item.name, item.phone, item.website) == (place.name, place.phone, place.website)
        assert (item.latitude, item.longitude) == (place.latitude, place.longitude)


def test_a_place_missing_from_the_feed_fails_with_its_id(base_url):
    async def open_missing(page):
        await page.goto(f"{base_url}/maps?near=peoria")
        await page.wait_for_selector(FEED_SETTLED)
        await open_place(page, "ChIJnot-in-this-feed", TIMEOUT_MS)

    with pytest.raises(PlaywrightError, match="no result ChIJnot-in-this-feed in the feed"):
        in_a_page(open_missing)


def test_a_place_page_rendered_alone_reads_like_its_panel(base_url, world):
    place = world.maps_listings[3]

    async def render(page):
        await page.goto(f"{base_url}/maps/place/{place.place_id}")
        await page.wait_for_selector(PANEL_LOADED)
        return await page.content(), page.url

    html, url = in_a_page(render)
    item = parse_place_panel(html, url)
    assert item.source_id == place.place_id and item.url == url
    assert (item.name, item.phone, item.address) == (place.name, place.phone, place.address)
