"""What the generic spiders fetch: the site they stay on, the links they skip, their page
budget, how far they wander from pages that gave something, and what sitemaps list."""

from __future__ import annotations

import gzip

import pytest

from spiders.generic_crawl import (
    QUEUED,
    SEEN,
    TOO_FAR,
    CrawlScope,
    Frontier,
    is_non_content,
    read_sitemap,
    source_name,
    url_shape,
)

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://shop.example.com/p/lamp</loc><lastmod>2024-05-01</lastmod></url>
  <url><loc>https://shop.example.com/p/chair</loc></url>
</urlset>"""
SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://shop.example.com/sitemap-products-1.xml.gz</loc></sitemap>
  <sitemap><loc>https://shop.example.com/sitemap-pages.xml</loc></sitemap>
</sitemapindex>"""


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://shop.example.com/c/lamps", "example.com"),
        ("https://www.boutique.example.co.uk/", "example.co.uk"),
        ("http://127.0.0.1:8700/market/", "127.0.0.1"),
        ("http://localhost:8080/", "localhost"),
    ],
)
def test_the_default_source_is_the_sites_registered_domain(url, source):
    assert source_name(url) == source


def test_a_crawl_stays_on_the_registered_domains_of_its_start_urls():
    scope = CrawlScope.from_urls(["https://shop.example.com/c/lamps", "https://other.org/"])
    assert scope.domains == ("example.com", "other.org")
    assert "https://www.example.com/p/1" in scope
    assert "https://example.com/" in scope
    assert "https://blog.other.org/post" in scope
    assert "https://example.org/" not in scope
    assert "https://notexample.com/" not in scope


def test_a_crawl_of_a_local_host_stays_on_that_host_whatever_the_port():
    scope = CrawlScope.from_urls(["http://127.0.0.1:8700/market/"])
    assert "http://127.0.0.1:9000/sitemap.xml" in scope
    assert "http://127.0.0.2:8700/market/" not in scope


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com/account/login",
        "https://shop.example.com/customer/account/",
        "https://shop.example.com/cart",
        "https://shop.example.com/checkout/",
        "https://shop.example.com/wishlist",
        "https://shop.example.com/c/lamps?sort=price-asc",
        "https://shop.example.com/c/lamps?page=2&view=grid",
        "https://shop.example.com/p/lamp?add-to-cart=12",
        "https://shop.example.com/media/lamp.jpg",
        "https://shop.example.com/static/site.css",
        "https://shop.example.com/manual.PDF",
        "https://shop.example.com/feed/",
    ],
)
def test_links_to_no_product_or_business_are_skipped(url):
    assert is_non_content(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com/c/lamps?page=2",
        "https://shop.example.com/p/lamp",
        "https://shop.example.com/c/printers",
        "https://shop.example.com/c/bags/",
        "https://shop.example.com/customer-service",
        "https://directory.example/biz/joes-pizza.html",
    ],
)
def test_listing_product_and_business_links_are_followed(url):
    assert not is_non_content(url)


def test_each_link_is_queued_once_by_its_canonical_url():
    frontier = Frontier()
    assert frontier.add("https://shop.example.com/p/1?utm_source=x&b=2&a=1") == QUEUED
    assert frontier.add("https://shop.example.com/p/1?a=1&b=2") == SEEN
    assert frontier.take(10) == [("https://shop.example.com/p/1?utm_source=x&b=2&a=1", 0)]
    assert frontier.add("https://shop.example.com/p/1?a=1&b=2") == SEEN


def test_the_best_links_are_taken_first_and_equals_in_the_order_found():
    frontier = Frontier()
    frontier.add("https://shop.example.com/about", priority=0)
    frontier.add("https://shop.example.com/p/1", priority=10)
    frontier.add("https://shop.example.com/c/lamps?page=2", barren_hops=1, priority=10)
    assert [url for url, _ in frontier.take(2)] == [
        "https://shop.example.com/p/1",
        "https://shop.example.com/c/lamps?page=2",
    ]
    assert frontier.take(5) == [("https://shop.example.com/about", 0)]


def test_no_more_links_are_taken_than_the_page_budget():
    frontier = Frontier(max_pages=3)
    for n in range(5):
        frontier.add(f"https://shop.example.com/p/{n}")
    assert len(frontier.take(2)) == 2
    assert len(frontier.take(2)) == 1
    assert frontier.take(2) == []
    assert (frontier.taken, frontier.queued) == (3, 2)


def test_links_too_far_from_a_page_worth_reading_are_not_queued():
    frontier = Frontier(max_barren_hops=2)
    assert frontier.add("https://shop.example.com/blog", barren_hops=2) == QUEUED
    assert frontier.add("https://shop.example.com/blog/post", barren_hops=3) == TOO_FAR
    assert frontier.queued == 1


def test_once_a_page_gave_an_item_links_shaped_like_it_come_first():
    frontier = Frontier()
    frontier.add("https://dir.example/search?city=springfield", priority=10)
    frontier.add("https://dir.example/biz/k3x8abcd", priority=5)
    frontier.add("https://dir.example/biz/p2q9wxyz", priority=5)
    frontier.learn("https://dir.example/biz/m4n5rstu")
    assert [url for url, _ in frontier.take(3)] == [
        "https://dir.example/biz/k3x8abcd",
        "https://dir.example/biz/p2q9wxyz",
        "https://dir.example/search?city=springfield",
    ]


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("https://shop.example.com/p/arco-lamp", "shop.example.com/p/*"),
        ("https://shop.example.com/c/lamps?page=2&sort=new", "shop.example.com/c/*?page&sort"),
        ("https://shop.example.com/2024/05/sale/", "shop.example.com/*/*/*"),
    ],
)
def test_a_url_shape_leaves_out_what_names_one_page(url, shape):
    assert url_shape(url) == shape


def test_a_sitemap_lists_pages():
    entries = read_sitemap(SITEMAP, "https://shop.example.com/sitemap.xml")
    assert entries.pages == ["https://shop.example.com/p/lamp", "https://shop.example.com/p/chair"]
    assert entries.sitemaps == []


def test_a_sitemap_index_lists_sitemaps():
    entries = read_sitemap(SITEMAP_INDEX, "https://shop.example.com/sitemap.xml")
    assert entries.sitemaps == [
        "https://shop.example.com/sitemap-products-1.xml.gz",
        "https://shop.example.com/sitemap-pages.xml",
    ]
    assert entries.pages == []


def test_a_gzipped_sitemap_reads_like_a_plain_one():
    gzipped = read_sitemap(gzip.compress(SITEMAP), "https://shop.example.com/sitemap.xml.gz")
    assert gzipped == read_sitemap(SITEMAP, "https://shop.example.com/sitemap.xml")


def test_a_text_sitemap_lists_one_url_a_line():
    body = b"https://shop.example.com/p/lamp\n\nnot a url\nhttps://shop.example.com/p/chair\n"
    entries = read_sitemap(body, "https://shop.example.com/sitemap.txt")
    assert entries.pages == ["https://shop.example.com/p/lamp", "https://shop.example.com/p/chair"]


def test_robots_txt_names_the_sitemaps():
    body = b"User-agent: *\nDisallow: /cart\nSitemap: /sitemap_index.xml\n"
    entries = read_sitemap(body, "https://shop.example.com/robots.txt")
    assert entries.sitemaps == ["https://shop.example.com/sitemap_index.xml"]
