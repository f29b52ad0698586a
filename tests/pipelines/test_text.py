import random

import pytest

from pipelines.normalize.text import all_clean, clean_text, clean_texts


def test_html_entities_are_decoded():
    assert clean_text("Ben &amp; Jerry&#39;s") == "Ben & Jerry's"


def test_whitespace_runs_collapse_to_one_space_and_ends_are_trimmed():
    assert clean_text("  Joe's\n\t Pizza\u00a0\u00a0Grill  ") == "Joe's Pizza Grill"


def test_control_characters_and_nul_are_dropped():
    assert clean_text("Caf\x00e\x07 Nord") == "Cafe Nord"


def test_zero_width_characters_count_as_whitespace():
    assert clean_text("Coffee\u200bHouse") == "Coffee House"


def test_decomposed_accents_are_composed():
    assert clean_text("Cafe\u0301") == "Café"


def test_blank_text_is_none():
    assert clean_text(" \n ") is None
    assert clean_text(None) is None


def test_a_list_keeps_order_and_drops_blanks_and_repeats():
    assert clean_texts([" Bakery", "Coffee ", None, "", "Bakery", "coffee"]) == [
        "Bakery",
        "Coffee",
        "coffee",
    ]


def test_texts_clean_already_are_recognized_at_once():
    assert all_clean(["Nexa Book 12, 8 GB RAM", "Electronics", "Laptops", "B0NMYMHC1Q"])
    assert all_clean([])


@pytest.mark.parametrize(
    "texts",
    [[""], ["a", ""], ["", "a"], [" a"], ["a "], ["a", " b"], ["a ", "b"], ["a  b"],
     ["Tom &amp; Jerry"], ["a\tb"], ["a\x00"], ["a", 5]],
)  # fmt: skip
def test_texts_clean_text_would_change_are_not_taken_as_clean(texts):
    assert not all_clean(texts)


@pytest.mark.parametrize("texts", [["caf\u00e9"], ["a|"], ["|a"], ["a", "|b"]])
def test_clean_texts_the_joined_test_cannot_tell_are_left_to_clean_text(texts):
    assert [clean_text(text) for text in texts] == texts
    assert not all_clean(texts)


def test_all_clean_never_says_yes_where_clean_text_changes_a_text():
    rng = random.Random(11)
    # every kind of text clean_text's own test for clean text looks at (an entity, control
    # characters, other whitespace, non-ASCII that NFC changes), and the "|" that joins
    # texts; letters and spaces more often, so that many batches are clean. Each of
    # all_clean's conditions left out makes this test fail.
    pieces = ["a", "b", "ab"] * 3 + [" "] * 3 + [
        "|", "&amp;", "&", ";", "<", "\u00a0", "\t", "\n", "\x00", "\x7f", "\u00e9",
        "e\u0301", "\u200b",
    ]  # fmt: skip
    batches = [
        ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
         for _ in range(rng.randint(1, 4))]
        for _ in range(30000)
    ]  # fmt: skip
    said_clean = [texts for texts in batches if all_clean(texts)]
    assert len(said_clean) > 500  # both answers exercised
    assert [t for t in said_clean if [clean_text(x) for x in t] != t] == []
