"""Sending one request politely: wait out 429s, back off on 5xx and lost connections, within limits."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from ..base_client.settings import DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF_CAP
from ..exceptions import ApiError, InvalidRequestError, LeadListError, RateLimitError, TransportError
from ..pacing import PacingTimeout
from ..validation import Problem
from ..wire.redaction import redacted, request_of, secrets_of
from ..wire.retry_after import clamp
from .error_bodies import api_error
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


NEVER_RETRIED = (httpx.LocalProtocolError, httpx.UnsupportedProtocol, PacingTimeout)
"""The client could not even form the request (a bad header value, a URL it cannot send to), or its
rate limit has no slot before the deadline (nothing was sent): the same request would fail the same
way, so it is not retried."""


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


@dataclass(frozen=True)
class Retries:
    """How hard to retry, set per client (`AuthenticatedClient(max_retries=…, retry_backoff_cap=…)`) or
    per call (`max_retries=`): `max_retries` retries after a 5xx or a lost connection, twice as many
    after 429s (each waits out its Retry-After), every backoff at most `backoff_cap` s; 0 disables."""

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_cap: float = DEFAULT_RETRY_BACKOFF_CAP

    def applied_to(self, policy: RetryPolicy) -> RetryPolicy:
        """`policy` (which requests may be retried, and how long a wait may be) with these limits."""
        return replace(
            policy,
            max_retries=self.max_retries,
            max_rate_limit_retries=2 * self.max_retries,
            backoff_cap=self.backoff_cap,
        )


DEFAULT_RETRIES = Retries()
"""A new client's settings."""


def retries_for(client: object, max_retries: int | None) -> Retries:
    """The client's retry settings, with a call's `max_retries` (when not None) in their place.

    Raises:
        InvalidRequestError: `max_retries` is not a non-negative integer (checked before sending).
    """
    count = getattr(client, "max_retries", DEFAULT_MAX_RETRIES) if max_retries is None else max_retries
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        problem = Problem("", f"must be a whole number >= 0, got {count!r:.40}", parameter="max_retries")
        raise InvalidRequestError([problem])
    return Retries(count, getattr(client, "retry_backoff_cap", DEFAULT_RETRY_BACKOFF_CAP))


def send(request: Mapping[str, Any], policy: RetryPolicy, deadline: Deadline) -> Step[httpx.Response]:
    """Yield the request until it succeeds (2xx) or a retry is not allowed; return the response.

    Raises the typed ApiError or TransportError of the last attempt, or DeadlineReached when the
    wait before the next attempt would end after the deadline.
    """
    attempts = failures = rate_limited = 0
    while True:
        outcome = yield Send(request, deadline.time_left())
        attempts += 1
        if logger.isEnabledFor(logging.DEBUG):
            _log_exchange(request, outcome)
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
        reason = "rate_limited" if isinstance(error, RateLimitError) else "retry"  # for an application's handler
        logger.info("%s; retrying in %.1f s", error, delay, extra={"wait_seconds": delay, "wait_reason": reason})
        yield Sleep(delay)


def _log_exchange(request: Mapping[str, Any], outcome: httpx.Response | httpx.RequestError | None) -> None:
    """`GET /lead-lists/… -> 200`: method, path and status or error type only (never headers or a query)."""
    answer = outcome.status_code if isinstance(outcome, httpx.Response) else type(outcome).__name__
    sent = outcome.request if isinstance(outcome, httpx.Response) else request_of(outcome)
    path = redacted(httpx.URL(request["url"]).path, secrets_of(sent))  # an id (in the path) may hold the key
    logger.debug("%s %s -> %s", str(request["method"]).upper(), path, answer)


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
