"""Prices as sellers write them."""

from __future__ import annotations

from decimal import Decimal

from sandbox.prices import charm, format_price


def test_dollar_prices_use_a_symbol_or_the_code():
    assert format_price(Decimal("1299.99"), "USD", 0) == "$1,299.99"
    assert format_price(Decimal("45.00"), "USD", 1) == "USD 45.00"


def test_euro_prices_use_continental_separators():
    assert format_price(Decimal("1299.99"), "EUR", 0) == "1.299,99 €"
    assert format_price(Decimal("1299.99"), "EUR", 1) == "€1.299,99"
    assert format_price(Decimal("1299.99"), "EUR", 2) == "EUR 1.299,99"


def test_whole_pound_prices_drop_the_pence():
    assert format_price(Decimal("12.00"), "GBP", 0) == "£12"
    assert format_price(Decimal("12.50"), "GBP", 0) == "£12.50"
    assert format_price(Decimal("12.00"), "GBP", 1) == "GBP 12.00"


def test_charm_pricing_ends_in_99_or_rounds_to_whole():
    assert charm(Decimal("1287.43"), "99") == Decimal("1287.99")
    assert charm(Decimal("1287.53"), "00") == Decimal("1288.00")
    assert charm(Decimal("1287.53"), "") == Decimal("1287.53")
