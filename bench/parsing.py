"""Reading a product page: trawl's parser against the same fields read through parsel's
`Selector.css()`, side by side on the sandbox marketplace's product pages.

    .venv/bin/python -m bench.parsing [ROUNDS]     (default 5)

trawl: `spiders.extraction.marketplace.parse_product_page` (one plain lxml parse, one walk
indexing the page, fields read from the index). Selector: parsel's parse, then one CSS query
per field (bench/_selector_reading.py, how the peer crawl reads pages). Both parse the page
from its text. Single process; CPU time (process_time), best of ROUNDS: a busy machine
slows the wall clock more than the CPU work.
"""

from __future__ import annotations

import sys
import time

from parsel import Selector

from bench._harness import machine, report_ratio
from bench._selector_reading import read_product
from sandbox.site import render_site
from spiders.extraction.marketplace import parse_product_page


def cpu_per_page(read, pages: list[tuple[str, str]], rounds: int) -> float:
    """Microseconds of CPU per page, best of `rounds` passes over `pages`."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        for url, html in pages:
            read(html, url)
        times.append(time.process_time() - started)
    return min(times) / len(pages) * 1e6


def main(rounds: int = 5) -> None:
    site = render_site(7, 0, 600)
    pages = [(f"http://127.0.0.1:8700{path}", page.body.decode())
             for path, page in site.items() if path.startswith("/market/p/")]  # fmt: skip
    print(f"parsing: {len(pages)} sandbox product pages, best of {rounds}; {machine()}")
    ours = cpu_per_page(parse_product_page, pages, rounds)
    selector = cpu_per_page(lambda html, url: read_product(Selector(text=html), url), pages, rounds)
    print(f"trawl's parser      {ours:7.0f} µs CPU per page")
    print(f"Selector.css() each {selector:7.0f} µs CPU per page")
    report_ratio("parsing: Selector-per-field CPU / trawl parser CPU, per product page",
                 selector / ours)  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
