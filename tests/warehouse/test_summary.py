"""The warehouse summary: mart sizes, and matching scored against the sandbox's truth format."""

from __future__ import annotations

import pytest

from warehouse.build import build_warehouse
from warehouse.summary import mart_rows, score_marts, truth_keys, warehouse_summary

# the sandbox's truth, as /_truth/businesses.json and /_truth/products.json serve it
TRUTH = {
    "businesses": [
        {
            "entity_id": "b1",
            "name": "Corner Cafe",
            "listings": [
                {"source": "directory", "source_id": "d1"},
                {"source": "directory", "source_id": "d2"},
            ],
        },
        {
            "entity_id": "b2",
            "name": "Hair Studio",
            "listings": [{"source": "directory", "source_id": "d3"}],
        },
    ],
    "products": [
        {
            "entity_id": "p1",
            "title": "Kettle",
            "gtin": "5012345678900",
            "listings": [
                {"source": "marketplace", "source_id": "B01", "seller": "A"},
                {"source": "marketplace", "source_id": "B02", "seller": "B"},
            ],
        },
    ],
}


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    raw = raw_writer.empty()
    run = raw.crawl_run("directory", started=0, finished=1)
    raw.lead(run, "directory", "d1", 1, name="Corner Cafe", phone="+12175550111")
    raw.lead(run, "directory", "d2", 1, name="Corner Café", phone="+12175550111")
    raw.lead(run, "directory", "d3", 1, name="Hair Studio", phone="+12175550112")
    raw.product(run, "marketplace", "B01", 1, title="Kettle", gtin="5012345678900")
    raw.product(run, "marketplace", "B02", 1, title="Steel kettle")  # GTIN not shown
    target = tmp_path_factory.mktemp("summary") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


def test_truth_keys_map_every_listing_to_its_entity():
    assert truth_keys(TRUTH["businesses"]) == {
        ("directory", "d1"): "b1",
        ("directory", "d2"): "b1",
        ("directory", "d3"): "b2",
    }


def test_mart_rows_counts_every_mart(warehouse):
    rows = mart_rows(warehouse)
    assert (rows["leads"], rows["lead_sources"], rows["products"], rows["product_offers"]) == (
        2,
        3,
        1,
        2,
    )
    assert set(rows) == {
        "leads",
        "lead_sources",
        "lead_contacts",
        "products",
        "product_offers",
        "price_history",
        "crawl_health",
    }


def test_score_marts_scores_leads_and_products_against_the_truth(warehouse):
    scored = score_marts(TRUTH, warehouse)
    assert (scored["leads"].scores.f1, scored["leads"].entities) == (1.0, 2)
    # the listing without a GTIN joins the kettle by its title: the one true pair is found
    assert (scored["products"].scores.recall, scored["products"].coverage.entities_found) == (
        1.0,
        1,
    )


def test_the_summary_says_what_was_found_and_how_well_it_matched(warehouse):
    lines = warehouse_summary(TRUTH, warehouse)
    assert any(
        line.startswith(
            "leads: 2 from 3 listings, for 2 true entities; found 2 "
            "(100.0%); pairwise precision 1.000, recall 1.000"
        )
        for line in lines
    )


def test_the_summary_of_a_missing_warehouse_says_so(tmp_path):
    assert warehouse_summary(TRUTH, tmp_path / "none.duckdb") == [
        f"no warehouse at {tmp_path / 'none.duckdb'}: the build did not publish one"
    ]
