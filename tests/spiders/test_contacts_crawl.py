"""The contacts spider on a small sandbox world, end to end through the pipelines: the
directory crawl stores leads, the contacts spider reads their websites from the raw store
(through TRAWL_SITES_VIA: nothing leaves the machine) and stores what the sites show.
Measured against /_truth/contacts.json."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import psycopg
import pytest

from pipelines.database import PROJECT_ROOT
from sandbox.server import SandboxConfig, running_sandbox
from spiders.extraction.contacts import social_profile
from tests.raw_tables import empty_raw_tables

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SCRAPY = Path(sys.executable).parent / "scrapy"
WORLD = SandboxConfig(seed=7, businesses=60, products=0)


def crawl(spider: str, env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRAPY), "crawl", spider, *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **env},
    )


def stat(stderr: str, name: str) -> float | None:
    found = re.search(rf"'{re.escape(name)}': ([\d.]+)", stderr)
    return float(found.group(1)) if found else None


@pytest.fixture(scope="module")
def crawled(database_url, tmp_path_factory):
    """One directory crawl and one contacts crawl of the small world; the contact rows,
    the truth, and the contacts crawl's log."""
    empty_raw_tables(database_url)
    feed = tmp_path_factory.mktemp("contacts") / "contacts.jsonl"
    with running_sandbox(WORLD) as url:
        env = {"DATABASE_URL": database_url, "TRAWL_SANDBOX_URL": url, "LOG_LEVEL": "INFO"}
        directory = crawl("directory", env)
        assert directory.returncode == 0, directory.stderr[-3000:]
        contacts = crawl("contacts", {**env, "TRAWL_SITES_VIA": url}, "-O", str(feed))
        assert contacts.returncode == 0, contacts.stderr[-3000:]
        businesses = json.load(urllib.request.urlopen(f"{url}/_truth/businesses.json"))
        truth = json.load(urllib.request.urlopen(f"{url}/_truth/contacts.json"))
    with psycopg.connect(database_url, row_factory=psycopg.rows.dict_row) as conn:
        rows = conn.execute("select * from contact_observations").fetchall()
        leads = conn.execute(
            "select source, source_id from lead_observations where website is not null"
        ).fetchall()
    entity = {
        (listing["source"], listing["source_id"]): business["entity_id"]
        for business in businesses
        for listing in business["listings"]
    }
    return {
        "rows": rows,
        "feed": [json.loads(line) for line in feed.read_text().splitlines()],
        "leads": leads,
        "entity": entity,
        "truth": {record["entity_id"]: record for record in truth},
        "stderr": contacts.stderr,
    }


def found_by_business(crawled) -> dict[str, dict]:
    """entity id -> what the spider stored for it (the union over its listings)."""
    found: dict[str, dict] = {}
    for row in crawled["rows"]:
        business = crawled["entity"][(row["source"], row["source_id"])]
        mine = found.setdefault(business, {"emails": {}, "socials": set(), "phones": set()})
        mine["emails"].update({e["email"]: e["role"] for e in row["emails"]})
        mine["socials"].update(s["url"] for s in row["socials"])
        mine["phones"].update(p["e164"] for p in row["phones"])
    return found


def test_emails_are_found_for_nearly_every_site_that_shows_one_and_none_invented(crawled):
    truth, found = crawled["truth"], found_by_business(crawled)
    with_website = {
        crawled["entity"][(lead["source"], lead["source_id"])] for lead in crawled["leads"]
    }
    carrying = [b for b in with_website if b in truth and truth[b]["emails"]]
    hits = [b for b in carrying if found.get(b, {}).get("emails")]
    complete = [
        b for b in carrying
        if {e["email"] for e in truth[b]["emails"]} <= set(found.get(b, {}).get("emails", {}))
    ]  # fmt: skip
    shown = sum(len(truth[b]["emails"]) for b in carrying)
    all_found = [(b, email) for b, values in found.items() for email in values["emails"]]
    right = [(b, e) for b, e in all_found if e in {t["email"] for t in truth[b]["emails"]}]
    recall, precision = len(hits) / len(carrying), len(right) / len(all_found)
    print(
        f"\ncontacts: {len(carrying)} businesses whose site shows an email; emails found for "
        f"{len(hits)} ({recall:.3f}), all of them for {len(complete)} "
        f"({len(complete) / len(carrying):.3f}); emails recall {len(right)}/{shown} "
        f"({len(right) / shown:.3f}), precision {len(right)}/{len(all_found)} ({precision:.3f})"
    )
    assert len(carrying) >= 20
    assert recall >= 0.95
    assert precision >= 0.99


def test_role_addresses_are_flagged_as_the_truth_has_them(crawled):
    truth, found = crawled["truth"], found_by_business(crawled)
    for business, values in found.items():
        roles = {e["email"]: e["role"] for e in truth[business]["emails"]}
        for email, role in values["emails"].items():
            assert roles.get(email, role) == role, email


def test_phones_and_social_profiles_are_those_the_sites_show(crawled):
    truth, found = crawled["truth"], found_by_business(crawled)
    socials_right = socials_found = socials_shown = 0
    for business, values in found.items():
        true_socials = {social_profile(url)["url"] for url in truth[business]["socials"]}
        socials_found += len(values["socials"])
        socials_shown += len(true_socials)
        socials_right += len(values["socials"] & true_socials)
        assert values["phones"] <= set(truth[business]["phones"]), business
    print(f"\nsocial profiles: {socials_right} of {socials_shown} found, {socials_found} in all")
    assert socials_right == socials_found  # no share link or made-up profile
    assert socials_right >= 0.95 * socials_shown


def test_sites_that_need_a_browser_are_rendered_and_each_value_names_its_page(crawled):
    stderr = crawled["stderr"]
    assert stat(stderr, "trawl/browser/fallback_pages") >= 1
    assert stat(stderr, "trawl/browser/pages_left_open") == 0
    for row in crawled["rows"]:
        for value in (*row["emails"], *row["phones"], *row["socials"]):
            assert value["pages"] and set(value["pages"]) <= set(row["pages"])
            assert all(page.startswith(("http://", "https://")) for page in value["pages"])
            assert "/_sites/" not in " ".join(value["pages"])  # the business's URL, not ours


def test_no_request_left_the_machine(crawled):
    stderr = crawled["stderr"]
    assert stat(stderr, "trawl/sites_via/requests") > 0
    assert "DNSLookupError" not in stderr
    assert stat(stderr, "downloader/exception_count") is None


def test_each_lead_with_a_reachable_site_is_stored_once(crawled):
    keys = [(row["source"], row["source_id"]) for row in crawled["rows"]]
    assert len(keys) == len(set(keys)) == len(crawled["feed"])
    assert stat(crawled["stderr"], "item_dropped_count") is None  # nothing rejected
