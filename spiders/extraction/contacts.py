"""Contact details on a business's own web pages: emails, phones, social profiles, and which
of its links lead to more of them (contact, about, imprint pages).

HTML in, `PageContacts` out; no Scrapy. Emails are read from `mailto:` links, the page's
text (plain, "info [at] acme [dot] com", "info(at)acme(dot)com"; HTML entities are decoded
by the parser), and Cloudflare's email protection (`data-cfemail` and
`/cdn-cgi/l/email-protection#<hex>`), then checked by the pipelines' email rules
(`spiders.extraction.generic.contacts.contact_email`): lowercased, valid, no file names
("logo@2x.png"), no placeholders ("you@example.com"), no address without a top-level domain.
Role addresses (info@, sales@...) are flagged. Phones come from `tel:` links and the text,
in E.164 (`pipelines.normalize.phone_e164`, US by default). Social profiles are Facebook,
Instagram, LinkedIn, X/Twitter, YouTube and TikTok profile links; share and intent links are
none. `needs_browser` says a page's contact block is probably written by a script.
Reads no settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from parsel import Selector

from spiders.extraction.generic.contacts import (
    contact_email,
    emails_in_text,
    merge_phones,
    phone_entry,
    phones_in_text,
)

ROLE_LOCALS = frozenset((
    "info", "contact", "contacts", "hello", "hi", "sales", "office", "bookings",
    "booking", "reservations", "enquiries", "enquiry", "inquiries", "inquiry", "team",
    "admin", "support", "help", "service", "services", "mail", "email", "post", "kontakt",
    "billing", "accounts", "accounting", "careers", "jobs", "hr", "press", "media",
    "marketing", "orders", "shop", "store", "reception", "frontdesk", "webmaster",
    "hostmaster", "postmaster", "noreply", "no-reply", "general", "events", "catering",
    "feedback",
))  # fmt: skip
# where a site's contact details usually are: in a link's path or words, best first
CONTACT_WORDS = (
    ("contact", 3), ("kontakt", 3), ("get-in-touch", 3), ("reach", 2), ("impressum", 2),
    ("imprint", 2), ("legal", 1), ("about", 2), ("team", 1), ("our-story", 1), ("ueber", 1),
)  # fmt: skip
_CF_HREF = re.compile(r"/cdn-cgi/l/email-protection#([0-9a-f]+)", re.IGNORECASE)
_DOM_WRITING = re.compile(r"innerHTML|textContent|insertAdjacentHTML|document\.write|appendChild")
_TEXT_XPATH = (
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)
_NOT_PROFILE = frozenset(
    "sharer sharer.php share intent dialog plugins tr login home.php hashtag search explore "
    "p reel watch embed shareArticle share-offsite".lower().split()
)


@dataclass
class PageContacts:
    """What one page shows: values in page order, once each."""

    emails: list[str] = field(default_factory=list)
    phones: list[dict] = field(default_factory=list)  # {"raw", "e164"}
    socials: list[dict] = field(default_factory=list)  # {"network", "url"}
    contact_links: list[str] = field(default_factory=list)  # same site, likeliest first
    needs_browser: bool = False


def read_contact_page(html: str, url: str) -> PageContacts:
    """Everything `html` (the page at `url`) shows to reach the business by."""
    page = Selector(text=html)
    emails = page_emails(page)
    hrefs = [h.strip() for h in page.css("a::attr(href)").getall()]
    return PageContacts(
        emails=emails,
        phones=page_phones(page),
        socials=_unique_socials(social_profile(urljoin(url, h)) for h in hrefs),
        contact_links=contact_links(page, url),
        needs_browser=not emails and needs_browser(page),
    )


def page_emails(page: Selector) -> list[str]:
    """The mailboxes a page shows, de-obfuscated, lowercased, once each, in page order."""
    found: list[str] = []
    candidates = []
    for href in page.css("a::attr(href)").getall():
        href = href.strip()
        if href.lower().startswith("mailto:"):
            candidates.append(contact_email(unquote(href[len("mailto:") :])))
        elif cf := _CF_HREF.search(href):
            candidates.append(contact_email(decode_cfemail(cf.group(1))))
    for hexed in page.css("[data-cfemail]::attr(data-cfemail)").getall():
        candidates.append(contact_email(decode_cfemail(hexed)))
    text = " ".join(page.xpath(_TEXT_XPATH).getall())
    candidates.extend(emails_in_text(text))
    for email in candidates:
        if email and email not in found:
            found.append(email)
    return found


def decode_cfemail(hexed: str) -> str | None:
    """Cloudflare's email protection undone: the first byte is the key XORed into the rest."""
    try:
        data = bytes.fromhex(hexed.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        return bytes(byte ^ key for byte in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_role_address(email: str) -> bool:
    """Whether an address reaches a function (info@, sales@) rather than a person."""
    local = email.split("@", 1)[0].lower()
    return local in ROLE_LOCALS or local.split("+", 1)[0] in ROLE_LOCALS


def page_phones(page: Selector) -> list[dict]:
    """`tel:` links first, then numbers in the text; the same number once."""
    linked = [
        phone_entry(href)
        for href in page.css("a::attr(href)").getall()
        if href.strip().lower().startswith(("tel:", "callto:"))
    ]
    text = " ".join(page.xpath(_TEXT_XPATH).getall())
    return [p for p in merge_phones([*linked, *phones_in_text(text, "US")]) if p["e164"]]


def social_profile(url: str) -> dict | None:
    """`{"network", "url"}` when `url` is a business's profile on a social network, its URL in
    one spelling (https, the network's main host, no query); None for any other link."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    if not segments or segments[0].lower() in _NOT_PROFILE:
        return None
    first = segments[0]
    if host in ("facebook.com", "fb.com"):
        return {"network": "facebook", "url": f"https://www.facebook.com/{first}"}
    if host == "instagram.com":
        return {"network": "instagram", "url": f"https://www.instagram.com/{first}/"}
    if host == "linkedin.com" and len(segments) >= 2 and first in ("company", "in", "school"):
        return {"network": "linkedin", "url": f"https://www.linkedin.com/{first}/{segments[1]}"}
    if host in ("x.com", "twitter.com"):
        return {"network": "x", "url": f"https://x.com/{first}"}
    if host == "youtube.com" and (first.startswith("@") or first in ("channel", "c", "user")):
        path = first if first.startswith("@") else "/".join(segments[:2])
        return {"network": "youtube", "url": f"https://www.youtube.com/{path}"}
    if host == "tiktok.com" and first.startswith("@"):
        return {"network": "tiktok", "url": f"https://www.tiktok.com/{first}"}
    return None


def contact_links(page: Selector, url: str) -> list[str]:
    """Links to this site's pages likely to carry contact details, likeliest first."""
    site = _host(url)
    scored: dict[str, int] = {}
    for link in page.css("a[href]"):
        href = link.attrib["href"].strip()
        target = urldefrag(urljoin(url, href))[0]
        if urlsplit(target).scheme not in ("http", "https") or _host(target) != site:
            continue
        words = (urlsplit(target).path + " " + " ".join(link.css("::text").getall())).lower()
        score = max((weight for word, weight in CONTACT_WORDS if word in words), default=0)
        if score and target != urldefrag(url)[0]:
            scored[target] = max(score, scored.get(target, 0))
    return sorted(scored, key=lambda target: -scored[target])  # stable: page order on ties


def needs_browser(page: Selector) -> bool:
    """Whether a script probably writes the page's contact details: a <noscript> note, or an
    inline script that writes into the page."""
    if page.css("noscript"):
        return True
    scripts = page.xpath("//script[not(@src) and not(@type='application/ld+json')]/text()")
    return any(_DOM_WRITING.search(script) for script in scripts.getall())


def _unique_socials(profiles) -> list[dict]:
    found: dict[str, dict] = {}
    for profile in profiles:
        if profile:
            found.setdefault(profile["url"].lower(), profile)
    return list(found.values())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")
