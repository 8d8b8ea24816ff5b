"""Enrich a CSV of LinkedIn profile URLs with Amplemarket's Lead Lists API.

    python -m examples.enrich_csv --sandbox examples/linkedin_leads.csv reports/enriched_leads.csv
    AMPLEMARKET_API_KEY=… python -m examples.enrich_csv --owner you@company.com in.csv out.csv

Creates a lead list, shows progress while waiting (the server's Retry-After decides when to poll),
pages every entry into the output CSV as it arrives (so a failure keeps what was already written),
and prints a summary. With --sandbox it runs against the embedded sandbox; no account needed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.models import LeadListEntry
from amplemarket_lead_lists.polling import (
    LeadListError,
    PollEvent,
    create_lead_list,
    iter_lead_list_entries,
    wait_for_lead_list,
)
from amplemarket_lead_lists.types import Unset

COLUMNS = [
    "linkedin_url", "first_name", "last_name", "title", "company_name", "company_domain", "industry",
    "email", "email_validation", "person_id", "entry_id",
]  # fmt: skip
STAGES = ("queued", "processing", "completed")


def read_linkedin_urls(path: Path) -> tuple[list[str], list[int]]:
    """The URLs in the `linkedin_url` column, and the line numbers of rows that have none."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "linkedin_url" not in reader.fieldnames:
            raise SystemExit(f"{path}: the header must have a linkedin_url column")
        urls, skipped = [], []
        for row in reader:
            url = (row.get("linkedin_url") or "").strip()
            if url.startswith(("https://", "http://")) and "linkedin.com/" in url:
                urls.append(url)
            else:
                skipped.append(reader.line_num)
    return urls, skipped


def show_progress(event: PollEvent) -> None:
    """One refreshed line: a bar over queued → processing → completed, and when the next poll is."""
    status = str(event.lead_list.status)
    done = STAGES.index(status) + 1 if status in STAGES else 1
    bar = "█" * (done * 10) + "░" * ((len(STAGES) - done) * 10)
    after = "done" if event.next_delay is None else f"next poll in {event.next_delay:.0f} s"
    line = f"{bar} {status:<11} poll {event.attempt:>2}  {event.elapsed:5.1f} s  {after:<18}"
    print(f"\r  {line}", end="", file=sys.stderr)
    if event.next_delay is None:
        print(file=sys.stderr)


def row(entry: LeadListEntry) -> dict[str, str]:
    validation = entry.email_validation_result
    values = {name: getattr(entry, name, None) for name in COLUMNS}
    values["entry_id"] = entry.id
    values["email_validation"] = None if validation is None or isinstance(validation, Unset) else validation.result
    return {name: "" if value is None or isinstance(value, Unset) else str(value) for name, value in values.items()}


def enrich(client: AuthenticatedClient, owner: str, urls: list[str], output: Path) -> Counter[str]:
    lead_list = create_lead_list(
        client, {"owner": owner, "shared": False, "type": "linkedin", "leads": [{"linkedin_url": u} for u in urls]}
    )
    print(f"created lead list {lead_list.id} with {len(urls)} leads", file=sys.stderr)
    lead_list = wait_for_lead_list(client, lead_list, timeout=3600, on_poll=show_progress)
    summary: Counter[str] = Counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for entry in iter_lead_list_entries(client, lead_list):
            values = row(entry)
            writer.writerow(values)
            summary["entries"] += 1
            summary["matched" if values["person_id"] else "unmatched"] += 1
            summary[f"email {values['email_validation'] or 'not validated'}"] += 1
    return summary


@contextlib.contextmanager
def api(use_sandbox: bool, base_url: str) -> Iterator[tuple[str, str]]:
    """The base URL and key to use: the embedded sandbox, or the real API with AMPLEMARKET_API_KEY."""
    if not use_sandbox:
        key = os.environ.get("AMPLEMARKET_API_KEY")
        if not key:
            raise SystemExit("set AMPLEMARKET_API_KEY, or pass --sandbox")
        yield base_url, key
        return
    # Imported here: a copy of this program that talks to the real API does not need the sandbox.
    from sandbox.server import running_sandbox  # noqa: PLC0415
    from sandbox.settings import Settings  # noqa: PLC0415

    fast = Settings(retry_after=1, queue_seconds=1.0, processing_seconds=2.0, seconds_per_lead=0.01)
    with running_sandbox(fast) as url:
        print(f"sandbox running at {url}", file=sys.stderr)
        yield url, "sandbox-demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="CSV with a linkedin_url column")
    parser.add_argument("output", type=Path, help="where to write the enriched CSV")
    parser.add_argument("--sandbox", action="store_true", help="run against the embedded sandbox")
    parser.add_argument("--owner", default="demo@example.com", help="email of the lead list's owner")
    parser.add_argument("--base-url", default="https://api.amplemarket.com")
    args = parser.parse_args(argv)

    urls, skipped = read_linkedin_urls(args.input)
    if skipped:
        print(f"skipped {len(skipped)} row(s) without a LinkedIn URL: lines {skipped[:10]}", file=sys.stderr)
    if not urls:
        raise SystemExit(f"{args.input}: no LinkedIn URLs to upload")
    started = time.monotonic()
    with api(args.sandbox, args.base_url) as (base_url, key):
        client = AuthenticatedClient(base_url=base_url, token=key)
        try:
            summary = enrich(client, args.owner, urls, args.output)
        except LeadListError as error:
            resume = f" (resume with after={error.resume_after})" if error.resume_after else ""
            print(f"\nstopped: {error}{resume}; rows written so far are in {args.output}", file=sys.stderr)
            return 1
    print(f"\nwrote {summary['entries']} entries to {args.output} in {time.monotonic() - started:.1f} s")
    print(f"  matched {summary['matched']}, unmatched {summary['unmatched']}")
    for name, count in sorted(summary.items()):
        if name.startswith("email "):
            print(f"  {name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
