"""Client-side pacing (`AuthenticatedClient(rate_limiter=...)`, on by default): no window ever holds
more requests than the limit, counted from when each was answered, shared by threads and tasks; the
generated functions are paced too; fan-out against the sandbox's rate limit provokes no 429. Time is
a fake clock everywhere: nothing here waits for real."""

from __future__ import annotations

import asyncio
import logging
import threading
import time as real_time
from dataclasses import dataclass, field

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from amplemarket_lead_lists import (
    REQUESTS_PER_MINUTE_ENV,
    VENDOR_REQUESTS_PER_MINUTE,
    AuthenticatedClient,
    RateLimiter,
    TransportError,
    wait_for_lead_list,
    wait_for_lead_list_async,
)
from amplemarket_lead_lists.api.lead_list import get_lead_list
from amplemarket_lead_lists.cli.app import app as cli_app
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.pacing import (
    DeadlineBeforeSlotError,
    PacingTimeout,
    Slot,
    WaitAbandonedError,
    limiter_from_env,
)
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.polling_harness import BASE, LL, TOKEN, FakeTime, respond

Operation = tuple[str, float]
"""("start", gap) starts a request after `gap` seconds; ("answer", gap) answers the oldest one in flight."""


@given(
    requests=st.integers(1, 5),
    per_seconds=st.floats(0.5, 30),
    operations=st.lists(st.tuples(st.sampled_from(["start", "answer"]), st.floats(0, 20)), min_size=1, max_size=60),
)
def test_no_window_holds_more_requests_than_the_limit_and_none_waits_longer_than_needed(
    requests: int, per_seconds: float, operations: list[Operation]
) -> None:
    """The rule: when a request starts, fewer than `requests` others count in the window behind it,
    each counted from its answer (from its start while still unanswered)."""
    time = FakeTime()
    limiter = RateLimiter(requests, per_seconds, clock=time.clock, sleep=time.sleep)
    started: list[tuple[float, Slot]] = []
    counted_from: list[float] = []  # each request: when it counts from, as the rule says
    in_flight: list[int] = []
    for kind, gap in operations:
        time.now += gap
        if kind == "answer":
            if in_flight:
                index = in_flight.pop(0)
                limiter.answered(started[index][1])
                if counted_from[index] + per_seconds > time.now:  # else it stopped counting already
                    counted_from[index] = time.now
            continue
        arrived, waits = time.now, len(time.sleeps)
        slot = limiter.wait()
        now = time.now
        behind = [stamp for stamp in counted_from if stamp + per_seconds > now]
        assert len(behind) < requests, f"{len(behind) + 1} requests in one window of {per_seconds} s"
        if now > arrived:
            assert len(time.sleeps) > waits
            assert any(stamp + per_seconds == pytest.approx(now) for stamp in counted_from), "as soon as allowed"
        started.append((now, slot))
        counted_from.append(now)
        in_flight.append(len(started) - 1)


def test_a_request_answered_late_holds_its_slot_until_a_window_after_its_answer() -> None:
    time = FakeTime()
    limiter = RateLimiter(2, 60.0, clock=time.clock, sleep=time.sleep)
    first, second = limiter.wait(), limiter.wait()
    time.now = 5.0
    limiter.answered(first)  # handled some time before 5 s: it may count in the server's window until 65 s
    time.now = 7.0
    limiter.answered(second)
    time.now = 10.0
    limiter.wait()
    assert time.now == 65.0, "not at 60 s, a window after the first was sent"


def test_threads_sharing_a_limiter_are_paced_together() -> None:
    limiter = RateLimiter(10, 1000.0, clock=lambda: 0.0)
    results: list[Slot | float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(5):
            taken = limiter.try_start()
            with lock:
                results.append(taken)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(taken, Slot) for taken in results) == 10
    assert sorted(taken for taken in results if not isinstance(taken, Slot)) == [1000.0] * 30


@pytest.mark.parametrize(
    ("requests", "per_seconds"), [(0, 60.0), (True, 60.0), (5, 0.0), (5, float("inf")), (5, float("nan")), (5, "2")]
)
def test_a_limit_must_allow_something(requests: int, per_seconds: float) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        RateLimiter(requests, per_seconds)


def test_every_client_paces_by_default_at_the_vendors_limit_shared_with_its_copies() -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    limiter = client.rate_limiter
    assert isinstance(limiter, RateLimiter)
    assert (limiter.requests, limiter.per_seconds) == (VENDOR_REQUESTS_PER_MINUTE, 60.0) == (500, 60.0)
    assert client.with_headers({"X-Trace": "1"}).rate_limiter is limiter, "the same key: the same limit"
    assert AuthenticatedClient(base_url=BASE, token=TOKEN).rate_limiter is not limiter
    assert "500 per 60 s" in repr(client)


