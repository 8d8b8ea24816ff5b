"""The `amplemarket-lead-lists` command (typer): subcommands, options, and one-line errors with exit codes.

Exit codes: 0 done; 1 the API or the network stopped the job (the message says what is kept and
where); 2 bad input or settings (nothing was sent), a key the API refuses (401) included, named
AMPLEMARKET_API_KEY; 130 Ctrl-C (once the list exists, with the command that finishes the job); 143
SIGTERM, handled as Ctrl-C. Errors never show a traceback or the API key.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from .. import AuthenticatedClient
from .columns import ListType, Reading
from .conformance import conformance
from .connection import connect, owner_for
from .enrich import EnrichOptions, Summary, enrich
from .errors import InputError, Interrupted, JobFailed
from .export import export
from .lists import lead_list_status, lead_lists, wait
from .progress import Progress, rate_limit_waits
from .sending import add_to_list, create_list, prepare, rejects_path
from .signals import sigterm_as_interrupt
from .terminal import printable

T = TypeVar("T")
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM: stopped as by Ctrl-C, by `timeout`, systemd, Docker or CI

app = typer.Typer(
    name="amplemarket-lead-lists",
    help="Enrich CSV files of leads with Amplemarket's Lead Lists API. "
    "Key from AMPLEMARKET_API_KEY, base URL from AMPLEMARKET_BASE_URL; --sandbox needs neither. "
    "AMPLEMARKET_REQUESTS_PER_MINUTE: the pace (default 500, the vendor's limit; off for none).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # a usage error is click's plain "Error: …" line, not a box split over lines
)

Sandbox = Annotated[
    bool,
    typer.Option(
        "--sandbox",
        help="Run against the embedded sandbox: no account, no network. Its lead lists are kept between "
        "commands in $AMPLEMARKET_SANDBOX_STATE (default ~/.local/state/amplemarket-lead-lists/sandbox.json).",
    ),
]
Owner = Annotated[
    str | None,
    typer.Option(help="Email of the list's owner; required against the real API (or AMPLEMARKET_OWNER)."),
]

Source = Annotated[
    Path, typer.Argument(metavar="IN.csv", help="CSV of LinkedIn URLs, emails, or titles and companies.")
]
Kind = Annotated[ListType | None, typer.Option("--type", help="The list type; inferred from the columns when omitted.")]
Column = Annotated[
    str | None,
    typer.Option(
        "--column",
        metavar="NAME",
        help="The input column of the leads (LinkedIn URLs, emails, or job titles with --type titles_and_company), "
        "whatever its name; without --type, the type is that of most of its values.",
    ),
]
HeaderLine = Annotated[
    int | None,
    typer.Option(
        "--header-line",
        min=1,
        metavar="N",
        help="The header is on line N (the lines above it are titles); found by itself within the first lines "
        "when the first line names no lead column.",
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        "--overwrite",
        help="Replace an output that holds results, or a rejects file whose rows differ from this run's "
        "(a corrected one): refused otherwise, as results cost credits.",
    ),
]
LeadListId = Annotated[str, typer.Argument(metavar="ID", help="The lead list's id (printed by enrich).")]


def _positive_seconds(value: float) -> float:
    """--timeout: a finite number above 0 (typer's `min=` lets NaN through)."""
    if not (math.isfinite(value) and value > 0):
        raise typer.BadParameter("must be a positive number of seconds")
    return value


Timeout = Annotated[float, typer.Option(help="Seconds to wait for the list to complete.", callback=_positive_seconds)]


DISTRIBUTION = "amplemarket-lead-lists"


def _print_version(wanted: bool) -> None:
    """--version: the installed distribution's version (what a bug report needs), then exit 0."""
    if not wanted:
        return
    try:
        installed = version(DISTRIBUTION)
    except PackageNotFoundError:  # the package's folder on sys.path, never installed
        installed = "(not installed)"
    typer.echo(f"{DISTRIBUTION} {installed}")
    raise typer.Exit


@app.callback()
def root(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the installed version and exit."),
    ] = False,
) -> None:
    """Enrich CSV files of leads with Amplemarket's Lead Lists API (subcommands below)."""


