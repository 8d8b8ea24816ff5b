"""`--sandbox` on every subcommand: the embedded sandbox's lead lists outlive one command (kept in
the state file named by AMPLEMARKET_SANDBOX_STATE, set per test in conftest), on the wall clock."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.resuming import command_line
from amplemarket_lead_lists.cli.sandbox_state import SandboxState, state_path
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.snapshot import KEEP
from amplemarket_lead_lists.sandbox.store import Store

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "amplemarket-lead-lists"


def leads_csv(path: Path, *slugs: str) -> Path:
    path.write_text("CRM Id,LinkedIn URL\n" + "".join(f"c-{s},https://www.linkedin.com/in/{s}\n" for s in slugs))
    return path


def entry_ids(path: Path) -> list[str]:
    with path.open(newline="") as handle:
        return [row["entry_id"] for row in csv.DictReader(handle)]


def test_a_list_created_by_one_command_is_there_for_the_next(tmp_path: Path, sandbox_state: Path) -> None:
    source = leads_csv(tmp_path / "in.csv", "ana-lima", "bo-berg", "cleo-diaz")
    created = subprocess.run(  # a process of its own: nothing but the state file carries the list over
        [COMMAND, "create", "--sandbox", str(source)], capture_output=True, text=True, timeout=60, check=False
    )
    assert created.returncode == 0, created.stderr
    lead_list_id = created.stdout.strip()
    assert lead_list_id in sandbox_state.read_text()

    status = runner.invoke(app, ["status", "--sandbox", lead_list_id])
    assert status.exit_code == 0, status.output
    assert status.stdout.startswith(f"lead list {lead_list_id} ") and status.stdout.strip().endswith(
        (": queued", ": processing", ": completed")
    )
    waited = runner.invoke(app, ["wait", "--sandbox", lead_list_id])
    assert waited.exit_code == 0, waited.output
    assert waited.stdout.strip() == f"lead list {lead_list_id}: completed"

    added = runner.invoke(app, ["add", "--sandbox", lead_list_id, str(leads_csv(tmp_path / "more.csv", "dan-ek"))])
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["wait", "--sandbox", lead_list_id]).exit_code == 0
    out = tmp_path / "entries.csv"
    exported = runner.invoke(app, ["export", "--sandbox", lead_list_id, str(out)])
    assert exported.exit_code == 0, exported.output
    assert f"wrote 4 entries to {out} (4 in all)" in exported.stdout
    assert len(set(entry_ids(out))) == 4

    listed = runner.invoke(app, ["list", "--sandbox"])
    assert listed.exit_code == 0 and listed.stdout.splitlines()[0].split("\t")[:2] == [lead_list_id, "completed"]


def test_an_unknown_id_is_not_found_and_read_only_commands_leave_the_file_alone(
    tmp_path: Path, sandbox_state: Path
) -> None:
    created = runner.invoke(app, ["create", "--sandbox", str(leads_csv(tmp_path / "in.csv", "ana-lima"))])
    assert created.exit_code == 0, created.output
    saved = sandbox_state.read_bytes()
    missing = runner.invoke(app, ["status", "--sandbox", "00000000-0000-4000-8000-000000000000"])
    assert missing.exit_code == 1 and "not_found" in missing.stderr
    assert runner.invoke(app, ["status", "--sandbox", created.stdout.strip()]).exit_code == 0
    assert runner.invoke(app, ["list", "--sandbox"]).exit_code == 0
    assert sandbox_state.read_bytes() == saved


def recorded(lead_list_id: str, ago: float, processing_until: float) -> dict[str, Any]:
    now = time.time()
    return {
        **{"id": lead_list_id, "name": "kept", "owner": "demo@example.com", "shared": False, "visible": True},
        **{"type": "linkedin", "options": {"enrich": True, "validate_email": True, "reveal_phone_numbers": False}},
        "leads": [{"linkedin_url": "https://www.linkedin.com/in/ana-lima"}],
        **{"created_at": now - ago, "queued_until": now - ago, "processing_until": now + processing_until},
        **{"ends_canceled": False, "processing_status": "processing"},
    }


def test_times_are_kept_on_the_wall_clock(sandbox_state: Path) -> None:
    done, busy = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
    lists = [recorded(done, ago=7200, processing_until=-3600), recorded(busy, ago=60, processing_until=3600)]
    sandbox_state.write_text(json.dumps({"version": 1, "accounts": {"sandbox-demo": lists}}))
    assert runner.invoke(app, ["status", "--sandbox", done]).stdout.strip() == f"lead list {done} 'kept': completed"
    assert runner.invoke(app, ["status", "--sandbox", busy]).stdout.strip() == f"lead list {busy} 'kept': processing"


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "not JSON"), ('{"version": 99, "accounts": {}}', "not a version 1 sandbox snapshot")],
)
def test_an_unreadable_state_file_is_a_clear_error_and_is_kept(sandbox_state: Path, content: str, reason: str) -> None:
    sandbox_state.write_text(content)
    result = runner.invoke(app, ["list", "--sandbox"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {sandbox_state} is not a sandbox state file this version can read")
    assert reason in result.stderr and "delete it to start with an empty sandbox" in result.stderr
    assert sandbox_state.read_text() == content


def test_two_commands_at_once_each_keep_their_lists(sandbox_state: Path) -> None:
    body = {"owner": "demo@example.com", "shared": False, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}
    first, second = Store(Settings()), Store(Settings())
    first_state, second_state = SandboxState.load(first, sandbox_state), SandboxState.load(second, sandbox_state)
    kept = [first.create(first.account("sandbox-demo"), body, time.time()).id]
    kept.append(second.create(second.account("sandbox-demo"), body, time.time()).id)
    first_state.save(first)
    second_state.save(second)

    reloaded = Store(Settings())
    SandboxState.load(reloaded, sandbox_state)
    assert [record.id for record in reloaded.account("sandbox-demo").created] == kept


def test_a_save_waits_for_another_in_progress_instead_of_overwriting_what_it_saves(
    sandbox_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save is held between reading the file and writing it; the second must wait for it
    (unlocked, it would write its list, then the first would write over it with what it had read)."""
    from amplemarket_lead_lists.sandbox import snapshot as snapshot_module

    body = {"owner": "demo@example.com", "shared": False, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}
    stores = [Store(Settings()), Store(Settings())]
    states = [SandboxState.load(store, sandbox_state) for store in stores]
    kept = [store.create(store.account("sandbox-demo"), body, time.time()).id for store in stores]
    first_merging, first_may_go = threading.Event(), threading.Event()
    merge = snapshot_module.merged

    def held_merge(*args: Any) -> Any:
        if not first_merging.is_set():
            first_merging.set()
            assert first_may_go.wait(10)
        return merge(*args)

    monkeypatch.setattr(snapshot_module, "merged", held_merge)
    first = threading.Thread(target=states[0].save, args=(stores[0],))
    first.start()
    assert first_merging.wait(10)
    second = threading.Thread(target=states[1].save, args=(stores[1],))
    second.start()
    second.join(0.5)
    waited = second.is_alive()
    first_may_go.set()
    first.join(10)
    second.join(10)
    assert waited, "the second save went ahead while the first held the file"
    reloaded = Store(Settings())
    SandboxState.load(reloaded, sandbox_state)
    assert sorted(record.id for record in reloaded.account("sandbox-demo").created) == sorted(kept)


