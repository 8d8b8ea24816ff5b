"""Sans-I/O plumbing: the logic is written once as generators of steps; two small drivers run them.

A plan yields `Send` (make this HTTP request; the driver answers with the response or the transport
error), `Sleep` (wait this long; the driver answers None) and `Emit` (hand this value to the caller).
`run_sync`/`iterate_sync` perform the steps with the generated client's httpx.Client and a blocking
sleep; `run_async`/`iterate_async` with its httpx.AsyncClient and an awaitable sleep. Nothing else
differs between the sync and async APIs, so their behaviour cannot drift apart.
"""

from __future__ import annotations

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

import httpx

from ..client import AuthenticatedClient, Client

T = TypeVar("T")
ApiClient = AuthenticatedClient | Client


@dataclass(frozen=True)
class Send:
    """One HTTP request, as keyword arguments for `httpx.Client.request`."""

    request: Mapping[str, Any]


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
    outcome: Outcome = None
    with closing(plan):
        while True:
            try:
                step = plan.send(outcome)
            except StopIteration:
                return
            outcome = None
            if isinstance(step, Emit):
                yield step.value
            elif isinstance(step, Sleep):
                sleep(step.seconds)
            else:
                try:
                    outcome = _unbound(http.request(**step.request))
                except httpx.RequestError as exc:
                    outcome = exc


async def iterate_async(
    plan: Plan[T], client: ApiClient, sleep: Callable[[float], Awaitable[object]]
) -> AsyncGenerator[T, None]:
    http = client.get_async_httpx_client()
    outcome: Outcome = None
    with closing(plan):
        while True:
            try:
                step = plan.send(outcome)
            except StopIteration:
                return
            outcome = None
            if isinstance(step, Emit):
                yield step.value
            elif isinstance(step, Sleep):
                await sleep(step.seconds)
            else:
                try:
                    outcome = _unbound(await http.request(**step.request))
                except httpx.RequestError as exc:
                    outcome = exc


def _unbound(response: httpx.Response) -> httpx.Response:
    """The response with its body stream, already read and closed, replaced by the bytes it read.

    httpx binds that stream to its response, a reference cycle that keeps every page's body alive
    until the garbage collector's next full pass; unbound, a page is freed as soon as it is dropped
    (peak memory while paging 60,000 entries: 2.2 MiB → 0.6 MiB). httpx does the same for requests.
    """
    response.stream = httpx.ByteStream(response.content)
    return response


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
