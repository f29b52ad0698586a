"""What an extraction found for each field, how sure it is, and where it came from.

Each reader (structured data, meta tags, page heuristics) offers values with a confidence;
the most confident offer for a field wins, and an earlier offer wins a tie, so readers run
from most to least trusted. Confidence levels used across the package:

    STRUCTURED 0.95  schema.org JSON-LD / microdata / RDFa written for machines
    META       0.8   OpenGraph, product:*, twitter:* meta tags
    MARKUP     0.6-0.7  itemprop / class / id names on the visible page
    LAYOUT     0.5   position and wording on the visible page

Reads no settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STRUCTURED = 0.95
META = 0.8
MARKUP = 0.6
LAYOUT = 0.5


@dataclass
class Finding:
    value: Any
    confidence: float
    origin: str  # "structured", "meta", "page"


class Evidence:
    """The best value offered so far for each field."""

    def __init__(self) -> None:
        self.findings: dict[str, Finding] = {}
        self.settled: set[str] = set()  # fields known to have no single value

    def offer(self, field: str, value: Any, confidence: float, origin: str) -> bool:
        """Keep `value` for `field` when it beats what is there; True when it was kept."""
        if value is None or value == "" or value == [] or value == {}:
            return False
        current = self.findings.get(field)
        if current is not None and current.confidence >= confidence:
            return False
        self.findings[field] = Finding(value, round(min(max(confidence, 0.0), 1.0), 2), origin)
        return True

    def replace(self, field: str, value: Any, confidence: float, origin: str) -> None:
        """Overrule the current value (the page contradicts the structured data)."""
        self.findings[field] = Finding(value, round(confidence, 2), origin)

    def get(self, field: str, default: Any = None) -> Any:
        found = self.findings.get(field)
        return found.value if found else default

    def origin(self, field: str) -> str | None:
        found = self.findings.get(field)
        return found.origin if found else None

    def settle(self, field: str) -> None:
        """Mark `field` as deliberately empty (offers name different SKUs): stop looking."""
        self.settled.add(field)

    def lacks(self, *fields: str) -> bool:
        """True when any of `fields` has no value yet and is not settled as empty."""
        return any(field not in self.findings and field not in self.settled for field in fields)

    def confidence(self) -> dict[str, float]:
        return {field: found.confidence for field, found in self.findings.items()}
