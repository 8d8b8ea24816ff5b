"""Read-ahead while paging (`prefetch=1`): the next page is requested while the caller works on the
current one, so over a real network an export with a slow consumer costs about `pages × max(round
trip, consumer)` instead of `pages × (round trip + consumer)`.

The plan still decides everything: these drivers only hold each emitted value back until the plan's
next step is known, and when that step is a request they start it (in a task, or in one worker
thread) before handing the value over. So the order, the retries, the loop guard, the bounds, the
deadlines and the body cap are the plan's and `exchange.py`'s, unchanged; a failure of the request
sent ahead reaches the caller only after the page before it, with the same `resume_after`; at most
one page more is in memory. Retries and waits run in the caller's turn, as without read-ahead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from functools import partial

import httpx

from ..exceptions import InvalidRequestError, LeadListError
from ..transport.cancelling import Cancellation
from ..transport.exchange import Exchange
from ..validation import Problem
from .steps import ApiClient, Emit, Outcome, Plan, Sleep, T, _send_async, _send_sync, iterate_async, iterate_sync

Settled = tuple[Outcome, LeadListError | None]
"""What the plan is told about a request: the response or transport error, or a failure to throw."""


def iterate_pages_sync(
    plan: Plan[T], client: ApiClient, sleep: Callable[[float], object], prefetch: int
) -> Iterator[T]:
    """`iterate_sync`, reading one page ahead when `prefetch` is 1."""
    return _iterate_sync_ahead(plan, client, sleep) if checked_prefetch(prefetch) else iterate_sync(plan, client, sleep)


def iterate_pages_async(
    plan: Plan[T], client: ApiClient, sleep: Callable[[float], Awaitable[object]], prefetch: int
) -> AsyncGenerator[T, None]:
    """`iterate_async`, reading one page ahead (in an asyncio task) when `prefetch` is 1."""
    if checked_prefetch(prefetch):
        return _iterate_async_ahead(plan, client, sleep)
    return iterate_async(plan, client, sleep)


def checked_prefetch(prefetch: object) -> bool:
    """True for 1, False for 0; anything else is refused before a request is sent."""
    if type(prefetch) is not int or prefetch not in (0, 1):  # not True, not 1.0
        raise InvalidRequestError([Problem("", f"must be 0 or 1, got {prefetch!r}", parameter="prefetch")])
    return prefetch == 1


def _settle(result: Callable[[], httpx.Response]) -> Settled:
    try:
        return result(), None
    except httpx.RequestError as exc:
        return exc, None
    except LeadListError as exc:
        return None, exc


def _iterate_sync_ahead(plan: Plan[T], client: ApiClient, sleep: Callable[[float], object]) -> Iterator[T]:
    """Closing it early cancels the request in flight (its socket is shut down: `cancelling.py`) and
    waits for its thread, which then ends at once: no request outlives it. One still waiting for a
    slot of the client's rate limit is dropped unsent (`abandoned`)."""
    http = client.get_httpx_client()
    exchange = Exchange(http.base_url, client.max_response_bytes)
    settled: Settled = (None, None)
    held: Emit[T] | None = None
    in_flight: Future[httpx.Response] | None = None
    abandoned = Cancellation()  # set when the caller stops: shuts the read-ahead's socket down
    with ThreadPoolExecutor(1, thread_name_prefix="amplemarket-read-ahead") as worker, closing(plan):
        try:
            while True:
                if in_flight is not None:
                    settled, in_flight = _settle(in_flight.result), None
                outcome, failure = settled
                try:
                    step = plan.send(outcome) if failure is None else plan.throw(failure)
                except StopIteration:
                    if held is not None:
                        yield held.value
                    return
                except Exception:  # whatever the plan raises, the page held back was received whole
                    if held is not None:
                        yield held.value
                    raise
                settled = (None, None)
                if isinstance(step, Emit):
                    if held is not None:
                        yield held.value
                    held = step
                    continue
                value, held = held, None
                if isinstance(step, Sleep):
                    if value is not None:
                        yield value.value
                    sleep(step.seconds)
                elif value is not None:
                    in_flight = worker.submit(_send_sync, http, exchange, step, abandoned)
                    yield value.value
                else:
                    settled = _settle(partial(_send_sync, http, exchange, step))
        finally:
            abandoned.set()  # before the executor waits for its worker


async def _iterate_async_ahead(
    plan: Plan[T], client: ApiClient, sleep: Callable[[float], Awaitable[object]]
) -> AsyncGenerator[T, None]:
    """Closing it early cancels the request in flight."""
    http = client.get_async_httpx_client()
    exchange = Exchange(http.base_url, client.max_response_bytes)
    settled: Settled = (None, None)
    held: Emit[T] | None = None
    in_flight: asyncio.Task[httpx.Response] | None = None
    try:
        with closing(plan):
            while True:
                if in_flight is not None:
                    await asyncio.wait([in_flight])
                    settled, in_flight = _settle(in_flight.result), None
                outcome, failure = settled
                try:
                    step = plan.send(outcome) if failure is None else plan.throw(failure)
                except StopIteration:
                    if held is not None:
                        yield held.value
                    return
                except Exception:  # whatever the plan raises, the page held back was received whole
                    if held is not None:
                        yield held.value
                    raise
                settled = (None, None)
                if isinstance(step, Emit):
                    if held is not None:
                        yield held.value
                    held = step
                    continue
                value, held = held, None
                if isinstance(step, Sleep):
                    if value is not None:
                        yield value.value
                    await sleep(step.seconds)
                elif value is not None:
                    in_flight = asyncio.create_task(_send_async(http, exchange, step))
                    yield value.value
                else:
                    try:
                        settled = (await _send_async(http, exchange, step), None)
                    except httpx.RequestError as exc:
                        settled = (exc, None)
                    except LeadListError as exc:
                        settled = (None, exc)
    finally:
        if in_flight is not None:
            in_flight.cancel()
            await asyncio.wait([in_flight])
