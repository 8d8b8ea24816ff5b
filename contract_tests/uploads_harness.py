"""Calling `add_leads`, sync or async, with the Runner's fake time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from amplemarket_lead_lists import polling
from amplemarket_lead_lists.models import LeadList
from contract_tests.polling_harness import Runner


def call(run: Runner, sync_fn: Callable[..., Any], async_fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    clock = run.time.clock
    if run.mode == "sync":
        return sync_fn(run.client, *args, sleep=run.time.sleep, clock=clock, **kwargs)
    return asyncio.run(async_fn(run.client, *args, sleep=run.time.async_sleep, clock=clock, **kwargs))


def add(run: Runner, lead_list: LeadList | str, leads: Any, **kwargs: Any) -> LeadList:
    added: LeadList = call(run, polling.add_leads, polling.add_leads_async, lead_list, leads, **kwargs)
    return added


def linkedin_leads(count: int, prefix: str = "person") -> list[dict[str, str]]:
    return [{"linkedin_url": f"https://www.linkedin.com/in/{prefix}-{n}"} for n in range(count)]
