"""The matching macros: names, streets, phones and product titles spelled one way in SQL."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.normalize.names import match_name
from sandbox.world import build_world
from warehouse.macros import register_macros


@pytest.fixture(scope="module")
def sql():
    con = duckdb.connect()
    register_macros(con)

    def run(expression: str, *values):
        return con.execute(f"select {expression}", list(values)).fetchone()[0]

    yield run
    con.close()


NAMES = [
    "Joe's Pizza & Grill, LLC", "The Coffee House Inc.", "Müller Bäckerei GmbH", "ACME Co., Ltd.",
    "Smith + Sons L.L.C.", "Co", "The Co", "the", "O’Brien’s Pub", "  Café  Zürich  ", "",
    "Bread and Butter", "arnie mortons of chicago", "steak house  the", "B & G Club",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_match_name_in_sql_agrees_with_python(sql, name):
    assert (sql("match_name(?)", name) or "") == match_name(name)


def test_match_name_agrees_with_python_on_every_sandbox_business_name():
    names = sorted({b.name for b in build_world(7, 600, 10).businesses})
    con = duckdb.connect()
    register_macros(con)
    spelled = dict(
        con.execute("select name, match_name(name) from unnest(?) as t(name)", [names]).fetchall()
    )
    assert {name: spelled[name] or "" for name in names} == {
        name: match_name(name) for name in names
    }


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("1200 North Main Street", "1200 N. Main St."),
        ("435 S. La Cienega Blv.", "435 s la cienega boulevard"),
        ("747 Ninth Avenue", "747 9th ave"),
    ],
)
def test_one_street_written_two_ways_gets_one_key(sql, one, other):
    assert sql("street_key(?)", one) == sql("street_key(?)", other)


def test_a_street_key_is_lowercase_words(sql):
    assert sql("street_key(?)", "1200 North Main Street, Suite 5") == "1200 n main st ste 5"


@pytest.mark.parametrize("written", ["(217) 555-0142", "+1 217 555 0142", "555.0142", "2175550142"])
def test_phone_local_is_the_last_seven_digits_however_written(sql, written):
    assert sql("phone_local(?)", written) == "5550142"


def test_a_phone_of_fewer_than_seven_digits_has_no_local_number(sql):
    assert sql("phone_local(?)", "555-01") is None


@pytest.mark.parametrize(
    "title",
    [
        "Apple iPhone 15 128GB Black",
        "iPhone 15 (128 GB) - Black",
        "APPLE iPhone 15, Black, 128GB",
        "New Apple iPhone 15 128GB Black - Unlocked",
    ],
)
def test_one_product_titled_four_ways_has_one_set_of_features(sql, title):
    features = sql(
        "{'measures': title_measures(k), 'colours': title_colours(k), "
        "'core': title_core_words(k, title_measures(k), title_colours(k), ['apple'])} "
        "from (select title_key(?) as k)",
        title,
    )
    assert features == {"measures": ["128gb"], "colours": ["black"], "core": ["15", "iphone"]}


@pytest.mark.parametrize(
    ("written", "measure"),
    [
        ('Samsung 27" Monitor', "27inch"), ("Dell 27-Inch Monitor", "27inch"),
        ("Nikon 10.0 Megapixels", "10mp"), ("KitchenAid 5-Quart Mixer", "5qt"),
        ("Kettle 1.7 L", "1_7l"), ("Sony TV 1080p", "1080p"),
    ],
)  # fmt: skip
def test_measures_are_spelled_one_way(sql, written, measure):
    assert measure in sql("title_measures(title_key(?))", written)


def test_model_numbers_are_read_without_separators(sql):
    codes = sql("title_codes(?)", "Belkin F3H982-10 Cable - F3H98210, Sony WH-1000XM5, 706018")
    assert codes == ["706018", "f3h98210", "wh1000xm5"]


def test_measures_and_short_words_are_not_model_numbers(sql):
    assert sql("title_codes(?)", "iPhone 15 128GB 1080p S24") == []
