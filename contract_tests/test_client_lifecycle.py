"""What a client's httpx clients become over its life: copies made with `with_*`, a client set by hand,
a child made by fork, event loops that end, and a status the spec does not document."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from amplemarket_lead_lists import AuthenticatedClient, Client
from amplemarket_lead_lists.api.lead_list import get_lead_list
from amplemarket_lead_lists.errors import UnexpectedStatus
from contract_tests.polling_harness import BASE, LL, TOKEN


def in_a_forked_child(question: Callable[[], bool]) -> bool:
    """The answer `question` gets in a child made by fork (as multiprocessing's default start on Linux)."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: its coverage is not collected
        answer = b"?"
        try:
            answer = b"1" if question() else b"0"
        finally:
            os.write(writing, answer)
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    assert answer in (b"0", b"1"), "the question raised in the child"
    return answer == b"1"


@pytest.fixture
def another_process(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Makes this process look like a child made by fork from here on (a new process id), in-process:
    what a forked child runs is not seen by the mutation tool's trace (its coverage is lost at `os._exit`)."""
    parent = os.getpid()
    return lambda: monkeypatch.setattr(os, "getpid", lambda: parent + 1)


def noting(seen: list[httpx.Request]) -> httpx.MockTransport:
    """A transport that notes each request in `seen` and answers 204."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    return httpx.MockTransport(handler)


def recording(seen: list[httpx.Request]) -> dict[str, Any]:
    return {"transport": noting(seen)}


def test_a_client_set_by_hand_is_kept_in_a_forked_child_even_after_one_was_built() -> None:
    """The caller's own httpx client is theirs to share (or not) across fork; only a client built here is dropped."""
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    built = client.get_httpx_client()
    mine = httpx.Client(base_url=BASE, transport=noting([]))
    client.set_httpx_client(mine)
    assert in_a_forked_child(lambda: client.get_httpx_client() is mine)
    assert in_a_forked_child(lambda: client.get_httpx_client() is not built)


def test_a_forked_child_builds_its_own_async_client() -> None:
    """A child made by fork never reuses the parent's async connections (built outside any event loop here)."""
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    parents = client.get_async_httpx_client()
    assert client.get_async_httpx_client() is parents
    assert in_a_forked_child(lambda: client.get_async_httpx_client() is not parents)


class _HooksThatPause(dict[str, list[Any]]):
    """Event hooks whose reading (while the client builds its httpx client) waits for `go`: a build
    caught half-way, as by a fork from another thread."""

    def __init__(self) -> None:
        super().__init__(request=[])
        self.reading, self.go = threading.Event(), threading.Event()

    def get(self, key: str, default: Any = None) -> Any:
        self.reading.set()
        self.go.wait()
        return super().get(key, default)


def test_a_child_forked_while_another_thread_builds_the_async_client_builds_its_own() -> None:
    """The lock the building thread held is dropped in the child, where that thread does not exist."""
    hooks = _HooksThatPause()
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"event_hooks": hooks})
    building = threading.Thread(target=client.get_async_httpx_client)
    building.start()
    hooks.reading.wait()

    def builds_its_own() -> bool:
        signal.alarm(10)  # a child stuck on the parent's lock dies instead of hanging the run
        hooks.go.set()
        return isinstance(client.get_async_httpx_client(), httpx.AsyncClient)

    try:
        assert in_a_forked_child(builds_its_own)
    finally:
        hooks.go.set()
        building.join()


def test_a_client_built_in_the_parent_is_replaced_in_the_child(another_process: Callable[[], None]) -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    parents, parents_async = client.get_httpx_client(), client.get_async_httpx_client()
    another_process()
    childs = client.get_httpx_client()
    assert childs is not parents and client.get_httpx_client() is childs
    assert client.get_async_httpx_client() is not parents_async


def test_a_client_set_by_hand_stays_in_the_child(another_process: Callable[[], None]) -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    client.get_httpx_client()
    mine = httpx.Client(base_url=BASE, transport=noting([]))
    my_async = httpx.AsyncClient(base_url=BASE, transport=noting([]))
    assert client.set_httpx_client(mine) is client and client.set_async_httpx_client(my_async) is client
    another_process()
    assert client.get_httpx_client() is mine and client.get_async_httpx_client() is my_async


def test_a_client_cannot_be_entered_twice() -> None:
    """As httpx's own: `with client:` opens it once, and closes it at the end of the block."""
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with client, pytest.raises(RuntimeError, match="more than once"), client:
        pass
    assert client.get_httpx_client().is_closed

    async def twice() -> None:
        async with client:
            with pytest.raises(RuntimeError, match="more than once"):
                async with client:
                    pass
        assert client.get_async_httpx_client().is_closed

    asyncio.run(twice())


