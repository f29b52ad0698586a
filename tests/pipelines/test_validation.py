import pytest
from scrapy.utils.test import get_crawler

from pipelines.rejects import RejectedItem
from pipelines.valid_items import InvalidItem, validate_item
from pipelines.validation import ValidationPipeline
from spiders.items import LeadItem, ProductItem


def lead(**fields) -> LeadItem:
    values = {
        "source": "directory",
        "source_id": "L1",
        "url": "http://127.0.0.1:8700/d/L1",
        "name": "Joe's",
    }
    return LeadItem(**{**values, **fields})


def product(**fields) -> ProductItem:
    values = {
        "source": "marketplace",
        "source_id": "B0X",
        "url": "https://shop.example.com/p",
        "title": "Phone",
    }
    return ProductItem(**{**values, **fields})


def reason(item) -> str:
    with pytest.raises(InvalidItem) as error:
        validate_item(item)
    return str(error.value)


def test_a_complete_lead_and_product_are_valid():
    assert validate_item(lead(latitude=39.8, longitude=-89.6, rating=4.5, review_count=12))
    assert validate_item(product(rating=0, review_count=0, price="$12"))


def test_numbers_written_as_text_are_typed():
    item = validate_item(lead(rating="4.5", review_count="12", latitude="39.8", longitude="-89.6"))
    assert (item.rating, item.review_count, item.latitude, item.longitude) == (4.5, 12, 39.8, -89.6)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (lead(name=None), "name: is required"),
        (lead(name="   "), "name: must not be blank"),
        (product(title=""), "title: must not be blank"),
        (lead(source_id=""), "source_id: must not be blank"),
        (
            lead(url="/directory/biz/L1"),
            "url: must be an absolute http(s) URL (got '/directory/biz/L1')",
        ),
        (lead(rating=7.5), "rating: must be at most 5"),
        (product(rating=-1), "rating: must be at least 0"),
        (product(review_count=-3), "review_count: must be at least 0 (got -3)"),
        (lead(latitude=91, longitude=0), "latitude: must be at most 90"),
        (lead(latitude=0, longitude=-181), "longitude: must be at least -180"),
        (lead(latitude=39.8), "latitude and longitude must be given together"),
        (lead(rating=float("nan")), "rating: Input should be a finite number"),
        (product(title="x" * 1001), "title: String should have at most 1000 characters"),
        (lead(categories=["c"] * 51), "categories: List should have at most 50 items"),
        (product(review_count="many"), "review_count: Input should be a valid integer"),
    ],
)
def test_the_reason_names_the_field_and_what_is_wrong(item, expected):
    assert expected in reason(item)


def test_every_problem_of_an_item_is_reported():
    assert reason(lead(name="", rating=9)).count(";") == 1


@pytest.fixture
def crawler():
    return get_crawler()


def test_the_pipeline_counts_and_drops_an_invalid_item(crawler):
    pipeline = ValidationPipeline.from_crawler(crawler)
    with pytest.raises(RejectedItem) as dropped:
        pipeline.process_item(lead(rating=9))
    assert dropped.value.reason == "rating: must be at most 5.0 (got 9)"
    assert "LeadItem 'L1'" in str(dropped.value)
    assert crawler.stats.get_value("trawl/items_rejected") == 1


def test_the_pipeline_passes_valid_items_on_typed(crawler):
    pipeline = ValidationPipeline.from_crawler(crawler)
    assert pipeline.process_item(product(rating="4")).rating == 4.0
    assert crawler.stats.get_value("trawl/items_rejected") is None


def test_the_pipeline_leaves_other_items_alone(crawler):
    assert ValidationPipeline.from_crawler(crawler).process_item({"a": 1}) == {"a": 1}
