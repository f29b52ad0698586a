from datetime import UTC, datetime

from sqlalchemy import Float, Numeric

from pipelines.models import ContactObservation, LeadObservation, ProductObservation
from pipelines.normalize.items import normalize_lead, normalize_product
from pipelines.observations import (
    CONTACTS,
    LEADS,
    NUMERIC_COLUMNS,
    PRODUCTS,
    lead_values,
    observation_row,
    product_values,
)
from spiders.items import ContactItem, LeadItem, ProductItem

SEEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def lead(**fields) -> LeadItem:
    return normalize_lead(LeadItem("directory", "L1", "http://x.test/L1", **fields))


def product(**fields) -> ProductItem:
    return normalize_product(ProductItem("marketplace", "B0X", "http://x.test/p", **fields))


def test_the_columns_are_those_of_the_models():
    pairs = ((LeadObservation, LEADS), (ProductObservation, PRODUCTS),
             (ContactObservation, CONTACTS))  # fmt: skip
    for model, table in pairs:
        assert table.columns == tuple(c.name for c in model.__table__.columns if c.name != "id")


def test_the_numeric_columns_are_those_the_models_store_as_numeric():
    models = (LeadObservation, ProductObservation, ContactObservation)
    numeric = {c.name for model in models for c in model.__table__.columns
               if isinstance(c.type, Numeric) and not isinstance(c.type, Float)}  # fmt: skip
    assert numeric == NUMERIC_COLUMNS


def test_a_price_is_the_same_content_however_many_zeros_it_is_written_with():
    assert hash_of(product(title="T", price="5")) == hash_of(product(title="T", price="5.00"))
    assert hash_of(product(title="T", price="5")) != hash_of(product(title="T", price="5.01"))


def test_a_lead_row_keeps_the_phone_as_written_beside_the_e164_one():
    values = lead_values(lead(name="A", phone="(217) 555-0142", website="https://www.joes.com/x"))
    assert (values["phone_raw"], values["phone"]) == ("(217) 555-0142", "+12175550142")
    assert values["website_domain"] == "joes.com"


def test_a_product_row_has_a_numeric_price_and_the_text_it_came_from():
    values = product_values(product(title="T", price="$1,299.99"))
    assert (str(values["price"]), values["price_raw"], values["currency"]) == (
        "1299.99",
        "$1,299.99",
        "USD",
    )


def test_rows_are_in_column_order_with_json_columns_as_text():
    row = dict(
        zip(
            LEADS.columns,
            observation_row(lead(name="A", categories=["Cafe"]), 7, SEEN),
            strict=True,
        )
    )
    assert (row["crawl_run_id"], row["observed_at"], row["categories"]) == (7, SEEN, '["Cafe"]')


def hash_of(item, crawl_run_id=1, seen=SEEN) -> str:
    table = LEADS if isinstance(item, LeadItem) else PRODUCTS
    return dict(zip(table.columns, observation_row(item, crawl_run_id, seen), strict=True))[
        "content_hash"
    ]


def test_the_same_content_seen_again_has_the_same_hash():
    later = datetime(2026, 2, 1, tzinfo=UTC)
    assert hash_of(product(title="T", price="$5"), 1, SEEN) == hash_of(
        product(title="T", price="$5"), 2, later
    )


def test_another_spelling_of_the_same_phone_or_price_is_the_same_content():
    assert hash_of(lead(name="A", phone="217-555-0142")) == hash_of(
        lead(name="A", phone="(217) 555-0142")
    )
    assert hash_of(product(title="T", price="$5.00")) == hash_of(
        product(title="T", price="USD 5.00")
    )


def test_changed_content_has_another_hash():
    assert hash_of(product(title="T", price="$5")) != hash_of(product(title="T", price="$6"))


def test_raw_extras_do_not_change_the_hash():
    assert hash_of(lead(name="A", raw={"session": "1"})) == hash_of(
        lead(name="A", raw={"session": "2"})
    )


def contact_hash(emails) -> str:
    item = ContactItem("directory", "L1", "http://x.test/", emails=emails)
    return dict(zip(CONTACTS.columns, observation_row(item, 1, SEEN), strict=True))["content_hash"]


def test_records_in_a_different_key_order_are_the_same_content():
    one = [{"email": "a@x.test", "role": False, "pages": ["http://x.test/"]}]
    other = [{"pages": ["http://x.test/"], "role": False, "email": "a@x.test"}]
    assert contact_hash(one) == contact_hash(other)
    assert contact_hash(one) != contact_hash([{**one[0], "role": True}])


def test_a_number_and_its_text_are_not_the_same_content():
    assert hash_of(product(title="T", review_count=5)) != hash_of(
        product(title="T", review_count="5")
    )
