"""A proxy as the crawl knows it: where it is, its credentials, and a label safe to show.

Accepted forms: `host:port`, `user:pass@host:port`, `http://user:pass@host:port` (also
`https://`). User and password may be percent-encoded (`p%40ss` for `p@ss`).

A proxy's `label` (`p3-127.0.0.1:8803`) names it in logs, stats and metadata; its `repr`
and `str` are the label too, so credentials cannot slip into a log line by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

SCHEMES = ("http", "https")


class ProxyUrlError(ValueError):
    """A proxy URL could not be read; the message shows it with credentials masked."""


def mask_credentials(proxy_url: str) -> str:
    """A proxy URL as written, with its `user:pass@` (if any) shown as `***@`."""
    userinfo_and_before, at, host_port = proxy_url.rpartition("@")
    if not at:
        return proxy_url
    scheme, slashes, _ = userinfo_and_before.rpartition("//")
    return f"{scheme}{slashes}***@{host_port}"


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every one of `secrets` replaced by `***` (for messages from elsewhere)."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


@dataclass(frozen=True)
class ProxyEndpoint:
    index: int  # position in the pool, 0-based; part of the label
    host: str
    port: int
    scheme: str = "http"
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"p{self.index}-{self.host}:{self.port}"

    def __repr__(self) -> str:
        return f"ProxyEndpoint({self.label})"

    __str__ = __repr__

    @property
    def server(self) -> str:
        """The proxy's address without credentials."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The proxy's address with credentials, for Scrapy's `meta["proxy"]`."""
        if self.username is None:
            return self.server
        userinfo = quote(self.username, safe="") + ":" + quote(self.password or "", safe="")
        return f"{self.scheme}://{userinfo}@{self.host}:{self.port}"

    def playwright_proxy(self) -> dict[str, str]:
        """The `proxy` option of a Playwright browser context for this proxy."""
        proxy = {"server": self.server}
        if self.username is not None:
            proxy.update(username=self.username, password=self.password or "")
        return proxy

    def secrets(self) -> tuple[str, ...]:
        """The strings that must never be shown (to mask them in messages)."""
        return tuple(s for s in (self.username, self.password) if s)


def parse_proxy_url(text: str, index: int) -> ProxyEndpoint:
    """The proxy `text` names, or ProxyUrlError saying what is wrong with it."""
    written = text.strip()
    shown = mask_credentials(written)
    parts = urlsplit(written if "://" in written else f"http://{written}")
    if parts.scheme not in SCHEMES:
        raise ProxyUrlError(
            f"proxy {shown!r} uses {parts.scheme!r}; trawl's proxies must be http:// or https://"
        )
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None:
        raise ProxyUrlError(
            f"proxy {shown!r} needs a host and a port: write host:port, user:pass@host:port "
            "or http://user:pass@host:port"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ProxyUrlError(f"proxy {shown!r} has a path or query; a proxy is host:port only")
    username = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    if username is not None and password is None:
        raise ProxyUrlError(f"proxy {shown!r} has a user but no password; write user:pass@")
    return ProxyEndpoint(index, parts.hostname, port, parts.scheme, username, password)
