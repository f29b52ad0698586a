"""The businesses' own websites: deterministic, from a stream of their own, served under
/_sites/<domain>/ with their truth at /_truth/contacts.json, and carrying every email form."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter

import pytest

from sandbox.business_sites import EMAIL_FORMS
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world


@pytest.fixture(scope="module")
def world():
    return build_world(7, 600, 600)


@pytest.fixture(scope="module")
def base_url():
    with running_sandbox(SandboxConfig(seed=7, businesses=60, products=0)) as url:
        yield url


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_sites_are_the_same_for_the_same_seed(world):
    build_world.cache_clear()
    again = build_world(7, 600, 600)
    assert again is not world and again.business_sites == world.business_sites
    assert build_world(8, 600, 600).business_sites != world.business_sites


def test_about_seven_in_ten_website_domains_have_a_site(world):
    domains = {b.website_domain for b in world.businesses if b.website_domain}
    share = len(world.business_sites) / len(domains)
    assert 0.6 <= share <= 0.8


def test_sites_write_emails_every_way_and_some_need_a_browser_or_show_none(world):
    forms = Counter(e.form for site in world.business_sites for e in site.emails())
    assert set(forms) == set(EMAIL_FORMS)
    assert sum(site.scripted for site in world.business_sites) >= 20
    assert sum(not site.emails() for site in world.business_sites) >= 10
    roles = [e.role for site in world.business_sites for e in site.emails()]
    assert 0 < roles.count(False) < roles.count(True)


def test_the_contacts_truth_lists_what_each_site_shows(world):
    truth = {record["entity_id"]: record for record in world.truth_contacts()}
    for site in world.business_sites:
        for entity_id in site.entity_ids:
            record = truth[entity_id]
            assert record["has_site"] and record["domain"] == site.domain
            assert [e["email"] for e in record["emails"]] == [e.address for e in site.emails()]
            assert record["phones"] == [site.phone_e164]
    with_domain = sum(1 for b in world.businesses if b.website_domain)
    assert len(truth) == with_domain


def test_a_site_is_served_under_its_domain_and_its_www_name(base_url):
    truth = json.loads(get(f"{base_url}/_truth/contacts.json")[1])
    site = next(r for r in truth if r["has_site"] and r["emails"])
    status, home = get(f"{base_url}/_sites/{site['domain']}/")
    assert status == 200 and site["domain"].split(".")[0] in home.lower()
    assert get(f"{base_url}/_sites/www.{site['domain']}/")[1] == home
    assert get(f"{base_url}/_sites/{site['domain']}/robots.txt")[0] == 200
    missing = next(r for r in truth if not r["has_site"])
    assert get(f"{base_url}/_sites/{missing['domain']}/")[0] == 404


def test_site_pages_reference_nothing_outside_the_sandbox(world):
    from sandbox.site import render_site

    pages = render_site(7, 60, 0)
    for key, page in pages.items():
        if key.startswith("/_sites/") and page.content_type == "text/html":
            html = page.body.decode()
            assert 'src="http' not in html and 'href="//' not in html, key
            assert "<link" not in html and "@import" not in html, key
