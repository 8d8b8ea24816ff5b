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


@dataclass(frozen=True)
class Seen:
    """One request as it arrived on the socket: the request line's method and target (exactly as
    sent, percent-encoding kept), the headers (names lower-cased) and the body."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    connection: int
    """Which accepted connection it came on (1-based, in accept order)."""


Answer = tuple[int, dict[str, str], bytes] | None
"""Status, headers and body; None: hold the request unanswered until the client leaves or the server stops."""


def routed(answer_for: Callable[[Seen], Answer], seen: list[Seen], left: threading.Event | None = None) -> Behaviour:
    """Answer every request on a keep-alive connection with `answer_for(request)`, noting each in `seen`;
    `left` is set when a client leaves while its request is held (`answer_for` gave None)."""
    counter = {"connections": 0}
    lock = threading.Lock()

    def behave(connection: Connection) -> None:
        with lock:
            counter["connections"] += 1
            number = counter["connections"]
        pending = b""
        while True:
            while b"\r\n\r\n" not in pending:
                chunk = _recv(connection)
                if not chunk:
                    return
                pending += chunk
            head, _, pending = pending.partition(b"\r\n\r\n")
            line, *fields = head.decode("latin-1").split("\r\n")
            method, target, _ = line.split(" ", 2)
            headers = {name.strip().lower(): value.strip() for name, _, value in (f.partition(":") for f in fields)}
            length = int(headers.get("content-length", "0"))
            while len(pending) < length:
                chunk = _recv(connection)
                if not chunk:
                    return
                pending += chunk
            request = Seen(method, target, headers, pending[:length], number)
            pending = pending[length:]
            with lock:
                seen.append(request)
            reply = answer_for(request)
            if reply is None:
                while connection.pause(0.01) and _still_there(connection):
                    pass
                if left is not None and not connection.stop.is_set():
                    left.set()
                return
            status, extra, content = reply
            fields_out = {"Content-Type": "application/vnd.amp+json", "Content-Length": str(len(content)), **extra}
            out = f"HTTP/1.1 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields_out.items()) + "\r\n"
            if not connection.send(out.encode() + content):
                return

    return behave


def _recv(connection: Connection) -> bytes:
    """The next bytes from the client; b"" once it has gone or the server stops."""
    while not connection.stop.is_set():
        try:
            return connection.sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            return b""
    return b""


def _still_there(connection: Connection) -> bool:
    """False once the client has closed the connection (a read returns end of file)."""
    try:
        connection.sock.setblocking(False)
        try:
            return connection.sock.recv(1, socket.MSG_PEEK) != b""
        finally:
            connection.sock.settimeout(POLL)
    except BlockingIOError:
        return True
    except OSError:
        return False


def json_answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return status, dict(headers or {}), json.dumps(body).encode()
