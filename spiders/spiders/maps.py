"""The sandbox maps spider: a search per city in Chromium -> scroll the feed -> open each place.

    scrapy crawl maps [-a query=coffee] [-a near=Springfield[,Peoria]] [-a max_results=N] \\
        -O leads.jsonl
    scrapy crawl maps -a query=coffee -a near=Springfield -a grid=auto       # geo-grid
    scrapy crawl maps -a grid=auto                      # every city's area, cell by cell
    scrapy crawl maps -a bbox=39.70,-89.75,39.86,-89.55 [-a grid=N] [-a min_cell=0.002]
    ... [-a details=false]       # leads from the results feed alone, no details panels

One rendered page per search: the spider scrolls its feed until the end-of-list marker
(or `max_results` places), then clicks each result in that same page and reads the details
panel (spiders/maps_app.py). Clicking costs one small fetch in a page already loaded;
rendering /maps/place/<id> in a page of its own costs a whole page load, so that is only
the fallback for a place whose click failed. Pages are closed on every path: the feed's
in a `finally`, a failed request's in its errback, the fallback's by scrapy-playwright.

Geo-grid search: a search lists TRAWL_MAPS_RESULT_CAP places at most (120, as Google Maps
does), so one search over a dense city misses places. With `-a bbox` (an area) or `-a grid`
(each city's area, from the site's geocoding API /maps/api/geocode; every city's when
`-a near` is left out, as the Dagster asset `maps_crawl` runs it) the area is searched
cell by cell (`&bbox=` on the search URL): a cell whose search lists the cap is split in
four and each quarter searched again, down to `-a min_cell` degrees (spiders.geogrid).
Places are kept by place id: one found again in another cell is skipped, so each place is
opened (or read from the feed) once. A plain search that lists the cap is logged as a
warning naming the fix (`-a grid=auto`); `-a grid=off` asks for plain searches (what no
`-a grid` means), so a run whose defaults say grid=auto can still use `-a max_results`.

Needs Chromium: the spider stops before any request, saying how to install one, if there
is none (spiders.rendering.require_browser).
Settings: SANDBOX_URL (from TRAWL_SANDBOX_URL), TRAWL_MAPS_RESULT_CAP (120: the most places
one search lists; a cell that lists as many is split), TRAWL_BROWSER_* (see spiders.rendering);
the spider installs scrapy-playwright's download handler for itself (custom_settings).
A search whose page or feed fails (a timeout on a busy machine), or a place page that
fails, is tried again, RETRY_TIMES at most (spiders.rendering.retry_rendered).
Stats: trawl/browser/places_opened, trawl/browser/place_fallbacks (clicks that failed and
were rendered on their own), trawl/browser/errors (searches or places given up on, each
logged), and the browser stats of spiders.rendering; scrolling and clicking count as
browser time (trawl/browser/seconds). trawl/maps/places_from_feed (`-a details=false`),
trawl/maps/searches_capped (plain searches that listed the cap); for geo-grid searches
trawl/maps/cells_searched, trawl/maps/cells_subdivided, trawl/maps/cells_at_min_size
(cells still at the cap that may not be split further: places may be missing, logged),
trawl/maps/duplicates_skipped (places listed again in another cell).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import scrapy
from playwright.async_api import Error as PlaywrightError
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from spiders import geogrid
from spiders.arguments import MapsArguments, parse_arguments
from spiders.extraction.maps import (
    FEED_SETTLED,
    PANEL_LOADED,
    parse_feed_places,
    parse_place_panel,
    place_url,
)
from spiders.extraction.markup import UnknownLayout
from spiders.maps_app import FeedError, open_place, scroll_feed
from spiders.rendering import (
    BROWSER_HANDLERS,
    BrowserConfig,
    browser_clock,
    close_page,
    error_line,
    require_browser,
    retry_rendered,
)

STATS = "trawl/browser/"
MAPS_STATS = "trawl/maps/"
GEOCODE_PATH = "/maps/api/geocode"


class MapsSpider(scrapy.Spider):
    name = "maps"
    custom_settings = {"DOWNLOAD_HANDLERS": BROWSER_HANDLERS}  # noqa: RUF012 - Scrapy reads it

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(MapsArguments, self.name, kwargs)
        self.places_seen: set[str] = set()  # place ids opened (or read) in this crawl

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        require_browser(crawler.settings)  # BrowserNotFound, naming the fix, before any request
        spider.browser = BrowserConfig.from_settings(crawler.settings)
        spider.result_cap = crawler.settings.getint("TRAWL_MAPS_RESULT_CAP", 120)
        if spider.result_cap < 1:
            raise ValueError(f"TRAWL_MAPS_RESULT_CAP={spider.result_cap} must be 1 or more")
        return spider

    async def start(self):
        base = self.settings["SANDBOX_URL"]
        area = self.arguments.area()
        if area is not None:
            for cell in geogrid.start_cells(area, self.arguments.cells_per_side()):
                yield self.cell_search(cell)
        elif self.arguments.area_search:  # each city's area, from the geocoding API
            for city in self.arguments.cities():
                yield scrapy.Request(
                    f"{base}{GEOCODE_PATH}?{urlencode({'q': city})}",
                    callback=self.parse_geocode,
                    errback=self.geocode_failed,
                )
        else:
            for city in self.arguments.cities():
                yield self.search({"q": self.arguments.query, "near": city})

    def search(self, params: dict[str, str], cell: geogrid.Cell | None = None) -> scrapy.Request:
        """A search rendered in a page of its own, which the callback scrolls and clicks in."""
        return scrapy.Request(
            f"{self.settings['SANDBOX_URL']}/maps?{urlencode(params)}",
            callback=self.parse_feed,
            errback=self.search_failed,
            meta={
                "playwright": True,
                "playwright_include_page": True,  # the callback scrolls and clicks in it
                "playwright_page_methods": [
                    PageMethod(
                        "wait_for_selector", FEED_SETTLED, timeout=self.browser.action_timeout_ms
                    )
                ],
                "cell": cell,
            },
        )

    def cell_search(self, cell: geogrid.Cell) -> scrapy.Request:
        return self.search({"q": self.arguments.query, "bbox": cell.as_param()}, cell)

    def parse_geocode(self, response: Response):
        south, west, north, east = json.loads(response.text)["bbox"]
        area = geogrid.Cell(south, west, north, east)
        self.logger.info("geo-grid search over %s: %s", response.url, area.as_param())
        for cell in geogrid.start_cells(area, self.arguments.cells_per_side()):
            yield self.cell_search(cell)

    def geocode_failed(self, failure):
        self.crawler.stats.inc_value(STATS + "errors")
        self.logger.error("the city area %s failed: %s", failure.request.url, failure.value)

    async def parse_feed(self, response: Response):
        page = response.meta["playwright_page"]
        timeout = self.browser.action_timeout_ms
        with browser_clock(self.crawler).page_at_work():
            try:
                try:
                    place_ids = await scroll_feed(page, self.arguments.max_results, timeout)
                    summaries = None
                    if not self.arguments.details:
                        summaries = parse_feed_places(await page.content(), response.url)
                except (PlaywrightError, FeedError, UnknownLayout) as error:
                    # nothing was yielded yet: the whole search can be tried again
                    if retry := self.retry_or_give_up(response.request, error, "the search"):
                        yield retry
                    return
                for request in self.searched(response, len(place_ids)):
                    yield request
                if summaries is not None:  # -a details=false: what the feed says is enough
                    for item in summaries[: len(place_ids)]:
                        if self.first_time(item.source_id):
                            self.crawler.stats.inc_value(MAPS_STATS + "places_from_feed")
                            yield item
                    return
                for place_id in place_ids:
                    if self.first_time(place_id):
                        yield await self.open_place(page, place_id, response.url)
            finally:
                await page.close()

    def searched(self, response: Response, listed: int) -> list[scrapy.Request]:
        """After a search listed `listed` places: for a cell at the cap, its quarters' searches
        (counted; a cell too small to split is logged); a plain search at the cap, a warning."""
        cell, cap = response.meta.get("cell"), self.result_cap
        if cell is None:
            stopped_early = listed == self.arguments.max_results
            if geogrid.is_full(listed, cap) and not stopped_early:
                self.crawler.stats.inc_value(MAPS_STATS + "searches_capped")
                self.logger.warning(
                    "the search %s listed %d places, the most one search lists: places may be "
                    "missing; search the area cell by cell with -a grid=auto",
                    response.url,
                    listed,
                )
            return []
        self.crawler.stats.inc_value(MAPS_STATS + "cells_searched")
        if not geogrid.is_full(listed, cap):
            return []
        if not geogrid.can_split(cell, self.arguments.min_cell):
            self.crawler.stats.inc_value(MAPS_STATS + "cells_at_min_size")
            self.logger.warning(
                "the cell %s listed %d places, the cap, but is at -a min_cell=%s: places in it "
                "may be missing",
                cell.as_param(),
                listed,
                self.arguments.min_cell,
            )
            return []
        self.crawler.stats.inc_value(MAPS_STATS + "cells_subdivided")
        return [self.cell_search(quarter) for quarter in geogrid.split(cell)]

    def first_time(self, place_id: str) -> bool:
        """Whether the place is new to this crawl (then it is marked seen); a repeat is counted."""
        if place_id in self.places_seen:
            self.crawler.stats.inc_value(MAPS_STATS + "duplicates_skipped")
            return False
        self.places_seen.add(place_id)
        return True

    async def open_place(self, page, place_id: str, search_url: str):
        """The place's LeadItem, read from the panel its click opens; or, when the click
        fails, a request to render the place on a page of its own."""
        try:
            panel = await open_place(page, place_id, self.browser.action_timeout_ms)
            item = parse_place_panel(panel, search_url)
        except (PlaywrightError, UnknownLayout) as error:
            self.crawler.stats.inc_value(STATS + "place_fallbacks")
            # not a warning: the place is read from a page of its own instead
            self.logger.info(
                "opening %s in the feed failed (%s): rendering it on a page of its own",
                place_id, error_line(error),
            )  # fmt: skip
            return self.place_request(place_url(search_url, place_id))
        self.crawler.stats.inc_value(STATS + "places_opened")
        return item

    def place_request(self, url: str) -> scrapy.Request:
        """A place rendered on a page of its own, read once its panel has loaded."""
        return scrapy.Request(
            url,
            callback=self.parse_place,
            errback=self.place_failed,
            meta={
                "playwright": True,
                "playwright_page_methods": [
                    PageMethod(
                        "wait_for_selector", PANEL_LOADED, timeout=self.browser.action_timeout_ms
                    )
                ],
            },
        )

    def parse_place(self, response: Response):
        try:
            yield parse_place_panel(response.text, response.url)
        except UnknownLayout as error:
            self.crawler.stats.inc_value(STATS + "errors")
            self.logger.error("%s", error)
        else:
            self.crawler.stats.inc_value(STATS + "places_opened")

    async def search_failed(self, failure):
        await close_page(failure.request)
        if retry := self.retry_or_give_up(failure.request, failure.value, "the search"):
            yield retry

    async def place_failed(self, failure):
        await close_page(failure.request)
        if retry := self.retry_or_give_up(failure.request, failure.value, "the place"):
            yield retry

    def retry_or_give_up(self, request, error, what: str) -> scrapy.Request | None:
        """The request again (RETRY_TIMES at most); once given up on, counted and logged."""
        retry = retry_rendered(request, self, error)
        if retry is None:
            self.crawler.stats.inc_value(STATS + "errors")
            self.logger.error("%s %s failed: %s", what, request.url, error)
        return retry
