"""Client-side pacing: the vendor allows 500 requests per minute per key and answers more with 429s.
`asyncio.gather` over 100 lists (or threads sharing a client) would send as fast as it can and then
wait those 429s out; paced, the same work never provokes one and finishes as soon as the limit allows.

Every client paces itself by default (`AuthenticatedClient(rate_limiter=RateLimiter())`, the
vendor's 500 a minute; `RateLimiter(requests, per_seconds)` for another limit, `None` to send
unpaced); clients made from it with `with_headers` & co share its limiter, as they share its key.
`AuthenticatedClient.from_env()` and the command-line tool read `AMPLEMARKET_REQUESTS_PER_MINUTE`
(`off`, or the limit support gave your key).
"""

from .hooks import PacingTimeout, async_hooks, sync_hooks
from .limiter import (
    REQUESTS_PER_MINUTE_ENV,
    VENDOR_REQUESTS_PER_MINUTE,
    DeadlineBeforeSlotError,
    RateLimiter,
    Slot,
    WaitAbandonedError,
    limiter_from_env,
)

__all__ = [
    "REQUESTS_PER_MINUTE_ENV",
    "VENDOR_REQUESTS_PER_MINUTE",
    "DeadlineBeforeSlotError",
    "PacingTimeout",
    "RateLimiter",
    "Slot",
    "WaitAbandonedError",
    "async_hooks",
    "limiter_from_env",
    "sync_hooks",
]
