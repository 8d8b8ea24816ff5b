"""Case 7 (issue 15): speed at the vendor's scale. The create-body check, the sandbox's create, a
60,000-lead upload, an export over a simulated network with and without read-ahead, and fan-out
against a rate limit with and without client-side pacing; each a ratio measured side by side."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    RateLimiter,
    aiter_lead_list_entries,
    iter_lead_list_pages,
    upload_lead_list,
    wait_for_lead_list_async,
)
from amplemarket_lead_lists.validation import body_problems, detailed_body_problems, packaged_validator

from .results import Row
from .server import AUTH, KEY, prefilled_list, sandbox_process
from .timing import side_by_side

LATENCY = 0.05
"""The simulated round trip of the export case (SANDBOX_LATENCY_SECONDS)."""
EXPORT_ENTRIES = 10_000
"""100 pages, the issue's case."""


def leads_body(count: int) -> dict[str, Any]:
    leads = [{"linkedin_url": f"https://www.linkedin.com/in/bench-{n}"} for n in range(count)]
    return {"owner": "bench@example.com", "shared": True, "type": "linkedin", "leads": leads}


def body_check() -> list[Row]:
    """The client-side check of a 10,000-lead create body, against `json.dumps` of it."""
    body, validator = leads_body(10_000), packaged_validator("LeadListCreate")
    assert body_problems(body, validator) == detailed_body_problems(body, validator.detailed) == []
    fast, detailed, dumps = side_by_side(
        [
            lambda: body_problems(body, validator),
            lambda: detailed_body_problems(body, validator.detailed),
            lambda: json.dumps(body),
        ],
        runs=7,
    )
    return [
        Row("7 create-body check, 10,000 leads", "jsonschema-rs, then detail if bad", fast.median * 1000,
            dumps.median * 1000, "json.dumps of the body", "ms", "≤ 1×", fast.median <= dumps.median),
        Row("7 the same, jsonschema alone", "jsonschema (before)", detailed.median * 1000, fast.median * 1000,
            "jsonschema-rs path", "ms", "(what the compiled check saves)"),
    ]  # fmt: skip


def sandbox_create(base_url: str) -> list[Row]:
    """The sandbox's 10,000-lead create over loopback, against `json.loads` of its body."""
    raw = json.dumps(leads_body(10_000)).encode()
    headers = {**AUTH, "Content-Type": "application/json"}
    with httpx.Client(base_url=base_url) as http:
        create, loads = side_by_side(
            [lambda: http.post("/lead-lists", content=raw, headers=headers).raise_for_status(), lambda: json.loads(raw)]
        )
    return [
        Row("7 sandbox create, 10,000 leads", "POST over loopback (validated)", create.median * 1000,
            loads.median * 1000, "json.loads of the body", "ms", "≤ 5×", create.median <= 5 * loads.median),
    ]  # fmt: skip


def upload(base_url: str) -> list[Row]:
    """60,000 leads (create + 5 adds) with `upload_lead_list` vs a raw httpx loop posting the same chunks."""
    body = leads_body(60_000)
    chunks = [body["leads"][i : i + 10_000] for i in range(0, 60_000, 10_000)]
    headers = {**AUTH, "Content-Type": "application/json"}

    def ours() -> None:
        with AuthenticatedClient(base_url=base_url, token=KEY) as client:
            upload_lead_list(client, body)

    def raw() -> None:
        with httpx.Client(base_url=base_url) as http:
            created = http.post("/lead-lists", content=json.dumps({**body, "leads": chunks[0]}), headers=headers)
            href = f"{created.raise_for_status().headers['location']}/leads"
            for chunk in chunks[1:]:
                http.post(href, content=json.dumps({"leads": chunk}), headers=headers).raise_for_status()

    mine, theirs = side_by_side([ours, raw], runs=3)
    return [
        Row("7 upload 60,000 leads (create + 5 adds)", "upload_lead_list over loopback", mine.median,
            theirs.median, "raw httpx loop, same chunks", "s", "≤ 1.1×", mine.median <= 1.1 * theirs.median),
    ]  # fmt: skip


