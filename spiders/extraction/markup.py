"""Reading the structured parts of a page: JSON-LD blocks, microdata properties, clean text.

Plain `json.loads` of each `<script type="application/ld+json">` is used rather than extruct:
it is several times faster, and the sandbox pages need nothing extruct adds.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath

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


# -- fast paths for parsers that run on every page of a crawl ------------------------------
# Selector.css() translates its query to XPath, compiles it and wraps every match in a new
# Selector on each call; on a small product page those dozen calls cost several times the
# parse itself. These helpers compile each query once and work on lxml elements.

_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()', smart_strings=False)
_STRING = etree.XPath("string()", smart_strings=False)


@functools.lru_cache(maxsize=512)
def compiled_css(query: str) -> etree.XPath:
    """A CSS query (parsel's dialect: `::text`, `::attr(name)`) compiled once into an XPath."""
    return etree.XPath(css2xpath(query), smart_strings=False)


def select(root: etree._Element, query: str) -> list:
    """Elements (or strings, for ::text and ::attr) matching a CSS query under `root`."""
    return compiled_css(query)(root)


def element_text(element: etree._Element | None) -> str | None:
    """`text_of` for an lxml element: its text, whitespace collapsed; None when empty."""
    if element is None:
        return None
    return " ".join(_STRING(element).split()) or None


def first_text(root: etree._Element, query: str) -> str | None:
    """The text of the first element matching a CSS query, or None."""
    found = compiled_css(query)(root)
    return element_text(found[0]) if found else None


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
