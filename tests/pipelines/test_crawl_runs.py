from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import scrapy
from pydantic import BaseModel

from pipelines.crawl_runs import run_status, spider_arguments
from pipelines.jsonsafe import dumps, json_safe
from spiders.items import LeadItem


@pytest.mark.parametrize(
    ("reason", "lost", "status"),
    [
        ("finished", 0, "finished"),
        ("closespider_itemcount", 0, "finished"),
        ("closespider_timeout", 0, "finished"),
        ("shutdown", 0, "cancelled"),
        ("closespider_errorcount", 0, "failed"),
        ("cancelled", 0, "failed"),
        ("finished", 3, "failed"),  # rows that never reached the database
        (None, 0, "failed"),
    ],
)
def test_the_status_of_a_run_follows_how_it_ended(reason, lost, status):
    assert run_status(reason, lost) == status


def test_arguments_given_with_dash_a_are_read_from_the_spider():
    spider = scrapy.Spider(name="directory", city="springfield", max_pages="3")
    assert spider_arguments(spider) == {"city": "springfield", "max_pages": "3"}


def test_arguments_a_spider_validated_are_read_typed():
    class DirectoryArguments(BaseModel):
        city: str | None = None
        max_pages: int | None = None

    spider = scrapy.Spider(name="directory", city="springfield", max_pages="3")
    spider.arguments = DirectoryArguments(city="springfield", max_pages=3)
    assert spider_arguments(spider) == {"city": "springfield", "max_pages": 3}


def test_stats_become_json_safe():
    stats = {
        "start_time": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "elapsed": timedelta(seconds=1.5),
        "price": Decimal("1299.99"),
        "ratio": float("nan"),
        "seen": {"a"},
        "item": LeadItem("directory", "L1", "http://x.test", name="A"),
    }
    safe = json_safe(stats)
    assert safe["start_time"] == "2026-01-02T03:04:05+00:00"
    assert (safe["elapsed"], safe["price"], safe["ratio"], safe["seen"]) == (
        1.5,
        "1299.99",
        None,
        ["a"],
    )
    assert safe["item"]["name"] == "A"


def test_nul_characters_can_be_made_visible_for_jsonb():
    assert dumps({"note": "a\x00b"}, strip_nul=True) == '{"note":"a\u2400b"}'
    assert dumps({"note": "a\x00b"}) == '{"note":"a\\u0000b"}'
