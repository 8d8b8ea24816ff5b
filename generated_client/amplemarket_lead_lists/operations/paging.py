"""Paging by following `_links.next.href`, one page in memory: a completed lead list's entries, or
the listing of lead lists. The rules (same-origin links, loop guard, bounds, budgets, `resume_after`)
are written once in `paged_plan`; a PageKind says what a page is and where its items are."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any, Generic, TypeVar, cast

import httpx

from ..api.lead_list import get_lead_list
from ..engine.retries import DEFAULT_RETRIES, Deadline, Retries, RetryPolicy, send_or_give_up
from ..engine.steps import Emit, Plan, Step
from ..exceptions import (
    InvalidRequestError,
    LeadListError,
    MalformedResponseError,
    PaginationLimitError,
    PaginationLoopError,
    RepeatedItemError,
    UnexpectedStatusError,
)
from ..models.lead_list import LeadList
from ..models.lead_list_entry import LeadListEntry
from ..models.lead_list_status import LeadListStatus
from ..models.links import Links
from ..transport.links import link_target
from ..types import UNSET
from ..validation import Problem, packaged_spec, page_parameter_problems, page_parameter_validators
from ..wire.redaction import secrets_of
from .answers import is_answer
from .delivered import DeliveredIds
from .ids import lead_list_id
from .responses import lead_list_about

P = TypeVar("P")
I = TypeVar("I")  # noqa: E741 - the item type, beside P for the page

PAGE_RETRY_BUDGET = 600.0
"""Seconds one page may spend, retries (429s, 5xx, lost connections) and waits included."""

ENTRY_LIMIT = 60_000
"""The vendor's maximum number of leads in one list: a list that pages past it is paging nowhere."""

PAGE_SIZE = 100
"""Entries asked for per page when the caller does not choose: the spec's default and maximum."""

EMPTY_PAGE_LIMIT = 10
"""Empty pages in a row (each with a `next`) after which paging stops as going nowhere."""


class Seen:
    """The `next` hrefs one paging run has followed, as 64-bit hashes in a sorted array, never the
    strings: 8 bytes each, 4.7 KiB for the 600 pages of the vendor's largest list (a set would take
    70 bytes each, and memory at a page boundary would grow with the list)."""

    def __init__(self) -> None:
        self._hashes = array("q")

    def __contains__(self, text: str) -> bool:
        digest = hash(text)
        index = bisect_left(self._hashes, digest)
        return index < len(self._hashes) and self._hashes[index] == digest

    def add(self, text: str) -> bool:
        """Remember `text`; False when it was already seen."""
        digest = hash(text)
        index = bisect_left(self._hashes, digest)
        if index < len(self._hashes) and self._hashes[index] == digest:
            return False
        self._hashes.insert(index, digest)
        return True


class LoopGuard:
    """The `next` hrefs followed, and the ids delivered, in one paging run: a server that goes back
    (the same link, or a fresh link to items it sent on any page before, or to `after=` itself) is
    stopped before anything is repeated. Ids are remembered as hashes (`DeliveredIds`), so memory
    stays flat: at most 60,000 of them, 470 KiB."""

    def __init__(self, after: str | None) -> None:
        self.followed = Seen()
        self.delivered = DeliveredIds(() if after is None else (after,))
        """The caller has `after=`: a server that sends it again is going back."""

    def new_cursors(self, kind: PageKind[P, I], page: P, response: httpx.Response | None) -> list[str]:
        """The page's cursors, each a usable id not delivered before: checked before any item of the
        page is handed over, so a failure's `resume_after` is the last item the caller has. A page that
        repeats items is RepeatedItemError; one that also links to a page already followed is that
        link's PaginationLoopError."""
        cursors = list(map(kind.cursor, kind.items(page)))
        if set(map(type, cursors)) - {str} or "" in cursors:  # in C, on the hot path; the loop finds which
            position = next(n for n, cursor in enumerate(cursors, 1) if not isinstance(cursor, str) or not cursor)
            raise MalformedResponseError(
                response, f"{kind.item} {position} of this page of {kind.name} has no usable `id` (the paging cursor)"
            )
        checked = cast(list[str], cursors)
        hashes = list(map(hash, checked))
        repeat = self.delivered.first_repeat(hashes)
        if repeat is not None:
            href = _next_href(kind, page)
            if href is not None and href in self.followed:
                raise PaginationLoopError(href)
            raise RepeatedItemError(
                response,
                f"{kind.item} {repeat + 1} of this page of {kind.name} was already delivered "
                f"(`id` {checked[repeat][:40]!r}): the server is paging in a loop",
            )
        self.delivered.add(hashes)
        return checked


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
    sized: bool = False
    """The caller chose `page_size`: a LeadList's own entries (of whatever size) are not used."""

    def __post_init__(self) -> None:
        """Refuse, before anything is sent, what the API would refuse or what would page nowhere."""
        given: dict[str, object] = {"page[size]": self.page_size}
        if self.after is not None:
            given["page[after]"] = self.after
        problems = page_parameter_problems(given, self.operation_id)
        if not problems and self.after is not None:
            problems = _unsendable(self.page_size, self.after, self.base_url)
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


