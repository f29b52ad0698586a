"""Reading the sandbox business directory: search result pages and business detail pages.

Detail pages come in four layouts (see sandbox/business_pages.py): a schema.org
LocalBusiness in JSON-LD, the same as microdata, and two plain-HTML templates. Each has its
own small reader; `parse_business_page` picks the one that fits. Values are kept as the page
writes them (the phone as written, the one-line address as shown); normalizing is the
pipelines' job.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from spiders.extraction.markup import (
    UnknownLayout,
    first,
    first_json_ld,
    itemprop,
    listing_id_from_url,
    text_of,
    to_float,
    to_int,
)
from spiders.items import LeadItem

SOURCE = "directory"


def parse_search_page(html: str, url: str) -> tuple[list[str], str | None]:
    """The absolute URLs of the business pages listed, and of the next result page (or None)."""
    page = Selector(text=html)
    details = [urljoin(url, href) for href in page.css("a.biz-link::attr(href)").getall()]
    next_href = page.css('a[rel="next"]::attr(href)').get()
    return details, urljoin(url, next_href) if next_href else None


def parse_business_page(html: str, url: str) -> LeadItem:
    """The business a detail page describes, in whichever of the four layouts it uses."""
    page = Selector(text=html)
    item = LeadItem(source=SOURCE, source_id=listing_id_from_url(url), url=url)
    item.categories = _categories(page)
    business = first_json_ld(page, lambda node: "address" in node)
    if business is not None:
        _read_json_ld(business, item)
    elif scope := first(page, "[itemscope][itemtype]"):
        _read_microdata(scope, item)
    elif first(page, ".biz-name"):
        _read_plain_a(page, item)
    elif layout := first(page, "article.listing"):
        _read_plain_b(layout, item)
    else:
        raise UnknownLayout(
            f"{url} is not a directory business page: no LocalBusiness JSON-LD, no microdata "
            "and neither plain layout (.biz-name or article.listing)"
        )
    if item.street and item.city:
        item.address = item.address or _one_line(item)
    return item


def _categories(page: Selector) -> list[str]:
    return [" ".join(text.split()) for text in page.css("a.category::text, a.tag::text").getall()]


def _one_line(item: LeadItem) -> str:
    region_postal = " ".join(part for part in (item.region, item.postal_code) if part)
    return ", ".join(part for part in (item.street, item.city, region_postal) if part)


def _read_json_ld(business: dict, item: LeadItem) -> None:
    address = business.get("address") or {}
    if isinstance(address, str):
        item.address = address
        address = {}
    geo = business.get("geo") or {}
    rating = business.get("aggregateRating") or {}
    hours = business.get("openingHours")
    country = address.get("addressCountry")
    item.name = business.get("name")
    item.phone = business.get("telephone")
    item.website = business.get("url")
    item.street = address.get("streetAddress")
    item.city = address.get("addressLocality")
    item.region = address.get("addressRegion")
    item.postal_code = address.get("postalCode")
    item.country = country.get("name") if isinstance(country, dict) else country
    item.latitude, item.longitude = to_float(geo.get("latitude")), to_float(geo.get("longitude"))
    item.rating, item.review_count = (
        to_float(rating.get("ratingValue")),
        to_int(rating.get("reviewCount")),
    )
    item.opening_hours = ", ".join(hours) if isinstance(hours, list) else hours
    item.raw = {"markup": "json-ld", "schema_type": business.get("@type")}


def _read_microdata(scope: Selector, item: LeadItem) -> None:
    hours = [
        node.attrib.get("datetime") or node.attrib.get("content") or text_of(node)
        for node in scope.xpath('.//*[@itemprop="openingHours"]')
    ]
    item.name = itemprop(scope, "name")
    item.phone = itemprop(scope, "telephone")
    item.website = itemprop(scope, "url")
    item.street = itemprop(scope, "streetAddress")
    item.city = itemprop(scope, "addressLocality")
    item.region = itemprop(scope, "addressRegion")
    item.postal_code = itemprop(scope, "postalCode")
    item.country = itemprop(scope, "addressCountry")
    item.latitude, item.longitude = (
        to_float(itemprop(scope, "latitude")),
        to_float(itemprop(scope, "longitude")),
    )
    item.rating, item.review_count = (
        to_float(itemprop(scope, "ratingValue")),
        to_int(itemprop(scope, "reviewCount")),
    )
    item.opening_hours = ", ".join(hour for hour in hours if hour) or None
    item.raw = {
        "markup": "microdata",
        "schema_type": scope.attrib.get("itemtype", "").rsplit("/", 1)[-1] or None,
    }


def _read_plain_a(page: Selector, item: LeadItem) -> None:
    geo = first(page, ".map[data-lat]")
    item.name = text_of(first(page, ".biz-name"))
    item.phone = text_of(first(page, ".contact .phone"))
    item.website = page.css(".contact a.website::attr(href)").get()
    item.street = text_of(first(page, ".address .street"))
    item.city = text_of(first(page, ".address .city"))
    item.region = text_of(first(page, ".address .region"))
    item.postal_code = text_of(first(page, ".address .zip"))
    item.country = text_of(first(page, ".address .country"))
    if geo is not None:
        item.latitude, item.longitude = (
            to_float(geo.attrib.get("data-lat")),
            to_float(geo.attrib.get("data-lng")),
        )
    item.rating = to_float(text_of(first(page, ".reviews .rating")))
    item.review_count = to_int(text_of(first(page, ".reviews .review-count")))
    item.opening_hours = ", ".join(page.css("ul.hours li::text").getall()) or None
    item.raw = {"markup": "plain-a"}


def _read_plain_b(layout: Selector, item: LeadItem) -> None:
    item.name = text_of(first(layout, ".listing-header .title"))
    item.phone = text_of(first(layout, "dd.tel"))
    item.website = layout.css("dd a.url::attr(href)").get()
    item.address = text_of(first(layout, "dd.addr"))
    if item.address:
        item.street, item.city, item.region, item.postal_code = _split_us_address(item.address)
    hours = [
        " ".join(filter(None, (text_of(first(row, "th")), text_of(first(row, "td")))))
        for row in layout.css("table.opening-hours tr")
    ]
    item.opening_hours = ", ".join(hours) or None
    stars = first(layout, ".stars[title]")
    item.rating = to_float(stars.attrib["title"]) if stars is not None else None
    item.review_count = to_int(text_of(first(layout, ".votes")))
    map_src = layout.css("img.static-map::attr(src)").get()
    if map_src:
        center = parse_qs(urlsplit(map_src).query).get("center", [""])[0].split(",")
        if len(center) == 2:
            item.latitude, item.longitude = to_float(center[0]), to_float(center[1])
    item.raw = {"markup": "plain-b"}


def _split_us_address(line: str) -> tuple[str | None, str | None, str | None, str | None]:
    """ "2417 Church Court, Peoria, IL 61669" -> street, city, region, postal code."""
    parts = [part.strip() for part in line.rsplit(",", 2)]
    if len(parts) != 3:
        return line, None, None, None
    street, city, region_postal = parts
    region, _, postal = region_postal.partition(" ")
    return street, city, region or None, postal.strip() or None
