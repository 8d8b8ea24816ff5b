"""Following `_links` hrefs without ever sending the API key to another origin."""

from __future__ import annotations

import httpx

from ..exceptions import UnsafeLinkError

_DEFAULT_PORTS = {"http": 80, "https": 443}


def link_target(href: str, base_url: httpx.URL, collection: str = "") -> httpx.URL:
    """The absolute URL to request for `href`.

    A relative href is appended to the base URL, as httpx does for relative URLs and as the vendor's
    docs ask; a query-only one (`?page[after]=…`) continues on `collection`, the path being paged, so
    it is read exactly as that path with the query would be; an absolute one is followed only when
    its scheme, host and port equal the base URL's and it carries no userinfo (`user:pw@`: httpx would
    send that as Basic auth in place of the key). The common case, a path like
    `/lead-lists/…?page[after]=…`, costs one URL parse here and none in httpx (which parses a relative
    URL twice to merge it). Raises UnsafeLinkError before any request is made when the href leads
    elsewhere or is not a URL (a NUL, CR or LF, a lone surrogate, …).
    """
    path = collection + href if href.startswith("?") else href
    try:
        url = httpx.URL(_appended(path, base_url) or path)
        relative = not url.scheme and not url.host  # httpx decodes the host lazily, here
        foreign = not relative and not same_origin(url, base_url)
    except (httpx.InvalidURL, ValueError):  # ValueError: e.g. idna's error for bad punycode
        raise UnsafeLinkError(href, base_url) from None
    if relative:
        return base_url.copy_with(raw_path=base_url.raw_path + url.raw_path.lstrip(b"/"))
    if foreign or url.userinfo:  # `user:pw@`: httpx would send Basic credentials the server chose, not the key
        raise UnsafeLinkError(href, base_url)
    return url


def _appended(href: str, base_url: httpx.URL) -> str | None:
    """`href` appended to the base URL exactly as httpx would, when it is a path (not `//host…`)."""
    if not href.startswith("/") or href.startswith("//") or base_url.query or base_url.fragment:
        return None
    base = str(base_url)
    return f"{base if base.endswith('/') else base + '/'}{href[1:]}"


def same_origin(url: httpx.URL, base_url: httpx.URL) -> bool:
    """Whether `url` has the base URL's scheme, host and port (default ports filled in)."""
    return _origin(url) == _origin(base_url)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)
