"""When `--sandbox` writes its state file: not at all for a command that changed nothing (a `status` or
`list` leaves no file behind, nor a rewritten one), and into a folder made again when it went away while
the command ran (a long `wait` outlives a cleaned-up temporary folder; the lists it made must be kept)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from amplemarket_lead_lists.cli.sandbox_state import SandboxState
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.store import Store

BODY = {"owner": "demo@example.com", "shared": False, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}


def test_a_command_that_changed_nothing_writes_no_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "sandbox.json"
    store = Store(Settings())
    state = SandboxState.load(store, path)
    store.account("sandbox-demo")  # read, as `list` does: nothing made
    state.save(store)
    assert not path.exists()
    assert list(path.parent.iterdir()) == []


def test_a_folder_removed_while_the_command_ran_is_made_again_and_the_lists_kept(tmp_path: Path) -> None:
    path = tmp_path / "state" / "deeper" / "sandbox.json"
    store = Store(Settings())
    state = SandboxState.load(store, path)
    made = store.create(store.account("sandbox-demo"), BODY, time.time()).id
    shutil.rmtree(tmp_path / "state")
    state.save(store)
    reloaded = Store(Settings())
    SandboxState.load(reloaded, path)
    assert [record.id for record in reloaded.account("sandbox-demo").created] == [made]
