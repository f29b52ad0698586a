"""Reading a business from the visible page when structured data is missing.

`tel:` and `mailto:` links, e-mails and phone numbers written in contact and address
blocks, `<address>` elements, coordinates in meta tags and map links, category lists,
opening-hours blocks. On a page about another business (a directory or review site), the
site's own header and footer, and e-mails at the site's own domain, belong to the site and
are skipped. Reads no settings.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from lxml import etree

from spiders.extraction.generic.addresses import address_from_text
from spiders.extraction.generic.contacts import (
    contact_email,
    emails_in_text,
    merge_phones,
    phone_entry,
    phones_in_text,
)
from spiders.extraction.generic.heuristics import in_chrome
from spiders.extraction.generic.page import Page, clean_text, registered_domain

_CONTACT_MARK = re.compile(
    r"contact|phone|tel(?![a-z])|telefon|footer|address|adr(?![a-z])|"
    r"location|kontakt|impressum|email|e-mail|mail(?![a-z])"
)
_ADDRESS_MARK = re.compile(
    r"address|(?<![a-z])addr?(?![a-z])|anschrift|adresse|direcci|indirizzo|"
    r"streetaddress|postal|location"
)
# "…, IL 61861" (US) or "…, 50667 Köln" (most of Europe): worth handing to address parsing
_ADDRESS_LINE = re.compile(r",\s*[A-Z]{2}\.?\s+\d{5}\b|,\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+\w")
_CATEGORY_MARK = re.compile(r"categor|kategor|cat[eé]gor|rubri|(?<![a-z])tags?(?![a-z])")
_WEBSITE_MARK = re.compile(r"website|homepage|(?<![a-z])url(?![a-z])|(?<![a-z])web(?![a-z])")
_HOURS_MARK = re.compile(
    r"opening|hours|öffnungszeiten|offnungszeiten|horaire|horario|orari|"
    r"openingstijden"
)
_DIGITS = re.compile(r"\d")
_COORDINATES = re.compile(
    r"(?:@|[?&](?:q|ll|center|daddr|query)=)(-?\d{1,2}\.\d{3,}),\s?"
    r"(-?\d{1,3}\.\d{3,})"
)


def links(page: Page, scheme: str, skip_chrome: bool) -> list[etree._Element]:
    """Links whose address starts with `scheme` ("tel:", "mailto:"), any letter case."""
    upper = scheme.upper()
    found = page.tree.xpath(
        f"//a[starts-with(translate(normalize-space(@href), '{upper}', '{scheme}'), '{scheme}')]"
    )
    return [link for link in found if not (skip_chrome and in_chrome(link))]


def phones_on_page(
    page: Page, country: str | None, directory: bool, near: list | None = None
) -> list[dict]:
    """Phones from `tel:` links, else written in contact / address blocks, else near `near`."""
    phones = [phone_entry(link.get("href"), country) for link in links(page, "tel:", directory)]
    phones = merge_phones(phones)
    if phones:
        return phones
    blocks = [e for e in page.marked(_CONTACT_MARK) if e.tag not in ("body", "html")][:30]
    blocks += [e for e in page.tree.iter("address") if page.is_visible(e)]
    for element in blocks:
        if directory and in_chrome(element):
            continue
        text = page.visible_text(element, 2000)
        if len(_DIGITS.findall(text)) >= 7:  # libphonenumber is slow; ask it only where digits are
            phones = merge_phones(phones + phones_in_text(text, country))
    if not phones and near:
        text = page.text_near(near, span=80)
        if len(_DIGITS.findall(text)) >= 7:
            phones = phones_in_text(text, country)
    return phones[:5]


def emails_on_page(page: Page, directory: bool) -> list[str]:
    """E-mails from `mailto:` links, else written on the page (obfuscated ones too)."""
    found = [contact_email(link.get("href")) for link in links(page, "mailto:", directory)]
    if not any(found):
        for element, text in page.index.texts:
            if (
                "@" in text or re.search(r"[\[({<]\s*(?:at|@)\s*[\])}>]", text, re.IGNORECASE)
            ) and not (directory and in_chrome(element)):
                found.extend(emails_in_text(text))
    emails = list(dict.fromkeys(e for e in found if e))
    if directory:  # the directory's own mailboxes are not the listed business's
        emails = [e for e in emails if registered_domain(e.rsplit("@", 1)[1]) != page.domain]
    return emails[:10]


def address_on_page(page: Page, country: str | None) -> dict | None:
    """An `<address>` block, else a block marked as an address, else a line shaped like one."""
    blocks = [e for e in page.tree.iter("address") if page.is_visible(e)]
    blocks += [e for e in page.marked(_ADDRESS_MARK) if e.tag not in ("input", "form", "a")]
    for block in blocks[:20]:
        text = _lines(block)
        if 10 <= len(text) <= 300:
            address = address_from_text(text, country)
            if address and any(address.get(p) for p in ("street", "postal_code", "city")):
                return address
    for element, text in page.texts(_ADDRESS_LINE):  # an address line with no mark at all
        if len(text) <= 200 and not in_chrome(element):
            address = address_from_text(text, country)
            if address and address.get("street") and address.get("postal_code"):
                return address
    return None


def _lines(element: etree._Element) -> str:
    """Text with line breaks (<br>, block ends) kept as commas, as addresses are written."""
    parts = []
    for node in element.iter():
        if node.tag in ("br", "p", "div", "li") and parts:
            parts.append(", ")
        if node.text and node.tag not in ("script", "style"):
            parts.append(node.text)
        if node.tail and node is not element:
            parts.append(node.tail)
    return re.sub(r"(?:\s*,\s*)+", ", ", clean_text("".join(parts))).strip(" ,")


def coordinates_on_page(page: Page) -> tuple[float, float, float] | None:
    """(latitude, longitude, confidence) from geo meta tags, else a map link or embed."""
    hit = page.meta_value("place:location:latitude")
    longitude = page.meta_value("place:location:longitude")
    if hit and longitude:
        return _checked(hit[1], longitude[1], 0.8)
    position = page.meta_value("geo.position", "icbm")
    if position:
        parts = re.split(r"[;,]\s*", position[1])
        if len(parts) == 2:
            return _checked(parts[0], parts[1], 0.8)
    for url in page.tree.xpath(
        "//a[contains(@href, 'map')]/@href | //iframe[contains(@src, 'map')]/@src"
        " | //img[contains(@src, 'map')]/@src"
    ):
        match = _COORDINATES.search(unquote(url))
        if match:
            return _checked(match.group(1), match.group(2), 0.6)
    for element, marks in page.index.marked:
        if element.get("data-lat") and (element.get("data-lng") or element.get("data-lon")):
            return _checked(
                element.get("data-lat"), element.get("data-lng") or element.get("data-lon"), 0.6
            )
    return None


def _checked(latitude: str, longitude: str, confidence: float):
    try:
        lat, lon = float(latitude), float(longitude)
    except ValueError:
        return None
    return (lat, lon, confidence) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def categories_on_page(page: Page) -> list[str]:
    """The entries of a list the page marks as categories (not its breadcrumb trail)."""
    for element in page.marked(_CATEGORY_MARK):
        marks = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if element.tag not in ("ul", "ol", "div", "p", "dl") or "breadcrumb" in marks:
            continue
        if in_chrome(element):
            continue
        entries = [
            clean_text(a.text_content())
            for a in element.iter("a", "li", "dd")
            if a.tag == "a" or not list(a.iter("a"))
        ]
        entries = list(dict.fromkeys(e for e in entries if 0 < len(e) <= 60))
        if 0 < len(entries) <= 15:
            return entries
    return []


def opening_hours_on_page(page: Page) -> str | None:
    """The text of a block marked as opening hours, one row ("Mo-Fr 09:00-17:00") per line."""
    for element in page.marked(_HOURS_MARK):
        rows = [e for e in element.iter("li", "tr", "p", "dd") if e is not element]
        lines = [page.visible_text(row, 200) for row in rows] or [page.visible_text(element, 400)]
        text = "; ".join(line for line in lines if line)
        if 8 <= len(text) <= 300 and _TIME.search(text):
            return text
    return None


_TIME = re.compile(r"\d{1,2}[:.h]\d{2}|\d{1,2}\s?(?:am|pm)", re.IGNORECASE)


def website_link(page: Page) -> str | None:
    """A link to another site marked or labelled as the business's website ("Visit website",
    class="website"), or whose text is itself a web address."""
    label = re.compile(
        r"^(?:visit )?(?:the )?(?:official )?(?:web ?site|webseite|homepage|"
        r"site web|sitio web|sito web|site internet)\b",
        re.IGNORECASE,
    )
    for link in page.tree.xpath("//a[starts-with(normalize-space(@href), 'http')]"):
        href = page.absolute(link.get("href"))
        if not href or registered_domain(href) == page.domain or in_chrome(link):
            continue
        text = clean_text(link.text_content())
        marks = f"{link.get('class', '')} {link.get('id', '')} {link.get('itemprop', '')}"
        if label.search(text) or _WEBSITE_MARK.search(marks.lower()) or _IS_ADDRESS.match(text):
            return href
    return None


_IS_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
