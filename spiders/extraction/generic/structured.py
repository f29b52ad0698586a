"""Schema.org data embedded in a page (JSON-LD, microdata, RDFa), read with extruct into one shape.

Every item becomes a plain dict: `@type` is a list of short type names (`Product`, not
`http://schema.org/Product`), property names lose their vocabulary prefix, `@graph` members
are items of their own, and `{"@id": ...}` references resolve through `StructuredData.values`.
Microdata items keep their element under `@element`, so heuristics can look near them.

JSON-LD and microdata are cheap and always read. RDFa needs a second, DOM-style parse and is
about a hundred times slower, so it is read only on request (`include_rdfa`), and only when
the page carries RDFa attributes at all. OpenGraph and other `<meta>` tags come from
`Page.meta`. Reads no settings.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.rdfa import RDFaExtractor
from extruct.utils import parse_xmldom_html
from extruct.w3cmicrodata import LxmlMicrodataExtractor

log = logging.getLogger(__name__)

_VOCAB_PREFIX = re.compile(r"^(?:https?://(?:www\.)?schema\.org/|schema:)", re.IGNORECASE)
# WebPage properties naming what the page is about, and what merely publishes it
_MAIN_KEYS = ("mainEntity", "about", "mainEntityOfPage")
_PUBLISHER_KEYS = ("publisher", "copyrightHolder", "provider", "creator", "isPartOf", "author")


def short_name(name: str) -> str:
    """`http://schema.org/InStock` -> `InStock`; `schema:name` -> `name`."""
    name = _VOCAB_PREFIX.sub("", str(name).strip())
    return re.split(r"[/#]", name)[-1] if "://" in name else name


def as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class StructuredData:
    """The schema.org items of one page, in document order (JSON-LD first, then microdata)."""

    def __init__(self, items: list[dict], page=None):
        self.items = items
        self._page = page
        self.rdfa_read = False
        self._index()

    def _index(self) -> None:
        self._nodes: list[dict] | None = None
        self.by_id: dict[str, dict] = {}
        for node in self.nodes():
            if "@id" in node and len(node) > 1:
                self.by_id.setdefault(str(node["@id"]), node)
        self.main_ids: set[str] = set()
        self.publisher_ids: set[str] = set()
        for node in self.nodes():
            if not types_of(node) & {"WebPage", "ItemPage", "ProfilePage", "AboutPage"}:
                continue
            for key, ids in ((_MAIN_KEYS, self.main_ids), (_PUBLISHER_KEYS, self.publisher_ids)):
                for name in key:
                    for value in as_list(node.get(name)):
                        if isinstance(value, dict) and "@id" in value:
                            ids.add(str(value["@id"]))
        for node in self.nodes():
            for name in ("publisher", "copyrightHolder"):
                for value in as_list(node.get(name)):
                    if isinstance(value, dict) and "@id" in value:
                        self.publisher_ids.add(str(value["@id"]))
        self.publisher_ids -= self.main_ids

    def include_rdfa(self) -> bool:
        """Add the page's RDFa items (once); True when any were found."""
        if self.rdfa_read or self._page is None:
            return False
        self.rdfa_read = True
        if not self._page.tree.xpath("boolean(//*[@typeof or @vocab])"):
            return False
        rdfa = read_rdfa(self._page)
        if rdfa:
            self.items.extend(rdfa)
            self._index()
        return bool(rdfa)

    def nodes(self) -> list[dict]:
        """Every item and every dict nested in one, depth first, each once."""
        if self._nodes is None:
            self._nodes = list(self._walk())
        return self._nodes

    def _walk(self) -> Iterator[dict]:
        seen: set[int] = set()
        stack = list(reversed(self.items))
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield node
            children = [
                child
                for key, value in node.items()
                if key != "@element"
                for child in as_list(value)
                if isinstance(child, dict)
            ]
            stack.extend(reversed(children))

    def of_types(self, wanted: Iterable[str]) -> list[dict]:
        wanted = set(wanted)
        return [node for node in self.nodes() if types_of(node) & wanted]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def values(self, node: dict, key: str) -> list:
        """The values of `node[key]` as a list, references resolved."""
        return [self.resolve(value) for value in as_list(node.get(key))]

    def first(self, node: dict, *keys: str) -> Any:
        for key in keys:
            for value in self.values(node, key):
                if value not in (None, "", [], {}):
                    return value
        return None

    def text(self, node: dict, *keys: str) -> str | None:
        """The first value of `keys` as text: a nested item gives its `name` or `@value`."""
        return self.as_text(self.first(node, *keys))

    def as_text(self, value: Any) -> str | None:
        """One value as text: a nested item gives its `name` or `@value`; None if empty."""
        value = self.resolve(value)
        if isinstance(value, dict) and set(value) == {"@id"}:
            # an RDFa link or image (`<link property="availability" href=...>`): its address
            value = None if str(value["@id"]).startswith("_:") else value["@id"]
        if isinstance(value, dict):
            value = value.get("@value", value.get("name"))
            value = as_list(value)[0] if isinstance(value, list) and value else value
        if value is None or isinstance(value, (dict, list)):
            return None
        text = re.sub(r"\s+", " ", str(value)).strip()
        return text or None


