"""Reading ratings and review counts from the visible page.

A rating widget says its value in many ways: text ("4.6", "4,5 von 5", "9/10"), an
accessible label ("4.6 out of 5 stars"), a data attribute, a star class
("star-rating Three", "stars-4-5"), or a filled bar's width ("width: 80%"). Values come out
as written with their scale (`rating_from_element`) or on a 0-5 scale for the extraction.
Reads no settings.
"""

from __future__ import annotations

import re

from lxml import etree

from spiders.extraction.generic.heuristics import distance as _distance
from spiders.extraction.generic.heuristics import in_chrome
from spiders.extraction.generic.page import Page, clean_text

_WORD_STARS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "zero": 0}
_STAR_CLASS = re.compile(
    r"(?:star|rating|rated)[-_ ]?(?:rating[-_ ])?(zero|one|two|three|four|five|\d(?:[-_.]\d)?)\b"
    r"|\b(zero|one|two|three|four|five)\b",
    re.IGNORECASE,
)
_RATING_MARK = re.compile(r"rating|stars?(?![a-z])|stars?-|score|ratingvalue")
_COUNT_MARK = re.compile(r"reviewcount|ratingcount")
# "4.6", "(4.6)", "4.8 stars", "4.8 (178)", "5 Average 1 Review"
_LEADING_RATING = re.compile(
    r"\(?\d{1,2}(?:[.,]\d{1,2})?\)?(?:\s*(?:stars?|sterne|étoiles|estrellas|stelle|sterren|"
    r"average|avg|\(\d[\d,.]*\)|\d[\d,.]*\s+reviews?|\d[\d,.]*\s+ratings?)(?:\s.*)?)?",
    re.IGNORECASE,
)
_FOLLOWING_BEST = re.compile(
    r"\s*(?:/|out of|of|von|sur|de|su|van|из)\s*(\d+(?:[.,]\d+)?)", re.IGNORECASE
)
_WIDTH = re.compile(r"width\s*:\s*(\d+(?:\.\d+)?)%")
_RATING_ATTRIBUTES = (
    "content",
    "data-rating",
    "data-score",
    "data-value",
    "aria-valuenow",
    "data-rating-value",
    "value",
)
_LABEL_ATTRIBUTES = ("aria-label", "title", "alt", "data-tooltip")
_OUT_OF = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:/|out of|of|von|sur|de|su|van|из)\s*(\d+(?:[.,]\d+)?)", re.IGNORECASE
)
_REVIEWS = re.compile(
    r"(\d[\d.,\s]*k?)\s*(?:customer\s+)?(?:reviews?|ratings?|bewertungen|rezensionen|avis|"
    r"évaluations|opiniones|reseñas|valoraciones|recensioni|valutazioni|beoordelingen|"
    r"reviews?\)|recensies)\b",
    re.IGNORECASE,
)


_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")
_SCALE_WORD = re.compile(r"/|\b(?:out of|of|von|sur|de|su|van)\b", re.IGNORECASE)


def parse_rating(text, best=None) -> tuple[float | None, float | None]:
    """(rating, best rating) from `'4.6'`, `'4,5 von 5'`, `'9/10'`, `'Three'`: as written."""
    if text is None:
        return None, None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = str(text).strip()
        if raw.lower() in _WORD_STARS:
            value = float(_WORD_STARS[raw.lower()])
        else:
            numbers = _NUMBER.findall(raw)
            if not numbers:
                return None, None
            value = float(numbers[0].replace(",", "."))
            if best is None and len(numbers) > 1 and _SCALE_WORD.search(raw):
                best = numbers[1]
    best_value = None
    if best is not None:
        try:
            best_value = float(str(best).replace(",", "."))
        except ValueError:
            best_value = None
    if best_value is not None and (best_value <= 0 or value > best_value):
        best_value = None
    return value, best_value


def rating_out_of_five(text, best=None) -> float | None:
    """A rating on a 0–5 scale (`'9/10'` -> 4.5); None when it is not a rating."""
    value, best_value = parse_rating(text, best)
    if value is None:
        return None
    if best_value is not None and best_value != 5:
        value = value * 5 / best_value
    return round(value, 2) if 0 <= value <= 5 else None


