"""Asset checks on the matching: how well `leads` and `products` match the sandbox's truth,
and that no product merges two GTINs.

- `leads` / `products` `matches_sandbox_truth`: pairwise precision, recall and F1 of the
  mart's clusters against the sandbox's truth, as check metadata; fails (a warning) below
  the floors (`warehouse.matching_quality.MatchingFloors`). Scored only when the crawl came
  from the sandbox: its URL is the crawler resource's `sandbox_url`, else TRAWL_SANDBOX_URL;
  with neither, or no truth at that URL, the check passes saying there was no truth.
- `products` `one_gtin_per_product`: no product holds offers with two different valid
  GTINs; blocking, since such a merge is always wrong.
Unique mart keys are checked with the other dbt-style rules (orchestration/mart_checks.py).

Each check reads what its run built (`orchestration.warehouse_reader`).
Settings: TRAWL_SANDBOX_URL, and the floors TRAWL_CHECK_MIN_LEAD_F1,
TRAWL_CHECK_MIN_PRODUCT_F1, TRAWL_CHECK_MIN_PRECISION (see warehouse/matching_quality.py).
"""

# no `from __future__ import annotations` here: Dagster reads the context and resource
# types of check functions at definition time.

import os

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from orchestration.resources import ScrapyCrawler, Warehouse
from orchestration.warehouse_reader import NothingBuilt, read_built
from warehouse.matching_quality import (
    MatchingFloors,
    TruthUnavailable,
    products_with_several_gtins,
    sandbox_truth,
    score_against_truth,
)


def sandbox_url_of(crawler: ScrapyCrawler) -> str | None:
    """Where the crawls came from when they came from the sandbox; None otherwise."""
    return crawler.sandbox_url or os.environ.get("TRAWL_SANDBOX_URL") or None


def truth_check(mart: str) -> AssetChecksDefinition:
    @asset_check(
        asset=mart,
        name="matches_sandbox_truth",
        blocking=False,
        description=f"Pairwise precision, recall and F1 of {mart} against the sandbox's truth "
        "(only when the crawl came from the sandbox).",
    )
    def _check(
        context: AssetCheckExecutionContext, warehouse: Warehouse, crawler: ScrapyCrawler
    ) -> AssetCheckResult:
        url = sandbox_url_of(crawler)
        if url is None:
            return AssetCheckResult(
                passed=True,
                description="no truth available: the crawl did not come from the sandbox",
            )
        try:
            truth = sandbox_truth(url)
        except TruthUnavailable as error:
            return AssetCheckResult(passed=True, description=f"no truth available: {error}")
        try:
            with read_built(warehouse.target_path(), context.run.run_id) as con:
                scores = score_against_truth(con, mart, truth)
        except NothingBuilt as missing:
            return AssetCheckResult(passed=False, description=str(missing))
        floors = MatchingFloors.from_environment()
        passed = scores.f1 >= floors.f1(mart) and scores.precision >= floors.precision
        return AssetCheckResult(
            passed=passed,
            severity=AssetCheckSeverity.WARN,
            description=(
                f"precision {scores.precision:.4f}, recall {scores.recall:.4f}, F1 "
                f"{scores.f1:.4f} over {scores.records:,} listings; floors: F1 "
                f"{floors.f1(mart)}, precision {floors.precision}"
            ),
            metadata={
                "precision": MetadataValue.float(scores.precision),
                "recall": MetadataValue.float(scores.recall),
                "f1": MetadataValue.float(scores.f1),
                "true_pairs": scores.true_pairs,
                "predicted_pairs": scores.predicted_pairs,
                "correct_pairs": scores.correct_pairs,
                "listings_scored": scores.records,
                "truth_from": MetadataValue.url(url),
            },
        )

    return _check


@asset_check(
    asset="products",
    name="one_gtin_per_product",
    blocking=True,
    description="No product holds offers with two different valid GTINs.",
)
def one_gtin_per_product(
    context: AssetCheckExecutionContext, warehouse: Warehouse
) -> AssetCheckResult:
    try:
        with read_built(warehouse.target_path(), context.run.run_id) as con:
            merged = products_with_several_gtins(con)
    except NothingBuilt as missing:
        return AssetCheckResult(passed=False, description=str(missing))
    if not merged:
        return AssetCheckResult(passed=True, description="every product has at most one GTIN")
    shown = "; ".join(f"{m['product_id']}: {', '.join(m['gtins'])}" for m in merged[:5])
    return AssetCheckResult(
        passed=False,
        severity=AssetCheckSeverity.ERROR,
        description=f"products merging different GTINs (first {min(len(merged), 5)}): {shown}",
        metadata={"products": MetadataValue.json(merged)},
    )


matching_checks = [truth_check("leads"), truth_check("products"), one_gtin_per_product]
