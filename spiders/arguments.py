"""Spider arguments (`scrapy crawl <spider> -a name=value`) as small pydantic models.

Each spider validates its arguments once, when it is created, so a mistake stops the crawl
before any request with a message naming the argument, the value given and what is accepted:

    scrapy crawl directory -a max_pages=abc
    -> directory spider: -a max_pages='abc' is not accepted (...); expected a whole number of
       pages, 1 or more

Category and city slugs are checked against the sandbox's own vocabularies.
"""

from __future__ import annotations

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

Model = TypeVar("Model", bound=BaseModel)
MAX_PAGES_HELP = "a whole number of pages, 1 or more (leave it out to follow every page)"


class SpiderArgumentError(ValueError):
    """A spider argument was not accepted; the message says which, and what would be."""


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
    """`scrapy crawl maps [-a query=<what>] [-a near=<city>[,<city>...]] [-a max_results=N]`"""

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

    @field_validator("near")
    @classmethod
    def _known_cities(cls, value: str | None) -> str | None:
        if value is not None:
            for name in value.split(","):
                _city(name)
        return value

    def cities(self) -> list[str]:
        """The city names to search near, one search each."""
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
        raise SpiderArgumentError(_explain(model, spider, error)) from None


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
