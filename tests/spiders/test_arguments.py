"""Spider arguments: validated once, with messages naming the argument, value and remedy."""

from __future__ import annotations

import pytest

from spiders.arguments import (
    DirectoryArguments,
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
