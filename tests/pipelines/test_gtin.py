import pytest

from pipelines.normalize.gtin import gtin_check_digit, valid_gtin


@pytest.mark.parametrize(
    ("written", "gtin"),
    [
        ("4006381333931", "4006381333931"),  # EAN-13
        ("400-6381-333931", "4006381333931"),
        ("036000291452", "0036000291452"),  # UPC-A, spelled as its EAN-13
        ("96385074", "0000096385074"),  # GTIN-8
        ("00036000291452", "0036000291452"),  # GTIN-14 that is an EAN-13
        ("10036000291459", "10036000291459"),  # GTIN-14 of a case of them
    ],
)
def test_valid_gtins_are_spelled_one_way(written, gtin):
    assert valid_gtin(written) == gtin


def test_a_upc_and_its_ean_name_the_same_product():
    assert valid_gtin("036000291452") == valid_gtin("0036000291452")


@pytest.mark.parametrize(
    "written",
    ["4006381333932", "12345", "40063813339310000", "ABC6381333931", "00000000", "", None],
)
def test_invalid_gtins_are_none(written):
    assert valid_gtin(written) is None


def test_the_check_digit_follows_gs1():
    assert gtin_check_digit("400638133393") == 1
    assert gtin_check_digit("03600029145") == 2


def test_a_gtin_whose_leading_zeros_were_dropped_is_read_as_the_longer_gtin():
    assert valid_gtin("32429335302") == valid_gtin("032429335302") == "0032429335302"


def test_a_gtin_with_dropped_zeros_still_needs_its_check_digit():
    assert valid_gtin("32429335303") is None


def test_digits_of_other_scripts_are_read_and_digit_like_characters_are_not_digits():
    assert valid_gtin("٤٠٠٦٣٨١٣٣٣٩٣١") == "4006381333931"  # Arabic-Indic digits
    assert valid_gtin("4006381333931²") is None  # a superscript two: no digit, no error
    assert valid_gtin("400638133393²") is None


@pytest.mark.parametrize("length", [7, 8, 9, 10, 11, 12, 13, 14])
def test_every_length_agrees_with_the_check_digit_written_out(length):
    for number in range(0, 10**length, 10**length // 997 + 1):
        body = str(number).zfill(length - 1)[-(length - 1) :]
        written = [int(d) for d in reversed(body)]
        total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(written))
        assert gtin_check_digit(body) == (10 - total % 10) % 10
