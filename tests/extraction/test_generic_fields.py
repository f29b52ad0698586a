"""How single values read: prices, currencies, availability, GTINs, ratings, phones, e-mails.

Currencies, prices, availability, GTINs and countries are read by `pipelines.normalize`, the
same rules the pipelines apply; these cases say what generic extraction needs of them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.normalize import country_code, currency_code, parse_price, valid_gtin
from spiders.extraction.generic.addresses import address_from_text
from spiders.extraction.generic.contacts import contact_email, emails_in_text, phone_entry
from spiders.extraction.generic.fields import format_amount, stated_availability
from spiders.extraction.generic.ratings import parse_count, parse_rating, rating_out_of_five


@pytest.mark.parametrize(
    "written,country,code",
    [
        ("£", None, "GBP"),
        ("€", None, "EUR"),
        ("EUR", None, "EUR"),
        ("$", None, "USD"),
        ("$", "CA", "CAD"),
        ("$", "AU", "AUD"),
        ("US$", "CA", "USD"),
        ("kr", "NO", "NOK"),
        ("kr", "DK", "DKK"),
        ("zł", None, "PLN"),
        ("CHF", None, "CHF"),
        ("₹", None, "INR"),
    ],
)
def test_currency_symbols_become_iso_codes_with_the_page_country_settling_shared_ones(
    written, country, code
):
    assert currency_code(written, country) == code


def test_an_unknown_currency_is_none_not_a_guess():
    assert currency_code("doubloons") is None


@pytest.mark.parametrize(
    "text,amount,currency",
    [
        ("From £1,049.00", "1049.00", "£"),
        ("1.299,99 €", "1299.99", "€"),
        ("$17.99", "17.99", "$"),
        ("CHF 12.50", "12.50", "CHF"),
    ],
)
def test_prices_read_in_the_formats_shops_write(text, amount, currency):
    found = parse_price(text)
    assert (format_amount(found.amount), found.currency_text) == (amount, currency)


def test_amounts_print_as_plain_decimals_never_in_exponent_form():
    assert format_amount(Decimal("1E+3")) == "1000"


@pytest.mark.parametrize(
    "phrase,state",
    [
        ("In stock", "InStock"),
        ("Only 3 left in stock", "InStock"),
        ("Out of stock", "OutOfStock"),
        ("Sold out", "OutOfStock"),
        ("Pre-order now", "PreOrder"),
        ("Auf Lager", "InStock"),
        ("Sofort lieferbar", "InStock"),
        ("Nicht auf Lager", "OutOfStock"),
        ("Derzeit nicht verfügbar", "OutOfStock"),
        ("En stock", "InStock"),
        ("Rupture de stock", "OutOfStock"),
        ("Précommande", "PreOrder"),
        ("Disponible", "InStock"),
        ("No disponible", "OutOfStock"),
        ("Agotado", "OutOfStock"),
        ("Disponibile", "InStock"),
        ("Non disponibile", "OutOfStock"),
        ("Esaurito", "OutOfStock"),
        ("Op voorraad", "InStock"),
        ("Niet op voorraad", "OutOfStock"),
        ("Uitverkocht", "OutOfStock"),
    ],
)
def test_availability_phrases_in_six_languages(phrase, state):
    assert stated_availability(phrase) == state


def test_a_text_without_an_availability_phrase_says_nothing():
    assert stated_availability("Free delivery on orders over £50") is None


@pytest.mark.parametrize(
    "value,state",
    [
        ("http://schema.org/InStock", "InStock"),
        ("https://schema.org/OutOfStock", "OutOfStock"),
        ("SoldOut", "OutOfStock"),
        ("https://schema.org/PreOrder", "PreOrder"),
        # back-ordered: bought now, shipped later; a buyer (and the pipelines) read it as
        # out of stock
        ("https://schema.org/BackOrder", "OutOfStock"),
        ("in stock", "InStock"),  # OpenGraph's product:availability
        (["http://schema.org/InStock", "http://schema.org/InStock"], "InStock"),
    ],
)
def test_structured_availability_values(value, state):
    assert stated_availability(value) == state


def test_a_upc_with_its_leading_zero_dropped_is_a_valid_gtin():
    assert valid_gtin("32429335302") == "0032429335302"  # spelled as its EAN-13


def test_an_ean_with_a_wrong_check_digit_is_no_gtin():
    assert valid_gtin("4006381333931") == "4006381333931"
    assert valid_gtin("4006381333932") is None


@pytest.mark.parametrize(
    "text,rating,best",
    [
        ("4.6", 4.6, None),
        ("4,5 von 5", 4.5, 5.0),
        ("9/10", 9.0, 10.0),
        ("Three", 3.0, None),
    ],
)
def test_ratings_read_as_written_with_their_scale(text, rating, best):
    assert parse_rating(text) == (rating, best)


def test_ratings_on_other_scales_come_out_of_five():
    assert rating_out_of_five("9/10") == 4.5
    assert rating_out_of_five("8.4", best="10") == 4.2


@pytest.mark.parametrize(
    "text,count", [("2,989 reviews", 2989), ("52", 52), ("1.2k ratings", 1200), (775, 775)]
)
def test_review_counts(text, count):
    assert parse_count(text) == count


def test_a_phone_keeps_its_written_form_and_gains_e164_for_the_business_country():
    assert phone_entry("958 37 30 46", "ES") == {"raw": "958 37 30 46", "e164": "+34958373046"}
    assert phone_entry("tel:+34958490405") == {"raw": "+34958490405", "e164": "+34958490405"}


def test_a_phone_that_libphonenumber_cannot_place_has_no_e164():
    assert phone_entry("12345", None) == {"raw": "12345", "e164": None}


def test_emails_are_lowercased_and_stripped_of_mailto_and_query():
    assert contact_email("mailto:Info@DJMania.es?subject=Hola") == "info@djmania.es"


def test_obfuscated_emails_are_read():
    text = "Write to info [at] shop [dot] com or sales(at)shop.de"
    assert emails_in_text(text) == ["info@shop.com", "sales@shop.de"]


def test_image_names_and_tracking_addresses_are_not_emails():
    assert emails_in_text("logo@2x.png 7ac98d07@o211375.ingest.sentry.io") == []


@pytest.mark.parametrize(
    "name,code",
    [("Spain", "ES"), ("España", "ES"), ("Espagne", "ES"), ("Deutschland", "DE"), ("UK", "GB")],
)
def test_country_names_in_several_languages_become_iso_codes(name, code):
    assert country_code(name) == code


def test_a_us_address_line_is_split_by_usaddress():
    address = address_from_text("497 Rogers Ave, Brooklyn, NY 11225")
    assert (address["street"], address["city"], address["region"], address["postal_code"]) == (
        "497 Rogers Ave",
        "Brooklyn",
        "NY",
        "11225",
    )
    assert address["country"] == "US"


def test_a_european_address_line_is_split_and_its_country_named():
    address = address_from_text("Hauptstraße 5, 50667 Köln, Deutschland")
    assert (address["street"], address["postal_code"], address["city"], address["country"]) == (
        "Hauptstraße 5",
        "50667",
        "Köln",
        "DE",
    )


def test_a_breadcrumb_whose_position_is_no_number_is_still_read():
    from spiders.extraction.generic.product import breadcrumb_names
    from spiders.extraction.generic.structured import StructuredData

    trail = {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": "2", "name": "Lamps"},
        {"@type": "ListItem", "position": "²", "name": "Lighting"},  # str.isdigit() says yes
    ]}  # fmt: skip
    assert breadcrumb_names(StructuredData([trail]), None) == ["Lighting", "Lamps"]
