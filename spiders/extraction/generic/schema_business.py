"""Reading schema.org business items: which one the page is about, and what each one says.

A business is a LocalBusiness, Organization or Place (any of their subtypes). The page's
own subject (a WebPage's `mainEntity` / `about`) comes first; the site's publisher comes
last, so a review site's page gives the reviewed shop, not the review site. Among the rest
the one with the most contact facts wins. Reads no settings.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from spiders.extraction.generic.addresses import address_from_schema
from spiders.extraction.generic.contacts import contact_email, phone_entry
from spiders.extraction.generic.evidence import STRUCTURED, Evidence
from spiders.extraction.generic.page import country_from_host, registered_domain
from spiders.extraction.generic.ratings import parse_count, rating_out_of_five
from spiders.extraction.generic.structured import StructuredData, as_list, types_of


def _words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


_BASE_TYPES = _words(
    "LocalBusiness Organization Place Corporation OnlineBusiness OnlineStore NGO Airline Consortium"
)
_SUFFIXES = tuple(
    _words(
        "Business Store Shop Restaurant Service Agency Office Organization Center Centre Venue "
        "Club Dealer Repair Clinic Contractor Hotel Salon Spa Studio Pub Practice Pharmacy "
        "Hospital Bakery Brewery Winery Dentist Physician Attorney Notary Electrician Plumber "
        "Locksmith Florist Gym Library Museum School Station Campground Motel Hostel Resort "
        "Care"
    )
)
_BUSINESS_FACTS = (
    "address",
    "telephone",
    "geo",
    "openingHours",
    "openingHoursSpecification",
    "priceRange",
)
_NOT_BUSINESS = _words(
    "Service WebSite WebPage Person Patient PostalAddress Offer Product Event MusicEvent "
    "CreativeWork Review Rating AggregateRating ImageObject BreadcrumbList ListItem "
    "Country GeoCoordinates ContactPoint Brand Dataset SearchAction"
)
# the specific type names themselves, when more telling than "LocalBusiness"
_GENERIC_TYPES = _BASE_TYPES | {"Thing", "PerformingGroup", "MusicGroup"}
# websites that are profiles elsewhere, not the business's own site
_PROFILE_SITES = _words(
    "facebook.com twitter.com x.com instagram.com linkedin.com youtube.com wikipedia.org "
    "wikidata.org yelp.com tripadvisor.com google.com goo.gl trustpilot.com pinterest.com "
    "tiktok.com foursquare.com apple.com songkick.com"
)


def is_business_type(name: str) -> bool:
    if name in _NOT_BUSINESS:
        return False
    return (
        name in _BASE_TYPES or name.endswith(_SUFFIXES) or name in {"MusicGroup", "PerformingGroup"}
    )


def is_business(node: dict) -> bool:
    """A business type, or any other type (schema.org has hundreds of LocalBusiness kinds)
    that is not a person, event, offer or the like and has an address, phone or position."""
    types = types_of(node)
    if any(is_business_type(t) for t in types):
        return True
    if not types or types & _NOT_BUSINESS or any(t.endswith(("Event", "Action")) for t in types):
        return False
    return any(node.get(key) for key in _BUSINESS_FACTS)


def business_nodes(data: StructuredData) -> list[dict]:
    """Every business item on the page, nested ones included, in document order."""
    return [node for node in data.nodes() if is_business(node)]


def main_business(data: StructuredData, businesses: list[dict]) -> dict | None:
    """The business the page is about (see the module docstring)."""
    if not businesses:
        return None

    def weight(node: dict) -> tuple:
        ident = str(node.get("@id"))
        facts = sum(
            bool(node.get(key))
            for key in (
                "address",
                "telephone",
                "email",
                "geo",
                "aggregateRating",
                "openingHours",
                "url",
            )
        )
        local = any(
            t not in ("Organization", "Corporation", "MusicGroup", "PerformingGroup")
            for t in types_of(node)
        )
        return (ident in data.main_ids, ident not in data.publisher_ids, facts, local)

    return max(businesses, key=weight)


def read_business(data: StructuredData, node: dict, page) -> Evidence:
    """What one business item says, as evidence at structured-data confidence."""
    found = Evidence()

    def offer(field, value):
        found.offer(field, value, STRUCTURED, "structured")

    offer("name", data.text(node, "name", "legalName"))
    address = None
    for value in data.values(node, "address") or _location_addresses(data, node):
        address = address_from_schema(value, data.text)
        if address:
            break
    offer("address", address)
    country = (address or {}).get("country")
    website = business_website(data, node, page)
    offer("website", website)
    phone_country = country or (_tld_country(website) if website else None) or page.country
    phones = [phone_entry(data.as_text(v), phone_country) for v in data.values(node, "telephone")]
    emails = [contact_email(data.as_text(v)) for v in data.values(node, "email")]
    for point in data.values(node, "contactPoint"):
        if isinstance(point, dict):
            phones.append(phone_entry(data.text(point, "telephone"), phone_country))
            emails.append(contact_email(data.text(point, "email")))
    offer("phones", [p for p in phones if p])
    offer("emails", list(dict.fromkeys(e for e in emails if e)))
    geo = data.first(node, "geo")
    latitude = _coordinate(
        data.text(geo, "latitude") if isinstance(geo, dict) else data.text(node, "latitude"), 90
    )
    longitude = _coordinate(
        data.text(geo, "longitude") if isinstance(geo, dict) else data.text(node, "longitude"), 180
    )
    if latitude is not None and longitude is not None:
        offer("latitude", latitude)
        offer("longitude", longitude)
    rating = data.first(node, "aggregateRating")
    if isinstance(rating, dict):
        offer(
            "rating",
            rating_out_of_five(data.text(rating, "ratingValue"), data.text(rating, "bestRating")),
        )
        offer("review_count", parse_count(data.text(rating, "reviewCount", "ratingCount")))
    specific = [_words(t) for t in types_of(node) if t not in _GENERIC_TYPES]
    categories = [data.as_text(c) for c in data.values(node, "category")]
    found.offer("categories", [c for c in categories if c] or specific, 0.7, "structured")
    offer("opening_hours", opening_hours(data, node))
    url = data.text(node, "url")
    if url and registered_domain(page.absolute(url) or "") == page.domain:
        offer("url", page.absolute(url))
    return found


def business_website(data: StructuredData, node: dict, page) -> str | None:
    """The business's own site: its url or sameAs off this site and off profile sites."""
    candidates = [data.as_text(v) for v in data.values(node, "url")]
    candidates += [data.as_text(v) for v in data.values(node, "sameAs")]
    for candidate in candidates:
        url = page.absolute(candidate) if candidate else None
        if not url or not url.startswith("http"):
            continue
        domain = registered_domain(url)
        if domain != page.domain and domain not in _PROFILE_SITES:
            return url
    own = page.absolute(data.text(node, "url") or "")
    if own and registered_domain(own) == page.domain and urlsplit(own).path in ("", "/"):
        return own  # the business's own home page describes itself
    return None


