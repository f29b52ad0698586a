"""What the sandbox marketplace sells: departments, their brands, model lines and attributes.

Curated lines read like real products; synthetic lines (fictional brands, generated series
names) are added as the world grows, so a 100k-product world still has distinct products.
A product is one model line with one value of every attribute axis ("256GB", "Blue"): its
siblings with another storage size or colour are different products.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Axis:
    name: str
    values: tuple[str, ...]
    priced: bool = False  # later values cost more (storage, size), unlike colour


@dataclass(frozen=True)
class Department:
    slug: str  # used in marketplace URLs: /market/c/<slug>
    name: str
    path: tuple[str, ...]  # breadcrumb, top first
    axes: tuple[Axis, ...]
    price_range: tuple[int, int]  # base price of a model line, USD
    lines: tuple[tuple[str, str], ...]  # curated (brand, model) pairs
    synthetic_brands: tuple[str, ...]
    series: tuple[str, ...]  # words synthetic model names are made from


COLOURS = ("Black", "White", "Silver", "Blue", "Green", "Pink", "Graphite", "Midnight Blue")

DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "phones",
        "Cell Phones",
        ("Electronics", "Cell Phones"),
        (Axis("storage", ("128GB", "256GB", "512GB"), priced=True), Axis("colour", COLOURS[:6])),
        (300, 1100),
        (
            ("Apple", "iPhone 15"),
            ("Apple", "iPhone 15 Pro"),
            ("Apple", "iPhone 14"),
            ("Samsung", "Galaxy S24"),
            ("Samsung", "Galaxy S24 Ultra"),
            ("Samsung", "Galaxy A55"),
            ("Google", "Pixel 8"),
            ("Google", "Pixel 8a"),
            ("Motorola", "Moto G Power"),
            ("OnePlus", "12"),
        ),
        ("Nexa", "Voltix", "Lumio", "Kestrel"),
        ("Nova", "Edge", "Zen", "Aero", "Pulse", "Orbit"),
    ),
    Department(
        "laptops",
        "Laptops",
        ("Electronics", "Computers", "Laptops"),
        (
            Axis("memory", ("8GB RAM", "16GB RAM", "32GB RAM"), priced=True),
            Axis("storage", ("256GB SSD", "512GB SSD", "1TB SSD"), priced=True),
            Axis("colour", ("Silver", "Space Gray", "Black")),
        ),
        (550, 1900),
        (
            ("Apple", "MacBook Air 13"),
            ("Dell", "XPS 13"),
            ("Lenovo", "ThinkPad X1 Carbon"),
            ("HP", "Envy 14"),
            ("ASUS", "Zenbook 14"),
            ("Acer", "Swift 3"),
        ),
        ("Corvana", "Bitwell", "Nexa"),
        ("Book", "Air", "Slate", "Pro", "Studio", "Flex"),
    ),
    Department(
        "headphones",
        "Headphones",
        ("Electronics", "Audio", "Headphones"),
        (Axis("colour", ("Black", "White", "Silver", "Midnight Blue", "Sandstone")),),
        (40, 450),
        (
            ("Sony", "WH-1000XM5"),
            ("Bose", "QuietComfort Ultra"),
            ("Sennheiser", "Momentum 4"),
            ("JBL", "Tune 760NC"),
            ("Beats", "Studio Pro"),
            ("Anker", "Soundcore Space One"),
        ),
        ("Auralis", "Tonewell", "Voltix"),
        ("Wave", "Quiet", "Bass", "Echo", "Studio", "Aria"),
    ),
    Department(
        "tablets",
        "Tablets",
        ("Electronics", "Computers", "Tablets"),
        (
            Axis("storage", ("64GB", "128GB", "256GB"), priced=True),
            Axis("colour", ("Gray", "Silver", "Blue", "Purple")),
        ),
        (120, 900),
        (
            ("Apple", "iPad Air 11"),
            ("Samsung", "Galaxy Tab S9"),
            ("Amazon", "Fire HD 10"),
            ("Lenovo", "Tab P12"),
        ),
        ("Lumio", "Slatek"),
        ("Tab", "Pad", "Slate", "View"),
    ),
    Department(
        "smartwatches",
        "Smartwatches",
        ("Electronics", "Wearables", "Smartwatches"),
        (
            Axis("case size", ("41mm", "45mm"), priced=True),
            Axis("colour", ("Midnight", "Starlight", "Silver", "Rose Gold")),
        ),
        (180, 800),
        (
            ("Apple", "Watch Series 9"),
            ("Samsung", "Galaxy Watch6"),
            ("Garmin", "Venu 3"),
            ("Google", "Pixel Watch 2"),
        ),
        ("Kestrel", "Pulsewear"),
        ("Fit", "Active", "Sport", "Trail"),
    ),
    Department(
        "cameras",
        "Cameras",
        ("Electronics", "Camera & Photo", "Digital Cameras"),
        (
            Axis("kit", ("Body Only", "with 18-45mm Lens"), priced=True),
            Axis("colour", ("Black", "Silver")),
        ),
        (500, 1600),
        (
            ("Canon", "EOS R50"),
            ("Sony", "Alpha a6400"),
            ("Nikon", "Z fc"),
            ("Fujifilm", "X-T30 II"),
        ),
        ("Optix", "Lumacam"),
        ("Vista", "Focus", "Prime", "Snap"),
    ),
    Department(
        "kitchen",
        "Small Kitchen Appliances",
        ("Home & Kitchen", "Small Appliances"),
        (Axis("colour", ("Empire Red", "Black", "White", "Silver", "Pistachio", "Cobalt Blue")),),
        (40, 700),
        (
            ("KitchenAid", "Artisan 5-Quart Stand Mixer"),
            ("Breville", "Barista Express"),
            ("Ninja", "4-Quart Air Fryer"),
            ("Instant Pot", "Duo 6-Quart"),
            ("Cuisinart", "12-Cup Coffee Maker"),
            ("Vitamix", "E310 Blender"),
        ),
        ("Hearthly", "Cookwell", "Brava"),
        ("Chef", "Crisp", "Brew", "Blend", "Toast", "Steam"),
    ),
    Department(
        "monitors",
        "Monitors",
        ("Electronics", "Computers", "Monitors"),
        (Axis("size", ("24-Inch", "27-Inch", "32-Inch"), priced=True),),
        (150, 900),
        (
            ("Dell", "UltraSharp 4K"),
            ("LG", "UltraGear QHD"),
            ("Samsung", "Odyssey G5"),
            ("ASUS", "ProArt Display"),
        ),
        ("Viewtek", "Corvana"),
        ("Vision", "Ultra", "Clear", "Pro", "Curve"),
    ),
)

DEPARTMENT_BY_SLUG: dict[str, Department] = {d.slug: d for d in DEPARTMENTS}

SELLER_SUFFIXES = ("Electronics", "Outlet", "Direct", "Store", "Supply", "Trading Co.", "Deals")
