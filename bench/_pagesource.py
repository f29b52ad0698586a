"""A marketplace of any size at almost no cost: the page source of bench/memory.py.

    .venv/bin/python -m bench._pagesource PORT PAGES

The sandbox renders every page of its world up front (100,000 products take minutes and
gigabytes). This server renders a small sandbox world once (200 products) and serves a
marketplace of PAGES product pages in the sandbox's own markup: /market/ links one
category, /market/c/all?page=N lists 24 product pages and the next listing, and
/market/p/S<number> is one of the real product pages (number modulo their count; the
listing id the spider stores comes from the URL, so every page is a distinct offer).
Product pages that show their price only by script are left out of the templates.
/_served answers {"products": <product pages served so far>}, for sampling progress.
"""

from __future__ import annotations

import json
import sys
from html import escape

from aiohttp import web

from sandbox.script_prices import shows_price_by_script
from sandbox.site import render_site

PER_PAGE = 24


def product_templates() -> list[bytes]:
    pages = render_site(7, 0, 200)
    return [
        page.body
        for path, page in pages.items()
        if path.startswith("/market/p/") and not shows_price_by_script(path.rsplit("/", 1)[1])
    ]


def html(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
            f"</title></head><body><main>{body}</main></body></html>").encode()  # fmt: skip


def listing_page(number: int, pages: int) -> bytes:
    first = (number - 1) * PER_PAGE
    links = "".join(
        f'<li><a class="product-link" href="/market/p/S{index:09d}">Product {index}</a></li>'
        for index in range(first, min(first + PER_PAGE, pages))
    )
    more = first + PER_PAGE < pages
    next_link = f'<a rel="next" class="next" href="/market/c/all?page={number + 1}">Next</a>'
    return html(f"All products, page {number}", f"<ul>{links}</ul>{next_link if more else ''}")


def build_app(pages: int) -> web.Application:
    templates = product_templates()
    served = {"products": 0}
    headers = {"Content-Type": "text/html; charset=utf-8"}
    home = html("Marketplace", '<a class="department" href="/market/c/all">All</a>')

    async def market(request: web.Request) -> web.Response:
        return web.Response(body=home, headers=headers)

    async def category(request: web.Request) -> web.Response:
        number = int(request.query.get("page", "1"))
        return web.Response(body=listing_page(number, pages), headers=headers)

    async def product(request: web.Request) -> web.Response:
        index = int(request.match_info["number"])
        if index >= pages:
            raise web.HTTPNotFound()
        served["products"] += 1
        return web.Response(body=templates[index % len(templates)], headers=headers)

    async def progress(request: web.Request) -> web.Response:
        return web.Response(text=json.dumps(served), content_type="application/json")

    app = web.Application()
    app.router.add_get("/", market)
    app.router.add_get("/market/", market)
    app.router.add_get("/market/c/all", category)
    app.router.add_get(r"/market/p/S{number:\d+}", product)
    app.router.add_get("/_served", progress)
    return app


def main() -> None:
    port, pages = int(sys.argv[1]), int(sys.argv[2])
    web.run_app(build_app(pages), host="127.0.0.1", port=port, access_log=None,
                print=None)  # fmt: skip


if __name__ == "__main__":
    main()
