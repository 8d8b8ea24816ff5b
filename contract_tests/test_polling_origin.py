"""Nothing the client sends leaves the API's origin, a redirect the caller enabled included.

Against real servers on 127.0.0.1 (another port is another origin): a redirect that leads elsewhere
is refused before anything is sent there — no connection at all, so neither the key (whatever header
carries it), nor the leads, nor the caller's headers and cookies reach it — for the polling helpers
and the generated `api.*` functions, sync and async, and it is never retried. Before, httpx followed
the hop (stripping only `Authorization`) and the answer was refused afterwards; a hop away and back
even returned OK.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from amplemarket_lead_lists import (
    AuthenticatedClient,
    RateLimiter,
    UnsafeLinkError,
    create_lead_list,
    create_lead_list_async,
    wait_for_lead_list,
    wait_for_lead_list_async,
)
from amplemarket_lead_lists.api.lead_list import get_lead_list
from contract_tests.hostile_servers import Connection, serving
from contract_tests.polling_harness import BASE, CT, LL, TOKEN, body

MODES = ["sync", "async"]
CREATE: dict[str, Any] = {
    "name": "Q4 targets",
    "owner": "user@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://www.linkedin.com/in/jim-smith"}],
}
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Origin:
    """A server answering each request by its method and path (the query left out) from `routes`; it
    records the requests it got."""

    routes: dict[tuple[str, str], Answer] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)
    url: str = ""

    def behave(self, connection: Connection) -> None:
        head = connection.read_request()
        if not head:
            return
        method, target = (part.decode() for part in head.split(b" ", 2)[:2])
        drain_body(connection, head)
        path = target.partition("?")[0]
        self.received.append(f"{method} {path}")
        status, headers, content = self.routes.get((method, path), (404, {}, b""))
        lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(content)}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        connection.send(("\r\n".join(lines) + "\r\n\r\n").encode() + content)


def drain_body(connection: Connection, head: bytes) -> None:
    """Read the rest of the request's body: closing a socket with unread data resets the connection."""
    lines = head.partition(b"\r\n\r\n")[0].lower().split(b"\r\n")
    length = next((int(line.split(b":")[1]) for line in lines if line.startswith(b"content-length:")), 0)
    left = length - len(head.partition(b"\r\n\r\n")[2])
    while left > 0 and not connection.stop.is_set():
        try:
            chunk = connection.sock.recv(left)
        except TimeoutError:
            continue
        if not chunk:
            return
        left -= len(chunk)


def redirect(status: int, location: str) -> Answer:
    return status, {"Location": location}, b""


def completed() -> Answer:
    return 200, CT, json.dumps(body(entries=range(2))).encode()


@contextmanager
def origins() -> Iterator[tuple[Origin, Origin]]:
    """The API, and another origin (the same host, another port) that must never hear from the client."""
    api, other = Origin(), Origin()
    with ExitStack() as stack:
        api.url = stack.enter_context(serving(api.behave)).url
        other.url = stack.enter_context(serving(other.behave)).url
        yield api, other


def client_for(api: Origin, **settings: Any) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=api.url,
        token=TOKEN,
        headers={"X-Team": "growth"},
        cookies={"session": "s3cr3t"},
        httpx_args={"follow_redirects": True},
        **settings,
    )


def create(client: AuthenticatedClient, mode: str) -> object:
    if mode == "sync":
        return create_lead_list(client, CREATE)
    return asyncio.run(create_lead_list_async(client, CREATE))


def wait(client: AuthenticatedClient, mode: str, **kwargs: Any) -> object:
    if mode == "sync":
        return wait_for_lead_list(client, LL, **kwargs)
    return asyncio.run(wait_for_lead_list_async(client, LL, **kwargs))


KEY_HEADERS: dict[str, dict[str, str]] = {
    "Authorization: Bearer": {},
    "X-Api-Key without prefix": {"auth_header_name": "X-Api-Key", "prefix": ""},
}


