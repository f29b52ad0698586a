"""Batches: items added now, their rows made together later (a hundred at a time, and when
the batch is flushed), the items then let go."""

from datetime import UTC, datetime

from pipelines.batches import ROWS_AT_ONCE, Batch
from pipelines.normalize.items import normalize_product
from pipelines.observations import PRODUCTS, observation_row
from spiders.items import ProductItem

SEEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def product(source_id: str, **fields) -> ProductItem:
    return normalize_product(
        ProductItem("marketplace", source_id, f"http://x.test/p/{source_id}", title="T", **fields)
    )


def test_rows_made_at_flush_are_the_rows_of_the_items_when_they_came():
    items = [product("A", price="$5"), product("B", category_path=["Home", "Lamps"])]
    batch = Batch()
    for item in items:
        batch.add_item(PRODUCTS, item, SEEN)
    assert len(batch) == 2 and batch.age() >= 0
    assert batch.build_rows(7) == 0
    pending = batch.tables[PRODUCTS.name]
    assert pending.rows == [observation_row(item, 7, SEEN) for item in items]
    assert len(batch) == 2 and not batch.unbuilt


def test_an_item_whose_row_cannot_be_made_is_a_reject_and_the_others_are_kept():
    odd = ProductItem("marketplace", "odd", "http://x.test/p", price=object())  # not a number
    batch = Batch()
    batch.add_item(PRODUCTS, product("A"), SEEN)
    batch.add_item(PRODUCTS, odd, SEEN)
    batch.add_item(PRODUCTS, product("B"), SEEN)
    assert batch.build_rows(7) == 1
    assert [row[2] for row in batch.tables[PRODUCTS.name].rows] == ["A", "B"]  # source_id
    assert len(batch) == 3  # two rows and the reject: nothing counted twice or lost
    (reject,) = batch.rejects
    assert (reject.source_id, reject.crawl_run_id) == ("odd", 7)
    assert reject.reason.startswith("could not make its row: TypeError(")


def test_rows_are_due_once_a_hundred_items_wait_and_then_only_the_rows_are_held():
    batch = Batch()
    for i in range(ROWS_AT_ONCE - 1):
        batch.add_item(PRODUCTS, product(f"P{i}"), SEEN)
    assert not batch.rows_due()
    batch.add_item(PRODUCTS, product("last"), SEEN)
    assert batch.rows_due()
    assert batch.build_rows(7) == 0
    assert not batch.rows_due() and not batch.unbuilt  # only the rows are held now
    assert len(batch) == ROWS_AT_ONCE == len(batch.tables[PRODUCTS.name].rows)
