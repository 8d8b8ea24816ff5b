"""Calling `add_leads` and the upload functions, sync or async: with the Runner's fake time against
respx, or in real time against a sandbox over HTTP."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.models import LeadList, LeadListEntry
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.polling_harness import Runner


def call(run: Runner, sync_fn: Callable[..., Any], async_fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    clock = run.time.clock
    if run.mode == "sync":
        return sync_fn(run.client, *args, sleep=run.time.sleep, clock=clock, **kwargs)
    return asyncio.run(async_fn(run.client, *args, sleep=run.time.async_sleep, clock=clock, **kwargs))


def add(run: Runner, lead_list: LeadList | str, leads: Any, **kwargs: Any) -> LeadList:
    added: LeadList = call(run, lead_lists.add_leads, lead_lists.add_leads_async, lead_list, leads, **kwargs)
    return added


def upload(run: Runner, body: Any, **kwargs: Any) -> LeadList:
    uploaded: LeadList = call(run, lead_lists.upload_lead_list, lead_lists.upload_lead_list_async, body, **kwargs)
    return uploaded


def resume(run: Runner, lead_list: LeadList | str, body: Any, **kwargs: Any) -> LeadList:
    resumed: LeadList = call(
        run, lead_lists.continue_upload, lead_lists.continue_upload_async, lead_list, body, **kwargs
    )
    return resumed


def linkedin_leads(count: int, prefix: str = "person") -> list[dict[str, str]]:
    return [{"linkedin_url": f"https://www.linkedin.com/in/{prefix}-{n}"} for n in range(count)]


LIVE = Settings(retry_after=0, queue_seconds=0.05, processing_seconds=0.05, seconds_per_lead=1e-6, rate_limit=10**6)
"""A sandbox that processes 60,000 leads in a fraction of a second and never rate-limits paging."""


@dataclass
class Live:
    """Calls the sync or the async function against a sandbox over HTTP, in real time, as `key`.

    Each async call runs in its own event loop with its own client (an httpx.AsyncClient belongs to
    the loop it was first used in).
    """

    mode: str
    base_url: str
    key: str = field(default_factory=lambda: f"sandbox-{uuid.uuid4().hex}")
    sent: list[str] = field(default_factory=list)
    """Every request sent through `client()`, as `METHOD /path`."""

    def client(self) -> AuthenticatedClient:
        def record(request: httpx.Request) -> None:
            self.sent.append(f"{request.method} {request.url.path}")

        async def arecord(request: httpx.Request) -> None:
            record(request)

        hooks = {"request": [record if self.mode == "sync" else arecord]}
        return AuthenticatedClient(  # LIVE allows a million requests a minute: the client's pacing stays out of the way
            base_url=self.base_url, token=self.key, rate_limiter=None, httpx_args={"event_hooks": hooks}
        )

    def __call__(self, sync_fn: Callable[..., Any], async_fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self.mode == "sync":
            with self.client() as client:
                return sync_fn(client, *args, **kwargs)

        async def run() -> Any:
            async with self.client() as client:
                return await async_fn(client, *args, **kwargs)

        return asyncio.run(run())

    def wait(self, lead_list: LeadList | str) -> LeadList:
        done: LeadList = self(
            lead_lists.wait_for_lead_list, lead_lists.wait_for_lead_list_async, lead_list, timeout=60, min_interval=0.02
        )
        return done

    def entries(self, lead_list: LeadList | str) -> list[LeadListEntry]:
        """Every entry of the lead list, once it is completed."""
        done = self.wait(lead_list)

        async def collect(client: AuthenticatedClient, lead_list: LeadList) -> list[LeadListEntry]:
            return [entry async for entry in lead_lists.aiter_lead_list_entries(client, lead_list)]

        entries: list[LeadListEntry] = self(
            lambda client, lead_list: list(lead_lists.iter_lead_list_entries(client, lead_list)), collect, done
        )
        return entries

    def scenario(self, **changes: Any) -> None:
        response = httpx.post(f"{self.base_url}/_sandbox/scenario", json=changes, headers=self._auth())
        response.raise_for_status()

    def prefilled(self, entries: int) -> str:
        """The id of a completed lead list of `entries` synthetic leads."""
        response = httpx.post(f"{self.base_url}/_sandbox/lead-lists", json={"entries": entries}, headers=self._auth())
        response.raise_for_status()
        lead_list_id: str = response.json()["id"]
        return lead_list_id

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}
