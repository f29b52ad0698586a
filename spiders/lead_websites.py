"""The websites the contacts spider visits, and the leads each belongs to.

From the raw store by default: the latest observation of every lead (source, source_id) that
gave a website. Or ad hoc: `-a urls=...` or `-a websites=FILE` (one URL a line, or a CSV with
a `website` column and optionally `source`, `source_id`); such a lead is source "website",
its id the site's home page URL. Leads are grouped by site (host, "www." aside), so a chain's
locations, or one business listed by two sources, cost one crawl of their site.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

AD_HOC_SOURCE = "website"
_HOST = re.compile(
    r"localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
)
LATEST_WEBSITES = """
select distinct on (source, source_id) source, source_id, website
from lead_observations
where website is not null and website <> '' and (%(source)s::text is null or source = %(source)s)
order by source, source_id, observed_at desc, id desc
"""


@dataclass(frozen=True)
class Lead:
    source: str
    source_id: str
    website: str


@dataclass
class Site:
    """One website to crawl and the leads that gave it."""

    home: str  # scheme://host/ of the first lead that gave it
    leads: list[Lead] = field(default_factory=list)


def site_key(url: str) -> str | None:
    """Which site a URL is on: its host, lowercased, "www." aside; None for no http(s) URL."""
    parts = urlsplit(url if "//" in url else f"http://{url}")
    try:
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed port or address
        return None
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    return host.removeprefix("www.")


def group_by_site(leads: list[Lead]) -> list[Site]:
    """The sites of `leads`, in the order first given; websites that are no URL are left out."""
    sites: dict[str, Site] = {}
    for lead in leads:
        key = site_key(lead.website)
        if key is None:
            continue
        if key not in sites:
            url = lead.website if "//" in lead.website else f"http://{lead.website}"
            parts = urlsplit(url)
            sites[key] = Site(home=f"{parts.scheme}://{parts.netloc.lower()}/")
        sites[key].leads.append(lead)
    return list(sites.values())


def leads_from_urls(urls: list[str]) -> list[Lead]:
    return [Lead(AD_HOC_SOURCE, _home(url), url) for url in urls]


def leads_from_file(path: str) -> list[Lead]:
    """Leads from a file of websites (see the module docstring)."""
    text = Path(path).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = [name.strip().lower() for name in next(csv.reader([lines[0]]))]
    if "website" not in header:
        return leads_from_urls([line for line in lines if not line.startswith("#")])
    leads = []
    for row in csv.DictReader(lines[1:], fieldnames=header):
        website = (row.get("website") or "").strip()
        if not website:
            continue
        source = (row.get("source") or "").strip() or AD_HOC_SOURCE
        source_id = (row.get("source_id") or "").strip() or _home(website)
        leads.append(Lead(source, source_id, website))
    return leads


def leads_from_store(database_url: str, source: str | None = None) -> list[Lead]:
    """The latest website of every lead in the raw store (of one source, when given)."""
    with psycopg.connect(database_url, connect_timeout=10) as connection:
        rows = connection.execute(LATEST_WEBSITES, {"source": source}).fetchall()
    return [Lead(*row) for row in rows]


def _home(url: str) -> str:
    parts = urlsplit(url if "//" in url else f"http://{url}")
    return f"{parts.scheme}://{parts.netloc.lower()}/"
