"""The generated client and `polling` against the sandbox over real HTTP (uvicorn on a free port)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from amplemarket_lead_lists import (
    AuthenticatedClient,
    PollEvent,
    aiter_lead_list_entries,
    create_lead_list,
    create_lead_list_async,
    iter_lead_list_entries,
    wait_for_lead_list,
    wait_for_lead_list_async,
)
from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.sandbox_harness import create_body

FAST = Settings(retry_after=0, queue_seconds=0.2, processing_seconds=0.3, seconds_per_lead=0.001)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_sandbox(FAST) as url:
        yield url


def test_create_wait_and_page_250_leads(base_url: str) -> None:
    client = AuthenticatedClient(base_url=base_url, token="sandbox-e2e-sync")
    events: list[PollEvent] = []
    with client:
        lead_list = create_lead_list(client, create_body(count=250))
        done = wait_for_lead_list(client, lead_list, timeout=30, min_interval=0.05, on_poll=events.append)
        entries = list(iter_lead_list_entries(client, done))
    assert done.status == "completed"
    assert [e.lead_list.status for e in events][:1] in (["queued"], ["processing"])
    assert events[-1].next_delay is None
    assert len(entries) == 250 and len({e.id for e in entries}) == 250
    assert {e.linkedin_url for e in entries} == {lead["linkedin_url"] for lead in create_body(count=250)["leads"]}


def test_the_async_api_does_the_same(base_url: str) -> None:
    async def run() -> list[str]:
        client = AuthenticatedClient(base_url=base_url, token="sandbox-e2e-async")
        async with client:
            lead_list = await create_lead_list_async(client, create_body(count=250))
            done = await wait_for_lead_list_async(client, lead_list, timeout=30, min_interval=0.05)
            return [entry.id async for entry in aiter_lead_list_entries(client, done, page_size=40)]

    ids = asyncio.run(run())
    assert len(ids) == 250 and len(set(ids)) == 250
