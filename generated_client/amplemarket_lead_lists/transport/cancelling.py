"""Cancelling a sync request from another thread: a blocking socket read cannot be interrupted, but it
returns at once when its socket is shut down.

A sync read-ahead (`prefetch=1`) runs the next page's request in a worker thread; when the caller
stops early (a `break`), waiting for that request to end could take the server's whole answer time (30 s
by default). A `Cancellation` is set by the caller's thread; while it is active, each socket read of
the worker's exchange is watched (`socket_deadline.py`), and setting it shuts those sockets down: the
read ends, the request fails, the connection is closed (the server sees it go), and nothing waits.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any


class Cancellation(threading.Event):
    """An Event (as the pacing hooks' `abandon` is) that, once set, also shuts down the sockets being read."""

    def __init__(self) -> None:
        super().__init__()
        self._watched: set[Any] = set()
        self._guard = threading.Lock()

    def set(self) -> None:
        with self._guard:
            super().set()
            watched = list(self._watched)
        for sock in watched:
            _shut(sock)

    @contextmanager
    def watching(self, sock: Any) -> Iterator[None]:
        """Shut `sock` down if this is set while inside (or already set)."""
        with self._guard:
            self._watched.add(sock)
            cancelled = self.is_set()
        try:
            if cancelled:
                _shut(sock)
            yield
        finally:
            with self._guard:
                self._watched.discard(sock)


def _shut(sock: Any) -> None:
    with suppress(OSError, AttributeError):  # already closed, or not a socket (a mock stream): nothing to stop
        sock.shutdown(socket.SHUT_RDWR)
