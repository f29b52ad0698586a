"""The businesses' own websites: which domains have one, its pages, and what each page shows.

About SITE_SHARE of the website domains get a small site: a home page, and some of a contact,
an about and an imprint page (their paths vary: /contact-us, /kontakt, /impressum...), plus a
few pages with nothing to reach anyone by (/services, /menu...). A site shows role addresses
(info@, sales@...) and personal ones (jane.doe@), phones and social profiles, each email in
one of the forms real sites use (see EMAIL_FORMS); some sites carry no email at all, and on
JS_SHARE of them the contact block is written by a script, so only a browser sees it. Every
page also carries things that look like addresses and are none (a retina image
"logo@2x.png", a "you@example.com" placeholder, "jquery@3.7.1") and share links that are no
profile.

A chain's locations share one domain and so one site (its phone: the first location's).
Generated from a random stream of its own ("<seed>:sites"), so nothing else in the world
changes. `site_truth` is what `/_truth/contacts.json` serves.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sandbox.businesses import Business, NamePools

SITE_SHARE = 0.7  # of the website domains
JS_SHARE = 0.15  # of the sites: contact block written by a script
NO_EMAIL_SHARE = 0.12  # of the sites: no email anywhere
ROLE_LOCALS = ("info", "contact", "hello", "sales", "office", "bookings", "enquiries", "team")
# how an email is written on a page (see sandbox.site_pages)
EMAIL_FORMS = ("mailto", "mailto", "text", "bracketed", "parenthesised", "entities", "cfemail")
CONTACT_PATHS = ("/contact", "/contact-us", "/kontakt", "/get-in-touch")
ABOUT_PATHS = ("/about", "/about-us", "/team", "/our-story")
IMPRINT_PATHS = ("/imprint", "/impressum", "/legal")
FILLER_PATHS = ("/services", "/menu", "/gallery", "/blog", "/pricing", "/faq")
NETWORKS = {
    "facebook": "https://www.facebook.com/{handle}",
    "instagram": "https://www.instagram.com/{handle}/",
    "linkedin": "https://www.linkedin.com/company/{handle}",
    "x": "https://x.com/{handle}",
    "twitter": "https://twitter.com/{handle}",
}


@dataclass(frozen=True)
class ShownEmail:
    address: str
    role: bool
    form: str  # one of EMAIL_FORMS


@dataclass(frozen=True)
class SitePage:
    path: str  # "/" for the home page
    kind: str  # home | contact | about | imprint | filler
    title: str
    emails: tuple[ShownEmail, ...] = ()
    phones: tuple[str, ...] = ()  # as written
    scripted: bool = False  # the contact block is written by a script


@dataclass(frozen=True)
class BusinessSite:
    domain: str
    name: str
    entity_ids: tuple[str, ...]  # the businesses on this domain (a chain's locations)
    phone_e164: str
    pages: tuple[SitePage, ...]
    footer_emails: tuple[ShownEmail, ...]  # on every page
    socials: tuple[str, ...]  # profile URLs, in every page's footer
    scripted: bool  # contact details only in a browser

    def emails(self) -> list[ShownEmail]:
        """Every email the site shows, once each, in page order."""
        found: dict[str, ShownEmail] = {e.address: e for e in self.footer_emails}
        for page in self.pages:
            for email in page.emails:
                found.setdefault(email.address, email)
        return list(found.values())


def build_sites(
    businesses: tuple[Business, ...] | list[Business], seed: int, pools: NamePools
) -> list[BusinessSite]:
    """A site for about SITE_SHARE of the website domains, in the order the domains first
    appear among the businesses."""
    rng = random.Random(f"{seed}:sites")
    by_domain: dict[str, list[Business]] = {}
    for business in businesses:
        if business.website_domain:
            by_domain.setdefault(business.website_domain, []).append(business)
    sites = []
    for domain, owners in by_domain.items():
        if rng.random() < SITE_SHARE:
            sites.append(_site(domain, owners, rng, pools))
    return sites


def _site(
    domain: str, owners: list[Business], rng: random.Random, pools: NamePools
) -> BusinessSite:
    first = owners[0]
    scripted = rng.random() < JS_SHARE
    role = [f"{local}@{domain}" for local in rng.sample(ROLE_LOCALS, rng.choice((1, 1, 2)))]
    personal = []
    for _ in range(rng.choice((0, 0, 1, 2))):
        given, family = rng.choice(pools.first_names), rng.choice(pools.last_names)
        local = rng.choice((f"{given}.{family}", given, f"{given[0]}{family}"))
        personal.append(f"{_ascii(local)}@{domain}")
    if rng.random() < NO_EMAIL_SHARE:
        role, personal = [], []

    def shown(address: str, is_role: bool) -> ShownEmail:
        return ShownEmail(address, is_role, "mailto" if scripted else rng.choice(EMAIL_FORMS))

    phone = _written_phone(first.phone_e164, rng)
    has = {kind: rng.random() < share for kind, share in
           (("contact", 0.75), ("about", 0.6), ("imprint", 0.3))}  # fmt: skip
    pages = []
    # the main address: on the contact page, or the home page when there is none
    main = [shown(a, True) for a in role]
    people = [shown(a, False) for a in personal]
    home_emails = () if has["contact"] else tuple(main)
    pages.append(SitePage("/", "home", first.name, home_emails, () if has["contact"] else (phone,),
                          scripted))  # fmt: skip
    if has["contact"]:
        pages.append(SitePage(rng.choice(CONTACT_PATHS), "contact", "Contact us", tuple(main),
                              (phone,), scripted))  # fmt: skip
    if has["about"]:
        pages.append(SitePage(rng.choice(ABOUT_PATHS), "about", "About us", tuple(people)))
    elif people:  # no about page: the people are on the contact (or home) page
        host = pages[-1]
        pages[-1] = SitePage(host.path, host.kind, host.title, host.emails + tuple(people),
                             host.phones, host.scripted)  # fmt: skip
    if has["imprint"]:
        legal = (shown(role[0], True),) if role else ()
        pages.append(SitePage(rng.choice(IMPRINT_PATHS), "imprint", "Imprint", legal,
                              (_written_phone(first.phone_e164, rng),)))  # fmt: skip
    for path in rng.sample(FILLER_PATHS, rng.randint(1, 3)):
        pages.append(SitePage(path, "filler", path.strip("/").title()))
    footer = (shown(role[0], True),) if role and rng.random() < 0.5 else ()
    handle = domain.split(".")[0]
    networks = [n for n in ("facebook", "instagram", "linkedin") if rng.random() < 0.5]
    if rng.random() < 0.4:
        networks.append(rng.choice(("x", "twitter")))
    socials = tuple(NETWORKS[n].format(handle=handle) for n in networks)
    return BusinessSite(
        domain=domain,
        name=first.chain or first.name,
        entity_ids=tuple(b.entity_id for b in owners),
        phone_e164=first.phone_e164,
        pages=tuple(pages),
        footer_emails=footer,
        socials=socials,
        scripted=scripted,
    )


def _written_phone(e164: str, rng: random.Random) -> str:
    digits = e164.removeprefix("+1")
    return rng.choice((
        f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
        f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        f"+1 {digits[:3]} {digits[3:6]} {digits[6:]}",
        f"{digits[:3]}.{digits[3:6]}.{digits[6:]}",
    ))  # fmt: skip


def _ascii(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and (ch.isalnum() or ch == "."))


def site_truth(businesses, sites: list[BusinessSite]) -> list[dict]:
    """One record per business with a website domain: its site's emails, phones, socials."""
    by_domain = {site.domain: site for site in sites}
    records = []
    for business in businesses:
        if not business.website_domain:
            continue
        site = by_domain.get(business.website_domain)
        emails = site.emails() if site else []
        records.append(
            {
                "entity_id": business.entity_id,
                "domain": business.website_domain,
                "has_site": site is not None,
                "scripted": bool(site and site.scripted),
                "emails": [{"email": e.address, "role": e.role} for e in emails],
                "phones": [site.phone_e164] if site else [],
                "socials": list(site.socials) if site else [],
            }
        )
    return records
