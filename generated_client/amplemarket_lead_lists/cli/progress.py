"""What the user sees while the job runs: upload chunks, then one live line per wait (status, elapsed,
next poll), all on stderr so stdout stays for results.

Waits last minutes against the real API (the vendor asks for a poll every 60 s); a line that counts
the elapsed time and the next poll down shows the command is alive without polling any faster.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.text import Text

from .. import PollEvent, UploadProgress
from .terminal import printable


@dataclass
class WaitLine:
    """The live line: refreshed by rich several times a second, updated by every poll."""

    lead_list_id: str
    clock: Callable[[], float] = time.monotonic
    status: str = "submitted"
    polls: int = 0
    next_poll_at: float | None = None

    def __post_init__(self) -> None:
        self.started = self.clock()

    def update(self, event: PollEvent) -> None:
        self.status = str(event.lead_list.status)
        self.polls = event.attempt
        self.next_poll_at = None if event.next_delay is None else self.clock() + event.next_delay

    def __rich__(self) -> Text:
        now = self.clock()
        line = f"{self.status:<10} elapsed {now - self.started:4.0f} s  polls {self.polls}"
        if self.next_poll_at is not None:
            line += f"  next poll in {max(0.0, self.next_poll_at - now):3.0f} s"
        return Text(printable(line), overflow="fold")  # the status is the server's text


EXPORTED_EVERY = 5_000
SHOWN_WAIT = 2.0
"""A wait for the API's rate limit this long or longer gets a line (shorter ones are the pace itself)."""
LOGGER = "amplemarket_lead_lists"
"""The library's logger, whose records of a wait carry `wait_seconds` and `wait_reason` (README)."""


class RateLimitWaits(logging.Handler):
    """The library's records of a wait for the rate limit, as a line saying what and how long: a slot of
    the client's pace (the 501st request of an export waits about 40 s) or a 429's Retry-After, which
    would otherwise pass in silence. Only the record's numbers are shown, never the server's text."""

    def __init__(self, note: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.note = note

    def emit(self, record: logging.LogRecord) -> None:
        seconds, reason = getattr(record, "wait_seconds", None), getattr(record, "wait_reason", None)
        if not isinstance(seconds, int | float) or seconds < SHOWN_WAIT:
            return
        if reason == "pace":
            requests, per_seconds = getattr(record, "rate_limit", ("?", 60.0))
            why = f"the client's pace: {requests} requests per {per_seconds:g} s"
        elif reason == "rate_limited":
            why = "HTTP 429, Retry-After"
        else:
            return
        self.note(f"waiting {seconds:.0f} s for the API's rate limit ({why})")


@contextmanager
def rate_limit_waits(note: Callable[[str], None]) -> Iterator[None]:
    """For the block, the library's waits for the rate limit said by `note` (its logger lowered to INFO
    if need be; AMPLEMARKET_LOG's own handler, when set, logs them too)."""
    logger = logging.getLogger(LOGGER)
    level, handler = logger.level, RateLimitWaits(note)
    if not logger.isEnabledFor(logging.INFO):
        logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class Progress:
    """Reports to a rich console (stderr by default)."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True, soft_wrap=True)

    def note(self, message: str) -> None:
        """One line on the console, control characters escaped (ids and names are the server's text)."""
        self.console.print(printable(message), highlight=False, markup=False)

    def chunk(self, progress: UploadProgress) -> None:
        self.note(
            f"uploaded chunk {progress.chunk}/{progress.chunks}: {progress.accepted} of {progress.total} leads "
            f"in lead list {progress.lead_list.id}"
        )

    def exported(self, entries: int, path: Path) -> None:
        """Every EXPORTED_EVERY entries: a 60,000-entry export is 600 requests, more than a minute at
        the vendor's 500 a minute, which would otherwise pass in silence."""
        if entries % EXPORTED_EVERY == 0:
            self.note(f"{entries} entries written to {path} so far")

    @contextmanager
    def waiting(self, lead_list_id: str) -> Iterator[Callable[[PollEvent], None]]:
        """A live wait line for the block; yields the `on_poll` callback that updates it."""
        self.note(f"waiting for lead list {lead_list_id}")
        line = WaitLine(lead_list_id)
        if not self.console.is_terminal:  # a log or a pipe: one line per poll, nothing redrawn

            def logged(event: PollEvent) -> None:
                line.update(event)
                self.console.print(line)

            yield logged
            return
        with Live(line, console=self.console, refresh_per_second=4, transient=False):
            yield line.update
