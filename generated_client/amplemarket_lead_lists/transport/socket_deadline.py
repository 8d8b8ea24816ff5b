"""A wall-clock deadline on every socket read and write of a sync request, headers included.

httpx applies its read timeout to each socket read, so a server that drips its response headers a
byte at a time can hold a blocking request for as long as it likes. The async driver bounds the
whole exchange with a cancel scope; a blocking read cannot be cancelled, so for sync requests each
read and write is given at most the time left before the exchange's deadline instead.

The deadline travels in a context variable set by the sync driver around one exchange, and the
streams that read it come from a network backend installed into the httpx client's pools when the
client builds (or is given) its httpx.Client, before it opens a connection: so a connection a
generated `api.*` call opened first, and kept alive, is bounded too. Outside a deadline the streams
behave as httpx's own. httpx has no public hook for that, so the backend goes only where httpx's own
`httpx.HTTPTransport` holds an httpcore pool — the default one, and each proxy's (`HTTP_PROXY` & co,
or `mounts`); any other transport (a mock, a custom class) keeps httpx's own per-read timeouts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from .cancelling import Cancellation

_ends: ContextVar[float | None] = ContextVar("amplemarket_lead_lists_exchange_ends", default=None)


_cancellation: ContextVar[Cancellation | None] = ContextVar("amplemarket_lead_lists_cancellation", default=None)


@contextmanager
def socket_deadline(ends: float | None, cancellation: Cancellation | None = None) -> Iterator[None]:
    """Every socket operation of requests made inside is bounded by the monotonic time `ends`, and each
    read ends at once when `cancellation` is set (from another thread: `cancelling.py`)."""
    token = _ends.set(ends)
    cancel_token = _cancellation.set(cancellation)
    try:
        yield
    finally:
        _cancellation.reset(cancel_token)
        _ends.reset(token)


_POOLS = (httpcore.ConnectionPool, httpcore.HTTPProxy, httpcore.SOCKSProxy)
"""The pools httpx.HTTPTransport builds; each hands its `_network_backend` to every connection it opens."""


def install(http: httpx.Client) -> None:
    """Give the client's pools, its default one and every proxy's, streams that honour `socket_deadline`
    (idempotent; connections already open keep the streams they have)."""
    for transport in (http._transport, *http._mounts.values()):  # private: see the module docstring
        pool: Any = getattr(transport, "_pool", None)
        if type(pool) in _POOLS and not isinstance(pool._network_backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(pool._network_backend)


def _bounded(timeout: float | None, expired: type[httpcore.TimeoutException] = httpcore.ReadTimeout) -> float | None:
    """`timeout` cut to the time left; `expired` (httpx maps it to its own) once none is left."""
    ends = _ends.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise expired("the deadline passed before the server answered")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        cancellation = _cancellation.get()
        if cancellation is None:
            return self._stream.read(max_bytes, _bounded(timeout))
        with cancellation.watching(self._stream.get_extra_info("socket")):
            return self._stream.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> DeadlineStream:
        return DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _bounded(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return DeadlineStream(
            self._backend.connect_unix_socket(path, _bounded(timeout, httpcore.ConnectTimeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