def export(base_url: str) -> list[Row]:
    """Paging a list with 50 ms per request: alone, and with a consumer spending 50 ms per page."""
    lead_list_id = prefilled_list(base_url, EXPORT_ENTRIES)
    pages = EXPORT_ENTRIES // 100
    floor = pages * LATENCY

    def run(prefetch: int, consumer: float) -> Callable[[], None]:
        def go() -> None:
            with AuthenticatedClient(base_url=base_url, token=KEY) as client:
                count = 0
                for page in iter_lead_list_pages(client, lead_list_id, prefetch=prefetch):
                    count += len(page.leads or [])
                    if consumer:
                        time.sleep(consumer)
                assert count == EXPORT_ENTRIES

        return go

    def raw() -> None:
        with httpx.Client(base_url=base_url, headers=AUTH) as http:
            count, href = 0, f"/lead-lists/{lead_list_id}"
            while href:
                page = http.get(href).raise_for_status().json()
                count += len(page["leads"])
                href = page.get("_links", {}).get("next", {}).get("href")
            assert count == EXPORT_ENTRIES

    alone, bare, slow, ahead = side_by_side([run(0, 0), raw, run(0, LATENCY), run(1, LATENCY)], runs=3)
    name = f"7 export {EXPORT_ENTRIES:,} entries, 50 ms latency"
    return [
        Row(name, "no consumer work", alone.median, floor, f"floor ({pages} × 50 ms)", "s", "≤ 1.05×",
            alone.median <= 1.05 * floor),
        Row(name, "raw httpx loop following next", bare.median, floor, "floor", "s",
            "(what any client gets from this machine's loopback)"),
        Row(name, "consumer 50 ms/page, read-ahead off", slow.median, floor, "floor", "s", "(≈ 2× without it)"),
        Row(name, "consumer 50 ms/page, prefetch=1", ahead.median, floor, "floor", "s", "≤ 1.15×",
            ahead.median <= 1.15 * floor),
    ]  # fmt: skip


FAN_LISTS = 100
FAN_LIMIT = 100
FAN_WINDOW = 2.0
"""The vendor's 500 a minute, scaled so a run takes seconds: 100 per 2 s, 3 requests per list."""


async def _fan_out(base_url: str, ids: list[str], paced: bool) -> int:
    """Wait for and export every list concurrently; the number of 429s received."""
    rate_limited = 0

    async def count(response: httpx.Response) -> None:
        nonlocal rate_limited
        rate_limited += response.status_code == 429

    client = AuthenticatedClient(
        base_url=base_url,
        token=KEY,
        rate_limiter=RateLimiter(FAN_LIMIT, FAN_WINDOW) if paced else None,
        httpx_args={"event_hooks": {"response": [count]}},
    )

    async def one(lead_list_id: str) -> None:
        lead_list = await wait_for_lead_list_async(client, lead_list_id, min_interval=0.05)
        async for _ in aiter_lead_list_entries(client, lead_list):
            pass

    async with client:
        await asyncio.gather(*(one(i) for i in ids))
    return rate_limited


def fan_out() -> list[Row]:
    settings = {"rate_limit": FAN_LIMIT, "rate_limit_window_seconds": FAN_WINDOW}
    with sandbox_process(**settings) as base_url:
        ids = [prefilled_list(base_url, 300) for _ in range(FAN_LISTS)]
        requests = FAN_LISTS * 3
        floor = requests * FAN_WINDOW / FAN_LIMIT  # the limit's sustained rate
        counts: dict[bool, list[int]] = {True: [], False: []}

        def run(paced: bool) -> Callable[[], None]:
            def go() -> None:
                time.sleep(FAN_WINDOW * 1.1)  # a fresh window for each run, outside the timing below
                started = time.perf_counter()
                counts[paced].append(asyncio.run(_fan_out(base_url, ids, paced)))
                durations[paced].append(time.perf_counter() - started)

            return go

        durations: dict[bool, list[float]] = {True: [], False: []}
        side_by_side([run(True), run(False)], runs=3, warmups=[lambda: None])
    paced, unpaced = sorted(durations[True])[1], sorted(durations[False])[1]
    name = f"7 fan-out {FAN_LISTS} lists × 3 requests"
    return [
        Row(name, f"429s, paced ({FAN_LIMIT}/{FAN_WINDOW:g} s)", max(counts[True]), max(counts[False]),
            "429s unpaced", "429s", "0", max(counts[True]) == 0),
        Row(name, "time, paced", paced, floor, f"limit's floor ({floor:g} s)", "s", "≤ 1.1×", paced <= 1.1 * floor),
        Row(name, "time, unpaced (waiting 429s out)", unpaced, floor, "limit's floor", "s", ""),
    ]  # fmt: skip


def run(base_url: str) -> list[Row]:
    """Cases needing the standard sandbox; `network` and `fan_out` start their own."""
    return body_check() + sandbox_create(base_url) + upload(base_url)


def network() -> list[Row]:
    with sandbox_process(latency_seconds=LATENCY) as base_url:
        return export(base_url)
