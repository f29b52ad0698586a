"""The places the sandbox world is set in: ten mid-western US cities in four states.

Each city carries what a generator needs to make believable addresses and phone numbers:
its telephone area code, the first three digits of its ZIP codes and a centre to scatter
coordinates around.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    slug: str  # used in directory URLs: /directory/search?city=<slug>
    region: str  # USPS state code
    area_code: str
    zip_prefix: str
    latitude: float
    longitude: float


CITIES: tuple[City, ...] = (
    City("Springfield", "springfield", "IL", "217", "627", 39.7817, -89.6501),
    City("Peoria", "peoria", "IL", "309", "616", 40.6936, -89.5890),
    City("Champaign", "champaign", "IL", "217", "618", 40.1164, -88.2434),
    City("Madison", "madison", "WI", "608", "537", 43.0731, -89.4012),
    City("Milwaukee", "milwaukee", "WI", "414", "532", 43.0389, -87.9065),
    City("Green Bay", "green-bay", "WI", "920", "543", 44.5133, -88.0133),
    City("Columbus", "columbus", "OH", "614", "432", 39.9612, -82.9988),
    City("Dayton", "dayton", "OH", "937", "454", 39.7589, -84.1916),
    City("Indianapolis", "indianapolis", "IN", "317", "462", 39.7684, -86.1581),
    City("Fort Wayne", "fort-wayne", "IN", "260", "468", 41.0793, -85.1394),
)

CITY_BY_SLUG: dict[str, City] = {city.slug: city for city in CITIES}

COUNTRY = "US"
