"""The progress lines the command writes on stderr while a job runs: the live wait line (redrawn on a
terminal, one line per poll in a log), the count of entries exported every 5,000, and the line for a
wait for the API's rate limit. These are the only sign the command is alive during a wait of minutes,
so their text and their thresholds are pinned here without running a whole job."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from amplemarket_lead_lists import PollEvent
from amplemarket_lead_lists.cli.progress import LOGGER, Progress, WaitLine, rate_limit_waits
from amplemarket_lead_lists.models import LeadList
from contract_tests.polling_harness import FakeTime, body


def poll(status: str, attempt: int, next_delay: float | None) -> PollEvent:
    return PollEvent(LeadList.from_dict(body(status)), attempt, 1.0, next_delay)


def console(*, terminal: bool) -> tuple[Progress, StringIO]:
    out = StringIO()
    return Progress(Console(file=out, force_terminal=terminal, width=120)), out


def test_a_log_gets_one_line_per_poll_with_the_poll_count_and_the_next_poll() -> None:
    """Not a terminal: each poll is a line of its own saying status, poll number and when the next comes."""
    progress, out = console(terminal=False)
    with progress.waiting("ll_1") as on_poll:
        on_poll(poll("processing", 3, 60.0))
        on_poll(poll("completed", 4, None))
    lines = out.getvalue().splitlines()
    assert lines[0] == "waiting for lead list ll_1"
    assert lines[1].startswith("processing elapsed") and lines[1].endswith("polls 3  next poll in  60 s")
    assert lines[2].startswith("completed  elapsed") and lines[2].endswith("polls 4")


def test_a_terminal_gets_a_live_line_that_starts_before_the_first_poll() -> None:
    """On a terminal the line is drawn at once (submitted, no poll yet, no next poll), then redrawn."""
    progress, out = console(terminal=True)
    with progress.waiting("ll_1") as on_poll:
        on_poll(poll("processing", 3, 60.0))
    shown = out.getvalue()
    first, _, rest = shown.partition("\r")
    assert first.endswith("submitted  elapsed    0 s  polls 0")
    assert "processing elapsed    0 s  polls 3  next poll in  60 s\n" in rest


def test_a_next_poll_already_due_counts_down_to_zero_not_below() -> None:
    """A poll late on its schedule (a slow answer) shows `next poll in 0 s`, never a negative count."""
    fake = FakeTime()
    line = WaitLine("ll_1", clock=fake.clock)
    line.update(poll("processing", 2, 5.0))
    fake.sleep(3.0)
    assert str(line.__rich__()) == "processing elapsed    3 s  polls 2  next poll in   2 s"
    fake.sleep(10.0)
    assert str(line.__rich__()) == "processing elapsed   13 s  polls 2  next poll in   0 s"


@pytest.mark.parametrize(("entries", "said"), [(4_999, False), (5_000, True), (7_500, False), (10_000, True)])
def test_an_export_says_how_many_entries_are_written_every_5000(entries: int, said: bool) -> None:
    """A long export is a line per 5,000 entries written, and only then (a line per page would be noise)."""
    progress, out = console(terminal=False)
    progress.exported(entries, Path("out.csv"))
    assert out.getvalue() == (f"{entries} entries written to out.csv so far\n" if said else "")


@pytest.fixture
def notes() -> Iterator[list[str]]:
    """The lines said for the library's waits, for the test's block."""
    said: list[str] = []
    with rate_limit_waits(said.append):
        yield said


def wait(seconds: object, reason: object, **extra: object) -> None:
    """A record of a wait as the library logs it (README: `wait_seconds`, `wait_reason`)."""
    logging.getLogger(LOGGER).info("waiting", extra={"wait_seconds": seconds, "wait_reason": reason, **extra})


def test_a_wait_of_exactly_two_seconds_gets_a_line_and_a_shorter_one_none(notes: list[str]) -> None:
    """2 s is the threshold: at it a wait is said; below it the wait is the pace itself and says nothing."""
    wait(1.99, "rate_limited")
    wait(2, "rate_limited")
    assert notes == ["waiting 2 s for the API's rate limit (HTTP 429, Retry-After)"]


def test_a_record_without_a_wait_or_with_another_reason_gets_no_line(notes: list[str]) -> None:
    """Only a wait with a number of seconds and a known reason is said (other records are not waits)."""
    wait(None, "rate_limited")
    wait("30", "rate_limited")
    wait(30, "unavailable")
    logging.getLogger(LOGGER).info("no wait at all")
    assert notes == []


def test_a_pace_wait_names_the_limit_and_falls_back_to_a_minute(notes: list[str]) -> None:
    """The pace's figures come from the record; a record without them still says a per-minute pace."""
    wait(40, "pace", rate_limit=(500, 60.0))
    wait(40, "pace")
    assert notes == [
        "waiting 40 s for the API's rate limit (the client's pace: 500 requests per 60 s)",
        "waiting 40 s for the API's rate limit (the client's pace: ? requests per 60 s)",
    ]


def test_the_library_logger_is_lowered_for_the_block_only() -> None:
    """INFO records are on during the block and the logger's own level is back after it (a user's
    logging setup is not changed by running a command in the same process)."""
    logger = logging.getLogger(LOGGER)
    before = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with rate_limit_waits(lambda _: None):
            assert logger.isEnabledFor(logging.INFO)
        assert logger.level == logging.WARNING
        assert not logger.isEnabledFor(logging.INFO)
    finally:
        logger.setLevel(before)
