"""Paging a completed lead list's entries by following `_links.next.href`, one page in memory."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ..api.lead_list import get_lead_list
from ..models.lead_list import LeadList
from ..models.lead_list_entry import LeadListEntry
from ..models.lead_list_status import LeadListStatus
from ..types import UNSET, Unset
from ..validation import Problem, page_parameter_problems
from .errors import (
    InvalidRequestError,
    LeadListError,
    MalformedResponseError,
    PaginationLimitError,
    PaginationLoopError,
    UnexpectedStatusError,
)
from .links import link_target
from .responses import lead_list_from
from .retries import Deadline, RetryPolicy, send_or_give_up
from .steps import Emit, Plan, Step
from .waiting import lead_list_id

PAGE_RETRY_BUDGET = 600.0
"""Seconds one page may spend, retries (429s, 5xx, lost connections) and waits included."""

ENTRY_LIMIT = 60_000
"""The vendor's maximum number of leads in one list: a list that pages past it is paging nowhere."""

EMPTY_PAGE_LIMIT = 10
"""Empty pages in a row (each with a `next`) after which paging stops as going nowhere."""


class FollowedLinks:
    """The `next` hrefs already followed, as sorted 64-bit hashes: 8 bytes per page, so even the
    vendor's largest list (60,000 entries) costs the loop guard a few KiB."""

    def __init__(self) -> None:
        self._hashes = array("q")

    def add(self, href: str) -> bool:
        """Remember `href`; False when it was already followed."""
        digest = hash(href)
        index = bisect_left(self._hashes, digest)
        if index < len(self._hashes) and self._hashes[index] == digest:
            return False
        self._hashes.insert(index, digest)
        return True


@dataclass(frozen=True)
class PageOptions:
    page_size: int
    after: str | None
    max_pages: int | None
    base_url: httpx.URL
    clock: Callable[[], float]
    entry_limit: int = ENTRY_LIMIT
    empty_page_limit: int = EMPTY_PAGE_LIMIT

    def __post_init__(self) -> None:
        """Refuse, before anything is sent, what the API would refuse or what would page nowhere."""
        given: dict[str, object] = {"page[size]": self.page_size}
        if self.after is not None:
            given["page[after]"] = self.after
        problems = page_parameter_problems(given)
        bounds = {
            "max_pages": self.max_pages,
            "entry_limit": self.entry_limit,
            "empty_page_limit": self.empty_page_limit,
        }
        for name, value in bounds.items():
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                problems.append(
                    Problem(pointer="", message=f"must be an integer of at least 1, got {value!r}", parameter=name)
                )
        if problems:
            raise InvalidRequestError(problems)


def pages_plan(lead_list: LeadList | str, options: PageOptions) -> Plan[LeadList]:
    """Emit each page of a completed lead list, starting with the given one when it is a page.

    A failure after some pages sets `resume_after` on the exception to the last entry delivered.
    """
    policy = RetryPolicy()
    resume_after = options.after
    followed = FollowedLinks()
    list_url = link_target(f"/lead-lists/{lead_list_id(lead_list)}", options.base_url)
    try:
        if isinstance(lead_list, LeadList) and options.after is None:
            page = _completed(lead_list)
        else:
            first = get_lead_list._get_kwargs(
                lead_list_id(lead_list), pagesize=options.page_size, pageafter=options.after or UNSET
            )
            page = yield from _fetch(first, policy, options.clock)
        pages = entries = empty_run = 0
        while True:
            yield Emit(page)
            pages += 1
            count = len(entries_of(page))
            entries += count
            empty_run = 0 if count else empty_run + 1
            resume_after = _last_entry_id(page) or resume_after
            href = _next_href(page)
            if href is None or (options.max_pages is not None and pages >= options.max_pages):
                return
            _check_bounds(href, entries, empty_run, options)
            if not followed.add(href):
                raise PaginationLoopError(href)
            target = list_url.copy_with(query=href[1:].encode()) if href.startswith("?") else None
            request = {"method": "get", "url": target or link_target(href, options.base_url)}
            page = yield from _fetch(request, policy, options.clock)
    except LeadListError as error:
        error.resume_after = resume_after
        raise


def _check_bounds(href: str, entries: int, empty_run: int, options: PageOptions) -> None:
    if entries > options.entry_limit:
        raise PaginationLimitError(
            href,
            f"{entries} entries and still a `next` link; no list holds more than {options.entry_limit} (entry_limit)",
        )
    if empty_run >= options.empty_page_limit:
        raise PaginationLimitError(
            href, f"{empty_run} empty pages in a row, each with a `next` link (empty_page_limit)"
        )


def _fetch(request: dict[str, Any], policy: RetryPolicy, clock: Callable[[], float]) -> Step[LeadList]:
    """One page, retried as GETs are; given up with the last error once PAGE_RETRY_BUDGET is spent."""
    response = yield from send_or_give_up(request, policy, Deadline(clock, PAGE_RETRY_BUDGET))
    return _completed(lead_list_from(response))


def _completed(page: LeadList) -> LeadList:
    if page.status != LeadListStatus.COMPLETED:
        raise UnexpectedStatusError(page, "completed (wait_for_lead_list first)")
    if isinstance(page.leads, Unset):
        raise MalformedResponseError(None, f"completed lead list {page.id} carries no `leads`")
    return page


def entries_of(page: LeadList) -> list[LeadListEntry]:
    return [] if isinstance(page.leads, Unset) else page.leads


def _next_href(page: LeadList) -> str | None:
    """The `next` href, None on the last page; a `next` that is not a usable href is malformed."""
    links = page.links
    if isinstance(links, Unset) or isinstance(links.next_, Unset):
        return None
    href: object = links.next_.href
    if not isinstance(href, str) or not href.strip():
        shown = "an empty string" if isinstance(href, str) else f"a value of type {type(href).__name__}"
        raise MalformedResponseError(None, f"`_links.next.href` of lead list {page.id} must be a URL, got {shown}")
    return href


def _last_entry_id(page: LeadList) -> str | None:
    entries = entries_of(page)
    if not entries:
        return None
    cursor: object = entries[-1].id
    if not isinstance(cursor, str) or not cursor:
        raise MalformedResponseError(None, f"an entry of lead list {page.id} has no usable `id` (the paging cursor)")
    return cursor
