"""The kinds of business in the sandbox directory, and how businesses of each kind are named.

Name patterns use placeholders filled from Faker pools: {last}, {last2}, {first}, {adj},
{noun}, {city}. Some patterns carry "&" or a legal suffix ("LLC", "Inc.") on purpose: the
directory shows duplicate listings with those spelled differently.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trade:
    slug: str  # used in directory URLs: /directory/search?category=<slug>
    name: str  # as the directory shows it
    schema_type: str  # schema.org LocalBusiness subtype used in JSON-LD and microdata
    name_patterns: tuple[str, ...]
    opening_hours: tuple[str, ...]  # schema.org openingHours strings to choose from
    chain_friendly: bool = False  # whether chains of this trade exist


TRADES: tuple[Trade, ...] = (
    Trade(
        "coffee",
        "Coffee Shops",
        "CafeOrCoffeeShop",
        (
            "{last} Coffee Roasters",
            "{adj} Bean Café",
            "The {adj} Cup",
            "{first}'s Coffee House",
            "{city} Coffee Co.",
            "{adj} {noun} Coffee",
        ),
        ("Mo-Fr 06:30-18:00, Sa-Su 07:00-16:00", "Mo-Su 07:00-19:00", "Mo-Sa 06:00-15:00"),
        chain_friendly=True,
    ),
    Trade(
        "restaurant",
        "Restaurants",
        "Restaurant",
        (
            "{last}'s Kitchen",
            "The {adj} Table",
            "{last} & {last2} Bistro",
            "{first}'s Diner",
            "{adj} Fork Grill",
            "{noun} & Vine",
        ),
        ("Tu-Su 11:00-22:00", "Mo-Su 11:30-21:30", "Mo-Th 11:00-21:00, Fr-Sa 11:00-23:00"),
        chain_friendly=True,
    ),
    Trade(
        "bakery",
        "Bakeries",
        "Bakery",
        (
            "{first}'s Bakery",
            "{adj} Crust Bakehouse",
            "{last} Family Bakery",
            "Flour & {noun}",
            "{city} Bread Company",
        ),
        ("Tu-Sa 06:00-14:00", "Mo-Sa 07:00-17:00, Su 08:00-12:00"),
        chain_friendly=True,
    ),
    Trade(
        "dentist",
        "Dentists",
        "Dentist",
        (
            "{last} Family Dentistry",
            "{city} Dental Care",
            "{last} & {last2} Dental Group",
            "{adj} Smile Dental LLC",
            "{last} Orthodontics Inc.",
        ),
        ("Mo-Fr 08:00-17:00", "Mo-Th 08:00-18:00, Fr 08:00-13:00"),
    ),
    Trade(
        "plumber",
        "Plumbers",
        "Plumber",
        (
            "{last} Plumbing",
            "{last} Plumbing & Heating Inc.",
            "{adj} Pipe Plumbing LLC",
            "{city} Rooter & Drain",
            "{last} Brothers Plumbing",
        ),
        ("Mo-Fr 07:00-17:00", "Mo-Su 00:00-23:59", "Mo-Sa 08:00-18:00"),
    ),
    Trade(
        "electrician",
        "Electricians",
        "Electrician",
        (
            "{last} Electric",
            "{last} Electric Co. Inc.",
            "{adj} Spark Electrical LLC",
            "{last} & Sons Electric",
            "{city} Wiring Services",
        ),
        ("Mo-Fr 07:30-16:30", "Mo-Sa 08:00-17:00"),
    ),
    Trade(
        "hair-salon",
        "Hair Salons",
        "HairSalon",
        (
            "{first}'s Salon",
            "Studio {first}",
            "{adj} Shears Salon",
            "Cut & Color by {first}",
            "{adj} {noun} Hair Studio",
        ),
        ("Tu-Sa 09:00-19:00", "Mo-Fr 10:00-20:00, Sa 09:00-17:00"),
        chain_friendly=True,
    ),
    Trade(
        "auto-repair",
        "Auto Repair",
        "AutoRepair",
        (
            "{last} Auto Repair",
            "{last} & Sons Garage",
            "{city} Auto Care LLC",
            "{adj} Wrench Automotive",
            "{last} Tire & Brake",
        ),
        ("Mo-Fr 07:30-18:00, Sa 08:00-13:00", "Mo-Fr 08:00-17:30"),
        chain_friendly=True,
    ),
    Trade(
        "florist",
        "Florists",
        "Florist",
        (
            "{first}'s Flowers",
            "{adj} Petal Florist",
            "{last} Flower Shop",
            "Stems & {noun}",
            "{city} Floral Design",
        ),
        ("Mo-Sa 09:00-18:00", "Mo-Fr 08:00-17:00, Sa 09:00-14:00"),
    ),
    Trade(
        "gym",
        "Gyms",
        "ExerciseGym",
        (
            "{city} Fitness",
            "{adj} Iron Gym",
            "{last} Strength & Conditioning",
            "{adj} {noun} Yoga Studio",
            "CrossFit {city}",
        ),
        ("Mo-Fr 05:00-22:00, Sa-Su 07:00-20:00", "Mo-Su 00:00-23:59"),
        chain_friendly=True,
    ),
    Trade(
        "veterinarian",
        "Veterinarians",
        "VeterinaryCare",
        (
            "{city} Animal Hospital",
            "{last} Veterinary Clinic",
            "{adj} Paws Vet Care",
            "{last} & {last2} Animal Clinic",
            "{adj} {noun} Pet Hospital Inc.",
        ),
        ("Mo-Fr 08:00-18:00, Sa 08:00-12:00", "Mo-Fr 07:30-19:00"),
    ),
    Trade(
        "bookstore",
        "Bookstores",
        "BookStore",
        (
            "{adj} Page Books",
            "{last} & {last2} Booksellers",
            "{city} Book Exchange",
            "The {adj} {noun} Bookshop",
            "{first}'s Used Books",
        ),
        ("Mo-Sa 10:00-20:00, Su 12:00-17:00", "Tu-Su 11:00-19:00"),
    ),
)

TRADE_BY_SLUG: dict[str, Trade] = {trade.slug: trade for trade in TRADES}

# a business of the first trade is sometimes also listed under the second
SECOND_TRADES: dict[str, tuple[str, ...]] = {
    "coffee": ("bakery",),
    "bakery": ("coffee",),
    "restaurant": ("bakery", "coffee"),
    "plumber": ("electrician",),
    "electrician": ("plumber",),
    "bookstore": ("coffee",),
}

ADJECTIVES = (
    "Blue",
    "Golden",
    "Copper",
    "Little",
    "Green",
    "Silver",
    "Bright",
    "Red",
    "Rustic",
    "Urban",
    "Maple",
    "Cedar",
    "Honest",
    "Lucky",
    "North",
    "Sunny",
    "Prairie",
    "Iron",
    "Velvet",
    "Harbor",
    "Willow",
    "Summit",
    "Lakeside",
    "Old Town",
    "Hometown",
    "Crystal",
    "Amber",
    "Juniper",
)

NOUNS = (
    "Butter",
    "Honey",
    "Thistle",
    "Rye",
    "Clover",
    "Oak",
    "Lantern",
    "Sparrow",
    "Fern",
    "Stone",
    "Anchor",
    "Meadow",
    "Ember",
    "Birch",
    "Pine",
    "Acorn",
    "Harvest",
    "Compass",
    "Feather",
)

STREET_SUFFIXES = ("Street", "Avenue", "Road", "Boulevard", "Drive", "Lane", "Court", "Parkway")
STREET_NAMES = (
    "Main",
    "Oak",
    "Maple",
    "Washington",
    "Lincoln",
    "Jefferson",
    "Elm",
    "Park",
    "Lake",
    "Hill",
    "Walnut",
    "Chestnut",
    "Cedar",
    "Spring",
    "Church",
    "Market",
    "Broadway",
    "Mill",
    "River",
    "Franklin",
    "Madison",
    "Jackson",
    "Monroe",
    "Adams",
    "Grand",
    "Prospect",
    "Sycamore",
)
DIRECTIONS = ("North", "South", "East", "West")
