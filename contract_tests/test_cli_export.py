"""`status`, `wait` and `export` against a respx-mocked API; export resumes after a failure or a kill
with every entry exactly once, continuing from the entry id stored in the file."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from contract_tests.polling_harness import LL, TOKEN, error, next_href, respond

BASE = "https://api.example.test"
GET = f"/lead-lists/{LL}"
runner = CliRunner()


@pytest.fixture(autouse=True)
def real_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", BASE)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


def page(api: respx.MockRouter, after: str | None, response: httpx.Response) -> respx.Route:
    params = {"page[size]": "100"} if after is None else {"page[size]": "100", "page[after]": after}
    return api.get(GET, params__eq=params).mock(return_value=response)


def ids(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return [json.loads(line)["entry_id"] for line in path.read_text().splitlines()]
    with path.open(newline="") as handle:
        return [row["entry_id"] for row in csv.DictReader(handle)]


def expected(n: int) -> list[str]:
    return [f"e{i:05d}" for i in range(n)]


@pytest.mark.parametrize("name", ["entries.csv", "entries.jsonl"])
def test_a_stopped_export_continues_where_it_stopped(api: respx.MockRouter, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    page(api, None, respond(entries=range(100), next_href=next_href(99)))
    page(api, "e00099", error(404, "not_found"))
    first = runner.invoke(app, ["export", LL, str(out)])
    assert first.exit_code == 1
    assert first.stderr.strip().endswith(
        f"100 entries are in {out}: run the same command again to continue after the last one"
    )
    assert ids(out) == expected(100)

    api.routes.clear()
    api.reset()
    again = page(api, "e00099", respond(entries=range(100, 150)))
    second = runner.invoke(app, ["export", LL, str(out)])
    assert second.exit_code == 0, second.output
    assert again.call_count == 1 and len(api.calls) == 1  # the first page is not fetched again
    assert f"{out} already has 100 entries: continuing after entry e00099" in second.stderr
    assert f"wrote 50 entries to {out} (150 in all)" in second.stdout
    assert ids(out) == expected(150)
    assert TOKEN not in first.output + second.output


@pytest.mark.parametrize("name", ["entries.csv", "entries.jsonl"])
def test_an_empty_file_made_beforehand_is_written_from_the_start(
    api: respx.MockRouter, tmp_path: Path, name: str
) -> None:
    """`mktemp` or `touch` first, as scripts do: an empty file is no other file, and no export to continue."""
    out = tmp_path / name
    out.touch()
    page(api, None, respond(entries=range(2)))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 0, result.output
    assert ids(out) == expected(2)


def test_a_continued_export_counts_the_entries_already_in_the_file_in_its_progress_lines(
    api: respx.MockRouter, tmp_path: Path
) -> None:
    """The line every 5,000 entries counts the file's entries, not this run's: 4,950 in it, 100 more say 5000."""
    out = tmp_path / "entries.jsonl"
    out.write_text("".join(json.dumps({"entry_id": entry_id}) + "\n" for entry_id in expected(4_950)))
    page(api, "e04949", respond(entries=range(4_950, 5_050)))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if "so far" in line] == [
        f"5000 entries written to {out} so far"
    ]
    assert ids(out) == expected(5_050)


@pytest.mark.parametrize(
    ("name", "cut"), [("entries.csv", "e00002,yes,https://www.linked"), ("entries.jsonl", '{"entry_id": "e00')]
)
def test_a_line_cut_off_by_a_kill_is_written_again_once(
    api: respx.MockRouter, tmp_path: Path, name: str, cut: str
) -> None:
    out = tmp_path / name
    page(api, None, respond(entries=range(2), next_href=next_href(1)))
    page(api, "e00001", error(404, "not_found"))
    assert runner.invoke(app, ["export", LL, str(out)]).exit_code == 1
    with out.open("a") as handle:
        handle.write(cut)  # the kill: half a row, no newline
    api.routes.clear()
    api.reset()
    page(api, "e00001", respond(entries=range(2, 5)))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 0, result.output
    assert ids(out) == expected(5)


def test_a_file_that_is_not_an_export_is_left_alone(api: respx.MockRouter, tmp_path: Path) -> None:
    out = tmp_path / "mine.csv"
    out.write_text("name,notes\nAna,keep me\n")
    route = api.route().mock(return_value=httpx.Response(500))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 2
    assert "is not an export of entries (its header differs)" in result.stderr
    assert out.read_text() == "name,notes\nAna,keep me\n"
    assert not route.called


@pytest.mark.parametrize("line", ['{"name": "Ana"}', "[1, 2]", "not json"])
def test_a_jsonl_file_with_a_line_that_is_not_an_entry_is_left_alone(
    api: respx.MockRouter, tmp_path: Path, line: str
) -> None:
    out = tmp_path / "mine.jsonl"
    kept = f'{{"entry_id": "e00000"}}\n{line}\n'
    out.write_text(kept)
    route = api.route().mock(return_value=httpx.Response(500))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 2
    assert f"{out}: line 2 is not an exported entry: choose another file" in " ".join(result.stderr.split())
    assert out.read_text() == kept
    assert not route.called


def test_status_is_one_request(api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond("processing", retry_after="60"))
    result = runner.invoke(app, ["status", LL])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"lead list {LL}: processing"
    assert route.call_count == 1


def test_wait_polls_until_completed(api: respx.MockRouter) -> None:
    api.get(GET).mock(side_effect=[respond("processing", retry_after="1"), respond("completed")])
    result = runner.invoke(app, ["wait", LL])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"lead list {LL}: completed"
    assert "processing" in result.stderr and "next poll in" in result.stderr


def test_a_missing_key_is_refused_before_any_request(api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMPLEMARKET_API_KEY")
    route = api.route().mock(return_value=httpx.Response(500))
    result = runner.invoke(app, ["status", LL])
    assert result.exit_code == 2
    assert "set AMPLEMARKET_API_KEY" in result.stderr
    assert not route.called


def test_create_add_wait_export_over_http_against_the_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from amplemarket_lead_lists.sandbox.server import running_sandbox
    from amplemarket_lead_lists.sandbox.settings import Settings

    first, more = tmp_path / "first.csv", tmp_path / "more.csv"
    first.write_text("Email\nana@acme.com\nANA@acme.com\nnot an email\n")
    more.write_text("E-mail;deal\nbo@acme.com;7\n")
    fast = Settings(retry_after=1, queue_seconds=0.1, processing_seconds=0.2, seconds_per_lead=0.0)
    with running_sandbox(fast) as base_url:
        monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
        monkeypatch.setenv("AMPLEMARKET_API_KEY", "sandbox-cli-test")
        created = runner.invoke(app, ["create", "--owner", "me@example.com", str(first)])
        assert created.exit_code == 0, created.output
        lead_list_id = created.stdout.strip()
        assert "1 email lead to send (1 duplicate removed, 1 rejected)" in created.stderr
        assert (tmp_path / "first.rejects.csv").read_text().splitlines()[1] == "4,not an email address,not an email"
        added = runner.invoke(app, ["add", lead_list_id, str(more)])
        assert added.exit_code == 0, added.output
        assert added.stdout.strip() == lead_list_id
        assert runner.invoke(app, ["wait", lead_list_id]).stdout.strip() == f"lead list {lead_list_id}: completed"
        out = tmp_path / "entries.jsonl"
        exported = runner.invoke(app, ["export", lead_list_id, str(out)])
    assert exported.exit_code == 0, exported.output
    emails = sorted(json.loads(line)["email"] for line in out.read_text().splitlines())
    assert emails == ["ana@acme.com", "bo@acme.com"]


def test_create_needs_an_owner_before_reading_or_sending(api: respx.MockRouter, tmp_path: Path) -> None:
    route = api.route().mock(return_value=httpx.Response(500))
    result = runner.invoke(app, ["create", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
    assert "--owner (or AMPLEMARKET_OWNER) is required" in result.stderr
    assert not route.called


def test_list_shows_the_accounts_lead_lists_newest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from amplemarket_lead_lists.sandbox.server import running_sandbox
    from amplemarket_lead_lists.sandbox.settings import Settings

    leads = tmp_path / "leads.csv"
    leads.write_text("Email\nana@acme.com\n")
    with running_sandbox(Settings(queue_seconds=0.1, processing_seconds=0.1, seconds_per_lead=0.0)) as base_url:
        monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
        monkeypatch.setenv("AMPLEMARKET_API_KEY", "sandbox-cli-list")
        made = [runner.invoke(app, ["create", "--owner", "me@example.com", str(leads)]).stdout.strip() for _ in "ab"]
        listed = runner.invoke(app, ["list"])
        newest = runner.invoke(app, ["list", "--limit", "1"])
        monkeypatch.setenv("AMPLEMARKET_API_KEY", "sandbox-cli-other")
        other = runner.invoke(app, ["list"])
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [row[0] for row in rows] == made[::-1]
    assert all(row[2] == "email" and row[3].startswith("email leads ") for row in rows)
    assert [line.split("\t")[0] for line in newest.stdout.splitlines()] == made[-1:]  # its status may have moved on
    assert other.exit_code == 0 and other.stdout == ""


def test_list_by_name_finds_the_list_a_lost_create_made(api: respx.MockRouter) -> None:
    summaries = [{"id": f"ll_{n}", "name": name} for n, name in enumerate(["nightly", "nightly copy", "Nightly"])]
    api.get("/lead-lists").mock(return_value=httpx.Response(200, json={"lead_lists": summaries, "_links": {}}))
    exact = runner.invoke(app, ["list", "--name", "nightly"])
    loose = runner.invoke(app, ["list", "--name-contains", "NIGHT"])
    assert [line.split("\t")[0] for line in exact.stdout.splitlines()] == ["ll_0"]
    assert [line.split("\t")[0] for line in loose.stdout.splitlines()] == ["ll_0", "ll_1", "ll_2"]


def test_list_shows_the_newest_100_unless_told_otherwise(api: respx.MockRouter) -> None:
    summaries = [{"id": f"ll_{n}", "name": f"list {n}"} for n in range(101)]
    later = {"next": {"href": "/lead-lists?page[size]=100&page[after]=ll_99"}}
    api.get("/lead-lists", params={"page[after]": "ll_99"}).mock(
        return_value=httpx.Response(200, json={"lead_lists": summaries[100:], "_links": {}})
    )
    api.get("/lead-lists").mock(return_value=httpx.Response(200, json={"lead_lists": summaries[:100], "_links": later}))
    shown = runner.invoke(app, ["list"])
    assert [line.split("\t")[0] for line in shown.stdout.splitlines()] == [f"ll_{n}" for n in range(100)]
    assert len(runner.invoke(app, ["list", "--limit", "101"]).stdout.splitlines()) == 101


def test_list_failure_is_one_line(api: respx.MockRouter) -> None:
    api.get("/lead-lists").mock(return_value=error(403, "forbidden"))  # a 401 names the key (test_cli_usability)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: listing lead lists: HTTP 403") and TOKEN not in result.output


def test_a_file_of_another_lists_entries_is_bad_input_not_run_again(api: respx.MockRouter, tmp_path: Path) -> None:
    out = tmp_path / "entries.csv"
    page(api, None, respond(entries=range(2)))
    assert runner.invoke(app, ["export", LL, str(out)]).exit_code == 0
    before = out.read_bytes()
    other = "22222222-2222-4222-8222-222222222222"
    refused = error(400, "invalid_cursor", parameter="page[after]")
    route = api.get(f"/lead-lists/{other}", params__contains={"page[after]": "e00001"}).mock(return_value=refused)
    result = runner.invoke(app, ["export", other, str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: {out} holds entries of another lead list (its last entry, e00001, is not in lead list {other}): "
        "choose another file"
    )
    assert route.called and out.read_bytes() == before


def test_a_bad_request_on_the_first_page_is_still_a_failure_to_run_again(api: respx.MockRouter, tmp_path: Path) -> None:
    out = tmp_path / "entries.csv"
    page(api, None, error(400, "invalid_cursor"))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 1, result.output
    assert "run the same command again" in result.stderr


def test_an_export_of_a_list_still_processing_says_to_wait_for_it(api: respx.MockRouter, tmp_path: Path) -> None:
    page(api, None, respond("processing"))
    result = runner.invoke(app, ["export", LL, str(tmp_path / "out.csv")])
    assert result.exit_code == 1
    assert not (tmp_path / "out.csv").exists(), "a file it created and wrote no entry to is not left behind"
    assert result.stderr.strip() == (
        f"error: lead list {LL} is still processing: `amplemarket-lead-lists wait {LL}` first, then export it"
    )


def test_an_export_of_a_canceled_list_says_its_status_not_to_wait_for_it(api: respx.MockRouter, tmp_path: Path) -> None:
    """Waiting helps only a list still on its way, and running the export again does not help either: a
    canceled list never completes. The command names no function of the library to its user."""
    page(api, None, respond("canceled"))
    result = runner.invoke(app, ["export", LL, str(tmp_path / "out.csv")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: lead list {LL} has status 'canceled': only a completed lead list has entries to export"
    )
    assert not (tmp_path / "out.csv").exists()


def test_a_continued_export_of_a_list_canceled_since_keeps_the_entries_already_written(
    api: respx.MockRouter, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    page(api, None, respond(entries=range(100), next_href=next_href(99)))
    page(api, "e00099", error(404, "not_found"))
    assert runner.invoke(app, ["export", LL, str(out)]).exit_code == 1
    api.routes.clear()
    page(api, "e00099", respond("canceled"))
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().endswith(
        f"error: lead list {LL} has status 'canceled': only a completed lead list has entries to export; "
        f"the 100 entries in {out} stay"
    )
    assert ids(out) == expected(100)


def test_ctrl_c_during_an_export_says_how_many_entries_are_in_and_how_to_go_on(
    api: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> Iterator[object]:
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr("amplemarket_lead_lists.cli.export.iter_lead_list_entries", interrupted)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", LL, str(out)])
    assert result.exit_code == 130
    assert result.stderr.strip() == (
        f"interrupted: no entry was written ({out} is not left behind); run the same command again to continue "
        "after the last one"
    )
    assert not out.exists()


def test_a_failed_export_keeps_the_entries_it_wrote(api: respx.MockRouter, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    page(api, None, respond(entries=range(2), next_href=next_href(1)))
    page(api, "e00001", error(404, "not_found"))
    assert runner.invoke(app, ["export", LL, str(out)]).exit_code == 1
    assert ids(out) == expected(2)
