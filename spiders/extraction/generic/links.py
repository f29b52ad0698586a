"""The links on a page, sorted the way a crawler asks about them: next page, content, menus.

`links_on_page(page)` gives absolute http(s) URLs without fragments, each once, in page
order, in three groups:
- `next_pages`: pagination onwards: `rel="next"` (on `<a>` or `<link>`), a link whose words,
  label or class say "next" in a common language ("Next", "Weiter", "Suivant", "›", "»"),
  or a link to this page's address with its page number one higher (`?page=3`, `?p=3`,
  `/page/3/`);
- `content`: links in the page's content (product cards, result lists, breadcrumbs in the
  main column);
- `navigation`: links in the site's chrome: `<nav>`, header, footer, sidebar.
Reads no settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urlsplit

from spiders.extraction.generic.heuristics import in_chrome
from spiders.extraction.generic.page import Page, clean_text

_NEXT_WORDS = re.compile(
    r"^(?:next(?: page)?|more results|older posts|weiter|n[äa]chste(?: seite)?|suivante?|"
    r"page suivante|siguiente|successiva|successivo|volgende|pr[óo]xima|następna|"
    r"[›»→>]|next\s*[›»→>]+)$",  # a lone "»»" is more often "last page" than "next"
    re.IGNORECASE,
)
_NEXT_MARK = re.compile(r"(?<![a-z])(?:next|pagination-next|page-next|nextpage)(?![a-z])")
_PAGE_PARAMETERS = ("page", "p", "pg", "paged", "pagenumber", "page_number", "pageno")
_PAGE_IN_PATH = re.compile(r"/(?:page|seite|pagina|p)/(\d+)/?$", re.IGNORECASE)


@dataclass
class PageLinks:
    next_pages: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    navigation: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return list(dict.fromkeys(self.next_pages + self.content + self.navigation))


def links_on_page(page: Page) -> PageLinks:
    """Every followable link of `page`, grouped (see the module docstring)."""
    found = PageLinks()
    seen: set[str] = set()
    current = page_number(page.url)
    for element in page.tree.iter("a", "link", "area"):
        url = _address(page, element.get("href"))
        if url is None:
            continue
        if element.tag == "link":  # in the head: only rel="next" is a link to follow
            if _says_next(element) and url not in seen:
                seen.add(url)
                found.next_pages.append(url)
            continue
        if url in seen or url == page.url:
            continue
        seen.add(url)
        if _says_next(element) or _next_by_number(page.url, url, current):
            found.next_pages.append(url)
        elif in_chrome(element):
            found.navigation.append(url)
        else:
            found.content.append(url)
    return found


def page_number(url: str) -> int:
    """The page number a URL names (`?page=3`, `/page/3/`), 1 when it names none."""
    parts = urlsplit(url)
    for name, value in parse_qsl(parts.query):
        if name.lower() in _PAGE_PARAMETERS and value.isdecimal():  # int('²') fails
            return int(value)
    match = _PAGE_IN_PATH.search(parts.path)
    return int(match.group(1)) if match else 1


def _address(page: Page, href: str | None) -> str | None:
    url = page.absolute(href)
    if url is None:
        return None
    url = urldefrag(url)[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _says_next(element) -> bool:
    if "next" in (element.get("rel") or "").lower().split():
        return True
    if element.tag == "link":
        return False
    label = clean_text(
        element.text_content() or element.get("aria-label") or element.get("title") or ""
    )
    if label and len(label) <= 30 and _NEXT_WORDS.match(label):
        return True
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return bool(_NEXT_MARK.search(marks))


def _next_by_number(page_url: str, url: str, current: int) -> bool:
    """True when `url` is `page_url` with its page number one higher, and nothing else changed."""
    if page_number(url) != current + 1:
        return False
    return _without_page(page_url) == _without_page(url)


def _without_page(url: str) -> tuple:
    parts = urlsplit(url)
    query = sorted((n, v) for n, v in parse_qsl(parts.query) if n.lower() not in _PAGE_PARAMETERS)
    return (parts.netloc.lower(), _PAGE_IN_PATH.sub("", parts.path).rstrip("/"), tuple(query))
