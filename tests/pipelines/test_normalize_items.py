import asyncio
from decimal import Decimal

import pytest
from scrapy.utils.test import get_crawler

from pipelines.normalization import NormalizationPipeline
from pipelines.normalize.items import normalize_lead, normalize_product
from pipelines.rejects import RejectedItem
from spiders.items import LeadItem, ProductItem


def lead(**fields) -> LeadItem:
    return LeadItem(
        source="directory", source_id="L1", url="http://127.0.0.1:8700/directory/biz/L1", **fields
    )


def product(**fields) -> ProductItem:
    return ProductItem(
        source="marketplace",
        source_id="B0ABCDEF12",
        url="http://127.0.0.1:8700/market/p/B0ABCDEF12",
        **fields,
    )


def test_a_lead_comes_out_in_one_spelling():
    item = normalize_lead(lead(
        name=" Joe&#39;s  Pizza ", categories=["Pizza", " pizza", "Pizza"], phone="(217) 555-0142",
        emails=["Info [at] JoesPizza [dot] com"], website="www.JoesPizza.com/", country="USA",
        city=" Springfield ", opening_hours="Mo-Fr\n 9:00-17:00",
    ))  # fmt: skip
    assert item.name == "Joe's Pizza"
    assert item.categories == ["Pizza", "pizza"]
    assert item.phone == "+12175550142"
    assert item.emails == ["info@joespizza.com"]
    assert item.website == "http://www.joespizza.com/"
    assert (item.country, item.city) == ("US", "Springfield")
    assert item.opening_hours == "Mo-Fr 9:00-17:00"


def test_what_the_page_wrote_for_rewritten_fields_is_kept_in_raw():
    item = normalize_lead(lead(name="A", phone="217.555.0142", raw={"fax": "n/a"}))
    assert item.raw == {"fax": "n/a", "as_written": {"phone": "217.555.0142"}}


def test_the_phone_is_read_in_the_country_of_the_address():
    assert (
        normalize_lead(lead(name="A", phone="020 7946 0958", country="GB")).phone == "+442079460958"
    )


def test_a_product_comes_out_in_one_spelling():
    item = normalize_product(product(
        title="Apple iPhone 15 &ndash; 128GB", price="1.299,99 €", gtin="036000291452",
        availability="http://schema.org/InStock", category_path=[" Phones ", ""],
        image_urls=["HTTP://IMG.Example.com/a.jpg#x"],
    ))  # fmt: skip
    assert item.title == "Apple iPhone 15 – 128GB"
    assert (Decimal(item.price), item.currency) == (Decimal("1299.99"), "EUR")
    assert item.gtin == "0036000291452"
    assert item.availability == "InStock"
    assert item.category_path == ["Phones"]
    assert item.image_urls == ["http://img.example.com/a.jpg"]
    assert item.raw["as_written"] == {
        "price": "1.299,99 €", "gtin": "036000291452", "availability": "http://schema.org/InStock"
    }  # fmt: skip


def test_an_invalid_gtin_becomes_none_and_stays_in_raw():
    item = normalize_product(product(title="T", gtin="4006381333932"))
    assert item.gtin is None
    assert item.raw["as_written"]["gtin"] == "4006381333932"


def test_the_currency_hint_of_the_item_is_used():
    item = normalize_product(product(title="T", price="45.00", currency="usd"))
    assert (item.price, item.currency) == ("45.00", "USD")


def test_normalizing_twice_changes_nothing():
    once_lead = normalize_lead(
        lead(name="A", phone="(217) 555-0142", website="joes.com", emails=["a [at] b [dot] com"])
    )
    assert normalize_lead(once_lead) == once_lead
    once_product = normalize_product(
        product(title="T", price="£12", gtin="036000291452", availability="Sold out")
    )
    assert normalize_product(once_product) == once_product


def test_the_pipeline_hands_on_the_same_item_types():
    pipeline = NormalizationPipeline.from_crawler(get_crawler())
    assert isinstance(asyncio.run(pipeline.process_item(lead(name="A"))), LeadItem)
    assert isinstance(asyncio.run(pipeline.process_item(product(title="T"))), ProductItem)
    assert asyncio.run(pipeline.process_item({"other": "item"})) == {"other": "item"}


def test_an_item_a_normalizer_fails_on_is_rejected_with_the_error_not_lost(monkeypatch):
    def failing(item):
        raise ValueError("no such digit: '²'")

    monkeypatch.setattr("pipelines.normalization.normalize_item", failing)
    crawler = get_crawler()
    pipeline = NormalizationPipeline.from_crawler(crawler)
    item = product(title="T", gtin="4006381333931²")
    with pytest.raises(RejectedItem) as rejected:
        asyncio.run(pipeline.process_item(item))
    assert rejected.value.reason == "could not be normalized: ValueError(\"no such digit: '²'\")"
    assert crawler.stats.get_value("trawl/items_rejected") == 1
