"""The contacts spider: leads' own websites -> emails, phones and social profiles (ContactItems).

    scrapy crawl contacts [-a max_pages_per_site=5] [-a source=directory] -O contacts.jsonl
    scrapy crawl contacts -a urls=https://acme.com,https://example.org -O contacts.jsonl
    scrapy crawl contacts -a websites=sites.csv -O contacts.jsonl

Input (spiders.lead_websites): by default every lead in the raw store that gave a website
(its latest observation); or ad hoc URLs or a file. Each site is crawled once, whatever the
number of its leads: its home page, then the pages it links that are likeliest to carry
contact details (contact, about, imprint, impressum...), `max_pages_per_site` pages in all.
A page whose contact block is written by a script (spiders.extraction.contacts.needs_browser)
is read again rendered in Chromium; every other page stays plain HTTP. When a site is done,
one ContactItem per lead of the site carries every email (role addresses flagged), phone
(E.164) and social profile, each with the pages it was read on. A site none of whose pages
could be read yields nothing (trawl/contacts/sites_unreachable).

The sandbox's business domains look real: crawl them with TRAWL_SITES_VIA=<sandbox URL>
(spiders.sites_via), as Dagster's contacts_crawl and the tests do.

One process per crawl: the spider keeps Scrapy's in-memory scheduler even with REDIS_URL.

Settings: TRAWL_SITES_VIA, TRAWL_BROWSER_* (spiders.rendering), DATABASE_URL /
TRAWL_DATABASE_URL (the raw store the leads are read from).
Stats: trawl/contacts/sites, trawl/contacts/sites_unreachable, trawl/contacts/pages;
trawl/browser/fallback_pages (pages rendered), trawl/browser/errors, trawl/browser/unavailable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import scrapy
from scrapy.http import Response, TextResponse

from pipelines.database import database_url
from spiders.arguments import ContactsArguments, parse_arguments
from spiders.browser import BrowserNotFound
from spiders.extraction.contacts import PageContacts, is_role_address, read_contact_page
from spiders.items import ContactItem
from spiders.lead_websites import (
    Site,
    group_by_site,
    leads_from_file,
    leads_from_store,
    leads_from_urls,
)
from spiders.rendering import BROWSER_HANDLERS, close_page, require_browser, retry_rendered

STATS = "trawl/contacts/"
BROWSER_STATS = "trawl/browser/"


@dataclass
class SiteCrawl:
    """One site's crawl in progress: pages asked for, pages read, what they showed."""

    site: Site
    max_pages: int
    queued: list[str] = field(default_factory=list)
    pending: int = 0
    read: list[tuple[str, PageContacts]] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def claim(self, url: str) -> bool:
        """Whether `url` is to be fetched (not yet asked for, within the page budget)."""
        if url in self.queued or len(self.queued) >= self.max_pages:
            return False
        self.queued.append(url)
        self.pending += 1
        return True


