"""`iter_lead_lists` / `find_lead_lists` (+ async): paging the listing with the entries' guarantees,
and finding a list after a create whose answer was lost."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import (
    AuthenticatedClient,
    CreateOutcomeUnknownError,
    InvalidRequestError,
    MalformedResponseError,
    PaginationLimitError,
    PaginationLoopError,
    UnsafeLinkError,
    create_lead_list,
    create_lead_list_async,
    find_lead_lists,
    find_lead_lists_async,
)
from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.polling_harness import BASE, CT, Runner, arrived
from contract_tests.sandbox_harness import create_body
from contract_tests.spec import ROOT


def summary(n: int, **fields: Any) -> dict[str, Any]:
    return {"id": f"ll{n:04d}", "object": "lead_list", "name": f"list {n}", **fields}


def listing(first: int, count: int, next_after: int | None = None, **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"lead_lists": [summary(n) for n in range(first, first + count)], **extra}
    if next_after is not None:
        body["_links"] = {"next": {"href": f"/lead-lists?page[size]={count}&page[after]=ll{next_after:04d}"}}
    return httpx.Response(200, json=body, headers=CT)


# -- against the sandbox over HTTP ----------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_sandbox(Settings(retry_after=0, rate_limit=10_000)) as url:
        yield url


def on_sandbox(base_url: str, key: str) -> AuthenticatedClient:
    """No kept-alive connections: the async runner starts a new event loop per call."""
    return AuthenticatedClient(
        base_url=base_url, token=key, httpx_args={"limits": httpx.Limits(max_keepalive_connections=0)}
    )


def seeded(base_url: str, key: str, count: int) -> list[str]:
    """Create `count` lists for `key` straight over HTTP; their ids, oldest first."""
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}) as http:
        return [http.post("/lead-lists", json=create_body(1, name=f"{key} {n}")).json()["id"] for n in range(count)]


def test_250_lists_page_by_100_newest_first(run: Runner, base_url: str) -> None:
    key = f"sandbox-listing-{run.mode}"
    created = seeded(base_url, key, 250)
    run.client = on_sandbox(base_url, key)
    assert [s.id for s in run.lead_lists(max_pages=1)] == created[::-1][:100]
    assert [s.id for s in run.lead_lists(max_pages=2)] == created[::-1][:200]
    every = run.lead_lists(page_size=100)
    assert [s.id for s in every] == created[::-1]
    assert run.lead_lists(after=created[50]) == every[200:]  # resuming after an id
    assert run.lead_lists(page_size=100, prefetch=1) == every, "read-ahead: the same lists, in the same order"
    assert [s.name for s in run.find(name=f"{key} 7")] == [f"{key} 7"]


def test_a_key_lists_only_its_own(run: Runner, base_url: str) -> None:
    mine, theirs = f"sandbox-mine-{run.mode}", f"sandbox-theirs-{run.mode}"
    created = seeded(base_url, mine, 3)
    run.client = on_sandbox(base_url, theirs)
    assert run.lead_lists() == [] and run.find(name=f"{mine} 0") == []
    run.client = on_sandbox(base_url, mine)
    assert [s.id for s in run.lead_lists()] == created[::-1]


class AnswerLost(httpx.HTTPTransport):
    """Sends a create to the server, then loses its answer: the list exists, the caller can't know."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method == "POST":
            response.read()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


