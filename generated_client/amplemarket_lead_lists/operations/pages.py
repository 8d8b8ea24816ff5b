"""Pages and entries of a completed lead list, sync and async: `paging.py`'s plan run by a driver."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import aclosing

from ..engine.readahead import iterate_pages_async, iterate_pages_sync
from ..engine.retries import retries_for
from ..engine.steps import ApiClient, AsyncSleep, SyncSleep
from ..engine.twins import async_twin
from ..models.lead_list import LeadList
from ..models.lead_list_entry import LeadListEntry
from .paging import EMPTY_PAGE_LIMIT, ENTRY_LIMIT, PAGE_SIZE, PageOptions, entries_of, pages_plan


def iter_lead_list_pages(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int | None = None,
    after: str | None = None,
    max_pages: int | None = None,
    entry_limit: int = ENTRY_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    prefetch: int = 0,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[LeadList]:
    """Yield each page of a completed lead list, lazily, following `_links.next.href`.

    Paging past `entry_limit` entries (the vendor's 60,000 per list) or through `empty_page_limit` empty pages in a row
    raises PaginationLimitError: the server is paging nowhere. `prefetch=1` requests the next page while the caller
    works on the current one (one more page in memory; see `readahead.py`), with the same guarantees.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        page_size: Entries per page (1-100); None asks for 100. With a `LeadList` read by GET, None starts with its
            own entries and follows its links; a `page_size` given reads the list again from its first page, so
            every page holds at most `page_size` entries (the entries it carries are not used).
        after: Start after this id (an error's `resume_after` continues where paging stopped).
        max_pages: Stop after this many pages; None reads them all.
        entry_limit: Entries after which a list that still has a `next` is paging nowhere (PaginationLimitError).
        empty_page_limit: Empty pages in a row (each with a `next`) after which paging stops (PaginationLimitError).
        prefetch: 1 requests the next page while the caller works on the current one; 0 does not.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Yields:
        Each page (a completed `LeadList`), lazily, one held at a time.

    Raises:
        InvalidRequestError: A paging argument breaks the spec; nothing was sent.
        UnexpectedStatusError: The lead list is not completed (wait for it first).
        UnsafeLinkError: A `next` link points away from the API's origin; it was not followed.
        PaginationLoopError: A `next` link repeats (PaginationLimitError: past the limits above).
        MalformedResponseError: A page is not what the spec describes.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
        LeadListError: Any of these carries `resume_after`, the `after=` that continues without a gap.
    """
    options = PageOptions(
        PAGE_SIZE if page_size is None else page_size,
        after,
        max_pages,
        client.get_httpx_client().base_url,
        clock,
        entry_limit,
        empty_page_limit,
        retries=retries_for(client, max_retries),
        sized=page_size is not None,
    )
    return iterate_pages_sync(pages_plan(lead_list, options), client, sleep, prefetch)


@async_twin(iter_lead_list_pages)
def aiter_lead_list_pages(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int | None = None,
    after: str | None = None,
    max_pages: int | None = None,
    entry_limit: int = ENTRY_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    prefetch: int = 0,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncGenerator[LeadList, None]:
    options = PageOptions(
        PAGE_SIZE if page_size is None else page_size,
        after,
        max_pages,
        client.get_async_httpx_client().base_url,
        clock,
        entry_limit,
        empty_page_limit,
        retries=retries_for(client, max_retries),
        sized=page_size is not None,
    )
    return iterate_pages_async(pages_plan(lead_list, options), client, sleep, prefetch)


def iter_lead_list_entries(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int | None = None,
    after: str | None = None,
    max_pages: int | None = None,
    entry_limit: int = ENTRY_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    prefetch: int = 0,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[LeadListEntry]:
    """Yield every entry of a completed lead list, page after page, holding one page at a time.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        page_size: Entries per page (1-100); None asks for 100. With a `LeadList` read by GET, None starts with its
            own entries and follows its links; a `page_size` given reads the list again from its first page, so
            every page holds at most `page_size` entries (the entries it carries are not used).
        after: Start after this id (an error's `resume_after` continues where paging stopped).
        max_pages: Stop after this many pages; None reads them all.
        entry_limit: Entries after which a list that still has a `next` is paging nowhere (PaginationLimitError).
        empty_page_limit: Empty pages in a row (each with a `next`) after which paging stops (PaginationLimitError).
        prefetch: 1 requests the next page while the caller works on the current one; 0 does not.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Yields:
        Each `LeadListEntry`, page after page, one page held at a time.

    Raises:
        InvalidRequestError: A paging argument breaks the spec; nothing was sent.
        UnexpectedStatusError: The lead list is not completed (wait for it first).
        UnsafeLinkError: A `next` link points away from the API's origin; it was not followed.
        PaginationLoopError: A `next` link repeats (PaginationLimitError: past the limits above).
        MalformedResponseError: A page is not what the spec describes.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
        LeadListError: Any of these carries `resume_after`, the `after=` that continues without a gap.
    """
    pages = iter_lead_list_pages(
        client,
        lead_list,
        page_size=page_size,
        after=after,
        max_pages=max_pages,
        entry_limit=entry_limit,
        empty_page_limit=empty_page_limit,
        prefetch=prefetch,
        max_retries=max_retries,
        sleep=sleep,
        clock=clock,
    )
    for page in pages:
        yield from entries_of(page)


@async_twin(iter_lead_list_entries)
async def aiter_lead_list_entries(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int | None = None,
    after: str | None = None,
    max_pages: int | None = None,
    entry_limit: int = ENTRY_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    prefetch: int = 0,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncGenerator[LeadListEntry, None]:
    pages = aiter_lead_list_pages(
        client,
        lead_list,
        page_size=page_size,
        after=after,
        max_pages=max_pages,
        entry_limit=entry_limit,
        empty_page_limit=empty_page_limit,
        prefetch=prefetch,
        max_retries=max_retries,
        sleep=sleep,
        clock=clock,
    )
    async with aclosing(pages):
        async for page in pages:
            for entry in entries_of(page):
                yield entry
