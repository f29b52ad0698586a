"""URLs in one canonical spelling, and websites reduced to the domain a business registered.

The public-suffix list is tldextract's bundled snapshot: trawl never fetches it (no network
at crawl time, and results that don't change from one day to the next).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url

# query parameters that say how a visitor arrived, not what the page is
TRACKING_PARAMETERS = frozenset({
    "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi",
    "mkt_tok", "srsltid", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "vero_id",
    "wickedid", "ref_src", "spm",
})  # fmt: skip
TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_DEFAULT_PORT_TEXT = {scheme: str(port) for scheme, port in _DEFAULT_PORTS.items()}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

# offline: no suffix-list download, no cache directory; private suffixes (github.io,
# wixsite.com...) count, so two shops on one hosting platform keep distinct domains
_extract = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


# A URL already in canonical form: http(s), a lowercase host, a port only when not the
# default, a path of plain segments (no ".", "..", "//", percent-escapes or characters
# w3lib would escape), no query, no fragment. Links sites write are mostly like this, and
# the full path below returns them unchanged; recognizing them skips w3lib, which was a
# third of a product item's normalization (bench/pipeline.py).
#
# The pattern says only which characters each part may hold: no repeated groups, which the
# regex engine enters and leaves at every character (a pattern of labels and segments cost
# half as much again for a product's URLs, cachegrind). What the classes allow beyond
# canonical form (empty host labels or path segments, a segment that starts or ends with
# ".", "..") is ruled out by `is_canonical`'s substring tests, and
# test_canonical_url_shortcut.py holds the two to the full path.
_CANONICAL_CHARACTERS = re.compile(
    r"(?P<scheme>https?)://[a-z0-9.-]+(?::(?P<port>[1-9][0-9]{0,4}))?/[A-Za-z0-9_~./-]*"
)


def is_canonical(url: str) -> bool:
    """Whether `url` is already in the canonical form `canonical_url` gives (see above)."""
    plain = _CANONICAL_CHARACTERS.fullmatch(url)
    if plain is None:
        return False
    # past the pattern, a "." only separates non-empty labels and segments; and "//" only
    # follows the scheme (a host holds no "/")
    if ".." in url or "/." in url or "./" in url or ".:" in url or url[-1] == ".":
        return False
    if url.find("//", 7) != -1:
        return False
    # a port of 1 to 5 digits, no leading zero: compared as text, it is at most "65535"
    # when it is shorter, or not greater (int() on it cost as much as the pattern)
    port = plain["port"]
    return port is None or (
        (len(port) < 5 or port <= "65535") and port != _DEFAULT_PORT_TEXT[plain["scheme"]]
    )


def canonical_url(url: str | None) -> str | None:
    """The URL with a lowercase host, no credentials, no default port, no fragment, no
    tracking parameters, query arguments sorted and characters percent-encoded one way
    (w3lib's canonical form).

    None when `url` is not an http(s) URL.
    """
    if url and is_canonical(url):
        return url
    return _rebuilt_canonical_url(url)


def _rebuilt_canonical_url(url: str | None) -> str | None:
    """canonical_url without the shortcut: every URL through urlsplit and w3lib."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a broken IPv6 literal ("http://[::1/p"): no URL to canonicalize
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    # filter the raw pairs, leaving decoding and re-encoding to w3lib
    query = "&".join(
        pair for pair in parts.query.split("&")
        if pair and not is_tracking_parameter(pair.split("=", 1)[0])
    )  # fmt: skip
    netloc = parts.hostname.lower()
    if ":" in netloc:  # an IPv6 literal
        netloc = f"[{netloc}]"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    if port is not None and port != _DEFAULT_PORTS[parts.scheme.lower()]:
        netloc = f"{netloc}:{port}"
    rebuilt = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def website_url(website: str | None) -> str | None:
    """A business's website as a canonical URL; "www.example.com" gets an http:// scheme."""
    if not website or not website.strip():
        return None
    website = website.strip()
    if not _SCHEME.match(website):
        website = "http://" + website.lstrip("/")
    return canonical_url(website)


def registered_domain(website: str | None) -> str | None:
    """The domain a business registered ("https://shop.example.co.uk/x" → "example.co.uk").

    Lowercase, without "www.". For a host under no known public suffix ("joes.test") the
    last two labels; None for IP addresses, single-label hosts ("localhost") and anything
    that is not a website, since those do not identify a business.
    """
    url = website_url(website)
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    parts = _extract(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    labels = host.split(".")
    if len(labels) < 2 or not all(labels[-2:]):
        return None
    return ".".join(labels[-2:])
