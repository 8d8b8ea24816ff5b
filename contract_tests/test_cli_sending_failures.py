"""How `create` and `add` end when the library refuses or stops the upload, each with the exit code and
the one line a user acts on: a body the spec refuses (too many leads, a bad list id) is bad input naming
the file; a create the API refused is a failed job; Ctrl-C during an add says how to send the rest; a key
the library reports refused is a key problem. Also the notes `prepare` writes before anything is sent:
an input read as Windows-1252, and an earlier run's rejects file removed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists import AuthenticationError, ClientClosedError
from amplemarket_lead_lists.cli import sending
from amplemarket_lead_lists.cli.app import app
from contract_tests.polling_harness import LL, TOKEN, error

runner = CliRunner()
API = "https://api.example.test"
EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED = 2, 1, 130


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    """The real API (mocked: a request no test expects fails it), with an owner for `create`."""
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", API)
    monkeypatch.setenv("AMPLEMARKET_OWNER", "me@example.com")
    with respx.mock(base_url=API, assert_all_called=False) as router:
        yield router


def emails(path: Path, count: int = 1) -> Path:
    path.write_text("Email\n" + "".join(f"p{n}@acme.com\n" for n in range(count)))
    return path


def test_more_leads_than_a_list_holds_is_bad_input_naming_the_file(tmp_path: Path, api: respx.MockRouter) -> None:
    """60,001 leads: refused by the library before the first request, as the file's fault."""
    source = emails(tmp_path / "in.csv", 60_001)
    result = runner.invoke(app, ["create", str(source)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.splitlines()[-1] == (
        f"error: {source}: invalid request: /leads: has 60001 leads; a lead list holds at most 60000"
    )
    assert not api.calls


def test_an_add_to_an_empty_list_id_is_bad_input(tmp_path: Path, api: respx.MockRouter) -> None:
    source = emails(tmp_path / "in.csv")
    result = runner.invoke(app, ["add", "", str(source)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.splitlines()[-1] == (
        f"error: {source}: invalid request: id: must be a lead list id or LeadList, got ''"
    )
    assert not api.calls


def test_a_create_the_api_refused_is_a_failed_job_naming_the_file(tmp_path: Path, api: respx.MockRouter) -> None:
    source = emails(tmp_path / "in.csv")
    api.post("/lead-lists").mock(return_value=error(409, "conflict"))
    result = runner.invoke(app, ["create", str(source)])
    assert result.exit_code == EXIT_FAILED, result.output
    assert result.stderr.splitlines()[-1] == (
        f"error: upload of {source} stopped: HTTP 409 from POST /lead-lists: conflict conflict happened"
    )
    assert isinstance(result.exception, SystemExit), "a clean exit with the one line, not a traceback"


def interrupt(request: httpx.Request) -> NoReturn:
    raise KeyboardInterrupt


def test_ctrl_c_during_an_add_says_how_to_send_the_rest(tmp_path: Path, api: respx.MockRouter) -> None:
    source = emails(tmp_path / "in.csv")
    api.post(f"/lead-lists/{LL}/leads").mock(side_effect=interrupt)
    result = runner.invoke(app, ["add", LL, str(source)])
    assert result.exit_code == EXIT_INTERRUPTED, result.output
    message = result.stderr.splitlines()[-1]
    assert message.startswith(f"interrupted while uploading {source}: lead list {LL} holds the first 0 of 1 leads")
    assert f"`amplemarket-lead-lists add {LL} {source} --start COUNT` sends the rest, none twice" in message


def refused_key() -> AuthenticationError:
    request = httpx.Request("POST", f"{API}/lead-lists/{LL}/leads")
    return AuthenticationError(httpx.Response(401, request=request), [])


@pytest.mark.parametrize(
    ("raised", "code", "said"),
    [
        (refused_key, EXIT_BAD_INPUT, "error: AMPLEMARKET_API_KEY: the API refused the key (HTTP 401"),
        (ClientClosedError, EXIT_FAILED, "error: adding {source} to lead list ll_1 stopped: the client is closed"),
    ],
)
def test_an_error_the_library_raises_for_an_add_is_said_by_its_kind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    api: respx.MockRouter,
    raised: Callable[[], Exception],
    code: int,
    said: str,
) -> None:
    """`continue_upload` may raise an API error itself rather than a PartialUploadError: a refused key
    is the key's fault (exit 2), any other a failed job naming the file and the list (exit 1)."""

    def failing(*args: object, **kwargs: object) -> NoReturn:
        raise raised()

    monkeypatch.setattr(sending, "continue_upload", failing)
    source = emails(tmp_path / "in.csv")
    result = runner.invoke(app, ["add", LL, str(source)])
    assert result.exit_code == code, result.output
    assert result.stderr.splitlines()[-1].startswith(said.format(source=source))


@pytest.fixture
def no_api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_api_env")
def test_an_input_read_as_windows_1252_is_said(tmp_path: Path) -> None:
    """A file that is not UTF-8 is read as Excel writes it, and the user is told (a wrong guess shows)."""
    source = tmp_path / "in.csv"
    source.write_bytes("Email,Name\nana@acme.com,Müller\n".encode("cp1252"))
    result = runner.invoke(app, ["create", "--sandbox", str(source)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "Windows-1252" in line]
    assert len(notes) == 1 and notes[0].startswith(f"{source}: ")


@pytest.mark.usefixtures("no_api_env")
def test_an_earlier_runs_rejects_file_is_removed_and_said(tmp_path: Path) -> None:
    """A rejects file left by an earlier run would contradict `0 rejected`: it goes (with --force, as it
    holds rows), with a line saying so."""
    source, rejects = tmp_path / "in.csv", tmp_path / "in.rejects.csv"
    source.write_text("LinkedIn URL\nlinkedin.com/in/ana\nnot a url\n")
    assert runner.invoke(app, ["create", "--sandbox", str(source)]).exit_code == 0
    assert rejects.exists()
    source.write_text("LinkedIn URL\nlinkedin.com/in/ana\n")
    result = runner.invoke(app, ["create", "--sandbox", "--force", str(source)])
    assert result.exit_code == 0, result.output
    assert f"  {rejects} of an earlier run removed: no row is rejected now" in result.stderr.splitlines()
    assert not rejects.exists()
