"""Reading the structured parts of a page: JSON-LD blocks, microdata properties, clean text.

Plain `json.loads` of each `<script type="application/ld+json">` is used rather than extruct:
it is several times faster, and the sandbox pages need nothing extruct adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
DECIMAL = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")  # "-89.65", "1,234.5"


class UnknownLayout(ValueError):
    """The page is not one of the layouts this parser knows."""


def listing_id_from_url(url: str) -> str:
    """The last path segment: "/directory/biz/k3x9p2qa?x=1" -> "k3x9p2qa"."""
    listing_id = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if not listing_id:
        raise UnknownLayout(f"{url} has no listing id in its path")
    return listing_id


def json_ld_objects(page: Selector) -> Iterator[dict]:
    """Every JSON-LD object on the page: top-level objects, list members and @graph members.
    Blocks that are not valid JSON are skipped, as browsers and search engines do."""
    for text in _JSON_LD(page.root):
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                yield item
                yield from (node for node in item.get("@graph", []) if isinstance(node, dict))


def first_json_ld(page: Selector, wanted) -> dict | None:
    """The first JSON-LD object for which `wanted(object)` is true."""
    return next((item for item in json_ld_objects(page) if wanted(item)), None)


def text_of(node: Selector | None) -> str | None:
    """The element's text with whitespace collapsed; None when absent or empty."""
    if node is None:
        return None
    text = " ".join(node.xpath("string(.)").get("").split())
    return text or None


def first(page: Selector, css: str) -> Selector | None:
    found = page.css(css)
    return found[0] if found else None


def itemprop(scope: Selector, name: str) -> str | None:
    """A microdata property's value: `content`, `datetime`, `href` or the element's text."""
    found = scope.xpath(f'.//*[@itemprop="{name}"]')
    if not found:
        return None
    node = found[0]
    for attribute in ("content", "datetime", "href"):
        value = node.attrib.get(attribute)
        if value is not None:
            return value.strip()
    return text_of(node)


def to_float(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = DECIMAL.search(str(value))
    return float(match.group().replace(",", "")) if match else None


def to_int(value: object) -> int | None:
    """A count as a page writes it: 123, "1,234 ratings", "(21)"."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    match = NUMBER.search(str(value))
    return int(re.sub(r"\D", "", match.group())) if match else None


def absolute_urls(base: str, hrefs: list[str]) -> list[str]:
    """`urljoin(base, href)` for each href, without urljoin's cost for the common
    root-relative link ("/market/p/B0X", no dot segments to resolve)."""
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    return [
        origin + href
        if href.startswith("/") and not href.startswith("//") and "/." not in href
        else urljoin(base, href)
        for href in hrefs
    ]


# compiled once: Selector.xpath() compiles its query again on every call
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()', smart_strings=False)
