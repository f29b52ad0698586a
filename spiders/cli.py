"""`trawl extract`: run the generic extraction on a saved page and print what it found.

    trawl extract product PAGE.html [--url URL]
    trawl extract business PAGE.html [--url URL]
    trawl extract listing PAGE.html [--url URL]

Prints JSON (indent 2). `--url` is the address the page was fetched from, used to resolve
relative links and to guess the page's country; without it the page's canonical link is
used, else the file's own `file://` address. Reads no settings.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from trawl.cli import UsageError

KINDS = {
    "product": "the product a product page shows",
    "business": "the business a business, directory or review page shows",
    "listing": "every product card on a category or search page",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    extract = subparsers.add_parser(
        "extract", help="extract a product or a business from a saved HTML page"
    )
    kinds = extract.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, description in KINDS.items():
        parser = kinds.add_parser(kind, help=description, description=f"Print {description}.")
        parser.add_argument("page", type=Path, metavar="PAGE.html", help="a saved HTML page")
        parser.add_argument("--url", help="the address the page was fetched from")
        parser.set_defaults(run=run_extract)


def run_extract(args: argparse.Namespace) -> int:
    from spiders.extraction.generic import (
        Page,
        business_from_page,
        product_from_page,
        products_from_listing,
    )

    body = read_page(args.page)
    url = args.url or _default_url(body, args.page)
    if not url.startswith(("http://", "https://", "file://")):
        raise UsageError(f"--url {url!r} is not an address; give one like https://shop.example/p/1")
    page = Page.parse(body, url)
    if args.kind == "product":
        result = product_from_page(page).to_dict()
    elif args.kind == "business":
        result = business_from_page(page).to_dict()
    else:
        result = [product.to_dict() for product in products_from_listing(page)]
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def read_page(path: Path) -> bytes:
    """The page's bytes, or a UsageError that says what is wrong with the path."""
    if not path.exists():
        raise UsageError(f"no page at {path}: give the path of a saved HTML file")
    if path.is_dir():
        raise UsageError(f"{path} is a directory: give the path of a saved HTML file in it")
    try:
        return path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path} ({error.strerror}): check its permissions") from None


def _default_url(body: bytes, path: Path) -> str:
    from spiders.extraction.generic import Page

    own = path.resolve().as_uri()
    canonical = Page.parse(body, own).canonical_url
    return canonical if canonical and canonical.startswith(("http://", "https://")) else own
