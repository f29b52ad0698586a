"""What a valid lead or product is, as pydantic models, and why an item is not one.

Items are checked as the page gave them, before normalization: required fields present
and not blank, lengths bounded, numbers in range. Numbers written as text ("4.5", "12")
are accepted and converted; anything else wrong is reported field by field.

Hostile input: no text field may hold a lone surrogate (left by bytes that were not UTF-8,
or half an escaped emoji): no UTF-8 database stores one. The fields that identify an item
(source_id, url) are stored as given, so they must also be free of control characters (NUL
included); other text is cleaned by normalization, which drops them. A price must not be
negative (price-parser would silently drop the sign) and must fit the raw store's
numeric(18,4) column: a larger amount is numbers run together, not a price.

Most products are plainly valid, and `pipelines.plainly_valid` recognizes those without
building the model (which types numbers and words what is wrong with the rest).
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from pipelines.normalize.price import parse_amount
from pipelines.plainly_valid import ProductBounds, plainly_valid_product
from spiders.items import ContactItem, LeadItem, ProductItem

# control characters (Unicode category Cc, NUL included) and lone surrogates
_UNSTORABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# a minus sign before the first digit: "-5.00", "$-5", "- 12,99 €", "EUR −3"
_NEGATIVE = re.compile("[^0-9]*[-\u2212]\\s*[0-9]")  # matched at the start
MAX_PRICE = Decimal("1e14")  # numeric(18, 4) holds less


def _plain_text(value: str) -> str:
    if found := _UNSTORABLE.search(value):
        raise ValueError(
            f"must be plain text: it holds U+{ord(found.group()):04X} at position {found.start()}"
        )
    return value


Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Source = Annotated[Required, StringConstraints(max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4096,
                                       pattern=r"(?i)^https?://[^\s/]+")]  # fmt: skip


def text(max_length: int) -> Any:
    return Annotated[str | None, StringConstraints(max_length=max_length)]


def texts(max_items: int, max_length: int) -> Any:
    return Annotated[list[Annotated[str, StringConstraints(max_length=max_length)]],
                     Field(max_length=max_items)]  # fmt: skip


Rating = Annotated[float | None, Field(ge=0, le=5)]
Count = Annotated[int | None, Field(ge=0)]


class ValidItem(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    source: Source
    source_id: Annotated[Required, StringConstraints(max_length=2048), AfterValidator(_plain_text)]
    url: Annotated[Url, AfterValidator(_plain_text)]
    rating: Rating = None
    review_count: Count = None
    raw: dict[str, Any] = {}


class ValidLead(ValidItem):
    name: Annotated[Required, StringConstraints(max_length=500)]
    categories: texts(50, 200) = []
    phone: text(100) = None
    emails: texts(50, 320) = []
    website: text(2048) = None
    address: text(1000) = None
    street: text(300) = None
    city: text(200) = None
    region: text(200) = None
    postal_code: text(40) = None
    country: text(100) = None
    latitude: Annotated[float | None, Field(ge=-90, le=90)] = None
    longitude: Annotated[float | None, Field(ge=-180, le=180)] = None
    opening_hours: text(2000) = None

    @model_validator(mode="after")
    def coordinates_come_in_pairs(self) -> ValidLead:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together or not at all")
        return self


class ValidProduct(ValidItem):
    title: Annotated[Required, StringConstraints(max_length=1000)]
    brand: text(300) = None
    gtin: text(50) = None
    sku: text(200) = None
    mpn: text(200) = None
    price: text(200) = None
    currency: text(20) = None
    availability: text(500) = None
    seller: text(500) = None
    category_path: texts(20, 300) = []
    image_urls: texts(100, 4096) = []

    @field_validator("price")
    @classmethod
    def plausible_price(cls, value: str | None) -> str | None:
        if value is not None and (problem := price_problem(value)):
            raise ValueError(problem)
        return value


def price_problem(value: str) -> str | None:
    """What is wrong with a price text (negative, or more than the raw store holds), if
    anything."""
    if _NEGATIVE.match(value):
        return "must not be negative"
    amount = parse_amount(value)
    if amount is not None and abs(amount) >= MAX_PRICE:
        return f"must be below {MAX_PRICE:,.0f}, the most a price column holds"
    return None


class ContactEmail(BaseModel):
    email: Annotated[str, StringConstraints(max_length=320)]
    role: bool = False
    pages: texts(50, 4096) = []


class ContactPhone(BaseModel):
    raw: text(100) = None
    e164: text(20) = None
    pages: texts(50, 4096) = []


class ContactSocial(BaseModel):
    network: Annotated[str, StringConstraints(max_length=40)]
    url: Annotated[Url, AfterValidator(_plain_text)]
    pages: texts(50, 4096) = []


class ValidContact(BaseModel):
    """What a lead's website showed: the lead's key, the site, and each value with its pages."""

    model_config = ConfigDict(extra="forbid")

    source: Source
    source_id: Annotated[Required, StringConstraints(max_length=2048), AfterValidator(_plain_text)]
    url: Annotated[Url, AfterValidator(_plain_text)]
    website: text(2048) = None
    emails: Annotated[list[ContactEmail], Field(max_length=200)] = []
    phones: Annotated[list[ContactPhone], Field(max_length=100)] = []
    socials: Annotated[list[ContactSocial], Field(max_length=100)] = []
    pages: texts(100, 4096) = []
    raw: dict[str, Any] = {}


# numbers a page may give as text; validation hands them back typed
COERCED = ("rating", "review_count", "latitude", "longitude")

# per item type: its model, its fields, and the COERCED fields it has (worked out once:
# dataclasses.fields() and hasattr() on a model, which raises inside pydantic for a field it
# lacks, were nearly half of validate_item's time)
_MODELS = {
    item_type: (
        model,
        tuple(f.name for f in dataclasses.fields(item_type)),
        tuple(name for name in COERCED if name in model.model_fields),
    )
    for item_type, model in ((LeadItem, ValidLead), (ProductItem, ValidProduct),
                             (ContactItem, ValidContact))
}  # fmt: skip


PRODUCT_BOUNDS = ProductBounds.of(ValidProduct)
# the shortcut answers for ValidProduct only while it checks every field the model has
_PRODUCT_SHORTCUT = (
    PRODUCT_BOUNDS.fields() == set(_MODELS[ProductItem][1]) == set(ValidProduct.model_fields)
)


def validate_item(
    item: LeadItem | ProductItem | ContactItem,
) -> LeadItem | ProductItem | ContactItem:
    """The item with numbers typed ("4.5" → 4.5); raises InvalidItem saying what is wrong.
    An item whose numbers were typed already comes back as it is (not a copy)."""
    if (
        type(item) is ProductItem
        and _PRODUCT_SHORTCUT
        and plainly_valid_product(item, PRODUCT_BOUNDS)
        and (item.price is None or price_problem(item.price) is None)
    ):
        return item  # what the model would hand back (the common case: see plainly_valid)
    model, fields, coerced = _MODELS[type(item)]
    values = {name: getattr(item, name) for name in fields}
    try:
        valid = model.model_validate(values)
    except ValidationError as error:
        raise InvalidItem(describe(error)) from None
    typed = {name: getattr(valid, name) for name in coerced}
    if all(value is values[name] for name, value in typed.items()):
        return item
    return dataclasses.replace(item, **typed)


class InvalidItem(ValueError):
    """An item that is not a valid lead or product; the message names each field and why."""


PATTERN_MEANINGS = {
    "url": "must be an absolute http(s) URL",
    "source": "must be a short name of letters, digits and _ . : -",
}


def describe(error: ValidationError) -> str:
    """ "rating: must be at most 5 (got 7.5); name: must not be blank" on one line."""
    problems = []
    for problem in error.errors(include_url=False):
        field = ".".join(str(part) for part in problem["loc"])
        problems.append(f"{field or 'item'}: {_meaning(problem, field)}")
    return "; ".join(problems)


def _meaning(problem: dict[str, Any], field: str) -> str:
    kind, value, context = problem["type"], problem.get("input"), problem.get("ctx") or {}
    if kind == "missing" or (value is None and kind.endswith("_type")):
        return "is required"
    if not field:  # a rule about several fields: the message says it all
        return problem["msg"].removeprefix("Value error, ")
    if kind == "string_too_short" and context.get("min_length") == 1:
        message = "must not be blank"
    elif kind == "string_pattern_mismatch" and field in PATTERN_MEANINGS:
        message = PATTERN_MEANINGS[field]
    elif kind == "string_unicode":
        message = "must be valid Unicode text: it holds a lone surrogate (bytes not UTF-8)"
    elif kind in ("less_than_equal", "greater_than_equal"):
        bound = context.get("le", context.get("ge"))
        message = f"must be at {'most' if kind == 'less_than_equal' else 'least'} {bound}"
    else:
        message = problem["msg"].removeprefix("Value error, ")
    shown = repr(value)
    return f"{message} (got {shown[:77] + '...' if len(shown) > 80 else shown})"
