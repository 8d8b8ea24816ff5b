"""`prefetch=1`: the next page is requested while the caller works on the current one, with paging's
guarantees unchanged (order, nothing lost or repeated, `resume_after`, loop guard, bounds, body cap,
retries) and clean early exits. Sync and async; no timings asserted (the speed is in `make bench`)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

import httpx
import pytest
import respx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import (
    AuthenticatedClient,
    InvalidRequestError,
    LeadListError,
    NotFoundError,
    PaginationLoopError,
    RateLimiter,
    ResponseTooLargeError,
)
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.operations.paging import entries_of
from amplemarket_lead_lists.pacing import Slot
from contract_tests.polling_harness import (
    BASE,
    LL,
    TOKEN,
    FakeTime,
    Runner,
    arrived,
    body,
    error,
    next_href,
    respond,
)

GET = f"/lead-lists/{LL}"


def page_route(api: respx.MockRouter, after: int, response: Any) -> respx.Route:
    route = api.get(GET, params__eq={"page[size]": "100", "page[after]": f"e{after:05d}"})
    return (
        route.mock(side_effect=response) if callable(response) or isinstance(response, list) else route.mock(response)
    )


def four_pages(api: respx.MockRouter) -> list[respx.Route]:
    """Pages 2–4 after the given first page (entries 0–99); page 3 is empty."""
    return [
        page_route(api, 99, respond(entries=range(100, 200), next_href=next_href(199))),
        page_route(
            api, 199, respond(entries=range(0), next_href=f"/lead-lists/{LL}?page[size]=100&page[after]=e00199x")
        ),
        api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00199x"}).mock(respond(entries=range(200, 250))),
    ]


def first_page() -> LeadList:
    return LeadList.from_dict(body(entries=range(100), next_href=next_href(99)))


def consume(
    mode: str,
    client: AuthenticatedClient | None = None,
    on_page: Callable[[LeadList], Any] | None = None,
    **kwargs: Any,
) -> tuple[list[str], LeadListError | None, FakeTime]:
    """Page with read-ahead, calling `on_page` (a coroutine function in async mode) for each page;
    the ids delivered and the error that ended paging, if any."""
    time = FakeTime()
    client = client or AuthenticatedClient(base_url=BASE, token=TOKEN)
    ids: list[str] = []
    options: dict[str, Any] = {"prefetch": 1, "clock": time.clock, **kwargs}
    lead_list = first_page()
    try:
        if mode == "sync":
            for page in lead_lists.iter_lead_list_pages(client, lead_list, sleep=time.sleep, **options):
                ids += [entry.id for entry in entries_of(page)]
                if on_page:
                    on_page(page)
        else:

            async def run() -> None:
                pages = lead_lists.aiter_lead_list_pages(client, lead_list, sleep=time.async_sleep, **options)
                async for page in pages:
                    ids.extend(entry.id for entry in entries_of(page))
                    if on_page:
                        await on_page(page)

            asyncio.run(run())
    except LeadListError as caught:
        return ids, caught, time
    return ids, None, time


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_the_same_entries_in_the_same_order(run: Runner, api: respx.MockRouter) -> None:
    routes = four_pages(api)
    with_prefetch = run.entries(first_page(), prefetch=1)
    without = run.entries(first_page())
    assert [e.id for e in with_prefetch] == [e.id for e in without] == [f"e{n:05d}" for n in range(250)]
    assert [route.call_count for route in routes] == [2, 2, 2], "each page requested once per run"


def test_the_next_page_is_requested_while_the_caller_holds_the_current_one(mode: str, api: respx.MockRouter) -> None:
    """Each page's consumer finishes only once the request for the page after it has arrived: without
    read-ahead it would never see that request (and would fail after 5 s)."""
    LAST = "e00299"
    requested = threading.Event()
    early: list[bool] = []

    def answer(response: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
        def respond_and_signal(request: httpx.Request) -> httpx.Response:
            requested.set()
            return response

        return respond_and_signal

    page_route(api, 99, answer(respond(entries=range(100, 200), next_href=next_href(199))))
    page_route(api, 199, answer(respond(entries=range(200, 300))))

    def sync_consumer(page: LeadList) -> None:
        if entries_of(page)[-1].id != LAST:
            early.append(requested.wait(5))
            requested.clear()

    async def async_consumer(page: LeadList) -> None:
        if entries_of(page)[-1].id != LAST:
            early.append(await arrived(requested))

    ids, failure, _ = consume(mode, on_page=sync_consumer if mode == "sync" else async_consumer)
    assert failure is None and ids == [f"e{n:05d}" for n in range(300)]
    assert early == [True, True]


def test_a_failure_ahead_arrives_after_the_page_before_it_with_its_resume_point(
    mode: str, api: respx.MockRouter
) -> None:
    page_route(api, 99, respond(entries=range(100, 200), next_href=next_href(199)))
    page_route(api, 199, error(404, "not_found"))
    ids, failure, _ = consume(mode)
    assert ids == [f"e{n:05d}" for n in range(200)], "every page before the failure delivered, in full"
    assert isinstance(failure, NotFoundError) and failure.resume_after == "e00199"


def test_a_retried_page_ahead_is_delivered_once(mode: str, api: respx.MockRouter) -> None:
    page_route(api, 99, [error(503), httpx.ConnectError("reset"), respond(entries=range(100, 150))])
    ids, failure, time = consume(mode)
    assert failure is None and ids == [f"e{n:05d}" for n in range(150)]
    assert len(time.sleeps) == 2, "both retries waited, in the caller's turn"


def test_the_loop_guard_holds(mode: str, api: respx.MockRouter) -> None:
    page_route(api, 99, respond(entries=range(100, 200), next_href=next_href(99)))
    ids, failure, _ = consume(mode)
    assert ids == [f"e{n:05d}" for n in range(200)]
    assert isinstance(failure, PaginationLoopError) and failure.resume_after == "e00199"


def test_max_pages_sends_nothing_beyond_it(mode: str, api: respx.MockRouter) -> None:
    routes = four_pages(api)
    ids, failure, _ = consume(mode, max_pages=2)
    assert failure is None and len(ids) == 200
    assert [route.call_count for route in routes] == [1, 0, 0]


def test_the_body_cap_holds_for_a_page_read_ahead(mode: str, api: respx.MockRouter) -> None:
    page_route(api, 99, respond(entries=range(100, 200)))
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=2_000)
    ids, failure, _ = consume(mode, client=client)
    assert ids == [f"e{n:05d}" for n in range(100)]
    assert isinstance(failure, ResponseTooLargeError) and failure.resume_after == "e00099"


def test_the_body_cap_holds_for_a_retry_sent_in_the_callers_turn(mode: str, api: respx.MockRouter) -> None:
    """The page ahead got a 503: its retry, sent with no page held back, is over the cap."""
    page_route(api, 99, [error(503), respond(entries=range(100, 200))])
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=2_000)
    ids, failure, time = consume(mode, client=client)
    assert ids == [f"e{n:05d}" for n in range(100)] and len(time.sleeps) == 1
    assert isinstance(failure, ResponseTooLargeError) and failure.resume_after == "e00099"


def test_stopping_early_leaves_nothing_running(mode: str, api: respx.MockRouter) -> None:
    routes = four_pages(api)
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    if mode == "sync":
        pages = lead_lists.iter_lead_list_pages(client, first_page(), prefetch=1)
        next(pages)
        pages.close()  # type: ignore[attr-defined]
    else:

        async def first_only() -> None:
            pages = lead_lists.aiter_lead_list_pages(client, first_page(), prefetch=1)
            await anext(pages)
            await pages.aclose()
            # the request sent ahead is cancelled, and done with, before aclose() returns
            assert [task for task in asyncio.all_tasks() if task is not asyncio.current_task()] == []

        asyncio.run(first_only())
    assert routes[0].call_count <= 1 and routes[1].call_count == routes[2].call_count == 0
    assert not [t for t in threading.enumerate() if t.name.startswith("amplemarket-read-ahead")]


@pytest.mark.parametrize("bad", [2, -1, True, "1", 1.0])
def test_prefetch_is_zero_or_one(bad: object, api: respx.MockRouter) -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with pytest.raises(InvalidRequestError) as caught:
        lead_lists.iter_lead_list_pages(client, LL, prefetch=bad)  # type: ignore[arg-type]
    assert caught.value.problems[0].parameter == "prefetch"
    with pytest.raises(InvalidRequestError):
        lead_lists.aiter_lead_list_pages(client, LL, prefetch=bad)  # type: ignore[arg-type]
    assert not api.calls


def test_stopping_early_drops_a_request_still_waiting_for_the_rate_limit(api: respx.MockRouter) -> None:
    """Sync read-ahead: the page requested ahead waits (in the worker thread) for a slot that frees in
    a minute; leaving the loop ends that wait at once and the request is never sent."""
    routes = four_pages(api)
    limiter = RateLimiter(1, 60.0)
    assert isinstance(limiter.try_start(), Slot), "the one slot of the window, taken"
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter)
    started = time.monotonic()
    pages = lead_lists.iter_lead_list_pages(client, first_page(), prefetch=1)
    assert isinstance(pages, Generator)
    assert len(entries_of(next(pages))) == 100
    pages.close()
    assert time.monotonic() - started < 10, "not the minute the slot would take"
    assert [route.call_count for route in routes] == [0, 0, 0]
