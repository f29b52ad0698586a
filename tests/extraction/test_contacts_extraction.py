"""Reading contact details on a business's own pages: every way sites write an email, and
nothing that only looks like one."""

from __future__ import annotations

import pytest
from parsel import Selector

from spiders.extraction.contacts import (
    contact_links,
    decode_cfemail,
    is_role_address,
    page_emails,
    read_contact_page,
    social_profile,
)

URL = "https://www.acme.com/"


def emails(body: str) -> list[str]:
    return page_emails(Selector(text=f"<html><body>{body}</body></html>"))


def cf_encode(address: str, key: int = 0x5A) -> str:
    return f"{key:02x}" + "".join(f"{ord(ch) ^ key:02x}" for ch in address)


def test_a_mailto_link_is_read_without_its_query_and_lowercased():
    assert emails('<a href="mailto:Sales@Acme.com?subject=Hi">Write</a>') == ["sales@acme.com"]


def test_a_plain_address_in_the_text_is_read():
    assert emails("<p>Email: info@acme.com, or call.</p>") == ["info@acme.com"]


@pytest.mark.parametrize(
    "written",
    [
        "info [at] acme [dot] com",
        "info(at)acme(dot)com",
        "info {at} acme {dot} com",
        "info [@] acme [.] com",
    ],
)
def test_bracketed_obfuscations_are_undone(written):
    assert emails(f"<p>Write to {written}.</p>") == ["info@acme.com"]


def test_html_entities_are_decoded_in_links_and_text():
    encoded = "".join(f"&#{ord(ch)};" for ch in "jane.doe@acme.com")
    mailto = "".join(f"&#{ord(ch)};" for ch in "mailto:")
    assert emails(f'<a href="{mailto}{encoded}">{encoded}</a>') == ["jane.doe@acme.com"]


def test_cloudflare_email_protection_is_decoded_from_data_cfemail_and_the_link():
    hexed = cf_encode("office@acme.com")
    assert decode_cfemail(hexed) == "office@acme.com"
    span = f'<span class="__cf_email__" data-cfemail="{hexed}">[email&#160;protected]</span>'
    assert emails(span) == ["office@acme.com"]
    link = f'<a href="/cdn-cgi/l/email-protection#{cf_encode("bob@acme.com", 7)}">Mail</a>'
    assert emails(link) == ["bob@acme.com"]


def test_broken_cloudflare_hex_is_no_address():
    assert decode_cfemail("zz") is None
    assert emails('<span data-cfemail="12">x</span>') == []


@pytest.mark.parametrize(
    "decoy",
    [
        '<img src="/img/logo@2x.png" alt="">',
        "<p>Retina: icon@2x.png and banner@3x.jpg</p>",
        '<input type="email" placeholder="you@example.com">',
        "<p>Type it like user@example (no domain) or user@localhost</p>",
        "<p>Built with jquery@3.7.1 and bootstrap@5.3.2</p>",
        "<p>Follow @acmebakery, meet us at the shop</p>",
        "<script>var a = 'hidden@acme.com';</script>",
        "<p>Placeholder: name@example.com</p>",
    ],
)
def test_things_that_only_look_like_addresses_are_none(decoy):
    assert emails(decoy) == []


def test_an_address_written_twice_in_two_forms_is_one():
    body = '<a href="mailto:info@acme.com">info@acme.com</a> <p>info [at] acme [dot] com</p>'
    assert emails(body) == ["info@acme.com"]


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("info@acme.com", True),
        ("Sales@acme.com", True),
        ("bookings@acme.com", True),
        ("jane.doe@acme.com", False),
        ("jdoe@acme.com", False),
    ],
)
def test_role_addresses_are_flagged(email, role):
    assert is_role_address(email) is role


@pytest.mark.parametrize(
    ("link", "profile"),
    [
        ("https://www.facebook.com/acmebakery", ("facebook", "https://www.facebook.com/acmebakery")),
        ("http://instagram.com/acmebakery", ("instagram", "https://www.instagram.com/acmebakery/")),
        ("https://www.linkedin.com/company/acme/", ("linkedin", "https://www.linkedin.com/company/acme")),
        ("https://twitter.com/acme?lang=en", ("x", "https://x.com/acme")),
        ("https://x.com/acme", ("x", "https://x.com/acme")),
    ],
)  # fmt: skip
def test_social_profiles_are_read_in_one_spelling(link, profile):
    assert social_profile(link) == {"network": profile[0], "url": profile[1]}


@pytest.mark.parametrize(
    "link",
    [
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Facme.com",
        "https://twitter.com/intent/tweet?url=x",
        "https://www.linkedin.com/shareArticle?url=x",
        "https://www.facebook.com/",
        "https://acme.com/facebook",
        "mailto:info@acme.com",
    ],
)
def test_share_links_and_other_links_are_no_profile(link):
    assert social_profile(link) is None


def test_phones_come_from_tel_links_and_text_in_e164():
    page = read_contact_page('<a href="tel:+12175550142">Call</a><p>Fax (217) 555-0199</p>', URL)
    assert [p["e164"] for p in page.phones] == ["+12175550142", "+12175550199"]


def test_contact_pages_of_the_same_site_are_ranked_first():
    page = Selector(
        text='<nav><a href="/menu">Menu</a><a href="/about-us">About</a>'
        '<a href="https://www.acme.com/contact">Contact</a>'
        '<a href="https://other.com/contact">Theirs</a><a href="/impressum">Impressum</a></nav>'
    )
    assert contact_links(page, URL) == [
        "https://www.acme.com/contact",
        "https://www.acme.com/about-us",
        "https://www.acme.com/impressum",
    ]


def test_a_contact_block_a_script_writes_needs_the_browser():
    scripted = (
        '<div id="c"></div><noscript>Enable JavaScript</noscript>'
        '<script>document.getElementById("c").innerHTML = atob("...")</script>'
    )
    assert read_contact_page(scripted, URL).needs_browser
    assert not read_contact_page("<p>Call us.</p>", URL).needs_browser
    # an email shown in the HTML: no need to render
    assert not read_contact_page(scripted + "<p>info@acme.com</p>", URL).needs_browser
