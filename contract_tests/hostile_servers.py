"""Real HTTP servers on 127.0.0.1 that misbehave in time, for the wall-clock deadline tests.

httpx's timeouts apply to each socket operation, so only a real socket shows whether a deadline holds
against a server that keeps sending a byte now and then: a mock transport answers at once. Each
server runs in threads of the test process, answers every connection the same way, and stops (its
threads joined, its sockets closed) when the `serving` block ends.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Behaviour = Callable[["Connection"], None]

POLL = 0.05
"""Seconds between checks of the stop flag while a handler waits."""


@dataclass
class Connection:
    """One accepted connection, with the server's stop flag."""

    sock: socket.socket
    stop: threading.Event

    def read_request(self) -> bytes:
        """The request head (up to the blank line), or b"" when the client left or the server stops."""
        data = b""
        while b"\r\n\r\n" not in data and not self.stop.is_set():
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return b""
            data += chunk
        return data

    def send(self, data: bytes) -> bool:
        """Send it all; False once the client has gone."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def pause(self, seconds: float) -> bool:
        """Sleep, waking early when the server stops; False if it stopped."""
        return not self.stop.wait(seconds)


def silent(connection: Connection) -> None:
    """Accept, read the request, never answer."""
    connection.read_request()
    while connection.pause(POLL):
        pass


MAX_DRIP = 10.0
"""Seconds a dripping server keeps it up before hanging up: a client that does not hold its deadline
fails its test in this time instead of hanging the run."""


def drip_body(interval: float, for_seconds: float = MAX_DRIP) -> Behaviour:
    """Send a 200's headers at once, then its body one byte every `interval` seconds (JSON whitespace
    that never ends, as far as the client can tell) for `for_seconds`."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amp+json\r\nContent-Length: 1000000\r\n\r\n"
    return _drip(head + b" ", b" ", interval, for_seconds)


def drip_headers(interval: float, for_seconds: float = MAX_DRIP) -> Behaviour:
    """Send the status line at once, then a header value one byte every `interval` seconds, for `for_seconds`."""
    return _drip(b"HTTP/1.1 200 OK\r\nX-Slow: ", b"x", interval, for_seconds)


def _drip(first: bytes, then: bytes, interval: float, for_seconds: float) -> Behaviour:
    def behave(connection: Connection) -> None:
        if not connection.read_request() or not connection.send(first):
            return
        ends = time.monotonic() + for_seconds
        while time.monotonic() < ends and connection.pause(interval) and connection.send(then):
            pass

    return behave


def answer(body: dict[str, Any]) -> Behaviour:
    """Answer every request with this JSON body (a well-behaved server, for comparison)."""
    content = json.dumps(body).encode()

    def behave(connection: Connection) -> None:
        while connection.read_request():
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amp+json\r\nContent-Length: {len(content)}\r\n\r\n"
            ).encode()
            if not connection.send(head + content):
                return

    return behave


@dataclass
class Server:
    url: str
    connections: int = 0


@contextmanager
def serving(behaviour: Behaviour) -> Iterator[Server]:
    """A server on 127.0.0.1 answering every connection with `behaviour`; stopped on exit."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(POLL)
    stop = threading.Event()
    handlers: list[threading.Thread] = []
    server = Server(f"http://127.0.0.1:{listener.getsockname()[1]}")

    def handle(sock: socket.socket) -> None:
        with sock:
            sock.settimeout(POLL)
            connection = Connection(sock, stop)
            server.connections += 1
            behaviour(connection)

    def accept() -> None:
        while not stop.is_set():
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=handle, args=(sock,), daemon=True)
            handlers.append(thread)
            thread.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield server
    finally:
        stop.set()
        acceptor.join()
        for thread in handlers:
            thread.join()
        listener.close()
