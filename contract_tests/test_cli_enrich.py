"""`amplemarket-lead-lists enrich`: the whole job through the command, against the embedded sandbox
(over real HTTP) or a respx-mocked API, with the exit codes and messages a user sees."""

from __future__ import annotations

import codecs
import csv
import json
import re
import shlex
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.cleaning import Reject
from amplemarket_lead_lists.cli.csv_input import CsvRow
from amplemarket_lead_lists.cli.output import rejects_file
from contract_tests.polling_harness import CT, LL, TOKEN, body, next_href

runner = CliRunner()
MESSY = (
    "CRM Id;LinkedIn URL;Notes\n"
    "c1;https://www.linkedin.com/in/ana-lima;first\n"
    "c2;HTTPS://WWW.LINKEDIN.COM/IN/ANA-LIMA/;same person, upper case\n"
    "c3;linkedin.com/in/bo-berg;no scheme\n"
    "c4;https://www.linkedin.com/company/acme;a company\n"
    "c5;example.com/linkedin.com/in/x;another site\n"
    "c6;jim smith;free text\n"
    "c7;http://uk.linkedin.com/in/Cleo-Diaz?trk=x;café\n"
)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def no_api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AMPLEMARKET_API_KEY", "AMPLEMARKET_BASE_URL", "AMPLEMARKET_OWNER"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_api_env")
def test_a_messy_csv_is_cleaned_sent_once_per_person_and_joined_back(tmp_path: Path) -> None:
    source = tmp_path / "leads.csv"
    source.write_bytes(codecs.BOM_UTF8 + MESSY.encode())
    out = tmp_path / "out" / "enriched.csv"
    out.parent.mkdir()
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    written = rows(out)
    by_crm = {r["CRM Id"]: r for r in written}
    assert sorted(by_crm) == ["c1", "c2", "c3", "c7"]  # the duplicate keeps its row; rejects are not sent
    assert by_crm["c1"]["entry_id"] == by_crm["c2"]["entry_id"] != ""
    assert by_crm["c7"]["linkedin_url"] == "https://www.linkedin.com/in/cleo-diaz"
    assert by_crm["c7"]["Notes"] == "café"
    assert len({r["entry_id"] for r in written}) == 3
    rejects = rows(tmp_path / "out" / "enriched.rejects.csv")
    assert [(r["line"], r["CRM Id"], r["reason"]) for r in rejects] == [
        ("5", "c4", "not a person's profile (/in/<name>): a /company/ page"),
        ("6", "c5", "not a linkedin.com URL"),
        ("7", "c6", "not a URL"),
    ]
    assert "7 rows, 3 linkedin leads to send (1 duplicate removed, 3 rejected)" in result.stderr
    assert "line 6: not a linkedin.com URL" in result.stderr
    assert re.search(r"rows written +│ 4 ", result.stdout)
    assert re.search(r"duplicates +│ 1 ", result.stdout)


