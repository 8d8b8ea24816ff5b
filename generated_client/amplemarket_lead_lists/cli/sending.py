"""Reading, cleaning and sending a CSV's leads: shared by `enrich`, `create` and `add`.

Everything that can be refused is refused before the first request: the file, the columns, every
row (rejects written to a file with their reasons), and the whole body against the spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import (
    AuthenticatedClient,
    AuthenticationError,
    CreateOutcomeUnknownError,
    InvalidRequestError,
    LeadListError,
    PartialUploadError,
    continue_upload,
    upload_lead_list,
)
from ..models import LeadList
from ..operations.creating import default_name
from .cleaning import LEAD_OF, Cleaned, clean, other_types
from .columns import ListType, Reading, choose_columns
from .csv_input import read_csv
from .errors import InputError, Interrupted, JobFailed, KeyRefused
from .output import check_writable, rejects_file, rejects_of_ours
from .overwriting import check_rejects_replaceable, same_file
from .progress import Progress
from .resuming import Uploaded, create_outcome_unknown, partial_upload


@dataclass(frozen=True)
class Prepared:
    """The input, ready to send: where it came from, cleaned leads, their list type and the input's header."""

    source: Path
    cleaned: Cleaned
    kind: ListType
    header: list[str]
    reading: Reading
    """As the user said to read it: repeated in the commands that send the rest."""

    def body(self, **fields: Any) -> dict[str, Any]:
        return {**fields, "type": str(self.kind), "leads": [lead.body for lead in self.cleaned.leads]}


def rejects_path(path: Path) -> Path:
    """`name.rejects.csv` beside `name.csv`."""
    return path.with_name(f"{path.stem}.rejects.csv")


def plural(count: int, word: str) -> str:
    """`1 duplicate`, `2 duplicates`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def prepare(
    source: Path, reading: Reading, rejects: Path, progress: Progress, *, sending: bool = True, force: bool = False
) -> Prepared:
    """The cleaned leads of `source`; rejects reported and written to `rejects`. InputError if none is left.

    `sending=False` when the leads are already in a list (`enrich --lead-list`): only joined to its entries.
    A rejects file holding other rows (corrected by the user, or of another input) is replaced only with `force`.
    """
    table = read_csv(source, reading.header_line, reading.is_header)
    if table.note:
        progress.note(f"{source}: {table.note}")
    if table.titles and reading.header_line is None:
        titles = plural(table.titles, "title line")
        progress.note(f"{source}: the header is on line {table.header_line}, under {titles}")
    columns, chosen = choose_columns(
        table.header, lambda name: [row.values[name] for row in table.rows], reading, str(source)
    )
    cleaned = clean(table.rows, chosen, columns)
    progress.note(
        f"{source}: {plural(len(table.rows), 'row')}, {plural(len(cleaned.leads), f'{chosen} lead')} "
        f"{'to send' if sending else 'to join to the list (none sent)'} "
        f"({plural(len(cleaned.duplicates), 'duplicate')} removed, {len(cleaned.rejects)} rejected)"
    )
    check_writable(rejects)  # before anything is written or sent
    if same_file(rejects, source):
        raise InputError(f"{rejects} is the input file: give another file")
    if not rejects_of_ours(rejects):
        raise InputError(f"{rejects} exists and is not a rejects file of this command: move it, or choose another file")
    content = rejects_file(table.header, cleaned.rejects) if cleaned.rejects else b""
    check_rejects_replaceable(rejects, content, force=force)
    if not cleaned.rejects and rejects.exists():
        rejects.unlink()  # an earlier run's: left beside the output, it would contradict "0 rejected"
        progress.note(f"  {rejects} of an earlier run removed: no row is rejected now")
    if cleaned.rejects:
        rejects.write_bytes(content)
        for reject in cleaned.rejects[:10]:
            progress.note(f"  line {reject.row.line}: {reject.reason}")
        more = f" ({len(cleaned.rejects) - 10} more)" if len(cleaned.rejects) > 10 else ""
        progress.note(f"  rejected rows{more} are in {rejects}, never sent")
        for other, count in other_types(cleaned.rejects, chosen, columns).items():
            have = "has" if count == 1 else "have"
            progress.note(
                f"  {plural(count, 'rejected row')} {have} {' '.join(LEAD_OF[other])} and no usable "
                f"{LEAD_OF[chosen][1]}: run again with --type {other} on {rejects} for those (a list of their own)"
            )
    if not cleaned.leads:
        raise InputError(f"{source}: no {chosen} leads to send")
    return Prepared(source, cleaned, chosen, table.header, reading)


def create_list(
    client: AuthenticatedClient, owner: str, prepared: Prepared, progress: Progress, *, sandbox: bool
) -> LeadList:
    """A new lead list with every lead, chunked past 10,000 (pending: wait for it)."""
    name = default_name(str(prepared.kind))  # named here, so a Ctrl-C can say which list to look for
    body = prepared.body(owner=owner, shared=False, name=name)
    uploaded = Uploaded(prepared.source, len(prepared.cleaned.leads), sandbox, prepared.reading.words())
    try:
        return upload_lead_list(client, body, on_chunk=uploaded.track(progress.chunk))
    except InvalidRequestError as error:
        owner_problems = [problem.message for problem in error.problems if problem.pointer == "/owner"]
        if owner_problems:  # the option's fault, not the file's
            raise InputError(f"--owner (or AMPLEMARKET_OWNER): {'; '.join(owner_problems)}") from None
        raise InputError(f"{prepared.source}: {error}") from None
    except PartialUploadError as error:
        raise JobFailed(partial_upload(error, uploaded), error.lead_list_id) from None
    except CreateOutcomeUnknownError as error:
        raise JobFailed(create_outcome_unknown(error, uploaded)) from None
    except AuthenticationError as error:  # the first chunk, the create: no list was made
        raise KeyRefused(error) from None
    except LeadListError as error:
        raise JobFailed(f"upload of {prepared.source} stopped: {error}") from None
    except KeyboardInterrupt:
        raise Interrupted(uploaded.interrupted(name, owner)) from None


def add_to_list(
    client: AuthenticatedClient, lead_list_id: str, prepared: Prepared, progress: Progress, *, start: int, sandbox: bool
) -> LeadList:
    """The leads from `start` on (those before it are in the list already) added to an existing lead
    list, chunk by chunk (pending again: wait for it)."""
    if start >= len(prepared.cleaned.leads):
        leads = len(prepared.cleaned.leads)
        raise InputError(f"--start {start}: {prepared.source} has {leads} leads to send, none after the first {start}")
    words = prepared.reading.words()
    uploaded = Uploaded(prepared.source, len(prepared.cleaned.leads), sandbox, words, lead_list_id, start)
    try:
        return continue_upload(
            client, lead_list_id, prepared.body(), start=start, on_chunk=uploaded.track(progress.chunk)
        )
    except InvalidRequestError as error:
        raise InputError(f"{prepared.source}: {error}") from None
    except PartialUploadError as error:
        refused = error.__cause__
        if isinstance(refused, AuthenticationError) and error.accepted == start and not error.outcome_unknown:
            raise KeyRefused(refused) from None  # not one lead of this run was added
        raise JobFailed(partial_upload(error, uploaded), lead_list_id) from None
    except AuthenticationError as error:
        raise KeyRefused(error) from None
    except LeadListError as error:
        raise JobFailed(
            f"adding {prepared.source} to lead list {lead_list_id} stopped: {error}", lead_list_id
        ) from None
    except KeyboardInterrupt:
        raise Interrupted(uploaded.interrupted()) from None
