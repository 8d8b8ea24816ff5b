"""Which process and which event loop an httpx client may be used from.

Connections are not shareable across either. A child made by `fork` (multiprocessing's default on
Linux) inherits the parent's pooled sockets: two processes writing one keep-alive connection get each
other's answers. An `httpx.AsyncClient`'s connections are bound to the loop that opened them: after
`asyncio.run()` ends, the next `asyncio.run()` meets "Event loop is closed". So a client keeps its
httpx clients per process, and its async ones per running loop; one from another process is dropped
unclosed (closing it would close, or send a TLS close_notify on, the parent's sockets).
"""

from __future__ import annotations

import asyncio
import os
from typing import Generic, TypeVar

C = TypeVar("C")


class PerLoop(Generic[C]):
    """Values (async httpx clients) by the event loop they were made on, in the process that made them.

    Entries of loops that have closed are dropped when another is added: their connections died with
    the loop, and the loop itself is not kept alive by this map for long.
    """

    def __init__(self) -> None:
        self._pid = os.getpid()
        self._values: dict[asyncio.AbstractEventLoop | None, C] = {}

    def get(self) -> C | None:
        """The value for the running loop (or for none, outside a loop) in this process, if any."""
        if self._pid != os.getpid():
            self._pid, self._values = os.getpid(), {}
        return self._values.get(running_loop())

    def put(self, value: C) -> C:
        self._values = {loop: kept for loop, kept in self._values.items() if loop is None or not loop.is_closed()}
        self._values[running_loop()] = value
        return value

    def values(self) -> list[C]:
        return list(self._values.values())


def running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