def types_of(node: dict) -> set[str]:
    return {short_name(t) for t in as_list(node.get("@type")) if isinstance(t, str)}


def read_structured_data(page) -> StructuredData:
    """JSON-LD and microdata items of `page` (RDFa later, on request)."""
    items: list[dict] = []
    try:
        for item in JsonLdExtractor().extract_items(page.tree, base_url=page.base_url):
            for node in as_list(item):
                items.extend(_from_jsonld_top(node))
    # extruct and the parsers under it raise many kinds of errors on broken markup; a page's
    # broken markup must not stop the extraction of what else it says
    except Exception as error:  # noqa: BLE001
        log.debug("unreadable JSON-LD on %s: %s", page.url, error)
    try:
        extractor = LxmlMicrodataExtractor(add_html_node=True)
        for item in extractor.extract_items(page.tree, page.base_url):
            items.append(_from_microdata(item))
    except Exception as error:  # noqa: BLE001
        log.debug("unreadable microdata on %s: %s", page.url, error)
    return StructuredData(items, page)


def read_rdfa(page) -> list[dict]:
    """RDFa items of `page`, converted from extruct's expanded JSON-LD."""
    try:
        document = parse_xmldom_html(page.source, encoding="utf-8")
        expanded = RDFaExtractor().extract_items(document, base_url=page.base_url)
    except Exception as error:  # noqa: BLE001
        log.debug("unreadable RDFa on %s: %s", page.url, error)
        return []
    nodes = [_from_rdfa(node) for node in expanded if isinstance(node, dict)]
    referenced = {
        str(value["@id"])
        for node in nodes
        for key, values in node.items()
        if not key.startswith("@")
        for value in as_list(values)
        if isinstance(value, dict) and "@id" in value
    }
    typed = [node for node in nodes if node.get("@type")]
    top = [node for node in typed if str(node.get("@id")) not in referenced]
    # referenced nodes stay reachable through the top ones once StructuredData indexes them
    return top + [node for node in nodes if str(node.get("@id")) in referenced]


def _from_jsonld_top(node: Any) -> list[dict]:
    if not isinstance(node, dict):
        return []
    graph = node.get("@graph")
    if graph is not None:
        return [_from_jsonld(member) for member in as_list(graph) if isinstance(member, dict)]
    return [_from_jsonld(node)]


def _from_jsonld(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_jsonld(member) for member in value]
    if not isinstance(value, dict):
        return value
    node: dict[str, Any] = {}
    for key, member in value.items():
        if key == "@type":
            node["@type"] = [short_name(t) for t in as_list(member) if isinstance(t, str)]
        elif key.startswith("@"):
            node[key] = member
        else:
            node[short_name(key)] = _from_jsonld(member)
    return node


def _from_microdata(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_microdata(member) for member in value]
    if not isinstance(value, dict) or "properties" not in value:
        return value
    node: dict[str, Any] = {"@type": [short_name(t) for t in as_list(value.get("type"))]}
    if value.get("id"):
        node["@id"] = value["id"]
    if value.get("htmlNode") is not None:
        node["@element"] = value["htmlNode"]
    for key, member in value["properties"].items():
        node[short_name(key)] = _from_microdata(member)
    return node


def _from_rdfa(value: dict) -> dict:
    node: dict[str, Any] = {}
    for key, members in value.items():
        if key == "@type":
            node["@type"] = [short_name(t) for t in as_list(members)]
        elif key == "@id":
            node["@id"] = members
        elif _VOCAB_PREFIX.match(key):
            converted = [
                member["@value"] if isinstance(member, dict) and "@value" in member else member
                for member in as_list(members)
            ]
            node[short_name(key)] = converted[0] if len(converted) == 1 else converted
    return node