@app.command("enrich")
def enrich_command(  # noqa: PLR0917 (typer reads options from the parameters)
    source: Source,
    output: Annotated[Path, typer.Argument(metavar="OUT.csv", help="Where to write the results (.csv or .jsonl).")],
    kind: Kind = None,
    column: Column = None,
    header_line: HeaderLine = None,
    sandbox: Sandbox = False,
    owner: Owner = None,
    excel: Annotated[bool, typer.Option("--excel", help="Write the CSV with a BOM so Excel reads UTF-8.")] = False,
    timeout: Timeout = 3600.0,
    lead_list: Annotated[
        str | None,
        typer.Option(
            "--lead-list",
            metavar="ID",
            help="Finish a stopped enrich: wait for this existing list and write OUT.csv from it, after the "
            "entries OUT.csv already holds (nothing is sent).",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Read, clean and upload IN.csv, wait for the results, and write them joined to the input rows.

    When it stops, the message gives the commands that finish the same OUT.csv without sending a lead twice.
    """
    options = EnrichOptions(source, output, kind, sandbox, owner, excel, timeout, lead_list, force, column, header_line)
    summary = _run(lambda: enrich(options, Progress()))
    _print_summary(summary, output)


@app.command("create")
def create_command(  # noqa: PLR0917 (typer reads options from the parameters)
    source: Source,
    kind: Kind = None,
    column: Column = None,
    header_line: HeaderLine = None,
    sandbox: Sandbox = False,
    owner: Owner = None,
    force: Force = False,
) -> None:
    """Read and clean IN.csv and create a lead list with its leads; prints the list's id (rejects: IN.rejects.csv)."""

    def job() -> str:
        chosen_owner = owner_for(owner, use_sandbox=sandbox)
        progress = Progress()
        prepared = prepare(source, Reading(kind, column, header_line), rejects_path(source), progress, force=force)
        return _with_client(
            sandbox, lambda client: create_list(client, chosen_owner, prepared, progress, sandbox=sandbox).id
        )

    print(_run(job))


@app.command("add")
def add_command(  # noqa: PLR0917 (typer reads options from the parameters)
    lead_list_id: LeadListId,
    source: Source,
    kind: Kind = None,
    column: Column = None,
    header_line: HeaderLine = None,
    sandbox: Sandbox = False,
    start: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="N",
            help="Skip the first N leads of IN.csv (counted after cleaning): those a stopped upload already added.",
        ),
    ] = 0,
    force: Force = False,
) -> None:
    """Read and clean IN.csv and add its leads to lead list ID (the list is pending again: `wait ID`)."""

    def job() -> str:
        progress = Progress()
        prepared = prepare(source, Reading(kind, column, header_line), rejects_path(source), progress, force=force)
        return _with_client(
            sandbox,
            lambda client: add_to_list(client, lead_list_id, prepared, progress, start=start, sandbox=sandbox).id,
        )

    print(_run(job))


@app.command("list")
def list_command(
    name: Annotated[str | None, typer.Option(help="Only lists with exactly this name.")] = None,
    name_contains: Annotated[str | None, typer.Option(help="Only lists whose name contains this (any case).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many lists.")] = 100,
    sandbox: Sandbox = False,
) -> None:
    """List your lead lists, newest first: id, status, type and name (tab-separated)."""
    found = _run(lambda: _with_client(sandbox, lambda client: lead_lists(client, name, name_contains, limit)))
    for summary in found:  # plain tab-separated lines (rich would expand the tabs), for cut and awk
        fields = (summary.id, summary.status, summary.type_, summary.name)  # the server's text: one field each
        typer.echo("\t".join(printable(str(field)) if isinstance(field, str) else "" for field in fields))


@app.command("status")
def status_command(lead_list_id: LeadListId, sandbox: Sandbox = False) -> None:
    """Show a lead list's status (one request)."""
    lead_list = _run(lambda: _with_client(sandbox, lambda client: lead_list_status(client, lead_list_id)))
    name = "" if not isinstance(lead_list.name, str) else f" {lead_list.name!r}"
    _say(f"lead list {lead_list.id}{name}: {lead_list.status}")


@app.command("wait")
def wait_command(lead_list_id: LeadListId, timeout: Timeout = 3600.0, sandbox: Sandbox = False) -> None:
    """Wait until a lead list is completed, polling as the API asks."""
    lead_list = _run(
        lambda: _with_client(sandbox, lambda client: wait(client, lead_list_id, timeout, Progress(), sandbox=sandbox))
    )
    _say(f"lead list {lead_list.id}: {lead_list.status}")


@app.command("export")
def export_command(
    lead_list_id: LeadListId,
    output: Annotated[Path, typer.Argument(metavar="OUT.csv", help="Where to write the entries (.csv or .jsonl).")],
    sandbox: Sandbox = False,
) -> None:
    """Write every entry of a completed lead list; run again after a failure to continue where it stopped."""
    total, added = _run(
        lambda: _with_client(sandbox, lambda client: export(client, lead_list_id, output, Progress(), sandbox=sandbox))
    )
    _say(f"wrote {added} entries to {output} ({total} in all)")


def _with_client(sandbox: bool, job: Callable[[AuthenticatedClient], T]) -> T:
    """Run `job` with a client for AMPLEMARKET_BASE_URL or the embedded sandbox (its lists kept between runs)."""
    with connect(use_sandbox=sandbox) as connection:
        return job(connection.client)


def _say(text: str, *, stderr: bool = False) -> None:
    """One line for a person, its control characters escaped (it carries the server's text)."""
    Console(stderr=stderr, soft_wrap=True).print(printable(text), highlight=False, markup=False)


def _run(job: Callable[[], T]) -> T:
    """The job's result, or a one-line error on stderr and the exit code that says what happened.

    SIGTERM stops the job as Ctrl-C does (`signals`), exit 143."""
    with sigterm_as_interrupt() as received, rate_limit_waits(Progress().note):
        try:
            return job()
        except InputError as error:
            _say(f"error: {error}", stderr=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except JobFailed as error:
            _say(f"error: {error}", stderr=True)
            raise typer.Exit(EXIT_FAILED) from None
        except Interrupted as error:
            _say(str(error), stderr=True)
            raise typer.Exit(EXIT_TERMINATED if received.sigterm else EXIT_INTERRUPTED) from None
        except KeyboardInterrupt:
            if not received.sigterm:
                raise  # Ctrl-C before anything was sent: typer exits 130, saying nothing
            _say("terminated (SIGTERM)", stderr=True)
            raise typer.Exit(EXIT_TERMINATED) from None
        except OSError as error:
            _say(f"error: {error.filename or ''}: {error.strerror or error}", stderr=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None


SUMMARY_ORDER = ("rows written", "entries", "matched", "unmatched", "not returned", "duplicates", "rejected")


def _print_summary(summary: Summary, output: Path) -> None:
    """The summary on stdout: where the rows are, then the counts (email validation results last)."""
    console = Console(soft_wrap=True)
    console.print(printable(f"wrote {output} from {summary.kind} lead list {summary.lead_list_id}"), highlight=False)
    table = Table(show_header=False)
    names = [n for n in SUMMARY_ORDER if n in summary.counts] + sorted(
        n for n in summary.counts if n not in SUMMARY_ORDER
    )
    for name in names:
        table.add_row(printable(name), str(summary.counts[name]))  # `email <result>`: the server's word
    console.print(table)


@app.command("conformance")
def conformance_command(  # noqa: PLR0917 (typer reads options from the parameters)
    base_url: Annotated[
        str, typer.Option(envvar="AMPLEMARKET_BASE_URL", help="The server to test (or AMPLEMARKET_BASE_URL).")
    ],
    allow_create: Annotated[
        bool, typer.Option(help="Create a few small lists (spends credits on the real API).")
    ] = False,
    allow_large: Annotated[
        bool, typer.Option(help="With --allow-create: a 10,000-lead list, and the cap with --cap-lead-list.")
    ] = False,
    lead_list: Annotated[str | None, typer.Option(help="A completed list of the account to read.")] = None,
    cap_lead_list: Annotated[str | None, typer.Option(help="A list of 59,990 leads, for the cap rule.")] = None,
    owner: Annotated[str, typer.Option(help="Owner of the lists it creates.")] = "conformance@example.com",
    reports: Annotated[
        Path | None, typer.Option(help="Write <REPORTS>-rules.xml (JUnit) and <REPORTS>-summary.txt.")
    ] = None,
) -> None:
    """Check a server against the catalogue of the API's promises; read-only unless told otherwise.

    Exit 0 when no rule failed, 1 when one did (its evidence is printed), 2 for missing settings. The
    key comes from AMPLEMARKET_API_KEY, a second account's from CONFORMANCE_SECOND_API_KEY (isolation).
    """
    text, failed = _run(
        lambda: conformance(
            base_url,
            allow_create=allow_create,
            allow_large=allow_large,
            lead_list_id=lead_list,
            cap_lead_list_id=cap_lead_list,
            owner=owner,
            reports=reports,
        )
    )
    typer.echo(text, nl=False)
    if failed:
        raise typer.Exit(EXIT_FAILED)


def main() -> None:
    """The console script's entry point."""
    app()
