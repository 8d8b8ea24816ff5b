"""Client-side pacing (`pace(client, RateLimiter(...))`): never more request starts in any window than
the limit, shared by threads and tasks, and fan-out against the sandbox's rate limit provokes no 429.
Time is a fake clock everywhere: nothing here waits for real."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.polling import RateLimiter, pace, wait_for_lead_list, wait_for_lead_list_async
from amplemarket_lead_lists.polling.pacing import limiter_of
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.polling_harness import BASE, LL, TOKEN, FakeTime, respond


def assert_within_limit(starts: list[float], requests: int, per_seconds: float) -> None:
    ordered = sorted(starts)
    for first, last in zip(ordered, ordered[requests:], strict=False):
        assert last - first >= per_seconds - 1e-9, f"{requests + 1} starts within {last - first} s"


@given(
    requests=st.integers(1, 6),
    per_seconds=st.floats(0.5, 30),
    gaps=st.lists(st.floats(0, 20), min_size=1, max_size=40),
    smooth=st.booleans(),
)
def test_no_window_holds_more_starts_than_the_limit_and_none_waits_longer_than_needed(
    requests: int, per_seconds: float, gaps: list[float], smooth: bool
) -> None:
    time = FakeTime()
    limiter = RateLimiter(requests, per_seconds, clock=time.clock, smooth=smooth)
    spacing = per_seconds / requests if smooth else 0.0
    starts: list[float] = []
    for gap in gaps:
        time.now += gap
        start = time.now + limiter.reserve()
        assert start >= time.now
        earliest = time.now if not starts else max(time.now, starts[-1] + spacing)
        if len(starts) >= requests:
            earliest = max(earliest, starts[-requests] + per_seconds)
        assert start == pytest.approx(earliest), "as soon as the limit allows"
        assert not starts or start - starts[-1] >= spacing - 1e-9, "evenly spaced when smooth"
        starts.append(start)
    assert_within_limit(starts, requests, per_seconds)


def test_threads_sharing_a_limiter_are_paced_together() -> None:
    limiter = RateLimiter(10, 1000.0, clock=lambda: 0.0, smooth=False)
    starts: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(5):
            delay = limiter.reserve()
            with lock:
                starts.append(delay)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(starts) == [1000.0 * (n // 10) for n in range(40)]


@pytest.mark.parametrize(("requests", "per_seconds"), [(0, 60.0), (True, 60.0), (5, 0.0)])
def test_a_limit_must_allow_something(requests: int, per_seconds: float) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        RateLimiter(requests, per_seconds)


def test_a_paced_sync_client_sends_no_faster_than_the_limit(api: respx.MockRouter) -> None:
    time = FakeTime()
    sent: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(time.now)
        return respond(entries=range(1))

    api.get(f"/lead-lists/{LL}").mock(side_effect=answer)
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    pace(client, RateLimiter(3, 10.0, clock=time.clock, smooth=False, sleep=time.sleep))
    for _ in range(7):
        wait_for_lead_list(client, LL, sleep=time.sleep, clock=time.clock)
    assert sent == [0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 20.0]
    pace(client, None)
    assert limiter_of(client) is None


@dataclass
class VirtualTime:
    """One clock for the sandbox, the plans and the pacer, for `tasks` concurrent tasks: it moves to
    the earliest wake time only once every task still running is asleep, as a real clock would."""

    tasks: int
    now: float = 1000.0
    finished: int = 0
    wakes: list[float] = field(default_factory=list)
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        wake = self.now + seconds
        self.wakes.append(wake)
        while self.now < wake:
            if len(self.wakes) + self.finished == self.tasks and wake == min(self.wakes):
                self.now = wake
            await asyncio.sleep(0)
        self.wakes.remove(wake)


LISTS = 12
LIMIT = 5


async def fan_out(paced: bool, smooth: bool = True) -> tuple[list[int], VirtualTime]:
    """Wait for LISTS completed lists with asyncio.gather against a sandbox allowing LIMIT a minute."""
    time = VirtualTime(LISTS)
    app = create_app(Settings(rate_limit=LIMIT), clock=time.clock)
    statuses: list[int] = []

    async def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    headers = {"Authorization": "Bearer sandbox-pacing"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://sandbox") as setup:
        ids = [
            (await setup.post("/_sandbox/lead-lists", json={"entries": 3}, headers=headers)).json()["id"]
            for _ in range(LISTS)
        ]
    client = AuthenticatedClient(
        base_url="http://sandbox",
        token="sandbox-pacing",
        httpx_args={"transport": httpx.ASGITransport(app), "event_hooks": {"response": [record]}},
    )
    if paced:
        pace(client, RateLimiter(LIMIT, 60.0, clock=time.clock, smooth=smooth, async_sleep=time.sleep))
    async with client:

        async def wait(lead_list_id: str) -> LeadList:
            try:
                return await wait_for_lead_list_async(client, lead_list_id, sleep=time.sleep, clock=time.clock)
            finally:
                time.finished += 1

        done = await asyncio.gather(*(wait(i) for i in ids))
    assert sorted(lead_list.id for lead_list in done) == sorted(ids)
    return statuses, time


def test_fan_out_without_pacing_collects_429s() -> None:
    statuses, _ = asyncio.run(fan_out(paced=False))
    assert statuses.count(429) == (LISTS - LIMIT) + (LISTS - 2 * LIMIT), "7 at first, 2 of them again a minute later"


@pytest.mark.parametrize(
    ("smooth", "waits", "done_at"),
    [
        (False, [60.0] * LIMIT + [120.0] * (LISTS - 2 * LIMIT), 1120.0),  # bursts, as the rule allows
        (True, [12.0 * n for n in range(1, LISTS)], 1132.0),  # one every 60 / 5 s
    ],
)
def test_paced_fan_out_provokes_no_429_and_waits_only_what_the_limit_requires(
    smooth: bool, waits: list[float], done_at: float
) -> None:
    statuses, time = asyncio.run(fan_out(paced=True, smooth=smooth))
    assert statuses == [200] * LISTS
    assert sorted(time.slept) == pytest.approx(waits)
    assert time.now == pytest.approx(done_at), "done as soon as the limit allows"
