"""The contacts spider's input: leads' websites from the raw store, a file or URLs, by site."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg

from spiders.lead_websites import Lead, group_by_site, leads_from_file, leads_from_store


def test_leads_on_one_site_are_grouped_whatever_their_spelling():
    sites = group_by_site(
        [
            Lead("directory", "d1", "https://www.acme.com/about-us"),
            Lead("maps", "m1", "acme.com"),
            Lead("directory", "d2", "http://bakery.net"),
            Lead("directory", "d3", "not a url"),
        ]
    )
    assert [(s.home, [lead.source_id for lead in s.leads]) for s in sites] == [
        ("https://www.acme.com/", ["d1", "m1"]),
        ("http://bakery.net/", ["d2"]),
    ]


def test_a_file_is_one_url_a_line_or_a_csv_with_a_website_column(tmp_path):
    plain = tmp_path / "sites.txt"
    plain.write_text("https://acme.com/\n\nhttp://bakery.net\n")
    assert [lead.source_id for lead in leads_from_file(str(plain))] == [
        "https://acme.com/",
        "http://bakery.net/",
    ]
    table = tmp_path / "leads.csv"
    table.write_text("source,source_id,website\ncrm,42,https://acme.com\ncrm,43,\n")
    assert leads_from_file(str(table)) == [Lead("crm", "42", "https://acme.com")]


def test_the_raw_store_gives_each_leads_latest_website(clean_tables):
    now = datetime.now(UTC)
    rows = [
        ("directory", "d1", "http://old.example.net", now.replace(year=2020)),
        ("directory", "d1", "https://acme.com", now),
        ("maps", "m1", None, now),
    ]
    with psycopg.connect(clean_tables, autocommit=True) as conn:
        for run, (source, source_id, website, seen) in enumerate(rows, 1):
            conn.execute(
                "insert into lead_observations (crawl_run_id, source, source_id, url, website,"
                " content_hash, observed_at) values (%s, %s, %s, 'http://x/', %s, 'h', %s)",
                (run, source, source_id, website, seen),
            )
    assert leads_from_store(clean_tables) == [Lead("directory", "d1", "https://acme.com")]
    assert leads_from_store(clean_tables, source="maps") == []


def test_contacts_arguments_are_checked_when_the_spider_starts(tmp_path):
    import pytest

    from spiders.arguments import ContactsArguments, SpiderArgumentError, parse_arguments

    with pytest.raises(SpiderArgumentError, match="max_pages_per_site='abc' is not accepted"):
        parse_arguments(ContactsArguments, "contacts", {"max_pages_per_site": "abc"})
    (sites := tmp_path / "sites.txt").write_text("https://a.com\n")
    with pytest.raises(SpiderArgumentError, match="not both"):
        parse_arguments(
            ContactsArguments, "contacts", {"urls": "https://a.com", "websites": str(sites)}
        )
    with pytest.raises(SpiderArgumentError, match="is not an http"):
        parse_arguments(ContactsArguments, "contacts", {"urls": "acme.com"})
    assert parse_arguments(ContactsArguments, "contacts", {}).max_pages_per_site == 5
