"""Simulated network latency: the sandbox answers over loopback in about a millisecond, the vendor
over a real network in tens to hundreds, so benchmarks and tests that care (read-ahead while paging,
fan-out) can ask for a realistic round trip without leaving the machine."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Receive, Scope, Send


async def _pause(seconds: float) -> None:
    """Non-blocking: other requests are served while this one is "on the wire"."""
    await asyncio.sleep(seconds)


class NetworkLatency:
    """ASGI middleware: every HTTP request waits `seconds` plus a uniform `[0, jitter)` extra before
    it is handled, as if it had crossed a network."""

    def __init__(
        self,
        app: ASGIApp,
        seconds: float,
        jitter: float = 0.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        uniform: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.app = app
        self.seconds = seconds
        self.jitter = jitter
        self.sleep = sleep
        self.uniform = uniform

    def delay(self) -> float:
        """This request's latency: the base, plus jitter when there is any."""
        return self.seconds + (self.uniform(0.0, self.jitter) if self.jitter > 0 else 0.0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await (self.sleep or _pause)(self.delay())
        await self.app(scope, receive, send)
