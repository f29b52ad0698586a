"""A directory detail page for one listing, in the markup the listing was given.

- "json-ld": a schema.org LocalBusiness subtype in a JSON-LD block (after a BreadcrumbList
  block), with a short visible summary;
- "microdata": the same vocabulary as itemprop attributes on the visible page;
- "plain-a": class names only; address split into spans, coordinates in data attributes;
- "plain-b": class names only, another layout: a definition list, the address on one line,
  hours in a table, coordinates only in a static map image URL, no country.
Fields a listing lacks (phone, website, reviews) are left out of the page entirely.
"""

from __future__ import annotations

from html import escape

from sandbox.directory_listings import DirectoryListing
from sandbox.html import Page, html_page, json_ld, page_url
from sandbox.trades import TRADE_BY_SLUG


def render_business_page(listing: DirectoryListing) -> Page:
    render = {
        "json-ld": _json_ld_page,
        "microdata": _microdata_page,
        "plain-a": _plain_a_page,
        "plain-b": _plain_b_page,
    }[listing.markup]
    head, body = render(listing)
    return html_page(f"{listing.name} - {listing.city.name}, {listing.city.region}", body, head)


def _category_links(listing: DirectoryListing, css_class: str) -> str:
    return " ".join(
        f'<a class="{css_class}" href="{escape(page_url("/directory/search", category=slug))}">'
        f"{escape(TRADE_BY_SLUG[slug].name)}</a>"
        for slug in listing.trade_slugs
    )


def _hours_segments(listing: DirectoryListing) -> list[str]:
    return listing.opening_hours.split(", ")


def _json_ld_page(listing: DirectoryListing) -> tuple[str, str]:
    city = listing.city
    trade = TRADE_BY_SLUG[listing.trade_slugs[0]]
    data: dict = {
        "@context": "https://schema.org",
        "@type": trade.schema_type,
        "name": listing.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": listing.street,
            "addressLocality": city.name,
            "addressRegion": city.region,
            "postalCode": listing.postal_code,
            "addressCountry": listing.country,
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": listing.latitude,
            "longitude": listing.longitude,
        },
        "openingHours": _hours_segments(listing),
    }
    if listing.phone:
        data["telephone"] = listing.phone
    if listing.website:
        data["url"] = listing.website
    if listing.rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": listing.rating,
            "reviewCount": listing.review_count,
        }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Directory", "item": "/directory/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": trade.name,
                "item": page_url("/directory/search", category=trade.slug),
            },
        ],
    }
    head = json_ld(crumbs) + json_ld(data)
    body = f"""<section class="listing-summary">
<h1>{escape(listing.name)}</h1>
<p class="categories">{_category_links(listing, "category")}</p>
<p>{escape(listing.street)}, {escape(city.name)}, {city.region} {listing.postal_code}</p>
{f"<p>Call {escape(listing.phone)}</p>" if listing.phone else ""}
</section>"""
    return head, body


def _microdata_page(listing: DirectoryListing) -> tuple[str, str]:
    city = listing.city
    schema_type = TRADE_BY_SLUG[listing.trade_slugs[0]].schema_type
    parts = [
        f'<div class="business" itemscope itemtype="https://schema.org/{schema_type}">',
        f'<h1 itemprop="name">{escape(listing.name)}</h1>',
        f'<p class="categories">{_category_links(listing, "category")}</p>',
        (
            '<div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">'
            f'<span itemprop="streetAddress">{escape(listing.street)}</span>, '
            f'<span itemprop="addressLocality">{escape(city.name)}</span>, '
            f'<span itemprop="addressRegion">{city.region}</span> '
            f'<span itemprop="postalCode">{listing.postal_code}</span>'
            f'<meta itemprop="addressCountry" content="{listing.country}"></div>'
        ),
        (
            '<span itemprop="geo" itemscope itemtype="https://schema.org/GeoCoordinates">'
            f'<meta itemprop="latitude" content="{listing.latitude}">'
            f'<meta itemprop="longitude" content="{listing.longitude}"></span>'
        ),
    ]
    if listing.phone:
        parts.append(f'<p>Phone: <span itemprop="telephone">{escape(listing.phone)}</span></p>')
    if listing.website:
        parts.append(f'<p><a itemprop="url" href="{escape(listing.website)}">Visit website</a></p>')
    if listing.rating is not None:
        parts.append(
            '<div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">'
            f'<span itemprop="ratingValue">{listing.rating}</span> stars from '
            f'<span itemprop="reviewCount">{listing.review_count}</span> reviews</div>'
        )
    hours = "".join(
        f'<li><time itemprop="openingHours" datetime="{escape(segment)}">{escape(segment)}</time></li>'
        for segment in _hours_segments(listing)
    )
    parts.append(f'<ul class="hours">{hours}</ul>')
    parts.append("</div>")
    return "", "\n".join(parts)


