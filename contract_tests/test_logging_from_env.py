"""`AMPLEMARKET_LOG=debug|info` switches the library's logger on, to stderr, once per process, when the
first client is built (the subprocess test in test_client_setup.py runs it end to end; here in-process,
where each step can be seen: one handler however many clients, the level asked for, a readable format)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.base_client import settings
from contract_tests.polling_harness import BASE, TOKEN

LOGGER = logging.getLogger("amplemarket_lead_lists")


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As in a process where no client was built yet; the logger is put back as it was after."""
    handlers, level = list(LOGGER.handlers), LOGGER.level
    monkeypatch.setitem(settings._logging, "configured", False)
    yield
    LOGGER.handlers[:] = handlers
    LOGGER.setLevel(level)


@pytest.mark.parametrize("level", ["info", " DEBUG "])
def test_the_first_client_switches_logging_on_at_the_level_asked(
    level: str, fresh_process: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AMPLEMARKET_LOG", level)
    AuthenticatedClient(base_url=BASE, token=TOKEN)
    AuthenticatedClient(base_url=BASE, token=TOKEN)  # a second client adds no second handler
    assert LOGGER.level == logging.getLevelName(level.strip().upper())
    LOGGER.info("one line")
    LOGGER.debug("detail")
    lines = capsys.readouterr().err.splitlines()
    assert [line.split("] ", 1)[1] for line in lines] == ["one line", *(["detail"] if "DEBUG" in level else [])]
    assert lines[0].startswith("[") and " INFO amplemarket_lead_lists] one line" in lines[0]


@pytest.mark.parametrize("value", ["", "loud"])
def test_another_value_leaves_logging_to_the_application(
    value: str, fresh_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLEMARKET_LOG", value)
    handlers, level = list(LOGGER.handlers), LOGGER.level
    AuthenticatedClient(base_url=BASE, token=TOKEN)
    assert (LOGGER.handlers, LOGGER.level) == (handlers, level)
