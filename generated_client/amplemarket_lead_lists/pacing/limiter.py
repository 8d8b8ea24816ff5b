"""The rule the vendor enforces, kept on the client's side: at most `requests` requests in any window
of `per_seconds` (500 a minute per API key).

A server counts a request when it handles it, somewhere between the moment the client sends it and
the moment the answer arrives. So each request holds a slot stamped with its start, and restamped
when its answer arrives; a new request may start only while fewer than `requests` slots are stamped
later than `per_seconds` ago. Whatever the server's delays, the requests it handles in any window
then number at most `requests` (the latest of them to start saw all the others still in its
window), while a burst below the limit goes out at once (no spacing: a 100-page export is not slowed
down by a limit it never reaches). A request still unanswered a whole window after its start (hung,
or failed without an answer) stops counting then, so a lost answer never holds a slot for good.
Waiters queue in the order they came; each sleeps until its own turn (the next slot to free up
after those ahead of it), so a thousand of them neither wake together at every freed slot nor
overtake one another (a caller with a deadline is not starved by later ones).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping

VENDOR_REQUESTS_PER_MINUTE = 500
"""The documented limit per API key (vendor facts)."""
REQUESTS_PER_MINUTE_ENV = "AMPLEMARKET_REQUESTS_PER_MINUTE"
LOGGED_WAIT = 1.0
"""A wait for a slot this long or longer is logged at INFO: what and how long (a 600-page export waits
about 40 s at its 501st request); shorter ones, many a second once the window is full, are the pace itself."""

logger = logging.getLogger("amplemarket_lead_lists")


class Slot:
    """One request's place in the window: its start, then when its answer arrived."""

    __slots__ = ("stamp",)

    def __init__(self, stamp: float) -> None:
        self.stamp = stamp


class DeadlineBeforeSlotError(Exception):
    """The limit lets the request start only after its deadline; no slot was taken."""

    def __init__(self, wait: float) -> None:
        super().__init__(
            f"the client's rate limit (rate_limiter) has a free slot only in {wait:.1f} s, after the deadline: not sent"
        )
        self.wait = wait


class WaitAbandonedError(Exception):
    """The caller gave up on the request while it waited for a slot (a read-ahead closed early); no slot was taken."""

    def __init__(self) -> None:
        super().__init__("abandoned while waiting for the client's rate limit: not sent")