def test_the_state_file_follows_xdg_state_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AMPLEMARKET_SANDBOX_STATE")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert state_path() == tmp_path / "amplemarket-lead-lists" / "sandbox.json"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_path() == tmp_path / ".local" / "state" / "amplemarket-lead-lists" / "sandbox.json"


def test_commands_in_messages_name_the_sandbox_and_quote_paths() -> None:
    line = command_line("add", "ID", Path("my leads.csv"), "--start", 3, sandbox=True)
    assert line == "`amplemarket-lead-lists add --sandbox ID 'my leads.csv' --start 3`"
    assert command_line("wait", "ID", sandbox=False) == "`amplemarket-lead-lists wait ID`"


def test_add_start_past_the_leads_is_bad_input(tmp_path: Path) -> None:
    source = leads_csv(tmp_path / "in.csv", "ana-lima", "bo-berg")
    created = runner.invoke(app, ["create", "--sandbox", str(source)])
    result = runner.invoke(app, ["add", "--sandbox", created.stdout.strip(), str(source), "--start", "2"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(f"--start 2: {source} has 2 leads to send, none after the first 2")


def test_only_the_newest_lists_are_kept(sandbox_state: Path) -> None:
    body = {"owner": "demo@example.com", "shared": False, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}
    store = Store(Settings())
    state = SandboxState.load(store, sandbox_state)
    made = [store.create(store.account("sandbox-demo"), body, time.time() + n).id for n in range(KEEP + 2)]
    state.save(store)

    reloaded = Store(Settings())
    SandboxState.load(reloaded, sandbox_state)
    assert [record.id for record in reloaded.account("sandbox-demo").created] == made[-KEEP:]


def test_a_wait_that_times_out_gives_the_sandbox_command_not_python(tmp_path: Path) -> None:
    created = runner.invoke(app, ["create", "--sandbox", str(leads_csv(tmp_path / "in.csv", "ana-lima"))])
    lead_list_id = created.stdout.strip()
    result = runner.invoke(app, ["wait", "--sandbox", lead_list_id, "--timeout", "0.5"])
    assert result.exit_code == 1, result.output
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"error: lead list {lead_list_id} still queued after ")
    assert message.endswith(f"`amplemarket-lead-lists wait --sandbox {lead_list_id}` goes on waiting")
    assert "wait_for_lead_list" not in result.stderr


@pytest.mark.parametrize("command", ["wait", "enrich"])
@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf"])
def test_a_timeout_that_is_not_a_positive_number_is_bad_input(tmp_path: Path, command: str, timeout: str) -> None:
    source = leads_csv(tmp_path / "in.csv", "ana-lima")
    words = ["ID"] if command == "wait" else [str(source), str(tmp_path / "out.csv")]
    result = runner.invoke(app, [command, "--sandbox", *words, "--timeout", timeout])
    assert result.exit_code == 2, result.output
    assert "must be a positive number of seconds" in result.output
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("command", ["status", "wait"])
def test_an_id_that_cannot_be_one_is_bad_input_exit_2(command: str) -> None:
    """Refused before anything is sent, like any bad input (it was exit 1, as if the API had failed)."""
    result = runner.invoke(app, [command, "--sandbox", ""])
    assert result.exit_code == 2, result.output
    assert "must be a lead list id" in result.stderr


def test_a_state_file_that_cannot_be_kept_is_bad_input_before_anything_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found only at the end, the lists the command had made were lost (`/proc/x/y.json`)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("AMPLEMARKET_SANDBOX_STATE", str(blocker / "sandbox.json"))  # its folder is a file
    source = leads_csv(tmp_path / "in.csv", "ana")
    result = runner.invoke(app, ["create", "--sandbox", str(source)])
    assert result.exit_code == 2
    assert "the sandbox's state file cannot be kept there" in result.stderr
    assert "uploaded chunk" not in result.stderr and "AMPLEMARKET_SANDBOX_STATE" in result.stderr
