"""Generic product extraction: any shop's product page in, one `ProductExtraction` out.

Order of trust: schema.org data (JSON-LD, microdata; RDFa only when those have no
product), then OpenGraph / product:* / twitter:* meta tags, then the visible page
(`heuristics`, `brand`, `ratings`, `images`, `specifications`). The page also overrules
JSON-LD that contradicts it: a JSON-LD price the page shows nowhere gives way to the price
beside the product heading and buy button. A field nobody found stays None (availability: "Unknown").
Reads no settings.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from pipelines.normalize import currency_code, parse_price, valid_gtin
from spiders.extraction.generic import heuristics, specifications
from spiders.extraction.generic.brand import brand_on_page
from spiders.extraction.generic.evidence import MARKUP, META, Evidence
from spiders.extraction.generic.fields import format_amount, stated_availability
from spiders.extraction.generic.images import product_images
from spiders.extraction.generic.page import Page, clean_text
from spiders.extraction.generic.ratings import rating_on_page, review_count_on_page
from spiders.extraction.generic.schema_product import main_product, product_nodes, read_product
from spiders.extraction.generic.structured import StructuredData

MAX_OTHER_PRODUCTS = 100


@dataclass
class ProductExtraction:
    """What a product page says about its product; None (or []) for what it does not say.

    price is a decimal string ("1299.99"), currency an ISO 4217 code, availability one of
    InStock / OutOfStock / PreOrder / Unknown, rating out of 5, images absolute URLs;
    confidence maps each found field to [0, 1]; all_products lists the other products the
    page describes in its structured data (related items, listing entries).
    """

    url: str
    name: str | None = None
    price: str | None = None
    currency: str | None = None
    availability: str = "Unknown"
    sku: str | None = None
    gtin: str | None = None
    mpn: str | None = None
    brand: str | None = None
    rating: float | None = None
    review_count: int | None = None
    images: list[str] = field(default_factory=list)
    seller: str | None = None
    category_path: list[str] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    all_products: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def extract_product(html: str | bytes, url: str) -> ProductExtraction:
    """The product a page shows (see the module docstring for the order of trust)."""
    return product_from_page(Page.parse(html, url))


def product_from_page(page: Page) -> ProductExtraction:
    data = page.structured
    products = product_nodes(data)
    if not products and data.include_rdfa():
        products = product_nodes(data)
    main = main_product(data, products)
    found = read_product(data, main, page.country) if main is not None else Evidence()
    read_product_meta(page, found)
    read_product_page(page, found, from_jsonld=main is not None and "@element" not in main)
    extraction = extraction_from_evidence(page, found)
    extraction.category_path = breadcrumb_names(data, extraction.name)
    others = [node for node in products if node is not main][:MAX_OTHER_PRODUCTS]
    for node in others:
        other = extraction_from_evidence(page, read_product(data, node, page.country))
        other.url = other.url if other.url != page.url else None
        extraction.all_products.append(
            {k: v for k, v in other.to_dict().items() if k not in ("all_products", "category_path")}
        )
    return extraction


def read_product_meta(page: Page, found: Evidence) -> None:
    """OpenGraph, product:* and twitter:* tags."""

    def offer(name: str, keys: tuple[str, ...], convert=lambda value: value) -> None:
        hit = page.meta_value(*keys)
        if hit:
            found.offer(name, convert(hit[1]), META, "meta")

    offer("name", ("og:title", "twitter:title"), lambda title: _without_site_name(page, title))
    amount = page.meta_value("product:price:amount", "og:price:amount", "product:sale_price:amount")
    if amount:
        value = parse_price(amount[1]).amount
        if found.offer("price", format_amount(value), META, "meta"):
            currency = page.meta_value(
                "product:price:currency", "og:price:currency", "product:sale_price:currency"
            )
            found.offer(
                "currency",
                currency_code(currency[1], page.country) if currency else None,
                META,
                "meta",
            )
    offer("availability", ("product:availability", "og:availability"), stated_availability)
    offer("brand", ("product:brand", "og:brand"))
    offer("sku", ("product:retailer_item_id", "product:sku"))
    offer("gtin", ("product:gtin", "product:ean", "product:upc", "product:isbn"), valid_gtin)
    offer("mpn", ("product:mfr_part_no",))
    images = (
        page.meta.get("og:image", [])
        + page.meta.get("og:image:url", [])
        + page.meta.get("twitter:image", [])
    )
    found.offer("images", images, META, "meta")
    for number in ("1", "2"):  # Twitter cards: label1/data1 = "Price" / "$17.99"
        label = page.meta_value(f"twitter:label{number}")
        data = page.meta_value(f"twitter:data{number}")
        if (
            label
            and data
            and re.search(r"price|preis|prix|precio|prezzo|prijs", label[1], re.IGNORECASE)
        ):
            price = parse_price(data[1], country=page.country)
            if found.offer("price", format_amount(price.amount), META - 0.1, "meta"):
                found.offer("currency", price.currency, META - 0.1, "meta")


def read_product_page(page: Page, found: Evidence, from_jsonld: bool) -> None:
    """The visible page: fills what markup left out, and overrules JSON-LD it contradicts."""
    heading = heuristics.product_heading(page)
    if heading is not None:
        found.offer("name", clean_text(heading.text_content()), MARKUP, "page")
    found.offer("name", heuristics.name_from_title(page), 0.4, "page")
    heading = heading if heading is not None else heuristics.name_element(page, found.get("name"))
    button = (
        heuristics.buy_button(page) if found.lacks("price", "availability") or from_jsonld else None
    )
    if found.lacks("price", "currency") or from_jsonld and found.origin("price") == "structured":
        _read_price(page, found, heading, button)
    if found.lacks("availability") or from_jsonld:
        state = heuristics.availability_on_page(page, [heading, button])
        if state and found.lacks("availability"):
            found.offer("availability", state[0], state[1], "page")
        elif state and state[1] >= 0.6 and state[0] != found.get("availability"):
            found.replace("availability", state[0], 0.6, "page")
    if found.lacks("brand"):
        brand = brand_on_page(page, heading)
        if brand:
            found.offer("brand", *brand, "page")
        else:
            found.offer("brand", specifications.brand_in_specifications(page), 0.55, "page")
    if found.lacks("images"):
        pictures = product_images(page, heading, found.get("name"))
        if pictures:
            found.offer("images", [url for url, _ in pictures], pictures[0][1], "page")
    if found.lacks("sku", "gtin", "mpn"):
        area = _product_area(page, heading)
        for name in ("sku", "gtin", "mpn"):
            hit = specifications.labelled_value(page, name, area) if found.lacks(name) else None
            if hit:
                value = valid_gtin(hit[0]) if name == "gtin" else hit[0]
                found.offer(name, value, hit[1], "page")
    if found.lacks("seller"):
        seller = specifications.seller_on_page(page)
        if seller:
            found.offer("seller", *seller, "page")
    if found.lacks("rating"):
        rating = rating_on_page(page, [heading])
        if rating:
            found.offer("rating", _five_scale(rating[0], rating[1]), rating[2], "page")
            count = review_count_on_page(page, [heading]) if found.lacks("review_count") else None
            if count:
                found.offer("review_count", count[0], count[1], "page")


def _read_price(page: Page, found: Evidence, heading, button) -> None:
    seen = heuristics.main_price(page, heading, button)
    if seen is None:
        return
    amount, written, confidence = seen
    if found.lacks("price"):
        if found.offer("price", format_amount(amount), confidence, "page"):
            found.offer("currency", currency_code(written, page.country), confidence, "page")
        return
    if found.lacks("currency") and _decimal(found.get("price")) == amount:
        # markup gave the amount only; the page writes it with its currency
        found.offer("currency", currency_code(written, page.country), confidence, "page")
    shown = {candidate[0] for candidate in heuristics.price_candidates(page)}
    structured = found.get("price")
    if (
        shown
        and all(format_amount(a) != structured and a != _decimal(structured) for a in shown)
        and confidence >= 0.6
    ):
        # the JSON-LD price appears nowhere on the page: believe what the shopper sees
        found.replace("price", format_amount(amount), 0.6, "page")
        code = currency_code(written, page.country)
        if code:
            found.replace("currency", code, 0.6, "page")


def _decimal(text):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def _five_scale(value: float, best: float | None) -> float | None:
    if best and best != 5:
        value = value * 5 / best
    return round(value, 2) if 0 <= value <= 5 else None


def _product_area(page: Page, heading) -> str:
    """The text around the product heading, where its identifiers are written."""
    if heading is None:
        return page.visible_text(limit=20_000)
    return page.text_near([heading], span=300)


def _without_site_name(page: Page, title: str) -> str:
    """`'Blu-ray - New | FYE'` -> `'Blu-ray - New'` when FYE is the site's name."""
    site = (page.meta.get("og:site_name") or [page.domain.split(".")[0]])[0]
    simple = re.sub(r"\W", "", site.lower())
    parts = re.split(r"\s+[|\-–—·»]\s+", title)
    if len(parts) > 1 and re.sub(r"\W", "", parts[-1].lower()) == simple:
        return title[: title.rfind(parts[-1])].rstrip(" |-–—·»")
    return title