@pytest.mark.usefixtures("no_api_env")
def test_an_email_list_is_inferred_and_written_as_json_lines(tmp_path: Path) -> None:
    source = tmp_path / "emails.csv"
    source.write_text("Email Address\tdeal\nAna@Acme.com\t7\nnot-an-email\t8\nana@acme.com\t9\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["deal"], r["email"]) for r in records] == [("7", "ana@acme.com"), ("9", "ana@acme.com")]
    assert "3 rows, 1 email lead to send (1 duplicate removed, 1 rejected)" in result.stderr


@pytest.fixture
def fast_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANDBOX_QUEUE_SECONDS", "0")  # lists complete at once
    monkeypatch.setenv("SANDBOX_PROCESSING_SECONDS", "0")


@pytest.mark.usefixtures("no_api_env", "fast_sandbox")
def test_the_summary_says_where_the_rows_are_and_from_which_list_then_the_counts(tmp_path: Path) -> None:
    """stdout, for a script or a log: the output file, the list's type and id (to export it again), the counts."""
    source, out = tmp_path / "emails.csv", tmp_path / "out.csv"
    source.write_text("Email\nana@acme.com\n")
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    lead_list_id = re.findall(r"in lead list (\S+)", result.stderr)[0]
    first, *table = result.stdout.splitlines()
    assert first == f"wrote {out} from email lead list {lead_list_id}"
    assert re.findall(r"│ (.+?) +│ (\d+) │", "\n".join(table)) == [
        ("rows written", "1"), ("entries", "1"), ("matched", "1"), ("duplicates", "0"), ("rejected", "0"),
        ("email deliverable", "1"),
    ]  # fmt: skip


@pytest.mark.usefixtures("no_api_env")
def test_the_real_api_needs_an_owner_before_any_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    with respx.mock(assert_all_called=False) as api:
        anything = api.route().mock(return_value=httpx.Response(500))
        result = runner.invoke(app, ["enrich", str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert "--owner (or AMPLEMARKET_OWNER) is required against the real API" in result.stderr
    assert not anything.called
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.usefixtures("no_api_env")
def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name\nAna\n")
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {source}: the header must have a LinkedIn URL, an email, or a title and company column; it has 'name'"
    ]
    missing = runner.invoke(app, ["enrich", "--sandbox", str(tmp_path / "nope.csv"), str(tmp_path / "out.csv")])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output and "cannot read" in missing.stderr


@pytest.mark.parametrize(
    "args",
    [["enrich"], ["enrich", "in.csv", "out.csv", "--type", "bogus"], ["bogus"], ["enrich", "--no-such-option"]],
    ids=["missing argument", "bad choice", "unknown command", "unknown option"],
)
def test_a_usage_error_is_one_plain_error_line_after_the_usage(args: list[str]) -> None:
    """As any command-line tool's: not a box drawn over several lines that a script cannot grep."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert not set("╭╮╰╯│─") & set(result.stderr)


def test_a_failed_export_keeps_the_rows_written_says_so_and_never_prints_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,linkedin_url\nA,https://www.linkedin.com/in/p0\nB,https://www.linkedin.com/in/p1\n")
    out = tmp_path / "out.csv"
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    headers = {**CT, "Location": f"/lead-lists/{LL}", "Retry-After": "1"}
    queued = httpx.Response(202, headers=headers, json=body("queued"))
    completed = httpx.Response(200, headers=CT, json=body(entries=range(2), next_href=next_href(1)))
    echoed = {"status": "404", "code": "not_found", "title": "Not found", "detail": f"no list for key {TOKEN}"}
    failing = httpx.Response(404, headers=CT, json={"_errors": [echoed]})
    with respx.mock(base_url="https://api.example.test", assert_all_called=True) as api:
        api.post("/lead-lists").mock(return_value=queued)
        api.get(f"/lead-lists/{LL}", params__contains={"page[after]": "e00001"}).mock(return_value=failing)
        api.get(f"/lead-lists/{LL}").mock(return_value=completed)
        result = runner.invoke(app, ["enrich", "--owner", "me@example.com", str(source), str(out)])
    assert result.exit_code == 1, result.output
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"error: export of lead list {LL} stopped: ")
    assert f"; 2 rows written so far are in {out}; " in message
    finish = f"amplemarket-lead-lists enrich --lead-list {LL} {source} {out}"
    assert message.endswith(f"; then `{finish}` writes {out} from that list, sending no lead again")
    assert [(r["id"], r["entry_id"]) for r in rows(out)] == [("A", "e00000"), ("B", "e00001")]
    assert TOKEN not in result.output
    assert "no list for key [redacted]" in message

    with respx.mock(base_url="https://api.example.test", assert_all_called=True) as api:
        again = api.get(f"/lead-lists/{LL}", params__contains={"page[after]": "e00001"}).mock(
            return_value=httpx.Response(200, headers=CT, json=body(entries=range(2, 3)))
        )
        api.get(f"/lead-lists/{LL}").mock(return_value=completed)
        finished = runner.invoke(app, finish.split()[1:])  # no --owner: nothing is created
    assert finished.exit_code == 0, finished.output
    assert (
        f"{source}: 2 rows, 2 linkedin leads to join to the list (none sent) (0 duplicates removed" in finished.stderr
    )
    assert again.called and not any(call.request.method == "POST" for call in api.calls)
    assert [(r["id"], r["entry_id"]) for r in rows(out)] == [("A", "e00000"), ("B", "e00001"), ("", "e00002")]


@pytest.mark.parametrize("leads", [2, 10_050], ids=["one chunk", "two chunks"])
def test_a_create_without_a_usable_answer_gives_the_commands_that_find_the_list_and_send_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leads: int
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("n,linkedin_url\n" + "".join(f"{n},linkedin.com/in/p-{n}\n" for n in range(leads)))
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")
    gateway = httpx.Response(504, headers={"Content-Type": "text/html"}, text="<html>Gateway Timeout</html>")
    with respx.mock(base_url="https://api.example.test") as api:
        create = api.post("/lead-lists").mock(return_value=gateway)
        result = runner.invoke(app, ["enrich", "--owner", "me@example.com", str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 1, result.output
    assert create.call_count == 1, "a create that may have happened is never sent again"
    message = result.stderr.strip().splitlines()[-1]
    name = json.loads(create.calls[0].request.content)["name"]
    assert "got no usable answer, so the list may exist" in message and "find_lead_lists" not in message
    found, *rest = commands(message)
    assert found == ["list", "--name", name]
    if leads > 10_000:
        assert rest == [["add", "ID", str(source), "--start", "10000"]]
    else:
        assert rest == [] and f"it would hold all {leads} leads" in message


def commands(message: str) -> list[list[str]]:
    """The commands an error message gives, as arguments for the app."""
    return [shlex.split(command)[1:] for command in re.findall(r"`([^`]+)`", message)]


@pytest.mark.usefixtures("no_api_env")
def test_a_stopped_upload_says_which_commands_finish_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amplemarket_lead_lists.sandbox.server import running_sandbox
    from amplemarket_lead_lists.sandbox.settings import Settings

    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("n,linkedin_url\n" + "".join(f"{n},linkedin.com/in/p-{n}\n" for n in range(10_050)))
    # Retry-After 1 s: with the default 60, a poll that came before the 0.2 s of processing waited a minute.
    settings = Settings(queue_seconds=0.1, processing_seconds=0.1, seconds_per_lead=0.0, retry_after=1)
    with running_sandbox(settings) as base_url:
        monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
        monkeypatch.setenv("AMPLEMARKET_API_KEY", "sandbox-partial")
        scenario = {"fail_adds_after": 0, "add_failure_status": 409}  # the second chunk refused
        httpx.post(f"{base_url}/_sandbox/scenario", json=scenario, headers={"Authorization": "Bearer sandbox-partial"})
        stopped = runner.invoke(app, ["enrich", "--owner", "me@example.com", str(source), str(out)])
        assert stopped.exit_code == 1, stopped.output
        message = stopped.stderr.strip().splitlines()[-1]
        assert "stopped at leads 10000-10049 of 10050" in message and "the first 10000 are in the list" in message
        add, finish = commands(message)
        assert add[0] == "add" and add[-2:] == ["--start", "10000"] and finish[:2] == ["enrich", "--lead-list"]
        added = runner.invoke(app, add)
        assert added.exit_code == 0, added.output
        assert "uploaded chunk 1/1: 10050 of 10050 leads" in added.stderr
        finished = runner.invoke(app, finish)
    assert finished.exit_code == 0, finished.output
    written = rows(out)
    assert sorted(int(r["n"]) for r in written) == list(range(10_050))
    assert len({r["entry_id"] for r in written}) == 10_050


@pytest.mark.usefixtures("no_api_env")
def test_25000_rows_are_uploaded_in_chunks_and_every_entry_written_once(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text("n,linkedin_url\n" + "".join(f"{n},linkedin.com/in/p-{n}\n" for n in range(25_000)))
    out = tmp_path / "big_out.csv"
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "uploaded chunk 3/3: 25000 of 25000 leads" in result.stderr
    progress = [line for line in result.stderr.splitlines() if "entries written to" in line]
    assert progress == [f"{n} entries written to {out} so far" for n in range(5_000, 25_001, 5_000)]
    written = rows(out)
    assert sorted(int(r["n"]) for r in written) == list(range(25_000))
    assert len({r["entry_id"] for r in written}) == 25_000
    assert all(r["linkedin_url"] == f"https://www.linkedin.com/in/p-{r['n']}" for r in written)


def real_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "https://api.example.test")


@pytest.mark.parametrize("where", ["a-file/out.csv", "missing/out.csv"])
@pytest.mark.usefixtures("no_api_env")
def test_an_output_that_cannot_be_written_is_refused_before_anything_is_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / where
    real_api(monkeypatch)
    with respx.mock(assert_all_called=False) as api:
        anything = api.route().mock(return_value=httpx.Response(500))
        result = runner.invoke(app, ["enrich", "--owner", "me@example.com", str(source), str(out)])
    assert result.exit_code == 2, result.output
    problem = (
        "is not a folder:"
        if where.startswith("a-file")
        else f"does not exist; folders are not created: make it first (mkdir -p {out.parent}) or"
    )
    assert result.stderr.strip() == f"error: {out}: {out.parent} {problem} give a path in an existing folder"
    assert not anything.called
    assert not (tmp_path / "missing").exists()


@pytest.mark.usefixtures("no_api_env")
def test_an_output_that_fails_after_the_upload_is_exit_1_with_the_list_and_the_way_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    out = tmp_path / "out.csv"

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr("amplemarket_lead_lists.cli.enrich.RowWriter", full_disk)
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 1, result.output
    message = result.stderr.strip().splitlines()[-1]
    lead_list_id = re.findall(r"in lead list (\S+)", result.stderr)[0]
    assert message.startswith(f"error: writing {out}: No space left on device; then `")
    finish = f"amplemarket-lead-lists enrich --sandbox --lead-list {lead_list_id} {source} {out}"
    assert f"`{finish}` writes {out} from that list" in message


@pytest.mark.parametrize("target", ["input", "other"])
@pytest.mark.usefixtures("no_api_env")
def test_the_input_or_a_file_enrich_did_not_write_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    other = tmp_path / "notes.csv"
    other.write_text("name,notes\nAna,keep me\n")
    out = tmp_path / "." / "in.csv" if target == "input" else other
    before = out.read_text()
    real_api(monkeypatch)
    with respx.mock(assert_all_called=False) as api:
        anything = api.route().mock(return_value=httpx.Response(500))
        result = runner.invoke(app, ["enrich", "--owner", "me@example.com", str(source), str(out)])
    assert result.exit_code == 2, result.output
    expected = "is the input file" if target == "input" else "exists and is not an output of enrich"
    assert expected in result.stderr
    assert out.read_text() == before and not anything.called


@pytest.mark.usefixtures("no_api_env")
def test_an_earlier_output_of_enrich_may_be_written_again_with_force(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,linkedin_url\n1,linkedin.com/in/ana\n")
    out = tmp_path / "out.jsonl"
    for force in ([], ["--force"]):  # its results are replaced only when asked (test_cli_overwriting)
        result = runner.invoke(app, ["enrich", "--sandbox", *force, str(source), str(out)])
        assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 1


@pytest.mark.usefixtures("no_api_env")
def test_ctrl_c_during_the_wait_prints_the_command_that_finishes_the_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    out = tmp_path / "out.csv"

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("amplemarket_lead_lists.cli.enrich.wait", interrupted)
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 130, result.output
    lead_list_id = re.findall(r"in lead list (\S+)", result.stderr)[0]
    finish = f"amplemarket-lead-lists enrich --sandbox --lead-list {lead_list_id} {source} {out}"
    assert result.stderr.strip().splitlines()[-1] == (
        f"interrupted: lead list {lead_list_id} holds the leads; `{finish}` writes {out} from that list, "
        "sending no lead again"
    )


@pytest.mark.parametrize(
    ("where", "said"),
    [("amplemarket_lead_lists.cli.csv_input.read_bytes", []),
     ("amplemarket_lead_lists.cli.sending.default_name", ["{source}: 1 row, 1 linkedin lead to send (0 duplicates "
                                                          "removed, 0 rejected)"])],
    ids=["reading the file", "naming the list"],
)  # fmt: skip
@pytest.mark.usefixtures("no_api_env")
def test_ctrl_c_before_anything_is_sent_exits_130_saying_nothing_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, said: list[str]
) -> None:
    """No list exists yet, so there is nothing to finish: exit 130 as for any Ctrl-C, with no command naming
    a lead list (there is none: it would say "lead list None") and not SIGTERM's "terminated" and 143."""
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    out = tmp_path / "out.csv"

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(where, interrupted)
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 130, result.output
    assert result.stderr.strip().splitlines() == [line.format(source=source) for line in said]
    assert not out.exists()


@pytest.mark.parametrize("chunks_in", [0, 2], ids=["during the create", "after two chunks"])
@pytest.mark.usefixtures("no_api_env")
def test_ctrl_c_during_the_upload_says_which_list_holds_the_leads_and_how_to_send_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunks_in: int
) -> None:
    """Before, Ctrl-C during an upload printed nothing; following the last progress line could send
    a chunk twice (the one on its way had arrived)."""
    from amplemarket_lead_lists import UploadProgress
    from amplemarket_lead_lists.models import LeadList

    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\n" + "".join(f"linkedin.com/in/p-{n}\n" for n in range(25_000)))
    sent: list[dict[str, object]] = []

    def interrupted(client: object, body: dict[str, object], *, on_chunk: Any) -> None:
        sent.append(body)
        for chunk in range(1, chunks_in + 1):
            on_chunk(UploadProgress(LeadList.from_dict(body_of("LL9")), chunk, 3, 10_000 * chunk, 25_000))
        raise KeyboardInterrupt

    monkeypatch.setattr("amplemarket_lead_lists.cli.sending.upload_lead_list", interrupted)
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 130, result.output
    message = result.stderr.strip().splitlines()[-1]
    *found, export, add = commands(message)
    accepted = 10_000 * chunks_in
    assert f"count its entries ({accepted} or {accepted + min(25_000 - accepted, 10_000)})" in message
    lead_list = "LL9" if chunks_in else "ID"
    assert export == ["export", "--sandbox", lead_list, "ENTRIES.csv"]
    assert add == ["add", "--sandbox", lead_list, str(source), "--start", "COUNT"]
    if chunks_in:
        assert f"lead list LL9 holds the first {accepted} of 25000 leads" in message and found == []
    else:
        assert found == [["list", "--sandbox", "--name", sent[0]["name"]]], "the name the create carried"


def body_of(lead_list_id: str) -> dict[str, object]:
    return body("queued", lead_list_id=lead_list_id)


@pytest.mark.parametrize("where", ["option", "variable"])
@pytest.mark.usefixtures("no_api_env")
def test_a_bad_owner_names_the_option_not_the_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    real_api(monkeypatch)
    if where == "variable":
        monkeypatch.setenv("AMPLEMARKET_OWNER", "not-an-email")
    owner = ["--owner", "not-an-email"] if where == "option" else []
    with respx.mock(assert_all_called=False) as api:
        anything = api.route().mock(return_value=httpx.Response(500))
        result = runner.invoke(app, ["enrich", *owner, str(source), str(tmp_path / "out.csv")])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("error: --owner (or AMPLEMARKET_OWNER): ")
    assert "email" in result.stderr and str(source) + ": invalid request" not in result.stderr
    assert not anything.called


@pytest.mark.parametrize("command", ["enrich", "export"])
@pytest.mark.usefixtures("no_api_env")
def test_an_output_extension_the_command_does_not_write_is_refused(tmp_path: Path, command: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    out = tmp_path / "out.parquet"
    words = [str(source), str(out)] if command == "enrich" else ["ID", str(out)]
    result = runner.invoke(app, [command, "--sandbox", *words])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"error: {out}: use .csv or .jsonl (the format is chosen by the extension)"
    assert not out.exists()


def test_the_console_script_is_installed_with_the_package() -> None:
    from importlib.metadata import entry_points

    from amplemarket_lead_lists.cli.app import main

    (script,) = entry_points(group="console_scripts", name="amplemarket-lead-lists")
    assert script.load() is main


@pytest.mark.usefixtures("no_api_env")
def test_a_rejects_file_the_command_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\njim smith\n")
    precious = tmp_path / "out.rejects.csv"
    precious.write_text("MY PRECIOUS DATA\n")
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 2
    assert f"{precious} exists and is not a rejects file of this command" in result.stderr
    assert precious.read_text() == "MY PRECIOUS DATA\n" and not out.exists()


@pytest.mark.usefixtures("no_api_env")
def test_a_run_without_rejects_removes_an_earlier_runs_rejects_file(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("linkedin_url\nlinkedin.com/in/ana\njim smith\n")
    assert runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)]).exit_code == 0
    rejects = tmp_path / "out.rejects.csv"
    assert "jim smith" in rejects.read_text()
    source.write_text("linkedin_url\nlinkedin.com/in/ana\n")
    result = runner.invoke(app, ["enrich", "--sandbox", "--force", str(source), str(out)])  # results replaced
    assert result.exit_code == 0, result.output
    assert not rejects.exists(), "it would contradict the summary's 0 rejected"


