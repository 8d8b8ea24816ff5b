"""Error paths of the command-line tool that no other test ran: a rejects file that is the input, a file
with no lead left, an add that stops part way (outcome known or not), a bad `list` filter, a conformance
server that cannot be reached, an OSError reaching the top of a command, and which of the library's
waits for the rate limit get a line. Each asserts the exit code and the message a user reads."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner, Result

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.operations import waiting
from contract_tests.polling_harness import CT, LL, TOKEN, FakeTime, body, error

runner = CliRunner()
API = "https://api.example.test"
EXIT_BAD_INPUT, EXIT_FAILED = 2, 1


@pytest.fixture
def real_api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", API)
    monkeypatch.delenv("AMPLEMARKET_OWNER", raising=False)


def one_lead(path: Path) -> Path:
    path.write_text("LinkedIn URL\nlinkedin.com/in/ana-lima\n")
    return path


def test_a_rejects_file_that_is_the_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """The rejects file would overwrite the input itself: bad input, named, and the input left intact."""
    source = one_lead(tmp_path / "in.csv")
    (tmp_path / "in.rejects.csv").symlink_to(source)
    result = runner.invoke(app, ["create", "--sandbox", str(source)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"error: {tmp_path / 'in.rejects.csv'} is the input file: give another file" in result.stderr
    assert source.read_text() == "LinkedIn URL\nlinkedin.com/in/ana-lima\n"


def test_a_file_whose_every_row_is_rejected_sends_nothing(tmp_path: Path) -> None:
    """No lead left after cleaning: bad input naming the file and the type, and no list is made."""
    source = tmp_path / "bad.csv"
    source.write_text("LinkedIn URL\nnot a url\n")
    result = runner.invoke(app, ["create", "--sandbox", "--type", "linkedin", str(source)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"error: {source}: no linkedin leads to send" in result.stderr
    assert result.stdout == ""


def add_answered(tmp_path: Path, answer: httpx.Response) -> tuple[Path, Result]:
    """`add` of one lead to LL, the API answering the add with `answer`."""
    source = one_lead(tmp_path / "in.csv")
    with respx.mock(base_url=API) as api:
        api.post(f"/lead-lists/{LL}/leads").mock(return_value=answer)
        return source, runner.invoke(app, ["add", LL, str(source)])


@pytest.mark.usefixtures("real_api_env")
def test_an_add_refused_part_way_says_what_is_in_the_list_and_how_to_go_on(tmp_path: Path) -> None:
    """A chunk the API refused (not the key) is a failed job with the `add --start` that sends the rest."""
    source, result = add_answered(tmp_path, error(404, "not_found"))
    assert result.exit_code == EXIT_FAILED, result.output
    assert f"error: upload of {source} to lead list {LL} stopped at leads 0-0 of 1" in result.stderr
    assert "which were not added; the first 0 are in the list" in result.stderr
    assert f"amplemarket-lead-lists add {LL} {source} --start 0" in result.stderr


@pytest.mark.usefixtures("real_api_env")
def test_an_add_whose_outcome_is_unknown_says_to_count_the_entries_first(tmp_path: Path) -> None:
    """A 500 may have added the chunk: the message must say so and give export, then `--start COUNT`."""
    source, result = add_answered(tmp_path, error(500, "internal"))
    assert result.exit_code == EXIT_FAILED, result.output
    assert "which may or may not be in the list; the first 0 are" in result.stderr
    assert f"`amplemarket-lead-lists export {LL} ENTRIES.csv`" in result.stderr
    assert f"amplemarket-lead-lists add {LL} {source} --start COUNT" in result.stderr


def test_list_with_both_name_filters_is_bad_input() -> None:
    """`--name` and `--name-contains` together break the request: bad input, nothing listed."""
    result = runner.invoke(app, ["list", "--sandbox", "--name", "a", "--name-contains", "b"])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.startswith("error: listing lead lists: invalid request: name: give exactly one of")
    assert result.stdout == ""


def test_conformance_against_a_server_that_cannot_be_reached_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """No server at the URL: bad input naming the URL and the error, no rule judged."""
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    with respx.mock(base_url=API) as api:
        api.get("/lead-lists").mock(side_effect=httpx.ConnectError("refused"))
        result = runner.invoke(app, ["conformance", "--base-url", API])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert f"error: {API} cannot be reached (ConnectError)" in result.stderr


def test_an_os_error_at_the_top_of_a_command_is_one_line_naming_the_file(tmp_path: Path) -> None:
    """A name too long for the file system is an OSError no check catches: one line, no traceback."""
    output = tmp_path / f"{'x' * 300}.csv"
    result = runner.invoke(app, ["export", "--sandbox", "ll_x", str(output)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.strip() == f"error: {output}: File name too long"


@pytest.fixture
def fake_sleep(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """`status` waits out a 429 or 503 in no time (the wait is only recorded)."""
    fake = FakeTime()
    defaults = waiting.wait_for_lead_list.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "sleep", fake.sleep)
    return fake


@pytest.mark.usefixtures("real_api_env")
@pytest.mark.parametrize(
    ("status", "seconds", "line"),
    [
        (429, 30, "waiting 30 s for the API's rate limit (HTTP 429, Retry-After)"),
        (429, 1, None),  # a wait under 2 s is the pace itself: a line for each would be noise
        (503, 30, None),  # a retry of an unavailable server is not a wait for the rate limit
    ],
)
def test_only_a_long_429_retry_after_is_said_as_a_wait_for_the_rate_limit(
    status: int, seconds: int, line: str | None, fake_sleep: FakeTime
) -> None:
    """A 429's long Retry-After gets a line saying why; a short one, or a 503's retry, gets none."""
    with respx.mock(base_url=API) as api:
        api.get(f"/lead-lists/{LL}").mock(
            side_effect=[
                error(status, "busy", retry_after=str(seconds)),
                httpx.Response(200, headers=CT, json=body("completed")),
            ]
        )
        result = runner.invoke(app, ["status", LL])
    assert result.exit_code == 0, result.output
    assert fake_sleep.sleeps == [float(seconds)]
    waits = [text for text in result.stderr.splitlines() if text.startswith("waiting")]
    assert waits == ([line] if line else [])