def breadcrumb_names(data: StructuredData, name: str | None) -> list[str]:
    """The category path a BreadcrumbList gives, without 'Home' and the product itself."""
    for trail in data.of_types({"BreadcrumbList"}):
        entries = [e for e in data.values(trail, "itemListElement") if isinstance(e, dict)]
        entries.sort(key=_position)
        names = [n for n in (_crumb_name(data, entry) for entry in entries) if n]
        if names and _HOME.fullmatch(names[0]):
            names = names[1:]
        if names and name and names[-1].lower() in (name.lower(), f"{name} reviews".lower()):
            names = names[:-1]
        if names:
            return names
    return []


_HOME = re.compile(r"home|startseite|accueil|inicio|home ?page|start|homepage", re.IGNORECASE)


def _position(entry: dict) -> int:
    position = str(entry.get("position", "")).strip()
    return int(position) if position.isdecimal() else 0  # not isdigit: int('²') fails


def _crumb_name(data: StructuredData, entry: dict) -> str | None:
    item = data.resolve(entry.get("item"))
    return data.text(entry, "name") or (data.text(item, "name") if isinstance(item, dict) else None)


def extraction_from_evidence(page: Page, found: Evidence) -> ProductExtraction:
    images = []
    for url in found.get("images", []):
        absolute = page.absolute(url)
        if absolute and absolute not in images:
            images.append(absolute)
    url = page.absolute(found.get("url")) or page.canonical_url or page.url
    return ProductExtraction(
        url=url,
        name=found.get("name"),
        price=found.get("price"),
        currency=found.get("currency"),
        availability=found.get("availability") or "Unknown",
        sku=found.get("sku"),
        gtin=found.get("gtin"),
        mpn=found.get("mpn"),
        brand=found.get("brand"),
        rating=found.get("rating"),
        review_count=found.get("review_count"),
        images=images,
        seller=found.get("seller"),
        confidence=found.confidence(),
    )
