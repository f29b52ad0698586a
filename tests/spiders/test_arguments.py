"""Spider arguments: validated once, with messages naming the argument, value and remedy."""

from __future__ import annotations

import pytest

from sandbox.places import CITY_BY_SLUG
from spiders.arguments import (
    ContactsArguments,
    DirectoryArguments,
    GenericCrawlArguments,
    MapsArguments,
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


def test_a_maps_area_search_is_a_bbox_or_cities_with_a_grid():
    plain = parse_arguments(MapsArguments, "maps", {"query": "coffee", "near": "Springfield"})
    assert not plain.area_search and plain.area() is None and plain.details is True
    by_box = parse_arguments(
        MapsArguments, "maps", {"bbox": "39.7,-89.75,39.86,-89.55", "details": "false"}
    )
    assert by_box.area_search and by_box.cells_per_side() == 1 and by_box.details is False
    assert (by_box.area().south, by_box.area().east) == (39.7, -89.55)
    by_city = parse_arguments(
        MapsArguments, "maps", {"near": "peoria", "grid": "3", "min_cell": "0.01"}
    )
    assert by_city.area_search and by_city.cells_per_side() == 3 and by_city.min_cell == 0.01
    assert parse_arguments(MapsArguments, "maps", {"near": "peoria", "grid": "auto"}).area_search


def test_a_maps_grid_without_a_city_searches_every_city_by_its_area():
    every_city = parse_arguments(MapsArguments, "maps", {"grid": "auto"})
    assert every_city.area_search and every_city.area() is None
    assert every_city.cities() == [city.name for city in CITY_BY_SLUG.values()]
    assert every_city.cells_per_side() == 1
    assert parse_arguments(MapsArguments, "maps", {"grid": "2"}).cells_per_side() == 2


def test_maps_grid_off_is_one_plain_search_per_city_and_allows_max_results():
    plain = parse_arguments(
        MapsArguments, "maps", {"near": "peoria", "grid": "off", "max_results": "5"}
    )
    assert not plain.area_search and plain.max_results == 5
    assert plain.cities() == ["Peoria"] and plain.cells_per_side() == 1


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"bbox": "39.7,-89.75,39.86"}, r"-a bbox='39.7,-89.75,39.86' is not accepted \(not four"),
        ({"bbox": "39.9,-89.75,39.8,-89.55"}, "south must be below north"),
        ({"near": "peoria", "grid": "many"}, "neither auto, off nor a whole number from 1 to 64"),
        ({"near": "peoria", "grid": "0"}, "neither auto, off nor a whole number"),
        ({"grid": "65"}, "neither auto, off nor a whole number"),
        ({"grid": "²"}, "neither auto, off nor a whole number"),
        ({"near": "peoria", "bbox": "39.7,-89.75,39.86,-89.55"}, "not both"),
        ({"bbox": "39.7,-89.75,39.86,-89.55", "grid": "off"}, "leave out -a grid=off"),
        ({"near": "peoria", "grid": "auto", "max_results": "5"}, "max_results limits one search"),
        ({"grid": "auto", "max_results": "5"}, r"-a grid=off: one plain search per city"),
        ({"near": "peoria", "grid": "auto", "min_cell": "0"}, "-a min_cell='0' is not accepted"),
        ({"details": "sometimes"}, "-a details='sometimes' is not accepted"),
    ],
)
def test_a_maps_area_search_refuses_what_it_cannot_do(given, reason):
    with pytest.raises(SpiderArgumentError, match=reason):
        parse_arguments(MapsArguments, "maps", given)


def test_a_file_of_websites_must_be_there(tmp_path):
    (tmp_path / "sites.csv").write_text("website\nhttps://example.test/\n")
    given = {"websites": str(tmp_path / "sites.csv")}
    assert parse_arguments(ContactsArguments, "contacts", given).websites == given["websites"]
    with pytest.raises(SpiderArgumentError, match=r"-a websites=.*there is no file '.*/gone.csv'"):
        parse_arguments(ContactsArguments, "contacts", {"websites": str(tmp_path / "gone.csv")})
