"""Contact items through the pipelines: validated, normalized, stored once per lead and run,
invalid ones rejected with a reason."""

from datetime import UTC, datetime

import pytest

from pipelines.batches import Batch, write_batch
from pipelines.normalize.items import normalize_item
from pipelines.observations import CONTACTS, observation_row
from pipelines.rejects import reject_row
from pipelines.valid_items import InvalidItem, validate_item
from spiders.items import ContactItem

HOME = "https://acme.com/"


def contact(**fields) -> ContactItem:
    values = {
        "source": "directory",
        "source_id": "L1",
        "url": HOME,
        "website": "acme.com",
        "emails": [
            {"email": "Info@Acme.com", "role": True, "pages": [HOME]},
            {"email": "info [at] acme [dot] com", "role": True, "pages": [HOME + "contact"]},
            {"email": "logo@2x.png", "role": False, "pages": [HOME]},
        ],
        "phones": [{"raw": "(217) 555-0142", "e164": None, "pages": [HOME + "contact"]}],
        "socials": [{"network": "x", "url": "https://x.com/acme", "pages": [HOME]}],
        "pages": [HOME, HOME + "contact"],
    }
    return ContactItem(**{**values, **fields})


def test_normalizing_merges_spellings_of_one_address_and_drops_non_addresses():
    item = normalize_item(validate_item(contact()))
    assert item.emails == [
        {"email": "info@acme.com", "role": True, "pages": [HOME, HOME + "contact"]}
    ]
    assert item.phones[0]["e164"] == "+12175550142"
    assert item.website == "http://acme.com/"  # the website as the lead wrote it, made a URL


def test_a_contact_without_the_lead_it_belongs_to_is_invalid():
    with pytest.raises(InvalidItem, match="source_id: must not be blank"):
        validate_item(contact(source_id=" "))


def test_a_social_profile_must_be_a_web_address():
    with pytest.raises(InvalidItem, match="socials.0.url"):
        validate_item(contact(socials=[{"network": "x", "url": "javascript:alert(1)"}]))


def test_contacts_are_stored_once_per_lead_and_run(store, crawl_run_id, query):
    item = normalize_item(validate_item(contact()))
    now = datetime.now(UTC)
    batch = Batch()
    batch.add(CONTACTS, observation_row(item, crawl_run_id, now))
    batch.add(CONTACTS, observation_row(item, crawl_run_id, now))  # seen twice
    batch.add_reject(reject_row(contact(source_id=""), "source_id: must not be blank", None))
    outcome = write_batch(store, batch, crawl_run_id)
    assert outcome.rejects_written == 1
    rows = query(
        "select source, source_id, website_domain, emails, socials from contact_observations"
    )
    assert rows == [
        {
            "source": "directory",
            "source_id": "L1",
            "website_domain": "acme.com",
            "emails": [{"email": "info@acme.com", "role": True, "pages": [HOME, HOME + "contact"]}],
            "socials": [{"network": "x", "url": "https://x.com/acme", "pages": [HOME]}],
        }
    ]
    assert query("select item_type from rejects") == [{"item_type": "contact"}]
