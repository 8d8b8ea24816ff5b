"""Rules 6–7 of `polling`: safe link following, loop guards, resumable, lazy paging."""

from __future__ import annotations

import asyncio
import gc
import weakref

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    InvalidRequestError,
    NotFoundError,
    PaginationLoopError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
    UnsafeLinkError,
    aiter_lead_list_entries,
    iter_lead_list_entries,
)
from amplemarket_lead_lists.models import LeadList, LeadListEntry
from amplemarket_lead_lists.transport.links import link_target
from contract_tests.polling_harness import BASE, LL, TOKEN, Runner, body, error, next_href, respond

GET = f"/lead-lists/{LL}"


def page_route(api: respx.MockRouter, after: str, response: httpx.Response | list[httpx.Response]) -> respx.Route:
    route = api.get(GET, params__eq={"page[size]": "100", "page[after]": after})
    if isinstance(response, list):
        return route.mock(side_effect=response)
    return route.mock(return_value=response)


def first_page(entries: range = range(100), href: str | None = None) -> LeadList:
    return LeadList.from_dict(body(entries=entries, next_href=href))


def test_the_given_page_comes_first_without_a_second_fetch(run: Runner, api: respx.MockRouter) -> None:
    page2 = page_route(api, "e00099", respond(entries=range(100, 150)))
    entries = run.entries(first_page(href=next_href(99)))
    assert [e.id for e in entries] == [f"e{n:05d}" for n in range(150)]
    assert page2.call_count == 1 and len(api.calls) == 1


def test_an_id_fetches_the_first_page_with_the_page_size(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET, params__eq={"page[size]": "25"}).mock(return_value=respond(entries=range(25)))
    pages = run.pages(LL, page_size=25)
    assert len(pages) == 1 and route.call_count == 1


def test_after_starts_after_that_entry(run: Runner, api: respx.MockRouter) -> None:
    route = page_route(api, "e00041", respond(entries=range(42, 50)))
    entries = run.entries(first_page(href=next_href(99)), after="e00041")
    assert entries[0].id == "e00042" and len(entries) == 8 and route.call_count == 1


def test_max_pages_stops_early(run: Runner, api: respx.MockRouter) -> None:
    page2 = page_route(api, "e00099", respond(entries=range(100, 200), next_href=next_href(199)))
    page3 = page_route(api, "e00199", respond(entries=range(200, 210)))
    pages = run.pages(first_page(href=next_href(99)), max_pages=2)
    assert len(pages) == 2 and page2.call_count == 1 and page3.call_count == 0


def test_an_empty_page_with_next_goes_on(run: Runner, api: respx.MockRouter) -> None:
    page_route(api, "e00099", respond(entries=range(0), next_href=next_href(100)))
    page_route(api, "e00100", respond(entries=range(101, 103)))
    assert [e.id for e in run.entries(first_page(href=next_href(99)))][-2:] == ["e00101", "e00102"]


def test_absolute_same_origin_links_are_followed(run: Runner, api: respx.MockRouter) -> None:
    route = page_route(api, "e00099", respond(entries=range(100, 101)))
    entries = run.entries(first_page(href=f"{BASE}:443{next_href(99)}"))
    assert len(entries) == 101 and route.call_count == 1


@pytest.mark.parametrize(
    "base_url", ["https://api.amplemarket.com", "https://api.amplemarket.com/", "https://gw.example/amplemarket/v1"]
)
@pytest.mark.parametrize(
    "href",
    [
        next_href(99),
        "/lead-lists/ll_1?page[after]=a b&page[size]=100",
        "lead-lists/ll_1?page[after]=e1",
        "?page[after]=e1",
        "/",
    ],
)
def test_relative_links_go_where_httpx_would_send_them(base_url: str, href: str) -> None:
    http = httpx.Client(base_url=base_url)
    target = link_target(href, http.base_url)
    assert target.is_absolute_url
    assert target == http.build_request("GET", href).url


@pytest.mark.parametrize(
    "href",
    [
        f"https://evil.example{next_href(99)}",
        f"http://api.amplemarket.com{next_href(99)}",
        f"https://api.amplemarket.com:8443{next_href(99)}",
        f"//evil.example{next_href(99)}",
        "https://api.amplemarket.com.evil.example/lead-lists/ll_1",
    ],
)
def test_links_to_another_origin_are_refused_before_any_request(run: Runner, api: respx.MockRouter, href: str) -> None:
    with pytest.raises(UnsafeLinkError) as caught:
        run.entries(first_page(href=href))
    assert len(api.calls) == 0
    assert caught.value.href == href and TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    ("options", "parameter", "message"),
    [
        ({"page_size": 0}, "page[size]", "must be at least 1, got 0"),
        ({"page_size": 101}, "page[size]", "must be at most 100, got 101"),
        ({"page_size": True}, "page[size]", "must be of type integer, got boolean"),
        ({"after": ""}, "page[after]", "at least 1 character"),
        ({"max_pages": 0}, "max_pages", "at least 1"),
    ],
)
@pytest.mark.parametrize("read", ["pages", "entries"])
def test_paging_options_the_api_would_refuse_fail_before_any_request(
    run: Runner, api: respx.MockRouter, options: dict[str, object], parameter: str, message: str, read: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        getattr(run, read)(LL, **options)
    assert len(api.calls) == 0
    [problem] = caught.value.problems
    assert problem.parameter == parameter and message in problem.message
    assert str(caught.value).startswith(f"invalid request: {parameter}: ")


def test_paging_leaves_no_reference_cycles() -> None:
    pages = {
        "": body(entries=range(100), next_href=next_href(99)),
        "e00099": body(entries=range(100, 200), next_href=next_href(199)),
        "e00199": body(entries=range(200, 250)),
    }

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("page[after]", "")])

    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})
    assert len(list(iter_lead_list_entries(client, LL))) == 250
    gc.collect()
    gc.disable()
    try:
        assert len(list(iter_lead_list_entries(client, LL))) == 250
        assert gc.collect() == 0  # httpx alone leaves each response and its body stream in a cycle
    finally:
        gc.enable()