def parse_count(value) -> int | None:
    """A count as pages write it: `2989`, `'2,989 reviews'`, `'1.2k'` -> int."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = re.search(r"(\d[\d,.\s]*)(k\b)?", str(value), re.IGNORECASE)
    if not match:
        return None
    number = re.sub(r"[\s,]", "", match.group(1)).rstrip(".")
    if match.group(2):
        return int(float(number) * 1000)
    return int(number.replace(".", "")) if number.replace(".", "").isdigit() else None


def rating_from_element(element: etree._Element) -> tuple[float, float | None] | None:
    """(rating, best rating or None) an element shows, as written; None when it shows none."""
    for name in _RATING_ATTRIBUTES:
        value = element.get(name)
        if value and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", value):
            rating, best = parse_rating(value, element.get("data-best") or _best_near(element))
            if rating is not None:
                return rating, best
    text = clean_text(element.text_content())
    labels = [element.get(name) for name in _LABEL_ATTRIBUTES if element.get(name)]
    for candidate in (text, *labels):
        if not candidate or len(candidate) > 120:
            continue
        out_of = _OUT_OF.search(candidate)
        if out_of:
            return parse_rating(out_of.group(1), out_of.group(2))
        if _LEADING_RATING.fullmatch(candidate):
            rating, best = parse_rating(candidate, _best_near(element))
            if rating is not None:
                return rating, best
    star = _stars_from_class(element)
    if star is not None:
        return star, 5.0
    width = _WIDTH.search(element.get("style") or "")
    if width and re.search(r"star|rating", element.get("class") or "", re.IGNORECASE):
        return round(float(width.group(1)) / 20, 2), 5.0
    return None


def _best_near(element: etree._Element) -> str | None:
    """The best rating written beside a rating: a `bestRating` itemprop, or "out of 5" after it."""
    parent = element.getparent()
    if parent is None:
        return None
    for sibling in parent.iter():
        if sibling.get("itemprop") == "bestRating":
            return sibling.get("content") or clean_text(sibling.text_content()) or None
    following = element.tail or ""
    sibling = element.getnext()
    if sibling is not None and len(following.strip()) < 3:
        following += " " + sibling.text_content()[:60]
    match = _FOLLOWING_BEST.match(following)
    return match.group(1) if match else None


def _stars_from_class(element: etree._Element) -> float | None:
    match = _STAR_CLASS.search(element.get("class") or "")
    if not match:
        return None
    word = (match.group(1) or match.group(2)).lower()
    if word in _WORD_STARS:
        return float(_WORD_STARS[word])
    value = float(re.sub(r"[-_]", ".", word))
    return value / 10 if value > 5 and value <= 50 else value if value <= 5 else None


def rating_on_page(page: Page, near: list) -> tuple[float, float | None, float] | None:
    """(rating, best, confidence) from the rating widget nearest `near` (the product heading)."""
    candidates = []
    for element in page.marked(_RATING_MARK):
        if in_chrome(element) or element.tag in ("svg", "path", "i", "ul", "ol", "form"):
            continue
        found = rating_from_element(element)
        if found is None or found[0] <= 0:  # "0 stars" means "no ratings yet"
            continue
        distance = _distance(page, element, near)
        candidates.append((distance, found, 0.6 if element.get("itemprop") else 0.5))
        if len(candidates) > 40:
            break
    if not candidates:
        return None
    _, (rating, best), confidence = min(candidates, key=lambda c: c[0])
    return rating, best, confidence


def review_count_on_page(page: Page, near: list) -> tuple[int, float] | None:
    """The review count written beside the rating ("(2,989 reviews)", "52 Bewertungen")."""
    candidates = []
    for element in page.marked(_COUNT_MARK):
        count = parse_count(element.get("content") or element.text_content()[:80])
        if count is not None:
            candidates.append((_distance(page, element, near), count, 0.6))
    for element, text in page.texts(_REVIEWS):
        if len(text) < 80 and not in_chrome(element):
            count = parse_count(_REVIEWS.search(text).group(1))
            if count is not None:
                candidates.append((_distance(page, element, near), count, 0.5))
    if not candidates:
        return None
    _, count, confidence = min(candidates, key=lambda c: (c[0], -c[2]))
    return count, confidence
