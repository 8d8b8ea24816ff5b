"""Reading a CSV as people have it: any common encoding, a sniffed separator, line numbers kept.

Spreadsheets save UTF-8 with a BOM, UTF-16, or Windows-1252, and European locales use `;`; the
command must read all of them instead of failing on the header or with a UnicodeDecodeError.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from _csv import Reader  # what csv.reader returns, named for annotations only

DELIMITERS = ",;\t|"
"""In order of preference when the first lines fit several equally."""


@dataclass(frozen=True)
class CsvRow:
    """One data row: its 1-based line number in the file and its values by the file's own header."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class CsvFile:
    header: list[str]
    rows: list[CsvRow]
    encoding: str
    delimiter: str
    note: str | None
    """Said to the user when the encoding was a guess (the Windows-1252 fallback)."""
    titles: int
    """Lines above the header other than Excel's `sep=` line: an export's titles (`--header-line N`, or found)."""
    header_line: int
    """The header's line in the file, as an editor numbers it (below a `sep=` line and the titles)."""


def decode(data: bytes) -> tuple[str, str, str | None]:
    """The text, the encoding used, and a note when it was a fallback rather than certain."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding, None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    # Line by line: a UTF-8 file with one line pasted from elsewhere keeps its other accents (read whole
    # as Windows-1252, every "Zoë" became "ZoÃ«"); a Windows-1252 file reads the same either way.
    lines, fallen = [], []
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors=_LATIN_1))
            fallen.append(number)
    first = f"line {fallen[0]}" if len(fallen) == 1 else f"{len(fallen)} lines from line {fallen[0]}"
    return "\n".join(lines), "cp1252", f"{first} not UTF-8: read as Windows-1252 (Excel's default)"


def _latin_1(error: UnicodeError) -> tuple[str, int]:
    """The five bytes Windows-1252 leaves undefined, kept as Latin-1 (as they were meant) rather than �."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


_LATIN_1 = "amplemarket_lead_lists.latin_1"
codecs.register_error(_LATIN_1, _latin_1)


def sniff_delimiter(text: str) -> str:
    """`,`, `;`, tab or `|`, from the first lines; a single-column file reads as `,`."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Where the csv module starts a new line (so where `CsvRow.line` and an editor count one)."""


def declared_delimiter(text: str) -> str | None:
    """The separator a first line `sep=;` declares (Excel honours it, so exports made for Excel in
    another locale write it); the header is the line after it."""
    first = LINE_BREAK.split(text, maxsplit=1)[0]
    mark = first[4:].rstrip(" ")
    return mark if first[:4].lower() == "sep=" and len(mark) == 1 and mark in DELIMITERS else None


