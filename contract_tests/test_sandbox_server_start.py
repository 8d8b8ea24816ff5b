"""Serving the sandbox over real loopback HTTP (`running_sandbox`, `serving`): it answers as soon as the
context is entered, is gone once it is left, and a sandbox that cannot start is an error at once rather
than a hang (the port it probed was taken by another process meanwhile)."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest
import uvicorn

from amplemarket_lead_lists.sandbox import server
from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.sandbox_harness import Clock


def test_the_sandbox_answers_as_soon_as_it_is_served_and_is_gone_once_it_stops() -> None:
    entered = time.monotonic()
    with running_sandbox(Settings()) as url:
        ready = time.monotonic() - entered
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert httpx.get(f"{url}/openapi.yaml").status_code == 200, "listening before the first request"
    assert ready < 1.0, "ready when uvicorn is (it is checked every 10 ms), not a poll interval later"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/openapi.yaml")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # uvicorn's thread exits
def test_a_sandbox_whose_port_was_taken_meanwhile_is_an_error_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        class Probe(socket.socket):
            """The free-port probe, which finds the port another process takes before uvicorn binds it."""

            def getsockname(self) -> tuple[str, int]:
                return ("127.0.0.1", port)

        monkeypatch.setattr(server, "socket", SimpleNamespace(socket=Probe))
        started = time.monotonic()
        refused = pytest.raises(RuntimeError, match=rf"^the sandbox did not start on 127\.0\.0\.1:{port}$")
        with refused, running_sandbox(Settings()):
            pass
        assert time.monotonic() - started < 5, "not left to run into the 10 s start deadline"


def test_no_thread_is_left_running_once_the_sandbox_stops() -> None:
    before = set(threading.enumerate())
    with running_sandbox(Settings()) as url:
        assert httpx.get(f"{url}/openapi.yaml").status_code == 200
    assert set(threading.enumerate()) <= before


class Stuck(uvicorn.Server):
    """A uvicorn that hangs: before it has started (`starts=False`), or after, ignoring `should_exit`."""

    starts = False
    release: threading.Event

    def run(self, sockets: list[socket.socket] | None = None) -> None:
        self.started = self.starts
        self.release.wait(10)


@pytest.fixture
def stuck(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Stuck]]:
    class Fresh(Stuck):
        release = threading.Event()

    monkeypatch.setattr(server, "uvicorn", SimpleNamespace(Config=uvicorn.Config, Server=Fresh))
    yield Fresh
    Fresh.release.set()


def test_a_sandbox_that_never_starts_is_given_up_on_after_10_s_checked_every_10_ms(
    stuck: type[Stuck], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock, sleeps = Clock(now=100.0), []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    monkeypatch.setattr(server, "time", SimpleNamespace(monotonic=clock, sleep=sleep))
    with pytest.raises(RuntimeError, match=r"^the sandbox did not start on 127\.0\.0\.1:"), running_sandbox(Settings()):
        pass
    assert 110.0 < clock.now <= 110.02 and set(sleeps) == {0.01}


def test_stopping_a_sandbox_that_will_not_stop_gives_up_waiting_after_10_s(
    stuck: type[Stuck], monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck.starts, waits = True, []

    class Thread(threading.Thread):
        def join(self, timeout: float | None = None) -> None:
            waits.append(timeout)
            super().join(0.01)

    monkeypatch.setattr(server, "threading", SimpleNamespace(Thread=Thread))
    with running_sandbox(Settings()):
        pass
    assert waits == [10]
