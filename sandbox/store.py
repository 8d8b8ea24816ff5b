"""Accounts (one per API key), their lead lists, the lifecycle by time, and cursor paging."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .enrichment import enrich
from .errors import ApiException, ApiProblem
from .scenarios import Scenario
from .settings import Settings

DEFAULT_OPTIONS = {"reveal_phone_numbers": False, "validate_email": True, "enrich": True}
PENDING = ("queued", "processing")


@dataclass
class LeadListRecord:
    id: str
    name: str
    owner: str
    shared: bool
    visible: bool
    type: str
    options: dict[str, bool]
    leads: Sequence[dict[str, Any]]
    created_at: float
    queued_until: float
    processing_until: float
    ends_canceled: bool = False
    processing_status: str = "processing"

    def status(self, now: float) -> str:
        if now < self.queued_until:
            return "queued"
        if now < self.processing_until:
            return self.processing_status
        return "canceled" if self.ends_canceled else "completed"

    def entry_id(self, index: int) -> str:
        """Entry ids share the list id's first 24 characters (as in the vendor's examples) and end
        in the entry's index, so a cursor finds its entry without a scan or an index."""
        return f"{self.id[:24]}{index:012x}"

    def index_of(self, cursor: str, parameter: str) -> int:
        if len(cursor) == 36 and cursor.startswith(self.id[:24]):
            try:
                index = int(cursor[24:], 16)
            except ValueError:
                index = -1
            if 0 <= index < len(self.leads):
                return index
        raise ApiException(
            400,
            ApiProblem("invalid_cursor", f"{parameter} is not an entry of this lead list", ("parameter", parameter)),
        )

    def page(self, size: int, after: str | None, before: str | None) -> tuple[range, dict[str, Any]]:
        """The entry indexes of one page (exclusive cursors) and the `_links` around it."""
        start = self.index_of(after, "page[after]") + 1 if after else 0
        stop = self.index_of(before, "page[before]") if before else len(self.leads)
        indexes = range(max(stop - size, 0), stop) if before and not after else range(start, min(start + size, stop))
        links: dict[str, Any] = {"self": {"href": self.href()}}
        if indexes and indexes.start > 0:
            links["prev"] = {"href": self.href(size=size, before=self.entry_id(indexes.start))}
        if indexes and indexes.stop < len(self.leads):
            links["next"] = {"href": self.href(size=size, after=self.entry_id(indexes.stop - 1))}
        return indexes, links

    def href(self, size: int | None = None, after: str | None = None, before: str | None = None) -> str:
        query = "".join(
            f"&page[{name}]={value}" for name, value in (("size", size), ("after", after), ("before", before)) if value
        )
        return f"/lead-lists/{self.id}" + (f"?{query[1:]}" if query else "")

    def body(self, now: float, indexes: range = range(0), links: dict[str, Any] | None = None) -> dict[str, Any]:
        status = self.status(now)
        return {
            "id": self.id,
            "object": "lead_list",
            "name": self.name,
            "status": status,
            "shared": self.shared,
            "visible": self.visible,
            "owner": self.owner,
            "type": self.type,
            "options": dict(self.options),
            "leads": [enrich(self.entry_id(i), self.leads[i], self.options) for i in indexes],
            "_links": links or {"self": {"href": self.href()}},
        }


@dataclass
class Account:
    """Everything one API key owns: its lead lists, its scenario, its recent requests."""

    lead_lists: dict[str, LeadListRecord] = field(default_factory=dict)
    scenario: Scenario = field(default_factory=Scenario)


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.accounts: dict[str, Account] = {}

    def account(self, key: str) -> Account:
        return self.accounts.setdefault(key, Account())

    def create(self, account: Account, body: dict[str, Any], now: float, *, completed: bool = False) -> LeadListRecord:
        scenario = account.scenario
        list_id = str(uuid.uuid4())
        queue = 0.0 if completed else self.settings.queue_seconds
        processing = (
            0.0 if completed else scenario.processing_seconds or self.settings.processing_time(len(body["leads"]))
        )
        record = LeadListRecord(
            id=list_id,
            name=body.get("name") or f"{body['type']} leads {list_id[:8]}",
            owner=body["owner"],
            shared=body["shared"],
            visible=body.get("visible", True),
            type=body["type"],
            options={**DEFAULT_OPTIONS, **body.get("options", {})},
            leads=body["leads"],
            created_at=now,
            queued_until=now + queue,
            processing_until=now + queue + processing,
            ends_canceled=scenario.take_cancel(),
            processing_status=scenario.processing_status,
        )
        account.lead_lists[list_id] = record
        return record

    def find(self, account: Account, list_id: str) -> LeadListRecord:
        record = account.lead_lists.get(list_id)
        if record is None:
            raise ApiException(
                404, ApiProblem("not_found", f"no lead list {list_id!r} for this API key", ("parameter", "id"))
            )
        return record
