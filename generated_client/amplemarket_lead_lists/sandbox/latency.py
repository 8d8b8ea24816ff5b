"""Simulated network latency: the sandbox answers over loopback in about a millisecond, the vendor
over a real network in tens to hundreds, so benchmarks and tests that care (read-ahead while paging,
fan-out) can ask for a realistic round trip without leaving the machine.

The latency is the time from a request's arrival to its response, the server's own work included,
as a client measures a round trip: a response is held until then, never sent sooner. (Adding the
sandbox's work on top would make every page slower than the latency asked for by however long this
machine takes to build it, which is the sandbox's speed, not the network's.)
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TIMER_SLACK = 0.002
"""How early a pause stops trusting the event loop's timer. Its timers count whole milliseconds
(epoll's timeout, libuv's clock) and fire up to one or two late, which would add that much to every
round trip; the last stretch is yielded away instead, so a response leaves when it is due."""


async def _pause(
    seconds: float,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Non-blocking: other requests are served while this one is "on the wire"."""
    due = clock() + seconds
    if seconds > TIMER_SLACK:
        await sleep(seconds - TIMER_SLACK)
    while clock() < due:
        await sleep(0)


class NetworkLatency:
    """ASGI middleware: every HTTP response leaves no sooner than `seconds` plus a uniform
    `[0, jitter)` extra after its request arrived, as if both had crossed a network."""

    def __init__(
        self,
        app: ASGIApp,
        seconds: float,
        jitter: float = 0.0,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        uniform: Callable[[float, float], float] = random.uniform,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.seconds = seconds
        self.jitter = jitter
        self.sleep = sleep
        self.uniform = uniform
        self.clock = clock

    def delay(self) -> float:
        """This request's latency: the base, plus jitter when there is any."""
        return self.seconds + (self.uniform(0.0, self.jitter) if self.jitter > 0 else 0.0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        due = self.clock() + self.delay()

        async def send_when_due(message: Message) -> None:
            if message["type"] == "http.response.start":
                left = due - self.clock()
                if left > 0:
                    await (self.sleep or _pause)(left)
            await send(message)

        await self.app(scope, receive, send_when_due)
