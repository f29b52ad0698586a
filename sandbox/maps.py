"""The sandbox maps site: a single-page app over the same businesses as the directory.

URLs (others code against these):
- /maps?q=<what>&near=<city>[&bbox=<south,west,north,east>]
                                   the app (maps_app.html + /static/maps.js): a results feed
                                   loaded by fetch() in batches of RESULTS_PER_BATCH as it is
                                   scrolled, ending in a visible `#end-of-list`; clicking a
                                   result opens the details panel `#place-panel`
- /maps/place/<place_id>           the app with that place's panel open
- /maps/api/search?q=&near=&bbox=&offset=N
                                   {"results": [...], "next_offset": N | null, "center": [lat, lng]}
- /maps/api/place/<place_id>       every detail the panel shows, as JSON
- /maps/api/geocode?q=<city>       the city's centre and bounding box (sandbox.gazetteer)

Search: `near` is a city name or slug (any case; empty: every city); every word of `q` must
occur in the place's name or category names (empty: every place). "q=coffee&near=Springfield"
finds the coffee shops of Springfield; "near=springfield" alone every business there.
Results come best rated first (then most reviewed, then by place id), so the order is stable.

Area: `bbox=south,west,north,east` (degrees) limits a search to the places inside the box
and a margin of BBOX_MARGIN of its size on every side, as a map app lists places just
past the edge of the map it shows; with `near` too, both apply.

Cap: one search lists at most MAX_RESULTS_PER_SEARCH places (the best ranked), as Google
Maps does: the feed shows its end-of-list marker at the cap. A city of the default world
has about 60 places, so its searches stay under the cap; a denser world
(`trawl sandbox serve --businesses 6000`: 570-630 places a city) needs a search per part of
the city (spiders.geogrid).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from sandbox.gazetteer import BoundingBox, city_boxes, geocode, parse_bbox
from sandbox.html import Page, json_page
from sandbox.maps_listings import MapsListing
from sandbox.places import CITIES

RESULTS_PER_BATCH = 20
MAX_RESULTS_PER_SEARCH = 120
BBOX_MARGIN = 0.05  # of the box's height and width, on each side
SEARCH_PATH = "/maps/api/search"
GEOCODE_PATH = "/maps/api/geocode"
JAVASCRIPT = "application/javascript"

APP_HTML = (Path(__file__).parent / "maps_app.html").read_bytes()
APP_JS = (Path(__file__).parent / "maps_app.js").read_bytes()


def place_url(place_id: str) -> str:
    return f"/maps/place/{place_id}"


def place_api_url(place_id: str) -> str:
    return f"/maps/api/place/{place_id}"


def photo_url(place_id: str) -> str:
    return f"/maps/img/{place_id}.png"


def render_maps(listings: tuple[MapsListing, ...]) -> dict[str, Page]:
    """Every fixed page of the maps site, keyed by its canonical URL (search is a route)."""
    app = Page(APP_HTML, "text/html")
    pages = {"/maps": app, "/maps/": app, "/static/maps.js": Page(APP_JS, JAVASCRIPT)}
    for place in listings:
        pages[place_url(place.place_id)] = app
        pages[place_api_url(place.place_id)] = json_page(place_details(place))
    return pages


def place_details(place: MapsListing) -> dict:
    """What the details panel shows about a place."""
    return {
        "place_id": place.place_id,
        "name": place.name,
        "categories": list(place.categories),
        "phone": place.phone,
        "website": place.website,
        "address": place.address,
        "opening_hours": place.opening_hours,
        "rating": place.rating,
        "review_count": place.review_count,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "photo": photo_url(place.place_id),
    }


class PlaceSearch:
    """The places matching a query, in a fixed order, served in batches."""

    def __init__(self, listings: tuple[MapsListing, ...], batch_size: int = RESULTS_PER_BATCH):
        self.batch_size = batch_size
        self.ranked = sorted(
            listings, key=lambda p: (-(p.rating or 0), -p.review_count, p.place_id)
        )
        self.cities = {key: city for city in CITIES for key in (city.slug, city.name.lower())}

    def matches(self, q: str, near: str, bbox: BoundingBox | None = None) -> list[MapsListing]:
        """Every place matching `q` near `near` within `bbox` (and its margin), best first,
        uncapped (see the module docstring)."""
        words = q.lower().split()
        near = near.strip().lower()
        city = self.cities.get(near)
        if near and city is None:
            return []
        area = bbox.widened(BBOX_MARGIN) if bbox else None
        return [
            place
            for place in self.ranked
            if (city is None or place.city == city)
            and (area is None or area.contains(place.latitude, place.longitude))
            and all(word in place.search_text for word in words)
        ]

    def batch(self, q: str, near: str, offset: int, bbox: BoundingBox | None = None) -> dict:
        """One batch of results from `offset`, what the app's feed fetches; a search lists
        MAX_RESULTS_PER_SEARCH places at most."""
        found = self.matches(q, near, bbox)[:MAX_RESULTS_PER_SEARCH]
        shown = found[offset : offset + self.batch_size]
        end = offset + len(shown)
        city = self.cities.get(near.strip().lower())
        center = (city.latitude, city.longitude) if city else None
        if bbox is not None:
            center = ((bbox.south + bbox.north) / 2, (bbox.west + bbox.east) / 2)
        if center is None and found:
            center = (found[0].latitude, found[0].longitude)
        return {
            "results": [_summary(place) for place in shown],
            "next_offset": end if end < len(found) else None,
            "center": center,
        }


def _summary(place: MapsListing) -> dict:
    return {
        "place_id": place.place_id,
        "name": place.name,
        "category": place.categories[0],
        "rating": place.rating,
        "review_count": place.review_count,
        "street": place.street,
        "thumbnail": photo_url(place.place_id),
    }


def maps_routes(listings: tuple[MapsListing, ...]) -> list[web.RouteDef]:
    """The aiohttp routes of the search and geocoding APIs (their queries are free text, so
    not pre-rendered)."""
    search = PlaceSearch(listings)
    boxes = city_boxes(listings)

    async def search_places(request: web.Request) -> web.Response:
        try:
            offset = int(request.query.get("offset", "0"))
        except ValueError:
            offset = -1
        if offset < 0:
            return web.json_response(
                {"error": "offset must be a whole number, 0 or more"}, status=400
            )
        bbox = None
        if request.query.get("bbox"):
            try:
                bbox = parse_bbox(request.query["bbox"])
            except ValueError as error:
                return web.json_response({"error": str(error)}, status=400)
        query = request.query
        batch = search.batch(query.get("q", ""), query.get("near", ""), offset, bbox)
        return web.json_response(batch)

    async def geocode_city(request: web.Request) -> web.Response:
        city = search.cities.get(request.query.get("q", "").strip().lower())
        if city is None:
            return web.json_response({"error": "no such place"}, status=404)
        return web.json_response(geocode(city, boxes[city]))

    return [web.get(SEARCH_PATH, search_places), web.get(GEOCODE_PATH, geocode_city)]
