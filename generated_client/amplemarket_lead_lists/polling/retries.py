"""Sending one request politely: wait out 429s, back off on 5xx and lost connections, within limits."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from .errors import ApiError, LeadListError, TransportError, api_error
from .retry_after import clamp
from .steps import Send, Sleep, Step

logger = logging.getLogger("amplemarket_lead_lists")


class DeadlineReached(Exception):
    """Internal: the next wait would end after the caller's deadline. `cause` is the error waited on."""

    def __init__(self, cause: LeadListError) -> None:
        super().__init__()
        self.cause = cause


@dataclass(frozen=True)
class Deadline:
    """`timeout` seconds from `start` on `clock`; None means no deadline."""

    clock: Callable[[], float]
    timeout: float | None
    start: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.clock())

    def elapsed(self) -> float:
        return self.clock() - self.start

    def allows(self, delay: float) -> bool:
        return self.timeout is None or self.elapsed() + delay <= self.timeout

    def time_left(self) -> float | None:
        return None if self.timeout is None else max(self.timeout - self.elapsed(), 0.0)


NEVER_RETRIED = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""The client could not even form the request (a bad header value, a URL it cannot send to):
the same request would fail the same way, so it is not retried."""


@dataclass(frozen=True)
class RetryPolicy:
    """When to try a request again.

    Idempotent requests (GET) are retried on 429, 5xx and transport errors. A create is not
    idempotent: it is retried only when the server says it did nothing (429, or 503 with
    Retry-After), never after a timeout or a dropped connection, which could duplicate the list.
    """

    idempotent: bool = True
    max_retries: int = 5
    max_rate_limit_retries: int = 10
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    min_interval: float = 1.0
    max_interval: float = 600.0
    jitter: Callable[[], float] = random.random

    def backoff(self, retry: int) -> float:
        """Exponential backoff with jitter: 1, 2, 4 … s capped at 30 s, each scaled into [50 %, 100 %]."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0**retry)
        return ceiling * (0.5 + self.jitter() / 2)


def send(request: Mapping[str, Any], policy: RetryPolicy, deadline: Deadline) -> Step[httpx.Response]:
    """Yield the request until it succeeds (2xx) or a retry is not allowed; return the response.

    Raises the typed ApiError or TransportError of the last attempt, or DeadlineReached when the
    wait before the next attempt would end after the deadline.
    """
    attempts = failures = rate_limited = 0
    while True:
        outcome = yield Send(request, deadline.time_left())
        attempts += 1
        delay: float | None
        if isinstance(outcome, httpx.RequestError):
            error: LeadListError = TransportError(request["method"], request["url"], attempts, outcome)
            retryable = policy.idempotent and not isinstance(outcome, NEVER_RETRIED)
            delay = policy.backoff(failures) if retryable and failures < policy.max_retries else None
            failures += 1
        else:
            assert outcome is not None
            if outcome.is_success:
                return outcome
            error = api_error(outcome)
            delay, failures, rate_limited = _delay_for(error, policy, failures, rate_limited)
        if delay is None:
            raise error
        if not deadline.allows(delay):
            raise DeadlineReached(error)
        logger.info("%s; retrying in %.1f s", error, delay)
        yield Sleep(delay)


def _delay_for(error: ApiError, policy: RetryPolicy, failures: int, rate_limited: int) -> tuple[float | None, int, int]:
    """The wait before retrying this error response (None: do not retry), and the updated counters."""
    server_delay = error.retry_after
    status = error.status_code
    if status == 429:
        if rate_limited >= policy.max_rate_limit_retries:
            return None, failures, rate_limited
        fallback = policy.backoff(rate_limited)
        return clamp(server_delay, fallback, policy.min_interval, policy.max_interval), failures, rate_limited + 1
    retryable = status >= 500 if policy.idempotent else (status == 503 and server_delay is not None)
    if not retryable or failures >= policy.max_retries:
        return None, failures, rate_limited
    fallback = policy.backoff(failures)
    return clamp(server_delay, fallback, 0.0, policy.max_interval), failures + 1, rate_limited


def send_or_give_up(request: Mapping[str, Any], policy: RetryPolicy, deadline: Deadline) -> Step[httpx.Response]:
    """`send`, raising the last error itself when retrying would pass the deadline."""
    try:
        return (yield from send(request, policy, deadline))
    except DeadlineReached as reached:
        raise reached.cause from None