class ContactsSpider(scrapy.Spider):
    name = "contacts"
    # a site's pages share its in-memory state (SiteCrawl) through cb_kwargs, which a shared
    # Redis frontier could not carry: this spider keeps Scrapy's own scheduler
    custom_settings = {  # noqa: RUF012 - Scrapy reads it
        "DOWNLOAD_HANDLERS": BROWSER_HANDLERS,
        "SCHEDULER": "scrapy.core.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.arguments = parse_arguments(ContactsArguments, self.name, kwargs)
        self.no_browser: str | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:
            require_browser(crawler.settings)
        except BrowserNotFound as error:
            spider.no_browser = str(error)
        return spider

    def leads(self):
        arguments = self.arguments
        if arguments.urls:
            return leads_from_urls([u.strip() for u in arguments.urls.split(",") if u.strip()])
        if arguments.websites:
            return leads_from_file(arguments.websites)
        url = self.settings.get("TRAWL_DATABASE_URL") or database_url()
        return leads_from_store(url, arguments.source)

    async def start(self):
        sites = group_by_site(self.leads())
        self.logger.info("crawling %d websites of leads", len(sites))
        self.crawler.stats.set_value(STATS + "sites", len(sites))
        for site in sites:
            crawl = SiteCrawl(site, self.arguments.max_pages_per_site)
            crawl.claim(site.home)
            yield self._page_request(site.home, crawl)

    def parse_page(self, response: Response, crawl: SiteCrawl):
        rendered = bool(response.meta.get("playwright"))
        if not isinstance(response, TextResponse):
            crawl.errors.append(f"{response.url}: not a web page")
            yield from self._page_done(crawl)
            return
        contacts = read_contact_page(response.text, response.url)
        if contacts.needs_browser and not rendered:
            if self.no_browser is None:
                self.crawler.stats.inc_value(BROWSER_STATS + "fallback_pages")
                yield self._render_request(response.url, crawl, contacts)
                return
            self.crawler.stats.inc_value(BROWSER_STATS + "unavailable")
        if rendered:
            crawl.rendered.append(response.url)
        self.crawler.stats.inc_value(STATS + "pages")
        crawl.read.append((response.url, contacts))
        for url in contacts.contact_links:
            if crawl.claim(url):
                yield self._page_request(url, crawl)
        yield from self._page_done(crawl)

    async def page_failed(self, failure):
        request = failure.request
        crawl: SiteCrawl = request.cb_kwargs["crawl"]
        if request.meta.get("playwright"):
            await close_page(request)
            if retry := retry_rendered(request, self, failure.value):
                yield retry
                return
            self.crawler.stats.inc_value(BROWSER_STATS + "errors")
            # what the page showed over HTTP is kept: a failed render loses nothing it had
            crawl.read.append((request.meta["trawl_site_page"], request.meta["read_over_http"]))
        crawl.errors.append(f"{request.meta.get('trawl_site_page', request.url)}: {failure.value}")
        for item in self._page_done(crawl):
            yield item

    def _page_done(self, crawl: SiteCrawl):
        crawl.pending -= 1
        if crawl.pending > 0:
            return
        if not crawl.read:
            self.crawler.stats.inc_value(STATS + "sites_unreachable")
            self.logger.info("no page of %s could be read: %s", crawl.site.home, crawl.errors[:1])
            return
        yield from site_items(crawl)

    def _page_request(self, url: str, crawl: SiteCrawl) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"crawl": crawl},
            meta={"trawl_site_page": url},
        )

    def _render_request(
        self, url: str, crawl: SiteCrawl, read_over_http: PageContacts
    ) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"crawl": crawl},
            dont_filter=True,  # the same URL as the plain fetch
            meta={"playwright": True, "trawl_site_page": url, "read_over_http": read_over_http},
        )


def site_items(crawl: SiteCrawl) -> list[ContactItem]:
    """One ContactItem per lead of the site, every value with the pages it was read on."""
    emails: dict[str, dict] = {}
    phones: dict[str, dict] = {}
    socials: dict[str, dict] = {}
    for page, contacts in crawl.read:
        for email in contacts.emails:
            entry = emails.setdefault(
                email, {"email": email, "role": is_role_address(email), "pages": []}
            )
            entry["pages"].append(page)
        for phone in contacts.phones:
            phones.setdefault(phone["e164"], {**phone, "pages": []})["pages"].append(page)
        for profile in contacts.socials:
            socials.setdefault(profile["url"], {**profile, "pages": []})["pages"].append(page)
    raw = {"rendered_pages": crawl.rendered, "errors": crawl.errors}
    return [
        ContactItem(
            source=lead.source,
            source_id=lead.source_id,
            url=crawl.site.home,
            website=lead.website,
            emails=[dict(e, pages=list(e["pages"])) for e in emails.values()],
            phones=[dict(p, pages=list(p["pages"])) for p in phones.values()],
            socials=[dict(s, pages=list(s["pages"])) for s in socials.values()],
            pages=[page for page, _ in crawl.read],
            raw=dict(raw),
        )
        for lead in crawl.site.leads
    ]
