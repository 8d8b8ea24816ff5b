"""SIGTERM handled as Ctrl-C: what `timeout`, systemd, Docker and CI send to stop a command.

Killed by SIGTERM's default action, `enrich` left no line saying which list holds the paid leads, and
the sandbox's lists were not saved, so the list it had made was gone. Raised as a KeyboardInterrupt,
SIGTERM goes the way Ctrl-C goes (the commands that finish the job, the sandbox state saved in its
`finally`), and the command exits 143 (128 + SIGTERM) instead of 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


@dataclass
class Received:
    """Whether SIGTERM arrived while the block ran."""

    sigterm: bool = False


@contextmanager
def sigterm_as_interrupt() -> Iterator[Received]:
    """Within the block, SIGTERM raises KeyboardInterrupt (once noted in what it yields); the handler
    before it is put back after. Outside the main thread (where Python delivers signals) it does nothing."""
    received = Received()
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if received.sigterm:  # a second one while the first is handled: the state is being saved
            return
        received.sigterm = True
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, before)
