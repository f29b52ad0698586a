"""Reading the sandbox maps app: its results feed and its place details panel.

Both are read from HTML the browser rendered (`page.content()` or the panel's outerHTML):
the app builds them with JavaScript, so the HTML a plain HTTP fetch gets is an empty shell.
Values are kept as the panel writes them (the phone as written, the one-line address);
normalizing is the pipelines' job. The selectors the browser waits for live here too, next
to the markup they describe.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urljoin

from parsel import Selector

from spiders.extraction.markup import UnknownLayout, first, text_of, to_float, to_int
from spiders.items import LeadItem

SOURCE = "maps"

# what the browser waits for
FEED_SETTLED = ".place-result, #end-of-list:not([hidden]), #feed-error:not([hidden])"
RESULT = ".place-result"
PANEL_LOADED = '#place-panel[data-state="loaded"]'

# "1994 Cedar Drive, Springfield, IL 62797, United States"
ADDRESS = re.compile(
    r"^(?P<street>.+?), (?P<city>[^,]+), (?P<region>[A-Z]{2}) (?P<postal_code>\d{5}(?:-\d{4})?)"
    r"(?:, (?P<country>[^,]+))?$"
)


class Feed(NamedTuple):
    place_ids: list[str]  # in the order listed
    ended: bool  # the end-of-list marker shows
    failed: bool  # the app could not load the next batch


def parse_feed(html: str) -> Feed:
    """The places a rendered results feed lists, and whether it has reached its end."""
    page = Selector(text=html)
    if first(page, "#feed") is None:
        raise UnknownLayout("the page is not the maps app: it has no #feed")
    return Feed(
        place_ids=page.css(f"{RESULT}::attr(data-place-id)").getall(),
        ended=first(page, "#end-of-list:not([hidden])") is not None,
        failed=first(page, "#feed-error:not([hidden])") is not None,
    )


def parse_feed_places(html: str, url: str) -> list[LeadItem]:
    """The places a rendered results feed lists, as far as the feed tells: name, category,
    rating, review count and street (no phone, website or coordinates: those are in the
    details panel)."""
    page = Selector(text=html)
    if first(page, "#feed") is None:
        raise UnknownLayout(f"{url} is not the maps app: it has no #feed")
    items = []
    for result in page.css(RESULT):
        place_id = result.attrib.get("data-place-id")
        if not place_id:
            raise UnknownLayout(f"{url}: a result in the feed has no data-place-id")
        item = LeadItem(source=SOURCE, source_id=place_id, url=place_url(url, place_id))
        item.name = text_of(first(result, ".place-link"))
        category = text_of(first(result, ".place-category"))
        item.categories = [category] if category else []
        item.street = text_of(first(result, ".place-street"))
        item.address = item.street
        rating = text_of(first(result, ".place-rating"))
        _read_rating(rating, item)
        item.raw = {"read_from": "feed", "rating_text": rating}
        items.append(item)
    return items


def place_url(base_url: str, place_id: str) -> str:
    """The canonical URL of a place: /maps/place/<place_id>, without the search."""
    return urljoin(base_url, f"/maps/place/{place_id}")


def parse_place_panel(html: str, url: str) -> LeadItem:
    """The business a loaded details panel shows; `html` is the panel or the whole page."""
    page = Selector(text=html)
    panel = first(page, PANEL_LOADED)
    if panel is None:
        raise UnknownLayout(f"{url} shows no loaded place panel ({PANEL_LOADED})")
    place_id = panel.attrib.get("data-place-id")
    if not place_id:
        raise UnknownLayout(f"{url}: the place panel has no data-place-id")
    item = LeadItem(source=SOURCE, source_id=place_id, url=place_url(url, place_id))
    item.name = text_of(first(panel, ".place-name"))
    categories = text_of(first(panel, ".place-category")) or ""
    item.categories = [part.strip() for part in categories.split("·") if part.strip()]
    item.phone = text_of(first(panel, ".place-phone .value"))
    item.website = panel.css(".place-website::attr(href)").get()
    item.opening_hours = text_of(first(panel, ".place-hours .value"))
    _read_address(text_of(first(panel, ".place-address .value")), item)
    _read_rating(text_of(first(panel, ".place-rating")), item)
    where = first(panel, ".place-coordinates")
    if where is not None:
        item.latitude = to_float(where.attrib.get("data-latitude"))
        item.longitude = to_float(where.attrib.get("data-longitude"))
    item.raw = {"rating_text": text_of(first(panel, ".place-rating")), "categories": categories}
    return item


def _read_address(address: str | None, item: LeadItem) -> None:
    item.address = address
    match = ADDRESS.match(address or "")
    if match:
        for field, value in match.groupdict().items():
            setattr(item, field, value)


def _read_rating(text: str | None, item: LeadItem) -> None:
    """ "4.7 (1,234)" -> 4.7 and 1234; "No reviews" -> None and 0."""
    if not text:
        return
    match = re.match(r"^(\d(?:\.\d)?) \(([\d,]+)\)$", text)
    if match:
        item.rating, item.review_count = to_float(match[1]), to_int(match[2])
    elif text.lower() == "no reviews":
        item.review_count = 0
