"""Reading the maps app's rendered HTML: the results feed and the place details panel.

The HTML below is what the app rendered in Chromium (outerHTML of #place-panel, the feed
part of page.content()), saved as the spider receives it.
"""

from __future__ import annotations

import pytest

from spiders.extraction.maps import parse_feed, parse_feed_places, parse_place_panel, place_url
from spiders.extraction.markup import UnknownLayout

PANEL = (
    '<aside id="place-panel" aria-label="Place details" data-place-id="ChIJJb6Dci-7au3xeAecSBuFQw"'
    ' data-state="loaded"><img class="place-photo" src="/maps/img/ChIJJb6Dci-7au3xeAecSBuFQw.png"'
    ' alt=""><h1 class="place-name">Laura\'s Salon</h1><div class="place-rating">5.0 (1,504)</div>'
    '<div class="place-category">Hair Salons · Barbers</div><div class="place-detail place-address">'
    '<span class="label">Address: </span><span class="value">4956 Market Parkway, Springfield, IL'
    ' 62771, United States</span></div><div class="place-detail place-hours"><span class="label">'
    'Hours: </span><span class="value">Mo-Fr 10:00-20:00, Sa 09:00-17:00</span></div>'
    '<div class="place-detail"><span class="label">Website: </span><a class="place-website"'
    ' href="https://www.laurassalon.com/" rel="nofollow noopener">www.laurassalon.com</a></div>'
    '<div class="place-detail place-phone"><span class="label">Phone: </span><span class="value">'
    '217.947.1111</span></div><div class="place-detail place-coordinates" data-latitude="39.816449"'
    ' data-longitude="-89.600364"><span class="label">Coordinates: </span><span class="value">'
    "39.816449, -89.600364</span></div></aside>"
)
SEARCH_URL = "http://127.0.0.1:8700/maps?q=&near=Springfield"


def feed_html(results: str, end_hidden: bool = True, error_hidden: bool = True) -> str:
    hidden = {True: ' hidden=""', False: ""}
    return f"""<html><body><section id="feed" role="feed"><ol id="results">{results}</ol>
<p id="feed-error" class="feed-error"{hidden[error_hidden]}>Could not load more places.</p>
<p id="end-of-list" class="end-of-list"{hidden[end_hidden]}>You've reached the end of the list.</p>
</section></body></html>"""


def result(place_id: str) -> str:
    return (
        f'<li class="place-result" data-place-id="{place_id}">'
        f'<a class="place-link" href="/maps/place/{place_id}">A place</a></li>'
    )


def test_a_panel_gives_every_field_as_written():
    item = parse_place_panel(PANEL, SEARCH_URL)
    assert (item.source, item.source_id) == ("maps", "ChIJJb6Dci-7au3xeAecSBuFQw")
    assert item.url == "http://127.0.0.1:8700/maps/place/ChIJJb6Dci-7au3xeAecSBuFQw"
    assert item.name == "Laura's Salon"
    assert item.categories == ["Hair Salons", "Barbers"]
    assert item.phone == "217.947.1111"
    assert item.website == "https://www.laurassalon.com/"
    assert item.opening_hours == "Mo-Fr 10:00-20:00, Sa 09:00-17:00"
    assert (item.latitude, item.longitude) == (39.816449, -89.600364)
    assert (item.rating, item.review_count) == (5.0, 1504)


def test_the_one_line_address_is_split_into_its_parts():
    item = parse_place_panel(PANEL, SEARCH_URL)
    assert item.address == "4956 Market Parkway, Springfield, IL 62771, United States"
    assert (item.street, item.city, item.region, item.postal_code, item.country) == (
        "4956 Market Parkway",
        "Springfield",
        "IL",
        "62771",
        "United States",
    )


def test_a_place_without_reviews_or_website_has_none():
    panel = PANEL.replace("5.0 (1,504)", "No reviews")
    panel = panel.replace('<a class="place-website" href="https://www.laurassalon.com/"', "<a")
    item = parse_place_panel(panel, SEARCH_URL)
    assert (item.rating, item.review_count, item.website) == (None, 0, None)


