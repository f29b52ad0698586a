"""How good the warehouse's matching is: scored against the sandbox's truth, and checked for
merges that can never be right. Pure functions over a DuckDB connection, for the Dagster
asset checks (orchestration/checks.py) and anyone else.

Settings (environment), read by `MatchingFloors.from_environment`:
- TRAWL_CHECK_MIN_LEAD_F1 (default 0.97), TRAWL_CHECK_MIN_PRODUCT_F1 (default 0.95),
  TRAWL_CHECK_MIN_PRECISION (default 0.98, both marts): the floors a sandbox crawl's
  matching must reach.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from warehouse.scoring import Scores, fractions_from_environment, pairwise_scores
from warehouse.summary import truth_keys

# mart -> (the query of its clustering, the truth's kind of entity)
CLUSTERINGS = {
    "leads": ("select source, source_id, lead_id from lead_sources", "businesses"),
    "products": ("select source, source_id, product_id from product_offers", "products"),
}


class TruthUnavailable(RuntimeError):
    """The sandbox's truth could not be read; the message says where and why."""


@dataclass(frozen=True)
class MatchingFloors:
    """The least pairwise F1 per mart, and precision, a sandbox crawl's matching must reach."""

    lead_f1: float = 0.97
    product_f1: float = 0.95
    precision: float = 0.98

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> MatchingFloors:
        names = {
            "lead_f1": "TRAWL_CHECK_MIN_LEAD_F1",
            "product_f1": "TRAWL_CHECK_MIN_PRODUCT_F1",
            "precision": "TRAWL_CHECK_MIN_PRECISION",
        }
        return cls(**fractions_from_environment(names, environ))

    def f1(self, mart: str) -> float:
        return self.lead_f1 if mart == "leads" else self.product_f1


def sandbox_truth(
    sandbox_url: str, timeout: float = 30, kinds: tuple[str, ...] = ("businesses", "products")
) -> dict[str, list[dict[str, Any]]]:
    """{"businesses": [...], "products": [...]} (or the `kinds` asked for: "contacts"...) as
    the sandbox at sandbox_url serves them."""
    truth = {}
    for kind in kinds:
        url = f"{sandbox_url.rstrip('/')}/_truth/{kind}.json"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                truth[kind] = json.load(response)
        except (OSError, ValueError) as error:
            raise TruthUnavailable(
                f"could not read the sandbox's truth at {url}: {error}"
            ) from None
    return truth


def clusters(con: duckdb.DuckDBPyConnection, mart: str) -> dict[tuple[str, str], str]:
    """(source, source_id) -> cluster id, for every listing of the mart's clustering."""
    query, _ = CLUSTERINGS[mart]
    return {
        (source, source_id): cluster for source, source_id, cluster in con.execute(query).fetchall()
    }


def score_against_truth(
    con: duckdb.DuckDBPyConnection, mart: str, truth: Mapping[str, list[dict[str, Any]]]
) -> Scores:
    """Pairwise scores of the mart's clustering against the truth's entities of its kind."""
    _, kind = CLUSTERINGS[mart]
    return pairwise_scores(clusters(con, mart), truth_keys(truth.get(kind, [])))


def products_with_several_gtins(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict]:
    """Products whose offers carry two or more different GTINs: merges that are always wrong."""
    rows = con.execute(
        "select product_id, list_sort(list(distinct gtin)) as gtins from product_offers "
        "where gtin is not null group by product_id having count(distinct gtin) > 1 "
        "order by product_id limit ?",
        [limit],
    ).fetchall()
    return [{"product_id": product_id, "gtins": gtins} for product_id, gtins in rows]
