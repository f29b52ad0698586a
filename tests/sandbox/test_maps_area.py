"""The maps site's result cap, searches limited to an area (bbox) and its geocoding API,
over HTTP; the default world's searches stay under the cap."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from sandbox.gazetteer import BoundingBox, city_boxes
from sandbox.maps import BBOX_MARGIN, MAX_RESULTS_PER_SEARCH, PlaceSearch
from sandbox.places import CITIES
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world

DENSE = SandboxConfig(seed=3, businesses=1500, products=5, asset_delay=0)  # ~150 a city


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(DENSE) as url:
        yield url


@pytest.fixture(scope="module")
def world():
    return build_world(DENSE.seed, DENSE.businesses, DENSE.products)


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def search_all(base_url: str, **params) -> list[dict]:
    """Every result of a search, batch after batch, as the app's feed loads them."""
    results, offset = [], 0
    while offset is not None:
        status, batch = get(f"{base_url}/maps/api/search?{urlencode({**params, 'offset': offset})}")
        assert status == 200, batch
        results += batch["results"]
        offset = batch["next_offset"]
    return results


def test_the_default_worlds_searches_stay_under_the_cap():
    world = build_world()
    search = PlaceSearch(world.maps_listings)
    for city in CITIES:
        assert 0 < len(search.matches("", city.name)) < MAX_RESULTS_PER_SEARCH


def test_a_search_lists_the_cap_at_most_then_ends(base_url, world):
    city = max(CITIES, key=lambda c: sum(p.city == c for p in world.maps_listings))
    in_city = [p for p in world.maps_listings if p.city == city]
    assert len(in_city) > MAX_RESULTS_PER_SEARCH
    listed = search_all(base_url, near=city.slug)
    assert len(listed) == MAX_RESULTS_PER_SEARCH  # the feed ends at the cap
    ranked = PlaceSearch(world.maps_listings).matches("", city.name)
    assert [r["place_id"] for r in listed] == [p.place_id for p in ranked][:120]  # best first


def test_a_bbox_limits_the_search_to_its_area_and_a_margin(base_url, world):
    city = CITIES[0]
    box = BoundingBox(city.latitude - 0.02, city.longitude - 0.03, city.latitude, city.longitude)
    bbox = ",".join(map(str, box.as_list()))
    listed = {r["place_id"] for r in search_all(base_url, bbox=bbox)}
    assert 0 < len(listed) < MAX_RESULTS_PER_SEARCH
    inside = {p.place_id for p in world.maps_listings if box.contains(p.latitude, p.longitude)}
    widened = box.widened(BBOX_MARGIN)
    near_edge = {
        p.place_id for p in world.maps_listings if widened.contains(p.latitude, p.longitude)
    }
    assert inside <= listed and listed == near_edge
    assert len(near_edge) > len(inside)  # places just past the edge are listed too
    coffee = search_all(base_url, q="coffee", near=city.slug, bbox=bbox)
    assert {r["place_id"] for r in coffee} == {
        p.place_id
        for p in world.maps_listings
        if p.place_id in listed and p.city == city and "coffee" in p.search_text
    }
    _, first = get(f"{base_url}/maps/api/search?{urlencode({'bbox': bbox})}")
    assert first["center"] == pytest.approx([box.south + 0.01, box.west + 0.015])  # the box's


@pytest.mark.parametrize(
    ("bbox", "reason"),
    [
        ("39.7,-89.7,39.8", "four numbers"),
        ("39.8,-89.7,39.7,-89.6", "south < north"),
        ("39.7,-89.7,39.8,inf", "finite"),
    ],
)
def test_a_bad_bbox_is_refused_with_the_reason(base_url, bbox, reason):
    status, answer = get(f"{base_url}/maps/api/search?{urlencode({'bbox': bbox})}")
    assert status == 400 and reason in answer["error"]


def test_the_geocoder_gives_each_city_a_box_holding_all_its_places(base_url, world):
    boxes = city_boxes(world.maps_listings)
    for city in CITIES:
        status, answer = get(f"{base_url}/maps/api/geocode?{urlencode({'q': city.name})}")
        assert status == 200
        assert answer["name"] == city.name and answer["center"] == [city.latitude, city.longitude]
        box = BoundingBox(*answer["bbox"])
        assert box == boxes[city]
        assert box.contains(city.latitude, city.longitude)
        assert all(
            box.contains(p.latitude, p.longitude) for p in world.maps_listings if p.city == city
        )
    assert get(f"{base_url}/maps/api/geocode?q=GREEN-BAY")[1]["name"] == "Green Bay"
    assert get(f"{base_url}/maps/api/geocode?q=Atlantis") == (404, {"error": "no such place"})
