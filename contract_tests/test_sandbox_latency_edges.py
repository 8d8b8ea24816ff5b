"""SANDBOX_LATENCY_SECONDS and SANDBOX_LATENCY_JITTER_SECONDS each turn the simulated latency on by
themselves (jitter alone is a round trip of up to that much), and a pause trusts the event loop's timer
only until 2 ms before it is due (timers fire a millisecond or two late; the last stretch is yielded)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from amplemarket_lead_lists.sandbox import latency
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.latency import NetworkLatency
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.sandbox_harness import KEY, Clock


def pauses(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses of one request to an app made with `settings`."""
    paused: list[float] = []

    async def record(seconds: float) -> None:
        paused.append(seconds)

    async def run() -> None:
        transport = httpx.ASGITransport(create_app(settings))
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
            response = await client.get("/lead-lists", headers={"Authorization": f"Bearer {KEY}"})
            assert response.status_code == 200

    monkeypatch.setattr(latency, "_pause", record)
    asyncio.run(run())
    return paused


@pytest.mark.parametrize("seconds", [0.05, 1.0])
def test_a_latency_without_jitter_holds_every_response(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    assert [round(s, 2) for s in pauses(Settings(latency_seconds=seconds), monkeypatch)] == [seconds]


@pytest.mark.parametrize("jitter", [0.02, 1.0])
def test_jitter_without_a_base_latency_holds_responses_up_to_the_jitter(
    monkeypatch: pytest.MonkeyPatch, jitter: float
) -> None:
    paused = pauses(Settings(latency_jitter_seconds=jitter), monkeypatch)
    assert len(paused) == 1 and 0 < paused[0] < jitter


def test_a_pause_sleeps_on_the_timer_until_2_ms_before_it_is_due() -> None:
    clock, sleeps = Clock(now=100.0), []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds or 0.001

    asyncio.run(latency._pause(0.05, clock=clock, sleep=sleep))
    assert sleeps == [pytest.approx(0.048), 0, 0]


def test_the_status_and_headers_are_held_too_not_only_the_body() -> None:
    """As over a network, nothing of the response arrives before the latency: the pause comes first."""
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def pause(seconds: float) -> None:
        events.append("pause")

    async def send(message: Message) -> None:
        events.append(message["type"])

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    asyncio.run(NetworkLatency(app, 0.05, sleep=pause)({"type": "http"}, receive, send))
    assert events == ["pause", "http.response.start", "http.response.body"]


def test_lifespan_messages_pass_through_untimed() -> None:
    events: list[str] = []
    called: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        called.append(scope["type"])
        await receive()
        await send({"type": "lifespan.startup.complete"})

    async def pause(seconds: float) -> None:
        events.append("pause")

    async def send(message: Message) -> None:
        events.append(message["type"])

    async def receive() -> Message:
        return {"type": "lifespan.startup"}

    asyncio.run(NetworkLatency(app, 0.05, sleep=pause)({"type": "lifespan"}, receive, send))
    assert (called, events) == (["lifespan"], ["lifespan.startup.complete"])
