"""True businesses and the directory listings that show them, generated from one random stream.

Built in for the matching work (duplicate listings are made in `directory_listings`):
- chains: several distinct businesses with one name and website domain, at different
  addresses with different phones;
- malls: several different businesses at one street address.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from sandbox import variations
from sandbox.places import CITIES, City
from sandbox.trades import (
    ADJECTIVES,
    DIRECTIONS,
    NOUNS,
    SECOND_TRADES,
    STREET_NAMES,
    STREET_SUFFIXES,
    TRADES,
    Trade,
)

UNUSABLE_EXCHANGES = {"555", "950", "958", "959", "976"}


@dataclass(frozen=True)
class Business:
    """A real-world business: the truth the listings are generated from."""

    entity_id: str
    name: str
    trade_slugs: tuple[str, ...]
    phone_e164: str
    website_domain: str | None
    street: str
    city: City
    postal_code: str
    latitude: float
    longitude: float
    rating: float | None
    review_count: int
    opening_hours: str
    chain: str | None = None  # the chain's name when this is one location of a chain


@dataclass(frozen=True)
class NamePools:
    """Faker-made names, drawn once so generation is fast and deterministic."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


def generate_businesses(count: int, rng: random.Random, pools: NamePools) -> list[Business]:
    """`count` true businesses, including a few chains and malls, in a shuffled order."""
    maker = _BusinessMaker(rng, pools)
    drafts: list[dict] = []
    chain_count = max(2, count // 120)
    mall_count = max(2, count // 100)
    for _ in range(chain_count):
        if len(drafts) >= count:
            break
        drafts.extend(maker.chain(min(rng.randint(3, 5), count - len(drafts))))
    for _ in range(mall_count):
        if len(drafts) >= count:
            break
        drafts.extend(maker.mall(min(rng.randint(3, 5), count - len(drafts))))
    while len(drafts) < count:
        drafts.append(maker.independent())
    rng.shuffle(drafts)
    return [Business(entity_id=f"biz-{i:06d}", **draft) for i, draft in enumerate(drafts, 1)]


class _BusinessMaker:
    def __init__(self, rng: random.Random, pools: NamePools):
        self.rng = rng
        self.pools = pools
        self.phones: set[str] = set()
        self.domains: set[str] = set()
        self.names: set[tuple[str, str]] = set()

    def independent(self) -> dict:
        rng = self.rng
        trade = rng.choice(TRADES)
        city = rng.choice(CITIES)
        name = self._unique_name(trade, city)
        lat, lng = self._near(city.latitude, city.longitude, 0.04)
        has_site = rng.random() < 0.7
        return self._draft(
            name,
            trade,
            city,
            self._street(),
            self._postal(city),
            lat,
            lng,
            self._domain(name) if has_site else None,
        )

    def chain(self, size: int) -> list[dict]:
        rng = self.rng
        trade = rng.choice([trade for trade in TRADES if trade.chain_friendly])
        pattern = rng.choice([p for p in trade.name_patterns if "{city}" not in p])
        name = self._fill(pattern, CITIES[0])
        domain = self._domain(name)
        drafts = []
        for _ in range(size):
            city = rng.choice(CITIES)
            lat, lng = self._near(city.latitude, city.longitude, 0.04)
            drafts.append(
                self._draft(
                    name,
                    trade,
                    city,
                    self._street(),
                    self._postal(city),
                    lat,
                    lng,
                    domain,
                    chain=name,
                )
            )
        return drafts

    def mall(self, size: int) -> list[dict]:
        rng = self.rng
        city = rng.choice(CITIES)
        street, postal = self._street(), self._postal(city)
        lat, lng = self._near(city.latitude, city.longitude, 0.04)
        drafts = []
        for trade in rng.sample(TRADES, size):
            name = self._unique_name(trade, city)
            shop_lat, shop_lng = self._near(lat, lng, 0.0002)
            domain = self._domain(name) if rng.random() < 0.7 else None
            drafts.append(
                self._draft(name, trade, city, street, postal, shop_lat, shop_lng, domain)
            )
        return drafts

    def _draft(
        self, name, trade: Trade, city: City, street, postal, lat, lng, domain, chain=None
    ) -> dict:
        rng = self.rng
        trades = [trade.slug]
        if trade.slug in SECOND_TRADES and rng.random() < 0.3:
            trades.append(rng.choice(SECOND_TRADES[trade.slug]))
        reviewed = rng.random() < 0.92
        return {
            "name": name,
            "trade_slugs": tuple(trades),
            "phone_e164": self._phone(city),
            "website_domain": domain,
            "street": street,
            "city": city,
            "postal_code": postal,
            "latitude": lat,
            "longitude": lng,
            "rating": round(rng.uniform(2.5, 5.0), 1) if reviewed else None,
            "review_count": int(rng.lognormvariate(3.5, 1.1)) + 1 if reviewed else 0,
            "opening_hours": rng.choice(trade.opening_hours),
            "chain": chain,
        }

    def _unique_name(self, trade: Trade, city: City) -> str:
        for _ in range(50):
            name = self._fill(self.rng.choice(trade.name_patterns), city)
            if (name, city.slug) not in self.names:
                break
        self.names.add((name, city.slug))
        return name

    def _fill(self, pattern: str, city: City) -> str:
        rng, pools = self.rng, self.pools
        last, last2 = rng.sample(pools.last_names, 2)
        return pattern.format(
            last=last,
            last2=last2,
            first=rng.choice(pools.first_names),
            adj=rng.choice(ADJECTIVES),
            noun=rng.choice(NOUNS),
            city=city.name,
        )

    def _street(self) -> str:
        rng = self.rng
        name = rng.choice(STREET_NAMES) if rng.random() < 0.7 else rng.choice(self.pools.last_names)
        direction = f"{rng.choice(DIRECTIONS)} " if rng.random() < 0.25 else ""
        return f"{rng.randint(100, 9899)} {direction}{name} {rng.choice(STREET_SUFFIXES)}"

    def _postal(self, city: City) -> str:
        return f"{city.zip_prefix}{self.rng.randint(1, 99):02d}"

    def _near(self, lat: float, lng: float, spread: float) -> tuple[float, float]:
        return (
            round(lat + self.rng.gauss(0, spread), 6),
            round(lng + self.rng.gauss(0, spread), 6),
        )

    def _phone(self, city: City) -> str:
        rng = self.rng
        while True:
            exchange = str(rng.randint(200, 999))
            if exchange in UNUSABLE_EXCHANGES or exchange.endswith("11"):
                continue
            phone = f"+1{city.area_code}{exchange}{rng.randint(0, 9999):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _domain(self, name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = variations.drop_legal_suffix(ascii_name) or ascii_name
        stem = "".join(ch for ch in base.lower().removeprefix("the ") if ch.isalnum())
        tld = self.rng.choice((".com", ".com", ".com", ".com", ".net", ".co", ".biz"))
        domain, n = f"{stem}{tld}", 1
        while domain in self.domains:
            n += 1
            domain = f"{stem}{n}{tld}"
        self.domains.add(domain)
        return domain
