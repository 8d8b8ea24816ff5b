"""Which refusal of `add` is the key's fault and which is a job stopped part way. A 401 before any lead of
this run is in the list is a refused key (exit 2, set the key); a 401 after some chunks went in is a job
that stopped (exit 1) with the `add --start` that sends the rest, as the leads already added are kept.
A `--start` with nothing after it is bad input before anything is sent. Chunks of one lead (the library's
`chunk_size`) make a several-chunk add of three rows."""

from __future__ import annotations

import functools
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner, Result

from amplemarket_lead_lists import continue_upload
from amplemarket_lead_lists.cli import sending
from amplemarket_lead_lists.cli.app import app
from contract_tests.polling_harness import CT, LL, TOKEN, body, error

runner = CliRunner()
API = "https://api.example.test"
EXIT_BAD_INPUT, EXIT_FAILED = 2, 1
ADDED = httpx.Response(202, headers=CT, json=body("queued"))
KEY_REFUSED = "error: AMPLEMARKET_API_KEY: the API refused the key (HTTP 401"


@pytest.fixture(autouse=True)
def one_lead_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real API, and `add` sending one lead per chunk."""
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", API)
    monkeypatch.delenv("AMPLEMARKET_OWNER", raising=False)
    monkeypatch.setattr(sending, "continue_upload", functools.partial(continue_upload, chunk_size=1))


def add(tmp_path: Path, answers: list[httpx.Response], *options: str) -> tuple[Path, Result, respx.Route]:
    """`add LL` of three leads, the API answering each chunk in turn."""
    source = tmp_path / "in.csv"
    source.write_text("LinkedIn URL\nlinkedin.com/in/a\nlinkedin.com/in/b\nlinkedin.com/in/c\n")
    with respx.mock(base_url=API, assert_all_called=False) as api:
        route = api.post(f"/lead-lists/{LL}/leads").mock(side_effect=answers)
        return source, runner.invoke(app, ["add", LL, str(source), *options]), route


@pytest.mark.parametrize("start", [[], ["--start", "1"]])
def test_a_key_refused_on_the_first_chunk_of_the_run_is_a_refused_key(tmp_path: Path, start: list[str]) -> None:
    """Nothing of this run was added (from the file's start or from `--start`): the key is the fault."""
    _, result, route = add(tmp_path, [error(401, "unauthorized")], *start)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.splitlines()[-1].startswith(KEY_REFUSED)
    assert route.call_count == 1


def test_a_key_refused_after_a_chunk_went_in_is_a_job_stopped_part_way(tmp_path: Path) -> None:
    """A key revoked mid-add: the first lead is in the list, so the message says how to send the rest."""
    source, result, route = add(tmp_path, [ADDED, error(401, "unauthorized")])
    assert result.exit_code == EXIT_FAILED, result.output
    message = result.stderr.splitlines()[-1]
    assert message.startswith(f"error: upload of {source} to lead list {LL} stopped at leads 1-1 of 3 (HTTP 401")
    assert f"`amplemarket-lead-lists add {LL} {source} --start 1` sends the other 2, none twice" in message
    assert route.call_count == 2


def test_an_unknown_outcome_on_the_first_chunk_is_not_a_refused_key(tmp_path: Path) -> None:
    """A 500 on the run's first chunk may have added it: a failed job saying to count, not a key problem."""
    _, result, _ = add(tmp_path, [error(500, "internal")], "--start", "1")
    assert result.exit_code == EXIT_FAILED, result.output
    assert "which may or may not be in the list; the first 1 are" in result.stderr


@pytest.mark.parametrize("start", ["3", "4"])
def test_a_start_with_no_lead_after_it_is_bad_input_and_nothing_is_sent(tmp_path: Path, start: str) -> None:
    """`--start 3` of a three-lead file has nothing to send: said before any request."""
    source, result, route = add(tmp_path, [], "--start", start)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.splitlines()[-1] == (
        f"error: --start {start}: {source} has 3 leads to send, none after the first {start}"
    )
    assert route.call_count == 0
