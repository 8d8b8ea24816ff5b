"""Helpers for the respx tests of `polling`: vendor-shaped bodies, a fake clock, sync/async runners."""

from __future__ import annotations

import asyncio
import pickle
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.models import LeadList, LeadListEntry, LeadListSummary

BASE = "https://api.amplemarket.com"
TOKEN = "sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
CT = {"Content-Type": "application/vnd.amp+json"}
LL = "ll_1"


def entry(n: int) -> dict[str, Any]:
    return {"id": f"e{n:05d}", "object": "lead_list_entry", "linkedin_url": f"https://www.linkedin.com/in/p{n}"}


def complete_entry() -> dict[str, Any]:
    """An entry with every field the vendor documents filled in (its email verdict included)."""
    return {
        "id": "e1", "object": "lead_list_entry", "email": "a@example.com", "person_id": "p1",
        "linkedin_url": "https://www.linkedin.com/in/a", "first_name": "Ada", "last_name": "L",
        "company_name": "Acme", "company_domain": "acme.com", "industry": "Software", "title": "CTO",
        "email_validation_result": {"object": "email_validation_result", "email": "a@example.com",
                                    "result": "deliverable", "catch_all": False},
    }  # fmt: skip


def body(
    status: str = "completed",
    entries: range | None = None,
    next_href: str | None = None,
    lead_list_id: str = LL,
) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": f"/lead-lists/{lead_list_id}"}}
    if next_href is not None:
        links["next"] = {"href": next_href}
    return {
        "id": lead_list_id,
        "object": "lead_list",
        "status": status,
        "type": "linkedin",
        "leads": [entry(n) for n in entries or range(0)],
        "_links": links,
    }


def respond(status: str = "completed", retry_after: str | None = None, **kwargs: Any) -> httpx.Response:
    headers = dict(CT)
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return httpx.Response(200, headers=headers, json=body(status, **kwargs))


def error(status: int, code: str = "boom", retry_after: str | None = None, **source: str) -> httpx.Response:
    obj: dict[str, Any] = {"status": str(status), "code": code, "title": code.title(), "detail": f"{code} happened"}
    if source:
        obj["source"] = source
    headers = dict(CT)
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return httpx.Response(status, headers=headers, json={"_errors": [obj]})


def next_href(after: int, size: int = 100) -> str:
    return f"/lead-lists/{LL}?page[size]={size}&page[after]=e{after:05d}"


@dataclass
class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@dataclass
class Runner:
    """Calls the sync or the async twin of each public function with the same arguments."""

    mode: str
    time: FakeTime = field(default_factory=FakeTime)
    client: AuthenticatedClient = field(default_factory=lambda: AuthenticatedClient(base_url=BASE, token=TOKEN))

    def _timing(self) -> dict[str, Any]:
        sleep = self.time.sleep if self.mode == "sync" else self.time.async_sleep
        return {"sleep": sleep, "clock": self.time.clock}

    def create(self, payload: Any) -> LeadList:
        if self.mode == "sync":
            return lead_lists.create_lead_list(self.client, payload, **self._timing())
        return asyncio.run(lead_lists.create_lead_list_async(self.client, payload, **self._timing()))

    def wait(self, lead_list: LeadList | str = LL, **kwargs: Any) -> LeadList:
        if self.mode == "sync":
            return lead_lists.wait_for_lead_list(self.client, lead_list, **self._timing(), **kwargs)
        return asyncio.run(lead_lists.wait_for_lead_list_async(self.client, lead_list, **self._timing(), **kwargs))

    def pages(self, lead_list: LeadList | str = LL, **kwargs: Any) -> list[LeadList]:
        pages: list[LeadList] = self._collect(
            lead_lists.iter_lead_list_pages, lead_lists.aiter_lead_list_pages, lead_list, kwargs
        )
        return pages

    def entries(self, lead_list: LeadList | str = LL, **kwargs: Any) -> list[LeadListEntry]:
        entries: list[LeadListEntry] = self._collect(
            lead_lists.iter_lead_list_entries, lead_lists.aiter_lead_list_entries, lead_list, kwargs
        )
        return entries

    def lead_lists(self, **kwargs: Any) -> list[LeadListSummary]:
        if self.mode == "sync":
            return list(lead_lists.iter_lead_lists(self.client, **self._timing(), **kwargs))

        async def collect() -> list[LeadListSummary]:
            return [summary async for summary in lead_lists.aiter_lead_lists(self.client, **self._timing(), **kwargs)]

        return asyncio.run(collect())

    def find(self, **kwargs: Any) -> list[LeadListSummary]:
        if self.mode == "sync":
            return lead_lists.find_lead_lists(self.client, **self._timing(), **kwargs)
        return asyncio.run(lead_lists.find_lead_lists_async(self.client, **self._timing(), **kwargs))

    def _collect(self, sync_fn: Callable[..., Any], async_fn: Callable[..., Any], lead_list: Any, kwargs: Any) -> Any:
        if self.mode == "sync":
            return list(sync_fn(self.client, lead_list, **self._timing(), **kwargs))

        async def collect() -> list[Any]:
            return [item async for item in async_fn(self.client, lead_list, **self._timing(), **kwargs)]

        return asyncio.run(collect())


async def arrived(event: threading.Event, seconds: float = 5.0) -> bool:
    """Whether `event` (set by another thread, e.g. a respx side effect) is set within `seconds`,
    polled without blocking the event loop; cleared again for the next wait."""
    for _ in range(int(seconds / 0.01)):
        if event.is_set():
            break
        await asyncio.sleep(0.01)
    seen = event.is_set()
    event.clear()
    return seen


def assert_no_key(error: BaseException) -> None:
    """Neither the key nor `Bearer <key>` is in what the error shows, its traceback, its pickle or its attributes."""
    shown = [str(error), repr(error), "".join(traceback.format_exception(error))]
    shown += [repr(value) for name, value in vars(error).items() if name not in ("response", "request")]
    for text in shown:
        assert TOKEN not in text, text
    assert TOKEN.encode() not in pickle.dumps(error)
