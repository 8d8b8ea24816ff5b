"""The clients' settings: defaults, and checks that refuse a setting when the client is built, not at
its first request, and never repeat the key."""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from attrs import Attribute

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
ALLOW_INSECURE_HTTP_ENV = "AMPLEMARKET_ALLOW_INSECURE_HTTP"
_YES, _NO = ("1", "true", "yes"), ("", "0", "false", "no")
LOG_ENV = "AMPLEMARKET_LOG"
_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_logging = {"configured": False}


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


def whole_number(minimum: int) -> Callable[[object, Attribute[int], int], None]:
    """A validator: an int (not a bool) of at least `minimum`, else ValueError naming the setting when
    the client is built (not a TypeError, or a nonsense cap, at its first request)."""

    def check(instance: object, attribute: Attribute[int], value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{attribute.name} must be a whole number >= {minimum}, got {value!r:.40}")

    return check


def check_seconds(instance: object, attribute: Attribute[float], value: float) -> None:
    """A validator: a finite number of seconds >= 0, else ValueError naming the setting (NaN would
    make every backoff, and with it the retry budget, nonsense)."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < math.inf:
        raise ValueError(f"{attribute.name} must be a number of seconds >= 0, got {value!r:.40}")


def secrets_of_client(client: object) -> tuple[str, ...]:
    """What no message may repeat: the key of an AuthenticatedClient (a Client has none)."""
    token = getattr(client, "token", "")
    return (token,) if isinstance(token, str) and len(token) >= 4 else ()


def check_base_url(instance: object, attribute: object, base_url: str) -> None:
    """Refuse a base URL httpx could never send to, when the client is built rather than at its first
    request; and one that would send the key and the leads over the network unencrypted (http:// to a
    host other than this machine) unless the client was built with `allow_insecure_http=True`."""
    try:
        url = httpx.URL(base_url)
        host = url.host
    except (httpx.InvalidURL, TypeError, ValueError):
        raise ValueError("base_url is not a valid URL") from None
    if url.scheme not in ("http", "https") or not host:
        raise ValueError(f"base_url must be an http:// or https:// URL with a host, got scheme {url.scheme!r}")
    if url.query or url.fragment:  # httpx would merge every path into the query: requests would go astray
        raise ValueError("base_url must not have a query (?…) or a fragment (#…): request paths are appended to it")
    insecure = insecure_http_host(base_url)
    if insecure is not None and getattr(instance, "allow_insecure_http", False) is not True:
        raise ValueError(
            f"base_url is http:// to {insecure!r:.60}, not this machine: the API key and the leads would cross "
            f"the network unencrypted; use https://, or opt in with allow_insecure_http=True "
            f"({ALLOW_INSECURE_HTTP_ENV}=1 for from_env() and the command); 127.0.0.0/8, ::1 and localhost need none"
        )


def insecure_http_host(base_url: str) -> str | None:
    """The host of an http:// URL that is not this machine (requests to it cross a network in clear
    text), or None: https://, loopback, or not a URL at all (`check_base_url` says why)."""
    try:
        url = httpx.URL(base_url)
        host = url.host
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
    return host if url.scheme == "http" and host and not is_loopback(host) else None


def is_loopback(host: str) -> bool:
    """Whether `host` (as httpx.URL gives it: lower case, IPv6 without brackets) is this machine:
    `localhost`, 127.0.0.0/8, ::1 (or ::ffff:127.x.y.z), where http:// never crosses a network."""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def insecure_http_allowed_from_env() -> bool:
    """`AMPLEMARKET_ALLOW_INSECURE_HTTP`: 1/true/yes opts in to http:// to another host; unset, empty,
    0/false/no does not; anything else is a ValueError naming the variable (a typo never opts in)."""
    value = os.environ.get(ALLOW_INSECURE_HTTP_ENV, "").strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"{ALLOW_INSECURE_HTTP_ENV} must be 1 (or true, yes) or 0 (or false, no), got {value!r:.20}")


def check_token(instance: object, attribute: object, token: str) -> None:
    """Refuse a token that can never authenticate, before it is sent, without repeating it.

    A key read from a file often ends in a newline; httpx would refuse the header with an error that
    quotes it, and retrying could never help.
    """
    if not isinstance(token, str) or not token:
        raise ValueError("token (the API key) is empty")
    _check_header_word("token (the API key)", token)


def check_prefix(instance: object, attribute: object, prefix: str) -> None:
    """Refuse a prefix the header could never carry, as the token is refused: httpx (and httpcore's
    debug log) would quote the whole header value, the key after the prefix included. "" sends the key alone."""
    if not isinstance(prefix, str):
        raise ValueError("prefix (of the key in the auth header) is not a string")
    _check_header_word("prefix (of the key in the auth header)", prefix)


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP field name: a token of RFC 9110 (no space, colon, control or non-ASCII character)."""


def check_auth_header_name(instance: object, attribute: object, name: str) -> None:
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


def copied(value: dict[str, str]) -> dict[str, str]:
    """The caller's headers or cookies, copied so they are never changed in place (a typed converter:
    with `converter=dict`, type checkers reject a plain dict[str, str] argument)."""
    return dict(value)
