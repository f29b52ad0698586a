"""pipelines/item_processor.py: the pipelines walked with less work per item, to the same
outcome as Scrapy's own ItemPipelineManager, whatever each pipeline's process_item returns."""

from __future__ import annotations

import asyncio
import warnings

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem, ScrapyDeprecationWarning
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.test import get_crawler
from twisted.internet.defer import succeed

from pipelines.item_processor import ItemProcessor, plain_stages


class Plain:
    def process_item(self, item):
        return {**item, "plain": True}


class Coroutine:
    async def process_item(self, item):
        await asyncio.sleep(0)
        return {**item, "coroutine": True}


class Deferring:
    def process_item(self, item):
        return succeed({**item, "deferred": True})


class FutureReturning:
    def process_item(self, item):
        future = asyncio.get_running_loop().create_future()
        future.set_result({**item, "future": True})
        return future


class WithSpider:
    def process_item(self, item, spider):
        return {**item, "spider": spider.name}


class Dropping:
    def process_item(self, item):
        if item.get("drop"):
            raise DropItem("asked to")
        return item


PIPELINES = {f"{__name__}.{cls.__name__}": order for order, cls in enumerate(
    (Plain, Coroutine, Deferring, FutureReturning, WithSpider, Dropping), start=1)}  # fmt: skip


def processed(manager_class: type[ItemPipelineManager], item: dict, quiet: bool = True) -> dict:
    """`item` through the pipelines above, with Scrapy's deprecation warnings (the spider
    argument's, the Deferred's) silenced when `quiet`."""
    crawler = get_crawler(Spider, {"ITEM_PIPELINES": PIPELINES})
    crawler.spider = crawler._create_spider("walker")
    with warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore", ScrapyDeprecationWarning)
        warnings.filterwarnings("ignore", ".*requires a spider argument", ScrapyDeprecationWarning)
        manager = manager_class.from_crawler(crawler)
        return asyncio.run(manager.process_item_async(item))


def test_every_kind_of_pipeline_gives_what_scrapys_own_manager_gives():
    expected = {"n": 1, "plain": True, "coroutine": True, "deferred": True, "future": True,
                "spider": "walker"}  # fmt: skip
    assert processed(ItemProcessor, {"n": 1}) == expected
    assert processed(ItemPipelineManager, {"n": 1}) == expected


def test_a_dropped_item_is_dropped_as_with_scrapys_manager():
    for manager_class in (ItemProcessor, ItemPipelineManager):
        with pytest.raises(DropItem, match="asked to"):
            processed(manager_class, {"drop": True})


def test_a_deferred_is_awaited_with_scrapys_warning_naming_the_pipeline():
    with pytest.warns(ScrapyDeprecationWarning, match=f"{__name__}.Deferring.process_item returned a Deferred"):  # fmt: skip
        processed(ItemProcessor, {"n": 1}, quiet=False)


def test_without_what_it_reads_from_scrapys_manager_it_walks_as_scrapy_does(monkeypatch):
    async def scrapys_walk(self, item):
        return {**item, "walked by": "Scrapy"}

    monkeypatch.setattr(ItemPipelineManager, "process_item_async", scrapys_walk)
    manager = ItemProcessor.from_crawler(get_crawler(Spider, {"ITEM_PIPELINES": {}}))
    del manager._mw_methods_requiring_spider  # as in a Scrapy release that no longer keeps it
    assert asyncio.run(manager.process_item_async({"n": 1})) == {"n": 1, "walked by": "Scrapy"}


def test_the_project_settings_use_it():
    from scrapy.utils.project import get_project_settings

    assert get_project_settings()["ITEM_PROCESSOR"] == "pipelines.item_processor.ItemProcessor"


class Stage:
    """A pipeline that offers its work as a plain stage too."""

    def __init__(self, name: str):
        self.name = name

    def process_item_sync(self, item):
        return {**item, "stages": [*item.get("stages", []), self.name]}

    async def process_item(self, item):
        return self.process_item_sync(item)


class Opener:
    def open_spider(self):
        pass


def test_plain_stages_are_the_leading_pipelines_that_offer_one():
    first, second, later = Stage("first"), Stage("second"), Stage("later")
    stages = plain_stages([first, Opener(), second, Plain(), later])
    assert stages == [first.process_item_sync, second.process_item_sync]


def test_items_go_through_the_plain_stages_together_then_the_rest_one_by_one():
    crawler = get_crawler(Spider, {"TRAWL_ITEMS_HELD": 3})
    crawler.spider = crawler._create_spider("walker")
    manager = ItemProcessor(Stage("first"), Stage("second"), Plain(), crawler=crawler)

    async def three_items():
        return await asyncio.gather(*(manager.process_item_async({"n": n}) for n in range(3)))

    assert asyncio.run(three_items()) == [
        {"n": n, "stages": ["first", "second"], "plain": True} for n in range(3)
    ]
    assert manager.held.releases == 1
    assert manager.one_by_one == [manager.middlewares[2].process_item]


def test_with_one_item_held_at_most_each_item_goes_through_every_pipeline_alone():
    crawler = get_crawler(Spider, {"TRAWL_ITEMS_HELD": 1})
    manager = ItemProcessor(Stage("first"), Plain(), crawler=crawler)
    assert manager.held is None
    assert asyncio.run(manager.process_item_async({"n": 1})) == {
        "n": 1, "stages": ["first"], "plain": True
    }  # fmt: skip


@pytest.mark.parametrize("value", ["many", "-2", "1.5"])
def test_items_held_that_is_not_a_whole_number_of_items_says_so(value):
    with pytest.raises(ValueError, match=f"TRAWL_ITEMS_HELD must be a whole number of items, got '{value}'"):  # fmt: skip
        ItemProcessor(Stage("first"), crawler=get_crawler(Spider, {"TRAWL_ITEMS_HELD": value}))
