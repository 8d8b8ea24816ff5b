"""The sandbox state file's failures, each said before the command does anything and naming the file:
a folder that cannot be made (with the system's reason), a path that is a folder, a file that is not
UTF-8; a file spoilt while the command ran is replaced by this command's lists rather than lost. Also
the lock on Windows (msvcrt): the first byte locked for the save and unlocked after, however it ends."""

from __future__ import annotations

import os
import sys
import time
import types
from pathlib import Path

import pytest

from amplemarket_lead_lists.cli.errors import InputError
from amplemarket_lead_lists.cli.sandbox_state import SandboxState, locked
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.store import Store

BODY = {"owner": "demo@example.com", "shared": False, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}
ADVICE = "set AMPLEMARKET_SANDBOX_STATE to a file in a folder you can write"


def load_error(path: Path) -> str:
    with pytest.raises(InputError) as refused:
        SandboxState.load(Store(Settings()), path)
    return str(refused.value)


def test_a_folder_that_cannot_be_made_is_said_with_the_systems_reason(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")  # a file where the folder should be
    path = tmp_path / "file" / "sandbox.json"
    assert load_error(path) == f"{path}: the sandbox's state file cannot be kept there (File exists); {ADVICE}"


def test_a_state_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    path.mkdir()
    assert load_error(path) == f"{path}: the sandbox's state file cannot be written there; {ADVICE}"


def test_a_state_file_that_is_not_utf8_is_unreadable_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    path.write_bytes(b'{"version": 1, "accounts": "\xff"}')
    message = load_error(path)
    assert message.startswith(f"{path} is not a sandbox state file this version can read ('utf-8' codec can't decode")
    assert message.endswith(
        "delete it to start with an empty sandbox, or set AMPLEMARKET_SANDBOX_STATE to another file"
    )
    assert path.read_bytes() == b'{"version": 1, "accounts": "\xff"}'


def test_a_state_file_spoilt_while_the_command_ran_is_replaced_by_its_lists(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    store = Store(Settings())
    state = SandboxState.load(store, path)
    made = store.create(store.account("sandbox-demo"), BODY, time.time()).id
    path.write_text("not json")  # another program's doing, meanwhile
    state.save(store)
    reloaded = Store(Settings())
    SandboxState.load(reloaded, path)
    assert [record.id for record in reloaded.account("sandbox-demo").created] == [made]


def test_on_windows_the_first_byte_is_locked_for_the_block_and_unlocked_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, int]] = []
    msvcrt = types.ModuleType("msvcrt")
    msvcrt.LK_LOCK, msvcrt.LK_UNLCK = 1, 0  # type: ignore[attr-defined]

    def locking(fileno: int, mode: int, nbytes: int) -> None:  # locks from the file's position on
        calls.append(("lock" if mode == 1 else "unlock", nbytes, os.lseek(fileno, 0, os.SEEK_CUR)))

    msvcrt.locking = locking  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "msvcrt", msvcrt)
    monkeypatch.setattr(sys, "platform", "win32")
    path = tmp_path / "sandbox.json"
    (tmp_path / "sandbox.json.lock").write_bytes(b"xy")  # opened for appending: at its end, unless sought back
    with pytest.raises(RuntimeError), locked(path):
        calls.append(("block", 0, 0))
        raise RuntimeError
    assert calls == [("lock", 1, 0), ("block", 0, 0), ("unlock", 1, 0)]
