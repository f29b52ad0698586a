"""What the warehouse holds, scored against the truth: for the demo, end-to-end tests, checks.

`truth` is the sandbox's ground truth as `/_truth/businesses.json` and `/_truth/products.json`
serve it: {"businesses": [...], "products": [...]}, each entity with an "entity_id" and its
"listings" ({"source", "source_id", ...}); with "contacts" (`/_truth/contacts.json`) as well,
the website emails and social profiles are scored too (`warehouse.contact_quality`).
Settings: TRAWL_WAREHOUSE_PATH (the default file, see `warehouse.settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from warehouse import settings
from warehouse.catalog import list_models
from warehouse.clusters import RecordKey, lead_clusters, product_clusters
from warehouse.contact_quality import ContactScores, contacts_against_truth
from warehouse.scoring import Coverage, Scores, entity_coverage, pairwise_scores


class MartScore(NamedTuple):
    """A clustering mart scored against the truth."""

    scores: Scores  # pairwise precision / recall over the listings in both
    coverage: Coverage  # how many true entities the mart holds
    entities: int  # true entities


def truth_keys(entities: list[dict[str, Any]]) -> dict[RecordKey, str]:
    """(source, source_id) -> entity_id for every listing of every true entity."""
    return {
        (listing["source"], listing["source_id"]): entity["entity_id"]
        for entity in entities
        for listing in entity.get("listings", ())
    }


def mart_rows(warehouse: Path) -> dict[str, int]:
    """Rows in each mart of the warehouse file."""
    marts = [m.name for m in list_models() if m.is_mart]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {mart: con.execute(f"select count(*) from {mart}").fetchone()[0] for mart in marts}


def score_marts(truth: dict[str, list[dict[str, Any]]], warehouse: Path) -> dict[str, MartScore]:
    """`leads` scored against the true businesses, `products` against the true products."""
    scored = {}
    for kind, entities_kind, clusters in (
        ("leads", "businesses", lead_clusters),
        ("products", "products", product_clusters),
    ):
        entities = truth.get(entities_kind, [])
        predicted, expected = clusters(warehouse), truth_keys(entities)
        scored[kind] = MartScore(
            pairwise_scores(predicted, expected),
            entity_coverage(predicted, expected),
            len(entities),
        )
    return scored


def score_website_contacts(
    truth: dict[str, list[dict[str, Any]]], warehouse: Path
) -> ContactScores:
    """`lead_contacts` scored against the true businesses and what their sites show."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return contacts_against_truth(con, truth)


def contacts_line(scores: ContactScores) -> str:
    """One summary line: emails found by business, their precision, social profiles."""
    return (
        f"contacts: emails found for {scores.businesses_found:,} of "
        f"{scores.businesses_reachable:,} businesses whose site shows one "
        f"({scores.recall_by_business:.1%}; {scores.businesses_unlisted:,} more whose website no "
        f"listing gives); email precision {scores.email_precision:.3f} ({scores.emails_right:,} of "
        f"{scores.emails_found:,}), recall {scores.email_recall:.3f} of {scores.emails_shown:,}; "
        f"social profiles {scores.socials_right:,} of {scores.socials_shown:,} found, "
        f"{scores.socials_found - scores.socials_right:,} wrong"
    )


def warehouse_summary(
    truth: dict[str, list[dict[str, Any]]], warehouse: Path | None = None
) -> list[str]:
    """Lines saying what the warehouse holds and how its matching scores against the truth."""
    warehouse = Path(warehouse or settings.warehouse_path())
    if not warehouse.exists():
        return [f"no warehouse at {warehouse}: the build did not publish one"]
    rows = mart_rows(warehouse)
    listings = {"leads": rows["lead_sources"], "products": rows["product_offers"]}
    lines = [f"warehouse: {warehouse} ({warehouse.stat().st_size / 1e6:.1f} MB)"]
    for kind, (scores, coverage, entities) in score_marts(truth, warehouse).items():
        lines.append(
            f"{kind}: {rows[kind]:,} from {listings[kind]:,} listings, for {entities:,} true "
            f"entities; found {coverage.entities_found:,} ({coverage.coverage:.1%}); pairwise "
            f"precision {scores.precision:.3f}, recall {scores.recall:.3f}, F1 {scores.f1:.3f}"
        )
    if "contacts" in truth:
        lines.append(contacts_line(score_website_contacts(truth, warehouse)))
    lines.append(
        f"price_history: {rows['price_history']:,} prices; crawl_health: "
        f"{rows['crawl_health']:,} crawl runs"
    )
    return lines
