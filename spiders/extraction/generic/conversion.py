"""Turning generic extractions into the items every spider yields (`spiders/items.py`).

A generic spider then feeds the same pipelines as the site spiders. The normalized values
go into the item's fields (price "1299.99", currency "EUR", availability "InStock"); what
an item has no field for (every phone with its E.164 form, the confidences) goes into
`raw`. Reads no settings.
"""

from __future__ import annotations

from spiders.extraction.generic.addresses import address_line
from spiders.extraction.generic.business import BusinessExtraction
from spiders.extraction.generic.product import ProductExtraction
from spiders.items import LeadItem, ProductItem


def to_product_item(
    extraction: ProductExtraction, source: str, source_id: str | None = None
) -> ProductItem:
    """A `ProductItem`; `source_id` defaults to the product's canonical URL."""
    return ProductItem(
        source=source,
        source_id=source_id or extraction.url,
        url=extraction.url,
        title=extraction.name,
        brand=extraction.brand,
        gtin=extraction.gtin,
        sku=extraction.sku,
        mpn=extraction.mpn,
        price=extraction.price,
        currency=extraction.currency,
        availability=extraction.availability,
        rating=extraction.rating,
        review_count=extraction.review_count,
        seller=extraction.seller,
        category_path=list(extraction.category_path),
        image_urls=list(extraction.images),
        raw={
            "extractor": "generic",
            "confidence": dict(extraction.confidence),
            "other_products": len(extraction.all_products),
        },
    )


def to_lead_item(
    extraction: BusinessExtraction, source: str, source_id: str | None = None
) -> LeadItem:
    """A `LeadItem`; `phone` is the first phone as written, `source_id` defaults to the URL."""
    address = extraction.address or {}
    return LeadItem(
        source=source,
        source_id=source_id or extraction.url,
        url=extraction.url,
        name=extraction.name,
        categories=list(extraction.categories),
        phone=extraction.phones[0]["raw"] if extraction.phones else None,
        emails=list(extraction.emails),
        website=extraction.website,
        address=address_line(address),
        street=address.get("street"),
        city=address.get("city"),
        region=address.get("region"),
        postal_code=address.get("postal_code"),
        country=address.get("country"),
        latitude=extraction.latitude,
        longitude=extraction.longitude,
        rating=extraction.rating,
        review_count=extraction.review_count,
        opening_hours=extraction.opening_hours,
        raw={
            "extractor": "generic",
            "phones": [dict(p) for p in extraction.phones],
            "confidence": dict(extraction.confidence),
            "other_businesses": len(extraction.all_businesses),
        },
    )
