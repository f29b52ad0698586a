"""A quick check that a product item is plainly valid, so that validation need not build a
pydantic model to say so.

Building a `ValidProduct` was about a quarter of the item pipelines' CPU in a crawl
(bench/pipeline.py), yet nearly every item a spider yields is plainly valid: text of the
right type and length, numbers already typed, identifiers and URLs in printable ASCII.
`plainly_valid_product` recognizes those with plain comparisons. Anything else (a number
written as text, a bound exceeded, edge whitespace, non-ASCII identifiers, a list that is
a tuple...) is left to the model, which types it or says what is wrong. So the check may
say no to a valid item, never yes to one the model rejects; its length limits are read from
the model's fields (ProductBounds), and tests/pipelines/test_validation.py holds it to that
at every bound.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from spiders.items import ProductItem

SOURCE_CHARACTERS = "[A-Za-z0-9_.:-]"  # ValidProduct's pattern for `source`
LIST_FIELDS = ("category_path", "image_urls")
# the fields checked one by one below; the optional texts and the lists come from the model
CHECKED = frozenset({"source", "source_id", "url", "title", "rating", "review_count", "raw"})


@dataclass(frozen=True)
class ProductBounds:
    """The length limits of a product model (pipelines.valid_items.ValidProduct), read from
    its fields, so that the check below can never be looser than the model."""

    source: re.Pattern
    source_id_max: int
    url_max: int
    title_max: int
    texts: dict[str, int]  # optional text fields: most characters
    lists: dict[str, tuple[int, int]]  # list fields: most items, most characters in each

    @classmethod
    def of(cls, model: Any) -> ProductBounds:
        fields = model.model_fields
        # optional text fields with a limit; any other field is left out, and then the
        # shortcut is off (ProductBounds.fields() no longer covers the model)
        texts = {name: max_length(field.metadata) for name, field in fields.items()
                 if name not in CHECKED and name not in LIST_FIELDS
                 and field.annotation == str | None and has_max_length(field.metadata)}  # fmt: skip
        lists = {}
        for name in LIST_FIELDS:
            (element,) = typing.get_args(fields[name].annotation)
            lists[name] = (max_length(fields[name].metadata), max_length(element.__metadata__))
        source_max = max_length(fields["source"].metadata)
        return cls(
            source=re.compile(f"{SOURCE_CHARACTERS}{{1,{source_max}}}"),
            source_id_max=max_length(fields["source_id"].metadata),
            url_max=max_length(fields["url"].metadata),
            title_max=max_length(fields["title"].metadata),
            texts=texts,
            lists=lists,
        )

    def fields(self) -> frozenset[str]:
        """The fields these bounds check: the shortcut answers only when they are all."""
        return CHECKED | self.texts.keys() | self.lists.keys()


def max_length(constraints: typing.Iterable[Any]) -> int:
    """The tightest max_length among a field's constraints (pydantic's metadata)."""
    if not has_max_length(constraints):
        raise ValueError(f"no max_length among {list(constraints)}: the shortcut needs one")
    return min(m.max_length for m in constraints if getattr(m, "max_length", None) is not None)


def has_max_length(constraints: typing.Iterable[Any]) -> bool:
    return any(getattr(m, "max_length", None) is not None for m in constraints)


# printable ASCII only, so "\s" can only be a space here
_HTTP_URL = re.compile(r"https?://[^ /]", re.IGNORECASE | re.ASCII)
_SURROGATE = re.compile("[\ud800-\udfff]")


def plainly_valid_product(item: ProductItem, bounds: ProductBounds) -> bool:
    """Whether `item` is certainly a valid product with its numbers typed already, so that
    validation would hand it back unchanged; all but the model's rule on the price's
    amount, which the caller applies. False means "ask the model", not "invalid"."""
    # plain loops and early returns: this runs once per item between pages, where every
    # generator and call made costs more than the comparisons themselves
    source, source_id, url, title = item.source, item.source_id, item.url, item.title
    if not (type(source) is str and type(source_id) is str and type(url) is str
            and type(title) is str and bounds.source.fullmatch(source)):  # fmt: skip
        return False
    # identifiers in printable ASCII hold no control character, surrogate or whitespace
    # but " "; a URL that passes _HTTP_URL starts with no space
    identifiers = source_id + url
    if not (identifiers.isascii() and identifiers.isprintable()
            and 0 < len(source_id) <= bounds.source_id_max and len(url) <= bounds.url_max
            and source_id[0] != " " and source_id[-1] != " " and url[-1] != " "
            and _HTTP_URL.match(url)):  # fmt: skip
        return False
    # what the model strips is whitespace to str.isspace too: none at either end
    if not 0 < len(title) <= bounds.title_max or title[0].isspace() or title[-1].isspace():
        return False
    rating, review_count, raw = item.rating, item.review_count, item.raw
    if rating is not None and not (type(rating) is float and 0 <= rating <= 5):
        return False
    if review_count is not None and not (type(review_count) is int and review_count >= 0):
        return False
    texts = [title]  # every text the model reads, checked for surrogates at once below
    for name, most in bounds.texts.items():
        value = getattr(item, name)
        if value is not None:
            if type(value) is not str or len(value) > most:
                return False
            texts.append(value)
    for name, (max_items, most) in bounds.lists.items():
        values = getattr(item, name)
        if type(values) is not list or len(values) > max_items:
            return False
        for value in values:
            if type(value) is not str or len(value) > most:
                return False
        texts += values
    if type(raw) is not dict:
        return False
    for key in raw:
        if type(key) is not str:
            return False
        texts.append(key)
    text = "".join(texts)
    return text.isascii() or _SURROGATE.search(text) is None