def test_the_whole_rendered_page_reads_like_the_panel_alone():
    page = f"<html><body>{feed_html(result('x'))}{PANEL}</body></html>"
    assert parse_place_panel(page, SEARCH_URL) == parse_place_panel(PANEL, SEARCH_URL)


def test_a_panel_still_loading_is_not_read():
    loading = PANEL.replace('data-state="loaded"', 'data-state="loading"')
    with pytest.raises(UnknownLayout, match="no loaded place panel"):
        parse_place_panel(loading, SEARCH_URL)


def test_the_feed_lists_its_places_in_order_and_says_whether_it_ended():
    html = feed_html(result("b") + result("a"))
    assert parse_feed(html) == (["b", "a"], False, False)
    assert parse_feed(feed_html("", end_hidden=False)) == ([], True, False)
    assert parse_feed(feed_html(result("a"), error_hidden=False)).failed


def test_a_page_without_the_feed_is_not_the_app():
    with pytest.raises(UnknownLayout, match="no #feed"):
        parse_feed("<html><body><p>Not found</p></body></html>")


def test_place_urls_drop_the_search():
    assert place_url(SEARCH_URL, "ChIJx") == "http://127.0.0.1:8700/maps/place/ChIJx"


# two results as the app rendered them in Chromium (outerHTML of .place-result)
FEED_RESULTS = (
    '<li class="place-result" data-place-id="ChIJ-88fZ6GsZyNTxEEZKFcnZQ"><img class="thumb" '
    'src="/maps/img/ChIJ-88fZ6GsZyNTxEEZKFcnZQ.png" alt=""><div class="place-summary"><a '
    'class="place-link" href="/maps/place/ChIJ-88fZ6GsZyNTxEEZKFcnZQ?near=springfield&amp;'
    'bbox=39.78,-89.66,39.79,-89.65">Lucky Honey Pet Hospital Inc.</a><div class="place-rating">'
    '4.1 (238)</div><div class="place-category">Veterinarians</div><div class="place-street">'
    "321 River Court</div></div></li>"
    '<li class="place-result" data-place-id="ChIJI2tqqZNfVoHXM1lUaWVrEA"><img class="thumb" '
    'src="/maps/img/ChIJI2tqqZNfVoHXM1lUaWVrEA.png" alt=""><div class="place-summary"><a '
    'class="place-link" href="/maps/place/ChIJI2tqqZNfVoHXM1lUaWVrEA?near=springfield&amp;'
    'bbox=39.78,-89.66,39.79,-89.65">Willow Shears Salon</a><div class="place-rating">No reviews'
    '</div><div class="place-category">Hair Salons</div><div class="place-street">1998 Lincoln '
    "Street</div></div></li>"
)


def test_the_feed_alone_gives_each_place_its_name_category_rating_and_street():
    first, second = parse_feed_places(feed_html(FEED_RESULTS), SEARCH_URL)
    assert (first.source, first.source_id) == ("maps", "ChIJ-88fZ6GsZyNTxEEZKFcnZQ")
    assert first.url == "http://127.0.0.1:8700/maps/place/ChIJ-88fZ6GsZyNTxEEZKFcnZQ"
    assert first.name == "Lucky Honey Pet Hospital Inc."
    assert first.categories == ["Veterinarians"]
    assert (first.rating, first.review_count) == (4.1, 238)
    assert first.street == first.address == "321 River Court"
    assert (first.phone, first.website, first.latitude) == (None, None, None)  # panel only
    assert first.raw["read_from"] == "feed"
    assert (second.name, second.rating, second.review_count) == ("Willow Shears Salon", None, 0)


def test_feed_places_need_the_feed_and_a_place_id():
    with pytest.raises(UnknownLayout, match="no #feed"):
        parse_feed_places("<html><body><p>Not found</p></body></html>", SEARCH_URL)
    no_id = FEED_RESULTS.replace('data-place-id="ChIJ-88fZ6GsZyNTxEEZKFcnZQ"', "")
    with pytest.raises(UnknownLayout, match="no data-place-id"):
        parse_feed_places(feed_html(no_id), SEARCH_URL)