@pytest.mark.usefixtures("no_api_env")
def test_a_rejects_file_sent_again_keeps_every_input_column_with_its_values(tmp_path: Path) -> None:
    """The input's own `line` and `reason` columns (those of a rejects file fixed and sent again) were
    dropped: the rejects file's columns overwrote them, and the rows' first line numbers were lost."""
    source = tmp_path / "in.csv"
    source.write_text("CRM Id,LinkedIn URL\nc1,linkedin.com/in/ana\nc2,jim smith\nc3,linkedin.com/company/acme\n")
    assert runner.invoke(app, ["create", "--sandbox", str(source)]).exit_code == 0
    rejects = tmp_path / "in.rejects.csv"
    assert rejects.read_text().splitlines()[0] == "line,reason,CRM Id,LinkedIn URL"  # as before, without a collision
    rejects.write_text(rejects.read_text().replace("jim smith", "linkedin.com/in/jim-smith"))  # one row fixed
    result = runner.invoke(app, ["create", "--sandbox", str(rejects)])
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "in.rejects.rejects.csv") == [
        {
            "line": "3", "reason": "not a person's profile (/in/<name>): a /company/ page",
            "line (2)": "4", "reason (2)": "not a person's profile (/in/<name>): a /company/ page",
            "CRM Id": "c3", "LinkedIn URL": "linkedin.com/company/acme",
        }
    ]  # fmt: skip


