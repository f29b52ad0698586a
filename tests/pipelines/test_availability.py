import pytest

from pipelines.normalize.availability import availability


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("http://schema.org/InStock", "InStock"),
        ("https://schema.org/OutOfStock", "OutOfStock"),
        ("schema:PreOrder", "PreOrder"),
        ("https://schema.org/SoldOut", "OutOfStock"),
        ("https://schema.org/LimitedAvailability", "InStock"),
        ("https://schema.org/BackOrder", "OutOfStock"),
        ("InStock", "InStock"),
        ("in_stock", "InStock"),
        ("out-of-stock", "OutOfStock"),
    ],
)
def test_schema_org_values_in_any_spelling(written, value):
    assert availability(written) == value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("In stock", "InStock"),
        ("Only 3 left in stock - order soon", "InStock"),
        ("Currently unavailable.", "OutOfStock"),
        ("Not available", "OutOfStock"),
        ("Pre-order now", "PreOrder"),
        ("Auf Lager", "InStock"),
        ("Nicht verfügbar", "OutOfStock"),
        ("Sofort lieferbar", "InStock"),
        ("En stock", "InStock"),
        ("Rupture de stock", "OutOfStock"),
        ("Épuisé", "OutOfStock"),
        ("Précommande", "PreOrder"),
        ("Disponible", "InStock"),
        ("Agotado", "OutOfStock"),
        ("No disponible", "OutOfStock"),
        ("Disponibile", "InStock"),
        ("Non disponibile", "OutOfStock"),
        ("Op voorraad", "InStock"),
        ("Niet op voorraad", "OutOfStock"),
        ("Em estoque", "InStock"),
        ("Esgotado", "OutOfStock"),
    ],
)
def test_phrases_in_several_languages(written, value):
    assert availability(written) == value


@pytest.mark.parametrize("written", ["Call us", "", "   ", None])
def test_anything_else_is_unknown(written):
    assert availability(written) == "Unknown"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("available for order", "OutOfStock"),  # OpenGraph's back-order
        ("Nicht vorrätig", "OutOfStock"),
        ("Épuisée", "OutOfStock"),
        ("Vorbestellbar", "PreOrder"),
        ("Reservar ahora", "PreOrder"),
        ("Ships tomorrow", "InStock"),
    ],
)
def test_more_phrases_shops_write(written, value):
    assert availability(written) == value
