"""How good the warehouse's website contacts are, scored against the sandbox's truth: which
businesses got an email from their own site, how many of the emails read are right, and the
social profiles found. For the demo summary, the end-to-end tests and the
`contacts_match_sandbox_truth` asset check (orchestration/contact_checks.py).

`score_contacts` is pure (plain values in, `ContactScores` out); `contacts_against_truth`
reads its inputs from a warehouse connection (`lead_contacts`, `lead_sources`). The truth is
the sandbox's /_truth/businesses.json (which listing is which business) and
/_truth/contacts.json (what each business's own site shows).

- A value is credited to the businesses of the listings whose website it was read from
  (`lead_contacts.listings`), not to the lead those listings were matched into, so a
  matching mistake is scored by the matching checks and not counted again here.
- The contacts spider visits only the websites listings give: a business none of whose
  listings in the warehouse gives a website cannot be reached, and is counted apart
  (`businesses_unlisted`), not against recall.
- Social profiles are compared in one spelling (`spiders.extraction.contacts.social_profile`:
  twitter.com is x.com, no query, ...), as the spider stores them.

Settings (environment), read by `ContactFloors.from_environment`:
- TRAWL_CHECK_MIN_CONTACT_RECALL (default 0.95): the least share of reachable businesses
  whose site shows an email that must get at least one of its emails;
- TRAWL_CHECK_MIN_EMAIL_PRECISION (default 0.99): the least share of the emails read that
  the business's own site shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import duckdb

from spiders.extraction.contacts import social_profile
from warehouse.scoring import fractions_from_environment

RecordKey = tuple[str, str]  # (source, source_id) of a lead listing
FoundValues = Mapping[str, AbstractSet[str]]  # kind ("email" | "social") -> values


@dataclass(frozen=True)
class ContactScores:
    """Website emails and social profiles in the warehouse against what the sites show."""

    businesses_with_email: int  # true businesses whose own site shows an email
    businesses_unlisted: int  # of those, no listing in the warehouse gives their website
    businesses_found: int  # of the reachable ones, with at least one of their emails found
    recall_by_business: float  # businesses_found / reachable (1.0 when none is reachable)
    emails_shown: int  # emails the reachable businesses' sites show
    emails_found: int  # (business, email) pairs read from the sites
    emails_right: int  # of those, shown by that business's own site
    email_precision: float  # emails_right / emails_found (1.0 when none was found)
    email_recall: float  # right emails of reachable businesses / emails_shown
    socials_shown: int  # social profiles the reachable businesses' sites show
    socials_found: int  # (business, profile) pairs read from the sites
    socials_right: int  # of those, shown by that business's own site

    @property
    def businesses_reachable(self) -> int:
        return self.businesses_with_email - self.businesses_unlisted


@dataclass(frozen=True)
class ContactFloors:
    """The least recall by business and email precision a sandbox crawl's contacts must reach."""

    recall_by_business: float = 0.95
    email_precision: float = 0.99

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ContactFloors:
        names = {
            "recall_by_business": "TRAWL_CHECK_MIN_CONTACT_RECALL",
            "email_precision": "TRAWL_CHECK_MIN_EMAIL_PRECISION",
        }
        return cls(**fractions_from_environment(names, environ))

    def met_by(self, scores: ContactScores) -> bool:
        return (
            scores.recall_by_business >= self.recall_by_business
            and scores.email_precision >= self.email_precision
        )


def canonical_social(url: str) -> str:
    """A profile URL in the one spelling the spider stores; other URLs as they are."""
    profile = social_profile(url)
    return profile["url"] if profile else url


def score_contacts(
    found: Mapping[RecordKey, FoundValues],
    listed_with_website: Iterable[RecordKey],
    truth_listings: Mapping[RecordKey, str],
    truth_contacts: Iterable[Mapping[str, Any]],
) -> ContactScores:
    """Score what was read from websites (listing -> kind -> values) against the truth.

    `listed_with_website`: the listings in the warehouse that give a website;
    `truth_listings`: listing -> true business (entity_id); `truth_contacts`: the records of
    /_truth/contacts.json. Listings the truth does not know are not scored.
    """
    sites = {record["entity_id"]: record for record in truth_contacts}
    shown_emails = {b: {e["email"].lower() for e in r["emails"]} for b, r in sites.items()}
    shown_socials = {b: {canonical_social(u) for u in r["socials"]} for b, r in sites.items()}

    read: dict[str, dict[str, set[str]]] = {}
    for listing, values in found.items():
        if listing in truth_listings:
            mine = read.setdefault(truth_listings[listing], {"email": set(), "social": set()})
            mine["email"].update(e.lower() for e in values.get("email", ()))
            mine["social"].update(canonical_social(u) for u in values.get("social", ()))

    reachable = {truth_listings[key] for key in listed_with_website if key in truth_listings}
    with_email = {b for b, emails in shown_emails.items() if emails}
    reached = with_email & reachable

    def right(business: str, kind: str) -> set[str]:
        shown = (shown_emails if kind == "email" else shown_socials).get(business, set())
        return read.get(business, {}).get(kind, set()) & shown

    found_for = {b for b in reached if right(b, "email")}
    emails_found = sum(len(values["email"]) for values in read.values())
    emails_right = sum(len(right(b, "email")) for b in read)
    emails_shown = sum(len(shown_emails[b]) for b in reached)
    return ContactScores(
        businesses_with_email=len(with_email),
        businesses_unlisted=len(with_email - reachable),
        businesses_found=len(found_for),
        recall_by_business=len(found_for) / len(reached) if reached else 1.0,
        emails_shown=emails_shown,
        emails_found=emails_found,
        emails_right=emails_right,
        email_precision=emails_right / emails_found if emails_found else 1.0,
        email_recall=(
            sum(len(right(b, "email")) for b in reached) / emails_shown if emails_shown else 1.0
        ),
        socials_shown=sum(len(shown_socials[b]) for b in reachable & sites.keys()),
        socials_found=sum(len(values["social"]) for values in read.values()),
        socials_right=sum(len(right(b, "social")) for b in read),
    )


def found_contacts(con: duckdb.DuckDBPyConnection) -> dict[RecordKey, dict[str, set[str]]]:
    """listing -> kind -> the emails and social profiles read from the website it gives."""
    rows = con.execute(
        "select kind, value, listings from lead_contacts where kind in ('email', 'social')"
    ).fetchall()
    found: dict[RecordKey, dict[str, set[str]]] = {}
    for kind, value, listings in rows:
        for listing in listings:  # 'source:source_id'; sources hold no colon
            source, _, source_id = listing.partition(":")
            found.setdefault((source, source_id), {}).setdefault(kind, set()).add(value)
    return found


def listings_with_website(con: duckdb.DuckDBPyConnection) -> set[RecordKey]:
    """The lead listings in the warehouse that give a website."""
    query = "select source, source_id from lead_sources where website_domain is not null"
    return {(source, source_id) for source, source_id in con.execute(query).fetchall()}


def contacts_against_truth(
    con: duckdb.DuckDBPyConnection, truth: Mapping[str, list[dict[str, Any]]]
) -> ContactScores:
    """The warehouse's website contacts scored against {"businesses", "contacts"} truth."""
    truth_listings = {
        (listing["source"], listing["source_id"]): business["entity_id"]
        for business in truth.get("businesses", [])
        for listing in business.get("listings", ())
    }
    return score_contacts(
        found_contacts(con), listings_with_website(con), truth_listings, truth.get("contacts", [])
    )
