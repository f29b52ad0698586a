"""True products and the marketplace listings that sell them.

Each product is sold by 1-4 sellers; each sale is a listing with its own ASIN-like id
(B0 + 8 characters), its own way of writing the title, a price in the seller's currency and
format, and only some of the identifiers: the GTIN shows on about 60% of listings, the brand
is missing on about 20%.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from decimal import Decimal

from sandbox import prices
from sandbox.catalog import DEPARTMENTS, SELLER_SUFFIXES, Department

AVAILABILITIES = ("InStock", "OutOfStock", "PreOrder")
AVAILABILITY_WEIGHTS = (80, 12, 8)
SELLERS_PER_PRODUCT_WEIGHTS = (35, 30, 20, 15)  # one seller .. four sellers
PRODUCT_MARKUPS = ("json-ld", "plain")


@dataclass(frozen=True)
class Product:
    """A real-world product: one model line in one configuration."""

    entity_id: str
    department_slug: str
    brand: str
    model: str
    attributes: tuple[tuple[str, str], ...]  # (axis name, value), in the department's order
    gtin: str  # GTIN-13 with a valid check digit
    mpn: str
    base_price_usd: Decimal

    @property
    def title(self) -> str:
        return " ".join([self.brand, self.model, *(value for _, value in self.attributes)])


@dataclass(frozen=True)
class Seller:
    name: str
    currency: str
    price_style: int
    price_ending: str  # "99", "00" or "" (see prices.charm)


@dataclass(frozen=True)
class MarketListing:
    """One product page: a seller's offer, with every field exactly as the page shows it."""

    listing_id: str
    entity_id: str
    department_slug: str
    title: str
    brand: str | None
    gtin: str | None
    mpn: str | None
    seller: str
    price: Decimal
    currency: str
    price_text: str
    availability: str  # InStock | OutOfStock | PreOrder
    rating: float | None
    review_count: int
    image_count: int
    markup: str  # one of PRODUCT_MARKUPS


def gtin13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def make_sellers(rng: random.Random, surnames: list[str], count: int = 40) -> list[Seller]:
    """Marketplace sellers named like small shops ("Hudson Outlet"), each with its currency."""
    names: list[str] = []
    for surname in surnames:
        name = f"{surname} {rng.choice(SELLER_SUFFIXES)}"
        if name not in names:
            names.append(name)
        if len(names) == count:
            break
    # the first sellers cover every currency and way of writing prices, so every world shows
    # "$1,299.99", "USD 45.00", "1.299,99 €", "€…", "EUR …", "£12" and "GBP …"; the rest are random
    profiles = [
        ("USD", 0, "99"),
        ("USD", 1, ""),
        ("EUR", 0, "99"),
        ("EUR", 1, ""),
        ("EUR", 2, "00"),
        ("GBP", 0, "00"),
        ("GBP", 1, "99"),
    ]
    while len(profiles) < len(names):
        profiles.append(
            (
                rng.choices(prices.CURRENCIES, (60, 25, 15))[0],
                rng.randrange(3),
                rng.choice(("99", "99", "00", "")),
            )
        )
    return [
        Seller(name, currency, style, ending)
        for name, (currency, style, ending) in zip(names, profiles)
    ]


def generate_products(count: int, rng: random.Random) -> list[Product]:
    """`count` distinct products; about half have a sibling differing in one attribute."""
    lines: dict[str, list[tuple[str, str]]] = {d.slug: list(d.lines) for d in DEPARTMENTS}
    line_prices: dict[tuple[str, str], int] = {}
    seen: set[tuple] = set()
    gtins = _GtinMaker(rng)
    products: list[Product] = []
    while len(products) < count:
        department = rng.choice(DEPARTMENTS)
        if rng.random() < 0.8:
            line = rng.choice(lines[department.slug])
        else:
            line = _synthetic_line(department, rng)
            lines[department.slug].append(line)
        values = [rng.randrange(len(axis.values)) for axis in department.axes]
        for variant in (values, _sibling(values, department, rng)):
            if variant is None or len(products) >= count:
                continue
            key = (department.slug, line, tuple(variant))
            if key in seen:
                continue
            seen.add(key)
            base = line_prices.setdefault(line, rng.randint(*department.price_range))
            products.append(
                _product(len(products) + 1, department, line, variant, base, gtins, rng)
            )
    return products


def sell_products(
    products: list[Product], sellers: list[Seller], rng: random.Random
) -> list[MarketListing]:
    """The marketplace listings for every product, in the order the marketplace shows them."""
    used_ids: set[str] = set()
    listings = []
    for product in products:
        count = rng.choices((1, 2, 3, 4), SELLERS_PER_PRODUCT_WEIGHTS)[0]
        for seller in rng.sample(sellers, count):
            listings.append(_listing(product, seller, _asin(rng, used_ids), rng))
    rng.shuffle(listings)
    return listings