def opening_hours(data: StructuredData, node: dict) -> str | None:
    """Opening hours in schema.org's text form: "Mo-Fr 09:00-17:00; Sa 10:00-14:00"."""
    lines = [data.as_text(v) for v in data.values(node, "openingHours")]
    for spec in data.values(node, "openingHoursSpecification"):
        if not isinstance(spec, dict):
            continue
        days = [re.split(r"[/#]", str(d))[-1][:2] for d in as_list(spec.get("dayOfWeek"))]
        opens, closes = data.text(spec, "opens"), data.text(spec, "closes")
        if days and opens and closes:
            lines.append(f"{','.join(days)} {opens[:5]}-{closes[:5]}")
    lines = [line for line in lines if line]
    return "; ".join(dict.fromkeys(lines)) or None


def _location_addresses(data: StructuredData, node: dict) -> list:
    return [
        data.first(place, "address")
        for place in data.values(node, "location")
        if isinstance(place, dict) and data.first(place, "address")
    ]


def _coordinate(value: str | None, limit: float) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if -limit <= number <= limit else None


def _tld_country(url: str) -> str | None:
    return country_from_host(urlsplit(url).hostname or "")


def _words(type_name: str) -> str:
    """`CafeOrCoffeeShop` -> `Cafe Or Coffee Shop`."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type_name)
