"""Every spider callback, checked once here for what Scrapy would check on every response.

spiders/settings.py switches off WARN_ON_GENERATOR_RETURN_VALUE: Scrapy re-reads a
callback's source to look for `return <value>` in a generator (whose value Scrapy drops)
whenever its cache misses, which on a crawl was 3% of the CPU. This test runs the same
check over every callback of every spider, so such a callback still fails CI.
"""

from __future__ import annotations

import inspect

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import is_generator_with_return_value
from scrapy.utils.project import get_project_settings


def spider_callbacks() -> list[tuple[str, object]]:
    """Every function trawl's spiders define (or inherit from trawl's code), by spider."""
    loader = SpiderLoader.from_settings(get_project_settings())
    found = []
    for name in loader.list():
        spider = loader.load(name)
        for attribute, member in inspect.getmembers(spider, inspect.isfunction):
            if member.__module__.startswith("spiders."):  # trawl's code, not Scrapy's
                found.append((f"{name}.{attribute}", member))
    return found


def test_no_callback_is_a_generator_that_returns_a_value():
    callbacks = spider_callbacks()
    assert "marketplace.parse_product" in dict(callbacks)
    returning = [name for name, member in callbacks if is_generator_with_return_value(member)]
    assert returning == []


def test_the_check_finds_a_generator_that_returns_a_value():
    def parse(response):
        yield {"url": response}
        return "lost"

    def parse_fine(response):
        if response is None:
            return None  # a bare return, or None, is fine
        yield {"url": response}

    assert is_generator_with_return_value(parse)
    assert not is_generator_with_return_value(parse_fine)