class AsyncAnswerLost(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.method == "POST":
            await response.aread()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_create_whose_answer_was_lost_is_found_by_name_not_made_twice(base_url: str, mode: str) -> None:
    key = f"sandbox-lost-{mode}"
    seeded(base_url, key, 2)  # other lists, named differently
    body = create_body(2)  # no name: the client gives it a unique one
    if mode == "sync":
        client = AuthenticatedClient(base_url=base_url, token=key, httpx_args={"transport": AnswerLost()})
        with pytest.raises(CreateOutcomeUnknownError) as caught:
            create_lead_list(client, body)
        error, found = caught.value, find_lead_lists(client, name=caught.value.name)
    else:

        async def lost_then_found() -> tuple[CreateOutcomeUnknownError, list[Any]]:
            client = AuthenticatedClient(base_url=base_url, token=key, httpx_args={"transport": AsyncAnswerLost()})
            with pytest.raises(CreateOutcomeUnknownError) as caught:
                await create_lead_list_async(client, body)
            return caught.value, await find_lead_lists_async(client, name=caught.value.name)

        error, found = asyncio.run(lost_then_found())
    assert f"find_lead_lists(client, name={error.name!r})" in str(error)
    assert len(found) == 1 and found[0].name == error.name
    everything = httpx.get(f"{base_url}/lead-lists", headers={"Authorization": f"Bearer {key}"}).json()
    assert len(everything["lead_lists"]) == 3  # the two seeded and the one create: nothing twice
    assert everything["lead_lists"][0]["id"] == found[0].id


# -- against hostile or odd servers (respx) -------------------------------------------------------


def test_a_lost_create_found_among_similar_names(run: Runner, api: respx.MockRouter) -> None:
    made: list[dict[str, Any]] = []

    def create_then_time_out(request: httpx.Request) -> httpx.Response:
        made.append(summary(9, name=json.loads(request.content)["name"]))
        raise httpx.ReadTimeout("timed out", request=request)

    post = api.post("/lead-lists").mock(side_effect=create_then_time_out)
    api.get("/lead-lists").mock(
        side_effect=lambda request: httpx.Response(
            200,
            json={"lead_lists": [*made, summary(1, name=f"{made[0]['name']} (copy)"), summary(2, name=None)]},
            headers=CT,
        )
    )
    with pytest.raises(CreateOutcomeUnknownError) as caught:
        run.create(create_body(1, name="Q4 targets"))
    assert [s.id for s in run.find(name=caught.value.name)] == ["ll0009"]
    assert [s.id for s in run.find(name_contains="q4 TARGETS")] == ["ll0009", "ll0001"]
    assert post.call_count == 1


def test_query_only_next_continues_on_the_listing_and_fields_are_kept(run: Runner, api: respx.MockRouter) -> None:
    route = api.get("/lead-lists").mock(
        side_effect=[
            httpx.Response(
                200,
                json={
                    "lead_lists": [summary(0, labels=["a"]), {"id": "ll0001", "name": None}],
                    "_links": {"next": {"href": "?page[after]=ll0001"}},
                },
                headers=CT,
            ),
            listing(2, 1),
        ]
    )
    found = run.lead_lists()
    assert [s.id for s in found] == ["ll0000", "ll0001", "ll0002"]
    assert found[0]["labels"] == ["a"] and found[1].name is None
    assert route.calls[1].request.url.params["page[after]"] == "ll0001"


@pytest.mark.parametrize(
    ("second_page", "error"),
    [
        ({"lead_lists": {"id": "ll0002"}}, MalformedResponseError),
        ({"leads": []}, MalformedResponseError),
        ({"lead_lists": [{"name": "no id"}]}, MalformedResponseError),
        ({"lead_lists": [{"id": 7, "name": "x"}]}, MalformedResponseError),
        ({"lead_lists": [summary(2)], "_links": {"next": {"href": ""}}}, MalformedResponseError),
        (
            {"lead_lists": [summary(2)], "_links": {"next": {"href": "https://evil.example/lead-lists"}}},
            UnsafeLinkError,
        ),
        (
            {"lead_lists": [summary(2)], "_links": {"next": {"href": "/lead-lists?page[size]=2&page[after]=ll0001"}}},
            PaginationLoopError,
        ),
    ],
)
def test_hostile_pages_raise_typed_errors_that_say_where_to_resume(
    run: Runner, api: respx.MockRouter, second_page: dict[str, Any], error: type[Exception]
) -> None:
    api.get("/lead-lists").mock(side_effect=[listing(0, 2, next_after=1), httpx.Response(200, json=second_page)])
    with pytest.raises(error) as caught:
        run.lead_lists(page_size=2)
    resume = "ll0002" if error is not MalformedResponseError or "_links" in second_page else "ll0001"
    assert getattr(caught.value, "resume_after", None) == resume


@pytest.mark.parametrize(
    ("second_page", "found"),
    [({"leads": []}, "no `lead_lists`"), ({"lead_lists": {"id": "ll0002"}}, "`lead_lists` of type dict")],
    ids=["missing", "not a list"],
)
def test_a_listing_page_without_a_list_of_lead_lists_says_what_it_carried(
    run: Runner, api: respx.MockRouter, second_page: dict[str, Any], found: str
) -> None:
    api.get("/lead-lists").mock(side_effect=[listing(0, 2, next_after=1), httpx.Response(200, json=second_page)])
    with pytest.raises(MalformedResponseError) as caught:
        run.lead_lists(page_size=2)
    assert f"a page of lead lists must carry them in `lead_lists`, got {found}" in str(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_read_ahead_requests_the_next_listing_page_while_the_caller_holds_the_current_one(
    mode: str, api: respx.MockRouter
) -> None:
    """The caller, on a page's first list, waits for the next page's request to arrive: without
    read-ahead it would never come (and the check below would fail after 5 s)."""
    requested = threading.Event()

    def signalling(response: httpx.Response) -> Any:
        def answer(request: httpx.Request) -> httpx.Response:
            requested.set()
            return response

        return answer

    api.get("/lead-lists", params__eq={"page[size]": "10"}).mock(listing(0, 10, next_after=9))
    after = {"page[size]": "10", "page[after]": "ll0009"}
    api.get("/lead-lists", params__eq=after).mock(side_effect=signalling(listing(10, 10, next_after=19)))
    api.get("/lead-lists", params__eq={**after, "page[after]": "ll0019"}).mock(side_effect=signalling(listing(20, 5)))
    client = AuthenticatedClient(base_url=BASE, token="k-readahead")
    ids, early = [], []
    if mode == "sync":
        for summary_ in lead_lists.iter_lead_lists(client, page_size=10, prefetch=1):
            if summary_.id in ("ll0000", "ll0010"):
                early.append(requested.wait(5))
                requested.clear()
            ids.append(summary_.id)
    else:

        async def collect() -> None:
            async for summary_ in lead_lists.aiter_lead_lists(client, page_size=10, prefetch=1):
                if summary_.id in ("ll0000", "ll0010"):
                    early.append(await arrived(requested))
                ids.append(summary_.id)

        asyncio.run(collect())
    assert ids == [f"ll{n:04d}" for n in range(25)]
    assert early == [True, True]


def test_paging_stops_past_list_limit_and_bad_arguments_send_nothing(run: Runner, api: respx.MockRouter) -> None:
    route = api.get("/lead-lists").mock(side_effect=[listing(n * 2, 2, next_after=n * 2 + 1) for n in range(5)])
    with pytest.raises(PaginationLimitError, match="list_limit") as caught:
        run.lead_lists(page_size=2, list_limit=5)
    assert caught.value.resume_after == "ll0005" and route.call_count == 3
    for bad in ({"page_size": 0}, {"page_size": 101}, {"after": ""}, {"list_limit": 0}):
        with pytest.raises(InvalidRequestError):
            run.lead_lists(**bad)
    for bad in ({}, {"name": "a", "name_contains": "a"}, {"name": ""}):
        with pytest.raises(InvalidRequestError):
            run.find(**bad)
    assert route.call_count == 3


def test_the_readme_recovery_example_finds_the_lost_list(base_url: str) -> None:
    section = (ROOT / "README.md").read_text().split("## Finding your lead lists", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    key = "sandbox-readme-listing"
    client = AuthenticatedClient(base_url=base_url, token=key, httpx_args={"transport": AnswerLost()})
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example.group(1), "README.md", "exec"), {"client": client, "body": create_body(1)})
    listed = httpx.get(f"{base_url}/lead-lists", headers={"Authorization": f"Bearer {key}"}).json()["lead_lists"]
    assert len(listed) == 1  # found, not created again
    assert printed.getvalue().splitlines()[-1] == f"lead list {listed[0]['id']}"


def test_by_default_listing_stops_past_100000_lists(api: respx.MockRouter) -> None:
    """LIST_LIMIT lists and a `next`: one list more is read, then it stops (as entries stop past 60,000)."""
    served = [0]

    def serve(request: httpx.Request) -> httpx.Response:
        served[0] += 1
        first = 100 * (served[0] - 1)
        return listing(first, 100 if served[0] <= 1000 else 1, next_after=first + 99)

    api.get("/lead-lists").mock(side_effect=serve)
    client = AuthenticatedClient(base_url=BASE, token="sk-test-0123456789", rate_limiter=None)
    read = 0
    with pytest.raises(PaginationLimitError, match="list_limit") as caught:
        for _ in lead_lists.iter_lead_lists(client):
            read += 1
    assert lead_lists.LIST_LIMIT == 100_000
    assert read == 100_001 and served[0] == 1001
    assert caught.value.resume_after == "ll100000"