def test_the_rejects_file_gives_a_colliding_input_column_a_name_of_its_own(tmp_path: Path) -> None:
    header = ["line", "line (2)", "reason", "email"]
    row = CsvRow(7, dict(zip(header, ["l1", "l2", "r", "x"], strict=True)))
    (tmp_path / "r.csv").write_bytes(rejects_file(header, [Reject(row, "not an email address")]))
    assert rows(tmp_path / "r.csv") == [
        {"line": "7", "reason": "not an email address", "line (2)": "l1", "line (2) (2)": "l2", "reason (2)": "r",
         "email": "x"}
    ]  # fmt: skip


@pytest.mark.usefixtures("no_api_env")
def test_an_output_enriched_again_keeps_every_input_column(tmp_path: Path) -> None:
    """An enriched output has `input_email` beside `email`; enriched again, its `email` was renamed
    `input_email` too: the header named one column twice and the first `input_email`'s values were lost."""
    source, out = tmp_path / "enriched.csv", tmp_path / "again.csv"
    source.write_text("input_email,CRM Id,email\nAna@Old.com,c1,ana@acme.com\n")
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text().splitlines()[0].split(",")
    assert header[:3] == ["input_email", "CRM Id", "input_input_email"] and len(set(header)) == len(header)
    (row,) = rows(out)
    assert (row["input_email"], row["CRM Id"], row["input_input_email"]) == ("Ana@Old.com", "c1", "ana@acme.com")
    assert row["email"] == "ana@acme.com"


@pytest.mark.usefixtures("no_api_env", "fast_sandbox")
def test_enrich_says_every_so_many_entries_written_while_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same progress line as `export`'s (every 5,000 entries; every 2 here, to stay small)."""
    monkeypatch.setattr("amplemarket_lead_lists.cli.progress.EXPORTED_EVERY", 2)
    source = tmp_path / "in.csv"
    source.write_text("n,linkedin_url\n" + "".join(f"{n},linkedin.com/in/p-{n}\n" for n in range(5)))
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["enrich", "--sandbox", str(source), str(out)])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if "entries written to" in line]
    assert progress == [f"2 entries written to {out} so far", f"4 entries written to {out} so far"]