def _plain_a_page(listing: DirectoryListing) -> tuple[str, str]:
    city = listing.city
    parts = [
        '<div class="business">',
        f'<h1 class="biz-name">{escape(listing.name)}</h1>',
        f'<p class="categories">{_category_links(listing, "category")}</p>',
        '<div class="contact">',
    ]
    if listing.phone:
        parts.append(f'<span class="phone">{escape(listing.phone)}</span>')
    if listing.website:
        parts.append(
            f'<a class="website" href="{escape(listing.website)}">{escape(listing.website)}</a>'
        )
    parts += [
        "</div>",
        (
            f'<div class="address"><span class="street">{escape(listing.street)}</span><br>'
            f'<span class="city">{escape(city.name)}</span>, '
            f'<span class="region">{city.region}</span> '
            f'<span class="zip">{listing.postal_code}</span><br>'
            f'<span class="country">{listing.country}</span></div>'
        ),
        f'<div id="map" class="map" data-lat="{listing.latitude}" data-lng="{listing.longitude}"></div>',
    ]
    if listing.rating is not None:
        parts.append(
            f'<div class="reviews"><span class="rating">{listing.rating}</span> · '
            f'<span class="review-count">{listing.review_count:,} reviews</span></div>'
        )
    hours = "".join(f"<li>{escape(segment)}</li>" for segment in _hours_segments(listing))
    parts += [f'<ul class="hours">{hours}</ul>', "</div>"]
    return "", "\n".join(parts)


def _plain_b_page(listing: DirectoryListing) -> tuple[str, str]:
    city = listing.city
    rows = [
        "<dt>Address</dt>",
        (
            f'<dd class="addr">{escape(listing.street)}, {escape(city.name)}, {city.region} '
            f"{listing.postal_code}</dd>"
        ),
    ]
    if listing.phone:
        rows.append(f'<dt>Phone</dt><dd class="tel">{escape(listing.phone)}</dd>')
    if listing.website:
        rows.append(
            f'<dt>Website</dt><dd><a class="url" href="{escape(listing.website)}">'
            f"{escape(listing.website)}</a></dd>"
        )
    hours = "".join(
        f"<tr><th>{escape(days)}</th><td>{escape(times)}</td></tr>"
        for days, times in (segment.split(" ", 1) for segment in _hours_segments(listing))
    )
    rows.append(f'<dt>Hours</dt><dd><table class="opening-hours">{hours}</table></dd>')
    parts = [
        '<article class="listing">',
        (
            f'<header class="listing-header"><h2 class="title">{escape(listing.name)}</h2>'
            f'<div class="tags">{_category_links(listing, "tag")}</div></header>'
        ),
        f'<dl class="details">{"".join(rows)}</dl>',
    ]
    if listing.rating is not None:
        parts.append(
            f'<div class="stars" title="{listing.rating} out of 5">'
            f"{'★' * round(listing.rating)}</div>"
            f'<span class="votes">({listing.review_count:,})</span>'
        )
    parts.append(
        f'<img class="static-map" alt="Map" '
        f'src="/static/map.png?center={listing.latitude},{listing.longitude}&amp;zoom=15">'
    )
    parts.append("</article>")
    return "", "\n".join(parts)
