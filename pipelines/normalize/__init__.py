"""Normalization rules, one module each, pure functions: what a page wrote in, one spelling out.

- text: HTML-unescaped, whitespace-collapsed text
- phone: E.164 phone numbers (phonenumbers)
- places: ISO 3166-1 alpha-2 country codes
- currency, price: ISO 4217 currencies, Decimal amounts (price-parser)
- urls: canonical URLs, registered domains (w3lib, tldextract offline)
- emails: de-obfuscated, lowercased, syntax-checked addresses
- gtin: check-digit-validated GTINs
- availability: InStock / OutOfStock / PreOrder / Unknown
- names: business and brand names as a matching key
- addresses: one-line addresses split into parts; street words spelled one way
- items: whole LeadItems and ProductItems normalized
"""

from pipelines.normalize.addresses import Address, parse_address
from pipelines.normalize.availability import availability
from pipelines.normalize.currency import currency_code
from pipelines.normalize.emails import clean_email, clean_emails
from pipelines.normalize.gtin import valid_gtin
from pipelines.normalize.items import normalize_item, normalize_lead, normalize_product
from pipelines.normalize.names import match_name
from pipelines.normalize.phone import phone_e164
from pipelines.normalize.places import country_code
from pipelines.normalize.price import ParsedPrice, parse_price
from pipelines.normalize.text import clean_text, clean_texts
from pipelines.normalize.urls import canonical_url, registered_domain, website_url

__all__ = [
    "Address",
    "ParsedPrice",
    "availability",
    "canonical_url",
    "clean_email",
    "clean_emails",
    "clean_text",
    "clean_texts",
    "country_code",
    "currency_code",
    "match_name",
    "normalize_item",
    "normalize_lead",
    "normalize_product",
    "parse_address",
    "parse_price",
    "phone_e164",
    "registered_domain",
    "valid_gtin",
    "website_url",
]
