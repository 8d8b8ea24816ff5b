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
from ..models.lead_list_status import LeadListStatus
from ..types import UNSET, Unset
from ..validation import Problem, page_parameter_problems
from .errors import InvalidRequestError, LeadListError, PaginationLoopError, UnexpectedStatusError
from .links import link_target
from .responses import lead_list_from
from .retries import Deadline, RetryPolicy, send_or_give_up
from .steps import Emit, Plan, Step
from .waiting import lead_list_id

PAGE_RETRY_BUDGET = 600.0
"""Seconds one page may spend waiting between retries (429s, 5xx, lost connections)."""


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

    def __post_init__(self) -> None:
        """Refuse, before anything is sent, what the API would refuse or what would page nowhere."""
        given: dict[str, object] = {"page[size]": self.page_size}
        if self.after is not None:
            given["page[after]"] = self.after
        problems = page_parameter_problems(given)
        if self.max_pages is not None and self.max_pages < 1:
            problems.append(
                Problem(pointer="", message=f"must be at least 1, got {self.max_pages}", parameter="max_pages")
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
    try:
        if isinstance(lead_list, LeadList) and options.after is None:
            page = _completed(lead_list)
        else:
            first = get_lead_list._get_kwargs(
                lead_list_id(lead_list), pagesize=options.page_size, pageafter=options.after or UNSET
            )
            page = yield from _fetch(first, policy, options.clock)
        pages = 0
        while True:
            yield Emit(page)
            pages += 1
            resume_after = _last_entry_id(page) or resume_after
            href = _next_href(page)
            if href is None or (options.max_pages is not None and pages >= options.max_pages):
                return
            if not followed.add(href):
                raise PaginationLoopError(href)
            target = link_target(href, options.base_url)
            page = yield from _fetch({"method": "get", "url": target}, policy, options.clock)
    except LeadListError as error:
        error.resume_after = resume_after
        raise


def _fetch(request: dict[str, Any], policy: RetryPolicy, clock: Callable[[], float]) -> Step[LeadList]:
    """One page, retried as GETs are; given up with the last error once retrying would pass PAGE_RETRY_BUDGET."""
    response = yield from send_or_give_up(request, policy, Deadline(clock, PAGE_RETRY_BUDGET))
    return _completed(lead_list_from(response))


def _completed(page: LeadList) -> LeadList:
    if page.status != LeadListStatus.COMPLETED:
        raise UnexpectedStatusError(page, "completed (wait_for_lead_list first)")
    return page


def _next_href(page: LeadList) -> str | None:
    links = page.links
    if isinstance(links, Unset) or isinstance(links.next_, Unset):
        return None
    return links.next_.href


def _last_entry_id(page: LeadList) -> str | None:
    return page.leads[-1].id if not isinstance(page.leads, Unset) and page.leads else None