def test_a_finished_event_loop_is_not_kept_alive_by_the_client() -> None:
    """Each `asyncio.run()` gets its own async client; the loops that have ended are let go when the next one comes."""
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    outside = client.get_async_httpx_client()  # outside any loop: kept too

    async def loop_and_client() -> tuple[weakref.ref[asyncio.AbstractEventLoop], httpx.AsyncClient]:
        return weakref.ref(asyncio.get_running_loop()), client.get_async_httpx_client()

    first_loop, first_client = asyncio.run(loop_and_client())
    _, second_client = asyncio.run(loop_and_client())
    gc.collect()
    assert second_client is not first_client and outside not in (first_client, second_client)
    assert first_loop() is None
    assert client.get_async_httpx_client() is outside


def test_with_headers_reaches_the_clients_already_built_and_the_copy() -> None:
    seen: list[httpx.Request] = []
    client = Client(base_url=BASE, headers={"X-Team": "a"}, httpx_args=recording(seen))
    client.get_httpx_client()
    built_async = client.get_async_httpx_client()
    copy = client.with_headers({"X-Trace": "1"})
    client.get_httpx_client().get("/a")
    copy.get_httpx_client().get("/b")
    assert [(request.headers["x-team"], request.headers["x-trace"]) for request in seen] == [("a", "1")] * 2
    assert built_async.headers["x-trace"] == "1"


def test_with_cookies_reaches_the_client_already_built_and_the_copy() -> None:
    seen: list[httpx.Request] = []
    client = Client(base_url=BASE, cookies={"region": "eu"}, httpx_args=recording(seen))
    client.get_httpx_client()
    copy = client.with_cookies({"session": "s1"})
    client.get_httpx_client().get("/a")
    copy.get_httpx_client().get("/b")
    assert [request.headers["cookie"] for request in seen] == ["region=eu; session=s1"] * 2


def test_with_cookies_and_with_timeout_reach_the_async_clients_already_built() -> None:
    client = Client(base_url=BASE, cookies={"region": "eu"})
    built = client.get_async_httpx_client()
    client.with_cookies({"session": "s1"})
    client.with_timeout(httpx.Timeout(3.0))
    assert dict(built.cookies) == {"region": "eu", "session": "s1"}
    assert built.timeout == httpx.Timeout(3.0)


def test_with_timeout_reaches_the_client_already_built_and_the_copy() -> None:
    client = Client(base_url=BASE)
    client.get_httpx_client()
    copy = client.with_timeout(httpx.Timeout(2.5))
    assert client.get_httpx_client().timeout == httpx.Timeout(2.5)
    assert copy.get_httpx_client().timeout == httpx.Timeout(2.5)


def test_an_undocumented_status_is_no_error_unless_asked() -> None:
    """`raise_on_unexpected_status` is off by default, as in openapi-python-client: the low-level call returns
    the response with nothing parsed."""

    def teapot(request: httpx.Request) -> httpx.Response:
        return httpx.Response(418, content=b"short and stout")

    transport = {"transport": httpx.MockTransport(teapot)}
    quiet = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args=transport)
    answer = get_lead_list.sync_detailed(LL, client=quiet)
    assert answer.status_code == 418 and answer.parsed is None
    strict = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args=transport, raise_on_unexpected_status=True)
    with pytest.raises(UnexpectedStatus) as caught:
        get_lead_list.sync_detailed(LL, client=strict)
    assert caught.value.status_code == 418


@pytest.mark.parametrize("get", ["get_httpx_client", "get_async_httpx_client"])
def test_threads_asking_for_the_client_while_it_is_built_all_get_that_one(get: str) -> None:
    """The second thread waits for the lock the first holds while building (outside any event loop, where
    every thread shares one async client), then takes the client the first built instead of building
    another whose connections would never be closed."""
    hooks = _HooksThatPause()
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"event_hooks": hooks})
    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(getattr(client, get)()))
    second = threading.Thread(target=lambda: got.append(getattr(client, get)()))
    first.start()
    hooks.reading.wait()  # the first holds the lock, half-way through building
    second.start()
    time.sleep(0.1)  # the second is now waiting for the lock (were it not yet, it would find the client built)
    hooks.go.set()
    first.join()
    second.join()
    assert len(got) == 2 and got[0] is got[1]
