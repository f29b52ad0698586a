"""Spider arguments (`scrapy crawl <spider> -a name=value`) as small pydantic models.

Each spider validates its arguments once, when it is created, so a mistake stops the crawl
before any request with a message naming the argument, the value given and what is accepted:

    scrapy crawl directory -a max_pages=abc
    -> directory spider: -a max_pages='abc' is not accepted (...); expected a whole number of
       pages, 1 or more

Category and city slugs are checked against the sandbox's own vocabularies.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sandbox.catalog import DEPARTMENT_BY_SLUG
from sandbox.places import CITY_BY_SLUG
from sandbox.trades import TRADE_BY_SLUG
from spiders import geogrid

Model = TypeVar("Model", bound=BaseModel)
MAX_PAGES_HELP = "a whole number of pages, 1 or more (leave it out to follow every page)"


class SpiderArgumentError(ValueError):
    """A spider argument was not accepted; the message says which, and what would be."""

    def __init__(self, message: str, spider: str):
        super().__init__(message)
        self.spider = spider


class ArgumentErrorLog(logging.Filter):
    """`scrapy crawl` creates the spider in an asyncio task, so a SpiderArgumentError reaches
    the user as asyncio's "Task exception was never retrieved" with twenty lines of Scrapy's
    stack before the message. This filter, on asyncio's logger, makes that record the
    message alone, an ERROR of the spider's logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, SpiderArgumentError):
            record.name, record.msg, record.args = error.spider, str(error), ()
            record.exc_info = record.exc_text = None
        return True


def _quiet_argument_errors() -> None:
    """Install ArgumentErrorLog on asyncio's logger, once."""
    asyncio_log = logging.getLogger("asyncio")
    if not any(isinstance(f, ArgumentErrorLog) for f in asyncio_log.filters):
        asyncio_log.addFilter(ArgumentErrorLog())


class DirectoryArguments(BaseModel):
    """`scrapy crawl directory [-a category=<slug>] [-a city=<slug>] [-a max_pages=N]`"""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(
        None, description="a directory category: " + ", ".join(TRADE_BY_SLUG)
    )
    city: str | None = Field(None, description="a directory city: " + ", ".join(CITY_BY_SLUG))
    max_pages: int | None = Field(
        None, ge=1, description=f"the search result pages to follow: {MAX_PAGES_HELP}"
    )

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str | None) -> str | None:
        return _one_of(value, TRADE_BY_SLUG, "category")

    @field_validator("city")
    @classmethod
    def _known_city(cls, value: str | None) -> str | None:
        return _one_of(value, CITY_BY_SLUG, "city")


class MarketplaceArguments(BaseModel):
    """`scrapy crawl marketplace [-a category=<slug>] [-a max_pages=N]`"""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(
        None, description="a marketplace category: " + ", ".join(DEPARTMENT_BY_SLUG)
    )
    max_pages: int | None = Field(
        None, ge=1, description=f"the listing pages to follow in each category: {MAX_PAGES_HELP}"
    )

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str | None) -> str | None:
        return _one_of(value, DEPARTMENT_BY_SLUG, "category")


