"""Asset check on the website contacts: how well `lead_contacts` matches the sandbox's truth.

- `lead_contacts` `contacts_match_sandbox_truth`: the share of businesses whose site shows an
  email that got at least one of them (recall by business), email precision and recall, and
  the social profiles found, as check metadata (`warehouse.contact_quality`); fails (a
  warning) below the floors (`ContactFloors`). Scored only when the crawl came from the
  sandbox (its URL as for `matches_sandbox_truth`, orchestration/checks.py) and a contacts
  crawl is in the warehouse; otherwise the check passes saying why it scored nothing.

It reads what its run built (`orchestration.warehouse_reader`).
Settings: TRAWL_SANDBOX_URL, and the floors TRAWL_CHECK_MIN_CONTACT_RECALL (0.95) and
TRAWL_CHECK_MIN_EMAIL_PRECISION (0.99) (see warehouse/contact_quality.py).
"""

# no `from __future__ import annotations` here: Dagster reads the context and resource
# types of check functions at definition time.

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from orchestration.checks import sandbox_url_of
from orchestration.resources import ScrapyCrawler, Warehouse
from orchestration.warehouse_reader import NothingBuilt, read_built
from warehouse.contact_quality import ContactFloors, ContactScores, contacts_against_truth
from warehouse.matching_quality import TruthUnavailable, sandbox_truth


def contact_metadata(scores: ContactScores, truth_from: str) -> dict:
    return {
        "recall_by_business": MetadataValue.float(scores.recall_by_business),
        "email_precision": MetadataValue.float(scores.email_precision),
        "email_recall": MetadataValue.float(scores.email_recall),
        "businesses_with_email": scores.businesses_with_email,
        "businesses_reachable": scores.businesses_reachable,
        "businesses_found": scores.businesses_found,
        "businesses_unlisted": scores.businesses_unlisted,
        "emails_shown": scores.emails_shown,
        "emails_found": scores.emails_found,
        "emails_right": scores.emails_right,
        "socials_shown": scores.socials_shown,
        "socials_found": scores.socials_found,
        "socials_right": scores.socials_right,
        "truth_from": MetadataValue.url(truth_from),
    }


@asset_check(
    asset="lead_contacts",
    name="contacts_match_sandbox_truth",
    blocking=False,
    description="Website emails found by business, their precision, and the social profiles "
    "found, against the sandbox's truth (only when the crawl came from the sandbox).",
)
def contacts_match_sandbox_truth(
    context: AssetCheckExecutionContext, warehouse: Warehouse, crawler: ScrapyCrawler
) -> AssetCheckResult:
    url = sandbox_url_of(crawler)
    if url is None:
        return AssetCheckResult(
            passed=True, description="no truth available: the crawl did not come from the sandbox"
        )
    try:
        truth = sandbox_truth(url, kinds=("businesses", "contacts"))
    except TruthUnavailable as error:
        return AssetCheckResult(passed=True, description=f"no truth available: {error}")
    try:
        with read_built(warehouse.target_path(), context.run.run_id) as con:
            (contacts_crawls,) = con.execute(
                "select count(*) from crawl_health where spider = 'contacts'"
            ).fetchone()
            scores = contacts_against_truth(con, truth)
    except NothingBuilt as missing:
        return AssetCheckResult(passed=False, description=str(missing))
    if not contacts_crawls:
        # a build from the lead crawls alone, before any contacts crawl: nothing to score yet
        return AssetCheckResult(
            passed=True, description="no contacts crawl in the warehouse yet: nothing to score"
        )
    floors = ContactFloors.from_environment()
    return AssetCheckResult(
        passed=floors.met_by(scores),
        severity=AssetCheckSeverity.WARN,
        description=(
            f"emails found for {scores.businesses_found:,} of {scores.businesses_reachable:,} "
            f"businesses whose site shows one ({scores.recall_by_business:.4f}), email precision "
            f"{scores.email_precision:.4f} ({scores.emails_right:,} of {scores.emails_found:,}); "
            f"floors: recall by business {floors.recall_by_business}, email precision "
            f"{floors.email_precision}"
        ),
        metadata=contact_metadata(scores, url),
    )


contact_checks = [contacts_match_sandbox_truth]
