"""The bounds on a rate-limited page's wait, and the debug line of a request that never left the client.

A server's `Retry-After` is honoured, but within bounds: a 429 asking for no wait is still waited a second
(retrying at once would only meet another 429), and one asking for a day is waited no longer than the
page's 600 s budget allows. A transport error raised by the caller's own request hook carries no
request; debug logging must still name the exchange, not crash on it.
"""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from amplemarket_lead_lists import AuthenticatedClient, TransportError, iter_lead_list_entries
from contract_tests.polling_harness import BASE, LL, TOKEN, FakeTime, Runner, error, respond

GET = f"/lead-lists/{LL}"


@pytest.mark.parametrize(("retry_after", "waited"), [("0", 1.0), ("86400", 600.0)])
def test_a_429s_retry_after_is_kept_between_a_second_and_the_pages_budget(
    run: Runner, api: respx.MockRouter, retry_after: str, waited: float
) -> None:
    api.get(GET).mock(side_effect=[error(429, "rate_limited", retry_after=retry_after), respond(entries=range(3))])
    assert [entry.id for entry in run.entries(LL)] == ["e00000", "e00001", "e00002"]
    assert run.time.sleeps == [waited]


def test_a_503_asking_for_no_wait_is_retried_at_once(run: Runner, api: respx.MockRouter) -> None:
    """Unlike a 429 (at least a second), a 5xx's Retry-After of 0 is taken as it is."""
    api.get(GET).mock(side_effect=[error(503, "unavailable", retry_after="0"), respond(entries=range(3))])
    assert len(run.entries(LL)) == 3
    assert run.time.sleeps == [0.0]


def test_a_transport_error_from_the_callers_own_hook_is_logged_and_raised(caplog: pytest.LogCaptureFixture) -> None:
    def offline(request: httpx.Request) -> None:
        raise httpx.ConnectError("the caller's circuit breaker is open")

    client = AuthenticatedClient(
        base_url=BASE, token=TOKEN, rate_limiter=None, max_retries=0, httpx_args={"event_hooks": {"request": [offline]}}
    )
    time = FakeTime()
    with caplog.at_level(logging.DEBUG, logger="amplemarket_lead_lists"), pytest.raises(TransportError) as caught:
        list(iter_lead_list_entries(client, LL, sleep=time.sleep, clock=time.clock))
    assert f"GET /lead-lists/{LL} -> ConnectError" in caplog.messages
    assert str(caught.value) == f"GET /lead-lists/{LL} failed after 1 attempt(s): could not connect (ConnectError)"
