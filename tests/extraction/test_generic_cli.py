"""`trawl extract`: saved page in, JSON out; a wrong path is a clear usage error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import trawl.cli

PAGES = Path(__file__).parent / "pages"
TRAWL = Path(sys.executable).parent / "trawl"  # the console script a user runs


@pytest.fixture
def only_extract(monkeypatch):
    """`trawl` with only this package's subcommands loaded, so other packages' work in
    progress cannot break these tests; the console-script test below loads them all."""
    monkeypatch.setattr(trawl.cli, "COMMAND_MODULES", ["spiders.cli"])


def trawl_main(capsys, *args: str) -> tuple[int, str, str]:
    code = trawl.cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_trawl_command_prints_a_product_as_indented_json():
    done = subprocess.run(
        [
            str(TRAWL),
            "extract",
            "product",
            str(PAGES / "scrapely_icone_mesmeri_halo.html"),
            "--url",
            "http://www.icone.co.uk/mesmeri-halo-chrome/",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    product = json.loads(done.stdout)
    assert (product["name"], product["price"], product["currency"]) == (
        "Mesmeri Halo Chrome",
        "229.00",
        "GBP",
    )
    assert done.stdout.startswith("{\n  ")


def test_extract_business_uses_the_page_canonical_address_without_url(capsys, only_extract):
    code, out, err = trawl_main(
        capsys, "extract", "business", str(PAGES / "fakepilot_trustpilot_burgerking_fr.html")
    )
    assert code == 0, err
    business = json.loads(out)
    assert business["url"] == "https://www.trustpilot.com/review/www.burgerking.fr"
    assert business["name"] == "BURGER KING FRANCE"


def test_extract_listing_prints_every_card(capsys, only_extract):
    code, out, err = trawl_main(
        capsys,
        "extract",
        "listing",
        str(PAGES / "webpoet_books_toscrape_list.html"),
        "--url",
        "https://books.toscrape.com/index.html",
    )
    assert code == 0, err
    assert len(json.loads(out)) == 20


def test_a_missing_page_is_a_usage_error_that_says_what_to_give(capsys, only_extract):
    code, _, err = trawl_main(capsys, "extract", "product", "no/such/page.html")
    assert code == 2
    assert "no page at no/such/page.html: give the path of a saved HTML file" in err


def test_a_url_that_is_no_address_is_a_usage_error(capsys, only_extract):
    code, _, err = trawl_main(
        capsys,
        "extract",
        "product",
        str(PAGES / "scrapely_icone_mesmeri_halo.html"),
        "--url",
        "icone.co.uk",
    )
    assert code == 2
    assert "'icone.co.uk' is not an address" in err
