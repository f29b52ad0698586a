"""How the generic extraction weighs its sources, shown on small pages written for each case."""

from __future__ import annotations

import json
from pathlib import Path

from spiders.extraction.generic import (
    Page,
    extract_business,
    extract_product,
    product_from_page,
    to_lead_item,
    to_product_item,
)
from spiders.items import LeadItem, ProductItem

PAGES = Path(__file__).parent / "pages"


def jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_the_page_main_entity_is_the_product_and_the_others_are_listed():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "#page", "mainEntity": {"@id": "#kettle"}},
            {"@type": "Product", "@id": "#mug", "name": "Mug", "offers": {"price": "5"}},
            {
                "@type": "Product",
                "@id": "#kettle",
                "name": "Kettle",
                "offers": {"@type": "Offer", "price": "39.50", "priceCurrency": "EUR"},
            },
        ],
    }
    found = extract_product(f"<html><head>{jsonld(graph)}</head></html>", "https://shop.example/k")
    assert (found.name, found.price, found.currency) == ("Kettle", "39.50", "EUR")
    assert [other["name"] for other in found.all_products] == ["Mug"]


def test_an_aggregate_offer_gives_its_low_price():
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Shirt",
        "offers": {
            "@type": "AggregateOffer",
            "lowPrice": "19.99",
            "highPrice": "29.99",
            "priceCurrency": "USD",
        },
    }
    found = extract_product(f"<html><head>{jsonld(product)}</head></html>", "https://s.example/")
    assert (found.price, found.currency) == ("19.99", "USD")


def test_a_jsonld_price_the_page_shows_nowhere_gives_way_to_the_price_beside_the_title():
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Lampe Nova",
        "offers": {
            "@type": "Offer",
            "price": "89.00",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock",
        },
    }
    html = f"""<html><head>{jsonld(product)}</head><body><main><h1>Lampe Nova</h1>
      <div class="product-price"><del class="price-old">99,00 €</del>
      <span class="price">79,00 €</span></div>
      <p class="availability">Derzeit nicht verfügbar</p><button>In den Warenkorb</button>
      </main></body></html>"""
    found = extract_product(html, "https://leuchten.example.de/nova")
    assert (found.price, found.availability) == ("79.00", "OutOfStock")
    assert found.confidence["price"] < 0.95
    assert found.confidence["availability"] < 0.95


def test_a_jsonld_price_the_page_also_shows_stands():
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Lampe Nova",
        "offers": {"@type": "Offer", "price": "79.00", "priceCurrency": "EUR"},
    }
    html = f"""<html><head>{jsonld(product)}</head><body><h1>Lampe Nova</h1>
      <span class="price">79,00 €</span><span class="price">12,00 €</span></body></html>"""
    found = extract_product(html, "https://leuchten.example.de/nova")
    assert (found.price, found.confidence["price"]) == ("79.00", 0.95)


def test_rdfa_is_read_only_when_cheaper_syntaxes_have_no_product():
    rdfa = """<html><body vocab="https://schema.org/"><div typeof="Product">
      <h1 property="name">Kaffeemühle</h1>
      <div property="offers" typeof="Offer"><span property="price" content="49.90">49,90 €</span>
      <link property="availability" href="https://schema.org/OutOfStock">Nicht auf Lager</div>
      </div></body></html>"""
    page = Page.parse(rdfa, "https://shop.example.de/muehle")
    found = product_from_page(page)
    assert (found.name, found.price, found.availability) == ("Kaffeemühle", "49.90", "OutOfStock")
    assert found.confidence["availability"] == 0.95
    assert page.structured.rdfa_read

    both = rdfa.replace(
        "<body", "<head>" + jsonld({"@type": "Product", "name": "X"}) + "</head><body"
    )
    page = Page.parse(both, "https://shop.example.de/muehle")
    product_from_page(page)
    assert not page.structured.rdfa_read


def test_a_page_that_says_nothing_gives_nothing():
    found = extract_product("<html><body><p>Hello</p></body></html>", "https://x.example/")
    assert (found.name, found.price, found.currency, found.brand, found.images) == (
        None,
        None,
        None,
        None,
        [],
    )
    assert found.availability == "Unknown"
    assert found.confidence == {}