class RateLimiter:
    """At most `requests` requests in any window of `per_seconds`, shared by threads and tasks."""

    def __init__(
        self,
        requests: int = VENDOR_REQUESTS_PER_MINUTE,
        per_seconds: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        async_sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        whole = isinstance(requests, int) and not isinstance(requests, bool) and requests >= 1
        window = (
            isinstance(per_seconds, int | float) and not isinstance(per_seconds, bool) and 0 < per_seconds < math.inf
        )
        if not (whole and window):
            raise ValueError(f"a rate limit needs requests >= 1 and per_seconds > 0, got {requests!r}/{per_seconds!r}")
        self.requests = requests
        self.per_seconds = per_seconds
        self.clock = clock
        self.sleep = sleep
        self.async_sleep = async_sleep
        self._slots: list[tuple[float, int, Slot]] = []
        """A heap of (stamp when pushed, tie-breaker, slot): the oldest first once `_oldest` has
        brought it up to date (an answer only ever moves a stamp later, so it is re-pushed lazily)."""
        self._pushed = itertools.count()
        self._line: deque[object] = deque()
        """Waiters in the order they came: each is served the next slot to free up after those ahead of it."""
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter({self.requests} per {self.per_seconds:g} s)"

    def try_start(self) -> Slot | float:
        """A slot taken now if one is free (ahead of any waiter), or the seconds until one may be."""
        with self._lock:
            return self._take(0)

    def _take(self, position: int) -> Slot | float:
        """Under the lock: a slot for the waiter with `position` waiters ahead of it, if as many slots
        are free now, or the seconds until then as things stand (answers may push it later: ask again)."""
        now = self.clock()
        if len(self._slots) + position < self.requests:
            return self._push(Slot(now))
        oldest = self._oldest()
        if position == 0:  # the usual case, every request once the window is full: no sort
            free_at = oldest.stamp + self.per_seconds
        else:
            unused = [now] * (self.requests - len(self._slots))  # taken by waiters ahead, now
            frees = unused + sorted(slot.stamp + self.per_seconds for _, _, slot in self._slots)
            rounds, nth = divmod(position, self.requests)
            free_at = frees[nth] + rounds * self.per_seconds
        if free_at > now:
            return free_at - now
        heapq.heappop(self._slots)  # free too: the waiters ahead take the others
        return self._push(Slot(now))

    def _push(self, slot: Slot) -> Slot:
        heapq.heappush(self._slots, (slot.stamp, next(self._pushed), slot))
        return slot

    def _oldest(self) -> Slot:
        """The slot stamped earliest, in O(log n): a slot whose answer restamped it since it was
        pushed goes back in with its new stamp (a linear scan cost more: README's Benchmarks)."""
        while (top := self._slots[0])[0] != top[2].stamp:
            heapq.heapreplace(self._slots, (top[2].stamp, next(self._pushed), top[2]))
        return top[2]

    def answered(self, slot: Slot) -> None:
        """The request's answer arrived: the server handled it by now, so its slot counts from now
        (unless it stopped counting already, a window after its start)."""
        with self._lock:
            now = self.clock()
            if slot.stamp + self.per_seconds > now:
                slot.stamp = now

    def wait(self, within: float | None = None, abandon: threading.Event | None = None) -> Slot:
        """Block until this thread's request may start, in turn with every other waiter;
        DeadlineBeforeSlotError (at once, without waiting) if that is more than `within` seconds away,
        WaitAbandonedError as soon as `abandon` is set (the one thing that can stop a blocking wait)."""
        ends = None if within is None else self.clock() + within
        ticket = self._join()
        said = False
        try:
            while not isinstance(taken := self._turn(ticket), Slot):
                self._check(taken, ends)
                if not said and taken >= LOGGED_WAIT:  # once per request, however often its turn is recomputed
                    self._log_wait(taken)
                    said = True
                if abandon is None:
                    self.sleep(taken)
                elif abandon.wait(taken):
                    raise WaitAbandonedError()
            return taken
        finally:
            self._leave(ticket)

    async def wait_async(self, within: float | None = None) -> Slot:
        """Until this task's request may start, letting others run meanwhile; as `wait`."""
        ends = None if within is None else self.clock() + within
        ticket = self._join()
        said = False
        try:
            while not isinstance(taken := self._turn(ticket), Slot):
                self._check(taken, ends)
                if not said and taken >= LOGGED_WAIT:  # once per request, however often its turn is recomputed
                    self._log_wait(taken)
                    said = True
                await self.async_sleep(taken)
            return taken
        finally:
            self._leave(ticket)

    def _join(self) -> object:
        ticket = object()
        with self._lock:
            self._line.append(ticket)
        return ticket

    def _turn(self, ticket: object) -> Slot | float:
        """Each waiter sleeps until its own turn, not all until the next free slot (a thundering
        herd: 1,000 waiters took 40 % of a core), and is served in the order it came."""
        with self._lock:
            return self._take(self._line.index(ticket))

    def _leave(self, ticket: object) -> None:
        """Served, or given up (deadline, abandoned, cancelled): out of the line."""
        with self._lock:
            self._line.remove(ticket)

    def _log_wait(self, wait: float) -> None:
        """A long wait at INFO; the record carries `wait_seconds`, `wait_reason` ("pace") and `rate_limit`
        (requests, per_seconds) for an application's own handler (the command-line tool shows it as a line)."""
        extra = {"wait_seconds": wait, "wait_reason": "pace", "rate_limit": (self.requests, self.per_seconds)}
        logger.info("waiting %.1f s for a slot of the client's rate limit (%r)", wait, self, extra=extra)

    def _check(self, wait: float, ends: float | None) -> None:
        if ends is not None and self.clock() + wait > ends:
            raise DeadlineBeforeSlotError(wait)


def limiter_from_env(environ: Mapping[str, str] = os.environ) -> RateLimiter | None:
    """The pacing `AuthenticatedClient.from_env()` and the command-line tool use: the vendor's 500 a
    minute, or `AMPLEMARKET_REQUESTS_PER_MINUTE` (a whole number, for a key whose limit support
    raised; `off` for none). ValueError naming the variable when it is neither."""
    value = environ.get(REQUESTS_PER_MINUTE_ENV, "").strip()
    if not value:
        return RateLimiter()
    if value.lower() == "off":
        return None
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ValueError(
            f"{REQUESTS_PER_MINUTE_ENV} must be a whole number of requests >= 1 or 'off', got {value!r:.20}"
        )
    return RateLimiter(int(value), 60.0)
