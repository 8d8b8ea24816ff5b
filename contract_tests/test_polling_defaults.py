"""Issue 12: the documented defaults of the public functions, as a caller who passes none sees them.

`wait_for_lead_list`: one hour, a poll a minute without Retry-After, Retry-After held to 1..600 s;
`create_lead_list` and `add_leads`: 429s waited out for ten minutes at most; paging: 100 entries a
page and no read-ahead. Sync and async.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Generator
from contextlib import closing
from typing import Any, cast

import httpx
import pytest
import respx

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import PollingTimeoutError, RateLimitError
from contract_tests.polling_harness import CT, LL, Runner, body, error, next_href, respond

GET = f"/lead-lists/{LL}"
CREATE = {
    "name": "Example",
    "owner": "user@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://www.linkedin.com/in/lead1/"}],
}
ACCEPTED = httpx.Response(202, headers=CT, json=body("queued"))


def in_turn(*answers: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    """A side effect giving these answers in order, then the last one again and again."""
    given = list(answers)
    return lambda request: given.pop(0) if len(given) > 1 else given[0]


def test_wait_gives_up_once_the_next_poll_would_pass_one_hour(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=in_turn(respond("processing", retry_after="1"), respond("processing", "600")))
    with pytest.raises(PollingTimeoutError) as raised:
        run.wait()
    assert raised.value.polls == 7 and raised.value.elapsed == 3001.0  # 3001 + 600 would pass 3600
    assert run.time.sleeps == [1.0] + [600.0] * 5


def test_wait_polls_once_a_minute_without_retry_after(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=in_turn(respond("processing"), respond()))
    assert run.wait().status == "completed"
    assert run.time.sleeps == [60.0]


@pytest.mark.parametrize(("retry_after", "slept"), [("0", 1.0), ("86400", 600.0)])
def test_wait_holds_retry_after_to_one_second_through_ten_minutes(
    run: Runner, api: respx.MockRouter, retry_after: str, slept: float
) -> None:
    api.get(GET).mock(side_effect=in_turn(respond("processing", retry_after=retry_after), respond()))
    assert run.wait().status == "completed"
    assert run.time.sleeps == [slept]


def rate_limited(*waits: str) -> list[httpx.Response]:
    return [error(429, "rate_limited", retry_after=wait) for wait in waits]


def test_create_waits_out_429s_for_ten_minutes_at_most(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(side_effect=[*rate_limited("300", "300"), ACCEPTED])
    assert run.create(CREATE).status == "queued"
    assert run.time.sleeps == [300.0, 300.0] and route.call_count == 3

    late = Runner(run.mode)
    route.side_effect = [*rate_limited("300", "301"), ACCEPTED]
    with pytest.raises(RateLimitError):
        late.create(CREATE)
    assert late.time.sleeps == [300.0]


def add(run: Runner) -> Any:
    timing: dict[str, Any] = {"clock": run.time.clock}
    leads = [{"linkedin_url": "https://www.linkedin.com/in/lead2/"}]
    if run.mode == "sync":
        return lead_lists.add_leads(run.client, LL, leads, sleep=run.time.sleep, **timing)
    return asyncio.run(lead_lists.add_leads_async(run.client, LL, leads, sleep=run.time.async_sleep, **timing))


def test_add_leads_waits_out_429s_for_ten_minutes_at_most(run: Runner, api: respx.MockRouter) -> None:
    api.post(f"{GET}/leads").mock(side_effect=[*rate_limited("300", "301"), ACCEPTED])
    with pytest.raises(RateLimitError):
        add(run)
    assert run.time.sleeps == [300.0]


def test_paging_asks_for_100_entries_a_page(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond(entries=range(3)))
    assert len(run.pages()) == 1 and len(run.entries()) == 3
    assert [call.request.url.params["page[size]"] for call in route.calls] == ["100", "100"]


def two_pages(api: respx.MockRouter) -> respx.Route:
    first = respond(entries=range(2), next_href=next_href(1))
    return api.get(GET).mock(side_effect=[first, respond(entries=range(2, 4))])


async def first_of(pages: AsyncGenerator[Any, None]) -> None:
    await anext(pages)
    await asyncio.sleep(0.05)  # time for a request sent ahead to go out
    await pages.aclose()


@pytest.mark.parametrize("entries", [False, True], ids=["pages", "entries"])
def test_paging_reads_no_page_ahead_by_default(run: Runner, api: respx.MockRouter, entries: bool) -> None:
    """A caller that stops after the first page has asked for that page only."""
    route = two_pages(api)
    if run.mode == "sync":
        iterate = lead_lists.iter_lead_list_entries if entries else lead_lists.iter_lead_list_pages
        with closing(cast(Generator[Any, None, None], iterate(run.client, LL))) as pages:
            next(pages)
    else:
        aiterate = lead_lists.aiter_lead_list_entries if entries else lead_lists.aiter_lead_list_pages
        asyncio.run(first_of(aiterate(run.client, LL)))
    assert route.call_count == 1
