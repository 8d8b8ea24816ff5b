"""The rules every HTTP exchange follows, whatever the server does: a wall-clock deadline, a cap on
the decompressed body (never inflated past it: `decompression.py`), and nothing sent to another
origin (a redirect the caller allowed that leads elsewhere is refused before its request leaves).

The origin rule and the sync deadline's socket support are put into each httpx client when the
client builds it (`guarded`), so they hold for every request it sends — the generated `api.*`
functions and connections opened before the first polling call included — not only for polling's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from ..exceptions import ResponseTooLargeError, UnsafeLinkError
from ..pacing.hooks import ABANDON, DEADLINE
from ..wire.redaction import SECRETS, secrets_of
from .decompression import ACCEPT_ENCODING, BodyDecoder
from .links import same_origin
from .socket_deadline import install as install_socket_deadline

GRACE = 1.0
"""Seconds a request sent with (almost) no time left still gets (a poll exactly at the deadline is
allowed): so a deadline holds to within this much, whatever the server does."""


@dataclass(frozen=True)
class Exchange:
    base_url: httpx.URL
    max_response_bytes: int

    def ends(self, time_left: float | None) -> float | None:
        """The monotonic time by which the exchange must be over."""
        return None if time_left is None else time.monotonic() + max(time_left, GRACE)

    def request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        arguments: Mapping[str, Any],
        time_left: float | None,
        ends: float | None,
        abandon: threading.Event | None = None,
    ) -> httpx.Request:
        """The request, its timeouts cut to the time left, its deadline (`ends`) in an extension (the
        client's pacing hook waits for a slot only until then: `pacing.hooks`), asking only for the
        encodings `take` can decode within the size cap."""
        extensions: dict[str, object] = {} if ends is None else {DEADLINE: ends}
        if abandon is not None:  # a sync read-ahead: closing it stops a wait for a slot
            extensions[ABANDON] = abandon
        request = http.build_request(**arguments, timeout=self.timeout(http.timeout, time_left), extensions=extensions)
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING
        return request

    def timeout(self, configured: httpx.Timeout, time_left: float | None) -> httpx.Timeout:
        """The client's timeouts, each cut to the time left (httpx applies them per socket operation)."""
        if time_left is None:
            return configured
        left = max(time_left, GRACE)
        return httpx.Timeout(
            connect=_capped(configured.connect, left),
            read=_capped(configured.read, left),
            write=_capped(configured.write, left),
            pool=_capped(configured.pool, left),
        )

    def decoder(self, response: httpx.Response) -> BodyDecoder:
        return BodyDecoder(response, self.max_response_bytes)

    def take(
        self, response: httpx.Response, body: bytearray, decoder: BodyDecoder, read: bytes, ends: float | None
    ) -> None:
        """Decode one read of the raw body and append it; stop at the size cap or once the deadline has passed."""
        body += decoder.decode(read, self.max_response_bytes - len(body))
        if len(body) > self.max_response_bytes:
            raise ResponseTooLargeError(response.request, response.status_code, self.max_response_bytes)
        if ends is not None and time.monotonic() > ends:
            raise httpx.ReadTimeout("the deadline passed while reading the body", request=response.request)

    def finished(self, response: httpx.Response, body: bytearray) -> httpx.Response:
        """The response with its body in place, once it is known to come from the API's origin.

        The body replaces the stream it was read from: httpx binds that stream to its response, a
        reference cycle that keeps every page alive until the garbage collector's next full pass;
        unbound, a page is freed as soon as it is dropped (peak memory while paging 60,000 entries:
        2.2 MiB → 0.6 MiB). `_content` is where httpx's own `read()` keeps the bytes.
        """
        if response.history:  # a hop elsewhere gets here only from an httpx client set by hand (see `guarded`)
            for hop in (*response.history, response):
                if not same_origin(hop.url, self.base_url):
                    raise UnsafeLinkError(str(hop.url), self.base_url, secrets=secrets_of(response.request))
        content = bytes(body)
        response._content = content
        response.stream = httpx.ByteStream(content)
        return response


def guarded(http: httpx.Client, *, secrets: Sequence[str], max_response_bytes: int) -> httpx.Client:
    """`http` refusing, before it is sent, any request (each redirect hop included: httpx runs request
    hooks for every hop) off its base URL's origin, reading the body of a redirect within
    `max_response_bytes` (`_capped_redirect`), and bounding its socket reads by a sync polling call's
    deadline (`socket_deadline.py`), in its default pool and every proxy pool. `secrets` (the key)
    never appear in the refusal: httpx has taken `Authorization` off a hop elsewhere by then."""
    base_url = http.base_url

    def on_origin(request: httpx.Request) -> None:
        _check_origin(request, base_url, secrets)

    def on_redirect(response: httpx.Response) -> None:
        if response.has_redirect_location:
            _capped_redirect(response, max_response_bytes)

    hooks = http.event_hooks
    http.event_hooks = {"request": [on_origin, *hooks["request"]], "response": [on_redirect, *hooks["response"]]}
    install_socket_deadline(http)
    return http


def guarded_async(http: httpx.AsyncClient, *, secrets: Sequence[str], max_response_bytes: int) -> httpx.AsyncClient:
    """`guarded` for an httpx.AsyncClient (whose deadline is a cancel scope: no socket support needed)."""
    base_url = http.base_url

    async def on_origin(request: httpx.Request) -> None:
        _check_origin(request, base_url, secrets)

    async def on_redirect(response: httpx.Response) -> None:
        if response.has_redirect_location:
            _capped_redirect(response, max_response_bytes)

    hooks = http.event_hooks
    http.event_hooks = {"request": [on_origin, *hooks["request"]], "response": [on_redirect, *hooks["response"]]}
    return http


def _capped_redirect(response: httpx.Response, limit: int) -> None:
    """Make the body of a redirect readable only within `limit` bytes, as sent and as decoded.

    httpx reads the body of a redirect it follows whole, and inflated, before the next hop, out of reach
    of `take`: a server could answer a 3xx with gigabytes, or a gzip bomb. Whether httpx follows is only
    known after this hook (a request may override the client's `follow_redirects`), so every redirect's
    body is decoded here, a bounded amount at a time (`BodyDecoder`), and handed on without its
    Content-Encoding (httpx would decode it again); past `limit` it is ResponseTooLargeError.
    """
    decoder = BodyDecoder(response, limit)
    response.headers.pop("Content-Encoding", None)
    response.stream = _CappedStream(response, decoder, limit)


class _CappedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response's stream, decoded and refused past `limit` bytes, read or decoded."""

    def __init__(self, response: httpx.Response, decoder: BodyDecoder, limit: int) -> None:
        self._stream = response.stream
        self._request = response.request
        self._status_code = response.status_code
        self._decoder = decoder
        self._limit = limit
        self._decoded = 0

    def _decode(self, chunk: bytes) -> bytes:
        out = self._decoder.decode(chunk, self._limit - self._decoded)  # past `limit` bytes read: too large
        self._decoded += len(out)
        if self._decoded > self._limit:
            raise ResponseTooLargeError(self._request, self._status_code, self._limit)
        return out

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._stream, httpx.SyncByteStream)
        for chunk in self._stream:
            yield self._decode(chunk)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._stream, httpx.AsyncByteStream)
        async for chunk in self._stream:
            yield self._decode(chunk)

    def close(self) -> None:
        if isinstance(self._stream, httpx.SyncByteStream):
            self._stream.close()

    async def aclose(self) -> None:
        if isinstance(self._stream, httpx.AsyncByteStream):
            await self._stream.aclose()


def _check_origin(request: httpx.Request, base_url: httpx.URL, secrets: Sequence[str]) -> None:
    """UnsafeLinkError (never retried; first of the hooks, so not even a pacing slot is taken) for a
    request off the API's origin, or with userinfo (`user:pw@`) the base URL has not: the key, the
    headers, the cookies and the body stay home. Marks the request with the key (`errors.SECRETS`)
    on the way. A Location may repeat the key: the message is scrubbed of it, and shows no userinfo."""
    request.extensions[SECRETS] = secrets  # so that any error about this exchange can scrub the key
    if not same_origin(request.url, base_url) or request.url.userinfo != base_url.userinfo:
        raise UnsafeLinkError(str(request.url), base_url, secrets=secrets_of(request))


def _capped(configured: float | None, left: float) -> float:
    return left if configured is None else min(configured, left)
