"""Spider arguments: validated once, with messages naming the argument, value and remedy."""

from __future__ import annotations

import pytest

from spiders.arguments import (
    DirectoryArguments,
    GenericCrawlArguments,
    MarketplaceArguments,
    SpiderArgumentError,
    parse_arguments,
)


def test_directory_arguments_are_typed():
    arguments = parse_arguments(
        DirectoryArguments,
        "directory",
        {"category": "coffee", "city": "green-bay", "max_pages": "3"},
    )
    assert (arguments.category, arguments.city, arguments.max_pages) == ("coffee", "green-bay", 3)


def test_all_arguments_are_optional():
    arguments = parse_arguments(MarketplaceArguments, "marketplace", {})
    assert (arguments.category, arguments.max_pages) == (None, None)


@pytest.mark.parametrize("value", ["abc", "0", "-2", "1.5"])
def test_max_pages_must_be_a_whole_number_of_one_or_more(value):
    with pytest.raises(SpiderArgumentError) as error:
        parse_arguments(DirectoryArguments, "directory", {"max_pages": value})
    message = str(error.value)
    assert message.startswith(f"directory spider: -a max_pages='{value}' is not accepted")
    assert "a whole number of pages, 1 or more" in message


def test_an_unknown_category_lists_the_known_ones():
    with pytest.raises(
        SpiderArgumentError,
        match=r"-a category='cofee' .*expected a marketplace "
        r"category: phones, laptops, headphones",
    ):
        parse_arguments(MarketplaceArguments, "marketplace", {"category": "cofee"})


def test_an_unknown_city_lists_the_known_ones():
    with pytest.raises(SpiderArgumentError, match=r"-a city='Peoria' .*springfield, peoria"):
        parse_arguments(DirectoryArguments, "directory", {"city": "Peoria"})


def test_a_misspelt_argument_names_the_accepted_ones():
    with pytest.raises(
        SpiderArgumentError,
        match=r"-a max_page='3' is not an argument of this spider; it accepts: "
        r"category, city, max_pages",
    ):
        parse_arguments(DirectoryArguments, "directory", {"max_page": "3"})


def test_generic_crawls_start_from_urls_given_once_each_in_order():
    arguments = parse_arguments(
        GenericCrawlArguments,
        "products",
        {"start_urls": "https://shop.example/b, https://shop.example/a,https://shop.example/b"},
    )
    assert arguments.urls() == ["https://shop.example/b", "https://shop.example/a"]


@pytest.mark.parametrize(
    "given",
    [{}, {"start_urls": "https://shop.example/", "sitemap": "https://shop.example/sitemap.xml"}],
)
def test_a_generic_crawl_starts_from_urls_or_a_sitemap_not_both_nor_neither(given):
    with pytest.raises(SpiderArgumentError) as error:
        parse_arguments(GenericCrawlArguments, "products", given)
    assert str(error.value) == (
        "products spider: give either -a start_urls=<url>[,<url>...] or -a sitemap=<url> "
        "(one of them)"
    )


@pytest.mark.parametrize(
    ("name", "value"), [("start_urls", "shop.example/"), ("sitemap", "ftp://shop.example/s.xml")]
)
def test_generic_crawls_need_http_urls(name, value):
    with pytest.raises(SpiderArgumentError) as error:
        parse_arguments(GenericCrawlArguments, "businesses", {name: value})
    assert f"-a {name}={value!r} is not accepted ({value!r} is not an http(s) URL)" in str(
        error.value
    )
