import pytest

from pipelines.normalize.phone import phone_e164
from pipelines.normalize.places import country_code


@pytest.mark.parametrize(
    "written",
    ["(217) 555-0142", "217-555-0142", "+1 217 555 0142", "217.555.0142", "tel:+12175550142"],
)
def test_us_numbers_in_every_national_format_give_one_e164(written):
    assert phone_e164(written) == "+12175550142"


def test_a_number_without_prefix_is_read_in_the_address_country():
    assert phone_e164("020 7946 0958", "GB") == "+442079460958"
    assert phone_e164("030 12345678", "Germany") == "+493012345678"


def test_an_international_prefix_wins_over_the_address_country():
    assert phone_e164("+44 20 7946 0958", "US") == "+442079460958"


def test_an_unknown_country_falls_back_to_the_us():
    assert phone_e164("217 555 0142", "Atlantis") == "+12175550142"


def test_an_extension_is_not_part_of_the_number():
    assert phone_e164("217-555-0142 ext. 12") == "+12175550142"


@pytest.mark.parametrize("written", ["12345", "not a phone", "", None, "030 1234567"])
def test_what_is_not_a_valid_number_is_none(written):
    assert phone_e164(written) is None


@pytest.mark.parametrize(
    ("written", "code"),
    [("us", "US"), ("USA", "US"), ("United States", "US"), ("U.S.A.", "US"), ("UK", "GB"),
     ("Deutschland", "DE"), ("fr", "FR"), ("Atlantis", None), ("", None), (None, None)],
)  # fmt: skip
def test_countries_are_read_as_alpha2_codes(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [("Espagne", "ES"), ("Россия", "RU"), ("Allemagne", "DE"), ("Spain,", "ES")],
)
def test_country_names_in_other_languages_are_read_too(written, code):
    assert country_code(written) == code
