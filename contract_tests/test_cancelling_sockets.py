"""A sync read-ahead is cancelled by shutting its socket down (`transport/cancelling.py`): a socket that
starts being read after the caller has already stopped is shut at once, not left to block until the
server answers."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from amplemarket_lead_lists.transport.cancelling import Cancellation


@pytest.fixture
def connected() -> Iterator[socket.socket]:
    """One end of a connected pair, non-blocking: a read that would block raises instead."""
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    with ours, theirs:
        yield ours


def test_a_socket_watched_after_cancelling_is_shut_at_once(connected: socket.socket) -> None:
    cancelled = Cancellation()
    cancelled.set()
    with cancelled.watching(connected):
        assert connected.recv(1) == b"", "shut down: the read ends at once"


def test_a_socket_watched_before_cancelling_is_shut_when_cancelled(connected: socket.socket) -> None:
    cancellation = Cancellation()
    with cancellation.watching(connected):
        with pytest.raises(BlockingIOError):
            connected.recv(1)  # nothing to read yet: a blocking read would wait for the server
        cancellation.set()
        assert connected.recv(1) == b""


def test_a_socket_no_longer_watched_is_left_alone(connected: socket.socket) -> None:
    cancellation = Cancellation()
    with cancellation.watching(connected):
        pass
    cancellation.set()
    with pytest.raises(BlockingIOError):
        connected.recv(1)
