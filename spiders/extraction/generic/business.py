"""Generic business extraction: any business, directory or review page in, one `BusinessExtraction` out.

Order of trust: schema.org data (JSON-LD, microdata; RDFa only when those have no
business), then meta tags, then the visible page (`business_heuristics`). A field nobody
found stays None (or an empty list). Reads no settings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from spiders.extraction.generic import business_heuristics as seen
from spiders.extraction.generic.addresses import empty_address
from spiders.extraction.generic.evidence import LAYOUT, MARKUP, Evidence
from spiders.extraction.generic.heuristics import name_from_title, product_heading
from spiders.extraction.generic.page import Page, clean_text, country_from_host, registered_domain
from spiders.extraction.generic.product import breadcrumb_names
from spiders.extraction.generic.ratings import rating_on_page, review_count_on_page
from spiders.extraction.generic.schema_business import business_nodes, main_business, read_business

MAX_OTHER_BUSINESSES = 100


@dataclass
class BusinessExtraction:
    """What a page says about a business; None (or [] / {}) for what it does not say.

    phones: [{"raw": as written, "e164": "+34958373046" or None}], emails lowercased,
    address {street, city, region, postal_code, country (ISO alpha-2), raw (one line)},
    rating out of 5, opening_hours as text ("Mo-Fr 09:00-17:00"); confidence maps each
    found field to [0, 1]; all_businesses lists the other businesses the page describes in
    its structured data (venues of listed events, branches).
    """

    url: str
    name: str | None = None
    phones: list[dict] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    website: str | None = None
    address: dict = field(default_factory=empty_address)
    latitude: float | None = None
    longitude: float | None = None
    rating: float | None = None
    review_count: int | None = None
    categories: list[str] = field(default_factory=list)
    opening_hours: str | None = None
    confidence: dict[str, float] = field(default_factory=dict)
    all_businesses: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def extract_business(html: str | bytes, url: str) -> BusinessExtraction:
    """The business a page shows (see the module docstring for the order of trust)."""
    return business_from_page(Page.parse(html, url))


def business_from_page(page: Page) -> BusinessExtraction:
    data = page.structured
    businesses = business_nodes(data)
    if not businesses and data.include_rdfa():
        businesses = business_nodes(data)
    main = main_business(data, businesses)
    found = read_business(data, main, page) if main is not None else Evidence()
    read_business_page(page, found)
    extraction = _extraction(page, found)
    seen_before = {_identity(extraction.to_dict())}
    for node in businesses:
        if node is main or len(extraction.all_businesses) >= MAX_OTHER_BUSINESSES:
            continue
        other = _extraction(page, read_business(data, node, page)).to_dict()
        other.pop("all_businesses")
        if other["name"] and _has_contact_facts(other) and _identity(other) not in seen_before:
            seen_before.add(_identity(other))
            extraction.all_businesses.append(other)
    if found.lacks("categories"):
        trail = breadcrumb_names(data, extraction.name)
        if trail:
            extraction.categories = trail[-1:]
            extraction.confidence["categories"] = LAYOUT
    return extraction


def read_business_page(page: Page, found: Evidence) -> None:
    """The visible page fills what structured data left out."""
    website = found.get("website")
    country = (
        (found.get("address") or {}).get("country")
        or (country_from_host(urlsplit(website).hostname or "") if website else None)
        or page.country
    )
    if found.lacks("name"):
        heading = product_heading(page)
        site_name = page.meta_value("og:site_name")
        homepage = urlsplit(page.url).path in ("", "/")
        if site_name:
            found.offer("name", site_name[1], MARKUP if homepage else LAYOUT, "meta")
        if heading is not None:
            found.offer("name", clean_text(heading.text_content()), 0.55, "page")
        found.offer("name", name_from_title(page), 0.4, "page")
    directory = is_directory_page(page, found.get("name"), website)
    heading = product_heading(page)
    if found.lacks("phones"):
        phones = seen.phones_on_page(page, country, directory, near=[heading])
        found.offer("phones", phones, MARKUP, "page")
    if found.lacks("emails"):
        found.offer("emails", seen.emails_on_page(page, directory), MARKUP, "page")
    if found.lacks("address"):
        found.offer("address", seen.address_on_page(page, country), LAYOUT, "page")
    if found.lacks("latitude"):
        coordinates = seen.coordinates_on_page(page)
        if coordinates:
            found.offer("latitude", coordinates[0], coordinates[2], "page")
            found.offer("longitude", coordinates[1], coordinates[2], "page")
    if found.lacks("website"):
        found.offer("website", seen.website_link(page), MARKUP, "page")
    if found.lacks("website") and is_own_site(page, found.get("name")):
        home = urlsplit(page.url)
        found.offer("website", f"{home.scheme}://{home.netloc}/", LAYOUT, "page")
    if found.lacks("categories"):
        found.offer("categories", seen.categories_on_page(page), MARKUP, "page")
    if found.lacks("opening_hours"):
        found.offer("opening_hours", seen.opening_hours_on_page(page), LAYOUT, "page")
    if found.lacks("rating"):
        rating = rating_on_page(page, [heading])
        if rating:
            value = rating[0] * 5 / rating[1] if rating[1] and rating[1] != 5 else rating[0]
            found.offer("rating", round(value, 2), rating[2], "page")
            count = review_count_on_page(page, [heading])
            if count and found.lacks("review_count"):
                found.offer("review_count", count[0], count[1], "page")


def is_directory_page(page: Page, name: str | None, website: str | None) -> bool:
    """True when the page is about a business other than the site's owner.

    Then the site's own header, footer and mailboxes belong to the site, not the business.
    The business's website is elsewhere, or its name shares no word with the site's domain.
    """
    if website:
        return registered_domain(website) != page.domain
    return bool(name) and not is_own_site(page, name)


def is_own_site(page: Page, name: str | None) -> bool:
    """True when the business's name and the site's domain share a word (korn / baeckerei-korn)."""
    if not name:
        return False
    domain_words = set(_words(page.domain.rsplit(".", 1)[0].replace("-", " ")))
    joined = "".join(_words(name))
    return bool(set(_words(name)) & domain_words) or any(
        word in joined for word in domain_words if len(word) >= 4
    )


def _words(text: str) -> list[str]:
    """Lowercase ASCII words of 3+ letters: "Bäckerei Korn" -> ["baeckerei", "korn"]."""
    text = text.lower().translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [word for word in re.findall(r"[a-z0-9]+", text) if len(word) >= 3]


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _extraction(page: Page, found: Evidence) -> BusinessExtraction:
    return BusinessExtraction(
        url=found.get("url") or page.canonical_url or page.url,
        name=found.get("name"),
        phones=found.get("phones", []),
        emails=found.get("emails", []),
        website=found.get("website"),
        address=found.get("address") or empty_address(),
        latitude=found.get("latitude"),
        longitude=found.get("longitude"),
        rating=found.get("rating"),
        review_count=found.get("review_count"),
        categories=found.get("categories", []),
        opening_hours=found.get("opening_hours"),
        confidence=found.confidence(),
    )


def _has_contact_facts(business: dict) -> bool:
    """A business worth listing: one can find or reach it (not a performer's name only)."""
    return bool(
        business["phones"]
        or business["emails"]
        or business["website"]
        or business["address"].get("raw")
        or business["latitude"] is not None
    )


def _identity(business: dict) -> tuple:
    return (business["name"], business["address"].get("street"), business["address"].get("city"))
