"""Marketplace product pages that show their price and availability only through JavaScript.

About SHARE_PERCENT% of product pages, chosen by a hash of the listing id (so the choice is
stable and no random stream changes), are served with an empty price block: an inline
script fetches `/market/api/price/<listing_id>` and writes the price text and availability
words in. Their JSON-LD (when the listing has one) carries no price either. A crawler that
reads the HTML finds no price; a browser finds the same text the other pages show, so the
truth is unchanged. These pages also load what script-heavy shop pages load: the shared
stylesheet (and with it the web fonts) and a "Customers also viewed" strip of product
photos (`recommendations`), all answered after the sandbox's asset delay.

URLs: /market/api/price/<listing_id> -> {"price_text": "1.299,99 €", "availability_text": "In stock"}
"""

from __future__ import annotations

import json
import zlib

from sandbox.html import Page, json_page

SHARE_PERCENT = 15
RECOMMENDED = 8  # photos in the "Customers also viewed" strip
STYLESHEET_LINK = '<link rel="stylesheet" href="/static/sandbox.css">\n'


def shows_price_by_script(listing_id: str) -> bool:
    """Whether the listing's page leaves its price to a script."""
    return zlib.crc32(f"script-price:{listing_id}".encode()) % 100 < SHARE_PERCENT


def price_api_url(listing_id: str) -> str:
    return f"/market/api/price/{listing_id}"


def price_script(listing_id: str) -> str:
    """The inline script that fetches the offer and fills the price block and availability."""
    url = json.dumps(price_api_url(listing_id))
    return f"""<script>
fetch({url})
  .then((response) => response.json())
  .then((offer) => {{
    document.querySelector(".price-block .price").textContent = offer.price_text;
    document.getElementById("availability").textContent = offer.availability_text;
  }});
</script>"""


def recommendations(listing_id: str) -> str:
    """The "Customers also viewed" strip: photos only (no links, so crawlers follow nothing)."""
    photos = "".join(
        f'<li><img class="recommendation" src="/market/img/{listing_id}-r{n}.jpg" alt=""></li>'
        for n in range(1, RECOMMENDED + 1)
    )
    return (
        '<section class="recommendations"><h2>Customers also viewed</h2>'
        f"<ul>{photos}</ul></section>"
    )


def price_api_page(price_text: str, availability_text: str) -> Page:
    return json_page({"price_text": price_text, "availability_text": availability_text})