class MapsArguments(BaseModel):
    """`scrapy crawl maps [-a query=<what>] [-a near=<city>[,<city>...]] [-a max_results=N]
    [-a bbox=<south,west,north,east> | [-a near=<city>] -a grid=auto|N|off]
    [-a min_cell=<degrees>] [-a details=false]`"""

    model_config = ConfigDict(extra="forbid")

    query: str = Field("", description="what to search for, e.g. coffee (empty: every place)")
    near: str | None = Field(
        None,
        description="one or more cities, comma-separated, by name or slug: "
        + ", ".join(city.name for city in CITY_BY_SLUG.values())
        + " (leave it out to search every city)",
    )
    max_results: int | None = Field(
        None,
        ge=1,
        description="the places to open in each city's results: a whole number, 1 or more "
        "(leave it out to scroll to the end of the list)",
    )

    bbox: str | None = Field(
        None,
        description="an area to search cell by cell (geo-grid): south,west,north,east in "
        "degrees, e.g. 39.70,-89.75,39.86,-89.55",
    )
    grid: str | None = Field(
        None,
        description="auto or N, to search each city's area cell by cell (geo-grid; every "
        "city's when -a near is left out), starting from the whole area (auto) or from N x N "
        "cells (1 to 64), a cell whose search hits the result cap split in four; or off, one "
        "plain search per city",
    )
    min_cell: float = Field(
        0.002,
        gt=0,
        le=10,
        description="the smallest cell a geo-grid search splits down to, in degrees "
        "(above 0, default 0.002: about 200 m)",
    )
    details: bool = Field(
        True,
        description="true (open each place's details panel) or false (read the name, "
        "category, rating and street from the results feed only: much faster)",
    )

    @field_validator("near")
    @classmethod
    def _known_cities(cls, value: str | None) -> str | None:
        if value is not None:
            for name in value.split(","):
                _city(name)
        return value

    @field_validator("bbox")
    @classmethod
    def _an_area(cls, value: str | None) -> str | None:
        if value is not None:
            geogrid.parse_bbox(value)
        return value

    @field_validator("grid")
    @classmethod
    def _auto_or_cells(cls, value: str | None) -> str | None:
        if value not in (None, "auto", "off") and not (value.isdecimal() and 1 <= int(value) <= 64):
            raise ValueError("neither auto, off nor a whole number from 1 to 64")
        return value

    @model_validator(mode="after")
    def _one_kind_of_search(self) -> MapsArguments:
        if self.bbox is not None and self.near is not None:
            raise ValueError("give -a bbox=<area> or -a near=<city>, not both")
        if self.grid == "off" and self.bbox is not None:
            raise ValueError("-a bbox is searched cell by cell; leave out -a grid=off")
        if self.max_results is not None and self.area_search:
            raise ValueError(
                "-a max_results limits one search; a geo-grid search (-a bbox, -a grid) "
                "reads every cell to its end (-a grid=off: one plain search per city)"
            )
        return self

    @property
    def area_search(self) -> bool:
        """Whether the search is a geo-grid one, cell by cell."""
        return self.bbox is not None or self.grid not in (None, "off")

    def cells_per_side(self) -> int:
        """The grid a geo-grid search starts from: N x N cells (auto: 1, the whole area)."""
        return 1 if self.grid in (None, "auto", "off") else int(self.grid)

    def area(self) -> geogrid.Cell | None:
        """The area of `-a bbox`, if given."""
        return None if self.bbox is None else geogrid.parse_bbox(self.bbox)

    def cities(self) -> list[str]:
        """The city names to search near (every known city when -a near is left out), one
        search each, or one geo-grid search over each one's area."""
        if self.near is None:
            return [city.name for city in CITY_BY_SLUG.values()]
        return list(dict.fromkeys(_city(name).name for name in self.near.split(",")))


class GenericCrawlArguments(BaseModel):
    """`scrapy crawl products|businesses -a start_urls=<url>[,<url>...] | -a sitemap=<url>
    [-a max_pages=N] [-a source=<name>]`"""

    model_config = ConfigDict(extra="forbid")

    start_urls: str | None = Field(
        None, description="one or more http(s) URLs, comma-separated, to start crawling from"
    )
    sitemap: str | None = Field(
        None,
        description="the http(s) URL of a sitemap (XML, a sitemap index, gzipped or not) or "
        "of a robots.txt naming sitemaps",
    )
    max_pages: int | None = Field(
        None, ge=1, description=f"the pages to fetch in all: {MAX_PAGES_HELP}"
    )
    source: str | None = Field(
        None,
        min_length=1,
        description="the source name stored in items (leave it out for the site's registered "
        "domain, e.g. shop.example.com -> example.com)",
    )

    @field_validator("start_urls")
    @classmethod
    def _web_addresses(cls, value: str | None) -> str | None:
        if value is not None:
            urls = [url.strip() for url in value.split(",") if url.strip()]
            if not urls:
                raise ValueError("no URL given")
            for url in urls:
                _web_address(url)
        return value

    @field_validator("sitemap")
    @classmethod
    def _sitemap_address(cls, value: str | None) -> str | None:
        return None if value is None else _web_address(value.strip())

    @model_validator(mode="after")
    def _one_way_to_start(self) -> GenericCrawlArguments:
        if (self.start_urls is None) == (self.sitemap is None):
            raise ValueError(
                "give either -a start_urls=<url>[,<url>...] or -a sitemap=<url> (one of them)"
            )
        return self

    def urls(self) -> list[str]:
        """The start URLs, in the order given, once each."""
        given = (self.start_urls or "").split(",")
        return list(dict.fromkeys(url.strip() for url in given if url.strip()))


