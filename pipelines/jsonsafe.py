"""Values made safe for JSON and for PostgreSQL's jsonb: Scrapy stats, items, raw page data."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import orjson

NUL_REPLACEMENT = "\u2400"  # "␀": PostgreSQL's jsonb refuses the \u0000 escape


def json_safe(value: Any, *, strip_nul: bool = False) -> Any:
    """`value` as plain JSON data: datetimes as ISO strings, timedeltas as seconds, Decimals
    as strings (no float rounding), sets and tuples as lists, NaN and infinity as None,
    dataclasses as dicts, anything else as its str(). With `strip_nul`, NUL characters in
    strings become "␀" so that jsonb accepts them."""
    if isinstance(value, str):
        return value.replace("\x00", NUL_REPLACEMENT) if strip_nul else value
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return json_safe(value.value, strip_nul=strip_nul)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {
            json_safe(str(k), strip_nul=strip_nul): json_safe(v, strip_nul=strip_nul)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v, strip_nul=strip_nul) for v in value]
    return json_safe(str(value), strip_nul=strip_nul)


def dumps(value: Any, *, strip_nul: bool = False) -> str:
    """Compact, key-sorted JSON text of `value` made JSON-safe (stable: usable for hashing)."""
    if not strip_nul:
        try:  # orjson: plain data (an item's lists and `raw`) at a fifth of the json module's cost
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        except TypeError:  # a Decimal, a key that is not text, a lone surrogate, a huge int
            pass
    try:  # the C encoder, for the usual case of plain data
        text = _ENCODER.encode(value)
    except (TypeError, ValueError):  # NaN or infinity, keys of mixed types
        text = None
    if text is None or (strip_nul and "\\u0000" in text):
        text = _SAFE_ENCODER.encode(json_safe(value, strip_nul=strip_nul))
    return text


def _plain(value: Any) -> Any:
    """What json.dumps cannot encode, as json_safe makes it (one level: the encoder recurses)."""
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return json_safe(value)


_FORMAT: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}
# made once: json.dumps with options builds a new encoder per call, which was a fifth of
# an observation row's cost (four dumps per item)
_ENCODER = json.JSONEncoder(default=_plain, allow_nan=False, **_FORMAT)
_SAFE_ENCODER = json.JSONEncoder(**_FORMAT)
