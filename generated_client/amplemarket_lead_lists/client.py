import logging
import math
import os
import re
import ssl
import threading
from collections.abc import Callable
from functools import lru_cache
from http.cookiejar import Cookie, CookieJar
from typing import Any, Self, TypeVar

import httpx
from attrs import Attribute, define, evolve, field

from .pacing import RateLimiter, async_hooks, limiter_from_env, sync_hooks

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Finite by default (30 s to read, write or wait for a connection; 10 s to connect); pass timeout=None to disable."""

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Default cap on a response body once decompressed (a full page of 100 entries is about 100 KB)."""

DEFAULT_MAX_RETRIES = 5
"""Retries after a 5xx or a lost connection (twice as many after 429s); 0 disables retrying."""

DEFAULT_RETRY_BACKOFF_CAP = 30.0
"""Longest backoff between retries, in seconds (the backoff doubles from 1 s, with jitter)."""

API_KEY_ENV = "AMPLEMARKET_API_KEY"
BASE_URL_ENV = "AMPLEMARKET_BASE_URL"
DEFAULT_BASE_URL = "https://api.amplemarket.com"
LOG_ENV = "AMPLEMARKET_LOG"
_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_logging = {"configured": False}


class MissingApiKeyError(ValueError):
    """`AuthenticatedClient.from_env()` found no API key in the environment."""


def configure_logging_from_env() -> None:
    """`AMPLEMARKET_LOG=debug|info`: the `amplemarket_lead_lists` logger writes to stderr at that level.

    Done once per process, when the first client is built; anything else leaves logging to the
    application. Log lines never carry a header or the key (messages are redacted as errors are).
    """
    level = _LOG_LEVELS.get(os.environ.get(LOG_ENV, "").strip().lower())
    if level is None or _logging["configured"]:
        return
    _logging["configured"] = True
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    logger = logging.getLogger("amplemarket_lead_lists")
    logger.addHandler(handler)
    logger.setLevel(level)


