"""Issue 12: details a caller reads off an error, and what closing an async read-ahead early leaves.

A connection that fails for no reason the client can name still says `could not connect`, one
refused says so even when only a chained cause tells; attempts are counted one by one; debug logging
names each exchange; a body over the cap says which cap (`limit`); an async iteration with
`prefetch=1` closed right after a page cancels the request sent ahead, which never goes out; the
listing of lead lists: find by exact name, a summary without a usable id, no read-ahead by default.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Generator
from contextlib import closing
from typing import Any, cast

import httpx
import pytest
import respx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import (
    AuthenticatedClient,
    MalformedResponseError,
    ResponseTooLargeError,
    TransportError,
)
from amplemarket_lead_lists.wire.failures import transport_reason
from contract_tests.polling_harness import BASE, CT, LL, TOKEN, Runner, respond

GET = f"/lead-lists/{LL}"


def test_a_connection_failing_for_no_known_reason_could_not_connect(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=httpx.ConnectError("something odd happened"))
    with pytest.raises(TransportError) as raised:
        run.pages(max_retries=0)
    assert raised.value.reason == "could not connect" and not raised.value.sent
    assert "could not connect (ConnectError)" in str(raised.value)


def test_a_body_over_the_cap_names_the_cap(run: Runner, api: respx.MockRouter) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=100)
    api.get(GET).mock(return_value=respond(entries=range(5)))
    with pytest.raises(ResponseTooLargeError) as raised:
        run.pages()
    assert raised.value.limit == 100 and raised.value.status_code == 200


def test_closing_an_async_read_ahead_right_after_a_page_cancels_the_request_sent_ahead(api: respx.MockRouter) -> None:
    first = respond(entries=range(2), next_href=f"/lead-lists/{LL}?page[size]=2&page[after]=e00001")
    route = api.get(GET).mock(side_effect=[first, respond(entries=range(2, 4))])
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)

    async def first_page_only() -> None:
        pages = lead_lists.aiter_lead_list_pages(client, LL, page_size=2, prefetch=1)
        await anext(pages)
        await pages.aclose()

    asyncio.run(first_page_only())
    assert route.call_count == 1


def test_a_connect_error_is_read_through_its_chained_causes() -> None:
    """httpx's ConnectError text may say nothing; the OS error chained under it (as httpcore chains it) does."""
    refused = httpx.ConnectError("all attempts failed")
    refused.__cause__ = ConnectionRefusedError(111, "no listener")
    assert transport_reason(refused) == "connection refused (nothing listens on that host and port)"


def connect_error_over(depth: int, cause: BaseException) -> httpx.ConnectError:
    """A ConnectError with `cause` `depth` links down its chain, under errors that say nothing."""
    error = httpx.ConnectError("all attempts failed")
    link: BaseException = error
    for _ in range(depth - 1):
        link.__cause__ = RuntimeError("wrapped")
        link = link.__cause__
    link.__cause__ = cause
    return error


def test_a_connect_errors_chain_is_read_ten_errors_deep_and_no_deeper() -> None:
    """The chain is read up to ten errors, the ConnectError included: a cause further down is not looked
    for, and a chain that loops on itself (`__context__` can) ends."""
    refused = "connection refused (nothing listens on that host and port)"
    assert transport_reason(connect_error_over(9, ConnectionRefusedError(111, "no listener"))) == refused
    assert transport_reason(connect_error_over(10, ConnectionRefusedError(111, "no listener"))) == "could not connect"
    looping = httpx.ConnectError("all attempts failed")
    looping.__context__ = RuntimeError("wrapped")
    looping.__context__.__context__ = looping
    assert transport_reason(looping) == "could not connect"


def test_a_request_that_could_not_be_formed_never_shows_its_cause_even_when_raised_handling_it() -> None:
    """httpx's LocalProtocolError quotes the offending header (the key, maybe): a TransportError built
    while handling one neither chains it nor shows it as the exception it arose from."""
    cause = httpx.LocalProtocolError(f"Illegal header value b'Bearer {TOKEN}\\n'")
    try:
        try:
            raise cause
        except httpx.LocalProtocolError as handled:
            raise TransportError("GET", f"{BASE}{GET}", 1, handled)  # noqa: B904 - the implicit context is the point
    except TransportError as raised:
        error = raised
    assert error.__cause__ is None and error.sent is False
    shown = "".join(traceback.format_exception(error))
    assert TOKEN not in shown and "Illegal header" not in shown
    assert "the request could not be formed" in shown


