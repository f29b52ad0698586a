"""The links a page offers a crawler: pagination onwards, links in the content, menu links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spiders.extraction.generic import Page
from spiders.extraction.generic.links import links_on_page, page_number

PAGES = Path(__file__).parent / "pages"


def links(body: str, url: str = "https://shop.example.com/c/lamps"):
    return links_on_page(Page.parse(f"<html><body>{body}</body></html>", url))


def test_rel_next_is_the_next_page():
    found = links('<a rel="next" href="?page=2">2</a><a href="/p/lamp">Lamp</a>')
    assert found.next_pages == ["https://shop.example.com/c/lamps?page=2"]
    assert found.content == ["https://shop.example.com/p/lamp"]


def test_a_rel_next_in_the_head_is_the_next_page_too():
    page = Page.parse(
        '<html><head><link rel="next" href="/c/lamps/page/2/"></head><body></body></html>',
        "https://shop.example.com/c/lamps",
    )
    assert links_on_page(page).next_pages == ["https://shop.example.com/c/lamps/page/2/"]


@pytest.mark.parametrize("label", ["Next", "Next page", "next »", "Weiter", "Suivant", "›", "»"])
def test_a_link_that_says_next_is_the_next_page(label):
    assert links(f'<a href="/c/lamps?p=2">{label}</a>').next_pages == [
        "https://shop.example.com/c/lamps?p=2"
    ]


def test_the_link_to_this_page_numbered_one_higher_is_the_next_page():
    found = links(
        '<a href="/c/lamps?page=3&amp;colour=red">3</a><a href="/c/lamps?page=3">3</a>'
        '<a href="/c/chairs?page=3">chairs</a>',
        url="https://shop.example.com/c/lamps?page=2",
    )
    assert found.next_pages == ["https://shop.example.com/c/lamps?page=3"]


def test_page_numbers_in_queries_and_paths():
    assert page_number("https://shop.example.com/c/lamps?page=4") == 4
    assert page_number("https://shop.example.com/blog/page/7/") == 7
    assert page_number("https://shop.example.com/c/lamps") == 1
    assert page_number("https://shop.example.com/c/lamps?page=²") == 1  # "²" is no digit


def test_menu_links_are_told_from_content_links():
    found = links(
        '<header><a href="/">Home</a></header><nav><a href="/c/chairs">Chairs</a></nav>'
        '<main><a href="/p/lamp">Lamp</a></main><footer><a href="/about">About</a></footer>'
    )
    assert found.content == ["https://shop.example.com/p/lamp"]
    assert found.navigation == [
        "https://shop.example.com/",
        "https://shop.example.com/c/chairs",
        "https://shop.example.com/about",
    ]


def test_links_are_absolute_without_fragments_and_each_once():
    found = links(
        '<a href="/p/lamp#reviews">a</a><a href="/p/lamp">b</a><a href="#top">top</a>'
        '<a href="mailto:x@example.com">mail</a><a href="javascript:void(0)">js</a>'
        '<a href="tel:+441234567890">call</a>'
    )
    assert found.all() == ["https://shop.example.com/p/lamp"]


def test_a_real_listing_gives_its_products_and_its_next_page():
    url = json.loads((PAGES / "pages.json").read_text())["webpoet_books_toscrape_list.html"]["url"]
    page = Page.parse((PAGES / "webpoet_books_toscrape_list.html").read_bytes(), url)
    found = links_on_page(page)
    assert found.next_pages == ["https://books.toscrape.com/catalogue/page-2.html"]
    books = [link for link in found.content if "/catalogue/" in link and "page-" not in link]
    assert len(books) == 20
