"""One parsed page, shared by every extraction step: parse the HTML once, ask it many things.

`Page.parse(html, url)` builds the lxml tree; everything else (meta tags, document order,
the page's country, structured data) is computed on first use and cached, so a step that
needs nothing heavy costs nothing heavy. Reads no settings.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from urllib.parse import urljoin, urlsplit

import lxml.html
import tldextract
from lxml import etree
from w3lib.encoding import html_to_unicode

from pipelines.normalize import registered_domain as normalized_domain

# the bundled public-suffix snapshot: never fetch the list over the network
_DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# country-code TLDs that are not the country's ISO code, or are used generically
_TLD_COUNTRY = {"uk": "GB", "su": None, "io": None, "co": None, "tv": None, "me": None, "ai": None}
_LANG_REGION = re.compile(r"^[a-z]{2,3}[-_]([A-Za-z]{2})\b")
_SPACES = re.compile(r"\s+")
# elements whose text a visitor never reads
_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"}
_HIDDEN_CLASS = re.compile(
    r"(?<![\w-])(?:hidden|hide|d-none|is-hidden|display-none|invisible)(?![\w-])", re.IGNORECASE
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """The text of an HTML document from its bytes, honouring its declared charset."""
    _, text = html_to_unicode(content_type, body)
    return text


def clean_text(text: str | None) -> str:
    """Whitespace collapsed, ends stripped; '' for None."""
    return _SPACES.sub(" ", text or "").strip()


def country_from_host(host: str) -> str | None:
    """The ISO country a host's country-code TLD names (`shop.co.uk` -> GB), or None."""
    suffix = _DOMAINS(host).suffix
    last = suffix.rsplit(".", 1)[-1].lower() if suffix else ""
    if len(last) != 2:
        return None
    return _TLD_COUNTRY.get(last, last.upper())


def registered_domain(url_or_host: str) -> str:
    """`https://www.shop.co.uk/x` -> `shop.co.uk` (`pipelines.normalize.registered_domain`);
    a host it gives none for (an IP address, `localhost`) stands for itself."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    return normalized_domain(url_or_host) or (host or "").lower()


class Page:
    """An HTML page and its URL, parsed once."""

    def __init__(self, tree: lxml.html.HtmlElement, url: str, source: bytes = b""):
        self.tree = tree
        self.url = url
        self.source = source  # the UTF-8 bytes parsed, kept for the rare second (RDFa) parse

    @classmethod
    def parse(cls, html: str | bytes, url: str) -> Page:
        if isinstance(html, bytes):
            html = decode_html(html)
        # bytes, because lxml refuses str input that carries an XML encoding declaration
        source = html.encode("utf-8", "replace") if html.strip() else b"<html></html>"
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        try:
            tree = lxml.html.document_fromstring(source, parser=parser)
        except etree.ParserError:  # nothing but whitespace or comments
            tree = lxml.html.document_fromstring(b"<html></html>", parser=parser)
        return cls(tree, url, source)

    # --- addresses -------------------------------------------------------------------------

    @cached_property
    def base_url(self) -> str:
        base = self.tree.xpath("//base/@href")
        return urljoin(self.url, base[0].strip()) if base else self.url

    def absolute(self, href: str | None) -> str | None:
        """`href` resolved against the page, or None for empty, script and data links."""
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "data:", "#")):
            return None
        return urljoin(self.base_url, href)

    @cached_property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @cached_property
    def domain(self) -> str:
        return registered_domain(self.host)

    @cached_property
    def canonical_url(self) -> str | None:
        found = self.tree.xpath("//link[@rel='canonical']/@href") or self.meta.get("og:url", [])
        return self.absolute(found[0]) if found else None

    # --- what the head says ----------------------------------------------------------------

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """`<meta>` contents by lowercased property / name / itemprop, in document order."""
        found: dict[str, list[str]] = {}
        for element in self.tree.iter("meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            content = element.get("content")
            if key and content is not None and content.strip():
                found.setdefault(key.strip().lower(), []).append(content.strip())
        return found

    def meta_value(self, *keys: str) -> tuple[str, str] | None:
        """The first (key, content) among `keys` that the page has."""
        for key in keys:
            if key in self.meta:
                return key, self.meta[key][0]
        return None

    @cached_property
    def title(self) -> str:
        found = self.tree.find(".//title")
        return clean_text(found.text_content()) if found is not None else ""

    @cached_property
    def language(self) -> str | None:
        lang = self.tree.get("lang") or self.tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        lang = lang or (self.meta.get("og:locale") or [None])[0]
        return lang.strip().replace("_", "-") if lang and lang.strip() else None

    @cached_property
    def country(self) -> str | None:
        """The country the page is for: its host's ccTLD, else its locale's region."""
        from_host = country_from_host(self.host)
        if from_host:
            return from_host
        match = _LANG_REGION.match(self.language or "")
        return match.group(1).upper() if match else None

    # --- the body --------------------------------------------------------------------------

    @cached_property
    def index(self) -> PageIndex:
        return PageIndex.build(self.tree)

    @property
    def order(self) -> dict[etree._Element, int]:
        """Each visible element's position in document order, for 'how near is X to Y'."""
        return self.index.order

    def is_visible(self, element: etree._Element) -> bool:
        """False inside script/style/head and the like, or under a hidden element."""
        return element in self.index.order

    def marked(self, pattern: re.Pattern) -> list[etree._Element]:
        """Visible elements whose class, id or itemprop matches `pattern` (lowercase)."""
        return [element for element, marks in self.index.marked if pattern.search(marks)]

    def texts(self, pattern: re.Pattern) -> list[tuple[etree._Element, str]]:
        """(element showing it, text) for each short visible text matching `pattern`."""
        return [(element, text) for element, text in self.index.texts if pattern.search(text)]

    def text_near(self, anchors: list, span: int = 40) -> str:
        """The visible text within `span` elements of any anchor, in document order."""
        spots = [self.index.order[a] for a in anchors if a is not None and a in self.index.order]
        if not spots:
            return ""
        positions = self.index.text_positions
        parts: list[str] = []
        for spot in sorted(spots):
            start = bisect.bisect_left(positions, spot - span)
            end = bisect.bisect_right(positions, spot + span)
            parts.extend(text for _, text in self.index.texts[start:end])
        return " ".join(dict.fromkeys(parts))

    def visible_text(self, element: etree._Element | None = None, limit: int = 100_000) -> str:
        """The readable text under `element` (the whole body by default), one space apart.

        Stops after about `limit` characters: callers look for contacts and phrases, and a
        huge page's tail is rarely where they are.
        """
        if element is None:
            body = self.tree.find("body")
            element = body if body is not None else self.tree
        parts: list[str] = []
        _collect_text(element, parts, [0], limit)
        return clean_text(" ".join(parts))

    @cached_property
    def structured(self):
        """Schema.org and OpenGraph data on the page (see `structured.read_structured_data`)."""
        from spiders.extraction.generic.structured import read_structured_data

        return read_structured_data(self)