def test_a_malformed_responses_problem_is_cut_to_500_characters(run: Runner, api: respx.MockRouter) -> None:
    """What a server sent may be quoted whole in the problem (here a 2,000-character id): the message
    keeps 500 characters of it, the last an ellipsis."""
    api.get(GET).mock(return_value=respond(lead_list_id="x" * 2000))
    with pytest.raises(MalformedResponseError) as caught:
        run.wait()
    prefix = f"HTTP 200 from GET {GET}: the answer is lead list 'xxx"
    message = str(caught.value)
    assert message.startswith(prefix) and message.endswith("x…")
    assert len(message) == len(f"HTTP 200 from GET {GET}: ") + 500


@pytest.mark.parametrize(
    ("leads", "found"), [(None, "no `leads`"), ("all of them", "`leads` of type str")], ids=["missing", "not a list"]
)
def test_a_completed_list_without_a_list_of_entries_says_what_it_carried(
    run: Runner, api: respx.MockRouter, leads: str | None, found: str
) -> None:
    answer = {"id": LL, "object": "lead_list", "status": "completed", "type": "linkedin"}
    if leads is not None:
        answer["leads"] = leads
    api.get(GET).mock(return_value=httpx.Response(200, headers=CT, json=answer))
    with pytest.raises(MalformedResponseError) as caught:
        run.wait()
    assert f"a completed lead list must carry its entries in `leads`, got {found}" in str(caught.value)


def test_every_attempt_is_counted(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(TransportError) as raised:
        run.pages(max_retries=2)
    assert raised.value.attempts == 3 and "failed after 3 attempt(s)" in str(raised.value)


def test_debug_logging_names_each_exchange(
    run: Runner, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get(GET).mock(return_value=respond())
    with caplog.at_level(logging.DEBUG, logger="amplemarket_lead_lists"):
        run.pages()
    assert f"GET /lead-lists/{LL} -> 200" in caplog.messages


def listing(*summaries: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, headers=CT, json={"lead_lists": list(summaries)})


def test_find_by_name_returns_only_that_name(run: Runner, api: respx.MockRouter) -> None:
    api.get("/lead-lists").mock(
        return_value=listing({"id": "ll1", "name": "Q4 targets"}, {"id": "ll2", "name": "Q4 targets (copy)"})
    )
    assert [found.id for found in run.find(name="Q4 targets")] == ["ll1"]


@pytest.mark.parametrize("summary", [{"id": "", "name": "x"}, {"id": 7, "name": "x"}, "ll3"])
def test_a_listed_lead_list_without_a_usable_id_is_malformed(run: Runner, api: respx.MockRouter, summary: Any) -> None:
    api.get("/lead-lists").mock(return_value=listing({"id": "ll1", "name": "a"}, summary))
    with pytest.raises(MalformedResponseError, match=r"`lead_lists\[1\]` is not a lead list with a usable `id`"):
        run.lead_lists()


def test_listing_reads_no_page_ahead_by_default(run: Runner, api: respx.MockRouter) -> None:
    """A caller that stops after the first lead list has asked for the first page only."""
    first = listing({"id": "ll1", "name": "a"}).json() | {"_links": {"next": {"href": "/lead-lists?page[after]=ll1"}}}
    route = api.get("/lead-lists").mock(
        side_effect=[httpx.Response(200, headers=CT, json=first), listing({"id": "ll2", "name": "b"})]
    )
    if run.mode == "sync":
        with closing(cast(Generator[Any, None, None], lead_lists.iter_lead_lists(run.client))) as summaries:
            next(summaries)
    else:

        async def first_only() -> None:
            summaries = lead_lists.aiter_lead_lists(run.client)
            await anext(summaries)
            await asyncio.sleep(0.05)  # time for a request sent ahead to go out
            await summaries.aclose()

        asyncio.run(first_only())
    assert route.call_count == 1