HEADER_SEARCH = 10
"""Records looked at for a header when the first is not one (an export's title and date lines above it)."""

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The largest input read: 60,000 leads (a list's cap) with their CRM columns are far less; a file of
gigabytes is refused before it is loaded (read whole, 2 GiB passed 768 MiB of memory in 3 s)."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused by its size before it is read (a pipe: once past the limit)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > MAX_INPUT_BYTES else handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if size > MAX_INPUT_BYTES or len(data) > MAX_INPUT_BYTES:
        size_said = f"{size / 2**20:,.0f} MiB, " if size > MAX_INPUT_BYTES else ""
        raise InputError(
            f"{path} is {size_said}more than the {MAX_INPUT_BYTES // 2**20} MiB the command reads: split it "
            "(a lead list holds at most 60,000 leads)"
        )
    return data


def read_csv(
    path: Path, header_line: int | None = None, is_header: Callable[[list[str]], bool] = lambda names: True
) -> CsvFile:
    """The file's header and non-blank rows. Raises InputError for a missing file, one too large, or no header.

    The header is the record starting on line `header_line`, else the first record (after Excel's `sep=`
    line), else, when that one is no header to `is_header`, the first of the next HEADER_SEARCH that is:
    the lines above it are an export's titles, not leads."""
    data = read_bytes(path)
    try:
        text, encoding, note = decode(data)
    except UnicodeDecodeError as error:  # a BOM promised an encoding the rest of the file breaks
        line = error.object[: error.start].decode(error.encoding, errors="replace").count("\n") + 1
        raise InputError(
            f"{path}: line {line} is not {error.encoding} although the file starts with its byte order mark "
            f"({error.reason}); save the file again as UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: {_nul_problem(text)}")
    declared = declared_delimiter(text)
    below_titles = LINE_BREAK.split(text, maxsplit=header_line - 1)[-1] if header_line else text
    delimiter = declared or sniff_delimiter(below_titles)  # `--header-line`: title lines may have no separator
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        if declared:
            next(reader)  # the `sep=;` line, not the header; rows keep the file's own line numbers
        if header_line is None:  # a first pass over the top of the file: an export's title lines above the header
            search = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            if declared:
                next(search)
            header_line = _header_below_titles(search, is_header)
        header_at, header = _header(reader, header_line, path)
        records: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for values in reader:
            if reader.line_num > start and _swallows_rows(values, delimiter, len(header)):
                raise InputError(
                    f"{path}: line {start}: a quote opened there closes only on line {reader.line_num}, taking "
                    "the rows between into one field; is a quote unbalanced?"
                )
            if any(value.strip() for value in values):
                records.append((start, values))
            start = reader.line_num + 1
    except csv.Error as error:  # a quote never closed, a field past the csv module's limit
        raise InputError(f"{path}: line {start}: {_csv_problem(error, reader.line_num)}") from None
    width = max([len(header), *(len(values) for _, values in records)])
    names = column_names(header + [""] * (width - len(header)))
    rows = [
        CsvRow(line, dict(zip(names, values + [""] * (width - len(values)), strict=True))) for line, values in records
    ]
    return CsvFile(names, rows, encoding, delimiter, note, header_at - 1 - bool(declared), header_at)


def _header(reader: Reader, header_line: int | None, path: Path) -> tuple[int, list[str]]:
    """The header's line and names, the records before line `header_line` consumed (titles, not leads)."""
    line = reader.line_num + 1
    if header_line is not None:
        while line < header_line and next(reader, None) is not None:
            line = reader.line_num + 1
        if line != header_line:
            where = "past the file's end" if line < header_line else "not where a record starts (Excel's sep= line?)"
            raise InputError(f"{path}: --header-line {header_line} is {where}")
    return line, _names(path, next(reader, []))


def _header_below_titles(reader: Reader, is_header: Callable[[list[str]], bool]) -> int | None:
    """The line of the first of HEADER_SEARCH records that is a header, when the first record is not (a
    blank first line is passed over like a title); None leaves the first record the header. A record the
    csv module cannot read is left to the main pass, which names its line."""
    try:
        for searched in range(HEADER_SEARCH + 1):
            line = reader.line_num + 1
            record = next(reader, None)
            if record is None:
                return None
            names = [name.strip() for name in record]
            if searched == 0 and is_header(names):
                return None
            if any(names) and is_header(names):
                return line
    except csv.Error:
        pass
    return None


def _names(path: Path, record: list[str]) -> list[str]:
    header = [name.strip() for name in record]
    if not any(header):
        raise InputError(f"{path}: empty file, expected a header line")
    return header


def _nul_problem(text: str) -> str:
    """Where the file's NUL bytes are. One in the header: a spreadsheet, an archive, an image, which no
    decoding makes a CSV. Further down: a damaged text file, refused whole with the line to mend rather
    than read on without that row (or with a value the API would refuse)."""
    lines = [number for number, line in enumerate(LINE_BREAK.split(text), 1) if "\x00" in line]
    if lines[0] == 1:
        return "not a text/CSV file (line 1 holds binary data: a NUL byte); save it as CSV first"
    more = len(lines) - 1
    also = f" ({more} more line{'s' if more > 1 else ''} after it too)" if more else ""
    return f"line {lines[0]}{also}: a NUL byte, which no CSV holds (a damaged export?); remove it and run again"


def column_names(header: list[str]) -> list[str]:
    """The header with a name for every column, each once, so no input value is lost on the way to the
    output: a blank name becomes `column 3` (its position), a repeated one `Email (2)`, and a field
    past the header's end gets a column of its own."""
    names: list[str] = []
    for position, name in enumerate(header, 1):
        unique, copy = name or f"column {position}", 1
        while unique in names:
            copy += 1
            unique = f"{name or f'column {position}'} ({copy})"
        names.append(unique)
    return names


SWALLOWED_ROWS = 3
"""Lines inside one field that look like rows, past which a quote was surely left open (a note over a
few lines may hold a separator or two)."""


def _swallows_rows(values: list[str], delimiter: str, columns: int) -> bool:
    """Whether a field spanning lines holds whole rows (as many separators as the header has), the
    mark of a quote left open, rather than a note written over a few lines."""
    inner = (line for value in values if "\n" in value for line in value.split("\n")[1:-1])
    rows = sum(1 for line in inner if line.count(delimiter) >= columns - 1)
    return columns > 1 and rows >= SWALLOWED_ROWS


def _csv_problem(error: csv.Error, line: int) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"a field longer than {csv.field_size_limit():,} characters (is a quote unbalanced?)"
    if "unexpected end of data" in text:
        return "a quote opened in this record is never closed"
    if "expected after" in text:
        return f"a quoted field closes on line {line} with more text after its quote: is a quote unbalanced?"
    return text
