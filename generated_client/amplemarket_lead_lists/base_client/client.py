"""The fixed code of both clients: the generated `client.py` subclasses these (as openai-python's
`_client.py` subclasses its `_base_client.py`), so the template renders only what the spec decides."""

from __future__ import annotations

import os
import ssl
import threading
from http.cookiejar import CookieJar
from typing import Any, Self

import httpx
from attrs import define, evolve, field

from ..exceptions import MissingApiKeyError
from ..pacing import RateLimiter, async_hooks, limiter_from_env, sync_hooks
from ..transport.exchange import guarded, guarded_async
from ..transport.socket_deadline import install
from .cookies import cookie_jar, with_server_cookies
from .owners import PerLoop
from .settings import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_BACKOFF_CAP,
    DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES,
    check_auth_header_name,
    check_base_url,
    check_prefix,
    check_seconds,
    check_token,
    configure_logging_from_env,
    copied,
    insecure_http_allowed_from_env,
    secrets_of_client,
    whole_number,
)
from .tls import verification


@define
class BaseClient:
    """What every client holds and how it builds its httpx clients (see the generated `Client`'s docstring)."""

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    """Whether or not to raise an errors.UnexpectedStatus if the API returns a status code that was not
    documented in the source OpenAPI document."""
    _base_url: str = field(alias="base_url", validator=check_base_url)
    _cookies: dict[str, str] = field(factory=dict, converter=copied, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, converter=copied, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    max_response_bytes: int = field(default=MAX_RESPONSE_BYTES, kw_only=True, validator=whole_number(1))
    """Larger response bodies (once decompressed) are not read: the operations raise ResponseTooLargeError."""
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, kw_only=True, validator=whole_number(0))
    """Retries after a 5xx or a lost connection (429s: twice as many); 0 disables; a call's `max_retries=` wins."""
    retry_backoff_cap: float = field(default=DEFAULT_RETRY_BACKOFF_CAP, kw_only=True, validator=check_seconds)
    """Longest wait between retries in seconds (Retry-After on a 429 is honoured on its own terms)."""
    allow_insecure_http: bool = field(default=False, kw_only=True)
    """Allow an http:// base URL to a host other than this machine (127.0.0.0/8, ::1 and localhost are
    always allowed): the key and the leads then cross the network unencrypted. Checked with the base URL
    when the client is built (ValueError naming base_url)."""
    rate_limiter: RateLimiter | None = field(factory=RateLimiter, kw_only=True, eq=False)
    """Paces every request this client sends (default: the vendor's 500 a minute; `None`: unpaced);
    shared by threads, tasks and the `with_*` copies. An httpx client you set yourself is not paced."""
    _client: httpx.Client | None = field(default=None, init=False)
    _client_pid: int = field(factory=os.getpid, init=False, repr=False, eq=False)
    """The process this client last ran in: a child made by fork builds its own httpx client (`owners.py`)."""
    _client_built: bool = field(default=False, init=False, repr=False, eq=False)
    """Whether `_client` is this client's own (not set by hand)."""
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)
    """An httpx.AsyncClient set by hand (`set_async_httpx_client`), used from every loop."""
    _async_clients: PerLoop[httpx.AsyncClient] = field(factory=PerLoop, init=False, repr=False, eq=False)
    """The async httpx clients this client built, one per event loop (and per process)."""
    _async_cookie_jar: CookieJar | None = field(default=None, init=False, repr=False, eq=False)
    """The cookies of every async httpx client this client built (they differ only by event loop)."""
    _lock: threading.Lock = field(factory=threading.Lock, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        configure_logging_from_env()

    def with_headers(self, headers: dict[str, str]) -> Self:
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        for async_client in self._async_httpx_clients():
            async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        for async_client in self._async_httpx_clients():
            async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        for async_client in self._async_httpx_clients():
            async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def _auth_headers(self) -> dict[str, str]:
        """Headers that authenticate each request: none for a `Client`."""
        return {}

    def _httpx_settings(self, event_hooks: dict[str, list[Any]], jar: CookieJar | None = None) -> dict[str, Any]:
        """What both httpx clients are built with: the caller's `httpx_args` win, but pacing hooks run first."""
        return {
            "base_url": self._base_url,
            "cookies": cookie_jar(self._cookies) if jar is None else jar,
            "headers": {**self._headers, **self._auth_headers()},
            "timeout": self._timeout,
            "verify": verification(self._verify_ssl, self._httpx_args),
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,  # wins: `httpx_args={"follow_redirects": True}` is not an error
            "event_hooks": event_hooks,  # pacing, then yours
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        It is neither paced nor held to the base URL's origin (the operations refuse an answer that came
        from another origin only once it has come); sync operations still bound its socket reads by their deadline.
        """
        install(client)
        self._client = client
        self._client_built = False
        return self

    def _forget_a_parents_clients(self) -> None:
        """In a child made by fork: drop (unclosed) the httpx client built by the parent, and its lock,
        which may have been held at the fork. A client set by hand is kept: it is the caller's."""
        if self._client_pid != os.getpid():
            if self._client is not None and self._client_built:
                self._client = None
            self._client_pid, self._lock = os.getpid(), threading.Lock()

    def _async_httpx_clients(self) -> list[httpx.AsyncClient]:
        return [*self._async_clients.values(), *([] if self._async_client is None else [self._async_client])]

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set (or if it was
        built in another process: a child made by fork never writes to its parent's connections)"""
        self._forget_a_parents_clients()
        if self._client is None:
            with self._lock:  # one client per instance, however many threads ask at once
                if self._client is None:
                    hooks = sync_hooks(self, self._httpx_args.get("event_hooks"))
                    self._client_built = True
                    self._client = guarded(
                        with_server_cookies(httpx.Client(**self._httpx_settings(hooks))),
                        secrets=secrets_of_client(self),
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
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set: one per
        event loop (its connections die with the loop, so a second `asyncio.run()` gets a fresh one)
        and per process, unless one was set by hand"""
        if self._async_client is not None:
            return self._async_client
        self._forget_a_parents_clients()
        built = self._async_clients.get()
        if built is None:
            with self._lock:  # one client per loop, however many threads ask at once
                built = self._async_clients.get()
                if built is None:
                    hooks = async_hooks(self, self._httpx_args.get("event_hooks"))
                    if self._async_cookie_jar is None:  # one jar for every loop: a cookie set is kept
                        self._async_cookie_jar = cookie_jar(self._cookies)
                    settings = self._httpx_settings(hooks, self._async_cookie_jar)
                    built = self._async_clients.put(
                        guarded_async(
                            with_server_cookies(httpx.AsyncClient(**settings)),
                            secrets=secrets_of_client(self),
                            max_response_bytes=self.max_response_bytes,
                        )
                    )
        return built

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class BaseAuthenticatedClient(BaseClient):
    """A client that sends the API key with every request, and only to its base URL's origin."""

    token: str = field(repr=False, validator=check_token)
    """The token to use for authentication; never shown in repr(); checked when set."""
    prefix: str = field(default="Bearer", validator=check_prefix)
    """The prefix to use for the Authorization header ("" for none); checked like the token."""
    auth_header_name: str = field(default="Authorization", validator=check_auth_header_name)
    """The name of the Authorization header; checked when set."""

    def _auth_headers(self) -> dict[str, str]:
        return {self.auth_header_name: f"{self.prefix} {self.token}" if self.prefix else self.token}

    @classmethod
    def from_env(cls, **kwargs: Any) -> Self:
        """A client for the key in `AMPLEMARKET_API_KEY` and the API at `AMPLEMARKET_BASE_URL`, paced to
        `AMPLEMARKET_REQUESTS_PER_MINUTE` (default 500, the vendor's limit; `off` for none).

        Args:
            **kwargs: Any other setting (`timeout`, `max_retries`, `httpx_args`, …), as for the constructor.

        An http:// `AMPLEMARKET_BASE_URL` to a host other than this machine is refused unless
        `AMPLEMARKET_ALLOW_INSECURE_HTTP=1` (or `allow_insecure_http=True`, which wins) opts in.

        Returns:
            The client; the base URL defaults to `https://api.amplemarket.com` when the variable is unset.

        Raises:
            MissingApiKeyError: `AMPLEMARKET_API_KEY` is unset or empty.
            ValueError: The key can never authenticate (e.g. it ends in a newline; never repeated), or
                a variable is malformed (named in the message).
        """
        if "rate_limiter" not in kwargs:
            kwargs["rate_limiter"] = limiter_from_env()
        if "allow_insecure_http" not in kwargs:
            kwargs["allow_insecure_http"] = insecure_http_allowed_from_env()
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
