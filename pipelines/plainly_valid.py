"""A quick check that a product item is plainly valid, so that validation need not build a
pydantic model to say so.

Building a `ValidProduct` was about a quarter of the item pipelines' CPU in a crawl
(bench/pipeline.py), yet nearly every item a spider yields is plainly valid: text of the
right type and length, numbers already typed, identifiers and URLs in printable ASCII.
`plainly_valid_product` recognizes those with plain comparisons. Anything else (a number
written as text, a bound exceeded, edge whitespace, non-ASCII identifiers, a list that is
a tuple...) is left to the model, which types it or says what is wrong. So the check may
say no to a valid item, never yes to one the model rejects; tests/pipelines/test_validation.py
holds it to that at every bound below.
"""

from __future__ import annotations

import re

from spiders.items import ProductItem

# the bounds of pipelines.valid_items.ValidProduct (a check may be stricter, never looser)
SOURCE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
SOURCE_ID_MAX, URL_MAX, TITLE_MAX = 2048, 4096, 1000
TEXTS = {"brand": 300, "gtin": 50, "sku": 200, "mpn": 200, "price": 200, "currency": 20,
         "availability": 500, "seller": 500}  # fmt: skip
LISTS = {"category_path": (20, 300), "image_urls": (100, 4096)}  # (items, characters)
CHECKED = frozenset({"source", "source_id", "url", "title", "rating", "review_count", "raw",
                     *TEXTS, *LISTS})  # fmt: skip

# printable ASCII only, so "\s" can only be a space here
_HTTP_URL = re.compile(r"https?://[^ /]", re.IGNORECASE | re.ASCII)
_SURROGATE = re.compile("[\ud800-\udfff]")


def plainly_valid_product(item: ProductItem) -> bool:
    """Whether `item` is certainly a valid product with its numbers typed already, so that
    validation would hand it back unchanged; all but the model's rule on the price's
    amount, which the caller applies. False means "ask the model", not "invalid"."""
    # plain loops and early returns: this runs once per item between pages, where every
    # generator and call made costs more than the comparisons themselves
    source, source_id, url, title = item.source, item.source_id, item.url, item.title
    if not (type(source) is str and type(source_id) is str and type(url) is str
            and type(title) is str and SOURCE.fullmatch(source)):  # fmt: skip
        return False
    # identifiers in printable ASCII hold no control character, surrogate or whitespace
    # but " "; a URL that passes _HTTP_URL starts with no space
    identifiers = source_id + url
    if not (identifiers.isascii() and identifiers.isprintable()
            and 0 < len(source_id) <= SOURCE_ID_MAX and len(url) <= URL_MAX
            and source_id[0] != " " and source_id[-1] != " " and url[-1] != " "
            and _HTTP_URL.match(url)):  # fmt: skip
        return False
    # what the model strips is whitespace to str.isspace too: none at either end
    if not 0 < len(title) <= TITLE_MAX or title[0].isspace() or title[-1].isspace():
        return False
    rating, review_count, raw = item.rating, item.review_count, item.raw
    if rating is not None and not (type(rating) is float and 0 <= rating <= 5):
        return False
    if review_count is not None and not (type(review_count) is int and review_count >= 0):
        return False
    texts = [title]  # every text the model reads, checked for surrogates at once below
    for name, max_length in TEXTS.items():
        value = getattr(item, name)
        if value is not None:
            if type(value) is not str or len(value) > max_length:
                return False
            texts.append(value)
    for name, (max_items, max_length) in LISTS.items():
        values = getattr(item, name)
        if type(values) is not list or len(values) > max_items:
            return False
        for value in values:
            if type(value) is not str or len(value) > max_length:
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
