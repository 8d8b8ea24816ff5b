"""SIGTERM within a command is raised as Ctrl-C once, a second SIGTERM while the first is handled is
ignored (the sandbox state is being saved), and the handler before is put back after: the command run in
a process that had its own SIGTERM handler (a test runner, a service embedding it) leaves it in place."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from types import FrameType

import pytest

from amplemarket_lead_lists.cli.signals import Received, sigterm_as_interrupt


@pytest.fixture
def own_handler() -> Iterator[list[int]]:
    """A SIGTERM handler of the process's own, recording what it receives; the original put back after."""
    seen: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)

    original = signal.signal(signal.SIGTERM, handler)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGTERM, original)


def test_sigterm_is_an_interrupt_once_and_a_second_one_is_ignored(own_handler: list[int]) -> None:
    """The first SIGTERM raises KeyboardInterrupt and is noted; the second, during the clean-up, does not."""
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt() as received:
        signal.raise_signal(signal.SIGTERM)
    assert received.sigterm
    with sigterm_as_interrupt() as again:
        again.sigterm = True  # as if the first one were being handled
        try:
            signal.raise_signal(signal.SIGTERM)
        except KeyboardInterrupt:
            pytest.fail("a second SIGTERM interrupted the clean-up of the first")
    assert own_handler == []


def test_the_handler_before_is_put_back_after_the_block(own_handler: list[int]) -> None:
    """After the block, a SIGTERM goes to the process's own handler again, not to the command's."""
    with sigterm_as_interrupt() as received:
        pass
    try:
        signal.raise_signal(signal.SIGTERM)
    except KeyboardInterrupt:
        pytest.fail("SIGTERM after the block was still raised as an interrupt")
    assert own_handler == [signal.SIGTERM]
    assert not received.sigterm


def test_outside_the_main_thread_nothing_is_installed(own_handler: list[int]) -> None:
    """Python delivers signals to the main thread only: elsewhere the block runs with no handler set."""
    got: list[Received | Exception] = []

    def run() -> None:
        try:
            with sigterm_as_interrupt() as received:
                got.append(received)
        except Exception as error:  # reported by the assertion below
            got.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert got == [Received(sigterm=False)]
    signal.raise_signal(signal.SIGTERM)
    assert own_handler == [signal.SIGTERM]
