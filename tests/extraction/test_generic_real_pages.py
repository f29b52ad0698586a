"""The generic extraction gives, field by field, what upstream projects expect from real pages.

Each upstream expectation file (tests/extraction/pages/*.expected.json, sources in the
README there) is translated into our field names; every field is one test case. Translation
facts the files leave implicit (a currency symbol, a country name) are written here by hand.
"""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from spiders.extraction.generic import (
    extract_business,
    extract_product,
    extract_products_from_listing,
)

PAGES = Path(__file__).parent / "pages"
MANIFEST = json.loads((PAGES / "pages.json").read_text())
COUNTRY_NAMES = {"Spain": "ES", "France": "FR", "US": "US"}  # as the expectation files write them
AVAILABILITY_PHRASES = {"in stock": "InStock", "In stock": "InStock"}
STAR_WORDS = {"One": 1.0, "Two": 2.0, "Three": 3.0, "Four": 4.0, "Five": 5.0}


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def expected(name: str):
    return json.loads((PAGES / name.replace(".html", ".expected.json")).read_text())


@functools.cache
def product(name: str):
    return extract_product(page_bytes(name), MANIFEST[name]["url"])


@functools.cache
def business(name: str):
    return extract_business(page_bytes(name), MANIFEST[name]["url"])


@functools.cache
def tempur_product():
    """The tempur page without its scrapely annotations, which are the expectation."""
    tree = lxml.html.fromstring(page_bytes("scrapely_tempur_mattress_annotated.html"))
    for element in tree.xpath("//*[@data-scrapy-annotate]"):
        del element.attrib["data-scrapy-annotate"]
    html = lxml.html.tostring(tree, encoding="unicode")
    return extract_product(html, MANIFEST["scrapely_tempur_mattress_annotated.html"]["url"])


# --- comparisons ----------------------------------------------------------------------------


def same_amount(found: str | None, wanted) -> bool:
    return found is not None and Decimal(found) == Decimal(str(wanted))


def same_gtin(found: str | None, wanted: str) -> bool:
    return found is not None and int(found) == int(wanted)  # leading zeros say nothing


# --- product pages --------------------------------------------------------------------------


def fye_cases():
    name = "extruct_fye_product_og.html"
    tags = dict(expected(name)[0]["properties"])
    return [
        # OpenGraph titles carry the shop's suffix; the name must be the title's leading part
        (name, "name", lambda p: bool(p.name) and tags["og:title"].startswith(p.name)),
        (
            name,
            "images",
            lambda p: tags["og:image"].split("?")[0] in [url.split("?")[0] for url in p.images],
        ),
        (
            name,
            "availability",
            lambda p: p.availability == AVAILABILITY_PHRASES[tags["product:availability"]],
        ),
        (name, "price", lambda p: same_amount(p.price, tags["product:price:amount"])),
        (name, "currency", lambda p: p.currency == tags["product:price:currency"]),
        (name, "sku", lambda p: p.sku == tags["product:retailer_item_id"]),
        (name, "gtin", lambda p: same_gtin(p.gtin, tags["product:gtin"])),
        (name, "url", lambda p: p.url == tags["og:url"]),
    ]


def monsterpet_cases():
    name = "extruct_monsterpet_product_microdata.html"
    item = expected(name)[0]["properties"]
    aggregate = next(
        o["properties"] for o in item["offers"] if o["type"].endswith("AggregateOffer")
    )
    offers = [o["properties"] for o in item["offers"] if o["type"].endswith("/Offer")]
    return [
        (name, "name", lambda p: p.name == item["name"]),
        (name, "brand", lambda p: p.brand == item["brand"]),
        (name, "images", lambda p: p.images[:1] == [item["image"]]),
        (name, "price", lambda p: same_amount(p.price, aggregate["lowPrice"])),
        (name, "currency", lambda p: p.currency == aggregate["priceCurrency"]),
        (
            name,
            "availability",
            lambda p: all(o["availability"].endswith(p.availability) for o in offers),
        ),
        # two variants with a SKU each: the product itself has no single SKU
        (name, "sku", lambda p: len({o["sku"] for o in offers}) > 1 and p.sku is None),
    ]


def icone_cases():
    cases = []
    for name in ("scrapely_icone_copper_shade.html", "scrapely_icone_mesmeri_halo.html"):
        want = expected(name)
        cases += [
            (name, "name", lambda p, want=want: p.name == want["name"]),
            (name, "price", lambda p, want=want: same_amount(p.price, want["price"])),
            (name, "currency", lambda p: p.currency == "GBP"),  # the page writes £
            (name, "brand", lambda p, want=want: p.brand == want["designer"]),
        ]
    return cases


def tempur_annotations() -> dict[str, list[str]]:
    tree = lxml.html.fromstring(page_bytes("scrapely_tempur_mattress_annotated.html"))
    found: dict[str, list[str]] = {}
    for element in tree.xpath("//*[@data-scrapy-annotate]"):
        for attribute, field in json.loads(element.get("data-scrapy-annotate"))[
            "annotations"
        ].items():
            value = element.text_content() if attribute == "content" else element.get(attribute)
            found.setdefault(field, []).append(" ".join(value.split()))
    return found


def tempur_cases():
    name = "scrapely_tempur_mattress_annotated.html"
    want = tempur_annotations()
    base = MANIFEST[name]["url"]
    price = re.search(r"[\d,]+\.\d\d", want["price"][0]).group(0).replace(",", "")
    images = [urljoin(base, src) for src in want["image_urls"]]
    return [
        (name, "name", lambda p: p.name == want["name"][0]),
        (name, "price", lambda p: same_amount(p.price, price)),
        (name, "currency", lambda p: p.currency == "GBP"),  # the page writes £
        (name, "images", lambda p: p.images[:1] == images[:1] and set(images) <= set(p.images)),
    ]


