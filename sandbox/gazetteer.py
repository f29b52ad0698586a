"""The maps site's gazetteer: where each city is, as a geocoder answers it.

A map search over a whole city needs the city's area. Real geocoders (Nominatim, Google's
Geocoding API) give a place's bounding box; the sandbox's is the extent of the city's
places, widened to at least CITY_MIN_HALF_SIZE degrees either side of its centre and
rounded outwards to 0.01 degree. Businesses scatter around a city's centre (a normal
spread, see sandbox.businesses), so a fixed box could miss a straggler; the extent never
does: every place of the city lies inside its box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sandbox.maps_listings import MapsListing
from sandbox.places import CITIES, City

CITY_MIN_HALF_SIZE = 0.1  # degrees: about 11 km north-south


@dataclass(frozen=True)
class BoundingBox:
    """An area in degrees, edges included; (south, west, north, east) as map APIs order it."""

    south: float
    west: float
    north: float
    east: float

    def widened(self, share: float) -> BoundingBox:
        """The box grown by `share` of its height and width on every side."""
        dlat, dlng = (self.north - self.south) * share, (self.east - self.west) * share
        return BoundingBox(self.south - dlat, self.west - dlng, self.north + dlat, self.east + dlng)

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def as_list(self) -> list[float]:
        return [self.south, self.west, self.north, self.east]


def parse_bbox(text: str) -> BoundingBox:
    """ "south,west,north,east" in degrees -> a BoundingBox; ValueError saying what is wrong."""
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError("bbox must be four numbers: south,west,north,east")
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError:
        raise ValueError("bbox must be four numbers: south,west,north,east") from None
    if not all(math.isfinite(value) for value in (south, west, north, east)):
        raise ValueError("bbox must be four finite numbers")
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ValueError("bbox needs -90 <= south < north <= 90 and -180 <= west < east <= 180")
    return BoundingBox(south, west, north, east)


def city_boxes(listings: tuple[MapsListing, ...]) -> dict[City, BoundingBox]:
    """Every city's bounding box: the extent of its places (see the module docstring)."""
    boxes = {}
    for city in CITIES:
        lats = [p.latitude for p in listings if p.city == city]
        lngs = [p.longitude for p in listings if p.city == city]
        half = CITY_MIN_HALF_SIZE
        boxes[city] = BoundingBox(
            math.floor(min([city.latitude - half, *lats]) * 100) / 100,
            math.floor(min([city.longitude - half, *lngs]) * 100) / 100,
            math.ceil(max([city.latitude + half, *lats]) * 100) / 100,
            math.ceil(max([city.longitude + half, *lngs]) * 100) / 100,
        )
    return boxes


def geocode(city: City, box: BoundingBox) -> dict:
    """What the geocoding API answers for a city."""
    return {
        "name": city.name,
        "region": city.region,
        "center": [city.latitude, city.longitude],
        "bbox": box.as_list(),
    }
