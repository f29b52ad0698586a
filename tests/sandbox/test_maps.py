"""The sandbox maps site over HTTP: its listings, search API, place API and assets.

What the app does in a browser is in test_maps_app.py.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

import phonenumbers
import pytest

from sandbox.maps_listings import COORDINATE_JITTER, place_id
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world

SMALL = SandboxConfig(seed=3, businesses=120, products=10, asset_delay=0)


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(SMALL) as url:
        yield url


@pytest.fixture(scope="module")
def world():
    return build_world(SMALL.seed, SMALL.businesses, SMALL.products)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def search(base_url: str, **params) -> dict:
    status, _, body = fetch(f"{base_url}/maps/api/search?{urlencode(params)}")
    assert status == 200
    return json.loads(body)


def search_all(base_url: str, q: str = "", near: str = "") -> list[dict]:
    """Every result of a search, batch after batch, as the app's feed loads them."""
    results, offset = [], 0
    while offset is not None:
        batch = search(base_url, q=q, near=near, offset=offset)
        assert len(batch["results"]) <= 20
        results += batch["results"]
        offset = batch["next_offset"]
    return results


def expected_places(truth: list[dict], q: str, city: str | None) -> set[str]:
    """The maps place ids of the true businesses a search should find, from the truth."""
    found = set()
    for business in truth:
        text = " ".join([business["name"], *business["categories"]]).lower()
        if (city is None or business["city"] == city) and all(w in text for w in q.split()):
            found |= {l["source_id"] for l in business["listings"] if l["source"] == "maps"}
    return found


def test_every_business_is_on_the_maps_site_once(world):
    truth = world.truth_businesses()
    places = [[l for l in b["listings"] if l["source"] == "maps"] for b in truth]
    assert all(len(listed) == 1 for listed in places)
    assert len({listed[0]["source_id"] for listed in places}) == len(truth)


def test_place_ids_depend_only_on_the_seed_and_the_business():
    for world in (build_world(3, 40, 5), build_world(3, 80, 5)):
        assert all(p.place_id == place_id(3, p.entity_id) for p in world.maps_listings)
    assert place_id(3, "biz-000001") != place_id(4, "biz-000001")
    assert re.fullmatch(r"ChIJ[A-Za-z0-9_-]{22}", place_id(3, "biz-000001"))


def test_adding_the_maps_site_changed_nothing_else():
    world = build_world(3, 40, 5)
    assert [b.entity_id for b in world.businesses] == [p.entity_id for p in world.maps_listings]
    truth = world.truth_businesses()
    assert all(b["listings"][0]["source"] == "directory" for b in truth)


def test_maps_listings_differ_from_the_truth_the_way_sources_do(world):
    businesses = {b.entity_id: b for b in world.businesses}
    shapes = set()
    for place in world.maps_listings:
        business = businesses[place.entity_id]
        number = phonenumbers.parse(place.phone, "US")
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == (
            business.phone_e164
        )
        shapes.add(re.sub(r"\d", "9", place.phone))
        assert abs(place.latitude - business.latitude) <= COORDINATE_JITTER + 1e-9
        assert abs(place.longitude - business.longitude) <= COORDINATE_JITTER + 1e-9
        if business.website_domain:
            assert business.website_domain in place.website
        else:
            assert place.website is None
    assert len(shapes) == 4  # several national formats
    assert any(p.latitude != businesses[p.entity_id].latitude for p in world.maps_listings)


def test_a_search_finds_every_place_of_its_query_in_batches(base_url, world):
    truth = world.truth_businesses()
    city = world.businesses[0].city
    results = search_all(base_url, q="coffee", near=city.name)
    assert {r["place_id"] for r in results} == expected_places(truth, "coffee", city.name)
    assert len(results) == len({r["place_id"] for r in results})


def test_an_empty_query_finds_every_business_of_a_city_by_name_or_slug(base_url, world):
    truth = world.truth_businesses()
    city = world.businesses[0].city
    by_slug = search_all(base_url, near=city.slug)
    assert {r["place_id"] for r in by_slug} == expected_places(truth, "", city.name)
    assert len(by_slug) > 20  # more than one batch
    assert [r["place_id"] for r in search_all(base_url, near=city.name.upper())] == [
        r["place_id"] for r in by_slug
    ]


def test_no_city_searches_everywhere_and_an_unknown_city_finds_nothing(base_url, world):
    assert len(search_all(base_url)) == len(world.maps_listings)
    assert search(base_url, near="Atlantis", offset=0) == {
        "results": [],
        "next_offset": None,
        "center": None,
    }


def test_a_bad_offset_is_refused_with_the_reason(base_url):
    status, _, body = fetch(f"{base_url}/maps/api/search?near=peoria&offset=minus-one")
    assert status == 400
    assert "offset must be a whole number" in json.loads(body)["error"]


def test_the_place_api_gives_what_the_panel_shows(base_url, world):
    place = world.maps_listings[5]
    status, content_type, body = fetch(f"{base_url}/maps/api/place/{place.place_id}")
    assert status == 200 and content_type.startswith("application/json")
    details = json.loads(body)
    assert details["phone"] == place.phone
    assert details["website"] == place.website
    assert (details["latitude"], details["longitude"]) == (place.latitude, place.longitude)
    assert details["address"].endswith(f"{place.city.region} {place.postal_code}, United States")


def test_app_urls_serve_the_single_page_app(base_url, world):
    place = world.maps_listings[0]
    for path in ("/maps?q=coffee&near=Peoria", f"/maps/place/{place.place_id}"):
        status, content_type, body = fetch(base_url + path)
        assert status == 200 and content_type.startswith("text/html")
        assert b'<section id="feed" role="feed"' in body
        assert b'<script src="/static/maps.js"' in body
    assert fetch(base_url + "/static/maps.js")[1].startswith("application/javascript")
    assert fetch(base_url + "/maps/place/ChIJnot-a-place")[0] == 404


def test_images_fonts_and_stylesheets_are_served(base_url, world):
    place = world.maps_listings[0]
    status, content_type, body = fetch(f"{base_url}/maps/img/{place.place_id}.png")
    assert (status, content_type) == (200, "image/png") and body.startswith(b"\x89PNG")
    assert fetch(f"{base_url}/maps/tiles/13/2054/3106.png")[2].startswith(b"\x89PNG")
    assert fetch(f"{base_url}/market/img/B0ANYTHING-1.jpg")[1] == "image/png"
    status, content_type, css = fetch(base_url + "/static/sandbox.css")
    assert content_type.startswith("text/css") and b"/static/fonts/sandbox-sans.woff2" in css
    assert fetch(base_url + "/static/fonts/sandbox-sans.woff2")[1] == "font/woff2"
