"""A sandbox broken on purpose leaves a field out of most pages, and keeps the truth."""

from __future__ import annotations

import urllib.request

import pytest

from sandbox.missing_fields import DROP_SHARE, without_fields
from sandbox.server import SandboxConfig, running_sandbox
from sandbox.world import build_world


@pytest.fixture(scope="module")
def world():
    return build_world(seed=7, businesses=200, products=100)


def test_the_field_is_left_out_of_most_listings_and_nothing_else_changes(world):
    broken = without_fields(world, ("phone",))
    before = [listing.phone for listing in world.directory_listings]
    after = [listing.phone for listing in broken.directory_listings]
    lost = sum(1 for old, new in zip(before, after) if old and not new)
    assert abs(lost / len(before) - DROP_SHARE) < 0.1
    assert all(new in (old, None) for old, new in zip(before, after))
    assert [x.website for x in broken.directory_listings] == [
        x.website for x in world.directory_listings
    ]


def test_the_truth_is_unchanged(world):
    broken = without_fields(world, ("phone", "brand"))
    assert broken.truth_businesses() == world.truth_businesses()
    assert broken.truth_products() == world.truth_products()


def test_the_same_seed_drops_the_same_listings(world):
    first = without_fields(world, ("phone",)).directory_listings
    assert first == without_fields(world, ("phone",)).directory_listings


def test_a_field_pages_cannot_lack_is_refused_naming_those_they_can(world):
    with pytest.raises(
        ValueError, match="cannot leave out name: the fields a page may lack are .*phone"
    ):
        without_fields(world, ("name",))


def test_the_served_pages_lack_the_field():
    config = SandboxConfig(businesses=40, products=0, drop_fields=("phone",))
    world = build_world(config.seed, config.businesses, config.products)
    broken = without_fields(world, config.drop_fields)
    pairs = zip(world.directory_listings, broken.directory_listings)
    with running_sandbox(config) as url:
        for old, new in [(old, new) for old, new in pairs if old.phone][:12]:
            with urllib.request.urlopen(f"{url}/directory/biz/{old.listing_id}") as page:
                html = page.read().decode()
            assert (old.phone in html) == (new.phone is not None), old.listing_id
