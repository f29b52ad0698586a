"""The sandbox business directory: an index, filtered search result pages, detail pages.

URLs (others code against these):
- /directory/                                  links to every category and city
- /directory/search?category=<slug>&city=<slug>&page=N
                                               both filters optional; 20 results a page;
                                               `<a rel="next" class="next">` to the next page
- /directory/biz/<listing_id>                  one listing (see business_pages for markup)
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from sandbox.business_pages import render_business_page
from sandbox.directory_listings import DirectoryListing
from sandbox.html import Page, chunks, html_page, page_url, pagination
from sandbox.places import CITIES, CITY_BY_SLUG
from sandbox.trades import TRADE_BY_SLUG, TRADES

RESULTS_PER_PAGE = 20
SEARCH_PATH = "/directory/search"


def business_url(listing_id: str) -> str:
    return f"/directory/biz/{listing_id}"


def render_directory(listings: tuple[DirectoryListing, ...]) -> dict[str, Page]:
    """Every directory page, keyed by its canonical URL."""
    pages = {"/directory/": _index_page(listings)}
    for (category, city), matches in _search_groups(listings).items():
        for number, results in enumerate(chunks(matches, RESULTS_PER_PAGE), 1):
            url = page_url(SEARCH_PATH, category=category, city=city, page=number)
            pages[url] = _search_page(
                results,
                category,
                city,
                number,
                -(-len(matches) // RESULTS_PER_PAGE) or 1,
                len(matches),
            )
    for listing in listings:
        pages[business_url(listing.listing_id)] = render_business_page(listing)
    return pages


def _search_groups(listings) -> dict[tuple[str | None, str | None], list[DirectoryListing]]:
    """Results for every filter combination, including the empty ones a user can ask for."""
    groups: dict[tuple[str | None, str | None], list[DirectoryListing]] = defaultdict(list)
    for trade in [None, *TRADES]:
        for city in [None, *CITIES]:
            groups[(trade and trade.slug, city and city.slug)] = []
    for listing in listings:
        for category in (None, *listing.trade_slugs):
            for city in (None, listing.city.slug):
                groups[(category, city)].append(listing)
    return groups


def _index_page(listings) -> Page:
    categories = "".join(
        f'<li><a class="category" href="{escape(page_url(SEARCH_PATH, category=t.slug))}">'
        f"{escape(t.name)}</a></li>"
        for t in TRADES
    )
    cities = "".join(
        f'<li><a class="city" href="{escape(page_url(SEARCH_PATH, city=c.slug))}">'
        f"{escape(c.name)}, {c.region}</a></li>"
        for c in CITIES
    )
    body = f"""<h1>Business directory</h1>
<p><a class="all" href="{SEARCH_PATH}">All {len(listings):,} businesses</a></p>
<h2>Categories</h2><ul class="categories">{categories}</ul>
<h2>Cities</h2><ul class="cities">{cities}</ul>"""
    return html_page("Business directory", body)


def _search_page(results, category, city, number, pages, total) -> Page:
    what = TRADE_BY_SLUG[category].name if category else "Businesses"
    where = f" in {CITY_BY_SLUG[city].name}" if city else ""
    items = "".join(
        f'<li class="result"><a class="biz-link" href="{business_url(listing.listing_id)}">'
        f"{escape(listing.name)}</a> "
        f'<span class="snippet">{escape(TRADE_BY_SLUG[listing.trade_slugs[0]].name)} · '
        f"{escape(listing.street)}, {escape(listing.city.name)}</span></li>"
        for listing in results
    )
    empty = "" if results else '<p class="no-results">No businesses match.</p>'
    body = f"""<h1>{escape(what)}{escape(where)}</h1>
<p class="result-count">{total:,} results</p>
{empty}<ol class="results">{items}</ol>
{pagination(SEARCH_PATH, number, pages, category=category, city=city)}"""
    return html_page(f"{what}{where} - page {number}", body)
