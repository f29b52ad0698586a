"""The sandbox world: true businesses and products, and the listings that show them.

`build_world(seed, businesses, products)` is deterministic: the same arguments give the same
world, byte for byte, in every process. Businesses and products come from separate random
streams, so changing the product count leaves the businesses unchanged.

The ground truth is available as plain data:
`world.truth_businesses()` and `world.truth_products()` return what `/_truth/businesses.json`
and `/_truth/products.json` serve. Every business is also on the maps site once
(`maps_listings`, from a random stream of their own, so they change nothing else). About
70% of the website domains have a site of their own (`business_sites`, from the stream
"<seed>:sites"); `world.truth_contacts()` is what `/_truth/contacts.json` serves.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from dataclasses import dataclass

from faker import Faker

from sandbox.business_sites import BusinessSite, build_sites, site_truth
from sandbox.businesses import Business, NamePools, generate_businesses
from sandbox.directory_listings import DirectoryListing, list_businesses
from sandbox.maps_listings import MapsListing, list_on_maps
from sandbox.places import COUNTRY
from sandbox.products import MarketListing, Product, generate_products, make_sellers, sell_products
from sandbox.trades import TRADE_BY_SLUG

MAX_ENTITIES = 100_000


@dataclass(frozen=True)
class World:
    seed: int
    businesses: tuple[Business, ...]
    directory_listings: tuple[DirectoryListing, ...]  # in the order the directory shows them
    products: tuple[Product, ...]
    market_listings: tuple[MarketListing, ...]  # in the order the marketplace shows them
    maps_listings: tuple[MapsListing, ...] = ()  # one place per business, in business order
    business_sites: tuple[BusinessSite, ...] = ()  # the websites of some website domains

    def truth_businesses(self) -> list[dict]:
        """One record per real business, naming the directory and maps listings that show it."""
        listings = defaultdict(list)
        for listing in self.directory_listings:
            # how the listing differs from the truth ("street-abbreviated", "second-phone"...)
            listings[listing.entity_id].append(
                {
                    "source": "directory",
                    "source_id": listing.listing_id,
                    "variations": list(listing.variations),
                }
            )
        for place in self.maps_listings:
            listings[place.entity_id].append({"source": "maps", "source_id": place.place_id})
        return [
            {
                "entity_id": b.entity_id,
                "name": b.name,
                "phone_e164": b.phone_e164,
                "website_domain": b.website_domain,
                "street": b.street,
                "city": b.city.name,
                "region": b.city.region,
                "postal_code": b.postal_code,
                "country": COUNTRY,
                "latitude": b.latitude,
                "longitude": b.longitude,
                "categories": [TRADE_BY_SLUG[slug].name for slug in b.trade_slugs],
                "chain": b.chain,
                "listings": listings[b.entity_id],
            }
            for b in self.businesses
        ]

    def truth_contacts(self) -> list[dict]:
        """One record per business with a website domain: what its own site shows."""
        return site_truth(self.businesses, list(self.business_sites))

    def truth_products(self) -> list[dict]:
        """One record per real product, with every marketplace offer of it."""
        listings = defaultdict(list)
        for listing in self.market_listings:
            listings[listing.entity_id].append(
                {
                    "source": "marketplace",
                    "source_id": listing.listing_id,
                    "seller": listing.seller,
                    "price": str(listing.price),
                    "currency": listing.currency,
                    "availability": listing.availability,
                }
            )
        return [
            {
                "entity_id": p.entity_id,
                "title": p.title,
                "brand": p.brand,
                "gtin": p.gtin,
                "mpn": p.mpn,
                "category": p.department_slug,
                "model": p.model,
                "attributes": dict(p.attributes),
                "listings": listings[p.entity_id],
            }
            for p in self.products
        ]


@functools.lru_cache(maxsize=4)
def build_world(seed: int = 7, businesses: int = 600, products: int = 600) -> World:
    """Generate the world for `seed` with the given numbers of true businesses and products."""
    for what, count in (("businesses", businesses), ("products", products)):
        if not 0 <= count <= MAX_ENTITIES:
            raise ValueError(
                f"{what}={count} is out of range; the sandbox makes 0 to {MAX_ENTITIES:,} {what}"
            )
    fake = Faker("en_US")
    fake.seed_instance(seed)
    pools = NamePools(
        first_names=_distinct(fake.first_name for _ in range(800)),
        last_names=_distinct(fake.last_name for _ in range(3000)),
    )
    business_rng = random.Random(f"{seed}:businesses")
    true_businesses = generate_businesses(businesses, business_rng, pools)
    listings = list_businesses(true_businesses, business_rng)

    product_rng = random.Random(f"{seed}:products")
    true_products = generate_products(products, product_rng)
    sellers = make_sellers(product_rng, list(pools.last_names[::-1]))
    offers = sell_products(true_products, sellers, product_rng) if products else []
    return World(
        seed,
        tuple(true_businesses),
        tuple(listings),
        tuple(true_products),
        tuple(offers),
        tuple(list_on_maps(true_businesses, seed)),
        tuple(build_sites(true_businesses, seed, pools)),
    )


def _distinct(draws) -> tuple[str, ...]:
    return tuple(dict.fromkeys(draw() for draw in draws))
