"""Reading a product from the visible page when structured data is missing or wrong.

What a shopper sees first: the product heading, the price near it and near the buy
button, availability phrases (en, de, fr, es, it, nl). Brand, ratings, pictures and
labelled values have modules of their own (`brand`, `ratings`, `images`,
`specifications`). Each finder returns its value with a confidence (0.5-0.7: a guess from
layout is worth less than markup the shop wrote for machines).
Reads no settings.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from pipelines.normalize import parse_price
from spiders.extraction.generic.fields import stated_availability
from spiders.extraction.generic.page import Page, clean_text

_CHROME = ("header", "nav", "footer", "aside")
_LOGO = re.compile(r"\blogo\b", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]\s+")

BUY_WORDS = re.compile(
    r"add[\s_-]*to[\s_-]*(?:cart|basket|bag|trolley)|buy[\s_-]*now|\bbuy\b|checkout|"
    r"in den (?:warenkorb|einkaufswagen)|warenkorb|kaufen|ajouter au panier|acheter|"
    r"a[ñn]adir al carrito|a[ñn]adir a la cesta|comprar|aggiungi al carrello|acquista|"
    r"in (?:de )?winkelwagen|toevoegen aan (?:winkelwagen|mandje)|bestellen",
    re.IGNORECASE,
)
# prices that are not the one the shopper pays now
_NOT_CURRENT = re.compile(
    r"(?<![a-z])(?:old|was|save|rrp|uvp|msrp|before)(?![a-z])|regular|strike|compare|original|"
    r"list[-_]?price|saving|discount|per[-_]?unit|unit[-_]?price|shipping|delivery|"
    r"instal?ment|monthly|advice",
    re.IGNORECASE,
)
_CURRENCY_TEXT = re.compile(
    r"[£$€¥₹₽₺₩]\s?\d|\d\s?(?:[£$€¥₹]|EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|zł|kr\b|Kč)", re.IGNORECASE
)
_PRICE_MARK = re.compile(r"price|preis|prix|precio|prezzo|prijs")
_STOCK_MARK = re.compile(r"availab|stock|lieferbar|verfugbar|verfügbar|dispon")


def in_chrome(element: etree._Element) -> bool:
    """True inside the site's navigation, or its header / footer / sidebar outside `<main>`.

    A header or aside within `<main>` or `<article>` belongs to the content (HTML5 sections).
    """
    chrome = False
    for ancestor in element.iterancestors():
        tag, role = ancestor.tag, ancestor.get("role")
        if tag == "nav" or role == "navigation":
            return True
        if tag in ("main", "article") or role == "main":
            return False
        if tag in _CHROME or role in ("banner", "contentinfo", "complementary"):
            chrome = True
    return chrome


def product_heading(page: Page) -> etree._Element | None:
    """The `<h1>` naming the product: not a logo, not in the site's chrome, most like the title."""
    title_words = set(
        re.findall(r"\w+", (page.title + " " + " ".join(page.meta.get("og:title", []))).lower())
    )
    best, best_score = None, -1.0
    for position, heading in enumerate(page.tree.iter("h1")):
        text = clean_text(heading.text_content())
        if not text or _LOGO.search(text) or in_chrome(heading) or not page.is_visible(heading):
            continue
        words = set(re.findall(r"\w+", text.lower()))
        if not words:  # "★", "—": no name
            continue
        score = len(words & title_words) / len(words) - position * 0.01
        if score > best_score:
            best, best_score = heading, score
    return best


def name_from_title(page: Page) -> str | None:
    """The page title without the shop's name: its longest separated segment comes first."""
    segments = [s.strip() for s in _TITLE_SEPARATORS.split(page.title) if s.strip()]
    return segments[0] if segments else None


def buy_button(page: Page) -> etree._Element | None:
    """The first visible add-to-cart / buy control."""
    for element in page.tree.iter("button", "input", "a"):
        if element.tag == "input" and element.get("type", "").lower() not in (
            "submit",
            "image",
            "button",
        ):
            continue
        label = " ".join(
            filter(
                None,
                [
                    element.text_content() if element.tag != "input" else "",
                    element.get("value"),
                    element.get("alt"),
                    element.get("title"),
                    element.get("aria-label"),
                    element.get("name"),
                ],
            )
        )
        if BUY_WORDS.search(label[:200]) and not in_chrome(element):
            return element
    return None


