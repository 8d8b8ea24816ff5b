"""Issue 12: details a caller reads off an error, and what closing an async read-ahead early leaves.

A connection that fails for no reason the client can name still says `could not connect`; a body
over the cap says which cap (`limit`); an async iteration with `prefetch=1` closed right after a
page cancels the request sent ahead, which never goes out.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
import respx

from amplemarket_lead_lists import AuthenticatedClient, polling
from amplemarket_lead_lists.polling import ResponseTooLargeError, TransportError
from contract_tests.polling_harness import BASE, LL, TOKEN, Runner, respond

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
        pages = polling.aiter_lead_list_pages(client, LL, page_size=2, prefetch=1)
        await anext(pages)
        await pages.aclose()

    asyncio.run(first_page_only())
    assert route.call_count == 1
