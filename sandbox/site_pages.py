"""The businesses' websites as pages: `/_sites/<domain>/<path>` (and `www.<domain>`).

The sandbox has one host, so each business site lives under a path prefix; a crawler maps
a business URL (https://acme.com/contact) there and back (spiders/sites_via.py), so no
request for a business domain ever leaves the machine. Links inside a site are root
relative ("/contact"), as on the real web. Every site also answers /robots.txt.

How an email is written (`ShownEmail.form`): "mailto" (a link), "text" (plain), "bracketed"
("info [at] acme [dot] com"), "parenthesised" ("info(at)acme(dot)com"), "entities" (every
character an HTML entity, in the link and its text), "cfemail" (Cloudflare's email
protection: the hex in `data-cfemail`, decoded by the page's script). A scripted site writes
its whole contact block from a base64 blob in an inline script; the HTML has only a
<noscript> note. Pages reference nothing outside the sandbox.
"""

from __future__ import annotations

import base64
import json
import random
import zlib
from html import escape

from sandbox.business_sites import BusinessSite, ShownEmail, SitePage
from sandbox.html import HTML, TEXT, Page

PREFIX = "/_sites/"
ROBOTS = b"User-agent: *\nAllow: /\n"
CF_DECODER = """<script>
document.querySelectorAll("[data-cfemail]").forEach(function (el) {
  var hex = el.getAttribute("data-cfemail"), key = parseInt(hex.substr(0, 2), 16), out = "";
  for (var i = 2; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.substr(i, 2), 16) ^ key);
  el.textContent = out;
  if (el.tagName === "A") el.setAttribute("href", "mailto:" + out);
});
</script>"""
# look like addresses or profiles, are none: on every page
DECOYS = """<p class="decoys"><img src="/img/logo@2x.png" alt="" width="1" height="1">
Built with jquery@3.7.1 · send us a note at the counter · user@localhost ·
<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F{domain}%2F">Share</a>
<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2F{domain}%2F">Tweet</a></p>"""
NEWSLETTER = (
    '<form class="newsletter"><label>Newsletter <input type="email" name="email" '
    'placeholder="you@example.com"></label> <button>Sign up</button></form>'
)


def render_business_sites(sites: list[BusinessSite]) -> dict[str, Page]:
    """Every page of every site, keyed by `/_sites/<domain><path>`, for the bare domain and
    its www. name alike."""
    pages: dict[str, Page] = {}
    for site in sites:
        rng = random.Random(zlib.crc32(site.domain.encode()))  # cfemail keys: stable per site
        rendered = {"/robots.txt": Page(ROBOTS, TEXT)}
        for page in site.pages:
            rendered[page.path] = Page(_page_html(site, page, rng).encode(), HTML)
        for host in (site.domain, f"www.{site.domain}"):
            for path, page in rendered.items():
                pages[f"{PREFIX}{host}{path}"] = page
    return pages


def _page_html(site: BusinessSite, page: SitePage, rng: random.Random) -> str:
    nav = " ".join(
        f'<a href="{escape(p.path)}">{escape("Home" if p.kind == "home" else p.title)}</a>'
        for p in site.pages
    )
    block = _contact_block(page.emails, page.phones, rng)
    if page.scripted and (page.emails or page.phones):
        block = _scripted(block, "page-contact")
    footer = _contact_block(site.footer_emails, (), rng)
    if site.scripted and site.footer_emails:
        footer = _scripted(footer, "footer-contact")
    socials = " ".join(
        f'<a class="social" href="{escape(url)}" rel="me">{escape(url.split("/")[2])}</a>'
        for url in site.socials
    )
    uses_cf = any(e.form == "cfemail" for e in (*page.emails, *site.footer_emails))
    body = _filler(page) if page.kind == "filler" else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(page.title)} · {escape(site.name)}</title>
<style>body{{font-family:sans-serif}}</style></head>
<body><header><strong>{escape(site.name)}</strong><nav>{nav}</nav></header>
<main><h1>{escape(page.title)}</h1>{body}
{block}
{NEWSLETTER if page.kind in ("home", "contact") else ""}
</main>
<footer>{footer}<p class="socials">{socials}</p>{DECOYS.format(domain=escape(site.domain))}
<p>&copy; 2026 {escape(site.name)}</p></footer>
{CF_DECODER if uses_cf else ""}</body></html>
"""


def _contact_block(emails: tuple[ShownEmail, ...], phones: tuple[str, ...], rng) -> str:
    if not emails and not phones:
        return ""
    lines = [f"<li>Email: {_email_html(e, rng)}</li>" for e in emails]
    for phone in phones:
        digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
        tel = digits if digits.startswith("+") else f"+1{digits}"
        lines.append(f'<li>Call: <a href="tel:{tel}">{escape(phone)}</a></li>')
    return '<ul class="contact">' + "".join(lines) + "</ul>"


def _email_html(email: ShownEmail, rng: random.Random) -> str:
    address = email.address
    local, domain = address.split("@")
    if email.form == "mailto":
        return f'<a href="mailto:{address}">{address}</a>'
    if email.form == "text":
        return address
    if email.form == "bracketed":
        return f"{local} [at] {domain.replace('.', ' [dot] ')}"
    if email.form == "parenthesised":
        return f"{local}(at){domain.replace('.', '(dot)')}"
    if email.form == "entities":
        encoded = "".join(f"&#{ord(ch)};" for ch in address)
        mailto = "".join(f"&#{ord(ch)};" for ch in "mailto:")
        return f'<a href="{mailto}{encoded}">{encoded}</a>'
    if email.form == "cfemail":
        key = rng.randrange(1, 256)
        hexed = f"{key:02x}" + "".join(f"{ord(ch) ^ key:02x}" for ch in address)
        return (
            f'<a href="/cdn-cgi/l/email-protection#{hexed}"><span class="__cf_email__" '
            f'data-cfemail="{hexed}">[email&#160;protected]</span></a>'
        )
    raise ValueError(f"unknown email form {email.form!r}")


def _scripted(block: str, element_id: str) -> str:
    """`block` written into the page by a script: only a browser sees it."""
    blob = base64.b64encode(block.encode()).decode()
    target = json.dumps(element_id)
    return (
        f'<div id="{element_id}"></div>'
        "<noscript>Please enable JavaScript to see how to reach us.</noscript>"
        f"<script>document.getElementById({target}).innerHTML = atob({json.dumps(blob)});"
        "</script>"
    )


def _filler(page: SitePage) -> str:
    return (
        f"<p>Our {escape(page.title.lower())}: ask at the counter, or read on.</p>"
        "<p>We have served the neighbourhood for years.</p>"
    )