def paced_client(time: FakeTime, requests: int = 3) -> AuthenticatedClient:
    limiter = RateLimiter(requests, 10.0, clock=time.clock, sleep=time.sleep)
    return AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter)


def test_a_paced_sync_client_sends_no_faster_than_the_limit(api: respx.MockRouter) -> None:
    time = FakeTime()
    sent: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(time.now)
        return respond(entries=range(1))

    api.get(f"/lead-lists/{LL}").mock(side_effect=answer)
    client = paced_client(time)
    for _ in range(7):
        wait_for_lead_list(client, LL, sleep=time.sleep, clock=time.clock)
    assert sent == [0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 20.0]
    client.rate_limiter = None
    for _ in range(4):
        wait_for_lead_list(client, LL, sleep=time.sleep, clock=time.clock)
    assert sent[7:] == [20.0] * 4, "None: unpaced"


def test_the_generated_functions_are_paced_too(api: respx.MockRouter) -> None:
    time = FakeTime()
    api.get(f"/lead-lists/{LL}").mock(side_effect=lambda request: respond(entries=range(1)))
    client = paced_client(time, requests=2)
    statuses = [get_lead_list.sync_detailed(LL, client=client).status_code for _ in range(3)]
    assert statuses == [200] * 3
    assert time.sleeps == [10.0]


def test_the_callers_own_event_hooks_still_run_after_pacing(api: respx.MockRouter) -> None:
    time = FakeTime()
    seen: list[str] = []
    api.get(f"/lead-lists/{LL}").mock(side_effect=lambda request: respond(entries=range(1)))
    limiter = RateLimiter(1, 10.0, clock=time.clock, sleep=time.sleep)
    hooks = {
        "request": [lambda request: seen.append("request")],
        "response": [lambda response: seen.append("response")],
    }
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter, httpx_args={"event_hooks": hooks})
    for _ in range(2):
        wait_for_lead_list(client, LL, sleep=time.sleep, clock=time.clock)
    assert seen == ["request", "response"] * 2
    assert time.sleeps == [10.0]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_slot_only_free_after_the_deadline_is_not_waited_for(api: respx.MockRouter, mode: str) -> None:
    """The pacing wait counts against the same deadline as the request: a minute's wait for a call
    with 2 s left ends at once (no sleep), as a timeout, instead of overrunning it."""
    api.get(f"/lead-lists/{LL}").mock(side_effect=lambda request: respond(entries=range(1)))
    slept: list[float] = []

    async def no_async_sleep(seconds: float) -> None:
        slept.append(seconds)

    # the slot frees in 20 s: after the call's 2 s deadline, within the client's 30 s pool timeout
    limiter = RateLimiter(1, 20.0, sleep=slept.append, async_sleep=no_async_sleep)
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter, max_retries=0)
    wait_for_lead_list(client, LL, timeout=2)
    started = real_time.monotonic()
    unsent = r"rate limit \(rate_limiter\) has a free slot only in \d+\.\d s, after the deadline: not sent"
    with pytest.raises(TransportError, match=unsent) as raised:
        if mode == "sync":
            wait_for_lead_list(client, LL, timeout=2)
        else:
            asyncio.run(wait_for_lead_list_async(client, LL, timeout=2))
    assert isinstance(raised.value.__cause__, PacingTimeout)
    assert raised.value.sent is False and raised.value.attempts == 1, "not retried: nothing was sent"
    assert slept == []
    assert real_time.monotonic() - started < 10
    assert len(api.calls) == 1


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


async def fan_out(paced: bool) -> tuple[list[int], VirtualTime]:
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
    limiter = RateLimiter(LIMIT, 60.0, clock=time.clock, async_sleep=time.sleep) if paced else None
    client = AuthenticatedClient(
        base_url="http://sandbox",
        token="sandbox-pacing",
        allow_insecure_http=True,  # an in-process ASGI app, named as a host
        rate_limiter=limiter,
        httpx_args={"transport": httpx.ASGITransport(app), "event_hooks": {"response": [record]}},
    )
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


def test_paced_fan_out_provokes_no_429_and_waits_only_what_the_limit_requires() -> None:
    statuses, time = asyncio.run(fan_out(paced=True))
    assert statuses == [200] * LISTS
    assert time.now == pytest.approx(1120.0), "done as soon as the limit allows: bursts, as the rule allows"


