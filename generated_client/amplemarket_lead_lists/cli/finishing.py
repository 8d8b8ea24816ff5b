"""Finishing a stopped `enrich` into the file it left: keep every entry written in full, continue after the last.

`enrich --lead-list ID` used to write OUT from the start: a finishing run that failed early left fewer
rows than the run it was finishing, and a 60,000-entry list was paged again from its first entry.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cells import read_cells
from .output import RowWriter, count_entry, is_jsonl

Row = dict[str, str]


@dataclass
class Earlier:
    """What an earlier run of the same enrich left in OUT, kept: its rows, its entries' join keys and counts."""

    rows: list[Row] = field(default_factory=list)
    last_entry_id: str | None = None
    returned: set[str] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)
    other_columns: bool = False
    """The file has records, but not of these columns (another input's output): none is kept."""


def earlier_rows(path: Path, columns: list[str], rows_per_entry: Callable[[Row], tuple[str, int]]) -> Earlier:
    """The entries `path` holds in full, in order, and the rows they fill.

    `rows_per_entry(row)` gives an entry's join key and how many rows it fills (one per input row it
    joins). An entry cut short (a kill between two of its rows) and the rows of leads never returned
    (written last) are left out: they are written again. Nothing is kept from a file with other
    columns (another input file): it is written from the start.
    """
    records = _records(path, columns)
    earlier = Earlier(other_columns=records is None)
    records = records or []
    start = 0
    while start < len(records) and records[start]["entry_id"]:
        entry_id = records[start]["entry_id"]
        end = start
        while end < len(records) and records[end]["entry_id"] == entry_id:
            end += 1
        key, expected = rows_per_entry(records[start])
        if end - start != expected:
            break
        earlier.rows += records[start:end]
        earlier.last_entry_id = entry_id
        earlier.returned.add(key)
        count_entry(earlier.counts, records[start])
        start = end
    return earlier


def rewrite(path: Path, columns: list[str], rows: list[Row], *, excel: bool) -> None:
    """`path` with only `rows`, replaced in one step (a kill leaves the old file or the new one)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp{path.suffix}")  # same folder, same format
    try:
        with RowWriter(temporary, columns, excel=excel) as writer:
            for row in rows:
                writer.write(row)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _records(path: Path, columns: list[str]) -> list[Row] | None:
    """Every complete record of `path` (a last line cut off by a kill is not one); None for other columns."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    text = data[: data.rfind(b"\n") + 1].decode("utf-8-sig", errors="replace")
    if is_jsonl(path):
        records = []
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                return None
            if not isinstance(record, dict) or list(record) != columns:
                return None
            records.append({name: str(value) for name, value in record.items()})
        return records
    rows = read_cells(text)  # values as they were before the spreadsheet-safe mark
    header = next(rows, None)
    if header is None:
        return []
    if header != columns:
        return None
    return [dict(zip(columns, row, strict=True)) for row in rows if len(row) == len(columns)]
