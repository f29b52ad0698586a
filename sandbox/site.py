"""The whole sandbox web as a dict of pages, rendered once from a world.

Per-site modules render their own pages (directory, maps, marketplace, the businesses'
own websites, truth); this module adds the home page and robots.txt and merges them.
`render_site` is cached, so tests that start several servers on one world render it once.
What cannot be rendered ahead (the maps search, whose queries are free text, and the
delayed assets) is served by `site_routes`.
"""

from __future__ import annotations

import functools
import logging
import time

from aiohttp import web

from sandbox.assets import asset_routes
from sandbox.directory import render_directory
from sandbox.html import TEXT, Page, html_page
from sandbox.maps import maps_routes, render_maps
from sandbox.marketplace import render_marketplace
from sandbox.missing_fields import without_fields
from sandbox.site_pages import render_business_sites
from sandbox.truth import render_truth
from sandbox.world import build_world

log = logging.getLogger(__name__)

ROBOTS_TXT = b"User-agent: *\nDisallow: /_truth/\n"


@functools.lru_cache(maxsize=2)
def render_site(
    seed: int = 7, businesses: int = 600, products: int = 600, drop_fields: tuple[str, ...] = ()
) -> dict[str, Page]:
    """Every page of the sandbox for this world, keyed by canonical URL (see html.page_key);
    `drop_fields` are left out of most pages (see sandbox.missing_fields)."""
    started = time.perf_counter()
    world = without_fields(build_world(seed, businesses, products), drop_fields)
    built = time.perf_counter()
    pages = {
        "/": _home_page(),
        "/robots.txt": Page(ROBOTS_TXT, TEXT),
        **render_directory(world.directory_listings),
        **render_maps(world.maps_listings),
        **render_marketplace(world.products, world.market_listings),
        **render_business_sites(list(world.business_sites)),
        **render_truth(world),
    }
    log.info(
        "sandbox world seed=%d: %d businesses, %d products; built in %.1fs, %d pages (%.0f MB) "
        "rendered in %.1fs",
        seed,
        businesses,
        products,
        built - started,
        len(pages),
        sum(len(page.body) for page in pages.values()) / 1e6,
        time.perf_counter() - built,
    )
    return pages


def _home_page() -> Page:
    return html_page(
        "Sandbox",
        """<h1>Sandbox</h1>
<ul class="sites">
<li><a href="/directory/">Business directory</a></li>
<li><a href="/maps">Maps</a></li>
<li><a href="/market/">Marketplace</a></li>
</ul>""",
    )


def site_routes(
    seed: int = 7, businesses: int = 600, products: int = 600, asset_delay: float = 0.1
) -> list[web.RouteDef]:
    """The dynamic routes of the sandbox: the maps search API and the delayed assets."""
    world = build_world(seed, businesses, products)
    return [*maps_routes(world.maps_listings), *asset_routes(asset_delay)]