@pytest.mark.parametrize("key_header", KEY_HEADERS.values(), ids=KEY_HEADERS.keys())
@pytest.mark.parametrize("mode", MODES)
def test_a_create_redirected_to_another_origin_sends_it_nothing(mode: str, key_header: dict[str, str]) -> None:
    with origins() as (api, other):
        api.routes[("POST", "/lead-lists")] = redirect(307, f"{other.url}/steal")
        with pytest.raises(UnsafeLinkError) as caught:
            create(client_for(api, **key_header), mode)
    assert other.received == []  # not the leads, not the key, not the headers or cookies: not a connection
    assert api.received == ["POST /lead-lists"]  # and not retried
    assert str(caught.value) == f"refusing to follow '{other.url}/steal': not on {api.url}"
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_that_repeats_the_key_is_refused_without_repeating_it(mode: str) -> None:
    with origins() as (api, other):
        api.routes[("POST", "/lead-lists")] = redirect(307, f"{other.url}/steal?key={TOKEN}")
        with pytest.raises(UnsafeLinkError) as caught:
            create(client_for(api), mode)
    assert other.received == []
    assert TOKEN not in str(caught.value) and TOKEN not in caught.value.href
    assert "[redacted]" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_hop_away_and_back_is_refused_at_the_hop_away(mode: str) -> None:
    with origins() as (api, other):
        api.routes[("GET", f"/lead-lists/{LL}")] = redirect(308, f"{other.url}/bounce")
        other.routes[("GET", "/bounce")] = redirect(307, f"{api.url}/lead-lists/{LL}/final")
        api.routes[("GET", f"/lead-lists/{LL}/final")] = completed()
        with pytest.raises(UnsafeLinkError, match="/bounce"):
            wait(client_for(api), mode)
    assert other.received == []
    assert api.received == [f"GET /lead-lists/{LL}"]


@pytest.mark.parametrize("mode", MODES)
def test_a_generated_function_is_held_to_the_origin_too(mode: str) -> None:
    with origins() as (api, other):
        api.routes[("GET", f"/lead-lists/{LL}")] = redirect(302, f"{other.url}/lead-lists/{LL}")
        client = client_for(api)
        with pytest.raises(UnsafeLinkError):
            if mode == "sync":
                get_lead_list.sync_detailed(LL, client=client)
            else:
                asyncio.run(get_lead_list.asyncio_detailed(LL, client=client))
    assert other.received == []


def test_an_absolute_url_to_another_origin_on_the_clients_httpx_client_is_refused() -> None:
    """The key is in the httpx client's default headers: whatever sends through it stays home."""
    with origins() as (api, other):
        http = client_for(api).get_httpx_client()
        with pytest.raises(UnsafeLinkError):
            http.get(f"{other.url}/anything")
    assert other.received == []


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_on_the_same_origin_is_still_followed(mode: str) -> None:
    with origins() as (api, other):
        api.routes[("GET", f"/lead-lists/{LL}")] = redirect(307, f"{api.url}/lead-lists/{LL}/moved")
        api.routes[("GET", f"/lead-lists/{LL}/moved")] = completed()
        lead_list: Any = wait(client_for(api), mode)
    assert lead_list.id == LL and len(lead_list.leads) == 2
    assert other.received == []


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_hop_does_not_wait_for_a_pacing_slot(mode: str) -> None:
    """The origin is checked before the rate limit is asked: with one request a minute allowed, the hop
    would otherwise wait for a slot until the deadline and fail as a timeout."""
    with origins() as (api, other):
        api.routes[("GET", f"/lead-lists/{LL}")] = redirect(307, f"{other.url}/x")
        client = client_for(api, rate_limiter=RateLimiter(1, 60.0))
        start = time.monotonic()
        with pytest.raises(UnsafeLinkError):
            wait(client, mode, timeout=5.0)
    assert time.monotonic() - start < 2.0
    assert other.received == []


def hop_away_and_back(request: httpx.Request) -> httpx.Response:
    if request.url.host == "evil.example":
        return httpx.Response(307, headers={"Location": f"{BASE}/lead-lists/{LL}/final"})
    if request.url.path == f"/lead-lists/{LL}":
        return httpx.Response(308, headers={"Location": "https://evil.example/bounce"})
    return httpx.Response(200, headers=CT, json=body())


@pytest.mark.parametrize("mode", MODES)
def test_with_an_httpx_client_set_by_hand_a_hop_away_is_still_refused(mode: str) -> None:
    """Such a client has no hook of ours (it is the caller's): the answer is refused once it has come,
    whichever hop left the origin, not only the last."""
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    transport = httpx.MockTransport(hop_away_and_back)
    setter: Callable[[Any], object]
    if mode == "sync":
        setter = client.set_httpx_client
        setter(httpx.Client(base_url=BASE, transport=transport, follow_redirects=True))
    else:
        setter = client.set_async_httpx_client
        setter(httpx.AsyncClient(base_url=BASE, transport=transport, follow_redirects=True))
    with pytest.raises(UnsafeLinkError, match=r"evil\.example"):
        wait(client, mode)
