"""Client-side pacing: the vendor allows 500 requests per minute per key and answers more with 429s.
`asyncio.gather` over 100 lists (or threads sharing a client) would send as fast as it can and then
wait those 429s out; paced, the same work never provokes one and finishes as soon as the limit allows.

The rule is the server's own: at most `requests` may start in any `per_seconds` window (a sliding
window, not a token bucket, whose full bucket plus refill would allow twice the limit in one window).
Each request reserves the earliest start that keeps the rule, under a lock, so threads and tasks
sharing one limiter are paced together; the driver waits until that start, then sends.

`smooth` (the default) also spaces starts `per_seconds / requests` apart. A server counts a request
when it handles it, not when it was sent: a burst of 500 is handled over seconds, so a second burst
sent exactly a window after the first would still find part of the first in the server's window
(measured: 20 of 300 requests got 429 in `make bench`). Evenly spaced starts are handled as they come.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable

VENDOR_REQUESTS_PER_MINUTE = 500
"""The documented limit per API key (vendor facts)."""


class RateLimiter:
    """At most `requests` request starts in any window of `per_seconds`, shared by threads and tasks."""

    def __init__(
        self,
        requests: int = VENDOR_REQUESTS_PER_MINUTE,
        per_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        smooth: bool = True,
        sleep: Callable[[float], object] = time.sleep,
        async_sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if not isinstance(requests, int) or isinstance(requests, bool) or requests < 1 or not per_seconds > 0:
            raise ValueError(f"a rate limit needs requests >= 1 and per_seconds > 0, got {requests!r}/{per_seconds!r}")
        self.requests = requests
        self.per_seconds = per_seconds
        self.spacing = per_seconds / requests if smooth else 0.0
        self.clock = clock
        self.sleep = sleep
        self.async_sleep = async_sleep
        self._starts: deque[float] = deque(maxlen=requests)
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Claim the earliest start that keeps the limit; the seconds to wait before starting (0: now).

        Starts are reserved in order, each at least `per_seconds` after the one `requests` before it
        (and `spacing` after the one before it), so no window of `per_seconds` ever holds more than
        `requests` of them.
        """
        with self._lock:
            now = self.clock()
            start = now if not self._starts else max(now, self._starts[-1] + self.spacing)
            if len(self._starts) == self.requests:
                start = max(start, self._starts[0] + self.per_seconds)
            self._starts.append(start)
            return start - now

    def wait(self) -> None:
        """Block until this thread's request may start."""
        delay = self.reserve()
        if delay > 0:
            self.sleep(delay)

    async def wait_async(self) -> None:
        """Until this task's request may start, letting others run meanwhile."""
        delay = self.reserve()
        if delay > 0:
            await self.async_sleep(delay)


_LIMITERS: dict[int, RateLimiter] = {}


def pace(client: object, limiter: RateLimiter | None) -> None:
    """Pace every request `client` sends (sync and async, every thread and task) with `limiter`;
    None stops pacing it. E.g. `pace(client, RateLimiter())` for the vendor's 500 per minute."""
    key = id(client)
    if limiter is None:
        _LIMITERS.pop(key, None)
        return
    if key not in _LIMITERS:
        weakref.finalize(client, _LIMITERS.pop, key, None)
    _LIMITERS[key] = limiter


def limiter_of(client: object) -> RateLimiter | None:
    """The limiter `pace` gave this client, if any."""
    return _LIMITERS.get(id(client))
