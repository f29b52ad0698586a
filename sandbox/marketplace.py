"""The sandbox marketplace: department index, paged category listings, product pages.

URLs (others code against these):
- /market/                         links to every category
- /market/c/<category-slug>?page=N 24 products a page; `<a rel="next" class="next">`
- /market/p/<listing_id>           one seller's offer (see product_pages for markup)
- /market/api/price/<listing_id>   price and availability of the pages that show them by
                                   script (see script_prices)
"""

from __future__ import annotations

from html import escape

from sandbox.catalog import DEPARTMENTS, Department
from sandbox.html import Page, chunks, html_page, page_url, pagination
from sandbox.product_pages import availability_text, product_url, render_product_page
from sandbox.products import MarketListing, Product
from sandbox.script_prices import price_api_page, price_api_url, shows_price_by_script

PRODUCTS_PER_PAGE = 24


def category_url(slug: str) -> str:
    return f"/market/c/{slug}"


def render_marketplace(
    products: tuple[Product, ...], listings: tuple[MarketListing, ...]
) -> dict[str, Page]:
    """Every marketplace page, keyed by its canonical URL."""
    attributes = {product.entity_id: product.attributes for product in products}
    pages = {"/market/": _index_page()}
    for department in DEPARTMENTS:
        in_department = [l for l in listings if l.department_slug == department.slug]
        page_count = -(-len(in_department) // PRODUCTS_PER_PAGE) or 1
        for number, shown in enumerate(chunks(in_department, PRODUCTS_PER_PAGE), 1):
            pages[page_url(category_url(department.slug), page=number)] = _category_page(
                department, shown, number, page_count, len(in_department)
            )
    for listing in listings:
        pages[product_url(listing.listing_id)] = render_product_page(
            listing, attributes[listing.entity_id]
        )
        if shows_price_by_script(listing.listing_id):
            pages[price_api_url(listing.listing_id)] = price_api_page(
                listing.price_text, availability_text(listing)
            )
    return pages


def _index_page() -> Page:
    links = "".join(
        f'<li><a class="department" href="{category_url(d.slug)}">{escape(d.name)}</a></li>'
        for d in DEPARTMENTS
    )
    return html_page("Marketplace", f'<h1>Marketplace</h1>\n<ul class="departments">{links}</ul>')


def _category_page(
    department: Department, shown: list[MarketListing], number: int, page_count: int, total: int
) -> Page:
    tiles = "".join(
        f'<li class="product-tile"><a class="product-link" href="{product_url(l.listing_id)}">'
        f'{escape(l.title)}</a> <span class="tile-price">{escape(l.price_text)}</span></li>'
        for l in shown
    )
    body = f"""<h1>{escape(department.name)}</h1>
<p class="result-count">{total:,} results</p>
<ul class="product-grid">{tiles}</ul>
{pagination(category_url(department.slug), number, page_count)}"""
    return html_page(f"{department.name} - page {number}", body)