class ContactsArguments(BaseModel):
    """`scrapy crawl contacts [-a urls=<url>[,<url>...] | -a websites=<file>]
    [-a max_pages_per_site=N] [-a source=<name>]`"""

    model_config = ConfigDict(extra="forbid")

    urls: str | None = Field(
        None, description="one or more website URLs, comma-separated (instead of the raw store)"
    )
    websites: str | None = Field(
        None,
        description="a file of websites: one URL a line, or a CSV with a `website` column "
        "(and optionally `source` and `source_id`, the lead each belongs to)",
    )
    max_pages_per_site: int = Field(
        5, ge=1, le=50, description="the pages to read on each site, home page included: 1 to 50"
    )
    source: str | None = Field(
        None,
        min_length=1,
        description="a lead source to read from the raw store (e.g. directory; default: all)",
    )

    @field_validator("urls")
    @classmethod
    def _web_addresses(cls, value: str | None) -> str | None:
        if value is not None:
            urls = [url.strip() for url in value.split(",") if url.strip()]
            if not urls:
                raise ValueError("no URL given")
            for url in urls:
                _web_address(url)
        return value

    @field_validator("websites")
    @classmethod
    def _readable_file(cls, value: str | None) -> str | None:
        if value is not None and not Path(value).is_file():
            raise ValueError(f"there is no file {str(Path(value).absolute())!r}")
        return value

    @model_validator(mode="after")
    def _one_input(self) -> ContactsArguments:
        if self.urls is not None and self.websites is not None:
            raise ValueError("give -a urls=... or -a websites=FILE, not both")
        return self


def _web_address(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def _city(name: str):
    key = name.strip().lower()
    for city in CITY_BY_SLUG.values():
        if key in (city.slug, city.name.lower()):
            return city
    raise ValueError(f"unknown city {name.strip()!r}")


def parse_arguments(model: type[Model], spider: str, given: dict[str, Any]) -> Model:
    """`given` (the spider's keyword arguments) validated as `model`, or SpiderArgumentError."""
    try:
        return model.model_validate(given)
    except ValidationError as error:
        _quiet_argument_errors()
        raise SpiderArgumentError(_explain(model, spider, error), spider) from None


def _one_of(value: str | None, known: dict, what: str) -> str | None:
    if value is not None and value not in known:
        raise ValueError(f"unknown {what}")
    return value


def _explain(model: type[BaseModel], spider: str, error: ValidationError) -> str:
    accepted = ", ".join(model.model_fields)
    problems = []
    for problem in error.errors():
        if not problem["loc"]:  # about the arguments together, not one of them
            problems.append(problem["msg"].removeprefix("Value error, "))
            continue
        name = str(problem["loc"][0])
        field = model.model_fields.get(name)
        if field is None:
            problems.append(
                f"-a {name}={problem['input']!r} is not an argument of this spider; "
                f"it accepts: {accepted}"
            )
            continue
        reason = problem["msg"].removeprefix("Value error, ")
        problems.append(
            f"-a {name}={problem['input']!r} is not accepted ({reason}); "
            f"expected {field.description}"
        )
    return f"{spider} spider: " + "; ".join(problems)
