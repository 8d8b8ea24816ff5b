"""Client-side pacing: the vendor allows 500 requests per minute per key and answers more with 429s.
`asyncio.gather` over 100 lists (or threads sharing a client) would send as fast as it can and then
wait those 429s out; paced, the same work never provokes one and finishes as soon as the limit allows.

Every client paces itself by default (`AuthenticatedClient(rate_limiter=RateLimiter())`, the
vendor's 500 a minute; `RateLimiter(requests, per_seconds)` for another limit, `None` to send
unpaced); clients made from it with `with_headers` & co share its limiter, as they share its key.
"""

from .hooks import PacingTimeout, async_hooks, sync_hooks
from .limiter import VENDOR_REQUESTS_PER_MINUTE, DeadlineBeforeSlotError, RateLimiter, Slot

__all__ = [
    "VENDOR_REQUESTS_PER_MINUTE",
    "DeadlineBeforeSlotError",
    "PacingTimeout",
    "RateLimiter",
    "Slot",
    "async_hooks",
    "sync_hooks",
]