def _distance(page: Page, element, anchors) -> int:
    position = page.order.get(element)
    spots = [page.order[a] for a in anchors if a is not None and a in page.order]
    if position is None or not spots:
        return 10_000
    return min(abs(position - spot) for spot in spots)


def _crossed_out(element: etree._Element) -> bool:
    """True for a struck-through price, or one marked as old / list / unit / shipping price."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if node.tag in ("del", "s", "strike"):
            return True
        if depth <= 1 and _NOT_CURRENT.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        if node.tag in ("body", "form", "article", "section") or depth > 6:
            return False
    return False


def price_candidates(page: Page) -> list[tuple[Decimal, str | None, etree._Element, float]]:
    """(amount, currency as written, element, confidence) for each current-looking price."""
    found = []
    seen: set[etree._Element] = set()
    for element in page.marked(_PRICE_MARK):
        if element.tag in ("option", "select"):
            continue
        text = clean_text(element.get("content") or element.text_content())
        if not text or len(text) > 60:
            continue
        parsed = parse_price(text)
        amount, currency = parsed.amount, parsed.currency_text
        if amount is None or amount <= 0 or _crossed_out(element):
            continue
        if currency is None and not re.fullmatch(r"[\d.,\s]+", text):
            continue  # a number in a price box that is not a price ("Call 0113 277 0634")
        confidence = 0.7 if element.get("itemprop") == "price" else 0.6
        found.append((amount, currency, element, confidence))
        seen.add(element)
    for element, text in page.texts(_CURRENCY_TEXT):
        if element in seen or element.tag in ("option", "select") or len(text) > 60:
            continue
        parsed = parse_price(text)
        amount, currency = parsed.amount, parsed.currency_text
        if amount is None or amount <= 0 or currency is None or _crossed_out(element):
            continue
        found.append((amount, currency, element, 0.5))
        seen.add(element)
    # a price box holding a price element is the same price twice: keep the inner one
    containers = {a for c in found for a in list(c[2].iterancestors())[:6] if a in seen}
    return [candidate for candidate in found if candidate[2] not in containers]


def main_price(page: Page, heading, button) -> tuple[Decimal, str | None, float] | None:
    """The price nearest the product heading and the buy button, with a confidence."""
    candidates = price_candidates(page)
    if not candidates:
        return None
    anchors = [a for a in (heading, button) if a is not None]

    def rank(candidate):
        distance = _distance(page, candidate[2], anchors) if anchors else 0
        bucket = 0 if distance <= 40 else 1 if distance <= 150 else 2 if distance <= 600 else 3
        return (bucket, -candidate[3], distance)

    amount, currency, element, confidence = min(candidates, key=rank)
    if anchors and _distance(page, element, anchors) > 150:
        confidence -= 0.1
    if currency is None:
        currency = _nearby_currency(page, element)
    return amount, currency, confidence


def _nearby_currency(page: Page, element) -> str | None:
    scope = element.getparent() if element.getparent() is not None else element
    for node in scope.iter():
        value = node.get("content") if node.get("itemprop") == "priceCurrency" else None
        if value:
            return value
    found = page.meta_value("product:price:currency", "og:price:currency")
    return found[1] if found else None


def availability_on_page(page: Page, near) -> tuple[str, float] | None:
    """An availability phrase in a stock/availability element, else beside the buy button."""
    anchors = [a for a in near if a is not None]
    elements = [e for e in page.marked(_STOCK_MARK) if not in_chrome(e)]
    elements.sort(key=lambda e: _distance(page, e, anchors) if anchors else 0)
    for element in elements[:20]:
        state = stated_availability(clean_text(element.text_content())[:200])
        if state:
            return state, 0.6
    state = stated_availability(page.text_near(anchors, span=30))
    return (state, 0.5) if state else None


def name_element(page: Page, name: str | None) -> etree._Element | None:
    """The visible element whose own text is the product name (when there is no `<h1>`)."""
    if not name:
        return None
    for element in page.tree.xpath("//body//*[normalize-space(text()) = $name]", name=name):
        if element.tag not in ("option", "script", "title", "a") and not in_chrome(element):
            return element
    return None


def distance(page: Page, element, anchors) -> int:
    """Elements between `element` and the nearest of `anchors`, in document order."""
    return _distance(page, element, anchors)
