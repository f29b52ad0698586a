"""Website contacts scored against the sandbox's truth: businesses that got an email, email
precision and recall, social profiles; on hand-made values, then read from a built warehouse."""

from __future__ import annotations

import pytest

from warehouse.build import build_warehouse
from warehouse.contact_quality import ContactFloors, score_contacts
from warehouse.summary import score_website_contacts, warehouse_summary

# listing -> true business: Ace has two listings; Deli's one listing gives no website
LISTINGS = {
    ("directory", "d1"): "ace",
    ("maps", "m1"): "ace",
    ("directory", "d2"): "bean",
    ("directory", "d3"): "cafe",
    ("directory", "d4"): "deli",
    ("directory", "d5"): "elm",
}
WITH_WEBSITE = [key for key in LISTINGS if key != ("directory", "d4")]
# as /_truth/contacts.json has them
SITES = [
    {"entity_id": "ace", "domain": "ace.com", "has_site": True, "scripted": False,
     "emails": [{"email": "info@ace.com", "role": True}, {"email": "jo@ace.com", "role": False}],
     "phones": [], "socials": ["https://twitter.com/ace", "https://www.facebook.com/ace"]},
    {"entity_id": "bean", "domain": "bean.com", "has_site": True, "scripted": False,
     "emails": [{"email": "hello@bean.com", "role": False}], "phones": [], "socials": []},
    {"entity_id": "cafe", "domain": "cafe.com", "has_site": True, "scripted": True,
     "emails": [{"email": "cafe@cafe.com", "role": False}], "phones": [], "socials": []},
    {"entity_id": "deli", "domain": "deli.com", "has_site": True, "scripted": False,
     "emails": [{"email": "deli@deli.com", "role": False}], "phones": [], "socials": []},
    {"entity_id": "elm", "domain": "elm.com", "has_site": False, "scripted": False,
     "emails": [], "phones": [], "socials": []},
]  # fmt: skip


def score(found):
    return score_contacts(found, WITH_WEBSITE, LISTINGS, SITES)


def test_a_business_counts_as_found_when_one_of_its_sites_emails_is_read():
    scores = score({("maps", "m1"): {"email": {"jo@ace.com"}}})  # one of Ace's two
    # Ace, Bean, Cafe are reachable (Deli's listing gives no website; Elm shows no email)
    assert (scores.businesses_with_email, scores.businesses_unlisted) == (4, 1)
    assert (scores.businesses_reachable, scores.businesses_found) == (3, 1)
    assert scores.recall_by_business == pytest.approx(1 / 3)
    assert (scores.email_recall, scores.emails_shown) == (pytest.approx(1 / 4), 4)


def test_an_email_is_right_only_for_the_business_whose_listing_led_to_it():
    scores = score(
        {
            ("directory", "d1"): {"email": {"info@ace.com"}},
            ("maps", "m1"): {"email": {"info@ace.com", "jo@ace.com"}},  # the same site twice
            ("directory", "d2"): {"email": {"hello@bean.com", "cafe@cafe.com"}},  # Cafe's
            ("directory", "d5"): {"email": {"made-up@elm.com"}},  # Elm has no site at all
        }
    )
    assert (scores.emails_found, scores.emails_right) == (5, 3)
    assert scores.email_precision == pytest.approx(3 / 5)
    assert scores.businesses_found == 2  # Ace and Bean; Cafe's email came from Bean's listing


def test_listings_the_truth_does_not_know_are_not_scored():
    scores = score({("directory", "zz"): {"email": {"who@nowhere.com"}, "social": {"x"}}})
    assert (scores.emails_found, scores.socials_found, scores.email_precision) == (0, 0, 1.0)


def test_emails_are_compared_in_lower_case():
    scores = score({("directory", "d2"): {"email": {"Hello@Bean.com"}}})
    assert (scores.emails_right, scores.email_precision) == (1, 1.0)


def test_social_profiles_are_compared_in_one_spelling():
    found = {"social": {"https://x.com/ace", "https://www.facebook.com/sharer"}}
    scores = score({("directory", "d1"): found})
    # twitter.com/ace is x.com/ace; the share link is no profile of Ace's
    assert (scores.socials_shown, scores.socials_found, scores.socials_right) == (2, 2, 1)


