"""Following `_links` hrefs without ever sending the API key to another origin."""

from __future__ import annotations

import httpx

from .errors import UnsafeLinkError

_DEFAULT_PORTS = {"http": 80, "https": 443}


def link_target(href: str, base_url: httpx.URL) -> str:
    """What to request for `href`: relative hrefs as given (httpx prepends the base URL, as the
    vendor's docs ask), absolute ones only when scheme, host and port equal the base URL's.

    Raises UnsafeLinkError before any request is made otherwise.
    """
    try:
        url = httpx.URL(href)
    except httpx.InvalidURL as exc:
        raise UnsafeLinkError(href, base_url) from exc
    if not url.scheme and not url.host:
        return href
    if _origin(url) != _origin(base_url):
        raise UnsafeLinkError(href, base_url)
    return href


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)
