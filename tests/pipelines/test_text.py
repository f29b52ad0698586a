from pipelines.normalize.text import clean_text, clean_texts


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