def test_nothing_to_find_and_nothing_found_scores_one():
    scores = score_contacts({}, [], {}, [])
    assert (scores.recall_by_business, scores.email_precision, scores.email_recall) == (1, 1, 1)


def test_floors_come_from_the_environment_and_refuse_what_is_not_a_fraction():
    assert ContactFloors.from_environment({}) == ContactFloors(0.95, 0.99)
    floors = ContactFloors.from_environment({"TRAWL_CHECK_MIN_CONTACT_RECALL": "0.3"})
    assert floors.recall_by_business == 0.3
    assert floors.met_by(score({("maps", "m1"): {"email": {"jo@ace.com"}}}))
    assert not ContactFloors().met_by(score({("maps", "m1"): {"email": {"jo@ace.com"}}}))
    with pytest.raises(ValueError, match=r"TRAWL_CHECK_MIN_EMAIL_PRECISION='1.5' is not a"):
        ContactFloors.from_environment({"TRAWL_CHECK_MIN_EMAIL_PRECISION": "1.5"})


@pytest.fixture(scope="module")
def warehouse(raw_writer, database_url, tmp_path_factory):
    """Ace's two listings and Bean's, with what a contacts crawl read from their sites."""
    raw = raw_writer.empty()
    run = raw.crawl_run("directory", started=0, finished=1)
    contacts_run = raw.crawl_run("contacts", started=2, finished=3)
    ace = {"name": "Ace Plumbing", "phone": "+12175550100", "website_domain": "ace.com"}
    raw.lead(run, "directory", "d1", 1, **ace)
    raw.lead(run, "maps", "m1", 1, **ace)
    raw.lead(run, "directory", "d2", 1, name="Bean There", phone="+12175550200",
             website_domain="bean.com")  # fmt: skip
    raw.lead(run, "directory", "d4", 1, name="Deli Deluxe", phone="+12175550400")
    for source, source_id in (("directory", "d1"), ("maps", "m1")):
        raw.contact(
            contacts_run, source, source_id, 2, url="https://ace.com/",
            emails=[{"email": "info@ace.com", "role": True, "pages": ["https://ace.com/"]}],
            socials=[{"network": "x", "url": "https://x.com/ace", "pages": ["https://ace.com/"]}],
        )  # fmt: skip
    raw.contact(contacts_run, "directory", "d2", 2, url="https://bean.com/",
                emails=[{"email": "wrong@bean.com", "role": False, "pages": ["https://bean.com/"]}])  # fmt: skip
    target = tmp_path_factory.mktemp("contact_quality") / "warehouse.duckdb"
    build_warehouse(database_url, target, export_dir=None)
    return target


TRUTH = {
    "businesses": [
        {"entity_id": business, "listings": [{"source": s, "source_id": i}]}
        for (s, i), business in LISTINGS.items()
    ],
    "contacts": SITES,
}


def test_the_warehouse_contacts_are_scored_by_the_listings_they_were_read_for(warehouse):
    scores = score_website_contacts(TRUTH, warehouse)
    # reachable: Ace and Bean (Cafe and Elm are not in this warehouse, Deli gives no website)
    assert (scores.businesses_reachable, scores.businesses_found) == (2, 1)
    assert (scores.emails_found, scores.emails_right) == (2, 1)
    assert (scores.socials_shown, scores.socials_right) == (2, 1)


def test_the_summary_prints_the_contact_scores_when_the_truth_has_them(warehouse):
    (line,) = [line for line in warehouse_summary(TRUTH, warehouse) if line.startswith("contacts")]
    assert line.startswith(
        "contacts: emails found for 1 of 2 businesses whose site shows one (50.0%; "
        "2 more whose website no listing gives); email precision 0.500 (1 of 2)"
    )
    without = {kind: TRUTH[kind] for kind in ("businesses",)}
    assert not [line for line in warehouse_summary(without, warehouse) if "contacts" in line]