class PageIndex:
    """One walk over the visible body: document order, marked elements, short texts.

    Heuristics ask "which elements have 'price' in their class" or "which texts look like
    a price" many times; one walk in Python and regular expressions over the results cost
    a fraction of as many XPath queries on a big page.
    """

    SHORT_TEXT = 300

    def __init__(self) -> None:
        self.order: dict[etree._Element, int] = {}
        self.marked: list[tuple[etree._Element, str]] = []  # (element, "class id itemprop")
        self.texts: list[tuple[etree._Element, str]] = []  # (element showing it, text)
        self.text_positions: list[int] = []  # document position of each text's element

    @classmethod
    def build(cls, tree: etree._Element) -> PageIndex:
        index = cls()
        body = tree.find("body")
        root = body if body is not None else tree
        index.order[tree] = 0
        order, marked, texts, positions = (
            index.order,
            index.marked,
            index.texts,
            index.text_positions,
        )
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            if event == "start":
                if not _shown(element):
                    walker.skip_subtree()  # its tail is still read at its "end"
                    continue
                order[element] = len(order)
                attributes = element.attrib
                if attributes:
                    classes, ident = attributes.get("class"), attributes.get("id")
                    prop = attributes.get("itemprop")
                    if classes or ident or prop:
                        marks = f"{classes or ''} {ident or ''} {prop or ''}".lower()
                        marked.append((element, marks))
                text = element.text
                if text and len(text) < cls.SHORT_TEXT and not text.isspace():
                    texts.append((element, text.strip()))
                    positions.append(len(order))
            elif element is not root:
                tail = element.tail
                if tail and len(tail) < cls.SHORT_TEXT and not tail.isspace():
                    texts.append((element.getparent(), tail.strip()))
                    positions.append(len(order))
        return index


def _shown(element: etree._Element) -> bool:
    """False for script/style/head-like elements and ones hidden by attribute, style or the
    usual CSS-framework classes (a theme's "Sold out" message waiting to be shown)."""
    if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
        return False
    if element.get("hidden") is not None:
        return False
    classes = element.get("class")
    if classes and _HIDDEN_CLASS.search(classes):
        return False
    style = element.get("style")
    return not style or not _HIDDEN_STYLE.search(style)


def _collect_text(element: etree._Element, parts: list[str], size: list[int], limit: int) -> None:
    if element.text:
        parts.append(element.text)
        size[0] += len(element.text)
    for child in element:
        if size[0] > limit:
            return
        if _shown(child):
            _collect_text(child, parts, size, limit)
        if child.tail:
            parts.append(child.tail)
            size[0] += len(child.tail)
