"""Accounts (one per API key), their lead lists, the lifecycle by time, and cursor paging."""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .enrichment import enrich
from .errors import ApiException, ApiProblem
from .scenarios import Scenario, fault_exception
from .settings import Settings

DEFAULT_OPTIONS = {"reveal_phone_numbers": False, "validate_email": True, "enrich": True}
MAX_LEADS_PER_LIST = 60_000
"""The vendor's maximum number of leads in one lead list (vendor facts 3.2)."""


class Leads(Sequence[dict[str, Any]]):
    """A lead list's inputs in the order received: one segment per create or add.

    Segments are kept as given (a prefilled list's synthetic leads stay computed on access), and an
    add appends one, so an entry's index, hence its id and every cursor, never changes.
    """

    def __init__(self, first: Sequence[dict[str, Any]]) -> None:
        self._segments = [first]
        self._starts = [0]
        self._count = len(first)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        if not 0 <= index < self._count:
            raise IndexError(index)
        segment = bisect.bisect_right(self._starts, index) - 1
        return self._segments[segment][index - self._starts[segment]]

    def append(self, segment: Sequence[dict[str, Any]]) -> None:
        self._segments.append(segment)
        self._starts.append(self._count)
        self._count += len(segment)


@dataclass
class LeadListRecord:
    id: str
    name: str
    owner: str
    shared: bool
    visible: bool
    type: str
    options: dict[str, bool]
    leads: Leads
    created_at: float
    queued_until: float
    processing_until: float
    ends_canceled: bool = False
    processing_status: str = "processing"

    def pending_again(self, now: float, queue: float, processing: float) -> None:
        """After an add the list is queued, then processing, until the new leads are enriched too."""
        self.queued_until = now + queue
        self.processing_until = max(self.processing_until, self.queued_until + processing)

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

    def summary(self, now: float) -> dict[str, Any]:
        """The list as `listLeadLists` shows it (LeadListSummary): no entries."""
        return {
            "id": self.id,
            "object": "lead_list",
            "name": self.name,
            "status": self.status(now),
            "shared": self.shared,
            "visible": self.visible,
            "owner": self.owner,
            "type": self.type,
            "_links": {"self": {"href": self.href()}},
        }

    def answer(self, now: float) -> dict[str, Any]:
        """A create's or an add's 202, as the guide's example: the list as created, `queued`, no entries,
        however short the processing (a real server answers before it processes)."""
        return {**self.body(now), "status": "queued"}

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
    created: list[LeadListRecord] = field(default_factory=list)
    """The lists oldest first; lists are never deleted, so a list's position here never moves."""
    positions: dict[str, int] = field(default_factory=dict)
    """List id → position in `created`: a listing cursor finds its place without a scan."""

    def keep(self, record: LeadListRecord) -> None:
        self.lead_lists[record.id] = record
        self.positions[record.id] = len(self.created)
        self.created.append(record)

    def listing(self, size: int, after: str | None, before: str | None) -> tuple[list[LeadListRecord], dict[str, Any]]:
        """One page of this account's lists, newest first (exclusive cursors), and its `_links`.

        Costs O(`size`): the page is a slice of `created`, read backwards from the cursor's position.
        """
        count = len(self.created)
        # newest first: the page after a list holds older ones (lower positions), before it newer ones
        high = self._position(after, "page[after]") - 1 if after else count - 1
        low = self._position(before, "page[before]") + 1 if before else 0
        if before and not after:
            high = min(low + size - 1, high)
        else:
            low = max(high - size + 1, low)
        records = self.created[low : high + 1][::-1] if high >= low else []
        links: dict[str, Any] = {"self": {"href": listing_href()}}
        if records and high < count - 1:
            links["prev"] = {"href": listing_href(size=size, before=records[0].id)}
        if records and low > 0:
            links["next"] = {"href": listing_href(size=size, after=records[-1].id)}
        return records, links

    def _position(self, cursor: str, parameter: str) -> int:
        position = self.positions.get(cursor)
        if position is None:
            raise ApiException(
                400,
                ApiProblem(
                    "invalid_cursor", f"{parameter} is not a lead list of this API key", ("parameter", parameter)
                ),
            )
        return position


def listing_href(size: int | None = None, after: str | None = None, before: str | None = None) -> str:
    query = "&".join(
        f"page[{name}]={value}" for name, value in (("size", size), ("after", after), ("before", before)) if value
    )
    return "/lead-lists" + (f"?{query}" if query else "")


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.accounts: dict[str, Account] = {}
        self.max_leads_per_list = MAX_LEADS_PER_LIST
        """The cap; an attribute so the conformance suite can check it catches a sandbox without one."""

    def account(self, key: str) -> Account:
        return self.accounts.setdefault(key, Account())

    def create(self, account: Account, body: dict[str, Any], now: float, *, completed: bool = False) -> LeadListRecord:
        scenario = account.scenario
        list_id = str(uuid.uuid4())
        queue, processing = (0.0, 0.0) if completed else self._pending(scenario, len(body["leads"]))
        record = LeadListRecord(
            id=list_id,
            name=body.get("name") or f"{body['type']} leads {list_id[:8]}",
            owner=body["owner"],
            shared=body["shared"],
            visible=body.get("visible", True),
            type=body["type"],
            options={**DEFAULT_OPTIONS, **body.get("options", {})},
            leads=Leads(body["leads"]),
            created_at=now,
            queued_until=now + queue,
            processing_until=now + queue + processing,
            ends_canceled=scenario.take_cancel(),
            processing_status=scenario.processing_status,
        )
        account.keep(record)
        return record

    def add(self, account: Account, record: LeadListRecord, leads: Sequence[dict[str, Any]], now: float) -> None:
        """Append as many of `leads` as the cap leaves room for (the vendor's partial add, in the order
        sent); 409 when the list is already full. A scenario may fail the add: then nothing is added."""
        room = self.max_leads_per_list - len(record.leads)
        if room <= 0:
            raise ApiException(
                409, ApiProblem("limit_reached", f"the lead list holds {len(record.leads)} leads, the maximum")
            )
        fault = account.scenario.take_add_fault()
        if fault is not None:
            raise fault_exception(fault, account.scenario.fault_retry_after)
        accepted = leads[:room]
        record.leads.append(accepted)
        record.pending_again(now, *self._pending(account.scenario, len(accepted)))

    def _pending(self, scenario: Scenario, leads: int) -> tuple[float, float]:
        """(queue, processing) seconds for `leads` new leads; the scenario may slow processing down."""
        return self.settings.queue_seconds, scenario.processing_seconds or self.settings.processing_time(leads)

    def find(self, account: Account, list_id: str) -> LeadListRecord:
        record = account.lead_lists.get(list_id)
        if record is None:
            raise ApiException(
                404, ApiProblem("not_found", f"no lead list {list_id!r} for this API key", ("parameter", "id"))
            )
        return record