def test_async_paging_unbinds_each_response_from_its_stream() -> None:
    seen: list[httpx.Response] = []

    async def record(response: httpx.Response) -> None:
        seen.append(response)

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body(entries=range(10)))

    client = AuthenticatedClient(
        base_url=BASE,
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(serve), "event_hooks": {"response": [record]}},
    )

    async def entries() -> int:
        return len([entry async for entry in aiter_lead_list_entries(client, LL)])

    assert asyncio.run(entries()) == 10
    [response] = seen
    assert type(response.stream) is httpx.ByteStream


def test_a_next_link_already_followed_is_a_loop(run: Runner, api: respx.MockRouter) -> None:
    page_route(api, "e00099", respond(entries=range(100, 110), next_href=next_href(99)))
    with pytest.raises(PaginationLoopError, match="e00099"):
        run.entries(first_page(href=next_href(99)))


def test_a_transient_failure_skips_and_repeats_nothing(run: Runner, api: respx.MockRouter) -> None:
    page_route(api, "e00099", [error(503), httpx.ReadTimeout("slow"), respond(entries=range(100, 200))])  # type: ignore[list-item]
    ids = [e.id for e in run.entries(first_page(href=next_href(99)))]
    assert ids == [f"e{n:05d}" for n in range(200)]
    assert len(run.time.sleeps) == 2


def test_a_lasting_failure_says_where_to_resume(run: Runner, api: respx.MockRouter) -> None:
    page_route(api, "e00099", respond(entries=range(100, 200), next_href=next_href(199)))
    page_route(api, "e00199", error(500))
    with pytest.raises(ServerError) as caught:
        run.entries(first_page(href=next_href(99)))
    assert caught.value.resume_after == "e00199"
    api.routes.clear()
    page_route(api, "e00199", respond(entries=range(200, 205)))
    resumed = run.entries(LL, after=caught.value.resume_after)
    assert [e.id for e in resumed] == [f"e{n:05d}" for n in range(200, 205)]


def test_a_pages_retries_may_wait_600_seconds_in_all_and_not_one_more(run: Runner, api: respx.MockRouter) -> None:
    limited = [error(429, "rate_limited", retry_after=seconds) for seconds in ("300", "300", "1")]
    page_route(api, "e00099", [*limited, respond(entries=range(100, 105))])
    with pytest.raises(RateLimitError) as caught:
        run.entries(first_page(href=next_href(99)))
    assert run.time.sleeps == [300.0, 300.0] and caught.value.resume_after == "e00099"


def test_a_page_that_never_recovers_is_given_up_within_its_budget(run: Runner, api: respx.MockRouter) -> None:
    page_route(api, "e00099", error(429, "rate_limited", retry_after="500"))
    with pytest.raises(RateLimitError) as caught:
        run.entries(first_page(href=next_href(99)))
    assert sum(run.time.sleeps) <= 600 and run.time.sleeps == [500.0]
    assert caught.value.resume_after == "e00099"


def test_a_list_that_is_not_completed_cannot_be_paged(run: Runner, api: respx.MockRouter) -> None:
    with pytest.raises(UnexpectedStatusError, match="'processing'"):
        run.entries(LeadList.from_dict(body("processing")))
    api.get(GET).mock(return_value=respond("queued", retry_after="60"))
    with pytest.raises(UnexpectedStatusError, match="'queued'"):
        run.entries(LL)


def test_a_missing_list_is_not_found(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=error(404, "not_found"))
    with pytest.raises(NotFoundError):
        run.pages(LL)


# Rule 7: lazy ----------------------------------------------------------------------------------------


def test_pages_are_fetched_only_when_needed(api: respx.MockRouter) -> None:
    route = page_route(api, "e00099", respond(entries=range(100, 200)))
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    entries = iter_lead_list_entries(client, first_page(href=next_href(99)))
    for _ in range(100):
        next(entries)
    assert route.call_count == 0
    assert next(entries).id == "e00100" and route.call_count == 1


def test_async_pages_are_fetched_only_when_needed(api: respx.MockRouter) -> None:
    route = page_route(api, "e00099", respond(entries=range(100, 200)))
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)

    async def take(n: int) -> int:
        count = 0
        async for _ in aiter_lead_list_entries(client, first_page(href=next_href(99))):
            count += 1
            if count == n:
                break
        return route.call_count

    assert asyncio.run(take(100)) == 0
    assert asyncio.run(take(101)) == 1


def test_only_one_page_of_entries_is_alive_at_a_time() -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params["page[after]"][1:]) + 1
        more = next_href(start + 99) if start + 100 < 5_000 else None
        return respond(entries=range(start, start + 100), next_href=more)

    # httpx.MockTransport keeps no call history (respx does), so nothing but the client holds pages.
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})
    alive: list[weakref.ref[LeadListEntry]] = []
    most = count = 0
    for entry in iter_lead_list_entries(client, first_page(href=next_href(99))):
        alive.append(weakref.ref(entry))
        count += 1
        if count % 50 == 0:
            alive = [ref for ref in alive if ref() is not None]
            most = max(most, len(alive))
    assert count == 5_000
    assert most <= 200  # the page being read, plus the one before it at a page boundary
