"""SANDBOX_LATENCY_SECONDS and SANDBOX_LATENCY_JITTER_SECONDS: every response is held until the
latency has passed since its request arrived, the server's work included, without blocking the
others (no timings asserted: the waits are recorded, the clock is a fake one where it matters)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from amplemarket_lead_lists.sandbox import latency
from amplemarket_lead_lists.sandbox.app import create_app, settings_latency
from amplemarket_lead_lists.sandbox.latency import NetworkLatency
from amplemarket_lead_lists.sandbox.settings import Settings

KEY = {"Authorization": "Bearer sandbox-latency"}


def test_the_settings_come_from_the_environment() -> None:
    env = {"SANDBOX_LATENCY_SECONDS": "0.05", "SANDBOX_LATENCY_JITTER_SECONDS": "0.01"}
    settings = Settings.from_env(env)
    assert (settings.latency_seconds, settings.latency_jitter_seconds) == (0.05, 0.01)
    assert Settings.from_env({}).latency_seconds == 0.0


@pytest.mark.parametrize("name", ["SANDBOX_LATENCY_SECONDS", "SANDBOX_LATENCY_JITTER_SECONDS"])
def test_a_negative_latency_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: "-1"})


def test_jitter_adds_up_to_its_amount() -> None:
    middleware = NetworkLatency(create_app(Settings()), 0.05, 0.02, uniform=lambda low, high: high)
    assert middleware.delay() == pytest.approx(0.07)
    assert NetworkLatency(create_app(Settings()), 0.05).delay() == 0.05


def served(settings: Settings, paused: list[float], monkeypatch: pytest.MonkeyPatch) -> httpx.AsyncClient:
    async def record(seconds: float) -> None:
        paused.append(seconds)

    monkeypatch.setattr(latency, "_pause", record)
    return httpx.AsyncClient(transport=httpx.ASGITransport(create_app(settings)), base_url="http://sandbox")


def test_every_request_waits_the_latency_plus_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_every_request_waits_the_latency_plus_jitter(monkeypatch))


async def _every_request_waits_the_latency_plus_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    paused: list[float] = []
    settings = Settings(latency_seconds=0.05, latency_jitter_seconds=0.02)
    async with served(settings, paused, monkeypatch) as client:
        for _ in range(5):
            assert (await client.get("/lead-lists", headers=KEY)).status_code == 200
        assert (await client.get("/lead-lists")).status_code == 401, "errors are as far away as answers"
    assert len(paused) == 6
    assert all(0 < seconds < 0.07 for seconds in paused)
    assert len(set(paused)) > 1, "jitter varies from request to request"


class Stopwatch:
    """A fake clock the app under the middleware moves forward by the time its work takes."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def held(work: float, seconds: float = 0.05, jitter: float = 0.0) -> list[float]:
    """The pauses of one request whose handling takes `work` (fake) seconds."""
    clock, paused = Stopwatch(), []

    async def app(scope: object, receive: object, send: object) -> None:
        clock.now += work
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"{}"})  # type: ignore[operator]

    async def pause(left: float) -> None:
        paused.append(left)
        clock.now += left

    middleware = NetworkLatency(app, seconds, jitter, sleep=pause, uniform=lambda low, high: high, clock=clock)

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(middleware), base_url="http://s") as client:
            assert (await client.get("/")).content == b"{}"

    asyncio.run(run())
    return paused


def test_a_response_is_held_until_the_latency_has_passed_since_its_request_arrived() -> None:
    assert held(work=0.0) == [pytest.approx(0.05)]
    assert held(work=0.0, jitter=0.02) == [pytest.approx(0.07)]


def test_the_servers_work_counts_toward_the_latency_and_a_slow_answer_is_not_held_longer() -> None:
    assert held(work=0.03) == [pytest.approx(0.02)], "as a client measures a round trip: work included"
    assert held(work=0.08) == [], "already later than the latency: sent at once"


def test_no_latency_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_no_latency_by_default(monkeypatch))


async def _no_latency_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    paused: list[float] = []
    async with served(Settings(), paused, monkeypatch) as client:
        assert (await client.get("/lead-lists", headers=KEY)).status_code == 200
    assert paused == []


def test_a_waiting_request_does_not_hold_up_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_a_waiting_request_does_not_hold_up_the_others(monkeypatch))


async def _a_waiting_request_does_not_hold_up_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first request's wait ends only once the second has been answered: a blocking sleep would
    never get there."""
    second_answered = asyncio.Event()

    async def pause(seconds: float) -> None:
        if not second_answered.is_set() and not getattr(pause, "first_seen", False):
            pause.first_seen = True  # type: ignore[attr-defined]
            await second_answered.wait()

    monkeypatch.setattr(latency, "_pause", pause)
    app = create_app(Settings(latency_seconds=30.0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://sandbox") as client:
        first = asyncio.create_task(client.get("/lead-lists", headers=KEY))
        await asyncio.sleep(0)
        second = await client.get("/lead-lists", headers=KEY)
        second_answered.set()
        async with asyncio.timeout(5):
            assert (await first).status_code == second.status_code == 200


def test_a_pause_never_ends_before_it_is_due_nor_trusts_the_timer_for_its_last_stretch() -> None:
    """Event-loop timers fire late by up to a millisecond or two; the pause sleeps until TIMER_SLACK
    before it is due, then yields to the loop until it is (a fake clock that a late timer overshoots)."""
    clock, sleeps = Stopwatch(), []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds + 0.0003 if seconds else 0.0004  # a late timer; each yield takes a little

    asyncio.run(latency._pause(0.05, clock=clock, sleep=sleep))
    assert sleeps[0] == pytest.approx(0.05 - latency.TIMER_SLACK)
    assert set(sleeps[1:]) == {0}, "the last stretch is yielded, not slept"
    assert clock.now >= 100.05 and clock.now - 0.0004 < 100.05, "ends at the first yield on or past due"


def test_a_pause_shorter_than_the_slack_only_yields() -> None:
    clock, sleeps = Stopwatch(), []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += 0.0005

    asyncio.run(latency._pause(0.001, clock=clock, sleep=sleep))
    assert sleeps == [0, 0]
    assert clock.now == pytest.approx(100.001)


def test_a_sandbox_asked_for_no_latency_has_no_latency_middleware() -> None:
    """Not one that waits zero seconds: each request would still pass through it (and its event-loop turn)."""
    assert settings_latency(Settings()) == []
    for asked in (Settings(latency_jitter_seconds=0.1), Settings(latency_seconds=0.1)):
        (middleware,) = settings_latency(asked)
        assert getattr(middleware.cls, "__name__", None) == "NetworkLatency"


def test_a_latency_without_jitter_asked_is_the_base_alone() -> None:
    drawn: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        drawn.append((low, high))
        return high

    assert NetworkLatency(create_app(Settings()), 0.25, uniform=uniform).delay() == 0.25
    assert drawn == []
