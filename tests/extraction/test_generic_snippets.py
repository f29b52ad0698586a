"""Brand and rating widgets from real shops read as zyte-parsers' test data says they should.

A sample of zyte-parsers' own test snippets (tests/extraction/pages/README.md). Heuristics
are not expected to read every widget ever made; the bars below are the accuracy measured
when they were written, so a change that reads fewer real widgets fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html

from spiders.extraction.generic.brand import _LABEL, brand_from_element
from spiders.extraction.generic.ratings import rating_from_element

PAGES = Path(__file__).parent / "pages"
BRAND_ACCURACY = 0.97
RATING_VALUE_ACCURACY = 0.93


def element_from(snippet: str):
    """The snippet's element (or a wrapper holding its loose text and elements)."""
    root = lxml.html.fragment_fromstring(snippet, create_parent="div")
    single = len(root) == 1 and not (root.text or "").strip() and not (root[0].tail or "").strip()
    return root[0] if single else root


def test_brand_snippets_read_as_upstream_expects():
    cases = json.loads((PAGES / "zyte_parsers_brand_values_sample.json").read_text())
    # upstream keeps a "Brand:" label that we drop; compare without it
    wanted = [
        _LABEL.sub("", " ".join(case["value"].split())) if case["value"] else None for case in cases
    ]
    found = [brand_from_element(element_from(case["html"])) for case in cases]
    right = sum(f == w for f, w in zip(found, wanted, strict=True))
    print(f"brand: {right}/{len(cases)} = {right / len(cases):.3f}")
    assert right / len(cases) >= BRAND_ACCURACY


def test_rating_widgets_read_as_upstream_expects():
    cases = json.loads((PAGES / "zyte_parsers_rating_values_sample.json").read_text())
    values = bests = 0
    for case in cases:
        parent = lxml.html.fragment_fromstring(case["parent_html"], create_parent="div")
        target = parent.xpath(".//*[@xd-target-node]")
        found = rating_from_element(target[0]) if target else None
        if found and abs(found[0] - case["ratingValue"]) < 1e-6:
            values += 1
            bests += found[1] == case["bestRating"]
    print(f"rating value: {values}/{len(cases)}, with best rating: {bests}/{len(cases)}")
    assert values / len(cases) >= RATING_VALUE_ACCURACY
