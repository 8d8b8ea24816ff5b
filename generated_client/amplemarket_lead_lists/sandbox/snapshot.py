"""The sandbox's lead lists as plain JSON data, so an embedded sandbox can outlive one command.

`--sandbox` starts a sandbox per command; the command line saves a snapshot when it stops and
restores it when the next one starts, so a list created by one command is there for the next. Only
the lead lists are kept (not scenarios or rate-limit windows), and their times must come from the
wall clock (`create_app(clock=time.time)`): a monotonic clock restarts with each process.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .store import LeadListRecord, Leads, Store

VERSION = 1
KEEP = 50
"""Lists kept per API key, newest first: demo data, so the file (read by every command) stays small."""
Snapshot = dict[str, Any]
"""{"version": 1, "accounts": {api key: [lead list, ... oldest first]}}"""

_FIELDS = [f.name for f in fields(LeadListRecord)]


def empty() -> Snapshot:
    return {"version": VERSION, "accounts": {}}


def snapshot(store: Store) -> Snapshot:
    """Every account's lead lists, oldest first, with their leads as sent."""
    accounts = {
        key: [{**_scalars(record), "leads": list(record.leads)} for record in account.created]
        for key, account in store.accounts.items()
        if account.created
    }
    return {"version": VERSION, "accounts": accounts}


def _scalars(record: LeadListRecord) -> dict[str, Any]:
    """The record's fields but its leads (dataclasses.asdict would deep-copy 60,000 of them)."""
    return {name: getattr(record, name) for name in _FIELDS if name != "leads"}


def restore(store: Store, data: Any) -> None:
    """Put the snapshot's lists into `store`; ValueError (saying what is wrong) when it is not one."""
    accounts = _accounts(data)
    try:
        for key, records in accounts.items():
            account = store.account(key)
            for fields_ in records:
                leads = fields_["leads"]
                if not isinstance(leads, list) or not all(isinstance(lead, dict) for lead in leads):
                    raise ValueError("leads must be a list of objects")
                values = {name: fields_[name] for name in _FIELDS if name != "leads"}
                account.keep(LeadListRecord(**values, leads=Leads(leads)))
    except (KeyError, TypeError) as error:
        raise ValueError(f"a lead list is malformed ({type(error).__name__}: {error})") from None


def merged(base: Snapshot, ours: Snapshot, theirs: Snapshot) -> Snapshot:
    """`theirs` (saved meanwhile by another command) with the lists `ours` changed since `base`.

    Two commands run at once each keep what they created or added; only a list both changed is
    taken from `ours`. Lists stay oldest first; only the newest KEEP of each key are kept.
    """
    result = {key: {record["id"]: record for record in records} for key, records in _accounts(theirs).items()}
    before = {(key, record["id"]): record for key, records in _accounts(base).items() for record in records}
    for key, records in _accounts(ours).items():
        for record in records:
            if before.get((key, record["id"])) != record:
                result.setdefault(key, {})[record["id"]] = record
    accounts = {key: sorted(by_id.values(), key=lambda r: r["created_at"])[-KEEP:] for key, by_id in result.items()}
    return {"version": VERSION, "accounts": accounts}


def _accounts(data: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError(f"not a version {VERSION} sandbox snapshot")
    accounts = data.get("accounts")
    if not isinstance(accounts, dict) or not all(
        isinstance(records, list) and all(isinstance(record, dict) for record in records)
        for records in accounts.values()
    ):
        raise ValueError("accounts must map API keys to lists of lead lists")
    return accounts
