"""Listing lead lists (`GET /lead-lists`) and finding one by name, e.g. after a create whose answer
was lost. Paged by `paged_plan`, with the same guarantees as a list's entries."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import aclosing

from ..api.lead_list import list_lead_lists
from ..engine.readahead import iterate_pages_async, iterate_pages_sync
from ..engine.retries import retries_for
from ..engine.steps import ApiClient, AsyncSleep, Plan, SyncSleep
from ..engine.twins import async_twin
from ..exceptions import InvalidRequestError
from ..models.lead_list_page import LeadListPage
from ..models.lead_list_summary import LeadListSummary
from ..types import UNSET
from ..validation import Problem
from .paging import EMPTY_PAGE_LIMIT, PageKind, PageOptions, paged_plan
from .responses import lead_list_page_from

LIST_LIMIT = 100_000
"""Lead lists after which a listing that still has a `next` is paging nowhere. The vendor publishes
no limit per account; this is far beyond any account seen, and a parameter so it can be raised."""

LISTING = ("listLeadLists", "list_limit")
"""PageOptions' operation_id and limit_name for the listing."""


def listing_plan(options: PageOptions) -> Plan[LeadListPage]:
    kind = PageKind[LeadListPage, LeadListSummary](
        name="the listing of lead lists",
        item="lead list",
        first_request=list_lead_lists._get_kwargs(pagesize=options.page_size, pageafter=options.after or UNSET),
        read=lead_list_page_from,
        items=lambda page: page.lead_lists,
        links=lambda page: page.links,
    )
    return paged_plan(kind, options)


def iter_lead_lists(
    client: ApiClient,
    *,
    page_size: int = 100,
    after: str | None = None,
    max_pages: int | None = None,
    list_limit: int = LIST_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    max_retries: int | None = None,
    prefetch: int = 0,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[LeadListSummary]:
    """Yield every lead list the key can see, newest first, lazily, following `_links.next.href`.

    The listing is not documented by the vendor beyond its existence (see the spec): its paging is inferred. A failure
    after some pages carries `resume_after`, the id to pass as `after=`.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        page_size: Entries per page (1-100).
        after: Start after this id (an error's `resume_after` continues where paging stopped).
        max_pages: Stop after this many pages; None reads them all.
        list_limit: Lead lists after which a listing that still has a `next` is paging nowhere (PaginationLimitError).
        empty_page_limit: Empty pages in a row (each with a `next`) after which paging stops (PaginationLimitError).
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        prefetch: 1 requests the next page while the caller works on the current one (see `readahead.py`); 0 does not.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Yields:
        Each `LeadListSummary`, newest first, lazily.

    Raises:
        InvalidRequestError: A paging argument breaks the spec; nothing was sent.
        UnsafeLinkError: A `next` link points away from the API's origin; it was not followed.
        PaginationLoopError: A `next` link repeats (PaginationLimitError: past the limits above).
        MalformedResponseError: A page is not what the spec describes.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
        LeadListError: Any of these carries `resume_after`, the `after=` that continues without a gap.
    """
    base_url = client.get_httpx_client().base_url
    retries = retries_for(client, max_retries)
    options = PageOptions(
        page_size, after, max_pages, base_url, clock, list_limit, empty_page_limit, *LISTING, retries=retries
    )
    for page in iterate_pages_sync(listing_plan(options), client, sleep, prefetch):
        yield from page.lead_lists


@async_twin(iter_lead_lists)
async def aiter_lead_lists(
    client: ApiClient,
    *,
    page_size: int = 100,
    after: str | None = None,
    max_pages: int | None = None,
    list_limit: int = LIST_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    max_retries: int | None = None,
    prefetch: int = 0,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncGenerator[LeadListSummary, None]:
    base_url = client.get_async_httpx_client().base_url
    retries = retries_for(client, max_retries)
    options = PageOptions(
        page_size, after, max_pages, base_url, clock, list_limit, empty_page_limit, *LISTING, retries=retries
    )
    pages = iterate_pages_async(listing_plan(options), client, sleep, prefetch)
    async with aclosing(pages):
        async for page in pages:
            for summary in page.lead_lists:
                yield summary


def find_lead_lists(
    client: ApiClient,
    *,
    name: str | None = None,
    name_contains: str | None = None,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[LeadListSummary]:
    """The lead lists named exactly `name` (or whose name contains `name_contains`, ignoring case), newest first. After
    CreateOutcomeUnknownError: `find_lead_lists(client, name=error.name)`; an empty answer means the create did not
    happen and may be sent again.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        name: The exact name to look for.
        name_contains: Text the name contains, ignoring case (instead of `name`).
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The matching lead lists, newest first (empty when none).

    Raises:
        InvalidRequestError: Not exactly one of `name` and `name_contains`; nothing was sent.
        UnsafeLinkError: A `next` link points away from the API's origin; it was not followed.
        PaginationLoopError: A `next` link repeats (PaginationLimitError: past the limits above).
        MalformedResponseError: A page is not what the spec describes.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
        LeadListError: Any of these carries `resume_after`, the `after=` that continues without a gap.
    """
    matches = _matcher(name, name_contains)
    return [
        summary
        for summary in iter_lead_lists(client, max_retries=max_retries, sleep=sleep, clock=clock)
        if matches(summary)
    ]


@async_twin(find_lead_lists)
async def find_lead_lists_async(
    client: ApiClient,
    *,
    name: str | None = None,
    name_contains: str | None = None,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[LeadListSummary]:
    matches = _matcher(name, name_contains)
    return [
        summary
        async for summary in aiter_lead_lists(client, max_retries=max_retries, sleep=sleep, clock=clock)
        if matches(summary)
    ]


def _matcher(name: str | None, name_contains: str | None) -> Callable[[LeadListSummary], bool]:
    """Checked before anything is sent: exactly one of `name` and `name_contains`, a non-empty string."""
    given = {key: value for key, value in (("name", name), ("name_contains", name_contains)) if value is not None}
    if len(given) != 1 or not all(isinstance(value, str) and value for value in given.values()):
        problem = Problem("", "give exactly one of `name` and `name_contains`, a non-empty string", parameter="name")
        raise InvalidRequestError([problem])
    if name is not None:
        return lambda summary: summary.name == name
    wanted = str(name_contains).casefold()
    return lambda summary: isinstance(summary.name, str) and wanted in summary.name.casefold()
