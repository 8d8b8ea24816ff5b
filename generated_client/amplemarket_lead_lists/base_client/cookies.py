"""Cookies: the API authenticates by header and needs none, so a server's cookies are kept within bounds
and answers that set none cost nothing."""

from __future__ import annotations

from http.cookiejar import Cookie, CookieJar
from typing import Any, TypeVar

import httpx

MAX_COOKIES = 50
"""Cookies a client keeps at most (RFC 6265 asks a user agent for at least 50 per domain)."""

MAX_COOKIE_BYTES = 8 * 1024
"""Their names and values in all, at most: about the Cookie header every request carries, kept under the
8 KiB most servers allow a header line (nginx and Apache by default), so it never grows without limit."""


class BoundedCookieJar(CookieJar):
    """Cookies as httpx keeps them, except that a cookie a server sets is not kept when the jar would
    then pass MAX_COOKIES or MAX_COOKIE_BYTES: a server setting new cookies on every answer cannot make
    each request larger (and slower) than the last. The API authenticates by header and needs none.
    A cookie the server replaces or deletes is handled as usual; the caller's own cookies are always kept.
    """

    def extract_cookies(self, response: Any, request: Any) -> None:
        with self._cookies_lock:  # type: ignore[attr-defined]  # the stdlib's own re-entrant lock, not in typeshed
            for cookie in self.make_cookies(response, request):
                if self._has_room_for(cookie):
                    self.set_cookie_if_ok(cookie, request)

    def _has_room_for(self, new: Cookie) -> bool:
        kept = [
            cookie for cookie in self if (cookie.domain, cookie.path, cookie.name) != (new.domain, new.path, new.name)
        ]
        size = sum(_cookie_bytes(cookie) for cookie in kept) + _cookie_bytes(new)
        return len(kept) < MAX_COOKIES and size <= MAX_COOKIE_BYTES


def _cookie_bytes(cookie: Cookie) -> int:
    return len(cookie.name) + len(cookie.value or "")


def cookie_jar(cookies: dict[str, str]) -> CookieJar:
    """A BoundedCookieJar holding the caller's cookies, as httpx would hold them."""
    jar = BoundedCookieJar()
    httpx.Cookies(jar).update(cookies)
    return jar


HttpxClient = TypeVar("HttpxClient", httpx.Client, httpx.AsyncClient)


class ServerCookies(httpx.Cookies):
    """httpx's cookie store, minus its work on answers that set no cookie (for this API, every answer):
    httpx builds a urllib Request for each response to look for cookies, a share of the time typed
    paging takes in process. Answers that set cookies are handled as before."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers or "set-cookie2" in response.headers:
            super().extract_cookies(response)


def with_server_cookies(http: HttpxClient) -> HttpxClient:
    """`http` keeping its cookie jar in a ServerCookies (httpx has no public way to choose the class)."""
    http._cookies = ServerCookies(http._cookies.jar)
    return http
