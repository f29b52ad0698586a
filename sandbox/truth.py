"""The ground truth behind the sandbox, served as JSON for scoring crawls and matching.

- /_truth/businesses.json: `World.truth_businesses()`: one record per real business with
  entity_id, name, phone_e164, website_domain, street, city, region, postal_code, country,
  latitude, longitude, categories, chain, and listings [{"source": "directory", "source_id",
  "variations"}, {"source": "maps", "source_id"}] (variations: how the listing differs from
  the truth, e.g. "street-abbreviated", "second-phone").
- /_truth/products.json: `World.truth_products()`: one record per real product with
  entity_id, title, brand, gtin, mpn, category, model, attributes, and listings
  [{"source": "marketplace", "source_id", "seller", "price", "currency", "availability"}].
- /_truth/contacts.json: `World.truth_contacts()`: one record per business with a website
  domain: entity_id, domain, has_site, scripted (contact block only in a browser), emails
  [{"email", "role"}] (every address its site shows), phones (E.164), socials (profile URLs).

robots.txt disallows /_truth/, so a polite crawler never reads the answers.
"""

from __future__ import annotations

from sandbox.html import Page, json_page
from sandbox.world import World


def render_truth(world: World) -> dict[str, Page]:
    return {
        "/_truth/businesses.json": json_page(world.truth_businesses()),
        "/_truth/products.json": json_page(world.truth_products()),
        "/_truth/contacts.json": json_page(world.truth_contacts()),
    }
