"""Items as rows of the raw tables: one observation row per normalized item, with a hash.

The column lists repeat `pipelines.models` on purpose: importing SQLModel would add seconds
to every crawl's start-up. tests/pipelines/test_observations.py checks they agree.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from pipelines.jsonsafe import dumps
from pipelines.normalize.items import AS_WRITTEN
from pipelines.normalize.urls import registered_domain
from spiders.items import ContactItem, LeadItem, ProductItem

# not content: where and when the row was seen; the phone and price as written, whose
# normalized forms are hashed; and `raw`, whose volatile extras (session ids, timestamps a
# page prints) would make every observation look like a change
NOT_HASHED = frozenset(
    {"id", "crawl_run_id", "observed_at", "content_hash", "raw", "phone_raw", "price_raw"}
)
JSON_COLUMNS = frozenset(
    {"categories", "emails", "category_path", "image_urls", "raw", "phones", "socials", "pages"}
)
# numeric in the database, Decimals in a row (`_decimal`): hashed in one spelling
NUMERIC_COLUMNS = frozenset({"price"})


@dataclass(frozen=True)
class ObservationTable:
    name: str
    item_type: str  # what `rejects` calls the items whose rows go here
    columns: tuple[str, ...]  # every column but the generated id, in COPY order

    @property
    def key(self) -> tuple[str, ...]:
        return ("source", "source_id", "crawl_run_id")


LEADS = ObservationTable("lead_observations", "lead", (
    "crawl_run_id", "source", "source_id", "url", "name", "categories", "phone_raw", "phone",
    "emails", "website", "website_domain", "address_raw", "street", "city", "region",
    "postal_code", "country", "latitude", "longitude", "rating", "review_count",
    "opening_hours", "raw", "content_hash", "observed_at",
))  # fmt: skip
PRODUCTS = ObservationTable("product_observations", "product", (
    "crawl_run_id", "source", "source_id", "url", "title", "brand", "gtin", "sku", "mpn",
    "price_raw", "price", "currency", "availability", "rating", "review_count", "seller",
    "category_path", "image_urls", "raw", "content_hash", "observed_at",
))  # fmt: skip
# what a lead's own website showed (spiders/spiders/contacts.py), keyed by the lead
CONTACTS = ObservationTable("contact_observations", "contact", (
    "crawl_run_id", "source", "source_id", "url", "website", "website_domain", "emails",
    "phones", "socials", "pages", "raw", "content_hash", "observed_at",
))  # fmt: skip
TABLES = (LEADS, PRODUCTS, CONTACTS)
_TABLE_OF_TYPE = {LeadItem: LEADS, ProductItem: PRODUCTS, ContactItem: CONTACTS}


def table_for(item: Any) -> ObservationTable | None:
    """The table an item's observations go to; None for items trawl does not store."""
    if (table := _TABLE_OF_TYPE.get(type(item))) is not None:  # not a subclass: at once
        return table
    if isinstance(item, LeadItem):
        return LEADS
    if isinstance(item, ProductItem):
        return PRODUCTS
    if isinstance(item, ContactItem):
        return CONTACTS
    return None


def lead_values(item: LeadItem) -> dict[str, Any]:
    as_written = item.raw.get(AS_WRITTEN, {})
    return {
        "source": item.source, "source_id": item.source_id, "url": item.url,
        "name": item.name, "categories": item.categories,
        "phone_raw": as_written.get("phone", item.phone), "phone": item.phone,
        "emails": item.emails, "website": item.website,
        "website_domain": registered_domain(item.website),
        "address_raw": item.address, "street": item.street, "city": item.city,
        "region": item.region, "postal_code": item.postal_code, "country": item.country,
        "latitude": item.latitude, "longitude": item.longitude, "rating": item.rating,
        "review_count": item.review_count, "opening_hours": item.opening_hours,
        "raw": item.raw,
    }  # fmt: skip


