"""Issue 12: the per-request deadline, seen from outside.

Each request's httpx timeouts are cut to the time left of the call (never below one second), a body
still arriving at the deadline is cut off even over a transport that is not httpx's own socket pool,
and the socket deadline of sync requests (`socket_deadline.py`) bounds only the requests made inside
it, keeps the client's own shorter timeouts, and leaves the connection pool working as httpx's own
(idle connections the server closed are not reused, sockets close with the client).
"""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import AuthenticatedClient, PollingTimeoutError, TransportError
from amplemarket_lead_lists.transport.socket_deadline import install, socket_deadline
from contract_tests.hostile_servers import Connection, answer, serving
from contract_tests.polling_harness import BASE, CT, LL, TOKEN, Runner, body, respond

GET = f"/lead-lists/{LL}"


def timeouts_sent(run: Runner, api: respx.MockRouter, **wait: Any) -> dict[str, float | None]:
    """The timeouts of the one poll of a `wait` that finds the list completed."""
    route = api.get(GET).mock(return_value=respond())
    run.wait(**wait)
    timeouts: dict[str, float | None] = route.calls.last.request.extensions["timeout"]
    return timeouts


def test_each_timeout_of_a_request_is_cut_to_the_time_left(run: Runner, api: respx.MockRouter) -> None:
    # The client's defaults: 10 s to connect, 30 s for the rest; 20 s left cuts all but the connect.
    assert timeouts_sent(run, api, timeout=20.0) == {"connect": 10.0, "read": 20.0, "write": 20.0, "pool": 20.0}


def test_a_request_sent_with_under_a_second_left_still_gets_one_second(run: Runner, api: respx.MockRouter) -> None:
    assert timeouts_sent(run, api, timeout=0.25) == {"connect": 1.0, "read": 1.0, "write": 1.0, "pool": 1.0}


def test_without_a_deadline_the_clients_own_timeouts_apply(run: Runner, api: respx.MockRouter) -> None:
    assert timeouts_sent(run, api, timeout=None) == {"connect": 10.0, "read": 30.0, "write": 30.0, "pool": 30.0}


def test_a_client_without_timeouts_still_gets_the_time_left(api: respx.MockRouter) -> None:
    run = Runner("sync", client=AuthenticatedClient(base_url=BASE, token=TOKEN, timeout=httpx.Timeout(None)))
    assert timeouts_sent(run, api, timeout=20.0) == {"connect": 20.0, "read": 20.0, "write": 20.0, "pool": 20.0}


class DrippedBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A completed lead list's JSON, a few bytes every `interval` seconds (2.5 s in all)."""

    def __init__(self, interval: float = 0.25, pieces: int = 10) -> None:
        content = json.dumps(body()).encode()
        size = -(-len(content) // pieces)
        self.pieces = [content[i : i + size] for i in range(0, len(content), size)]
        self.interval = interval

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            time.sleep(self.interval)
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            await asyncio.sleep(self.interval)
            yield piece


def test_a_body_still_dripping_at_the_deadline_is_cut_off_over_any_transport(
    run: Runner, api: respx.MockRouter
) -> None:
    """respx is a transport of its own, without the socket deadline: the body's reader holds it."""
    api.get(GET).mock(side_effect=lambda request: httpx.Response(200, headers=CT, stream=DrippedBody()))
    with pytest.raises((PollingTimeoutError, TransportError)) as raised:
        run.wait(timeout=0.1, max_retries=0)
    cause = raised.value if isinstance(raised.value, TransportError) else raised.value.__cause__
    assert isinstance(cause, TransportError) and cause.reason == "timed out waiting for the response"


# The socket deadline itself, on a real socket: a plain httpx client with the backend installed.


@pytest.fixture
def server() -> Iterator[str]:
    with serving(answer({"ok": True})) as running:
        yield running.url


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        install(client)
        yield client


def test_outside_a_deadline_an_installed_client_works_as_before(http: httpx.Client, server: str) -> None:
    assert http.get(server).json() == {"ok": True}


def test_a_deadline_already_passed_is_a_timeout_not_a_crash(http: httpx.Client, server: str) -> None:
    with socket_deadline(time.monotonic() - 1.0), pytest.raises(httpx.ConnectTimeout):
        http.get(server)


def test_a_deadline_bounds_only_the_requests_made_inside_it(http: httpx.Client, server: str) -> None:
    with socket_deadline(time.monotonic() - 1.0):
        pass
    assert http.get(server).json() == {"ok": True}


def test_within_a_deadline_a_request_finishes_normally(http: httpx.Client, server: str) -> None:
    with socket_deadline(time.monotonic() + 30.0):
        assert http.get(server).json() == {"ok": True}
    with httpx.Client(timeout=None) as unlimited, socket_deadline(time.monotonic() + 30.0):
        install(unlimited)
        assert unlimited.get(server).json() == {"ok": True}


def late_answer(connection: Connection) -> None:
    """Answer one request after 1.5 s."""
    if connection.read_request() and connection.pause(1.5):
        connection.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")


def test_the_clients_shorter_read_timeout_still_applies_inside_a_long_deadline() -> None:
    with (
        serving(late_answer) as slow,
        httpx.Client(timeout=httpx.Timeout(10.0, read=0.2)) as client,
        socket_deadline(time.monotonic() + 30.0),
    ):
        install(client)
        with pytest.raises(httpx.ReadTimeout):
            client.get(slow.url)


def answer_once_then_hang_up(connection: Connection) -> None:
    """Answer one request, keep-alive as far as the client knows, then close the connection."""
    if connection.read_request():
        connection.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")


def test_an_idle_connection_the_server_closed_is_not_reused(http: httpx.Client) -> None:
    with serving(answer_once_then_hang_up) as server, socket_deadline(time.monotonic() + 30.0):
        assert http.get(server.url).json() == {}
        time.sleep(0.2)  # the server hangs up the idle connection
        assert http.get(server.url).json() == {}
        assert server.connections == 2


def test_closing_the_client_closes_its_sockets(server: str) -> None:
    gc.collect()  # what earlier tests left unclosed warns now, not inside the recording below
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with httpx.Client() as client:
            install(client)
            with socket_deadline(time.monotonic() + 30.0):
                client.get(server)
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_proxy_pool_gets_the_socket_deadline_too(server: str) -> None:
    """httpx's own transport through a proxy is an httpcore pool too (see the module docstring)."""
    proxied = httpx.HTTPTransport(proxy=server)
    with httpx.Client(transport=proxied) as client:
        install(client)
        assert client.get("http://lead-lists.invalid/").json() == {"ok": True}
        with socket_deadline(time.monotonic() - 1.0), pytest.raises(httpx.TimeoutException):
            client.get("http://lead-lists.invalid/")  # on the pooled connection: its streams are bounded


def test_outside_a_deadline_the_clients_read_timeout_still_applies() -> None:
    with serving(late_answer) as slow, httpx.Client(timeout=httpx.Timeout(10.0, read=0.2)) as client:
        install(client)
        with pytest.raises(httpx.ReadTimeout):
            client.get(slow.url)


def test_a_unix_socket_transport_works_within_a_deadline(tmp_path: Path) -> None:
    path = str(tmp_path / "api.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen()

    def answer_one() -> None:
        sock, _ = listener.accept()
        with sock:
            sock.recv(65536)
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")

    thread = threading.Thread(target=answer_one, daemon=True)
    thread.start()
    with httpx.Client(transport=httpx.HTTPTransport(uds=path)) as client, socket_deadline(time.monotonic() + 30.0):
        install(client)
        assert client.get("http://api.local/").json() == {}
    thread.join()
    listener.close()
