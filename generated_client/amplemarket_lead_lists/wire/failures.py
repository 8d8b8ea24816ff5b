"""A transport failure, or an error object the API sent, in words a user can act on (a transport
failure never in its own text, which may quote a header)."""

from __future__ import annotations

import socket
import ssl

import httpx

from ..models.error_object import ErrorObject
from ..pacing import PacingTimeout


def transport_reason(cause: httpx.RequestError) -> str:
    """The cause in words (never its own text, which may quote a header): what a user can act on."""
    if isinstance(cause, PacingTimeout):  # our own words, with the wait: nothing of the request in them
        return str(cause)
    if isinstance(cause, httpx.TimeoutException):
        return _TIMEOUTS.get(type(cause), "timed out")
    if isinstance(cause, httpx.ConnectError):
        return _connect_reason(cause)
    for kind, words in _REASONS:
        if isinstance(cause, kind):
            return words
    return "the request failed"


_TIMEOUTS: dict[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: "timed out connecting (the host is unreachable or a firewall drops the packets)",
    httpx.ReadTimeout: "timed out waiting for the response",
    httpx.WriteTimeout: "timed out sending the request",
    httpx.PoolTimeout: "timed out waiting for a free connection in the pool",
}

_REASONS: tuple[tuple[type[httpx.RequestError], str], ...] = (
    (httpx.ProxyError, "the proxy refused or failed the connection"),
    (httpx.RemoteProtocolError, "the server closed the connection or broke the HTTP protocol"),
    (httpx.ReadError, "the connection broke while reading the response"),
    (httpx.WriteError, "the connection broke while sending the request"),
    (httpx.UnsupportedProtocol, "the URL's scheme is not http or https"),
    (httpx.LocalProtocolError, "the request could not be formed (e.g. a header value with a newline)"),
)


def _connect_reason(cause: httpx.ConnectError) -> str:
    """Refused, DNS or TLS, read from the chained OS error's type, else from its errno or wording."""
    chain: list[BaseException] = []
    link: BaseException | None = cause
    while link is not None and len(chain) < 10:
        chain.append(link)
        link = link.__cause__ or link.__context__
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(item, ssl.SSLError) for item in chain) or "ssl" in text or "certificate" in text:
        return "the TLS handshake failed (a certificate the client does not trust, or not an https server)"
    if any(isinstance(item, socket.gaierror) for item in chain) or any(word in text for word in _DNS_WORDS):
        return "DNS lookup failed: the host name does not resolve (a typo in the base URL, or no network)"
    if any(isinstance(item, ConnectionRefusedError) for item in chain) or "refused" in text:
        return "connection refused (nothing listens on that host and port)"
    return "could not connect"


_DNS_WORDS = ("name or service not known", "nodename nor servname", "name resolution", "getaddrinfo", "no address")


def error_object_words(error: ErrorObject) -> str:
    """One `_errors` object in words: its code, its detail (or title) and where it points."""
    words = [str(part) for part in (error.code, error.detail or error.title) if part is not None]
    source = error.source
    if source is not None:
        for where in ("pointer", "parameter", "header"):
            value = getattr(source, where)
            if value is not None:
                words.append(f"({where} {value})")
    return " ".join(words) or "no details"