def _unsendable(page_size: int, after: str, base_url: httpx.URL) -> list[Problem]:
    """What httpx cannot put in the first page's URL, merged as it will merge it: a lone surrogate
    (no UTF-8 for it) or a value too long for a URL."""
    try:
        base_url.copy_merge_params({"page[size]": page_size, "page[after]": after})
    except UnicodeEncodeError:
        return [Problem("", "cannot be sent in a URL: it holds a lone surrogate", parameter="page[after]")]
    except httpx.InvalidURL:
        return [
            Problem("", f"cannot be sent in a URL: it is too long ({len(after)} characters)", parameter="page[after]")
        ]
    return []


@dataclass(frozen=True)
class PageKind(Generic[P, I]):
    """What a page is and where its items are: all `paged_plan` needs to know about a collection."""

    name: str
    """The collection in messages, e.g. `lead list 81f6…` or `the listing of lead lists`."""
    item: str
    """One item in messages (`an entry`) and, with an s, several (`entries`)."""
    first_request: dict[str, Any]
    """The first page's request; a query-only href (`?page[after]=…`) continues on its path."""
    read: Callable[[httpx.Response, int], P]
    """The page in a success response that asked for (at most) so many items; MalformedResponseError
    when it is not one, or holds more."""
    items: Callable[[P], Sequence[I]]
    links: Callable[[P], Links | None]
    cursor: Callable[[I], object] = attrgetter("id")
    """An item's id: the cursor of `page[after]`, and the `resume_after` of a failure."""


Checked = tuple[P, list[str], tuple[str, ...]]
"""A page, the cursors of its items once each is known to be usable and new in this run, and the key
its request carried (`secrets_of`)."""


def pages_plan(lead_list: LeadList | str, options: PageOptions) -> Plan[LeadList]:
    """Emit each page of a completed lead list, starting with the given one when it is a page.

    A failure after some pages sets `resume_after` on the exception to the last entry delivered.
    """
    list_id = lead_list_id(lead_list)
    kind = PageKind[LeadList, LeadListEntry](
        name=f"lead list {list_id}",
        item="entry",
        first_request=get_lead_list._get_kwargs(list_id, pagesize=options.page_size, pageafter=options.after or UNSET),
        read=lambda response, page_size: _completed(lead_list_about(response, list_id, page_size)),
        items=entries_of,
        links=lambda page: page.links,
    )
    read = isinstance(lead_list, LeadList) and not is_answer(lead_list)  # a 202 carries no entries: GET them
    given = lead_list if read and options.after is None and not options.sized else None
    first = _completed(given) if isinstance(given, LeadList) else None  # given only without `after`: nothing to resume
    return paged_plan(kind, options, first)


def paged_plan(kind: PageKind[P, I], options: PageOptions, first: P | None = None) -> Plan[P]:
    """Emit each page, from `first` (when given, no request) or `kind.first_request`, following `next`.

    A failure after some pages sets `resume_after` on the exception to the last item delivered. One
    built from what a page holds (its `next` href, an id) is scrubbed of the key: a server may reflect it.
    """
    policy = options.retries.applied_to(RetryPolicy())
    resume_after = options.after
    guard = LoopGuard(options.after)
    secrets: tuple[str, ...] = ()
    try:
        if first is None:
            page, cursors, secrets = yield from _fetch(kind, kind.first_request, policy, options, guard)
        else:
            page, cursors = first, guard.new_cursors(kind, first, None)
        pages = items = empty_run = 0
        while True:
            yield Emit(page)
            pages += 1
            items += len(cursors)
            empty_run = 0 if cursors else empty_run + 1
            resume_after = cursors[-1] if cursors else resume_after
            href = _next_href(kind, page)
            if href is None or (options.max_pages is not None and pages >= options.max_pages):
                return
            _check_bounds(kind, href, items, empty_run, options)
            if not guard.followed.add(href):
                raise PaginationLoopError(href)
            request = {"method": "get", "url": link_target(href, options.base_url, kind.first_request["url"])}
            page, cursors, secrets = yield from _fetch(kind, request, policy, options, guard)
    except LeadListError as error:
        error.scrub(secrets)
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


def _fetch(
    kind: PageKind[P, I], request: dict[str, Any], policy: RetryPolicy, options: PageOptions, guard: LoopGuard
) -> Step[Checked[P]]:
    """One page, retried as GETs are; given up with the last error once PAGE_RETRY_BUDGET is spent."""
    response = yield from send_or_give_up(request, policy, Deadline(options.clock, PAGE_RETRY_BUDGET))
    page = kind.read(response, _page_size_asked(response.request.url, options.operation_id))
    return page, guard.new_cursors(kind, page, response), secrets_of(response.request)


def _page_size_asked(url: httpx.URL, operation_id: str) -> int:
    """The `page[size]` a page request asked for (`page_size`, or the one in a `next` href), as the
    API reads it: the spec's default when absent or not a number, and never past the spec's maximum
    (leading zeros and all: `050` is 50)."""
    schema = _page_size_schema(operation_id)
    asked = url.params.get("page[size]", "")
    size = int(asked) if asked.isdecimal() and len(asked.lstrip("0")) <= 3 else int(schema["default"])
    return min(size, int(schema["maximum"]))


@cache
def _page_size_schema(operation_id: str) -> Mapping[str, Any]:
    return page_parameter_validators(packaged_spec(), operation_id)["page[size]"][0]


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
