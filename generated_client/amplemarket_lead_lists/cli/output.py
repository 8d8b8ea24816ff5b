"""Writing results joined back to the input rows, as they arrive, so a failure keeps what was written.

Every input column (a CRM id, notes) is carried into the output row of its lead, so results can be
joined back to the source; an input column whose name an enriched column also uses is kept as
`input_<name>`. CSV (UTF-8, optionally with the BOM Excel wants; every cell spreadsheet-safe, see `cells`) or JSON
Lines (values exact), by the file's suffix.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO

from ..models import LeadListEntry
from .cells import CellWriter
from .cleaning import Reject, Rejected, normalise_email, normalise_linkedin, titles_key
from .columns import ListType
from .csv_input import CsvRow, column_names
from .errors import InputError

ENRICHED = [
    "entry_id", "matched", "linkedin_url", "email", "email_validation", "first_name", "last_name", "title",
    "company_name", "company_domain", "industry", "person_id",
]  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None else str(value)


def entry_values(entry: LeadListEntry) -> dict[str, str]:
    """The enriched columns of one entry; `matched` is `yes` when the vendor found the person."""
    validation = entry.email_validation_result
    values = {name: _text(getattr(entry, name, None)) for name in ENRICHED[2:]}
    values["email_validation"] = "" if validation is None else _text(validation.result)
    return {"entry_id": entry.id, "matched": "yes" if values["person_id"] else "no", **values}


def count_entry(counts: Counter[str], values: dict[str, str]) -> None:
    """One entry in `enrich`'s summary, from its enriched columns (`entry_values`, or a row written earlier)."""
    counts["entries"] += 1
    counts["matched" if values["matched"] == "yes" else "unmatched"] += 1
    if values["email_validation"]:
        counts[f"email {values['email_validation']}"] += 1


def entry_keys(values: dict[str, str], kind: ListType) -> list[str]:
    """The join keys an entry's enriched columns carry, normalised as the input's were (see `cleaning.lead_body`)."""
    try:
        if kind is ListType.LINKEDIN:
            return [normalise_linkedin(values["linkedin_url"])]
        if kind is ListType.EMAIL:
            return [normalise_email(values["email"])]
    except Rejected:
        return []
    return [titles_key(values["title"], values[name]) for name in ("company_domain", "company_name") if values[name]]


def output_columns(input_header: list[str]) -> tuple[list[str], dict[str, str]]:
    """The output header, and input column → its output name: `input_<name>` for a name an enriched
    column has, prefixed again while the input has that name too (an output enriched again has
    `input_email` and `email`), so no column is written twice and no value lost."""
    taken = set(input_header)
    renamed: dict[str, str] = {}
    for name in filter(None, input_header):
        new = name
        while new in ENRICHED or (new != name and new in taken):
            new = f"input_{new}"
        renamed[name] = new
    return [*renamed.values(), *ENRICHED], renamed


def is_jsonl(path: Path) -> bool:
    """JSON Lines for `.jsonl` and `.ndjson`; CSV otherwise."""
    return path.suffix.lower() in (".jsonl", ".ndjson")


def check_suffix(path: Path) -> None:
    """InputError unless `path` names a format the command writes (never CSV under another name)."""
    if path.suffix.lower() not in (".csv", ".jsonl", ".ndjson"):
        raise InputError(f"{path}: use .csv or .jsonl (the format is chosen by the extension)")


def check_writable(path: Path) -> None:
    """InputError, before anything is sent, unless `path` can be written: its folder must exist (a
    missing one is not created, so a typo in the path does not scatter folders) and be writable."""
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise InputError(f"{path}: {folder} is not a folder: give a path in an existing folder")
        raise InputError(
            f"{path}: {folder} does not exist; folders are not created: make it first "
            f"({shlex.join(['mkdir', '-p', str(folder)])}) or give a path in an existing folder"
        )
    if path.is_dir():
        raise InputError(f"{path} is a folder: give a file name")
    if path.is_symlink() and not path.exists():  # writing would create a file wherever the link points
        raise InputError(f"{path} is a symbolic link to a missing file: give a path to the file itself")
    if not os.access(path if path.exists() else folder, os.W_OK):
        raise InputError(f"{path}: cannot write there (permission denied)")


def written_by_enrich(path: Path) -> bool:
    """Whether `enrich` may overwrite `path`: missing, empty, or an earlier output of it (its CSV
    header ends with the enriched columns; its first JSON Lines record has them). Like `export`, it
    never overwrites a file it did not write."""
    try:
        with path.open("rb") as handle:
            first = handle.readline().decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        return True
    if not first.strip():
        return True
    if is_jsonl(path):
        try:
            record = json.loads(first)
        except ValueError:
            return False
        return isinstance(record, dict) and set(ENRICHED) <= set(record)
    header = next(csv.reader([first]), [])
    return header[-len(ENRICHED) :] == ENRICHED


class RowWriter:
    """Writes output rows to CSV or JSON Lines (`.jsonl`), flushed row by row; counts what is on disk."""

    def __init__(self, path: Path, columns: list[str], *, excel: bool = False, append: bool = False) -> None:
        """`append` continues a file that already has its header (CSV) or records (JSON Lines)."""
        self.path = path
        self.columns = columns
        self.jsonl = is_jsonl(path)
        self.rows = 0
        encoding = "utf-8-sig" if excel and not self.jsonl and not append else "utf-8"
        self._handle: IO[str] = path.open("a" if append else "w", newline="", encoding=encoding)
        self._csv = CellWriter(self._handle)
        if not self.jsonl and not append:
            self._csv.writerow(columns)

    def write(self, row: dict[str, str]) -> None:
        if self.jsonl:
            self._handle.write(
                json.dumps({name: row.get(name, "") for name in self.columns}, ensure_ascii=False) + "\n"
            )
        else:
            self._csv.writerow(row.get(name, "") for name in self.columns)
        self._handle.flush()
        self.rows += 1

    def __enter__(self) -> RowWriter:
        return self

    def close(self) -> None:
        self._handle.close()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def joined(row: CsvRow, renamed: dict[str, str], enriched: dict[str, str]) -> dict[str, str]:
    """One output row: the input row's own columns, then the enriched ones."""
    return {**{renamed[name]: value for name, value in row.values.items() if name in renamed}, **enriched}


REJECTS_OWN = ["line", "reason"]
"""The rejects file's own columns, first, before every input column."""


def rejects_of_ours(path: Path) -> bool:
    """Whether `path` may be (over)written with rejected rows: missing, empty, or an earlier rejects
    file (its header starts `line,reason`); never a file the command did not write."""
    try:
        with path.open("rb") as handle:
            first = handle.readline().decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        return True
    return not first.strip() or next(csv.reader([first]), [])[:2] == REJECTS_OWN


def rejects_file(header: list[str], rejects: list[Reject]) -> bytes:
    """The rejects file (UTF-8): the rows never sent, with their line numbers and reasons, to fix and send again.

    Every input column is kept: one named like the file's own `line` or `reason` (a rejects file sent
    again has both) becomes `line (2)`, as a repeated header name does when the input is read."""
    names = column_names([*REJECTS_OWN, *header])
    renamed = dict(zip(header, names[len(REJECTS_OWN) :], strict=True))
    handle = io.StringIO(newline="")
    writer = CellWriter(handle)
    writer.writerow(names)
    for reject in rejects:
        values = {renamed[name]: value for name, value in reject.row.values.items()}
        values.update(line=str(reject.row.line), reason=reject.reason)
        writer.writerow(values.get(name, "") for name in names)
    return handle.getvalue().encode("utf-8")
