"""Generic extraction: product and business data from any site's pages, no site rules needed.

    extract_product(html, url) -> ProductExtraction
    extract_business(html, url) -> BusinessExtraction
    extract_products_from_listing(html, url) -> list[ProductExtraction]
    to_product_item(extraction, source, source_id=None) -> ProductItem
    to_lead_item(extraction, source, source_id=None) -> LeadItem

`html` may be text or bytes (bytes are decoded by their declared charset). Each function
parses the page once; `Page.parse` plus `product_from_page` / `business_from_page` let a
caller that wants both share one parse.
"""

from spiders.extraction.generic.business import (
    BusinessExtraction,
    business_from_page,
    extract_business,
)
from spiders.extraction.generic.conversion import to_lead_item, to_product_item
from spiders.extraction.generic.listing import extract_products_from_listing, products_from_listing
from spiders.extraction.generic.page import Page, decode_html
from spiders.extraction.generic.product import (
    ProductExtraction,
    extract_product,
    product_from_page,
)

__all__ = [
    "BusinessExtraction",
    "Page",
    "ProductExtraction",
    "business_from_page",
    "decode_html",
    "extract_business",
    "extract_product",
    "extract_products_from_listing",
    "product_from_page",
    "products_from_listing",
    "to_lead_item",
    "to_product_item",
]
