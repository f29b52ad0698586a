"""The warehouse's answer to "which records are one thing", as mappings the scorer takes.

`lead_clusters` maps each lead listing (source, source_id) to its lead_id, `product_clusters`
each product offer to its product_id; score them with `warehouse.scoring` against the truth.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

RecordKey = tuple[str, str]  # (source, source_id)


def lead_clusters(warehouse: Path) -> dict[RecordKey, str]:
    """(source, source_id) -> lead_id for every lead listing in the warehouse file."""
    return _clusters(warehouse, "select source, source_id, lead_id from lead_sources")


def product_clusters(warehouse: Path) -> dict[RecordKey, str]:
    """(source, source_id) -> product_id for every product offer in the warehouse file."""
    return _clusters(warehouse, "select source, source_id, product_id from product_offers")


def _clusters(warehouse: Path, query: str) -> dict[RecordKey, str]:
    if not Path(warehouse).exists():
        raise FileNotFoundError(
            f"no warehouse at {warehouse}; build it first with `trawl warehouse build`"
        )
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            (source, source_id): cluster
            for source, source_id, cluster in con.execute(query).fetchall()
        }
    finally:
        con.close()
