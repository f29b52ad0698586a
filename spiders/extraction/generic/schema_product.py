"""Reading schema.org Product items: which one the page is about, and what each one says.

Offers: an AggregateOffer gives its `lowPrice`; several Offers give the lowest price; a
ProductGroup without offers of its own gives its variants'. Availability is InStock when
any offer is in stock. A `sku` shared by every offer counts for the product, one that
differs between offers does not (the page shows variants, not one SKU). Reads no settings.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.normalize import currency_code, valid_gtin
from spiders.extraction.generic.evidence import STRUCTURED, Evidence
from spiders.extraction.generic.fields import amount_from_value, format_amount, stated_availability
from spiders.extraction.generic.ratings import parse_count, rating_out_of_five
from spiders.extraction.generic.structured import StructuredData, as_list, types_of

PRODUCT_TYPES = {
    "Product",
    "ProductGroup",
    "IndividualProduct",
    "ProductModel",
    "SomeProducts",
    "Vehicle",
    "Car",
    "Motorcycle",
    "DietarySupplement",
    "Drug",
}
# creative works are products only when they are offered for sale
SOLD_WORK_TYPES = {"Book", "Movie", "MusicAlbum", "VideoGame", "SoftwareApplication", "Game"}
_OFFER_TYPES = {"Offer", "AggregateOffer"}
_GTIN_KEYS = ("gtin", "gtin13", "gtin12", "gtin14", "gtin8", "isbn", "productID")
# properties through which a page mentions other products than its own
_ASIDE_KEYS = (
    "isRelatedTo",
    "isSimilarTo",
    "isAccessoryOrSparePartFor",
    "isConsumableFor",
    "hasVariant",
    "model",
)


def product_nodes(data: StructuredData) -> list[dict]:
    """Every Product item on the page (offered creative works included), in document order."""
    found = []
    for node in data.nodes():
        types = types_of(node)
        if types & PRODUCT_TYPES or (types & SOLD_WORK_TYPES and node.get("offers")):
            found.append(node)
    return found


def main_product(data: StructuredData, products: list[dict]) -> dict | None:
    """The product the page is about: the page's mainEntity, else the fullest top-level one."""
    if not products:
        return None
    for product in products:
        if str(product.get("@id")) in data.main_ids:
            return product
    aside = {
        id(data.resolve(value))
        for node in data.nodes()
        for key in _ASIDE_KEYS
        for value in as_list(node.get(key))
        if isinstance(value, dict)
    }

    def weight(product: dict) -> tuple:
        has_price = any(_offer_amount(data, offer) for offer in _offers(data, product))
        return (id(product) not in aside, has_price, bool(product.get("name")), len(product))

    return max(products, key=weight)  # max keeps the first of equals: document order


def read_product(data: StructuredData, product: dict, country: str | None) -> Evidence:
    """What one Product item says, as evidence at structured-data confidence."""
    found = Evidence()
    offer = lambda field, value: found.offer(field, value, STRUCTURED, "structured")
    offer("name", data.text(product, "name"))
    url = data.text(product, "url")
    offer("url", url if _is_link(url) else None)
    offer("brand", _name_of(data.first(product, "brand", "manufacturer")))
    offer("sku", data.text(product, "sku"))
    offer("mpn", data.text(product, "mpn"))
    for key in _GTIN_KEYS:
        if offer("gtin", valid_gtin(data.text(product, key))):
            break
    images = [_image_url(data, image) for image in data.values(product, "image")]
    offer("images", [url for url in images if url])
    rating = data.first(product, "aggregateRating")
    if isinstance(rating, dict):
        offer(
            "rating",
            rating_out_of_five(data.text(rating, "ratingValue"), data.text(rating, "bestRating")),
        )
        offer("review_count", parse_count(data.text(rating, "reviewCount", "ratingCount")))
    _read_offers(data, product, found, country)
    return found


def _read_offers(data: StructuredData, product: dict, found: Evidence, country) -> None:
    offers = _offers(data, product)
    if not offers:
        for variant in data.values(product, "hasVariant"):
            if isinstance(variant, dict):
                offers.extend(_offers(data, variant))
    priced = [(amount, offer) for offer in offers if (amount := _offer_amount(data, offer))]
    if priced:
        amount, offer = min(priced, key=lambda pair: pair[0])
        found.offer("price", format_amount(amount), STRUCTURED, "structured")
        currency = data.text(offer, "priceCurrency") or _spec_text(data, offer, "priceCurrency")
        found.offer("currency", currency_code(currency, country), STRUCTURED, "structured")
    states = [stated_availability(data.text(offer, "availability")) for offer in offers]
    states = [state for state in states if state]
    if states:
        state = "InStock" if "InStock" in states else states[0]
        found.offer("availability", state, STRUCTURED, "structured")
    skus = {data.text(offer, "sku") for offer in offers if data.text(offer, "sku")}
    if len(skus) == 1 and all(data.text(offer, "sku") for offer in offers):
        found.offer("sku", skus.pop(), STRUCTURED, "structured")
    elif len(skus) > 1 and found.lacks("sku"):
        found.settle("sku")  # variants with SKUs of their own: the product has none
    sellers = [data.text(offer, "seller") for offer in offers if data.first(offer, "seller")]
    found.offer("seller", sellers[0] if sellers else None, STRUCTURED, "structured")
    for offer in offers:
        found.offer(
            "gtin",
            valid_gtin(data.text(offer, "gtin13") or data.text(offer, "gtin")),
            STRUCTURED,
            "structured",
        )


def _offers(data: StructuredData, product: dict) -> list[dict]:
    """The product's Offer / AggregateOffer items, an aggregate's own offers after it."""
    found = []
    for offer in data.values(product, "offers"):
        if not isinstance(offer, dict):
            continue
        found.append(offer)
        if "AggregateOffer" in types_of(offer):
            found.extend(o for o in data.values(offer, "offers") if isinstance(o, dict))
    return found


def _offer_amount(data: StructuredData, offer: dict) -> Decimal | None:
    if "AggregateOffer" in types_of(offer):
        value = data.text(offer, "lowPrice") or data.text(offer, "price")
    else:
        value = data.text(offer, "price") or _spec_text(data, offer, "price")
    amount = amount_from_value(value)
    return amount if amount is not None and amount > 0 else None


def _spec_text(data: StructuredData, offer: dict, key: str) -> str | None:
    for spec in data.values(offer, "priceSpecification"):
        if isinstance(spec, dict) and data.text(spec, key):
            return data.text(spec, key)
    return None


def _image_url(data: StructuredData, image) -> str | None:
    if isinstance(image, dict):
        return data.text(image, "contentUrl", "url") or data.as_text(image)
    if image is None:
        return None
    return str(image).strip() or None


def _name_of(value) -> str | None:
    """A Brand / Organization item's name, or a plain brand string."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = value[0] if value else None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _is_link(value: str | None) -> bool:
    return bool(value) and value.startswith(("http://", "https://", "/"))
