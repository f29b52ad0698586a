"""The sandbox server: the URL scheme others code against, served from memory."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest
from parsel import Selector

from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world

SMALL = SandboxConfig(seed=3, businesses=70, products=40)


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(SMALL) as url:
        yield url


@pytest.fixture(scope="module")
def world():
    return build_world(SMALL.seed, SMALL.businesses, SMALL.products)


def fetch(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def follow_pages(base_url: str, start: str, link_css: str) -> list[str]:
    """The hrefs matching `link_css` on every page of a rel=next chain."""
    found, url = [], urljoin(base_url, start)
    while url:
        status, _, body = fetch(url)
        assert status == 200, url
        page = Selector(text=body.decode())
        found += page.css(f"{link_css}::attr(href)").getall()
        next_href = page.css('a[rel="next"]::attr(href)').get()
        url = urljoin(url, next_href) if next_href else None
    return found


def test_the_url_is_loopback_on_a_free_port(base_url):
    assert base_url.startswith("http://127.0.0.1:")
    assert int(base_url.rsplit(":", 1)[1]) > 0


def test_home_page_links_to_the_directory_and_the_marketplace(base_url):
    status, content_type, body = fetch(base_url + "/")
    assert status == 200 and content_type == "text/html; charset=utf-8"
    assert set(Selector(text=body.decode()).css("a::attr(href)").getall()) >= {
        "/directory/",
        "/market/",
    }


def test_robots_txt_disallows_only_the_truth(base_url):
    status, _, body = fetch(base_url + "/robots.txt")
    assert status == 200
    assert body.decode().splitlines() == ["User-agent: *", "Disallow: /_truth/"]


def test_directory_search_pages_list_every_listing_once(base_url, world):
    links = follow_pages(base_url, "/directory/search", "a.biz-link")
    assert sorted(links) == sorted(
        f"/directory/biz/{l.listing_id}" for l in world.directory_listings
    )


def test_search_results_come_twenty_to_a_page(base_url, world):
    status, _, body = fetch(base_url + "/directory/search")
    assert status == 200
    assert len(Selector(text=body.decode()).css("a.biz-link")) == 20


def test_search_filters_select_category_and_city(base_url, world):
    listing = world.directory_listings[0]
    category, city = listing.trade_slugs[0], listing.city.slug
    links = follow_pages(
        base_url, f"/directory/search?category={category}&city={city}", "a.biz-link"
    )
    expected = [
        l for l in world.directory_listings if category in l.trade_slugs and l.city.slug == city
    ]
    assert sorted(links) == sorted(f"/directory/biz/{l.listing_id}" for l in expected)


def test_query_parameter_order_does_not_matter(base_url):
    _, _, one = fetch(base_url + "/directory/search?city=peoria&category=coffee")
    _, _, other = fetch(base_url + "/directory/search?category=coffee&city=peoria&page=1")
    assert one == other


def test_a_filter_with_no_matches_is_an_empty_page_not_an_error(base_url, world):
    used = {(slug, l.city.slug) for l in world.directory_listings for slug in l.trade_slugs}
    unused = next(
        (t, c)
        for t in ("coffee", "dentist", "gym", "florist", "bookstore")
        for c in ("peoria", "dayton", "madison")
        if (t, c) not in used
    )
    status, _, body = fetch(base_url + f"/directory/search?category={unused[0]}&city={unused[1]}")
    assert status == 200 and b"No businesses match." in body


def test_unknown_pages_and_filters_are_404(base_url):
    assert fetch(base_url + "/nowhere")[0] == 404
    assert fetch(base_url + "/directory/search?category=zoo")[0] == 404
    assert fetch(base_url + "/directory/search?page=999")[0] == 404
    assert fetch(base_url + "/directory/biz/not-a-listing")[0] == 404


def test_business_pages_exist_for_every_listing(base_url, world):
    for listing in world.directory_listings[:10]:
        status, _, body = fetch(f"{base_url}/directory/biz/{listing.listing_id}")
        assert status == 200
        assert listing.postal_code.encode() in body


def test_marketplace_category_pages_list_every_listing_once(base_url, world):
    _, _, home = fetch(base_url + "/market/")
    links = []
    for category in Selector(text=home.decode()).css("a.department::attr(href)").getall():
        links += follow_pages(base_url, category, "a.product-link")
    assert sorted(links) == sorted(f"/market/p/{l.listing_id}" for l in world.market_listings)


def test_truth_is_served_as_json_equal_to_the_python_truth(base_url, world):
    status, content_type, body = fetch(base_url + "/_truth/businesses.json")
    assert status == 200 and content_type == "application/json; charset=utf-8"
    assert json.loads(body) == world.truth_businesses()
    assert json.loads(fetch(base_url + "/_truth/products.json")[2]) == world.truth_products()


def test_head_requests_get_headers_without_a_body(base_url):
    status, content_type, body = fetch(base_url + "/market/", method="HEAD")
    assert status == 200 and content_type.startswith("text/html") and body == b""


def test_two_sandboxes_run_side_by_side():
    with (
        running_sandbox(SandboxConfig(seed=5, businesses=10, products=10)) as first,
        running_sandbox(SandboxConfig(seed=6, businesses=10, products=10)) as second,
    ):
        assert first != second
        assert (
            fetch(first + "/_truth/businesses.json")[2]
            != fetch(second + "/_truth/businesses.json")[2]
        )


def test_the_server_stops_when_the_block_ends():
    with running_sandbox(SandboxConfig(seed=5, businesses=10, products=10)) as url:
        assert fetch(url + "/")[0] == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/", timeout=2)


def test_a_busy_port_is_reported_with_the_port_and_what_to_do():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        busy_config = SandboxConfig(seed=5, businesses=10, products=10, port=port)
        with (
            pytest.raises(RuntimeError, match=rf"127\.0\.0\.1:{port}.*port=0 picks a free one"),
            running_sandbox(busy_config),
        ):
            pass