def test_a_business_site_without_structured_data_gives_its_contacts():
    html = """<html lang="de-DE"><head><title>Bäckerei Korn – Ihr Bäcker in Köln</title>
      <meta property="og:site_name" content="Bäckerei Korn"></head><body>
      <header><a href="tel:+49 221 1234567">Anrufen</a></header><main><h1>Willkommen</h1>
      <p>Schreiben Sie uns: info [at] baeckerei-korn [dot] de</p>
      <div class="opening-hours">Mo–Fr 06:30–18:00, Sa 07:00–13:00</div>
      <address>Bäckerei Korn<br>Hauptstraße 5<br>50667 Köln</address>
      <a href="https://www.google.com/maps/place/@50.9375,6.9603,17z">Karte</a></main></body></html>"""
    found = extract_business(html, "https://www.baeckerei-korn.de/")
    assert found.name == "Bäckerei Korn"
    assert found.phones == [{"raw": "+49 221 1234567", "e164": "+492211234567"}]
    assert found.emails == ["info@baeckerei-korn.de"]
    assert (found.address["street"], found.address["postal_code"], found.address["city"]) == (
        "Hauptstraße 5",
        "50667",
        "Köln",
    )
    assert (found.latitude, found.longitude) == (50.9375, 6.9603)
    assert found.opening_hours.startswith("Mo–Fr 06:30")
    assert found.website == "https://www.baeckerei-korn.de/"


def test_a_directory_page_does_not_give_the_directory_own_mailbox_to_the_business():
    html = """<html><body><div class="listing"><h1>Joe's Plumbing</h1>
      <div class="contact">Call us: (415) 555-0132 or email joe@joesplumbing.com</div>
      <div class="address">1200 Market St<br>San Francisco, CA 94102</div></div>
      <footer>Directory Inc, support@directory.example</footer></body></html>"""
    found = extract_business(html, "https://directory.example/biz/joes-plumbing")
    assert found.emails == ["joe@joesplumbing.com"]
    assert found.phones[0]["e164"] == "+14155550132"
    assert found.address["city"] == "San Francisco"
    assert found.website is None  # the directory's own address is not the plumber's site


def test_a_product_extraction_becomes_the_item_site_spiders_yield():
    name = "extruct_monsterpet_product_microdata.html"
    url = json.loads((PAGES / "pages.json").read_text())[name]["url"]
    found = extract_product((PAGES / name).read_bytes(), url)
    item = to_product_item(found, source="generic")
    assert isinstance(item, ProductItem)
    assert (item.source_id, item.title, item.price, item.currency, item.brand) == (
        found.url,
        found.name,
        found.price,
        found.currency,
        found.brand,
    )
    assert item.image_urls == found.images
    assert item.raw["confidence"] == found.confidence


def test_a_business_extraction_becomes_the_item_site_spiders_yield():
    name = "fakepilot_trustpilot_djmania_es.html"
    url = json.loads((PAGES / "pages.json").read_text())[name]["url"]
    found = extract_business((PAGES / name).read_bytes(), url)
    item = to_lead_item(found, source="generic", source_id="djmania.es")
    assert isinstance(item, LeadItem)
    assert item.source_id == "djmania.es"
    assert item.phone == found.phones[0]["raw"]
    assert item.raw["phones"] == found.phones
    assert (item.street, item.city, item.postal_code, item.country) == (
        found.address["street"],
        found.address["city"],
        found.address["postal_code"],
        found.address["country"],
    )
    assert item.address == found.address["raw"]


def test_a_heading_with_no_word_in_it_is_passed_over_for_the_name():
    html = (
        "<html><head><title>Nova Lamp | Leuchten</title></head>"
        "<body><h1>★</h1><h1>Nova Lamp</h1><p>€ 49,90</p></body></html>"
    )  # a "★" heading used to divide by its zero words and fail the page
    assert extract_product(html, "https://x.example/p").name == "Nova Lamp"
