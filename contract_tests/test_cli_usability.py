"""The command tells a new user what they need: its version, which variable holds a bad key, why it
waits, which column or header line to read, and which rows would fit another list type (issue 24)."""

from __future__ import annotations

import csv
import shlex
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from contract_tests.polling_harness import CT, LL, TOKEN, FakeTime, body, error, next_href

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "amplemarket-lead-lists"


def test_version_prints_the_installed_packages_version() -> None:
    installed = subprocess.run([COMMAND, "--version"], capture_output=True, text=True, timeout=30, check=False)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout == f"amplemarket-lead-lists {version('amplemarket-lead-lists')}\n"
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == installed.stdout


def test_version_from_a_source_folder_never_installed_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package run from its folder on sys.path has no distribution metadata: --version says so, exit 0."""

    def not_installed(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr("amplemarket_lead_lists.cli.app.version", not_installed)
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "amplemarket-lead-lists (not installed)\n"


BAD_KEY = "sk-live-0123456789abcdef"  # well formed, but not a key the sandbox knows (`sandbox-…`)


@pytest.fixture
def sandbox_over_http(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from amplemarket_lead_lists.sandbox.server import running_sandbox
    from amplemarket_lead_lists.sandbox.settings import Settings

    with running_sandbox(
        Settings(retry_after=2, queue_seconds=0.1, processing_seconds=0.1, seconds_per_lead=0.0)
    ) as base_url:
        monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
        monkeypatch.setenv("AMPLEMARKET_OWNER", "me@example.com")
        yield base_url


@pytest.mark.parametrize(
    "command",
    [
        ["enrich", "IN", "OUT"],
        ["create", "IN"],
        ["add", "ll_1", "IN"],
        ["status", "ll_1"],
        ["wait", "ll_1"],
        ["export", "ll_1", "OUT"],
        ["list"],
    ],
)
def test_a_key_the_api_refuses_names_the_variable_and_is_a_settings_error(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox_over_http: str
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("LinkedIn URL\nlinkedin.com/in/ana-lima\n")
    monkeypatch.setenv("AMPLEMARKET_API_KEY", BAD_KEY)
    words = [str(source) if word == "IN" else str(out) if word == "OUT" else word for word in command]
    result = runner.invoke(app, words)
    assert result.exit_code == 2, result.output  # README: 2 is bad input or settings, nothing sent
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith("error: AMPLEMARKET_API_KEY: the API refused the key (HTTP 401"), line
    assert "--sandbox" in line and BAD_KEY not in result.output
    assert not out.exists()


@pytest.mark.parametrize("refused", ["wait", "export"])
def test_a_key_refused_once_the_list_holds_the_leads_gives_the_way_to_finish(
    refused: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("LinkedIn URL\nlinkedin.com/in/ana-lima\n")
    with respx.mock(base_url="https://api.example.test") as api:
        api.post("/lead-lists").mock(return_value=httpx.Response(202, headers=CT, json=body("queued")))
        if refused == "wait":
            api.get(f"/lead-lists/{LL}").mock(return_value=error(401, "unauthorized"))
        else:  # the first page came with the completed list; the next one is refused
            completed = body("completed", range(1), next_href=next_href(0))
            api.get(f"/lead-lists/{LL}", params={"page[after]": "e00000"}).mock(return_value=error(401, "unauthorized"))
            api.get(f"/lead-lists/{LL}").mock(return_value=httpx.Response(200, headers=CT, json=completed))
        result = runner.invoke(app, ["enrich", "--owner", "me@example.com", str(source), str(out)])
    assert result.exit_code == 1, result.output  # leads were sent: not "nothing sent"
    assert "AMPLEMARKET_API_KEY: the API refused the key (HTTP 401" in result.stderr
    assert f"enrich --lead-list {LL} " in result.stderr and TOKEN not in result.output


def test_a_wait_for_the_clients_pace_is_a_line_saying_what_and_how_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox_over_http: str
) -> None:
    from amplemarket_lead_lists import RateLimiter
    from amplemarket_lead_lists.cli import connection

    fake = FakeTime()  # 2 requests a minute: the third page waits a (fake) minute for its slot
    monkeypatch.setattr(
        connection, "limiter_from_env", lambda: RateLimiter(2, 60.0, clock=fake.clock, sleep=fake.sleep)
    )
    monkeypatch.setenv("AMPLEMARKET_API_KEY", "sandbox-paced")
    made = httpx.post(
        f"{sandbox_over_http}/_sandbox/lead-lists",
        json={"entries": 250},
        headers={"Authorization": "Bearer sandbox-paced"},
    )
    out = tmp_path / "entries.csv"
    result = runner.invoke(app, ["export", made.json()["id"], str(out)])
    assert result.exit_code == 0, result.output
    assert fake.sleeps == [60.0]
    assert (
        "waiting 60 s for the API's rate limit (the client's pace: 2 requests per 60 s)" in result.stderr.splitlines()
    )


def test_a_429_wait_is_a_line_too_and_logged_at_info_by_the_installed_command(
    tmp_path: Path, sandbox_over_http: str
) -> None:
    key = {"Authorization": "Bearer sandbox-limited"}
    made = httpx.post(f"{sandbox_over_http}/_sandbox/lead-lists", json={"entries": 1}, headers=key).json()
    scenario = {"rate_limit_burst": 1, "fault_retry_after": 2}
    assert httpx.post(f"{sandbox_over_http}/_sandbox/scenario", json=scenario, headers=key).status_code == 200
    env = {
        "PATH": str(COMMAND.parent),
        "AMPLEMARKET_BASE_URL": sandbox_over_http,
        "AMPLEMARKET_API_KEY": "sandbox-limited",
        "AMPLEMARKET_LOG": "info",
    }
    status = subprocess.run(
        [COMMAND, "status", made["id"]], capture_output=True, text=True, timeout=30, check=False, env=env
    )
    assert status.returncode == 0, status.stderr
    lines = status.stderr.splitlines()
    assert "waiting 2 s for the API's rate limit (HTTP 429, Retry-After)" in lines
    assert any(line.endswith("; retrying in 2.0 s") and " INFO amplemarket_lead_lists]" in line for line in lines)


SALES_NAVIGATOR = (
    "Sales Navigator export,,\n"
    "Generated 2026-12-01,,\n"
    "\n"
    "CRM Id,LinkedIn Sales Navigator URL,Email\n"
    "c1,https://www.linkedin.com/in/kira-muller-504,kira@acme.com\n"
    "c2,linkedin.com/in/ana-lima,\n"
    "c3,not a profile,bo@acme.com\n"
)


@pytest.fixture
def no_api_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AMPLEMARKET_SANDBOX_STATE", str(tmp_path / "state.json"))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.usefixtures("no_api_env")
@pytest.mark.parametrize("header_line", [[], ["--header-line", "4"]])
def test_column_names_a_column_under_title_lines(tmp_path: Path, header_line: list[str]) -> None:
    source, out = tmp_path / "navigator.csv", tmp_path / "out.csv"
    source.write_text(SALES_NAVIGATOR)
    column = ["--column", "LinkedIn Sales Navigator URL"]
    result = runner.invoke(app, ["enrich", "--sandbox", *column, *header_line, str(source), str(out)])
    assert result.exit_code == 0, result.output
    if not header_line:
        assert f"{source}: the header is on line 4, under 3 title lines" in result.stderr
    assert "3 rows, 2 linkedin leads to send (0 duplicates removed, 1 rejected)" in result.stderr
    written = rows(out)
    assert [(row["CRM Id"], row["linkedin_url"]) for row in written] == [
        ("c1", "https://www.linkedin.com/in/kira-muller-504"),
        ("c2", "https://www.linkedin.com/in/ana-lima"),
    ]
    (reject,) = rows(tmp_path / "out.rejects.csv")
    assert (reject["line"], reject["CRM Id"], reject["reason"]) == ("7", "c3", "not a URL")


@pytest.mark.usefixtures("no_api_env")
def test_a_header_under_title_lines_is_found_by_its_column_names(tmp_path: Path) -> None:
    source, out = tmp_path / "emails.csv", tmp_path / "out.csv"
    source.write_text("My leads;\nQ3;\nName;E-mail\nAna;ana@acme.com\n")  # as a spreadsheet saves them
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "the header is on line 3, under 2 title lines" in result.stderr
    source.write_text("My leads\nQ3\nName;E-mail\nAna;ana@acme.com\n")  # no separator above the header
    again = runner.invoke(app, ["enrich", "--sandbox", "--header-line", "3", "--force", str(source), str(out)])
    assert again.exit_code == 0, again.output
    assert [(row["Name"], row["email"]) for row in rows(out)] == [("Ana", "ana@acme.com")]


@pytest.mark.usefixtures("no_api_env")
@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--column", "LinkedIn"], "error: --column 'LinkedIn': {source} has no such column; it has 'CRM Id', "),
        (["--column", "CRM Id"], "error: --column 'CRM Id': most of its values are neither LinkedIn URLs nor emails"),
        (["--header-line", "40"], "error: {source}: --header-line 40 is past the file's end"),
        (["--header-line", "0"], "Invalid value for '--header-line'"),
    ],
)
def test_a_column_or_header_line_that_is_not_there_is_bad_input(tmp_path: Path, words: list[str], message: str) -> None:
    source, out = tmp_path / "navigator.csv", tmp_path / "out.csv"
    source.write_text(SALES_NAVIGATOR)
    result = runner.invoke(app, ["enrich", "--sandbox", *words, str(source), str(out)])
    assert result.exit_code == 2, result.output
    assert message.format(source=source) in result.stderr
    assert not out.exists()


@pytest.mark.usefixtures("no_api_env")
def test_header_line_1_is_the_first_line(tmp_path: Path) -> None:
    """Lines count from 1, as an editor numbers them: `--header-line 1` is allowed and reads the first line."""
    source = tmp_path / "in.csv"
    source.write_text("LinkedIn URL\nlinkedin.com/in/ana-lima\n")
    result = runner.invoke(app, ["create", "--sandbox", "--header-line", "1", str(source)])
    assert result.exit_code == 0, result.output
    assert f"{source}: 1 row, 1 linkedin lead to send" in result.stderr


def test_the_way_to_finish_reads_the_file_as_it_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    source, out = tmp_path / "navigator.csv", tmp_path / "out.csv"
    source.write_text(SALES_NAVIGATOR)
    words = ["--column", "LinkedIn Sales Navigator URL", "--header-line", "4"]
    with respx.mock(base_url="https://api.example.test") as api:
        api.post("/lead-lists").mock(return_value=httpx.Response(202, headers=CT, json=body("queued")))
        api.get(f"/lead-lists/{LL}").mock(return_value=error(404, "not_found"))
        result = runner.invoke(app, ["enrich", "--owner", "me@example.com", *words, str(source), str(out)])
    assert result.exit_code == 1, result.output
    finish = shlex.join(["enrich", "--lead-list", LL, *words, str(source), str(out)])
    assert finish in result.stderr


def test_the_add_that_sends_the_rest_reads_the_file_as_it_was_read(tmp_path: Path) -> None:
    from amplemarket_lead_lists.cli.columns import ListType, Reading
    from amplemarket_lead_lists.cli.resuming import Uploaded

    reading = Reading(ListType.LINKEDIN, "LinkedIn Sales Navigator URL", 4)
    uploaded = Uploaded(tmp_path / "in.csv", 20_000, False, reading.words(), "ll_1", 10_000)
    words = ["--type", "linkedin", "--column", "LinkedIn Sales Navigator URL", "--header-line", "4"]
    assert (
        f"`{shlex.join(['amplemarket-lead-lists', 'add', 'll_1', str(tmp_path / 'in.csv'), *words])} --start COUNT`"
        in (uploaded.interrupted())
    )


@pytest.mark.usefixtures("no_api_env")
def test_rejected_rows_that_fit_another_list_type_get_a_hint_that_works(tmp_path: Path) -> None:
    source, out, emails = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "emails.csv"
    source.write_text(
        "CRM Id,LinkedIn URL,Email\n"
        "c1,linkedin.com/in/ana-lima,ana@acme.com\n"
        "c2,,bo@acme.com\n"
        "c3,acme.com/team,cy@acme.com\n"
        "c4,,\n"
    )
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    rejects = tmp_path / "out.rejects.csv"
    hint = (
        "  2 rejected rows have an email and no usable LinkedIn URL: "
        f"run again with --type email on {rejects} for those (a list of their own)"
    )
    assert hint in result.stderr.splitlines()
    again = runner.invoke(app, ["enrich", "--sandbox", "--type", "email", str(rejects), str(emails)])
    assert again.exit_code == 0, again.output
    assert sorted(row["CRM Id"] for row in rows(emails)) == ["c2", "c3"]


@pytest.mark.usefixtures("no_api_env")
def test_no_hint_when_no_rejected_row_fits_another_type(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("LinkedIn URL,Email\nlinkedin.com/in/ana-lima,\nnot a url,not an email\n")
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "run again with --type" not in result.stderr


@pytest.mark.usefixtures("no_api_env")
def test_the_sandbox_names_a_lead_after_its_profile_or_its_email(tmp_path: Path) -> None:
    """`make demo` reads true: a user checking the output row by row sees their own lead."""
    people, emails = tmp_path / "people.csv", tmp_path / "emails.csv"
    people.write_text("LinkedIn URL\nlinkedin.com/in/kira-muller-504\nlinkedin.com/in/joao-de-souza-3b2a\n")
    emails.write_text("Email\nana.lima@acme.com\nbo_berg+crm@acme.com\n")
    names: dict[str, tuple[str, str]] = {}
    for source in (people, emails):
        out = tmp_path / f"{source.stem}.out.csv"
        result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
        assert result.exit_code == 0, result.output
        names |= {row.get("LinkedIn URL") or row["Email"]: (row["first_name"], row["last_name"]) for row in rows(out)}
    assert names == {
        "linkedin.com/in/kira-muller-504": ("Kira", "Muller"),
        "linkedin.com/in/joao-de-souza-3b2a": ("Joao", "De Souza"),
        "ana.lima@acme.com": ("Ana", "Lima"),
        "bo_berg+crm@acme.com": ("Bo", "Berg"),
    }


def test_wait_and_enrich_wait_an_hour_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The documented default (an hour) reaches the waiting itself, and --timeout replaces it."""
    from amplemarket_lead_lists.cli.errors import InputError

    waited: list[float] = []

    def wait(client: object, lead_list_id: str, timeout: float, *args: object, **kwargs: object) -> object:
        waited.append(timeout)
        raise InputError("stopped by the test")

    def enrich(options: object, progress: object) -> object:
        waited.append(getattr(options, "timeout"))  # noqa: B009 (an EnrichOptions, typed `object` here)
        raise InputError("stopped by the test")

    monkeypatch.setattr("amplemarket_lead_lists.cli.app.wait", wait)
    monkeypatch.setattr("amplemarket_lead_lists.cli.app.enrich", enrich)
    source, output = str(tmp_path / "in.csv"), str(tmp_path / "out.csv")
    for args in (
        ["wait", LL],
        ["wait", LL, "--timeout", "5"],
        ["enrich", source, output],
        ["enrich", source, output, "--timeout", "7"],
    ):
        result = runner.invoke(app, [*args, "--sandbox"])
        assert result.exit_code == 2 and "stopped by the test" in result.stderr, result.output
    assert waited == [3600.0, 5.0, 3600.0, 7.0]
