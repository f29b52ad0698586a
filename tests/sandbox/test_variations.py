"""How one business is spelled differently: the pure variation functions."""

from __future__ import annotations

import random

from sandbox import variations


def test_phone_styles_write_one_number_four_ways():
    written = {variations.format_phone("+12175550142", style) for style in range(4)}
    assert written == {"(217) 555-0142", "217-555-0142", "+1 217 555 0142", "217.555.0142"}


def test_street_abbreviation_shortens_the_suffix_and_keeps_the_number():
    street = variations.abbreviate_street("1200 North Main Street", random.Random(1))
    assert street.startswith("1200 ")
    assert street.split(" ")[-1] in ("St.", "St")
    assert "Main" in street


def test_street_without_known_words_has_no_abbreviation():
    assert variations.abbreviate_street("12 Broadway", random.Random(1)) is None


def test_ampersand_and_and_swap_both_ways():
    assert variations.swap_ampersand("Smith & Jones Dental") == "Smith and Jones Dental"
    assert variations.swap_ampersand("Bread and Butter") == "Bread & Butter"
    assert variations.swap_ampersand("Blue Bean Café") is None


def test_legal_suffix_is_dropped_in_any_spelling():
    assert variations.drop_legal_suffix("Ace Plumbing LLC") == "Ace Plumbing"
    assert variations.drop_legal_suffix("Floyd Electric Co. Inc.") == "Floyd Electric"
    assert variations.drop_legal_suffix("Acme, Inc.") == "Acme"
    assert variations.drop_legal_suffix("Ace Plumbing") is None


def test_a_typo_changes_one_word_by_one_letter():
    for seed in range(30):
        name = "Golden Crust Bakehouse"
        slipped = variations.typo(name, random.Random(seed))
        changed = [(a, b) for a, b in zip(name.split(), slipped.split()) if a != b]
        assert len(changed) == 1
        before, after = changed[0]
        assert abs(len(before) - len(after)) <= 1


def test_website_forms_keep_the_domain_and_a_scheme():
    for seed in range(30):
        url = variations.website_url("bluebean.com", random.Random(seed))
        assert url.startswith(("http://", "https://"))
        assert "bluebean.com" in url
