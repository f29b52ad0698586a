"""A parsed page indexed in one walk: elements by id, by class and by tag, and its JSON-LD.

Parsers that run on every page of a crawl read their fields from here. Reading a dozen
fields through `Selector.css()` translates, compiles and evaluates a query per field (about
20 µs each even on a small page, plus a Selector wrapped around every match); one walk over
a plain lxml tree (no lxml.html element classes, whose per-element lookup costs as much as
the walk) indexes everything those queries would have looked for. On the sandbox's product
pages the whole parse takes about a third of the CPU of reading them through one
Selector.css() per field (bench/parsing.py prints both). Elements by tag are not indexed:
parsers ask for one or two tags a page, and lxml's own `iter(tag)` finds them in C faster
than the walk could file every element by its tag.

CSS it stands for: `#id` -> by_id, `.name` -> with_class(name), `.outer .name` ->
with_class(name, inside="outer"), `tag` -> tagged(tag).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from lxml import etree

JSON_LD = "application/ld+json"


def parse_html(html: str) -> etree._Element:
    """The page's tree (as parsel parses it: NULs dropped, an empty page an empty <html>)."""
    body = html.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    root = etree.fromstring(body, parser=etree.HTMLParser(encoding="utf-8", recover=True))
    return root if root is not None else etree.fromstring(b"<html/>", etree.HTMLParser())


# the element's string value (its text and its descendants', comments left out, as
# itertext() gives it) built in C: about half the CPU of joining itertext() in Python
_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def element_text(element: etree._Element | None) -> str | None:
    """The element's text, descendants included, whitespace collapsed; None when empty."""
    if element is None:
        return None
    return " ".join(_STRING_VALUE(element).split()) or None


def has_class(element: etree._Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


class PageIndex:
    """The elements of one page, found by id and class without another walk (and by tag)."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.ids: dict[str, etree._Element] = {}
        self.classes: dict[str, list[etree._Element]] = defaultdict(list)
        for element in root.iter(etree.Element):  # elements only: no comments
            attributes = element.attrib
            if "id" in attributes:
                self.ids.setdefault(attributes["id"], element)  # the first, as #id matches
            if "class" in attributes:
                for name in attributes["class"].split():
                    self.classes[name].append(element)

    @classmethod
    def of(cls, html: str) -> PageIndex:
        return cls(parse_html(html))

    def by_id(self, element_id: str) -> etree._Element | None:
        return self.ids.get(element_id)

    def with_class(self, name: str, inside: str | None = None) -> list[etree._Element]:
        """Elements of class `name` (in document order), only those within an element of
        class `inside` when given."""
        found = self.classes.get(name, [])
        if inside is None:
            return found
        return [e for e in found if any(has_class(a, inside) for a in e.iterancestors())]

    def first_text(self, name: str, inside: str | None = None) -> str | None:
        found = self.with_class(name, inside)
        return element_text(found[0]) if found else None

    def tagged(self, tag: str) -> list[etree._Element]:
        """The elements named `tag`, in document order."""
        return list(self.root.iter(tag))

    def json_ld(self) -> Iterator[dict]:
        """Every JSON-LD object: top-level objects, list members and @graph members; blocks
        that are not valid JSON are skipped (as markup.json_ld_objects does)."""
        for script in self.tagged("script"):
            if script.get("type") != JSON_LD or not script.text:
                continue
            try:
                data = json.loads(script.text)
            except ValueError:
                continue
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict):
                    yield item
                    yield from (node for node in item.get("@graph", []) if isinstance(node, dict))
