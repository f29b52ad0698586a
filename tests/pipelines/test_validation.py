import asyncio
import dataclasses

import pytest
from pydantic import ValidationError
from scrapy.utils.test import get_crawler

from pipelines import valid_items
from pipelines.plainly_valid import ProductBounds, max_length, plainly_valid_product
from pipelines.rejects import RejectedItem
from pipelines.valid_items import (
    PRODUCT_BOUNDS,
    InvalidItem,
    ValidProduct,
    price_problem,
    validate_item,
)
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
        asyncio.run(pipeline.process_item(lead(rating=9)))
    assert dropped.value.reason == "rating: must be at most 5.0 (got 9)"
    assert "LeadItem 'L1'" in str(dropped.value)
    assert crawler.stats.get_value("trawl/items_rejected") == 1


def test_the_pipeline_passes_valid_items_on_typed(crawler):
    pipeline = ValidationPipeline.from_crawler(crawler)
    assert asyncio.run(pipeline.process_item(product(rating="4"))).rating == 4.0
    assert crawler.stats.get_value("trawl/items_rejected") is None


def test_the_pipeline_leaves_other_items_alone(crawler):
    assert asyncio.run(ValidationPipeline.from_crawler(crawler).process_item({"a": 1})) == {"a": 1}


# -- the shortcut for plainly valid products (pipelines/plainly_valid.py) -------------------


def at_the_bounds() -> list[ProductItem]:
    """Products at and just past every bound the shortcut checks, and odd values of each
    field: built from the shortcut's own bounds, read from the model."""
    bounds = PRODUCT_BOUNDS
    edges = []
    for name, bound in bounds.texts.items():
        edges += [{name: "x" * bound}, {name: "x" * (bound + 1)}]
    for name, (items, length) in bounds.lists.items():
        edges += [{name: ["x"] * items}, {name: ["x"] * (items + 1)}, {name: ["x" * length]},
                  {name: ["x" * (length + 1)]}, {name: ("x",)}, {name: [None]}]  # fmt: skip
    edges += [
        {"title": "x" * bounds.title_max}, {"title": "x" * (bounds.title_max + 1)}, {"title": " T"},
        {"title": "T\x1c"}, {"title": "\u3000T"}, {"title": "\u200bT"}, {"title": ""},
        {"title": None}, {"title": 5},
        {"source": "s" * 64}, {"source": "s" * 65}, {"source": "a b"}, {"source": "a:b.c_d-e"},
        {"source": " a"}, {"source": "é"},
        {"source_id": "i" * bounds.source_id_max}, {"source_id": "i" * (bounds.source_id_max + 1)},
        {"source_id": "a\x00b"}, {"source_id": "a\x85b"}, {"source_id": "x\n"}, {"source_id": " "},
        {"url": "https://h" + "/p" * ((bounds.url_max - 9) // 2)},
        {"url": "https://h/" + "p" * bounds.url_max},
        {"url": "ftp://h"}, {"url": "https:///x"}, {"url": "HTTPS://H"}, {"url": "http:// h"},
        {"url": "https://h/\x7f"}, {"url": "//h/p"},
        {"rating": 0.0}, {"rating": 5.0}, {"rating": 5.000001}, {"rating": -0.0},
        {"rating": -1e-9}, {"rating": float("nan")}, {"rating": float("inf")}, {"rating": 4},
        {"rating": "4.5"}, {"rating": True},
        {"review_count": 0}, {"review_count": -1}, {"review_count": True}, {"review_count": "3"},
        {"review_count": 10**30}, {"review_count": 2.0},
        {"brand": "caf\udce9"}, {"category_path": ["caf\udce9"]}, {"raw": {"caf\udce9": 1}},
        {"raw": {1: "x"}}, {"raw": [("k", "v")]}, {"raw": {"k": "caf\udce9"}}, {"brand": 5},
        {"price": "-5"}, {"price": "USD 99999999999999"}, {"price": "USD 100000000000000"},
        {"price": "1.299,99 €"}, {"price": "Free"}, {"price": "\u2212 3 EUR"},
    ]  # fmt: skip
    return [product(**edge) for edge in edges]


def the_model_accepts(item: ProductItem) -> bool:
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    try:
        ValidProduct.model_validate(values)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("item", at_the_bounds())
def test_the_shortcut_never_passes_a_product_the_model_rejects(item):
    if plainly_valid_product(item, PRODUCT_BOUNDS) and (
        item.price is None or price_problem(item.price) is None
    ):
        assert the_model_accepts(item)


@pytest.mark.parametrize("item", at_the_bounds())
def test_validation_gives_what_the_model_gives_with_or_without_the_shortcut(item, monkeypatch):
    def outcome():
        try:
            return repr(validate_item(item))
        except InvalidItem as error:
            return f"rejected: {error}"

    with_shortcut = outcome()
    monkeypatch.setattr(valid_items, "_PRODUCT_SHORTCUT", False)
    assert with_shortcut == outcome()


def test_the_shortcut_takes_a_plain_product_and_checks_every_field_of_the_model():
    assert plainly_valid_product(product(price="$12", rating=4.5, review_count=3, brand="B",
                                         category_path=["a"], image_urls=["http://x.test/i"],
                                         raw={"specs": {"a": 1}}), PRODUCT_BOUNDS)  # fmt: skip
    assert valid_items._PRODUCT_SHORTCUT


def test_the_shortcuts_bounds_are_the_models_and_a_field_it_cannot_check_turns_it_off():
    assert PRODUCT_BOUNDS.texts["brand"] == 300
    assert PRODUCT_BOUNDS.lists["image_urls"] == (100, 4096)
    assert PRODUCT_BOUNDS.source.pattern == "[A-Za-z0-9_.:-]{1,64}"

    class Wider(ValidProduct):
        colour: int | None = None  # not a bounded text: the shortcut cannot answer for it

    assert ProductBounds.of(Wider).fields() != set(Wider.model_fields)
    with pytest.raises(ValueError, match="no max_length"):
        max_length([])
