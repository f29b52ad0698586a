"""Addresses: a one-line address split into its parts, and leads that gave only the line."""

from pipelines.normalize.addresses import STREET_WORDS, parse_address
from pipelines.normalize.items import normalize_lead
from spiders.items import LeadItem


def test_a_us_line_is_split_into_street_city_region_and_postal_code():
    address = parse_address("1200 North Main Street, Suite 5, Springfield, IL 62701")
    assert address.street == "1200 North Main Street Suite 5"
    assert address.house_number == "1200"
    assert (address.city, address.region, address.postal_code) == ("Springfield", "IL", "62701")
    assert address.country == "US"


def test_a_street_line_alone_gives_only_the_street():
    address = parse_address("435 s. la cienega blv.")
    assert (address.street, address.house_number) == ("435 s. la cienega blv.", "435")
    assert (address.city, address.postal_code, address.country) == (None, None, None)


def test_the_raw_line_is_kept_cleaned():
    assert parse_address("  12 Main&nbsp;St.,  Peoria ").raw == "12 Main St., Peoria"


def test_a_line_of_another_country_keeps_only_the_raw_line():
    address = parse_address("Hauptstraße 5, 10115 Berlin", country="Germany")
    assert (address.raw, address.street, address.country) == (
        "Hauptstraße 5, 10115 Berlin",
        None,
        "DE",
    )


def test_no_text_is_no_address():
    assert parse_address(None) is None
    assert parse_address("   ") is None


def test_street_words_spell_types_directions_and_ordinals_one_way():
    assert (STREET_WORDS["street"], STREET_WORDS["boulevard"], STREET_WORDS["blv"]) == (
        "st",
        "blvd",
        "blvd",
    )
    assert (STREET_WORDS["north"], STREET_WORDS["ninth"]) == ("n", "9th")


def lead(**fields) -> LeadItem:
    return LeadItem(
        source="maps", source_id="p1", url="http://127.0.0.1:8700/maps/place/p1", **fields
    )


def test_a_lead_with_only_a_one_line_address_gets_its_parts():
    item = normalize_lead(lead(address="221 E. 51st St., Chicago, IL 60615", phone="773-555-0142"))
    assert (item.street, item.city, item.region, item.postal_code, item.country) == (
        "221 E. 51st St.",
        "Chicago",
        "IL",
        "60615",
        "US",
    )
    assert item.address == "221 E. 51st St., Chicago, IL 60615"


def test_parts_the_page_gave_win_over_parts_read_from_the_line():
    item = normalize_lead(lead(address="12 Main St, Peoria, IL 61602", city="Peoria Heights"))
    assert (item.street, item.city) == ("12 Main St", "Peoria Heights")


def test_a_lead_with_a_street_is_not_parsed_again():
    item = normalize_lead(lead(address="12 Main St, Peoria, IL 61602", street="12 Main Street"))
    assert (item.street, item.city, item.postal_code) == ("12 Main Street", None, None)


def test_normalizing_a_parsed_lead_again_changes_nothing():
    once = normalize_lead(lead(address="221 E. 51st St., Chicago, IL 60615"))
    assert normalize_lead(once) == once