def listing_title(product: Product, rng: random.Random) -> str:
    """How a seller writes a product's title: "Apple iPhone 15 128GB Black" or
    "iPhone 15 (128 GB) - Black" or "APPLE iPhone 15, Black, 128GB" ..."""
    values = [value for _, value in product.attributes]
    if rng.random() < 0.4:  # "128GB" -> "128 GB"
        values = [_space_unit(value) for value in values]
    brand, model = product.brand, product.model
    style = rng.randrange(5)
    if style == 0:
        return " ".join([brand, model, *values])
    if style == 1:
        return f"{model} ({values[0]})" + (f" - {', '.join(values[1:])}" if values[1:] else "")
    if style == 2:
        return f"{brand} {model}, " + ", ".join(reversed(values))
    if style == 3:
        return f"{brand.upper()} {model} " + " ".join(values)
    return f"New {brand} {model} {' '.join(values)}" + (
        " - Unlocked" if product.department_slug == "phones" else ""
    )


def _space_unit(value: str) -> str:
    for unit in ("GB", "TB", "mm"):
        if value[:1].isdigit() and unit in value and f" {unit}" not in value:
            return value.replace(unit, f" {unit}", 1)
    return value


def _synthetic_line(department: Department, rng: random.Random) -> tuple[str, str]:
    suffix = rng.choice(("", "", " Pro", " Plus", " Lite", " Max", " SE"))
    return (
        rng.choice(department.synthetic_brands),
        f"{rng.choice(department.series)} {rng.randint(2, 99)}{suffix}",
    )


def _sibling(values: list[int], department: Department, rng: random.Random) -> list[int] | None:
    """The same model line with one attribute changed (another storage size or colour)."""
    if rng.random() < 0.5:
        return None
    sibling = list(values)
    axis = rng.randrange(len(department.axes))
    sibling[axis] = (sibling[axis] + rng.randint(1, len(department.axes[axis].values) - 1)) % len(
        department.axes[axis].values
    )
    return sibling


def _product(
    number: int,
    department: Department,
    line: tuple[str, str],
    values: list[int],
    base: int,
    gtins: _GtinMaker,
    rng: random.Random,
) -> Product:
    steps = sum(i for axis, i in zip(department.axes, values) if axis.priced)
    brand, model = line
    return Product(
        entity_id=f"prod-{number:06d}",
        department_slug=department.slug,
        brand=brand,
        model=model,
        attributes=tuple((axis.name, axis.values[i]) for axis, i in zip(department.axes, values)),
        gtin=gtins.new(brand),
        mpn=f"{brand[:2].upper()}{rng.randint(1000, 9999)}{rng.choice(string.ascii_uppercase)}/{rng.choice('ABLX')}",
        base_price_usd=Decimal(base) * (1 + Decimal("0.18") * steps),
    )


def _listing(
    product: Product, seller: Seller, listing_id: str, rng: random.Random
) -> MarketListing:
    amount = prices.convert(
        product.base_price_usd * Decimal(str(round(rng.uniform(0.9, 1.12), 3))), seller.currency
    )
    amount = prices.charm(amount, seller.price_ending)
    reviewed = rng.random() < 0.85
    return MarketListing(
        listing_id=listing_id,
        entity_id=product.entity_id,
        department_slug=product.department_slug,
        title=listing_title(product, rng),
        brand=product.brand if rng.random() < 0.8 else None,
        gtin=product.gtin if rng.random() < 0.6 else None,
        mpn=product.mpn if rng.random() < 0.4 else None,
        seller=seller.name,
        price=amount,
        currency=seller.currency,
        price_text=prices.format_price(amount, seller.currency, seller.price_style),
        availability=rng.choices(AVAILABILITIES, AVAILABILITY_WEIGHTS)[0],
        rating=round(rng.uniform(3.0, 5.0), 1) if reviewed else None,
        review_count=int(rng.lognormvariate(4, 1.5)) + 1 if reviewed else 0,
        image_count=rng.randint(1, 4),
        markup=rng.choice(PRODUCT_MARKUPS),
    )


def _asin(rng: random.Random, used: set[str]) -> str:
    while True:
        asin = "B0" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=8))
        if asin not in used:
            used.add(asin)
            return asin


class _GtinMaker:
    """Unique GTIN-13s: a company prefix per brand, then an item reference, then the check digit."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.prefixes: dict[str, str] = {}
        self.used_prefixes: set[str] = set()
        self.next_item: dict[str, int] = {}

    def new(self, brand: str) -> str:
        if brand not in self.prefixes or self.next_item[brand] > 99999:
            prefix = f"0{self.rng.randint(100000, 999999)}"
            while prefix in self.used_prefixes:
                prefix = f"0{self.rng.randint(100000, 999999)}"
            self.used_prefixes.add(prefix)
            self.prefixes[brand], self.next_item[brand] = prefix, self.rng.randint(0, 500)
        first12 = f"{self.prefixes[brand]}{self.next_item[brand]:05d}"
        self.next_item[brand] += 1
        return first12 + gtin13_check_digit(first12)
