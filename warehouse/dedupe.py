"""`trawl dedupe leads|products IN.csv OUT.csv`: the warehouse's own matching, on any CSV.

Each row becomes an item (a LeadItem or a ProductItem), normalized by the pipelines' own
normalizers and loaded as an observation into an in-memory DuckDB shaped like the raw store
(`warehouse.local_raw`); the warehouse's own staging and intermediate models then match the
rows exactly as they match crawled listings. Every input row is written out unchanged, with
one more column: `cluster_id`, equal for rows that are one business or one product.

Columns are recognized by name (case and spacing ignored, a few common spellings such as
`addr`, `zip` or `title` too); `--column FIELD=HEADER` names any other. Any may be missing.
- leads: name, address (one line, split into parts when no street is given), street, city,
  region, postal_code, country, phone, website, email, latitude, longitude
- products: title, brand, gtin, sku, mpn, price, currency
Reads no settings.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from spiders.items import LeadItem, ProductItem
from warehouse.build import build_model
from warehouse.catalog import upstream
from warehouse.local_raw import create_raw_tables, insert_items
from warehouse.macros import register_macros

log = logging.getLogger(__name__)
SOURCE = "csv"
CLUSTER_COLUMN = "cluster_id"
OBSERVED_AT = datetime(2000, 1, 1, tzinfo=UTC)  # rows have no time: one fixed sighting


class DedupeError(ValueError):
    """The input can't be deduplicated as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Kind:
    """What `trawl dedupe <kind>` reads, and which model answers."""

    fields: tuple[str, ...]
    aliases: dict[str, str]  # header (normalized) -> field
    model: str  # the clustering model
    cluster_column: str