def product_values(item: ProductItem) -> dict[str, Any]:
    as_written = item.raw.get(AS_WRITTEN, {})
    return {
        "source": item.source, "source_id": item.source_id, "url": item.url,
        "title": item.title, "brand": item.brand, "gtin": item.gtin, "sku": item.sku,
        "mpn": item.mpn, "price_raw": as_written.get("price", item.price),
        "price": _decimal(item.price), "currency": item.currency,
        "availability": item.availability, "rating": item.rating,
        "review_count": item.review_count, "seller": item.seller,
        "category_path": item.category_path, "image_urls": item.image_urls, "raw": item.raw,
    }  # fmt: skip


def contact_values(item: ContactItem) -> dict[str, Any]:
    return {
        "source": item.source, "source_id": item.source_id, "url": item.url,
        "website": item.website, "website_domain": registered_domain(item.website or item.url),
        "emails": item.emails, "phones": item.phones, "socials": item.socials,
        "pages": item.pages, "raw": item.raw,
    }  # fmt: skip


def observation_row(
    item: LeadItem | ProductItem | ContactItem, crawl_run_id: int, observed_at: datetime
) -> tuple[Any, ...]:
    """The row for `item` in its table's column order, JSON columns as JSON text."""
    table = table_for(item)
    assert table is not None, f"not a lead or product item: {type(item).__name__}"
    layout = _ROW_LAYOUTS[table.name]
    values = layout.values_of(item)
    values["crawl_run_id"] = crawl_run_id
    values["observed_at"] = observed_at
    # the content as the item gave it, before its JSON columns become text
    values["content_hash"] = _content_hash(layout.hashed(values), layout.numeric)
    for column in layout.json_columns:
        if (value := values[column]) is not None:
            values[column] = dumps(value)
    return layout.row(values)


def row_record(table: ObservationTable, row: tuple[Any, ...]) -> dict[str, Any]:
    """A row of `table` as {column: value}, its JSON columns read back: what `rejects` keeps of
    a row the database refused."""
    return {
        c: json.loads(v) if c in JSON_COLUMNS and type(v) is str else v
        for c, v in zip(table.columns, row, strict=True)
    }


def _content_hash(content: tuple[Any, ...], numeric: tuple[int, ...]) -> str:
    """SHA-256 of an observation's content: the values of its table's columns but NOT_HASHED,
    in column order, the Decimals among them at the `numeric` positions: equal for two
    sightings that say the same thing. The content is written as key-sorted JSON, so the key
    order of records does not count, and a number and its text differ."""
    if numeric:
        content = list(content)
        for position in numeric:
            if type(value := content[position]) is Decimal:
                # 5, 5.00 and 5.0000 (as the numeric column stores it) are one
                content[position] = format(value.normalize(), "f")
    try:
        text = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # what orjson cannot write (an int past 64 bits...): the json module
        text = dumps(content).encode()
    return hashlib.sha256(text).hexdigest()


@dataclass(frozen=True)
class RowLayout:
    """How an item's values become its table's row, worked out once per table rather than
    column by column on every row (operator.itemgetter picks the columns in C)."""

    values_of: Callable[[Any], dict[str, Any]]
    hashed: Callable[[dict[str, Any]], tuple[Any, ...]]  # the columns the content hash covers
    numeric: tuple[int, ...]  # where NUMERIC_COLUMNS are among the hashed ones
    json_columns: tuple[str, ...]
    row: Callable[[dict[str, Any]], tuple[Any, ...]]  # every column, in COPY order

    @classmethod
    def of(cls, table: ObservationTable, values_of: Callable[[Any], dict[str, Any]]) -> RowLayout:
        hashed = tuple(c for c in table.columns if c not in NOT_HASHED)
        return cls(
            values_of=values_of,
            hashed=operator.itemgetter(*hashed),
            numeric=tuple(i for i, c in enumerate(hashed) if c in NUMERIC_COLUMNS),
            json_columns=tuple(c for c in table.columns if c in JSON_COLUMNS),
            row=operator.itemgetter(*table.columns),
        )


_ROW_LAYOUTS = {
    table.name: RowLayout.of(table, values_of)
    for table, values_of in ((LEADS, lead_values), (PRODUCTS, product_values),
                             (CONTACTS, contact_values))
}  # fmt: skip


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
