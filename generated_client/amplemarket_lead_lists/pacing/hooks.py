"""Pacing every request a client sends, through httpx's event hooks: the generated endpoint
functions, the polling and upload helpers and each redirect alike. The request hook waits for a
slot (bounded by the deadline the polling drivers put in the request's extensions), the response
hook restamps it when the answer arrives."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import httpx

from .limiter import DeadlineBeforeSlotError, RateLimiter, Slot, WaitAbandonedError

SLOT = "amplemarket_lead_lists.pacing_slot"
"""A request extension: (limiter, slot) of a paced request, so its answer can restamp the slot."""
DEADLINE = "amplemarket_lead_lists.deadline"
"""A request extension: the `time.monotonic()` by which it must have started (set by `polling`)."""
ABANDON = "amplemarket_lead_lists.abandon"
"""A request extension: a threading.Event set when nobody wants the answer any more (a sync read-ahead closed)."""


Hooks = dict[str, list[Callable[..., Any]]]


class PacingTimeout(httpx.PoolTimeout):
    """The request was not sent: the client's rate limit had no slot for it before its deadline, or
    its caller gave it up while it waited (a read-ahead closed early). Never retried."""


class Paced(Protocol):
    rate_limiter: RateLimiter | None


def sync_hooks(owner: Paced, given: Mapping[str, list[Callable[..., Any]]] | None) -> Hooks:
    """httpx.Client's event hooks: pacing first, then the caller's own (`httpx_args["event_hooks"]`)."""

    def pace(request: httpx.Request) -> None:
        limiter = owner.rate_limiter
        if limiter is not None:
            try:
                request.extensions[SLOT] = (limiter, limiter.wait(_time_left(request), request.extensions.get(ABANDON)))
            except (DeadlineBeforeSlotError, WaitAbandonedError) as unsent:
                raise PacingTimeout(str(unsent), request=request) from None

    def answered(response: httpx.Response) -> None:
        _restamp(response)

    return _merged(pace, answered, given)


def async_hooks(owner: Paced, given: Mapping[str, list[Callable[..., Any]]] | None) -> Hooks:
    """httpx.AsyncClient's twin of `sync_hooks`."""

    async def pace(request: httpx.Request) -> None:
        limiter = owner.rate_limiter
        if limiter is not None:
            try:
                request.extensions[SLOT] = (limiter, await limiter.wait_async(_time_left(request)))
            except DeadlineBeforeSlotError as late:
                raise PacingTimeout(str(late), request=request) from None

    async def answered(response: httpx.Response) -> None:
        _restamp(response)

    return _merged(pace, answered, given)


def _time_left(request: httpx.Request) -> float | None:
    """Until the polling call's deadline; else the request's pool timeout (httpx's limit on waiting
    for a connection, which a wait for a slot is akin to): a generated `api.*` call never waits longer."""
    deadline: float | None = request.extensions.get(DEADLINE)
    if deadline is not None:
        return deadline - time.monotonic()
    pool: float | None = request.extensions.get("timeout", {}).get("pool")
    return pool


def _restamp(response: httpx.Response) -> None:
    taken: tuple[RateLimiter, Slot] | None = response.request.extensions.get(SLOT)
    if taken is not None:
        limiter, slot = taken
        limiter.answered(slot)


def _merged(
    pace: Callable[..., Any], answered: Callable[..., Any], given: Mapping[str, list[Callable[..., Any]]] | None
) -> Hooks:
    given = given or {}
    return {"request": [pace, *given.get("request", [])], "response": [answered, *given.get("response", [])]}
