"""Sans-I/O plumbing: the logic is written once as generators of steps; two small drivers run them.

A plan yields `Send` (make this HTTP request; the driver answers with the response or the transport
error), `Sleep` (wait this long; the driver answers None) and `Emit` (hand this value to the caller).
`run_sync`/`iterate_sync` perform the steps with the generated client's httpx.Client and a blocking
sleep; `run_async`/`iterate_async` with its httpx.AsyncClient and an awaitable sleep. Nothing else
differs between the sync and async APIs, so their behaviour cannot drift apart. The rules every
exchange follows (size cap, deadline, origin) live in `exchange.py`; a LeadListError they raise is
thrown into the plan at the step that sent the request, so the plan's own handlers see it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio
import httpx

from ..client import AuthenticatedClient, Client
from ..exceptions import ClientClosedError, LeadListError
from ..transport.cancelling import Cancellation
from ..transport.decompression import araw_reads, raw_reads
from ..transport.exchange import Exchange
from ..transport.socket_deadline import socket_deadline

T = TypeVar("T")
ApiClient = AuthenticatedClient | Client
SyncSleep = Callable[[float], object]
AsyncSleep = Callable[[float], Awaitable[object]]


@dataclass(frozen=True)
class Send:
    """One HTTP request, as keyword arguments for `httpx.Client.build_request`.

    `time_left` is how many seconds remain before the plan's deadline (None: no deadline). The
    driver holds the whole exchange to it in wall-clock time, whatever the server does.
    """

    request: Mapping[str, Any]
    time_left: float | None = None


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Emit(Generic[T]):
    value: T


Outcome = httpx.Response | httpx.RequestError | None
Plan = Generator[Send | Sleep | Emit[T], Outcome, None]
"""A plan that emits values of type T."""
Step = Generator[Send | Sleep | Emit[Any], Outcome, T]
"""A sub-plan used with `yield from` that returns a T."""


def iterate_sync(plan: Plan[T], client: ApiClient, sleep: Callable[[float], object]) -> Iterator[T]:
    http = client.get_httpx_client()
    exchange = Exchange(http.base_url, client.max_response_bytes)
    outcome: Outcome = None
    failure: LeadListError | None = None
    with closing(plan):
        while True:
            try:
                step = plan.send(outcome) if failure is None else plan.throw(failure)
            except StopIteration:
                return
            outcome = failure = None
            if isinstance(step, Emit):
                yield step.value
            elif isinstance(step, Sleep):
                sleep(step.seconds)
            else:
                try:
                    outcome = _send_sync(http, exchange, step)
                except httpx.RequestError as exc:
                    outcome = exc
                except LeadListError as exc:
                    failure = exc


async def iterate_async(
    plan: Plan[T], client: ApiClient, sleep: Callable[[float], Awaitable[object]]
) -> AsyncGenerator[T, None]:
    http = client.get_async_httpx_client()
    exchange = Exchange(http.base_url, client.max_response_bytes)
    outcome: Outcome = None
    failure: LeadListError | None = None
    with closing(plan):
        while True:
            try:
                step = plan.send(outcome) if failure is None else plan.throw(failure)
            except StopIteration:
                return
            outcome = failure = None
            if isinstance(step, Emit):
                yield step.value
            elif isinstance(step, Sleep):
                await sleep(step.seconds)
            else:
                try:
                    outcome = await _send_async(http, exchange, step)
                except httpx.RequestError as exc:
                    outcome = exc
                except LeadListError as exc:
                    failure = exc


def _send_sync(
    http: httpx.Client, exchange: Exchange, step: Send, abandon: threading.Event | None = None
) -> httpx.Response:
    """Send (once the client's pacing allows), then read the body within the size cap and the wall-clock deadline."""
    if http.is_closed:  # httpx would raise a bare RuntimeError
        raise ClientClosedError()
    ends = exchange.ends(step.time_left)
    request = exchange.request(http, step.request, step.time_left, ends, abandon)
    cancellation = abandon if isinstance(abandon, Cancellation) else None
    with socket_deadline(ends, cancellation):  # a server dripping its headers is cut off too (see socket_deadline.py)
        response = http.send(request, stream=True)
        try:
            body, decoder = bytearray(), exchange.decoder(response)
            for read in raw_reads(response):
                exchange.take(response, body, decoder, read, ends)
        finally:
            response.close()
    return exchange.finished(response, body)


async def _send_async(http: httpx.AsyncClient, exchange: Exchange, step: Send) -> httpx.Response:
    """Async twin of `_send_sync`; here the deadline also cuts short a server that drips its headers."""
    if http.is_closed:
        raise ClientClosedError()
    ends = exchange.ends(step.time_left)
    request = exchange.request(http, step.request, step.time_left, ends)
    try:
        with anyio.fail_after(None if ends is None else max(ends - time.monotonic(), 0.0)):
            response = await http.send(request, stream=True)
            try:
                body, decoder = bytearray(), exchange.decoder(response)
                async for read in araw_reads(response):
                    exchange.take(response, body, decoder, read, ends)
            finally:
                await response.aclose()
    except TimeoutError:
        raise httpx.ReadTimeout("the deadline passed while waiting for the response", request=request) from None
    return exchange.finished(response, body)


def run_sync(plan: Plan[T], client: ApiClient, sleep: Callable[[float], object]) -> T:
    """Run a plan that emits exactly one value, and return it."""
    for value in iterate_sync(plan, client, sleep):
        return value
    raise RuntimeError("plan ended without a result")  # pragma: no cover - plans always emit


async def run_async(plan: Plan[T], client: ApiClient, sleep: Callable[[float], Awaitable[object]]) -> T:
    """Run a plan that emits exactly one value, and return it."""
    values = iterate_async(plan, client, sleep)
    try:
        async for value in values:
            return value
    finally:
        await values.aclose()
    raise RuntimeError("plan ended without a result")  # pragma: no cover - plans always emit
