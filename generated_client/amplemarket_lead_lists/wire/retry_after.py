"""Reading `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date."""

from __future__ import annotations

import email.utils
import math
import re
from datetime import UTC, datetime

import httpx

_DELTA_SECONDS = re.compile(r"\d+(\.\d+)?")


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """Seconds the server asks us to wait, or None when absent, invalid or negative.

    Decimal seconds are accepted although RFC 9110 only allows integers: some servers send them and
    the intent is clear. An HTTP-date is measured against the response's own `Date` header when it
    has one, so a skewed local clock does not stretch or shrink the wait.
    """
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    if _DELTA_SECONDS.fullmatch(raw):
        seconds = float(raw)
        return seconds if math.isfinite(seconds) else None
    when = _http_date(raw)
    if when is None:
        return None
    now = _http_date(headers.get("date", "")) or datetime.now(UTC)
    seconds = (when - now).total_seconds()
    return seconds if seconds >= 0 else None


def _http_date(value: str) -> datetime | None:
    """The date, or None when it is not one (a year too large for a datetime, 99999999999999999999,
    raises OverflowError in the standard library's parser)."""
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def clamp(seconds: float | None, default: float, low: float, high: float) -> float:
    """The delay to use: the server's value, or `default` without one, kept within [low, high]."""
    return min(max(default if seconds is None else seconds, low), high)
