"""Where `--sandbox` keeps its lead lists between commands, so `create --sandbox` then
`status --sandbox ID`, `wait`, `add` and `export` work on the same list, as against the real API.

One JSON file per user: $AMPLEMARKET_SANDBOX_STATE, else $XDG_STATE_HOME/amplemarket-lead-lists/
sandbox.json, else ~/.local/state/amplemarket-lead-lists/sandbox.json. Deleting it empties the sandbox.
A command that changed nothing does not write it; two commands at once each keep their own lists
(a save reads, merges and replaces the file holding a lock on `<file>.lock`, so neither overwrites
what the other saved between its read and its write).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:  # the sandbox's modules need the [sandbox] extra; connection.py imports them lazily
    from ..sandbox.snapshot import Snapshot
    from ..sandbox.store import Store

STATE_VARIABLE = "AMPLEMARKET_SANDBOX_STATE"


def state_path() -> Path:
    """The state file for this user (see the module docstring)."""
    chosen = os.environ.get(STATE_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "amplemarket-lead-lists" / "sandbox.json"


@dataclass(frozen=True)
class SandboxState:
    """The file, and what was loaded from it (to tell what this command changed)."""

    path: Path
    loaded: Snapshot

    @classmethod
    def load(cls, store: Store, path: Path) -> SandboxState:
        """Put the file's lists into `store`; InputError, naming the file, when it is not a state file."""
        from ..sandbox.snapshot import empty, restore  # noqa: PLC0415

        _check_savable(path)
        data = _read(path)
        if data is None:
            return cls(path, empty())
        try:
            restore(store, data)
        except ValueError as error:
            raise _unreadable(path, str(error)) from None
        return cls(path, data)  # restore checked it is a snapshot

    def save(self, store: Store) -> None:
        """Write the lists if this command changed any, merged with what another command saved meanwhile."""
        from ..sandbox.snapshot import empty, merged, snapshot  # noqa: PLC0415

        ours = snapshot(store)
        if ours == self.loaded:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path):
            try:
                theirs = _read(self.path) or empty()
                combined = merged(self.loaded, ours, theirs)
            except (InputError, ValueError):  # spoilt meanwhile: this command's lists win
                combined = ours
            with tempfile.NamedTemporaryFile("w", dir=self.path.parent, suffix=".tmp", delete=False) as handle:
                json.dump(combined, handle)
            os.replace(handle.name, self.path)  # atomic: a kill never leaves half a file


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of `path` (an exclusive lock on `<path>.lock`, released when the holder exits,
    however it ends), waiting for another command that holds it."""
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        if sys.platform == "win32":
            import msvcrt  # noqa: PLC0415

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for 10 s, then OSError
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl  # noqa: PLC0415

            fcntl.flock(handle, fcntl.LOCK_EX)
            yield  # closing the file releases the lock


def _check_savable(path: Path) -> None:
    """InputError before the command does anything when its lists could not be kept: the file's folder
    cannot be made or written (found only at the end, the lists the command made would be lost)."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{path}: the sandbox's state file cannot be kept there ({error.strerror or error}); "
                         f"set {STATE_VARIABLE} to a file in a folder you can write") from None  # fmt: skip
    if not os.access(folder, os.W_OK) or path.is_dir():
        raise InputError(
            f"{path}: the sandbox's state file cannot be written there; set {STATE_VARIABLE} to a file in a folder "
            "you can write"
        )


def _read(path: Path) -> Any:
    """The file's JSON, or None when there is no file yet."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _unreadable(path, str(error)) from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise _unreadable(path, f"not JSON: {error}") from None


def _unreadable(path: Path, reason: str) -> InputError:
    return InputError(
        f"{path} is not a sandbox state file this version can read ({reason}): delete it to start with an "
        f"empty sandbox, or set {STATE_VARIABLE} to another file"
    )
