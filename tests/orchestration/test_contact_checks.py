"""The contacts check: website emails and social profiles of `lead_contacts` scored against
the sandbox's truth as check metadata, a warning below the floors.

Raw observations go into a throwaway PostgreSQL; the warehouse is built through Dagster; the
truth is served by a real HTTP server on a free 127.0.0.1 port, as the sandbox serves it.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from dagster import AssetCheckSeverity, DagsterInstance
from psycopg.types.json import Jsonb

from orchestration.definitions import resources_for
from orchestration.runs import materialize_warehouse
from tests.orchestration.truth_server import serving_truth
from tests.raw_tables import empty_raw_tables

TRUTH = {
    "businesses": [
        {"entity_id": "ace", "listings": [
            {"source": "directory", "source_id": "d1"}, {"source": "maps", "source_id": "m1"},
        ]},
        {"entity_id": "bean", "listings": [{"source": "directory", "source_id": "d2"}]},
    ],
    "contacts": [
        {"entity_id": "ace", "domain": "ace.com", "has_site": True, "scripted": False,
         "emails": [{"email": "info@ace.com", "role": True}], "phones": [],
         "socials": ["https://twitter.com/ace"]},
        {"entity_id": "bean", "domain": "bean.com", "has_site": True, "scripted": False,
         "emails": [{"email": "hello@bean.com", "role": False}], "phones": [], "socials": []},
    ],
}  # fmt: skip
LEADS = (
    ("directory", "d1", "Ace Plumbing", "+12175550100", "ace.com"),
    ("maps", "m1", "Ace Plumbing LLC", "+12175550100", "ace.com"),
    ("directory", "d2", "Bean There", "+12175550200", "bean.com"),
)
# what the contacts crawl read: Ace's email and profile; on Bean's site a wrong address
CONTACTS = (
    ("directory", "d1", ["info@ace.com"], ["https://x.com/ace"]),
    ("maps", "m1", ["info@ace.com"], ["https://x.com/ace"]),
    ("directory", "d2", ["hello@bean.com", "webmaster@bean-hosting.net"], []),
)


@pytest.fixture(scope="module")
def truth_server() -> Iterator[str]:
    """The sandbox's /_truth/businesses.json and contacts.json, served on a free port."""
    with serving_truth(TRUTH) as url:
        yield url


def write_raw_store(database_url: str, contacts_crawled: bool = True) -> None:
    empty_raw_tables(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        run = "insert into crawl_runs (spider, started_at, finished_at, status, finish_reason," \
            " items_stored, items_rejected) values (%s, now(), now(), 'finished', 'finished', 3, 0)"  # fmt: skip
        conn.execute(run, ("directory",))
        for source, source_id, name, phone, domain in LEADS:
            conn.execute(
                "insert into lead_observations (crawl_run_id, source, source_id, url, name, phone,"
                " website, website_domain, street, content_hash, observed_at) values (1, %s, %s,"
                " 'http://x/' || %s, %s, %s, 'https://' || %s || '/', %s, '12 Main St', %s, now())",
                (source, source_id, source_id, name, phone, domain, domain, source_id),
            )
        if not contacts_crawled:
            return
        conn.execute(run, ("contacts",))
        for source, source_id, emails, socials in CONTACTS:
            home = f"https://{emails[0].split('@')[1]}/"
            conn.execute(
                "insert into contact_observations (crawl_run_id, source, source_id, url, emails,"
                " socials, pages, content_hash, observed_at) values (2, %s, %s, %s, %s, %s, %s,"
                " %s, now())",
                (source, source_id, home,
                 Jsonb([{"email": e, "role": False, "pages": [home]} for e in emails]),
                 Jsonb([{"network": "x", "url": u, "pages": [home]} for u in socials]),
                 Jsonb([home]), source_id),
            )  # fmt: skip


def build(database_url, out, sandbox_url=None, contacts_crawled=True, **environment):
    write_raw_store(database_url, contacts_crawled)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TRAWL_SANDBOX_URL", raising=False)
        patch.setenv("TRAWL_WAREHOUSE_PATH", str(out / "warehouse.duckdb"))
        patch.setenv("TRAWL_EXPORT_DIR", str(out / "exports"))
        for name, value in environment.items():
            patch.setenv(name, value)
        result = materialize_warehouse(
            DagsterInstance.ephemeral(), resources_for(sandbox_url=sandbox_url)
        )
    return next(
        c for c in result.get_asset_check_evaluations()
        if (c.asset_key.to_user_string(), c.check_name)
        == ("lead_contacts", "contacts_match_sandbox_truth")
    )  # fmt: skip


@pytest.fixture(scope="module")
def sandbox_check(database_url, truth_server, tmp_path_factory):
    return build(database_url, tmp_path_factory.mktemp("contacts"), truth_server)


def test_a_sandbox_crawl_gets_its_contact_scores_as_check_metadata(sandbox_check):
    metadata = {name: value.value for name, value in sandbox_check.metadata.items()}
    assert metadata["recall_by_business"] == 1.0  # Ace and Bean each got their email
    assert (metadata["businesses_reachable"], metadata["businesses_found"]) == (2, 2)
    assert (metadata["emails_found"], metadata["emails_right"]) == (3, 2)
    assert metadata["email_precision"] == pytest.approx(2 / 3)
    assert (metadata["socials_shown"], metadata["socials_found"], metadata["socials_right"]) == (
        1, 1, 1,
    )  # fmt: skip


def test_email_precision_below_its_floor_fails_the_check_as_a_warning(sandbox_check):
    assert not sandbox_check.passed and sandbox_check.severity == AssetCheckSeverity.WARN
    assert "floors: recall by business 0.95, email precision 0.99" in sandbox_check.description


def test_the_floors_are_read_from_the_environment(database_url, truth_server, tmp_path):
    check = build(database_url, tmp_path, truth_server, TRAWL_CHECK_MIN_EMAIL_PRECISION="0.6")
    assert check.passed and "email precision 0.6" in check.description


def test_a_warehouse_without_a_contacts_crawl_has_nothing_to_score(
    database_url, truth_server, tmp_path
):
    check = build(database_url, tmp_path, truth_server, contacts_crawled=False)
    assert check.passed and "no contacts crawl" in check.description


def test_without_a_sandbox_the_check_passes_saying_there_is_no_truth(database_url, tmp_path):
    check = build(database_url, tmp_path)
    assert check.passed and "no truth available" in check.description
