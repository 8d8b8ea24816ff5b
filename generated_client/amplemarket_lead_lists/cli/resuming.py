"""The commands an error message gives to finish a stopped job, ready to copy into a shell.

A stopped upload or export has already spent credits; the way on must be a command, not Python,
and must say `--sandbox` when the job ran against it, or the user would look for the list elsewhere.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import MAX_LEADS_PER_REQUEST, CreateOutcomeUnknownError, PartialUploadError, UploadProgress

COMMAND = "amplemarket-lead-lists"


def command_line(subcommand: str, *words: str | Path | int, sandbox: bool) -> str:
    """`amplemarket-lead-lists SUBCOMMAND [--sandbox] WORDS…`, quoted for the shell, in backticks."""
    flags = ["--sandbox"] if sandbox else []
    return f"`{shlex.join([COMMAND, subcommand, *flags, *map(str, words)])}`"


def partial_upload(error: PartialUploadError, uploaded: Uploaded) -> str:
    """What was added, and the `add --start` command that sends the rest of the source, none twice."""
    lead_list_id, failed, source, sandbox = error.lead_list_id, error.failed, uploaded.source, uploaded.sandbox
    stopped = (
        f"upload of {source} to lead list {lead_list_id} stopped at leads {failed.start}-{failed.stop - 1} "
        f"of {error.total} ({error.__cause__})"
    )
    if error.outcome_unknown:
        return (
            f"{stopped}, which may or may not be in the list; the first {error.accepted} are. Once it is "
            f"completed, {command_line('export', lead_list_id, 'ENTRIES.csv', sandbox=sandbox)} and count its "
            f"entries ({error.accepted} or {failed.stop}): "
            f"{uploaded.add(lead_list_id, 'COUNT')} sends the rest"
        )
    return (
        f"{stopped}, which were not added; the first {error.accepted} are in the list: "
        f"{uploaded.add(lead_list_id, error.accepted)} sends the other "
        f"{error.total - error.accepted}, none twice"
    )


def create_outcome_unknown(error: CreateOutcomeUnknownError, uploaded: Uploaded) -> str:
    """The create may have made the list: the `list --name` command that finds it, and the `add --start`
    that sends the rest of the source to it (the create carried the first chunk)."""
    source, leads = uploaded.source, uploaded.leads
    found = command_line("list", "--name", error.name, sandbox=uploaded.sandbox)
    stopped = (
        f"upload of {source} stopped: the create of lead list {error.name!r} (owner {error.owner}, requested "
        f"{error.requested_at}) got no usable answer, so the list may exist: {found} finds it"
    )
    first = min(leads, MAX_LEADS_PER_REQUEST)
    if leads <= first:
        return f"{stopped} (it would hold all {leads} leads)"
    rest = uploaded.add("ID", first)
    return f"{stopped}; it would hold the first {first} of {leads} leads: {rest} sends the others, none twice"


@dataclass
class Uploaded:
    """What an upload of `source` has in the list so far, from its progress reports, to say after a
    Ctrl-C which list holds the leads and how to send the rest, none twice."""

    source: Path
    leads: int
    sandbox: bool
    words: list[str]
    """How the source was read (`--type`, `--column`, `--header-line`): `add` must read the same leads."""
    lead_list_id: str | None = None
    """The list added to (`add`), or once the create answered (`create`, `enrich`)."""
    accepted: int = 0

    def track(self, report: Callable[[UploadProgress], object]) -> Callable[[UploadProgress], None]:
        """An `on_chunk` that records each accepted chunk, then reports it."""

        def on_chunk(progress: UploadProgress) -> None:
            self.lead_list_id, self.accepted = progress.lead_list.id, progress.accepted
            report(progress)

        return on_chunk

    def add(self, lead_list_id: str, start: str | int) -> str:
        """The `add ID IN.csv … --start N` that sends the source's leads from the `start`-th on."""
        return command_line("add", lead_list_id, self.source, *self.words, "--start", start, sandbox=self.sandbox)

    def interrupted(self, name: str = "", owner: str = "") -> str:
        """The message for a Ctrl-C: the chunk on its way may or may not have reached the list."""
        chunk = min(self.leads - self.accepted, MAX_LEADS_PER_REQUEST)
        if self.lead_list_id is None:
            found = command_line("list", "--name", name, sandbox=self.sandbox)
            where = f"lead list {name!r} (owner {owner}) may exist: {found} finds it"
            lead_list_id = "ID"
        else:
            where = f"lead list {self.lead_list_id} holds the first {self.accepted} of {self.leads} leads"
            lead_list_id = self.lead_list_id
        export = command_line("export", lead_list_id, "ENTRIES.csv", sandbox=self.sandbox)
        add = self.add(lead_list_id, "COUNT")
        return (
            f"interrupted while uploading {self.source}: {where}, and maybe the next {chunk}; once it is completed, "
            f"{export} and count its entries ({self.accepted} or {self.accepted + chunk}): {add} sends the rest, "
            "none twice"
        )
