"""Prices: our parse_price against price-parser's own real-world cases, and the currency rules."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from price_parser.parser import extract_price_text, parse_number

from pipelines.normalize.currency import AMBIGUOUS, ISO_4217, currency_code
from pipelines.normalize.price import amount_and_currency, parse_amount, parse_price
from pipelines.normalize.text import clean_text

CASES_FILE = Path(__file__).parent / "data" / "price_parser_cases.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines()]
# upstream marks these as expected to fail (currencies not yet supported, known bugs)
EXPECTED_TO_WORK = [case for case in CASES if "XFAIL" not in case["list"]]


def case_id(case):
    return f"{case['list']}:{case['price_raw']!r}"


def test_the_real_world_cases_are_all_there():
    assert len(CASES) == 1176
    assert len(EXPECTED_TO_WORK) == 1042


@pytest.mark.parametrize("case", EXPECTED_TO_WORK, ids=case_id)
def test_amount_and_currency_agree_with_price_parser_on_real_world_cases(case):
    parsed = parse_price(case["price_raw"], case["currency_hint"], case["decimal_separator"])
    expected = case["expected_amount"]
    assert parsed.amount == (None if expected is None else Decimal(expected))
    assert parsed.currency_text == case["expected_currency"]


def test_every_currency_in_the_real_world_cases_maps_to_iso_or_is_declared_ambiguous():
    named = {c["expected_currency"] for c in EXPECTED_TO_WORK if c["expected_currency"]}
    unmapped = {
        text
        for text in named
        if currency_code(text) is None and text.strip().rstrip(".").lower() not in AMBIGUOUS
    }
    assert unmapped == set()
    assert {currency_code(text) for text in named} - {None} <= ISO_4217


@pytest.mark.parametrize(
    ("written", "amount", "currency"),
    [
        ("$1,299.99", "1299.99", "USD"),
        ("1.299,99 €", "1299.99", "EUR"),
        ("£12", "12", "GBP"),
        ("USD 45.00", "45.00", "USD"),
        ("45,00 zł", "45.00", "PLN"),
        ("1 299 руб.", "1299", "RUB"),
        ("R$ 10,50", "10.50", "BRL"),
        ("C$ 19.99", "19.99", "CAD"),
        ("CHF 1'234.50", "1234.50", "CHF"),
    ],
)
def test_prices_as_pages_write_them(written, amount, currency):
    parsed = parse_price(written)
    assert (parsed.amount, parsed.currency) == (Decimal(amount), currency)


def test_an_iso_code_hint_wins_over_the_symbol_in_the_text():
    assert parse_price("$12", currency_hint="CAD").currency == "CAD"
    assert parse_price("12.00", currency_hint="eur").currency == "EUR"


def test_a_symbol_hint_names_the_currency_when_the_text_has_none():
    assert parse_price("12.00", currency_hint="€").currency == "EUR"


def test_html_and_odd_spaces_in_the_text_do_not_disturb_parsing():
    assert parse_price("&pound;1,234\u00a0.50 ").amount == Decimal("1234.50")


def test_an_ambiguous_symbol_gives_no_currency_rather_than_a_guess():
    parsed = parse_price("¥1200")
    assert parsed.amount == Decimal(1200)
    assert parsed.currency is None
    assert parsed.currency_text == "¥"


def test_text_without_a_number_has_no_amount():
    assert parse_price("Call for price").amount is None
    assert parse_price(None).amount is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("usd", "USD"), ("€", "EUR"), ("руб.", "RUB"), ("Kč", "CZK"), ("kr", None), ("", None)],
)
def test_currency_codes_from_symbols_words_and_codes(text, code):
    assert currency_code(text) == code


@pytest.mark.parametrize(
    ("text", "country", "code"),
    [("$", "CA", "CAD"), ("$", "Australia", "AUD"), ("kr", "NO", "NOK"), ("kr", "DK", "DKK"),
     ("¥", "JP", "JPY"), ("¥", "CN", "CNY"), ("US$", "CA", "USD"), ("€", "US", "EUR")],
)  # fmt: skip
def test_the_country_a_price_is_written_for_settles_a_shared_symbol(text, country, code):
    assert currency_code(text, country) == code


def test_a_country_that_does_not_use_the_symbol_changes_nothing():
    assert currency_code("$", "DE") == "USD"
    assert currency_code("kr", "DE") is None


def test_a_price_is_read_in_the_country_it_is_written_for():
    assert parse_price("$12.50", country="CA").currency == "CAD"
    assert parse_price("$12.50").currency == "USD"


def test_the_amount_alone_is_what_the_full_parse_gives():
    texts = [case["price_raw"] for case in CASES] + [None, "", "  ", "&#36;1,299.99", "-5.00"]
    assert [parse_amount(text) for text in texts] == [parse_price(text).amount for text in texts]


def price_parsers_amount(text):
    """price-parser's own reading of the amount, without our shortcut for plain prices."""
    cleaned = clean_text(text)
    amount_text = None if cleaned is None else extract_price_text(cleaned)
    return None if amount_text is None else parse_number(amount_text)


