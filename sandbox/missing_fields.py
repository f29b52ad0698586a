"""A sandbox broken on purpose: fields left out of most pages, to see the crawl checks fail.

`without_fields(world, ("phone",))` is the world with the phone left out of about 80% of the
listings of every site whose pages may lack one (the directory; the marketplace for its
optional fields such as brand or gtin), chosen at random, the same for a given seed. The
truth is unchanged: it is the site that broke, not the world. Switched on with
`SandboxConfig(drop_fields=("phone",))` or `trawl sandbox serve --drop-field phone`.
"""

from __future__ import annotations

import dataclasses
import random
import types
import typing
from collections.abc import Sequence
from functools import cache

from sandbox.world import World

DROP_SHARE = 0.8  # of the listings that lose each dropped field


@cache
def optional_fields(listing_type: type) -> frozenset[str]:
    """The fields of a listing type that a page may lack (typed `X | None`)."""
    hints = typing.get_type_hints(listing_type)
    return frozenset(
        name
        for name, hint in hints.items()
        if typing.get_origin(hint) in (typing.Union, types.UnionType)
        and type(None) in typing.get_args(hint)
    )


def _listing_groups(world: World) -> list[str]:
    """The names of the world's tuples of listings (directory_listings, market_listings...)."""
    return [f.name for f in dataclasses.fields(world) if f.name.endswith("_listings")]


def droppable_fields(world: World) -> frozenset[str]:
    groups = [getattr(world, name) for name in _listing_groups(world)]
    return frozenset().union(*(optional_fields(type(group[0])) for group in groups if group))


def without_fields(world: World, fields: Sequence[str], share: float = DROP_SHARE) -> World:
    """The world with each of `fields` left out of `share` of the listings that have it."""
    if not fields:
        return world
    droppable = droppable_fields(world)
    unknown = sorted(set(fields) - droppable)
    if unknown:
        raise ValueError(
            f"cannot leave out {', '.join(unknown)}: the fields a page may lack are "
            + ", ".join(sorted(droppable))
        )
    rng = random.Random(f"{world.seed}:without:{','.join(sorted(fields))}")
    changes = {}
    for name in _listing_groups(world):
        listings = getattr(world, name)
        if not listings:
            continue
        dropped = [field for field in fields if field in optional_fields(type(listings[0]))]
        changes[name] = tuple(
            dataclasses.replace(listing, **{field: None for field in dropped})
            if dropped and rng.random() < share
            else listing
            for listing in listings
        )
    return dataclasses.replace(world, **changes)
