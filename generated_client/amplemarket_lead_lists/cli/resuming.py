"""The commands an error message gives to finish a stopped job, ready to copy into a shell.

A stopped upload or export has already spent credits; the way on must be a command, not Python,
and must say `--sandbox` when the job ran against it, or the user would look for the list elsewhere.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from ..uploads import PartialUploadError

COMMAND = "amplemarket-lead-lists"


def command_line(subcommand: str, *words: str | Path | int, sandbox: bool) -> str:
    """`amplemarket-lead-lists SUBCOMMAND [--sandbox] WORDS…`, quoted for the shell, in backticks."""
    flags = ["--sandbox"] if sandbox else []
    return f"`{shlex.join([COMMAND, subcommand, *flags, *map(str, words)])}`"


def partial_upload(error: PartialUploadError, source: Path, sandbox: bool) -> str:
    """What was added, and the `add --start` command that sends the rest of `source`, none twice."""
    lead_list_id, failed = error.lead_list_id, error.failed
    stopped = (
        f"upload of {source} to lead list {lead_list_id} stopped at leads {failed.start}-{failed.stop - 1} "
        f"of {error.total} ({error.__cause__})"
    )
    if error.outcome_unknown:
        return (
            f"{stopped}, which may or may not be in the list; the first {error.accepted} are. Once it is "
            f"completed, {command_line('export', lead_list_id, 'ENTRIES.csv', sandbox=sandbox)} and count its "
            f"entries ({error.accepted} or {failed.stop}): "
            f"{command_line('add', lead_list_id, source, '--start', 'COUNT', sandbox=sandbox)} sends the rest"
        )
    return (
        f"{stopped}, which were not added; the first {error.accepted} are in the list: "
        f"{command_line('add', lead_list_id, source, '--start', error.accepted, sandbox=sandbox)} sends the other "
        f"{error.total - error.accepted}, none twice"
    )
