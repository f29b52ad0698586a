import pytest

from pipelines.normalize.names import match_name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Joe's Pizza & Grill, LLC", "Joes Pizza and Grill"),
        ("The Coffee House Inc.", "Coffee House"),
        ("Müller Bäckerei GmbH", "Muller Backerei"),
        ("ACME Co., Ltd.", "Acme"),
        ("Smith + Sons L.L.C.", "smith and sons"),
    ],
)
def test_spellings_of_one_business_get_one_key(one, other):
    assert match_name(one) == match_name(other)


def test_the_key_is_lowercase_words():
    assert match_name("Joe's  Pizza & Grill, LLC") == "joes pizza and grill"


def test_a_name_that_is_only_a_legal_form_is_kept():
    assert match_name("Co") == "co"


def test_different_businesses_keep_different_keys():
    assert match_name("Blue Bottle Coffee") != match_name("Blue Bottle Bakery")


def test_no_name_is_an_empty_key():
    assert match_name(None) == ""