def test_a_generated_call_waits_for_a_slot_no_longer_than_the_clients_pool_timeout(api: respx.MockRouter) -> None:
    """Without a polling deadline, httpx's pool timeout bounds the wait (as it bounds waiting for a
    connection): the third call in a 60 s window of 2 fails at once, unsent, instead of waiting ~60 s."""
    api.get(f"/lead-lists/{LL}").mock(side_effect=lambda request: respond(entries=range(1)))
    slept: list[float] = []
    limiter = RateLimiter(2, 60.0, sleep=slept.append)
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter, timeout=httpx.Timeout(1.0))
    for _ in range(2):
        assert get_lead_list.sync_detailed(LL, client=client).status_code == 200
    with pytest.raises(PacingTimeout, match="free slot only in"):
        get_lead_list.sync_detailed(LL, client=client)
    assert slept == [] and len(api.calls) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, (500, 60.0)), ("", (500, 60.0)), (" 2000 ", (2000, 60.0)), ("1", (1, 60.0)), ("off", None), ("OFF", None)],
)
def test_from_env_and_the_command_line_read_the_keys_limit_from_the_environment(
    value: str | None, expected: tuple[int, float] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    if value is None:
        monkeypatch.delenv(REQUESTS_PER_MINUTE_ENV, raising=False)
    else:
        monkeypatch.setenv(REQUESTS_PER_MINUTE_ENV, value)
    for limiter in (limiter_from_env(), AuthenticatedClient.from_env().rate_limiter):
        assert (None if limiter is None else (limiter.requests, limiter.per_seconds)) == expected
    assert AuthenticatedClient.from_env(rate_limiter=None).rate_limiter is None, "an explicit setting wins"


@pytest.mark.parametrize("value", ["0", "-5", "fast", "1e3", "²", "500/min"])
def test_a_malformed_limit_in_the_environment_is_named(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv(REQUESTS_PER_MINUTE_ENV, value)
    with pytest.raises(ValueError, match=f"^{REQUESTS_PER_MINUTE_ENV} must be a whole number"):
        AuthenticatedClient.from_env()
    result = CliRunner().invoke(cli_app, ["list"])
    assert result.exit_code == 2
    assert f"{REQUESTS_PER_MINUTE_ENV} must be a whole number" in result.output


def test_waiters_are_served_in_the_order_they_came_each_sleeping_once_until_its_own_turn() -> None:
    """12 tasks against 3 a window: served in arrival order (the three whose turn comes at the same
    instant in any order), and each waiter sleeps once, until its own turn (not all of them at every
    freed slot)."""
    time = VirtualTime(12)
    limiter = RateLimiter(3, 10.0, clock=time.clock, async_sleep=time.sleep)
    served: list[tuple[int, float]] = []

    async def one(n: int) -> None:
        try:
            await limiter.wait_async()
            served.append((n, time.now))
        finally:
            time.finished += 1

    async def all_of_them() -> None:
        await asyncio.gather(*(one(n) for n in range(12)))

    asyncio.run(all_of_them())
    assert dict(served) == {n: 1000.0 + 10.0 * (n // 3) for n in range(12)}
    assert len(time.slept) == 9


def test_a_waiter_that_gives_up_leaves_the_line() -> None:
    time = FakeTime()
    limiter = RateLimiter(1, 10.0, clock=time.clock, sleep=time.sleep)
    limiter.wait()
    with pytest.raises(DeadlineBeforeSlotError, match=r"free slot only in 10\.0 s") as late:
        limiter.wait(within=5.0)
    assert late.value.wait == 10.0
    limiter.wait()
    assert time.now == 10.0, "the next waiter is first in line, not behind the one that gave up"


def test_an_async_waiter_that_gives_up_leaves_the_line_too() -> None:
    time = FakeTime()
    limiter = RateLimiter(1, 10.0, clock=time.clock, async_sleep=time.async_sleep)

    async def run() -> None:
        await limiter.wait_async()
        with pytest.raises(DeadlineBeforeSlotError):
            await limiter.wait_async(within=5.0)
        await limiter.wait_async()

    asyncio.run(run())
    assert time.now == 10.0


def test_an_abandoned_wait_ends_at_once_and_takes_no_slot() -> None:
    limiter = RateLimiter(1, 60.0)
    limiter.wait()
    abandon = threading.Event()
    abandon.set()
    with pytest.raises(WaitAbandonedError, match="abandoned while waiting for the client's rate limit: not sent"):
        limiter.wait(abandon=abandon)
    assert limiter.try_start() == pytest.approx(60.0, abs=5.0), "still one slot, held by the first"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_answer_restamps_its_slot_through_the_clients_hooks(mode: str, api: respx.MockRouter) -> None:
    """The server answers 5 s after the request (fake time): the slot counts from the answer, so the
    next request of a 1-per-10-s limit starts at 15 s, not 10 s."""
    time = FakeTime()
    sent: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(time.now)
        time.now += 5.0
        return respond(entries=range(1))

    api.get(f"/lead-lists/{LL}").mock(side_effect=answer)
    limiter = RateLimiter(1, 10.0, clock=time.clock, sleep=time.sleep, async_sleep=time.async_sleep)
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter)

    async def twice_async() -> None:
        for _ in range(2):
            await get_lead_list.asyncio_detailed(LL, client=client)

    if mode == "sync":
        for _ in range(2):
            get_lead_list.sync_detailed(LL, client=client)
    else:
        asyncio.run(twice_async())
    assert sent == [0.0, 15.0]


def test_the_second_in_line_sleeps_until_the_second_slot_frees_not_the_first() -> None:
    """Slots taken at 1000 s and 1004 s, a 10 s window, two waiters at 1005 s: the first sleeps until
    1010 s, the second until 1014 s, once each."""
    time = VirtualTime(2)
    limiter = RateLimiter(2, 10.0, clock=time.clock, async_sleep=time.sleep)
    served: list[float] = []

    async def one() -> None:
        try:
            await limiter.wait_async()
            served.append(time.now)
        finally:
            time.finished += 1

    async def run() -> None:
        await limiter.wait_async()
        time.now = 1004.0
        await limiter.wait_async()
        time.now = 1005.0
        await asyncio.gather(one(), one())

    asyncio.run(run())
    assert served == [1010.0, 1014.0]
    assert sorted(time.slept) == [5.0, 9.0]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_long_wait_for_a_slot_is_logged_at_info_once_with_what_and_how_long(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    time = FakeTime()
    limiter = RateLimiter(2, 60.0, clock=time.clock, sleep=time.sleep, async_sleep=time.async_sleep)

    def take() -> None:
        if mode == "sync":
            limiter.wait()
        else:
            asyncio.run(limiter.wait_async())

    with caplog.at_level(logging.INFO, logger="amplemarket_lead_lists"):
        take()
        time.now += 59.5
        take()  # a free slot: no wait
        take()  # 0.5 s: the pace itself, not logged
        take()  # the second slot frees 60 s after it was taken
    assert time.sleeps == [0.5, 59.5]
    (record,) = caplog.records
    assert record.levelno == logging.INFO
    assert record.getMessage() == "waiting 59.5 s for a slot of the client's rate limit (RateLimiter(2 per 60 s))"
    said = {name: vars(record).get(name) for name in ("wait_seconds", "wait_reason", "rate_limit")}
    assert said == {"wait_seconds": 59.5, "wait_reason": "pace", "rate_limit": (2, 60.0)}


class DrowsyTime(FakeTime):
    """Wakes when half of each sleep has passed (as a signal or a spurious wake-up may)."""

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds / 2


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("window", "logged"), [(1.0, [1.0]), (0.99, []), (4.0, [4.0])])
def test_a_wait_of_a_second_or_more_is_logged_once_however_often_the_waiter_wakes(
    mode: str, window: float, logged: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    time = DrowsyTime()
    limiter = RateLimiter(1, window, clock=time.clock, sleep=time.sleep, async_sleep=time.async_sleep)
    with caplog.at_level(logging.INFO, logger="amplemarket_lead_lists"):
        for _ in range(2):
            limiter.wait() if mode == "sync" else asyncio.run(limiter.wait_async())
    assert len(time.sleeps) > 2, "woken early, the second waiter recomputed its turn several times"
    assert [vars(record)["wait_seconds"] for record in caplog.records] == logged


def test_a_polling_calls_own_deadline_not_the_pool_timeout_bounds_its_wait_for_a_slot(api: respx.MockRouter) -> None:
    """The pool timeout bounds a generated call's wait (above); a polling call may wait as long as its
    own deadline allows, past a short pool timeout."""
    api.get(f"/lead-lists/{LL}").mock(side_effect=lambda request: respond(entries=range(1)))
    time = FakeTime()
    limiter = RateLimiter(1, 20.0, clock=time.clock, sleep=time.sleep)
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, rate_limiter=limiter, timeout=httpx.Timeout(1.0))
    for _ in range(2):
        wait_for_lead_list(client, LL, timeout=60)
    assert time.sleeps == [20.0] and len(api.calls) == 2
