"""A new client waits at most 30 s between retries (`retry_backoff_cap`'s default): the backoff doubles
from 1 s, with jitter, and stops growing there however many retries the caller allows."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import respx

from amplemarket_lead_lists import AuthenticatedClient
from contract_tests.polling_harness import BASE, LL, TOKEN, Runner, error, respond

RETRIES = 24


@pytest.fixture
def seeded() -> Iterator[None]:
    """The jitter drawn from a fixed seed (the same draws every run); the global generator put back after."""
    state = random.getstate()
    random.seed(27)
    yield
    random.setstate(state)


def test_a_new_clients_backoff_stops_growing_at_30_seconds(run: Runner, api: respx.MockRouter, seeded: None) -> None:
    assert AuthenticatedClient(base_url=BASE, token=TOKEN).retry_backoff_cap == 30.0
    api.get(f"/lead-lists/{LL}").mock(side_effect=[error(503)] * RETRIES + [respond()])
    assert run.wait(timeout=None, max_retries=RETRIES).status == "completed"
    sleeps = run.time.sleeps
    assert len(sleeps) == RETRIES
    assert all(2**retry / 2 <= slept <= 2**retry for retry, slept in enumerate(sleeps[:5]))
    assert all(15.0 <= slept <= 30.0 for slept in sleeps[5:]), "scaled into [50 %, 100 %] of the cap"
    assert max(sleeps) > 29.0, "the cap is reached, not a lower one"
