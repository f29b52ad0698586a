"""What every sandbox page shares: the page record, the layout, and canonical page keys.

A page is rendered once into bytes and stored under its key: the path, plus the query
parameters that select content (category, city, page) in a fixed order, page 1 left out.
Renderers build links with `page_url`, and the server turns a request into the same key
with `page_key`, so "/directory/search?page=2&city=peoria" and
"/directory/search?city=peoria&page=2" are one page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import NamedTuple

PAGE_PARAMS = ("category", "city", "page")
HTML = "text/html"
JSON = "application/json"
TEXT = "text/plain"


class Page(NamedTuple):
    body: bytes
    content_type: str
    status: int = 200


def page_key(path: str, query: Mapping[str, str]) -> str:
    """The key a page is stored under, from a request's path and query parameters."""
    params = [(name, query[name]) for name in PAGE_PARAMS if query.get(name)]
    params = [(name, value) for name, value in params if (name, value) != ("page", "1")]
    if not params:
        return path
    return path + "?" + "&".join(f"{name}={value}" for name, value in params)


def page_url(path: str, **params: str | int | None) -> str:
    """The canonical URL of a page; the same string `page_key` makes from a request for it."""
    return page_key(path, {name: str(value) for name, value in params.items() if value is not None})


def html_page(title: str, body: str, head: str = "") -> Page:
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
{head}</head>
<body>
<header class="site-header"><a href="/">Sandbox</a> · <a href="/directory/">Directory</a> · <a href="/market/">Marketplace</a></header>
<main>
{body}
</main>
<footer class="site-footer">A generated world for testing trawl.</footer>
</body>
</html>
"""
    return Page(document.encode(), HTML)


def json_ld(data: object) -> str:
    """A JSON-LD script block; "</" is escaped so the JSON cannot close the script early."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>\n'


def json_page(data: object) -> Page:
    return Page(json.dumps(data, ensure_ascii=False, indent=1).encode(), JSON)


def pagination(path: str, page: int, pages: int, **params: str | None) -> str:
    """The "Page N of M" bar with rel=prev / rel=next links."""
    links = [f'<span class="page-info">Page {page} of {pages}</span>']
    if page > 1:
        href = page_url(path, **params, page=page - 1)
        links.insert(0, f'<a rel="prev" class="prev" href="{escape(href)}">Previous</a>')
    if page < pages:
        href = page_url(path, **params, page=page + 1)
        links.append(f'<a rel="next" class="next" href="{escape(href)}">Next</a>')
    return '<nav class="pagination">' + " ".join(links) + "</nav>"


def chunks(items: list, size: int) -> list[list]:
    """`items` in pages of `size`; an empty list still makes one (empty) page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]
