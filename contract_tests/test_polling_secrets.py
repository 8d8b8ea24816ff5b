"""Rule 8 of `polling`: the client's own httpx settings apply, and the API key never leaks."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    LeadListError,
    create_lead_list,
    iter_lead_list_entries,
    wait_for_lead_list,
    wait_for_lead_list_async,
)
from amplemarket_lead_lists.models import LeadList
from contract_tests.polling_harness import LL, TOKEN, FakeTime, Runner, body, error, next_href, respond


def test_requests_use_the_clients_base_url_headers_and_transport() -> None:
    seen: list[httpx.Request] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "page[after]" in request.url.params:
            return respond(entries=range(100, 101))
        return respond(entries=range(100), next_href=next_href(99))

    client = AuthenticatedClient(
        base_url="https://proxy.internal/amplemarket",
        token=TOKEN,
        headers={"X-Team": "growth"},
        httpx_args={"transport": httpx.MockTransport(serve)},
    )
    lead_list = wait_for_lead_list(client, LL, sleep=FakeTime().sleep)
    entries = list(iter_lead_list_entries(client, lead_list))
    assert len(entries) == 101
    assert [str(r.url.copy_with(query=None)) for r in seen] == [
        "https://proxy.internal/amplemarket/lead-lists/ll_1"
    ] * 2
    assert all(r.headers["X-Team"] == "growth" and r.headers["Authorization"] == f"Bearer {TOKEN}" for r in seen)
    assert seen[1].url.params["page[after]"] == "e00099"


def test_async_requests_use_the_async_client_settings() -> None:
    seen: list[httpx.Request] = []

    async def serve(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return respond()

    client = AuthenticatedClient(base_url="https://api.example", token=TOKEN, headers={"X-Team": "growth"})
    client.set_async_httpx_client(
        httpx.AsyncClient(
            base_url="https://api.example", headers={"X-Team": "async"}, transport=httpx.MockTransport(serve)
        )
    )
    asyncio.run(wait_for_lead_list_async(client, LL, sleep=FakeTime().async_sleep))
    assert seen[0].headers["X-Team"] == "async"


def test_the_key_is_in_no_message_repr_or_log(
    run: Runner, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    route = api.get(f"/lead-lists/{LL}")
    failures: list[BaseException] = []
    scenarios: list[list[httpx.Response | Exception]] = [
        [error(401, "unauthorized", header="Authorization")],
        [
            error(429, "rate_limited", retry_after="2"),
            httpx.ConnectError("refused"),
            respond("processing", retry_after="1"),
            respond("weird"),
        ],
        [error(500)] * 6,
        [httpx.ConnectError(f"refused Bearer {TOKEN}")] * 6,
    ]
    for responses in scenarios:
        route.mock(side_effect=responses)
        with pytest.raises(LeadListError) as caught:
            run.wait()
        failures.append(caught.value)
    with pytest.raises(LeadListError) as unsafe:
        run.entries(LeadList.from_dict(body(next_href=f"https://{TOKEN}@evil.example/x")))
    failures.append(unsafe.value)
    for failure in failures:
        assert TOKEN not in str(failure) and TOKEN not in repr(failure)
        assert TOKEN not in repr(failure.args)
    assert caplog.records, "retries are logged"
    assert TOKEN not in caplog.text
    assert TOKEN not in repr(run.client)


def test_invalid_body_errors_do_not_echo_the_request(api: respx.MockRouter) -> None:
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token=TOKEN)
    with pytest.raises(LeadListError) as caught:
        create_lead_list(client, {"owner": TOKEN, "shared": True, "type": "email", "leads": [{}]})
    assert "/leads/0" in str(caught.value)
