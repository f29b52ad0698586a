"""Finding a product's pictures on the visible page.

A product picture is an `<img>` near the product heading, or one whose alt text names the
product, or one the shop marks as the main / zoom / gallery image; logos, icons, spacers,
buttons and tracking pixels are not. Reads no settings.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from spiders.extraction.generic.heuristics import in_chrome
from spiders.extraction.generic.page import Page, clean_text

_NOT_PRODUCT = re.compile(
    r"(?<![a-z])(?:logos?|icons?|sprites?|spacer|pixel|blank|buttons?|btn|banners?|badges?|"
    r"flags?|arrows?|loader|placeholder|ratings?|stars?|starb|payment|social|avatars?|ads?|"
    r"tracking|1x1|readytobuy)(?![a-z])",
    re.IGNORECASE,
)
_PRODUCT_MARK = re.compile(
    r"main|product|zoom|gallery|hero|primary|detail|large|slide", re.IGNORECASE
)
_SOURCE_ATTRIBUTES = ("data-zoom-image", "data-large_image", "data-src", "data-original", "src")
_NEAR = 60  # elements after the product heading that still belong to it


def image_source(page: Page, image) -> str | None:
    """The absolute address of an image's picture (lazy-loading attributes first)."""
    written = _written_source(image)
    return page.absolute(written) if written else None


def _written_source(image) -> str | None:
    for name in _SOURCE_ATTRIBUTES:
        value = (image.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (image.get("srcset") or image.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


def _too_small(image) -> bool:
    for name in ("width", "height"):
        value = re.match(r"\s*(\d+)", image.get(name) or "")
        if value and int(value.group(1)) < 50:
            return True
    return False


def product_images(page: Page, heading, name: str | None) -> list[tuple[str, float]]:
    """(absolute URL, confidence) of the pictures that show the product, best first."""
    name_words = set(re.findall(r"\w{3,}", (name or "").lower()))
    heading_at = page.order.get(heading) if heading is not None else None
    scored: list[tuple[float, int, str]] = []
    for image in page.tree.iter("img"):
        written = _written_source(image)
        if not written or _too_small(image) or _NOT_PRODUCT.search(urlsplit(written).path):
            continue
        if not page.is_visible(image) or in_chrome(image):
            continue
        marks = " ".join(filter(None, (image.get("class"), image.get("id"), image.get("name"))))
        if _NOT_PRODUCT.search(marks):
            continue
        alt_words = set(re.findall(r"\w{3,}", clean_text(image.get("alt")).lower()))
        score = 0.0
        if name_words and len(alt_words & name_words) >= 0.75 * len(name_words):
            score += 0.6
        if _PRODUCT_MARK.search(marks):
            score += 0.5
        position = page.order.get(image, 0)
        if heading_at is not None and 0 <= position - heading_at <= _NEAR:
            score += 0.5
        elif heading_at is not None and 0 <= heading_at - position <= _NEAR // 2:
            score += 0.3  # galleries often sit just before the title
        url = page.absolute(written) if score >= 0.5 else None
        if url:
            scored.append((score, position, url))
    scored.sort(key=lambda item: (-item[0], item[1]))
    urls: list[tuple[str, float]] = []
    for score, _, url in scored:
        if url not in (found for found, _ in urls):
            urls.append((url, 0.6 if score >= 1 else 0.5))
    return urls[:10]
