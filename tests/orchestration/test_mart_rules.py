"""The mart rules judge a DuckDB table as dbt's tests would, naming what is wrong."""

from __future__ import annotations

import time

import duckdb
import pytest

from orchestration.mart_rules import (
    AVAILABILITY,
    MART_RULES,
    accepted_values,
    freshness,
    judge_mart,
    max_age_hours,
    not_null,
    unique_key,
)
from pipelines.normalize.currency import ISO_4217


@pytest.fixture
def offers():
    con = duckdb.connect()
    con.execute(
        "create table product_offers as select * from (values "
        "('p1', 'market', 'a', 'USD', 'InStock', now() - interval 2 hour), "
        "('p1', 'market', 'b', 'EUR', 'OutOfStock', now() - interval 3 hour), "
        "('p2', 'shop', 'a', 'USD', 'PreOrder', now() - interval 1 hour)"
        ") t(product_id, source, source_id, currency, availability, last_seen)"
    )
    yield con
    con.close()


def test_a_clean_mart_passes_every_rule(offers):
    verdicts = judge_mart(offers, "product_offers", MART_RULES["product_offers"], max_hours=36)
    assert set(verdicts) == {"unique_key", "not_null", "accepted_values", "freshness"}
    assert all(verdict.passed for verdict in verdicts.values()), verdicts


def test_a_repeated_key_fails_and_is_shown(offers):
    offers.execute(
        "insert into product_offers values ('p3', 'market', 'a', 'USD', 'InStock', now())"
    )
    verdict = unique_key(offers, "product_offers", ("source", "source_id"))
    assert not verdict.passed
    assert "1 keys repeated (e.g. ('market', 'a') on 2 rows)" in verdict.description


def test_a_null_key_part_fails_the_unique_key(offers):
    offers.execute(
        "insert into product_offers values ('p3', 'market', null, 'USD', 'InStock', now())"
    )
    verdict = unique_key(offers, "product_offers", ("source", "source_id"))
    assert not verdict.passed and "1 rows with a null key" in verdict.description


def test_not_null_names_each_column_with_nulls(offers):
    offers.execute(
        "insert into product_offers values (null, 'market', 'z', null, 'InStock', now())"
    )
    verdict = not_null(offers, "product_offers", ("product_id", "source", "currency"))
    assert not verdict.passed
    assert verdict.description.endswith("product_id on 1 rows, currency on 1 rows")


def test_values_outside_the_accepted_ones_fail_and_nulls_are_accepted(offers):
    offers.execute(
        "insert into product_offers values ('p4', 'market', 'x', 'usd', 'Sold out', now()),"
        " ('p5', 'market', 'y', null, null, now())"
    )
    verdict = accepted_values(
        offers, "product_offers", {"currency": ISO_4217, "availability": AVAILABILITY}
    )
    assert not verdict.passed
    assert "currency: 'usd' on 1 rows" in verdict.description
    assert "availability: 'Sold out' on 1 rows" in verdict.description


def test_freshness_fails_when_the_newest_row_is_older_than_allowed(offers):
    verdict = freshness(offers, "product_offers", "last_seen", max_hours=36)
    assert verdict.passed and verdict.metadata["age_hours"] < 2
    later = time.time() + 48 * 3600
    stale = freshness(offers, "product_offers", "last_seen", max_hours=36, now=later)
    assert not stale.passed and "above 36 h" in stale.description


def test_an_empty_mart_is_not_fresh(offers):
    offers.execute("delete from product_offers")
    assert not freshness(offers, "product_offers", "last_seen", 36).passed


def test_a_rule_on_a_missing_column_fails_saying_why(offers):
    offers.execute("alter table product_offers drop column availability")
    verdicts = judge_mart(offers, "product_offers", MART_RULES["product_offers"], max_hours=36)
    assert not verdicts["accepted_values"].passed
    assert "could not check product_offers" in verdicts["accepted_values"].description
    assert verdicts["unique_key"].passed


def test_the_freshness_window_comes_from_the_environment():
    assert max_age_hours({}) == 36
    assert max_age_hours({"TRAWL_CHECK_MAX_MART_AGE_HOURS": "2.5"}) == 2.5
    with pytest.raises(ValueError, match="TRAWL_CHECK_MAX_MART_AGE_HOURS='soon'"):
        max_age_hours({"TRAWL_CHECK_MAX_MART_AGE_HOURS": "soon"})
