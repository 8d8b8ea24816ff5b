"""The sync wall-clock deadline holds whatever connection a request goes out on.

`socket_deadline.py` bounds every socket read of a sync polling call by its deadline, through the
streams of the httpx client's pools. Those are installed when the client builds its httpx client, so
they hold for a keep-alive connection a generated `api.*` call opened before the first polling call
(before, it kept a plain stream: a server dripping the next answer's headers held the call for as
long as it dripped), and for a proxy from `HTTP_PROXY` (whose pool httpx mounts beside the default one).
Real sockets: a mock answers at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from amplemarket_lead_lists import AuthenticatedClient, LeadListError, wait_for_lead_list, wait_for_lead_list_async
from amplemarket_lead_lists.api.lead_list import get_lead_list
from amplemarket_lead_lists.transport.socket_deadline import DeadlineBackend
from contract_tests.hostile_servers import Behaviour, Connection, drip_headers, serving
from contract_tests.polling_harness import LL, TOKEN

DRIP = 0.3
"""Seconds between two bytes of a dripped header."""
DRIPS_FOR = 8.0
"""Seconds a server drips before it hangs up: what a call that does not hold its deadline takes."""
BOUND = 3.0
"""A deadline of 1 s, the grace of about a second, and slack for a loaded machine."""


def answer_once_then_drip(connection: Connection) -> None:
    """Answer the first request on a connection (keep-alive), then drip the next answer's headers."""
    if not connection.read_request():
        return
    content = b'{"id": "ll_1", "object": "lead_list", "status": "queued", "type": "linkedin", "leads": []}'
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amp+json\r\nContent-Length: {len(content)}\r\n\r\n"
    if connection.send(head.encode() + content):
        drip_headers(DRIP, DRIPS_FOR)(connection)


def timed_failure(call: Callable[[], object]) -> float:
    start = time.monotonic()
    with pytest.raises(LeadListError) as caught:
        call()
    assert TOKEN not in str(caught.value)
    return time.monotonic() - start


def test_a_connection_a_generated_call_left_in_the_pool_is_held_to_the_deadline() -> None:
    with serving(answer_once_then_drip) as server:
        client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        assert get_lead_list.sync_detailed(LL, client=client).status_code == 200
        elapsed = timed_failure(lambda: wait_for_lead_list(client, LL, timeout=1.0))
        connections = server.connections
    assert elapsed < BOUND, elapsed
    assert connections == 1  # the poll went out on the connection the generated call opened


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Sets `HTTP_PROXY` (and nothing that would exempt the API from it)."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    return lambda url: monkeypatch.setenv("HTTP_PROXY", url)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_proxy_from_the_environment_is_held_to_the_deadline(mode: str, proxy_env: Callable[[str], None]) -> None:
    dripping: Behaviour = drip_headers(DRIP, DRIPS_FOR)
    with serving(dripping) as proxy:
        proxy_env(proxy.url)
        client = AuthenticatedClient(base_url="http://api.lead-lists.invalid", token=TOKEN, allow_insecure_http=True)
        call: Callable[[], Any]
        if mode == "sync":
            call = lambda: wait_for_lead_list(client, LL, timeout=1.0)  # noqa: E731
        else:
            call = lambda: asyncio.run(wait_for_lead_list_async(client, LL, timeout=1.0))  # noqa: E731
        elapsed = timed_failure(call)
        connections = proxy.connections
    assert elapsed < BOUND, elapsed
    assert connections >= 1  # the request did go through the proxy


def test_every_pool_of_a_built_client_has_the_socket_deadline(proxy_env: Callable[[str], None]) -> None:
    proxy_env("http://127.0.0.1:9")
    http = AuthenticatedClient(base_url="https://api.lead-lists.invalid", token=TOKEN).get_httpx_client()
    transports = [http._transport, *(t for t in http._mounts.values() if t is not None)]
    assert len(transports) == 2
    for transport in transports:
        assert isinstance(transport._pool._network_backend, DeadlineBackend)  # type: ignore[attr-defined]


def test_an_httpx_client_set_by_hand_has_it_from_the_start() -> None:
    client = AuthenticatedClient(base_url="https://api.lead-lists.invalid", token=TOKEN)
    http = httpx.Client(base_url="https://api.lead-lists.invalid")
    client.set_httpx_client(http)
    assert isinstance(http._transport._pool._network_backend, DeadlineBackend)  # type: ignore[attr-defined]
