"""`export ID OUT`: every entry of a completed lead list to CSV or JSON Lines, resumable.

A list of 60,000 entries is 600 page requests; when an export stops (the network, the API, a kill),
running the same command again continues after the last entry id in the file, so no entry is lost
or written twice and nothing already paged is fetched again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import (
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    LeadListError,
    UnexpectedStatusError,
    iter_lead_list_entries,
)
from .cells import read_cells
from .errors import InputError, Interrupted, JobFailed, KeyRefused
from .output import ENRICHED, RowWriter, check_suffix, check_writable, entry_values, is_jsonl
from .progress import Progress
from .resuming import command_line


@dataclass(frozen=True)
class ResumePoint:
    """What a previous export left in the file: its entries, the last one's id, whether to append."""

    rows: int = 0
    last_id: str | None = None
    append: bool = False


def resume_point(path: Path) -> ResumePoint:
    """Where to continue an export into `path`; a last line cut off by a kill is removed first.

    Raises InputError when the file exists but is not an export (another header, unreadable records).
    """
    if not path.exists() or path.stat().st_size == 0:
        return ResumePoint()
    data = path.read_bytes()
    complete = data.rfind(b"\n") + 1
    if complete < len(data):
        with path.open("r+b") as handle:
            handle.truncate(complete)
        data = data[:complete]
    text = data.decode("utf-8-sig", errors="replace")
    ids = _jsonl_ids(path, text) if is_jsonl(path) else _csv_ids(path, text)
    return ResumePoint(len(ids), ids[-1] if ids else None, append=bool(ids) or not is_jsonl(path))


def _csv_ids(path: Path, text: str) -> list[str]:
    rows = read_cells(text)  # values as they were before the spreadsheet-safe mark
    if next(rows, None) != ENRICHED:
        raise InputError(f"{path} exists and is not an export of entries (its header differs): choose another file")
    return [row[0] for row in rows]  # entry_id


def _jsonl_ids(path: Path, text: str) -> list[str]:
    ids = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            record = json.loads(line)
            ids.append(str(record["entry_id"]))
        except (ValueError, TypeError, KeyError):
            raise InputError(f"{path}: line {number} is not an exported entry: choose another file") from None
    return ids


def export(
    client: AuthenticatedClient, lead_list_id: str, path: Path, progress: Progress, *, sandbox: bool = False
) -> tuple[int, int]:
    """Write the entries after the file's last one; returns (entries now in the file, entries added)."""
    check_suffix(path)
    check_writable(path)
    previous = resume_point(path)
    if previous.last_id:
        progress.note(f"{path} already has {previous.rows} entries: continuing after entry {previous.last_id}")
    created = not path.exists()
    with RowWriter(path, ENRICHED, append=previous.append) as writer, _removed_if_empty(path, writer, created):
        try:
            for entry in iter_lead_list_entries(client, lead_list_id, after=previous.last_id):
                writer.write(entry_values(entry))
                progress.exported(previous.rows + writer.rows, path)
        except BadRequestError as error:
            if previous.last_id is None or writer.rows or not invalid_cursor(error):
                raise JobFailed(_stopped(error, lead_list_id, path, previous.rows + writer.rows)) from None
            raise InputError(
                f"{path} holds entries of another lead list (its last entry, {previous.last_id}, is not in lead list "
                f"{lead_list_id}): choose another file"
            ) from None
        except UnexpectedStatusError as error:
            if error.status in ("queued", "processing"):
                wait = command_line("wait", lead_list_id, sandbox=sandbox)
                raise JobFailed(
                    f"lead list {lead_list_id} is still {error.status}: {wait} first, then export it"
                ) from None
            # canceled (or a status the spec does not know): the list never completes
            rows = previous.rows + writer.rows
            kept = f"; the {rows} entries in {path} stay" if rows else ""
            raise JobFailed(
                f"lead list {lead_list_id} has status {error.status!r}: "
                f"only a completed lead list has entries to export{kept}"
            ) from None
        except AuthenticationError as error:  # the entries written stay: run again once the key is set
            raise KeyRefused(error) from None
        except LeadListError as error:
            raise JobFailed(_stopped(error, lead_list_id, path, previous.rows + writer.rows)) from None
        except KeyboardInterrupt:
            rows = previous.rows + writer.rows
            kept = f"{rows} entries are in {path}" if rows else f"no entry was written ({path} is not left behind)"
            raise Interrupted(
                f"interrupted: {kept}; run the same command again to continue after the last one"
            ) from None
    return previous.rows + writer.rows, writer.rows


@contextmanager
def _removed_if_empty(path: Path, writer: RowWriter, created: bool) -> Iterator[None]:
    """A file this export created and failed before writing an entry to (an unknown id, a list still
    processing) is not left behind, empty or with only its header."""
    try:
        yield
    except BaseException:
        if created and not writer.rows:
            writer.close()
            path.unlink(missing_ok=True)
        raise


def invalid_cursor(error: BadRequestError) -> bool:
    """The API's answer when `page[after]` is not an entry of the list."""
    return any(problem.code == "invalid_cursor" for problem in error.errors)


def _stopped(error: LeadListError, lead_list_id: str, path: Path, rows: int) -> str:
    return (
        f"export of lead list {lead_list_id} stopped: {error}; {rows} entries are in "
        f"{path}: run the same command again to continue after the last one"
    )