KINDS = {
    "leads": Kind(
        fields=(
            "name", "address", "street", "city", "region", "postal_code", "country", "phone",
            "website", "email", "latitude", "longitude",
        ),
        aliases={
            "business_name": "name", "site_name": "name", "company": "name", "addr": "address",
            "address_line": "address", "full_address": "address", "zip": "postal_code",
            "zipcode": "postal_code", "zip_code": "postal_code", "postcode": "postal_code",
            "state": "region", "telephone": "phone", "tel": "phone", "phone_number": "phone",
            "url": "website", "web": "website", "site": "website", "email_address": "email",
            "e_mail": "email", "lat": "latitude", "lng": "longitude", "lon": "longitude",
        },
        model="int_lead_listings_clustered",
        cluster_column="lead_id",
    ),
    "products": Kind(
        fields=("title", "brand", "gtin", "sku", "mpn", "price", "currency"),
        aliases={
            "name": "title", "product": "title", "product_name": "title", "manufacturer": "brand",
            "ean": "gtin", "upc": "gtin", "barcode": "gtin", "part_number": "mpn",
        },
        model="int_product_offers_clustered",
        cluster_column="product_id",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class DedupeResult:
    rows: int
    clusters: int
    columns: dict[str, str]  # field -> the input header read for it
    seconds: float


def field_columns(
    kind: str, headers: list[str], overrides: dict[str, str] | None = None
) -> dict[str, str]:
    """field -> the input header holding it: overrides first, then names and aliases."""
    spec = _kind(kind)
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(spec.fields))
    if unknown:
        raise DedupeError(
            f"{kind} have no field {', '.join(unknown)}; the fields are {', '.join(spec.fields)}"
        )
    missing = sorted(h for h in overrides.values() if h not in headers)
    if missing:
        raise DedupeError(
            f"the input has no column {', '.join(map(repr, missing))}; its columns are "
            f"{', '.join(map(repr, headers))}"
        )
    columns = dict(overrides)
    for header in headers:
        key = "_".join(header.lower().replace("-", " ").split())
        field = key if key in spec.fields else spec.aliases.get(key)
        if field and field not in columns:
            columns[field] = header
    return columns


def cluster_rows(kind: str, rows: list[dict[str, str]], columns: dict[str, str]) -> list[str]:
    """The cluster id of each row, in order: rows of one business (product) share one."""
    spec = _kind(kind)
    make_item = _lead if kind == "leads" else _product
    con = duckdb.connect()
    try:
        con.execute("set enable_progress_bar = false")
        register_macros(con)
        create_raw_tables(con)
        items = (make_item(_source_id(i), row, columns) for i, row in enumerate(rows))
        insert_items(con, items, observed_at=OBSERVED_AT)
        for model in upstream([spec.model]):
            build_model(con, model)
        clusters = dict(
            con.execute(f"select source_id, {spec.cluster_column} from {spec.model}").fetchall()
        )
    finally:
        con.close()
    return [clusters[_source_id(i)] for i in range(len(rows))]


def dedupe_csv(
    kind: str, source: Path, target: Path, overrides: dict[str, str] | None = None
) -> DedupeResult:
    """Read `source`, cluster its rows, write them to `target` with a `cluster_id` column."""
    started = time.perf_counter()
    headers, rows = read_csv(source)
    if CLUSTER_COLUMN in headers:
        raise DedupeError(
            f"{source} already has a {CLUSTER_COLUMN!r} column; rename it or drop it first"
        )
    columns = field_columns(kind, headers, overrides)
    if not columns:
        raise DedupeError(
            f"none of the columns of {source} ({', '.join(map(repr, headers))}) is one of the "
            f"{kind} fields ({', '.join(_kind(kind).fields)}); name them with "
            "--column FIELD=HEADER"
        )
    clusters = cluster_rows(kind, rows, columns)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=[*headers, CLUSTER_COLUMN])
        writer.writeheader()
        for row, cluster in zip(rows, clusters):
            writer.writerow({**row, CLUSTER_COLUMN: cluster})
    return DedupeResult(len(rows), len(set(clusters)), columns, time.perf_counter() - started)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV file (UTF-8, or Latin-1 when it is not UTF-8)."""
    if not Path(path).is_file():
        raise DedupeError(f"no file at {path}; give the path of a CSV file with a header row")
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            with open(path, newline="", encoding=encoding) as file:
                reader = csv.DictReader(file)
                rows = [{k: v for k, v in row.items() if k is not None} for row in reader]
                headers = list(reader.fieldnames or [])
            break
        except UnicodeDecodeError:
            continue
    if not headers:
        raise DedupeError(f"{path} is empty; it needs a header row naming its columns")
    return headers, rows


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise DedupeError(f"can't dedupe {kind!r}; choose one of {', '.join(KINDS)}")
    return KINDS[kind]


def _source_id(index: int) -> str:
    return f"{index:09d}"  # zero-padded: in row order, the first row of a cluster names it


def _values(row: dict[str, str], columns: dict[str, str]) -> Iterator[tuple[str, str | None]]:
    for field, header in columns.items():
        value = (row.get(header) or "").strip()
        yield field, value or None


def _lead(source_id: str, row: dict[str, str], columns: dict[str, str]) -> LeadItem:
    values = dict(_values(row, columns))
    return LeadItem(
        source=SOURCE,
        source_id=source_id,
        url=f"csv:{source_id}",
        name=values.get("name"),
        phone=values.get("phone"),
        emails=[values["email"]] if values.get("email") else [],
        website=values.get("website"),
        address=values.get("address"),
        street=values.get("street"),
        city=values.get("city"),
        region=values.get("region"),
        postal_code=values.get("postal_code"),
        country=values.get("country"),
        latitude=_number(values.get("latitude")),
        longitude=_number(values.get("longitude")),
    )


def _product(source_id: str, row: dict[str, str], columns: dict[str, str]) -> ProductItem:
    values = dict(_values(row, columns))
    return ProductItem(
        source=SOURCE,
        source_id=source_id,
        url=f"csv:{source_id}",
        title=values.get("title"),
        brand=values.get("brand"),
        gtin=values.get("gtin"),
        sku=values.get("sku"),
        mpn=values.get("mpn"),
        price=values.get("price"),
        currency=values.get("currency"),
    )


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
