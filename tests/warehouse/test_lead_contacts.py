"""Website contacts in the lead marts: `leads` gains the emails and social profiles of a
business's own website, `lead_contacts` says on which page each was read."""

from __future__ import annotations

import pytest

from warehouse.build import build_warehouse

HOME = "https://joespizza.com/"
CONTACT = HOME + "contact"


def write_scenario(raw) -> None:
    run = raw.crawl_run("directory", started=0, finished=10)
    earlier_run = raw.crawl_run("contacts", started=12, finished=18)
    contacts_run = raw.crawl_run("contacts", started=20, finished=30)
    joes = {"name": "Joe's Pizza", "phone": "+12175550142", "website_domain": "joespizza.com"}
    raw.lead(run, "directory", "d1", 1, emails=["joe@joespizza.com"], **joes)
    raw.lead(run, "maps", "m1", 2, **joes)
    raw.lead(run, "directory", "d2", 3, name="Tea Time", phone="+12175550201")
    # both listings of Joe's gave the website; an older crawl of it said something else
    raw.contact(earlier_run, "directory", "d1", 15, url=HOME,
                emails=[{"email": "old@joespizza.com", "role": False, "pages": [HOME]}])  # fmt: skip
    for source, source_id in (("directory", "d1"), ("maps", "m1")):
        raw.contact(
            contacts_run,
            source,
            source_id,
            25,
            url=HOME,
            emails=[
                {"email": "info@joespizza.com", "role": True, "pages": [HOME, CONTACT]},
                {"email": "joe@joespizza.com", "role": False, "pages": [CONTACT]},
            ],
            phones=[{"raw": "(217) 555-0142", "e164": "+12175550142", "pages": [CONTACT]}],
            socials=[
                {"network": "x", "url": "https://x.com/joespizza", "pages": [HOME]},
                {"network": "facebook", "url": "https://www.facebook.com/joes", "pages": [HOME]},
            ],
            pages=[HOME, CONTACT],
        )


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    write_scenario(raw_writer.empty())
    target = tmp_path_factory.mktemp("contacts") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


def test_leads_unite_listing_and_website_emails_and_carry_socials(warehouse, read):
    rows = read(warehouse, "select name, emails, socials from leads order by name")
    assert rows == [
        {
            "name": "Joe's Pizza",
            "emails": ["info@joespizza.com", "joe@joespizza.com"],
            "socials": ["https://www.facebook.com/joes", "https://x.com/joespizza"],
        },
        {"name": "Tea Time", "emails": [], "socials": []},
    ]


def test_lead_contacts_has_one_row_per_value_and_page_from_the_latest_crawl(warehouse, read):
    rows = read(
        warehouse,
        "select kind, value, page, is_role, network, listings from lead_contacts "
        "order by kind, value, page",
    )
    both = ["directory:d1", "maps:m1"]
    assert rows == [
        {"kind": "email", "value": "info@joespizza.com", "page": HOME, "is_role": True,
         "network": None, "listings": both},
        {"kind": "email", "value": "info@joespizza.com", "page": CONTACT, "is_role": True,
         "network": None, "listings": both},
        {"kind": "email", "value": "joe@joespizza.com", "page": CONTACT, "is_role": False,
         "network": None, "listings": both},
        {"kind": "phone", "value": "+12175550142", "page": CONTACT, "is_role": None,
         "network": None, "listings": both},
        {"kind": "social", "value": "https://www.facebook.com/joes", "page": HOME,
         "is_role": None, "network": "facebook", "listings": both},
        {"kind": "social", "value": "https://x.com/joespizza", "page": HOME, "is_role": None,
         "network": "x", "listings": both},
    ]  # fmt: skip
