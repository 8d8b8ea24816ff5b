"""Case 8: what the client's pacing costs a request once its window is full (every request of a long
export or upload after the 500th), at the vendor's limit and at a raised one."""

from __future__ import annotations

import time

from amplemarket_lead_lists import RateLimiter
from amplemarket_lead_lists.pacing.limiter import Slot

from .results import Row

REQUESTS = 20_000


def per_request(limit: int) -> float:
    """Microseconds per request (taking a slot, then its answer) with `limit` slots all in use."""
    now = [0.0]
    limiter = RateLimiter(limit, 60.0, clock=lambda: now[0])
    step = 60.0 / limit * 1.001  # just past the window: every request finds the oldest slot free
    for _ in range(limit):
        slot = limiter.try_start()
        assert isinstance(slot, Slot)
        limiter.answered(slot)
        now[0] += step
    started = time.perf_counter()
    for _ in range(REQUESTS):
        now[0] += step
        slot = limiter.try_start()
        assert isinstance(slot, Slot)
        limiter.answered(slot)
    return (time.perf_counter() - started) / REQUESTS * 1e6


def run() -> list[Row]:
    vendor, raised = (min(per_request(limit) for _ in range(3)) for limit in (500, 10_000))
    return [
        Row("8 pacing, window full", "500 a minute: µs a request", vendor, unit="µs"),
        Row("8 pacing, window full", "10,000 a minute: µs a request", raised, vendor, "500 a minute", "µs",
            "flat (≤ 2×; a scan of the slots: 36 → 720 µs)", raised <= 2 * vendor),
    ]  # fmt: skip
