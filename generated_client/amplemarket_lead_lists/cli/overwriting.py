"""What the command may replace: results and a rejects file someone changed only when asked (`--force`).

Results cost credits: an output of `enrich` that holds entries (of another list, or of the same list
run again) is never replaced unasked, and a rejects file only when it holds what this run writes (a
file the user corrected is theirs). Paths are compared by file identity, so a hard link or a
symbolic link to the input is the input.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .cells import read_cells
from .errors import InputError
from .output import ENRICHED, is_jsonl


def same_file(path: Path, other: Path) -> bool:
    """Whether both name one existing file (device and inode: hard links and symbolic links too)."""
    try:
        return os.path.samefile(path, other)
    except OSError:  # one is missing: a file that does not exist is no other file
        return False


def rows_with_results(path: Path) -> int:
    """How many rows of `path`, an output of `enrich`, hold an entry; 0 when it is missing."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        return 0
    if is_jsonl(path):
        return sum(1 for line in text.splitlines() if _entry_id(line))
    rows = read_cells(text)
    entry_id = len(next(rows, [])) - len(ENRICHED)  # the enriched columns come last
    return sum(1 for row in rows if entry_id >= 0 and len(row) > entry_id and row[entry_id])


def _entry_id(line: str) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and bool(record.get("entry_id"))


def check_results_kept(path: Path, *, force: bool) -> None:
    """InputError, before anything is sent, when writing `path` from the start would lose results."""
    held = rows_with_results(path)
    if held and not force:
        raise InputError(
            f"{path} holds {held} rows with results of an earlier enrich: finish it with --lead-list ID if that "
            "run stopped, give another file, or --force to replace it"
        )


def check_rejects_replaceable(path: Path, content: bytes, *, force: bool) -> None:
    """InputError unless `content` (b"": the file removed) loses nothing of `path`: missing, no row,
    the same bytes, or `--force`."""
    try:
        held = path.read_bytes()
    except FileNotFoundError:
        return
    rows = len(list(read_cells(held.decode("utf-8-sig", errors="replace")))) - 1
    if force or held == content or rows < 1:
        return
    change = "replace" if content else "remove"
    raise InputError(
        f"{path} holds {rows} rejected rows this run would {change} (changed since it was written, or of "
        f"another input): move it, or --force to {change} it"
    )
