"""The raw schema in PostgreSQL: append-only observations, crawl runs and rejects.

Changed only through Alembic migrations (`pipelines/migrations`). Observations are unique on
(source, source_id, crawl_run_id), so replaying a crawl run never duplicates a row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, Numeric, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _json(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(JSONB, nullable=nullable))


def _timestamp(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


class CrawlRun(SQLModel, table=True):
    """One row per crawl: who ran what, when, how it ended, and Scrapy's stats."""

    __tablename__ = "crawl_runs"

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    spider: str = Field(sa_column=Column(Text, nullable=False))
    arguments: dict | None = _json()
    started_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    finished_at: datetime | None = _timestamp()
    status: str = Field(default="running", sa_column=Column(Text, nullable=False))
    finish_reason: str | None = Field(default=None, sa_column=Column(Text))
    items_stored: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    items_rejected: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    stats: dict | None = _json()
    dagster_run_id: str | None = Field(default=None, sa_column=Column(Text))


class LeadObservation(SQLModel, table=True):
    """A business as one source showed it in one crawl run, normalized."""

    __tablename__ = "lead_observations"
    __table_args__ = (
        UniqueConstraint("source", "source_id", "crawl_run_id", name="uq_lead_observation"),
        Index("ix_lead_observations_entity", "source", "source_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    crawl_run_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    source: str = Field(sa_column=Column(Text, nullable=False))
    source_id: str = Field(sa_column=Column(Text, nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False))
    name: str | None = Field(default=None, sa_column=Column(Text))
    categories: list | None = _json()
    phone_raw: str | None = Field(default=None, sa_column=Column(Text))
    phone: str | None = Field(default=None, sa_column=Column(Text))  # E.164
    emails: list | None = _json()
    website: str | None = Field(default=None, sa_column=Column(Text))
    website_domain: str | None = Field(default=None, sa_column=Column(Text))
    address_raw: str | None = Field(default=None, sa_column=Column(Text))
    street: str | None = Field(default=None, sa_column=Column(Text))
    city: str | None = Field(default=None, sa_column=Column(Text))
    region: str | None = Field(default=None, sa_column=Column(Text))
    postal_code: str | None = Field(default=None, sa_column=Column(Text))
    country: str | None = Field(default=None, sa_column=Column(Text))
    latitude: float | None = None
    longitude: float | None = None
    rating: float | None = None
    review_count: int | None = None
    opening_hours: str | None = Field(default=None, sa_column=Column(Text))
    raw: dict | None = _json()
    content_hash: str = Field(sa_column=Column(Text, nullable=False))
    observed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ProductObservation(SQLModel, table=True):
    """A product offer as one source showed it in one crawl run, normalized."""

    __tablename__ = "product_observations"
    __table_args__ = (
        UniqueConstraint("source", "source_id", "crawl_run_id", name="uq_product_observation"),
        Index("ix_product_observations_entity", "source", "source_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    crawl_run_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    source: str = Field(sa_column=Column(Text, nullable=False))
    source_id: str = Field(sa_column=Column(Text, nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = Field(default=None, sa_column=Column(Text))
    brand: str | None = Field(default=None, sa_column=Column(Text))
    gtin: str | None = Field(default=None, sa_column=Column(Text))  # check digit validated
    sku: str | None = Field(default=None, sa_column=Column(Text))
    mpn: str | None = Field(default=None, sa_column=Column(Text))
    price_raw: str | None = Field(default=None, sa_column=Column(Text))
    price: Decimal | None = Field(default=None, sa_column=Column(Numeric(18, 4)))
    currency: str | None = Field(default=None, sa_column=Column(Text))  # ISO 4217
    availability: str | None = Field(default=None, sa_column=Column(Text))
    rating: float | None = None
    review_count: int | None = None
    seller: str | None = Field(default=None, sa_column=Column(Text))
    category_path: list | None = _json()
    image_urls: list | None = _json()
    raw: dict | None = _json()
    content_hash: str = Field(sa_column=Column(Text, nullable=False))
    observed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ContactObservation(SQLModel, table=True):
    """What a lead's own website showed in one crawl run: emails (role ones flagged), phones
    and social profiles, each with the pages it was read on; keyed by the lead."""

    __tablename__ = "contact_observations"
    __table_args__ = (
        UniqueConstraint("source", "source_id", "crawl_run_id", name="uq_contact_observation"),
        Index("ix_contact_observations_entity", "source", "source_id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    crawl_run_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    source: str = Field(sa_column=Column(Text, nullable=False))  # the lead's
    source_id: str = Field(sa_column=Column(Text, nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False))  # the site's home page
    website: str | None = Field(default=None, sa_column=Column(Text))
    website_domain: str | None = Field(default=None, sa_column=Column(Text))
    emails: list | None = _json()  # [{"email", "role", "pages"}]
    phones: list | None = _json()  # [{"raw", "e164", "pages"}]
    socials: list | None = _json()  # [{"network", "url", "pages"}]
    pages: list | None = _json()  # every page read
    raw: dict | None = _json()
    content_hash: str = Field(sa_column=Column(Text, nullable=False))
    observed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class Reject(SQLModel, table=True):
    """An item that failed validation, kept with the reason: nothing is dropped silently."""

    __tablename__ = "rejects"

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    crawl_run_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    item_type: str = Field(sa_column=Column(Text, nullable=False))
    source: str | None = Field(default=None, sa_column=Column(Text))
    source_id: str | None = Field(default=None, sa_column=Column(Text))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    item: dict | None = _json()
    rejected_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
