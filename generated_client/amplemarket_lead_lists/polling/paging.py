"""Paging by following `_links.next.href`, one page in memory: a completed lead list's entries, or
the listing of lead lists. The rules (same-origin links, loop guard, bounds, budgets, `resume_after`)
are written once in `paged_plan`; a PageKind says what a page is and where its items are."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from ..api.lead_list import get_lead_list
from ..models.lead_list import LeadList
from ..models.lead_list_entry import LeadListEntry
from ..models.lead_list_status import LeadListStatus
from ..models.links import Links
from ..types import UNSET
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
from .retries import DEFAULT_RETRIES, Deadline, Retries, RetryPolicy, send_or_give_up
from .steps import Emit, Plan, Step
from .waiting import lead_list_id

P = TypeVar("P")
I = TypeVar("I")  # noqa: E741 - the item type, beside P for the page

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
    operation_id: str = "getLeadList"
    """The spec operation whose page parameters `page_size` and `after` are checked against."""
    limit_name: str = "entry_limit"
    """What the caller calls `entry_limit`, for messages and InvalidRequestError."""
    retries: Retries = DEFAULT_RETRIES
    """The client's (or the call's) retry limits for each page."""

    def __post_init__(self) -> None:
        """Refuse, before anything is sent, what the API would refuse or what would page nowhere."""
        given: dict[str, object] = {"page[size]": self.page_size}
        if self.after is not None:
            given["page[after]"] = self.after
        problems = page_parameter_problems(given, self.operation_id)
        bounds = {
            "max_pages": self.max_pages,
            self.limit_name: self.entry_limit,
            "empty_page_limit": self.empty_page_limit,
        }
        for name, value in bounds.items():
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                problems.append(
                    Problem(pointer="", message=f"must be an integer of at least 1, got {value!r}", parameter=name)
                )
        if problems:
            raise InvalidRequestError(problems)


@dataclass(frozen=True)
class PageKind(Generic[P, I]):
    """What a page is and where its items are: all `paged_plan` needs to know about a collection."""

    name: str
    """The collection in messages, e.g. `lead list 81f6…` or `the listing of lead lists`."""
    item: str
    """One item in messages (`an entry`) and, with an s, several (`entries`)."""
    path: str
    """The collection's path: a query-only href (`?page[after]=…`) continues on it."""
    first_request: dict[str, Any]
    read: Callable[[httpx.Response], P]
    """The page in a success response; MalformedResponseError when it is not one."""
    items: Callable[[P], Sequence[I]]
    links: Callable[[P], Links | None]
    cursor: Callable[[I], object]
    """An item's id: the cursor of `page[after]`, and the `resume_after` of a failure."""


def pages_plan(lead_list: LeadList | str, options: PageOptions) -> Plan[LeadList]:
    """Emit each page of a completed lead list, starting with the given one when it is a page.

    A failure after some pages sets `resume_after` on the exception to the last entry delivered.
    """
    list_id = lead_list_id(lead_list)
    kind = PageKind[LeadList, LeadListEntry](
        name=f"lead list {list_id}",
        item="entry",
        path=f"/lead-lists/{list_id}",
        first_request=get_lead_list._get_kwargs(list_id, pagesize=options.page_size, pageafter=options.after or UNSET),
        read=lambda response: _completed(lead_list_from(response)),
        items=entries_of,
        links=lambda page: page.links,
        cursor=lambda entry: entry.id,
    )
    given = lead_list if isinstance(lead_list, LeadList) and options.after is None else None
    try:
        first = None if given is None else _completed(given)
    except LeadListError as error:
        error.resume_after = options.after
        raise
    return paged_plan(kind, options, first)


def paged_plan(kind: PageKind[P, I], options: PageOptions, first: P | None = None) -> Plan[P]:
    """Emit each page, from `first` (when given, no request) or `kind.first_request`, following `next`.

    A failure after some pages sets `resume_after` on the exception to the last item delivered.
    """
    policy = options.retries.applied_to(RetryPolicy())
    resume_after = options.after
    followed = FollowedLinks()
    collection_url = link_target(kind.path, options.base_url)
    try:
        page = first if first is not None else (yield from _fetch(kind, kind.first_request, policy, options.clock))
        pages = items = empty_run = 0
        while True:
            yield Emit(page)
            pages += 1
            count = len(kind.items(page))
            items += count
            empty_run = 0 if count else empty_run + 1
            resume_after = _last_cursor(kind, page) or resume_after
            href = _next_href(kind, page)
            if href is None or (options.max_pages is not None and pages >= options.max_pages):
                return
            _check_bounds(kind, href, items, empty_run, options)
            if not followed.add(href):
                raise PaginationLoopError(href)
            target = collection_url.copy_with(query=href[1:].encode()) if href.startswith("?") else None
            request = {"method": "get", "url": target or link_target(href, options.base_url)}
            page = yield from _fetch(kind, request, policy, options.clock)
    except LeadListError as error:
        error.resume_after = resume_after
        raise


def _check_bounds(kind: PageKind[P, I], href: str, items: int, empty_run: int, options: PageOptions) -> None:
    if items > options.entry_limit:
        raise PaginationLimitError(
            href,
            f"{items} {_plural(kind.item)} and still a `next` link; {kind.name} holds no more than "
            f"{options.entry_limit} ({options.limit_name})",
        )
    if empty_run >= options.empty_page_limit:
        raise PaginationLimitError(
            href, f"{empty_run} empty pages in a row, each with a `next` link (empty_page_limit)"
        )


def _plural(item: str) -> str:
    return item[:-1] + "ies" if item.endswith("y") else item + "s"


def _fetch(kind: PageKind[P, I], request: dict[str, Any], policy: RetryPolicy, clock: Callable[[], float]) -> Step[P]:
    """One page, retried as GETs are; given up with the last error once PAGE_RETRY_BUDGET is spent."""
    response = yield from send_or_give_up(request, policy, Deadline(clock, PAGE_RETRY_BUDGET))
    return kind.read(response)


def _completed(page: LeadList) -> LeadList:
    if page.status != LeadListStatus.COMPLETED:
        raise UnexpectedStatusError(page, "completed (wait_for_lead_list first)")
    if page.leads is None:
        raise MalformedResponseError(None, f"completed lead list {page.id} carries no `leads`")
    return page


def entries_of(page: LeadList) -> list[LeadListEntry]:
    return [] if page.leads is None else page.leads


def _next_href(kind: PageKind[P, I], page: P) -> str | None:
    """The `next` href, None on the last page; a `next` that is not a usable href is malformed."""
    links = kind.links(page)
    if links is None or links.next_ is None:
        return None
    href: object = links.next_.href
    if not isinstance(href, str) or not href.strip():
        shown = "an empty string" if isinstance(href, str) else f"a value of type {type(href).__name__}"
        raise MalformedResponseError(None, f"`_links.next.href` of {kind.name} must be a URL, got {shown}")
    return href


def _last_cursor(kind: PageKind[P, I], page: P) -> str | None:
    items = kind.items(page)
    if not items:
        return None
    cursor = kind.cursor(items[-1])
    if not isinstance(cursor, str) or not cursor:
        raise MalformedResponseError(None, f"one {kind.item} of {kind.name} has no usable `id` (the paging cursor)")
    return cursor
