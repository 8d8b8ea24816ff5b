"""The whole job behind `enrich`: read and clean the CSV, upload, wait, export joined rows, summarise.

Each step reports as it goes, and a failure after the upload says which lead list holds the leads
and how many rows are really in the output file, so nothing paid for is lost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import AuthenticatedClient, AuthenticationError, BadRequestError, LeadListError, iter_lead_list_entries
from ..models import LeadList
from .columns import ListType, Reading
from .connection import connect, owner_for
from .csv_input import CsvRow
from .errors import InputError, Interrupted, JobFailed, KeyRefused
from .export import invalid_cursor
from .finishing import Earlier, earlier_rows, rewrite
from .lists import wait
from .output import (
    ENRICHED,
    RowWriter,
    check_suffix,
    check_writable,
    count_entry,
    entry_keys,
    entry_values,
    joined,
    output_columns,
    written_by_enrich,
)
from .overwriting import check_results_kept, same_file
from .progress import Progress
from .resuming import command_line
from .sending import Prepared, create_list, prepare, rejects_path


@dataclass(frozen=True)
class EnrichOptions:
    source: Path
    output: Path
    kind: ListType | None = None
    sandbox: bool = False
    owner: str | None = None
    excel: bool = False
    timeout: float = 3600.0
    lead_list_id: str | None = None
    """Finish from this existing list (a stopped enrich's) instead of creating one."""
    force: bool = False
    """Replace an output holding results, or a rejects file holding other rows (refused otherwise)."""
    column: str | None = None
    header_line: int | None = None

    @property
    def reading(self) -> Reading:
        return Reading(self.kind, self.column, self.header_line)


@dataclass
class Summary:
    lead_list_id: str = ""
    kind: str = ""
    counts: Counter[str] = field(default_factory=Counter)


def enrich(options: EnrichOptions, progress: Progress) -> Summary:
    """Run the job; raises InputError (bad input or settings, nothing sent) or JobFailed."""
    # the owner before reading a large file and before any request; an existing list needs none
    owner = "" if options.lead_list_id else owner_for(options.owner, options.sandbox)
    check_suffix(options.output)
    for path in (options.output, rejects_path(options.output)):  # before any lead is sent
        check_writable(path)
        if same_file(path, options.source):
            raise InputError(f"{path} is the input file: give another file for the results")
    if not written_by_enrich(options.output):
        raise InputError(f"{options.output} exists and is not an output of enrich: choose another file")
    if not options.lead_list_id:  # finishing keeps the rows of its list (`export` below)
        check_results_kept(options.output, force=options.force)
    prepared = prepare(
        options.source,
        options.reading,
        rejects_path(options.output),
        progress,
        sending=not options.lead_list_id,
        force=options.force,
    )
    summary = Summary(kind=str(prepared.kind))
    summary.counts.update(duplicates=len(prepared.cleaned.duplicates), rejected=len(prepared.cleaned.rejects))
    with connect(options.sandbox) as connection:
        client = connection.client
        try:
            lead_list = options.lead_list_id or create_list(client, owner, prepared, progress, sandbox=options.sandbox)
            summary.lead_list_id = lead_list if isinstance(lead_list, str) else lead_list.id
            completed = wait(client, lead_list, options.timeout, progress, sandbox=options.sandbox)
            _check_same_kind(completed, prepared, options)
            try:
                export(client, completed, prepared, options, summary, progress=progress)
            except OSError as error:  # the leads are sent: exit 1 with the list, not 2 "nothing sent"
                raise JobFailed(f"writing {options.output}: {error.strerror or error}", completed.id) from None
        except KeyRefused as error:
            if not summary.lead_list_id:
                raise  # nothing sent: a setting to fix (exit 2)
            finish = _finish_command(options, summary.lead_list_id)
            raise JobFailed(
                f"{error}; lead list {summary.lead_list_id} holds the leads: once the key is set, {finish} writes "
                f"{options.output} from that list, sending no lead again",
                summary.lead_list_id,
            ) from None
        except JobFailed as error:
            if error.lead_list_id is None:
                raise
            finish = _finish_command(options, error.lead_list_id)
            raise JobFailed(
                f"{error}; then {finish} writes {options.output} from that list, sending no lead again",
                error.lead_list_id,
            ) from None
        except KeyboardInterrupt:
            if not summary.lead_list_id:
                raise
            finish = _finish_command(options, summary.lead_list_id)
            raise Interrupted(
                f"interrupted: lead list {summary.lead_list_id} holds the leads; {finish} writes {options.output} "
                "from that list, sending no lead again"
            ) from None
    return summary


def _check_same_kind(lead_list: LeadList, prepared: Prepared, options: EnrichOptions) -> None:
    """Finishing from an existing list (`--lead-list`), the file must be of the list's kind: an email
    file joined to a LinkedIn list matches nothing, and every row would be written without results."""
    kind = None if lead_list.type_ is None else str(lead_list.type_.value).replace("title_and", "titles_and")
    known = kind in {str(member) for member in ListType}  # a type the guide does not name: no judgement
    if options.lead_list_id and known and kind != str(prepared.kind):
        raise InputError(
            f"lead list {lead_list.id} is a {kind} list, but {options.source} holds {prepared.kind} leads: "
            "give the file the list was made from (or --type)"
        )


def _finish_command(options: EnrichOptions, lead_list_id: str) -> str:
    """This enrich again, from the list that holds the leads instead of a new one."""
    excel = ["--excel"] if options.excel else []
    words: list[str | Path] = [
        "--lead-list",
        lead_list_id,
        *options.reading.words(),
        *excel,
        options.source,
        options.output,
    ]
    return command_line("enrich", *words, sandbox=options.sandbox)


def export(
    client: AuthenticatedClient,
    lead_list: LeadList,
    prepared: Prepared,
    options: EnrichOptions,
    summary: Summary,
    *,
    progress: Progress,
) -> None:
    """Write every entry joined to its input rows (duplicates included), then the leads never returned.

    Finishing a stopped enrich (`--lead-list`), the entries OUT already holds in full are kept and
    paging continues after the last of them (`finishing.py`).
    """
    rows_by_key = {lead.key: lead.rows for lead in prepared.cleaned.leads}
    columns, renamed = output_columns(prepared.header)

    def key_of(values: dict[str, str]) -> str:
        return next((k for k in entry_keys(values, prepared.kind) if k in rows_by_key), "")

    def rows_per_entry(row: dict[str, str]) -> tuple[str, int]:
        key = key_of(row)
        return key, len(rows_by_key.get(key, [])) or 1

    earlier = earlier_rows(options.output, columns, rows_per_entry) if options.lead_list_id else Earlier()
    if earlier.other_columns:  # another input's output: written from the start, so only with --force
        check_results_kept(options.output, force=options.force)
    if earlier.rows:
        progress.note(
            f"{options.output} already has {len(earlier.rows)} rows of {earlier.counts['entries']} entries: "
            f"continuing after entry {earlier.last_entry_id}"
        )
        rewrite(options.output, columns, earlier.rows, excel=options.excel)
    summary.counts.update(earlier.counts)
    returned = set(earlier.returned)
    with RowWriter(options.output, columns, excel=options.excel, append=bool(earlier.rows)) as writer:
        try:
            for entry in iter_lead_list_entries(client, lead_list, after=earlier.last_entry_id):
                values = entry_values(entry)
                key = key_of(values)
                returned.add(key)
                for row in rows_by_key.get(key, []) or [CsvRow(0, {})]:
                    writer.write(joined(row, renamed, values))
                count_entry(summary.counts, values)
                progress.exported(summary.counts["entries"], options.output)
        except LeadListError as error:
            if (
                isinstance(error, BadRequestError)
                and earlier.last_entry_id
                and not writer.rows
                and invalid_cursor(error)
            ):
                raise InputError(
                    f"{options.output} holds entries of another lead list (its entry {earlier.last_entry_id} is not "
                    f"in lead list {lead_list.id}): choose another file"
                ) from None
            rows = len(earlier.rows) + writer.rows
            raise JobFailed(_stopped(error, lead_list.id, writer.path, rows), lead_list.id) from None
        empty = dict.fromkeys(ENRICHED, "")
        for lead in prepared.cleaned.leads:
            if lead.key not in returned:
                for row in lead.rows:
                    writer.write(joined(row, renamed, empty))
                summary.counts["not returned"] += 1
        summary.counts["rows written"] = len(earlier.rows) + writer.rows


def _stopped(error: LeadListError, lead_list_id: str, path: Path, rows: int) -> str:
    """What stopped the export, and only what is true about the output file."""
    kept = f"{rows} rows written so far are in {path}" if rows else f"nothing was written to {path}"
    said = KeyRefused(error) if isinstance(error, AuthenticationError) else error
    return f"export of lead list {lead_list_id} stopped: {said}; {kept}"
