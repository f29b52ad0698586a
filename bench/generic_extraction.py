"""Generic extraction speed on the real test pages, side by side with plain extruct, in one run.

    .venv/bin/python bench/generic_extraction.py [ROUNDS]

For each page in tests/extraction/pages (pages.json): the time of the generic extraction
(`extract_product` / `extract_business` / `extract_products_from_listing`, parse included),
of parsing alone, and of `extruct.extract(html)` with every syntax (what a naive extractor
runs before looking at any field). Prints milliseconds per page, pages per second over the
whole set, and the ratio. Single process, one core.
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import time
from pathlib import Path

import extruct

from spiders.extraction.generic import (
    Page,
    decode_html,
    extract_business,
    extract_product,
    extract_products_from_listing,
)

PAGES = Path(__file__).resolve().parents[1] / "tests" / "extraction" / "pages"
EXTRACTORS = {
    "product": extract_product,
    "business": extract_business,
    "listing": extract_products_from_listing,
}


def best_of(rounds: int, work) -> float:
    """The fastest of `rounds` runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(rounds: int = 5) -> None:
    manifest = json.loads((PAGES / "pages.json").read_text())
    extract_product("<html></html>", "https://warm.example/")  # load the suffix list once
    rows = []
    for name, entry in manifest.items():
        html, url = decode_html((PAGES / name).read_bytes()), entry["url"]
        extract = EXTRACTORS[entry["kind"]]
        ours = best_of(rounds, functools.partial(extract, html, url))
        parse = best_of(rounds, functools.partial(Page.parse, html, url))
        naive = best_of(rounds, functools.partial(extruct.extract, html, base_url=url))
        rows.append((name, len(html), ours, parse, naive))
    print(f"{'page':44} {'KB':>6} {'generic ms':>10} {'parse ms':>9} {'extruct ms':>10} {'x':>5}")
    for name, size, ours, parse, naive in rows:
        print(
            f"{name[:44]:44} {size / 1024:6.0f} {ours * 1000:10.1f} {parse * 1000:9.1f} "
            f"{naive * 1000:10.1f} {naive / ours:5.1f}"
        )
    total_ours = sum(row[2] for row in rows)
    total_naive = sum(row[4] for row in rows)
    print(
        f"\n{len(rows)} pages: generic {len(rows) / total_ours:.0f} pages/s "
        f"(median {statistics.median(r[2] for r in rows) * 1000:.1f} ms), "
        f"extruct.extract alone {len(rows) / total_naive:.1f} pages/s; "
        f"generic is {total_naive / total_ours:.1f}x faster"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
