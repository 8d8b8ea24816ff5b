"""Issue 25: hostile servers and callers, round two. One section per item of the issue.

Against real sockets (`hostile_servers.routed`): what reaches the server is read off the wire, request
line and all, so a path httpx rewrote or a connection reused across processes shows as it would in
production. Each test runs through the sync and the async API where both exist.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import AuthenticatedClient, InvalidRequestError, LeadListError, MalformedResponseError
from amplemarket_lead_lists.operations.ids import segment_problem
from contract_tests import fork_workers
from contract_tests.hostile_servers import Answer, Seen, json_answer, routed, serving
from contract_tests.polling_harness import LL, TOKEN, body
from contract_tests.sandbox_harness import create_body

MODES = ["sync", "async"]


@contextmanager
def server(answer_for: Callable[[Seen], Answer]) -> Iterator[tuple[AuthenticatedClient, list[Seen]]]:
    """A client for a real server on 127.0.0.1 answering with `answer_for`, and the requests it saw."""
    seen: list[Seen] = []
    with serving(routed(answer_for, seen)) as running:
        client = AuthenticatedClient(base_url=running.url, token=TOKEN, rate_limiter=None)
        with client:  # its sockets closed when the test ends, not left to a later test's gc.collect()
            yield client, seen


def call(mode: str, operation: str, client: AuthenticatedClient, lead_list: Any, **kwargs: Any) -> Any:
    """Run one public operation on `lead_list` through the sync or the async API (iterations collected)."""
    quick: dict[str, Any] = {"max_retries": 0} if operation != "entries" else {}
    arguments: dict[str, Any] = {
        "wait": {"timeout": 5.0},
        "entries": {},
        "add": {"leads": create_body(2)["leads"]},
        "continue_upload": {"body": create_body(3), "start": 1},
    }[operation]
    names = {
        "wait": ("wait_for_lead_list", "wait_for_lead_list_async"),
        "entries": ("iter_lead_list_entries", "aiter_lead_list_entries"),
        "add": ("add_leads", "add_leads_async"),
        "continue_upload": ("continue_upload", "continue_upload_async"),
    }[operation]
    function = getattr(lead_lists, names[mode == "async"])
    if mode == "sync":
        result = function(client, lead_list, **arguments, **quick, **kwargs)
        return list(result) if operation == "entries" else result

    async def run() -> Any:
        if operation == "entries":
            return [item async for item in function(client, lead_list, **kwargs)]
        return await function(client, lead_list, **arguments, **quick, **kwargs)

    return asyncio.run(run())


def completed(lead_list_id: str = LL, entries: range = range(3), next_href: str | None = None) -> dict[str, Any]:
    return body(entries=entries, lead_list_id=lead_list_id, next_href=next_href)


def pending(lead_list_id: str = LL) -> dict[str, Any]:
    return body(status="queued", lead_list_id=lead_list_id)


# 1. Ids stay in their path segment ------------------------------------------------------------------

OPERATIONS = ["wait", "entries", "add", "continue_upload"]
ESCAPING_IDS = {
    "dot": ".",
    "dot-dot": "..",
    "slash": "a/b",
    "leading-slash": "/",
    "dot-dot-slash": "../leads",
    "backslash": "..\\x",
    "nul": "a\x00b",
    "newline": "a\nb",
    "tab": "a\tb",
    "delete": "a\x7fb",
}


@pytest.mark.parametrize("bad", ESCAPING_IDS.values(), ids=ESCAPING_IDS.keys())
@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("mode", MODES)
def test_an_id_that_would_leave_its_path_segment_is_refused_before_anything_is_sent(
    mode: str, operation: str, bad: str
) -> None:
    with (
        server(lambda request: json_answer(completed())) as (client, seen),
        pytest.raises(InvalidRequestError) as caught,
    ):
        call(mode, operation, client, bad)
    assert seen == []
    assert [problem.parameter for problem in caught.value.problems] == ["id"]
    assert bad not in str(caught.value) or bad in (".", "..")


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_lead_list_whose_id_would_leave_its_path_is_refused_too(operation: str) -> None:
    given = lead_lists.models.LeadList.from_dict(completed(".."))
    with server(lambda request: json_answer(completed())) as (client, seen), pytest.raises(InvalidRequestError):
        call("sync", operation, client, given)
    assert seen == []


ODD_IDS = {"space": ("a b", "a%20b"), "query": ("a?b", "a%3Fb"), "hash": ("a#b", "a%23b"),
           "percent": ("%2e%2e", "%252e%252e"), "dots": ("...", "..."), "unicode": ("é", "%C3%A9"),
           "semicolon": ("a;b", "a%3Bb")}  # fmt: skip


@pytest.mark.parametrize(("odd", "encoded"), ODD_IDS.values(), ids=ODD_IDS.keys())
@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("mode", MODES)
def test_any_other_id_is_sent_percent_encoded_in_its_segment(mode: str, operation: str, odd: str, encoded: str) -> None:
    with server(lambda request: json_answer(completed(odd), status=200 if request.method == "GET" else 202)) as (
        client,
        seen,
    ):
        call(mode, operation, client, odd)
    assert seen, "a request was sent"
    paths = {request.target.partition("?")[0].removesuffix("/leads") for request in seen}
    assert paths == {f"/lead-lists/{encoded}"}


@pytest.mark.parametrize("mode", MODES)
def test_an_upload_whose_create_answers_an_id_outside_its_segment_adds_nothing(mode: str) -> None:
    def answer_for(request: Seen) -> Answer:
        return json_answer(pending(".."), status=202)

    with server(answer_for) as (client, seen):
        upload = lead_lists.upload_lead_list if mode == "sync" else lead_lists.upload_lead_list_async
        with pytest.raises(MalformedResponseError) as caught:
            result = upload(client, create_body(3), chunk_size=1, max_retries=0)
            if mode == "async":
                asyncio.run(result)  # type: ignore[arg-type]
    assert [(request.method, request.target) for request in seen] == [("POST", "/lead-lists")]
    assert isinstance(caught.value, LeadListError) and "dot segment" in str(caught.value)


# 2. Every answer that names a lead list is about the list asked for ---------------------------------


def about_another_list(after_requests: int, polled: bool = False) -> Callable[[Seen], Answer]:
    """Answer list LL's first `after_requests` requests as LL (queued when `polled`, else a page of 3
    entries linking to the next), then as list OTHER (completed)."""
    count = {"requests": 0}

    def answer_for(request: Seen) -> Answer:
        count["requests"] += 1
        n = count["requests"]
        lead_list_id = LL if n <= after_requests else "OTHER"
        if polled and n <= after_requests:
            return json_answer(pending(lead_list_id), headers={"Retry-After": "0"})
        entries = range(3 * (n - 1), 3 * n)
        return json_answer(
            completed(lead_list_id, entries, f"/lead-lists/{LL}?page[size]=100&page[after]=e{3 * n - 1:05d}")
        )

    return answer_for


@pytest.mark.parametrize("mode", MODES)
def test_a_poll_answered_with_another_list_is_malformed(mode: str) -> None:
    with (
        server(about_another_list(after_requests=1, polled=True)) as (client, seen),
        pytest.raises(MalformedResponseError, match="OTHER") as caught,
    ):
        call(mode, "wait", client, LL, min_interval=0.0)
    assert len(seen) == 2
    assert LL in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_first_page_answered_with_another_list_is_malformed_with_the_given_cursor(mode: str) -> None:
    with (
        server(about_another_list(after_requests=0)) as (client, _),
        pytest.raises(MalformedResponseError, match="OTHER") as caught,
    ):
        call(mode, "entries", client, LL, after="e00042", max_pages=5)
    assert caught.value.resume_after == "e00042"


@pytest.mark.parametrize("prefetch", [0, 1])
@pytest.mark.parametrize("mode", MODES)
def test_a_later_page_about_another_list_stops_paging_with_the_cursor_to_resume(mode: str, prefetch: int) -> None:
    delivered: list[str] = []
    with server(about_another_list(after_requests=2)) as (client, seen):
        iterate = lead_lists.iter_lead_list_entries if mode == "sync" else lead_lists.aiter_lead_list_entries
        with pytest.raises(MalformedResponseError, match="OTHER") as caught:
            if mode == "sync":
                delivered.extend(entry.id for entry in iterate(client, LL, prefetch=prefetch, max_pages=5))  # type: ignore[union-attr]
            else:

                async def collect() -> None:
                    async for entry in iterate(client, LL, prefetch=prefetch, max_pages=5):  # type: ignore[union-attr]
                        delivered.append(entry.id)

                asyncio.run(collect())
    assert delivered == ["e00000", "e00001", "e00002", "e00003", "e00004", "e00005"]
    assert caught.value.resume_after == "e00005"
    assert len(seen) == 3


# 3. Entries already delivered are never delivered again within one iteration ------------------------


def pages_of(*pages: list[int]) -> Callable[[Seen], Answer]:
    """Page n of list LL holds the entries `pages[n]`, each page linking to the next by a fresh href."""
    count = {"requests": 0}

    def answer_for(request: Seen) -> Answer:
        n = count["requests"]
        count["requests"] += 1
        more = n + 1 < len(pages)
        href = f"/lead-lists/{LL}?page[size]=100&page[after]=p{n}" if more else None
        page = completed(LL, range(0), href)
        page["leads"] = [entry_json(k) for k in pages[n]]
        return json_answer(page)

    return answer_for


def entry_json(n: int) -> dict[str, Any]:
    return body(entries=range(n, n + 1))["leads"][0]  # type: ignore[no-any-return]


def entries_until_error(mode: str, client: AuthenticatedClient, prefetch: int = 0) -> tuple[list[str], LeadListError]:
    delivered: list[str] = []
    with pytest.raises(LeadListError) as caught:
        if mode == "sync":
            delivered.extend(entry.id for entry in lead_lists.iter_lead_list_entries(client, LL, prefetch=prefetch))
        else:

            async def collect() -> None:
                async for entry in lead_lists.aiter_lead_list_entries(client, LL, prefetch=prefetch):
                    delivered.append(entry.id)

            asyncio.run(collect())
    return delivered, caught.value


@pytest.mark.parametrize("prefetch", [0, 1])
@pytest.mark.parametrize("mode", MODES)
def test_entries_repeated_two_pages_later_are_not_delivered_twice(mode: str, prefetch: int) -> None:
    with server(pages_of([0, 1], [2, 3], [0, 1], [4, 5])) as (client, seen):
        delivered, error = entries_until_error(mode, client, prefetch)
    assert delivered == ["e00000", "e00001", "e00002", "e00003"]
    assert isinstance(error, lead_lists.PaginationLoopError) and isinstance(error, MalformedResponseError)
    assert error.resume_after == "e00003"
    assert "'e00000'" in str(error) and len(seen) == 3
    assert isinstance(error, lead_lists.RepeatedItemError) and error.href.endswith(seen[-1].target)  # the page at fault
    assert error.status_code == 200 and str(error).startswith(
        f"HTTP 200 from GET /lead-lists/{LL}: entry 1 of this page of lead list {LL} was already delivered"
    )


@pytest.mark.parametrize("mode", MODES)
def test_an_entry_from_the_first_of_many_pages_is_caught_on_the_last(mode: str) -> None:
    pages = [list(range(100 * n, 100 * n + 100)) for n in range(60)] + [[7]]
    with server(pages_of(*pages)) as (client, _):
        delivered, error = entries_until_error(mode, client)
    assert len(delivered) == 6000 and len(set(delivered)) == 6000
    assert isinstance(error, lead_lists.RepeatedItemError) and error.resume_after == "e05999"


def test_the_ids_remembered_are_bounded_and_their_memory_flat() -> None:
    """60,000 ids held as a set of hashes (a bounded few MB: README's Benchmarks), not one byte more for
    the next 10,000; past the bound the page delivered last is still compared."""
    import tracemalloc

    from amplemarket_lead_lists.operations.delivered import REMEMBERED_IDS, DeliveredIds

    assert REMEMBERED_IDS == 60_000
    pages = [[hash(f"e{n:05d}") for n in range(start, start + 100)] for start in range(0, 70_000, 100)]
    tracemalloc.start()
    delivered = DeliveredIds()
    for number, page in enumerate(pages, start=1):
        assert delivered.first_repeat(page) is None
        delivered.add(page)
        if number == REMEMBERED_IDS // 100:
            at_the_bound = tracemalloc.get_traced_memory()[0]
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(delivered) == REMEMBERED_IDS
    assert held < 5_000_000 and peak < 6_000_000, (held, peak)
    assert held - at_the_bound < 50_000, (at_the_bound, held)  # 10,000 ids more: flat
    assert delivered.first_repeat([hash("e00000")]) == 0  # the first page, 700 pages back
    assert delivered.first_repeat([hash("e69950")]) == 0  # past the bound, but on the page delivered last
    assert delivered.first_repeat([hash("e65000")]) is None  # past the bound and not last: forgotten


# 4. Userinfo in any followed link is refused before any request ------------------------------------


def linking_to(href_for: Callable[[str], str], status: int = 200) -> Callable[[Seen], Answer]:
    """The first page links (or, with a 3xx `status`, redirects) to `href_for(the server's host:port)`."""

    def answer_for(request: Seen) -> Answer:
        href = href_for(request.headers["host"])
        if status != 200:
            return status, {"Location": href}, b""
        return json_answer(completed(LL, range(3), href))

    return answer_for


USERINFO_HREFS = {
    "absolute": lambda host: f"http://user:pw-from-server@{host}/lead-lists/{LL}?page[after]=e00002",
    "scheme-relative": lambda host: f"//user:pw-from-server@{host}/lead-lists/{LL}?page[after]=e00002",
    "user-only": lambda host: f"http://someone@{host}/lead-lists/{LL}?page[after]=e00002",
}


@pytest.mark.parametrize("href_for", USERINFO_HREFS.values(), ids=USERINFO_HREFS.keys())
@pytest.mark.parametrize("mode", MODES)
def test_a_next_link_with_userinfo_is_refused_before_it_is_followed(mode: str, href_for: Callable[[str], str]) -> None:
    with server(linking_to(href_for)) as (client, seen):
        delivered, error = entries_until_error(mode, client)
    assert isinstance(error, lead_lists.UnsafeLinkError) and error.resume_after == "e00002"
    assert delivered == ["e00000", "e00001", "e00002"] and len(seen) == 1
    assert "pw-from-server" not in str(error) and "someone" not in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_to_userinfo_on_the_same_origin_is_refused_before_it_is_sent(mode: str) -> None:
    seen: list[Seen] = []
    with serving(routed(linking_to(USERINFO_HREFS["absolute"], status=302), seen)) as running:
        client = AuthenticatedClient(base_url=running.url, token=TOKEN, follow_redirects=True, rate_limiter=None)
        with pytest.raises(lead_lists.UnsafeLinkError) as caught:
            call(mode, "wait", client, LL)
    assert len(seen) == 1 and not any("basic" in r.headers.get("authorization", "").lower() for r in seen)
    assert "pw-from-server" not in str(caught.value) and TOKEN not in str(caught.value)


# 5. Fork and event-loop safety ----------------------------------------------------------------------


def answering_the_list_asked_for(request: Seen) -> Answer:
    """A completed lead list whose id is the one in the path, a little later (so that workers overlap)."""
    time.sleep(0.05)
    lead_list_id = request.target.partition("?")[0].rsplit("/", 1)[-1]
    return json_answer(completed(lead_list_id))


def test_a_client_used_before_fork_never_shares_its_connection_with_the_children() -> None:
    ids = [f"list-{n}" for n in range(8)]
    with server(answering_the_list_asked_for) as (client, seen):
        assert lead_lists.wait_for_lead_list(client, "parent").id == "parent"  # a keep-alive connection, open
        fork_workers.SHARED["client"] = client
        with multiprocessing.get_context("fork").Pool(4) as pool:
            answers = pool.map(fork_workers.wait_with_the_parents_client, ids)
        assert lead_lists.wait_for_lead_list(client, "parent-again").id == "parent-again"
    parent_connection = seen[0].connection
    assert [answered for _, answered in answers] == ids
    assert len({pid for pid, _ in answers} - {os.getpid()}) >= 2
    on_the_parents = [r.target for r in seen if r.connection == parent_connection]
    assert all("parent" in target for target in on_the_parents), on_the_parents


def test_workers_started_by_a_forkserver_each_get_their_own_answers() -> None:
    ids = [f"list-{n}" for n in range(8)]
    with server(answering_the_list_asked_for) as (client, _):
        base_url = str(client.get_httpx_client().base_url)
        with multiprocessing.get_context("forkserver").Pool(4) as pool:
            answers = pool.map(fork_workers.wait_with_a_client_for, [(base_url, TOKEN, i) for i in ids])
    assert [answered for _, answered in answers] == ids


def test_one_client_serves_several_asyncio_runs_in_turn() -> None:
    with server(answering_the_list_asked_for) as (client, seen):
        answered = [
            asyncio.run(lead_lists.wait_for_lead_list_async(client, f"run-{n}", timeout=5.0)).id for n in range(3)
        ]
        assert lead_lists.wait_for_lead_list(client, "sync").id == "sync"  # the sync client is not disturbed
    assert answered == ["run-0", "run-1", "run-2"]
    assert len({r.connection for r in seen[:3]}) == 3  # a loop's connections die with it: each run opens its own


def test_async_with_the_client_twice_in_turn() -> None:
    async def once(n: int) -> str:
        async with client:
            return (await lead_lists.wait_for_lead_list_async(client, f"with-{n}", timeout=5.0)).id

    with server(answering_the_list_asked_for) as (client, _):
        assert [asyncio.run(once(n)) for n in range(2)] == ["with-0", "with-1"]


# 6. `break` out of a sync prefetch=1 loop cancels the read-ahead ------------------------------------


HELD_FOR = 5.0
"""Seconds the server would take to answer the page read ahead (it never does: it holds the request)."""


def test_break_out_of_a_sync_read_ahead_cancels_the_request_and_returns_at_once() -> None:
    left = threading.Event()

    def answer_for(request: Seen) -> Answer:
        if "page[after]" in request.target:
            return None  # held: the client's read-ahead waits on it
        return json_answer(completed(LL, range(3), f"/lead-lists/{LL}?page[size]=100&page[after]=e00002"))

    seen: list[Seen] = []
    with serving(routed(answer_for, seen, left)) as running:
        client = AuthenticatedClient(
            base_url=running.url, token=TOKEN, rate_limiter=None, timeout=httpx.Timeout(HELD_FOR)
        )
        entries = lead_lists.iter_lead_list_entries(client, LL, prefetch=1)
        first = next(entries)
        for _ in range(200):  # the read-ahead is on the wire before the caller stops
            if len(seen) == 2:
                break
            time.sleep(0.01)
        started = time.monotonic()
        entries.close()  # type: ignore[attr-defined]  # what `break` does to the generator it left
        closed_in = time.monotonic() - started
        assert left.wait(HELD_FOR), "the server saw the connection of the read-ahead closed"
    assert first.id == "e00000" and len(seen) == 2
    assert closed_in < 1.0, closed_in  # generous; before: the 5 s the server holds the answer


# 8. `page_size` is honoured whatever the second argument is -----------------------------------------


def paged_by_size(total: int) -> Callable[[Seen], Answer]:
    """List LL of `total` entries, paged as asked (`page[size]`, `page[after]` = e<n>)."""

    def answer_for(request: Seen) -> Answer:
        query = dict(part.split("=", 1) for part in request.target.partition("?")[2].split("&") if "=" in part)
        size = int(query.get("page%5Bsize%5D", query.get("page[size]", "100")))
        after = query.get("page%5Bafter%5D", query.get("page[after]"))
        start = 0 if after is None else int(after[1:]) + 1
        stop = min(start + size, total)
        href = f"/lead-lists/{LL}?page[size]={size}&page[after]=e{stop - 1:05d}" if stop < total else None
        return json_answer(completed(LL, range(start, stop), href))

    return answer_for


@pytest.mark.parametrize("mode", MODES)
def test_page_size_is_honoured_when_a_lead_list_is_passed(mode: str) -> None:
    with server(paged_by_size(20)) as (client, seen):
        waited = lead_lists.wait_for_lead_list(client, LL)  # its first page: 20 entries
        assert len(waited.leads or []) == 20
        if mode == "sync":
            pages = list(lead_lists.iter_lead_list_pages(client, waited, page_size=7))
        else:

            async def collect() -> list[lead_lists.models.LeadList]:
                return [page async for page in lead_lists.aiter_lead_list_pages(client, waited, page_size=7)]

            pages = asyncio.run(collect())
    assert [len(page.leads or []) for page in pages] == [7, 7, 6]
    assert all("size%5D=7" in r.target or "size]=7" in r.target for r in seen[1:]), [r.target for r in seen]


def test_without_page_size_a_lead_lists_own_entries_are_used() -> None:
    with server(paged_by_size(20)) as (client, seen):
        waited = lead_lists.wait_for_lead_list(client, LL)
        entries = list(lead_lists.iter_lead_list_entries(client, waited))
    assert len(entries) == 20 and len(seen) == 1


def test_an_id_of_1000_characters_is_one_segment_and_one_character_more_is_refused() -> None:
    """1,000: far above any id the vendor issues (UUIDs), far below what a URL can hold."""
    assert segment_problem("a" * 1000) is None
    assert segment_problem("a" * 1001) == "longer than 1000 characters"
