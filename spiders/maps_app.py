"""Driving the sandbox maps app in a Playwright page: scroll the results feed, open places.

The page must already show the app (the spider's rendered request waits for FEED_SETTLED).
Everything here happens in that one page: the feed is scrolled until its end-of-list
marker shows (or enough places are listed), then each place is opened by clicking its
result and read from the details panel once the panel shows that place. A click costs one
small fetch in a page that is already loaded, far cheaper than rendering
/maps/place/<id> in a page of its own.

No Scrapy here; what the HTML means is in spiders.extraction.maps.
"""

from __future__ import annotations

from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from spiders.extraction.maps import Feed, parse_feed

# true once the feed lists more than `n` places or shows its end (or, when asked, an error)
FEED_CHANGED = """([n, errorCounts]) => document.querySelectorAll(".place-result").length > n
  || !document.getElementById("end-of-list").hidden
  || (errorCounts && !document.getElementById("feed-error").hidden)"""
# scroll to the bottom, and say so even when the feed is there already (after a failed
# batch), so the app's scroll handler asks for the next batch again
SCROLL_TO_BOTTOM = """(feed) => {
  feed.scrollTo(0, feed.scrollHeight);
  feed.dispatchEvent(new Event("scroll"));
}"""

# Click a result and resolve with the panel's HTML once it shows that place: one round trip
# to the browser per place. Playwright's own click() checks the link is visible, stable and
# hit first (several round trips): 165 ms a place here against 70 for this.
OPEN_PLACE = """async ([placeId, timeoutMs]) => {
  const panel = document.getElementById("place-panel");
  const link = document.querySelector(
    `.place-result[data-place-id="${CSS.escape(placeId)}"] .place-link`);
  if (!link) throw new Error(`no result ${placeId} in the feed`);
  const shown = () => panel.dataset.placeId === placeId && panel.dataset.state !== "loading";
  link.click();
  if (!shown()) await new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (shown()) { clearTimeout(timer); observer.disconnect(); resolve(); }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the panel did not show ${placeId} within ${timeoutMs} ms`));
    }, timeoutMs);
    observer.observe(panel, { attributes: true });
  });
  if (panel.dataset.state !== "loaded") throw new Error(`the app could not load ${placeId}`);
  return panel.outerHTML;
}"""


class FeedError(RuntimeError):
    """The app could not load the next batch of results."""


async def read_feed(page: Page) -> Feed:
    return parse_feed(await page.content())


async def scroll_feed(page: Page, max_results: int | None, timeout_ms: float) -> list[str]:
    """Scroll the feed until it ends or lists `max_results` places; the place ids, in order.

    A batch the app failed to load is asked for once more; if that fails too, FeedError.
    """
    while True:
        feed = await read_feed(page)
        listed = len(feed.place_ids)
        if feed.ended or (max_results is not None and listed >= max_results):
            return feed.place_ids[:max_results]
        await page.eval_on_selector("#feed", SCROLL_TO_BOTTOM)
        # after a failure the error stays up until the retry answers: wait past it
        try:
            await page.wait_for_function(
                FEED_CHANGED, arg=[listed, not feed.failed], timeout=timeout_ms
            )
        except PlaywrightTimeout as timeout:
            if feed.failed:
                raise FeedError(
                    f"{page.url}: the feed failed to load more results after {listed} places"
                ) from timeout
            raise


async def open_place(page: Page, place_id: str, timeout_ms: float) -> str:
    """Click the place's result and wait for the details panel; the panel's HTML."""
    return await page.evaluate(OPEN_PLACE, [place_id, timeout_ms])
