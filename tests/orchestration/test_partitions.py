"""Crawl assets are partitioned by day and scope, and a partition becomes spider arguments."""

from __future__ import annotations

import datetime as dt

import pytest
from dagster import AssetKey, MultiPartitionsDefinition

from orchestration.crawl import CRAWLS, Crawl
from orchestration.definitions import defs
from orchestration.partitions import (
    Scope,
    crawl_arguments,
    crawl_partitions,
    partition_key_for,
    partitions_start,
    scope_arguments,
)
from sandbox.catalog import DEPARTMENT_BY_SLUG
from sandbox.places import CITY_BY_SLUG
from spiders.arguments import MapsArguments, parse_arguments

DIRECTORY = next(crawl for crawl in CRAWLS if crawl.spider == "directory")
MARKETPLACE = next(crawl for crawl in CRAWLS if crawl.spider == "marketplace")
MAPS = next(crawl for crawl in CRAWLS if crawl.spider == "maps")
UNSCOPED = Crawl("somewhere", "A crawl with no scope.", writes=("lead_observations",))
DAY = dt.date(2026, 11, 20)


def partitions_of(crawl: Crawl):
    return defs.resolve_asset_graph().get(AssetKey(crawl.asset_name)).partitions_def


def test_the_directory_is_partitioned_by_day_and_city_the_marketplace_by_day_and_category():
    directory, marketplace = partitions_of(DIRECTORY), partitions_of(MARKETPLACE)
    assert isinstance(directory, MultiPartitionsDefinition)
    assert {d.name for d in directory.partitions_defs} == {"date", "city"}
    assert {d.name for d in marketplace.partitions_defs} == {"date", "category"}
    cities = next(d for d in directory.partitions_defs if d.name == "city").partitions_def
    assert set(cities.get_partition_keys()) == {"all", *CITY_BY_SLUG}
    categories = next(d for d in marketplace.partitions_defs if d.name == "category")
    assert set(categories.partitions_def.get_partition_keys()) == {"all", *DEPARTMENT_BY_SLUG}


def test_todays_partition_exists_so_a_crawl_can_be_launched_now():
    today = dt.datetime.now(dt.UTC).date()
    for crawl in CRAWLS:
        keys = partitions_of(crawl).get_partition_keys()
        assert partition_key_for(crawl, today) in keys


def test_a_crawl_without_a_scope_is_partitioned_by_day_only():
    partitions = crawl_partitions(UNSCOPED)
    assert not isinstance(partitions, MultiPartitionsDefinition)
    assert partition_key_for(UNSCOPED, DAY) == "2026-11-20"
    assert scope_arguments(UNSCOPED, "2026-11-20") == {}


def test_a_scoped_partition_becomes_the_spider_argument_and_all_means_the_whole_site():
    springfield = partition_key_for(DIRECTORY, DAY, "springfield")
    assert scope_arguments(DIRECTORY, springfield) == {"city": "springfield"}
    assert scope_arguments(DIRECTORY, partition_key_for(DIRECTORY, DAY)) == {}
    assert scope_arguments(MARKETPLACE, partition_key_for(MARKETPLACE, DAY, "phones")) == {
        "category": "phones"
    }


def test_a_partition_key_given_as_text_is_read_the_same_way():
    assert scope_arguments(DIRECTORY, "peoria|2026-11-20") == {"city": "peoria"}
    assert scope_arguments(MARKETPLACE, "all|2026-11-20") == {}


def test_config_arguments_may_narrow_the_whole_site_but_not_contradict_a_scoped_partition():
    whole_site = partition_key_for(DIRECTORY, DAY)
    assert crawl_arguments(DIRECTORY, whole_site, {"max_pages": "2"}) == {"max_pages": "2"}
    springfield = partition_key_for(DIRECTORY, DAY, "springfield")
    assert crawl_arguments(DIRECTORY, springfield, {"category": "coffee"}) == {
        "category": "coffee",
        "city": "springfield",
    }
    with pytest.raises(
        ValueError, match="sets city='peoria', but partition .* is city='springfield'"
    ):
        crawl_arguments(DIRECTORY, springfield, {"city": "peoria"})


def test_maps_partitions_search_by_geo_grid_a_city_or_every_city():
    peoria = crawl_arguments(MAPS, partition_key_for(MAPS, DAY, "peoria"), {})
    assert peoria == {"grid": "auto", "near": "peoria"}
    whole_site = crawl_arguments(MAPS, partition_key_for(MAPS, DAY), {})
    assert whole_site == {"grid": "auto"}
    every_city = [city.name for city in CITY_BY_SLUG.values()]
    for arguments, cities in ((peoria, ["Peoria"]), (whole_site, every_city)):
        spider_sees = parse_arguments(MapsArguments, "maps", arguments)
        assert spider_sees.area_search and spider_sees.cities() == cities


def test_a_maps_run_config_may_turn_the_grid_off_for_plain_searches():
    arguments = crawl_arguments(MAPS, partition_key_for(MAPS, DAY), {"grid": "off"})
    spider_sees = parse_arguments(MapsArguments, "maps", {**arguments, "max_results": "5"})
    assert not spider_sees.area_search and spider_sees.max_results == 5


def test_an_unknown_scope_value_is_refused_with_the_accepted_ones():
    with pytest.raises(
        ValueError, match="'atlantis' is not a city of the directory crawl.*springfield"
    ):
        partition_key_for(DIRECTORY, DAY, "atlantis")


def test_scope_values_may_not_take_the_reserved_names():
    with pytest.raises(ValueError, match="reserved"):
        Scope("city", ("all", "springfield"))


def test_the_first_day_comes_from_the_environment_and_a_bad_one_is_refused():
    assert partitions_start({"TRAWL_PARTITIONS_START": "2026-01-05"}) == "2026-01-05"
    with pytest.raises(ValueError, match="TRAWL_PARTITIONS_START='yesterday' is not a day"):
        partitions_start({"TRAWL_PARTITIONS_START": "yesterday"})