PRODUCT_CASES = fye_cases() + monsterpet_cases() + icone_cases() + tempur_cases()


@pytest.mark.parametrize(
    "name,field,holds",
    PRODUCT_CASES,
    ids=[f"{name.removesuffix('.html')}-{field}" for name, field, _ in PRODUCT_CASES],
)
def test_product_page_field_comes_out_as_upstream_expects(name, field, holds):
    found = tempur_product() if name.startswith("scrapely_tempur") else product(name)
    assert holds(found), f"{field} = {getattr(found, field)!r}"


# --- business pages -------------------------------------------------------------------------


def fakepilot_cases():
    cases = []
    for name in sorted(n for n in MANIFEST if n.startswith("fakepilot_")):
        want = expected(name)
        *street, postal_code, city, country = want["address"].split(",")
        street = ",".join(street)
        review_count, rating = want["rating_stats"]
        cases += [
            (name, "name", lambda b, w=want: b.name == w["name"]),
            (name, "rating", lambda b, r=rating: b.rating == r),
            (name, "review_count", lambda b, n=review_count: b.review_count == n),
            (name, "categories", lambda b, w=want: b.categories == w["categories"]),
            (name, "address.street", lambda b, s=street: b.address["street"] == s),
            (name, "address.postal_code", lambda b, s=postal_code: b.address["postal_code"] == s),
            (name, "address.city", lambda b, s=city: b.address["city"] == s),
            (
                name,
                "address.country",
                lambda b, s=country: b.address["country"] == COUNTRY_NAMES[s],
            ),
            (
                name,
                "phones",
                lambda b, p=want["phone"]: (
                    b.phones == []
                    if p is None
                    else any(p in (x["raw"], x["e164"]) for x in b.phones)
                ),
            ),
            (name, "emails", lambda b, e=want["email"]: b.emails == ([] if e is None else [e])),
        ]
    return cases


def songkick_cases():
    name = "extruct_songkick_venue_event.html"
    venues = [event["location"] for event in expected(name)["json-ld"] if "location" in event]
    cases = []
    for venue in venues:
        address, geo = venue["address"], venue["geo"]

        def holds(b, venue=venue, address=address, geo=geo):
            found = [x for x in [b.to_dict(), *b.all_businesses] if x["name"] == venue["name"]]
            if len(found) != 1:
                return False
            x = found[0]
            return (
                x["address"]["street"] == address["streetAddress"]
                and x["address"]["city"] == address["addressLocality"]
                and x["address"]["region"] == address.get("addressRegion")
                and x["address"]["postal_code"] == address["postalCode"]
                and x["address"]["country"] == COUNTRY_NAMES[address["addressCountry"]]
                and x["latitude"] == pytest.approx(geo["latitude"])
                and x["longitude"] == pytest.approx(geo["longitude"])
                and x["website"] == venue["sameAs"]
            )

        cases.append((name, f"venue {venue['name']}", holds))
    return cases


def localbusiness_cases():
    name = "extruct_schemaorg_localbusiness_003.html"
    broker = expected(name)[0]["properties"]["broker"]["properties"]
    return [
        (name, "name", lambda b: b.name == broker["name"]),
        # the page says nothing else about the broker, so nothing else may come out
        (
            name,
            "nothing invented",
            lambda b: (
                (b.phones, b.emails, b.website, b.address["raw"], b.latitude, b.rating)
                == ([], [], None, None, None, None)
            ),
        ),
    ]


BUSINESS_CASES = fakepilot_cases() + songkick_cases() + localbusiness_cases()


@pytest.mark.parametrize(
    "name,field,holds",
    BUSINESS_CASES,
    ids=[f"{name.removesuffix('.html')}-{field}" for name, field, _ in BUSINESS_CASES],
)
def test_business_page_field_comes_out_as_upstream_expects(name, field, holds):
    found = business(name)
    shown = {k: v for k, v in found.to_dict().items() if k != "all_businesses"}
    assert holds(found), f"{field}: extraction was {shown}"


# --- listing page ---------------------------------------------------------------------------

LISTING = "webpoet_books_toscrape_list.html"
BOOKS = expected(LISTING)["books"]
LISTING_FIELDS = ["name", "url", "price", "currency", "availability", "rating", "images"]


@functools.cache
def listing():
    return extract_products_from_listing(page_bytes(LISTING), MANIFEST[LISTING]["url"])


def test_listing_page_gives_every_book_in_page_order():
    assert [p.name for p in listing()] == [book["title"] for book in BOOKS]


@pytest.mark.parametrize("field", LISTING_FIELDS)
def test_listing_field_comes_out_right_for_every_book(field):
    base = MANIFEST[LISTING]["url"]
    wanted = {
        "name": lambda book: book["title"],
        "url": lambda book: urljoin(base, book["href"]),
        "price": lambda book: Decimal(book["price"].lstrip("£")),
        "currency": lambda book: "GBP",  # the page writes £
        "availability": lambda book: AVAILABILITY_PHRASES[book["availability"]],
        "rating": lambda book: STAR_WORDS[book["star_rating"]],
        "images": lambda book: [urljoin(base, book["image"])],
    }[field]
    found = [getattr(p, field) for p in listing()]
    if field == "price":
        found = [Decimal(value) for value in found]
    assert found == [wanted(book) for book in BOOKS]