PLAIN_AND_NEARLY_PLAIN = [
    f"{before}{number}{after}"
    for before in ("", "$", "USD ", "£", "€", "from ", "-", "Rs. ", "$.", "EUR ")
    for number in ("0", "7", "12.5", "1991.83", "007.50", "1.299", "1,299", "12.", "99999999999999",
                   "1,181.83", "1.403,99", "979,00", "54,4", "1,284", "12,345,678.90",
                   "1.234.567,89", "1,5", "1.2.3", "1,23,45", "12.345,6789", "1,,2")
    for after in ("", " EUR", "€", " €", "/mo", " %", "%", ".", " each", ",-", " 99", "€ 99")
]  # fmt: skip


@pytest.mark.parametrize("text", [case["price_raw"] for case in CASES] + PLAIN_AND_NEARLY_PLAIN)
def test_the_amount_is_price_parsers_own_reading(text):
    amount, expected = parse_amount(text), price_parsers_amount(text)
    assert (amount, str(amount)) == (expected, str(expected))  # 1.50 stays 1.50


@pytest.mark.parametrize("hint", [None, "", "USD", " eur ", "$", "kr", "£", "Fr."])
def test_amount_and_currency_are_parse_prices(hint):
    texts = [case["price_raw"] for case in CASES[:200]] + PLAIN_AND_NEARLY_PLAIN
    for text in texts:
        parsed = parse_price(text, hint)
        assert amount_and_currency(text, hint) == (parsed.amount, parsed.currency)


def every_symbol_price_parser_knows():
    from price_parser.parser import DOLLAR_CODES, OTHER_CURRENCY_SYMBOLS, SAFE_CURRENCY_SYMBOLS

    return sorted({*SAFE_CURRENCY_SYMBOLS, *OTHER_CURRENCY_SYMBOLS, *DOLLAR_CODES})


@pytest.mark.parametrize("hint", [None, "$", "kr", "р."])
def test_a_plain_prices_currency_is_found_as_price_parser_finds_it(hint):
    # amount_and_currency reads the currency of "NZD$12.50" from "NZD$0" (cached): every
    # symbol glued to, or spaced from, numbers of every shape must read the same both ways
    texts = [
        spelling
        for symbol in every_symbol_price_parser_knows()
        for number in ("7", "12.5", "1991.83", "1.", "0", "1,181.83", "1.403,99", "979,00")
        for spelling in (f"{symbol}{number}", f"{symbol} {number}", f"{number}{symbol}",
                         f"{number} {symbol}", f"{symbol}{number}$", f"x{symbol}{number}")
    ]  # fmt: skip
    for text in texts:
        parsed = parse_price(text, hint)
        assert amount_and_currency(text, hint) == (parsed.amount, parsed.currency), text