def _whole_number(minimum: int) -> Callable[[object, "Attribute[int]", int], None]:
    """A validator: an int (not a bool) of at least `minimum`, else ValueError naming the setting when
    the client is built (not a TypeError, or a nonsense cap, at its first request)."""

    def check(instance: object, attribute: "Attribute[int]", value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{attribute.name} must be a whole number >= {minimum}, got {value!r:.40}")

    return check


def _check_seconds(instance: object, attribute: "Attribute[float]", value: float) -> None:
    """A validator: a finite number of seconds >= 0, else ValueError naming the setting (NaN would
    make every backoff, and with it the retry budget, nonsense)."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < math.inf:
        raise ValueError(f"{attribute.name} must be a number of seconds >= 0, got {value!r:.40}")


def _secrets(client: object) -> tuple[str, ...]:
    """What no message may repeat: the key of an AuthenticatedClient (a Client has none)."""
    token = getattr(client, "token", "")
    return (token,) if isinstance(token, str) and len(token) >= 4 else ()


def _check_base_url(instance: object, attribute: object, base_url: str) -> None:
    """Refuse a base URL httpx could never send to, when the client is built rather than at its first request."""
    try:
        url = httpx.URL(base_url)
        host = url.host
    except (httpx.InvalidURL, TypeError, ValueError):
        raise ValueError("base_url is not a valid URL") from None
    if url.scheme not in ("http", "https") or not host:
        raise ValueError(f"base_url must be an http:// or https:// URL with a host, got scheme {url.scheme!r}")
    if url.query or url.fragment:  # httpx would merge every path into the query: requests would go astray
        raise ValueError("base_url must not have a query (?…) or a fragment (#…): request paths are appended to it")


def _check_token(instance: object, attribute: object, token: str) -> None:
    """Refuse a token that can never authenticate, before it is sent, without repeating it.

    A key read from a file often ends in a newline; httpx would refuse the header with an error that
    quotes it, and retrying could never help.
    """
    if not isinstance(token, str) or not token:
        raise ValueError("token (the API key) is empty")
    _check_header_word("token (the API key)", token)


def _check_prefix(instance: object, attribute: object, prefix: str) -> None:
    """Refuse a prefix the header could never carry, as the token is refused: httpx (and httpcore's
    debug log) would quote the whole header value, the key after the prefix included. "" sends the key alone."""
    if not isinstance(prefix, str):
        raise ValueError("prefix (of the key in the auth header) is not a string")
    _check_header_word("prefix (of the key in the auth header)", prefix)


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP field name: a token of RFC 9110 (no space, colon, control or non-ASCII character)."""


def _check_auth_header_name(instance: object, attribute: object, name: str) -> None:
    if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
        raise ValueError(
            "auth_header_name is not an HTTP header name: empty, or it has a space, a colon, "
            "a control or a non-ASCII character"
        )


def _check_header_word(setting: str, value: str) -> None:
    """ValueError naming `setting`, never quoting `value`, when the value cannot be sent in a header as it is."""
    if value != value.strip():
        raise ValueError(f"{setting} starts or ends with whitespace (e.g. a newline read from a file)")
    if not value.isascii():
        raise ValueError(f"{setting} contains a non-ASCII character")
    if not value.isprintable() or " " in value:
        raise ValueError(f"{setting} contains a space or a control character (e.g. CR or LF)")


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
        with self._cookies_lock:  # the stdlib's own lock (re-entrant): room is checked and taken at once
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


def _jar(cookies: dict[str, str]) -> CookieJar:
    """A BoundedCookieJar holding the caller's cookies, as httpx would hold them."""
    jar = BoundedCookieJar()
    httpx.Cookies(jar).update(cookies)
    return jar


HttpxClient = TypeVar("HttpxClient", httpx.Client, httpx.AsyncClient)


class ServerCookies(httpx.Cookies):
    """httpx's cookie store, minus its work on answers that set no cookie (for this API, every answer):
    httpx builds a urllib Request for each response to look for cookies, about 7 % of the time typed
    paging takes in process. Answers that set cookies are handled as before."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers or "set-cookie2" in response.headers:
            super().extract_cookies(response)


def _with_server_cookies(http: HttpxClient) -> HttpxClient:
    """`http` keeping its cookie jar in a ServerCookies (httpx has no public way to choose the class)."""
    http._cookies = ServerCookies(http._cookies.jar)
    return http


def _verification(verify: str | bool | ssl.SSLContext, httpx_args: dict[str, Any]) -> str | bool | ssl.SSLContext:
    """`verify_ssl` as httpx takes it. The default (True) is one TLS context per process, shared by every
    client, as httpx's docs advise: httpx would otherwise load the CA bundle into a new context for
    each client (25-45 ms, as long as half a page of entries takes over a 50 ms network). Any TLS
    setting of your own (`verify_ssl`, or `verify`, `cert`, `http2`, `trust_env` in `httpx_args`)
    is passed on untouched."""
    if verify is not True or not _OWN_TLS.isdisjoint(httpx_args):
        return verify
    trusted = tuple((path, _version(path)) for path in map(os.environ.get, ("SSL_CERT_FILE", "SSL_CERT_DIR")))
    with _TLS_LOCK:  # one context made, however many threads build clients at once
        return _default_tls_context(trusted)


_OWN_TLS = frozenset({"verify", "cert", "http2", "trust_env"})
_TLS_LOCK = threading.Lock()


def _version(path: str | None) -> tuple[int, int] | None:
    """When and how large `path` last changed: a CA file or folder edited in place is read again."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    return None if stat is None else (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _default_tls_context(trusted: tuple[tuple[str | None, tuple[int, int] | None], ...]) -> ssl.SSLContext:
    """httpx's default context, keyed by what it reads (SSL_CERT_FILE and SSL_CERT_DIR, and when each
    last changed), so a change takes effect for the clients made afterwards, as without sharing."""
    return httpx.create_ssl_context()


def _copied(value: dict[str, str]) -> dict[str, str]:
    """The caller's headers or cookies, copied so they are never changed in place (a typed converter:
    with `converter=dict`, type checkers reject a plain dict[str, str] argument)."""
    return dict(value)


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request (cookies the server sets are
        kept too, up to MAX_COOKIES and MAX_COOKIE_BYTES: see BoundedCookieJar)

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. Defaults to ``DEFAULT_TIMEOUT`` (30 s, 10 s to connect).

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False. A redirect to
        another scheme, host or port is refused before anything is sent there (UnsafeLinkError): the
        client sends nothing outside its base URL's origin.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url", validator=_check_base_url)
    _cookies: dict[str, str] = field(factory=dict, converter=_copied, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, converter=_copied, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    max_response_bytes: int = field(default=MAX_RESPONSE_BYTES, kw_only=True, validator=_whole_number(1))
    """Larger response bodies (once decompressed) are not read: the polling helpers raise ResponseTooLargeError."""
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, kw_only=True, validator=_whole_number(0))
    """Retries after a 5xx or a lost connection (429s: twice as many); 0 disables; a call's `max_retries=` wins."""
    retry_backoff_cap: float = field(default=DEFAULT_RETRY_BACKOFF_CAP, kw_only=True, validator=_check_seconds)
    """Longest wait between retries in seconds (Retry-After on a 429 is honoured on its own terms)."""
    rate_limiter: RateLimiter | None = field(factory=RateLimiter, kw_only=True, eq=False)
    """Paces every request this client sends (default: the vendor's 500 a minute; `None`: unpaced);
    shared by threads, tasks and the `with_*` copies. An httpx client you set yourself is not paced."""
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)
    _lock: threading.Lock = field(factory=threading.Lock, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        configure_logging_from_env()

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        It is neither paced nor held to the base URL's origin (the polling helpers refuse an answer that came
        from another origin only once it has come); sync polling calls still bound its socket reads by their deadline.
        """
        from .polling.socket_deadline import install  # noqa: PLC0415 (the polling package imports this module)

        install(client)
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            with self._lock:  # one client per instance, however many threads ask at once
                if self._client is None:
                    settings: dict[str, Any] = {
                        "base_url": self._base_url,
                        "cookies": _jar(self._cookies),
                        "headers": self._headers,
                        "timeout": self._timeout,
                        "verify": _verification(self._verify_ssl, self._httpx_args),
                        "follow_redirects": self._follow_redirects,
                        **self._httpx_args,  # wins: `httpx_args={"follow_redirects": True}` is not an error
                        "event_hooks": sync_hooks(self, self._httpx_args.get("event_hooks")),  # pacing, then yours
                    }
                    from .polling.exchange import guarded  # noqa: PLC0415 (polling imports this module)

                    self._client = guarded(
                        _with_server_cookies(httpx.Client(**settings)),
                        secrets=_secrets(self),
                        max_response_bytes=self.max_response_bytes,
                    )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            with self._lock:  # one client per instance, however many threads ask at once
                if self._async_client is None:
                    settings: dict[str, Any] = {
                        "base_url": self._base_url,
                        "cookies": _jar(self._cookies),
                        "headers": self._headers,
                        "timeout": self._timeout,
                        "verify": _verification(self._verify_ssl, self._httpx_args),
                        "follow_redirects": self._follow_redirects,
                        **self._httpx_args,  # wins: `httpx_args={"follow_redirects": True}` is not an error
                        "event_hooks": async_hooks(self, self._httpx_args.get("event_hooks")),  # pacing, then yours
                    }
                    from .polling.exchange import guarded_async  # noqa: PLC0415 (polling imports this module)

                    self._async_client = guarded_async(
                        _with_server_cookies(httpx.AsyncClient(**settings)),
                        secrets=_secrets(self),
                        max_response_bytes=self.max_response_bytes,
                    )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request (cookies the server sets are
        kept too, up to MAX_COOKIES and MAX_COOKIE_BYTES: see BoundedCookieJar)

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. Defaults to ``DEFAULT_TIMEOUT`` (30 s, 10 s to connect).

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False. A redirect to
        another scheme, host or port is refused before anything is sent there (UnsafeLinkError): the
        client sends nothing outside its base URL's origin.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        token: The token to use for authentication; never shown in repr(); checked when set
        prefix: The prefix to use for the Authorization header ("" for none); checked like the token
        auth_header_name: The name of the Authorization header; checked when set
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url", validator=_check_base_url)
    _cookies: dict[str, str] = field(factory=dict, converter=_copied, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, converter=_copied, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    max_response_bytes: int = field(default=MAX_RESPONSE_BYTES, kw_only=True, validator=_whole_number(1))
    """Larger response bodies (once decompressed) are not read: the polling helpers raise ResponseTooLargeError."""
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, kw_only=True, validator=_whole_number(0))
    """Retries after a 5xx or a lost connection (429s: twice as many); 0 disables; a call's `max_retries=` wins."""
    retry_backoff_cap: float = field(default=DEFAULT_RETRY_BACKOFF_CAP, kw_only=True, validator=_check_seconds)
    """Longest wait between retries in seconds (Retry-After on a 429 is honoured on its own terms)."""
    rate_limiter: RateLimiter | None = field(factory=RateLimiter, kw_only=True, eq=False)
    """Paces every request this client sends (default: the vendor's 500 a minute; `None`: unpaced);
    shared by threads, tasks and the `with_*` copies. An httpx client you set yourself is not paced."""
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)
    _lock: threading.Lock = field(factory=threading.Lock, init=False, repr=False, eq=False)

    token: str = field(repr=False, validator=_check_token)
    prefix: str = field(default="Bearer", validator=_check_prefix)
    auth_header_name: str = field(default="Authorization", validator=_check_auth_header_name)

    def __attrs_post_init__(self) -> None:
        configure_logging_from_env()

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    @classmethod
    def from_env(cls, **kwargs: Any) -> "AuthenticatedClient":
        """A client for the key in `AMPLEMARKET_API_KEY` and the API at `AMPLEMARKET_BASE_URL`, paced to
        `AMPLEMARKET_REQUESTS_PER_MINUTE` (default 500, the vendor's limit; `off` for none).

        Args:
            **kwargs: Any other setting (`timeout`, `max_retries`, `httpx_args`, …), as for the constructor.

        Returns:
            The client; the base URL defaults to `https://api.amplemarket.com` when the variable is unset.

        Raises:
            MissingApiKeyError: `AMPLEMARKET_API_KEY` is unset or empty.
            ValueError: The key can never authenticate (e.g. it ends in a newline; never repeated), or
                a variable is malformed (named in the message).
        """
        if "rate_limiter" not in kwargs:
            kwargs["rate_limiter"] = limiter_from_env()
        token = os.environ.get(API_KEY_ENV, "")
        if not token.strip():
            raise MissingApiKeyError(
                f"{API_KEY_ENV} is not set: export your Amplemarket API key in it (Settings > API), "
                "or pass token=... to AuthenticatedClient"
            )
        base_url = os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
        try:
            return cls(base_url=base_url, token=token, **kwargs)
        except ValueError as error:  # no message repeats the key
            variable = {"token": API_KEY_ENV, "base_url": BASE_URL_ENV}.get(str(error).partition(" ")[0])
            if variable is None:  # another setting, given as an argument: its message names it
                raise
            raise ValueError(f"{variable}: {error}") from None

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        It is neither paced nor held to the base URL's origin (the polling helpers refuse an answer that came
        from another origin only once it has come); sync polling calls still bound its socket reads by their deadline.
        """
        from .polling.socket_deadline import install  # noqa: PLC0415 (the polling package imports this module)

        install(client)
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            with self._lock:  # one client per instance, however many threads ask at once
                if self._client is None:
                    settings: dict[str, Any] = {
                        "base_url": self._base_url,
                        "cookies": _jar(self._cookies),
                        "headers": {
                            **self._headers,
                            self.auth_header_name: f"{self.prefix} {self.token}" if self.prefix else self.token,
                        },
                        "timeout": self._timeout,
                        "verify": _verification(self._verify_ssl, self._httpx_args),
                        "follow_redirects": self._follow_redirects,
                        **self._httpx_args,  # wins: `httpx_args={"follow_redirects": True}` is not an error
                        "event_hooks": sync_hooks(self, self._httpx_args.get("event_hooks")),  # pacing, then yours
                    }
                    from .polling.exchange import guarded  # noqa: PLC0415 (polling imports this module)

                    self._client = guarded(
                        _with_server_cookies(httpx.Client(**settings)),
                        secrets=_secrets(self),
                        max_response_bytes=self.max_response_bytes,
                    )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            with self._lock:  # one client per instance, however many threads ask at once
                if self._async_client is None:
                    settings: dict[str, Any] = {
                        "base_url": self._base_url,
                        "cookies": _jar(self._cookies),
                        "headers": {
                            **self._headers,
                            self.auth_header_name: f"{self.prefix} {self.token}" if self.prefix else self.token,
                        },
                        "timeout": self._timeout,
                        "verify": _verification(self._verify_ssl, self._httpx_args),
                        "follow_redirects": self._follow_redirects,
                        **self._httpx_args,  # wins: `httpx_args={"follow_redirects": True}` is not an error
                        "event_hooks": async_hooks(self, self._httpx_args.get("event_hooks")),  # pacing, then yours
                    }
                    from .polling.exchange import guarded_async  # noqa: PLC0415 (polling imports this module)

                    self._async_client = guarded_async(
                        _with_server_cookies(httpx.AsyncClient(**settings)),
                        secrets=_secrets(self),
                        max_response_bytes=self.max_response_bytes,
                    )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
