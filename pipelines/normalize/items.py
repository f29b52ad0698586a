"""Lead and product items in normalized form: the same item types, every field in one spelling.

After normalization a LeadItem's phone is E.164 (or None), its website a canonical URL, its
emails lowercase and valid, and its street, city, region and postal code are filled from its
one-line address when the page gave only the line; a ProductItem's price is a plain decimal
string ("1299.99"), its currency an ISO 4217 code, its GTIN check-digit-valid, its
availability one of InStock / OutOfStock / PreOrder / Unknown. Text is unescaped and
whitespace-collapsed everywhere.

What a page wrote for a field that normalization rewrote is kept in `raw["as_written"]`
(e.g. {"phone": "(217) 555-0142"}), so nothing the page said is lost. Normalizing twice gives
the same item.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pipelines.normalize.addresses import parse_address
from pipelines.normalize.availability import availability
from pipelines.normalize.emails import clean_email, clean_emails
from pipelines.normalize.gtin import valid_gtin
from pipelines.normalize.phone import phone_e164
from pipelines.normalize.places import country_code
from pipelines.normalize.price import amount_and_currency
from pipelines.normalize.text import all_clean, clean_text, clean_texts
from pipelines.normalize.urls import canonical_url, website_url
from spiders.items import ContactItem, LeadItem, ProductItem

AS_WRITTEN = "as_written"


def normalize_lead(item: LeadItem) -> LeadItem:
    """The lead with every field normalized (see the module docstring)."""
    item = _with_address_parts(item)
    country = country_code(item.country) or clean_text(item.country)
    normalized = {
        "url": canonical_url(item.url) or item.url,
        "name": clean_text(item.name),
        "categories": clean_texts(item.categories),
        "phone": phone_e164(item.phone, country),
        "emails": clean_emails(item.emails),
        "website": website_url(item.website),
        "address": clean_text(item.address),
        "street": clean_text(item.street),
        "city": clean_text(item.city),
        "region": clean_text(item.region),
        "postal_code": clean_text(item.postal_code),
        "country": country,
        "opening_hours": clean_text(item.opening_hours),
    }
    return _replace(item, normalized, keep_as_written=("phone", "website", "emails"))


def normalize_product(item: ProductItem) -> ProductItem:
    """The product with every field normalized (see the module docstring)."""
    # plain loops, and the texts told clean all at once: this runs once per item between
    # pages, where every call and generator made costs more than the work itself
    as_written = item.raw.get(AS_WRITTEN, {})
    # parse what the page wrote, not an earlier normalization, so normalizing is idempotent
    amount, currency = amount_and_currency(
        as_written.get("price", item.price), as_written.get("currency", item.currency)
    )
    title, brand, sku, mpn, seller = item.title, item.brand, item.sku, item.mpn, item.seller
    category_path = item.category_path
    texts = [title, *category_path]
    for text in (brand, sku, mpn, seller):
        if text is not None:
            texts.append(text)
    if all_clean(texts):  # what a crawl's items mostly hold: kept as they are
        category_path = list(category_path)
    else:
        title, brand, sku, mpn, seller = map(clean_text, (title, brand, sku, mpn, seller))
        category_path = [part for part in map(clean_text, category_path) if part is not None]
    image_urls: dict[str, None] = {}  # clean_texts: repeats dropped, order kept
    for written in item.image_urls:
        url = canonical_url(written)
        # the URL itself back means it was canonical already: plain ASCII, clean as text
        if url is not written:
            url = clean_text(url or written)
        if url is not None:
            image_urls[url] = None
    normalized = {
        "url": canonical_url(item.url) or item.url,
        "title": title,
        "brand": brand,
        "gtin": valid_gtin(item.gtin),
        "sku": sku,
        "mpn": mpn,
        "price": None if amount is None else str(amount),
        "currency": currency,
        "availability": availability(item.availability),
        "seller": seller,
        "category_path": category_path,
        "image_urls": list(image_urls),
    }
    return _replace(item, normalized, keep_as_written=_PRODUCT_AS_WRITTEN)


_PRODUCT_AS_WRITTEN = ("gtin", "price", "currency", "availability")


def normalize_contact(item: ContactItem) -> ContactItem:
    """The contact item with its emails valid and lowercase (invalid ones dropped, merged
    when two spellings are one address), phones in E.164 (numbers none dropped), URLs
    canonical."""
    emails: dict[str, dict] = {}
    for entry in item.emails:
        email = clean_email(entry.get("email"))
        if email is None:
            continue
        merged = emails.setdefault(email, {**entry, "email": email, "pages": []})
        merged["pages"] = list(dict.fromkeys([*merged["pages"], *entry.get("pages", [])]))
    phones: dict[str, dict] = {}
    for entry in item.phones:
        e164 = phone_e164(entry.get("raw") or entry.get("e164"))
        if e164 is not None:
            merged = phones.setdefault(e164, {**entry, "e164": e164, "pages": []})
            merged["pages"] = list(dict.fromkeys([*merged["pages"], *entry.get("pages", [])]))
    normalized = {
        "url": canonical_url(item.url) or item.url,
        "website": website_url(item.website),
        "emails": list(emails.values()),
        "phones": list(phones.values()),
    }
    return dataclasses.replace(item, **normalized)


def normalize_item(item: Any) -> Any:
    """A LeadItem, ProductItem or ContactItem normalized; anything else unchanged."""
    if isinstance(item, LeadItem):
        return normalize_lead(item)
    if isinstance(item, ProductItem):
        return normalize_product(item)
    if isinstance(item, ContactItem):
        return normalize_contact(item)
    return item


def _with_address_parts(item: LeadItem) -> LeadItem:
    """The lead with the parts of its one-line address filled in, when it gave no street."""
    if clean_text(item.street) or not clean_text(item.address):
        return item
    parsed = parse_address(item.address, item.country)
    if parsed is None or parsed.street is None:
        return item
    parts = {
        name: getattr(item, name) or getattr(parsed, name)
        for name in ("street", "city", "region", "postal_code", "country")
    }
    return dataclasses.replace(item, **parts)


def _replace(item: Any, normalized: dict[str, Any], keep_as_written: tuple[str, ...]) -> Any:
    """`item` with the `normalized` values (a dict this takes over: `raw` is added to it),
    and the `keep_as_written` fields the page spelled otherwise in raw["as_written"]."""
    raw = item.raw
    as_written = dict(raw.get(AS_WRITTEN, ()))
    for name in keep_as_written:
        original = getattr(item, name)
        # `original not in (None, [], "")`, without building that tuple and list each time
        if (
            original is not None
            and original != ""
            and original != []
            and original != normalized[name]
        ):
            as_written.setdefault(name, original)
    raw = dict(raw)
    if as_written:
        raw[AS_WRITTEN] = as_written
    normalized["raw"] = raw
    return _copy_with(item, normalized)


# plain dataclasses: no __post_init__, no slots, no frozen fields (spiders/items.py)
_PLAIN_ITEM_TYPES = (LeadItem, ProductItem, ContactItem)


def _copy_with(item: Any, changes: dict[str, Any]) -> Any:
    """dataclasses.replace(item, **changes), made as copy.copy makes a copy: for trawl's
    plain item types, without replace's checks of every field on every call (a seventh of a
    product's normalization); other types go through replace."""
    if type(item) not in _PLAIN_ITEM_TYPES:
        return dataclasses.replace(item, **changes)
    copy = object.__new__(type(item))
    fields = copy.__dict__
    fields.update(item.__dict__)
    fields.update(changes)
    return copy
