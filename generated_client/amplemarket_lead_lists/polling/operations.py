"""The public functions: each builds a plan and runs it with the sync or the async driver."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from contextlib import aclosing

from ..models.lead_list import LeadList
from ..models.lead_list_create_type import LeadListCreateType
from ..models.lead_list_entry import LeadListEntry
from .adding import add_plan, checked_add_body
from .bodies import CreateBody, Lead
from .creating import checked_body, create_plan
from .paging import EMPTY_PAGE_LIMIT, ENTRY_LIMIT, PageOptions, entries_of, pages_plan
from .readahead import iterate_pages_async, iterate_pages_sync
from .retries import retries_for
from .steps import ApiClient, run_async, run_sync
from .waiting import PollEvent, WaitOptions, lead_list_id, wait_plan

CREATE_TIMEOUT = 600.0
"""Seconds `create_lead_list` or `add_leads` may spend waiting out 429s before giving up."""

SyncSleep = Callable[[float], object]
AsyncSleep = Callable[[float], Awaitable[object]]
OnPoll = Callable[[PollEvent], object]


def create_lead_list(
    client: ApiClient,
    body: CreateBody,
    *,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Validate `body` against the spec, POST it, and return the 202's lead list (status `queued`).

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        body: The create body: a `CreateLeadListBody`, any mapping, or a `LeadListCreate`; checked against the spec
            before sending.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The 202's lead list (status `queued`).

    Raises:
        InvalidRequestError: The body breaks the spec; nothing was sent.
        CreateOutcomeUnknownError: Sent, but no answer came: the list may exist; its message says how to find it.
        ConflictError: An account limit was reached.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
    """
    return run_sync(
        create_plan(checked_body(body), clock, CREATE_TIMEOUT, retries_for(client, max_retries)), client, sleep
    )


async def create_lead_list_async(
    client: ApiClient,
    body: CreateBody,
    *,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Async twin of `create_lead_list`: validate `body` against the spec, POST it, and return the 202's lead list
    (status `queued`).

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        body: The create body: a `CreateLeadListBody`, any mapping, or a `LeadListCreate`; checked against the spec
            before sending.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait, awaitable (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The 202's lead list (status `queued`).

    Raises:
        InvalidRequestError: The body breaks the spec; nothing was sent.
        CreateOutcomeUnknownError: Sent, but no answer came: the list may exist; its message says how to find it.
        ConflictError: An account limit was reached.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
    """
    return await run_async(
        create_plan(checked_body(body), clock, CREATE_TIMEOUT, retries_for(client, max_retries)), client, sleep
    )


def wait_for_lead_list(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    timeout: float | None = 3600.0,
    default_interval: float = 60.0,
    min_interval: float = 1.0,
    max_interval: float = 600.0,
    on_poll: OnPoll | None = None,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Poll until the lead list is completed and return it (its first page of entries included).

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        timeout: Seconds before PollingTimeoutError (a hard deadline, never overshot by a sleep); None waits without
            limit.
        default_interval: Seconds between polls when the server sends no `Retry-After`.
        min_interval: The shortest wait between polls, whatever `Retry-After` says.
        max_interval: The longest wait between polls, whatever `Retry-After` says.
        on_poll: Called with a `PollEvent` after every poll; what it raises propagates.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The completed lead list, with its first page of entries.

    Raises:
        PollingTimeoutError: Still pending at the deadline; its message says how to go on waiting.
        LeadListCanceledError: The lead list was canceled.
        UnexpectedStatusError: A status the spec does not know, without `Retry-After`.
        InvalidRequestError: The id is empty or not a string; nothing was sent.
        MalformedResponseError: A response is not a lead list.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
    """
    retries = retries_for(client, max_retries)
    options = WaitOptions(timeout, default_interval, min_interval, max_interval, on_poll, clock, retries)
    return run_sync(wait_plan(lead_list, options), client, sleep)


async def wait_for_lead_list_async(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    timeout: float | None = 3600.0,
    default_interval: float = 60.0,
    min_interval: float = 1.0,
    max_interval: float = 600.0,
    on_poll: OnPoll | None = None,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Async twin of `wait_for_lead_list`: poll until the lead list is completed and return it (its first page of
    entries included).

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        timeout: Seconds before PollingTimeoutError (a hard deadline, never overshot by a sleep); None waits without
            limit.
        default_interval: Seconds between polls when the server sends no `Retry-After`.
        min_interval: The shortest wait between polls, whatever `Retry-After` says.
        max_interval: The longest wait between polls, whatever `Retry-After` says.
        on_poll: Called with a `PollEvent` after every poll; what it raises propagates.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait, awaitable (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The completed lead list, with its first page of entries.

    Raises:
        PollingTimeoutError: Still pending at the deadline; its message says how to go on waiting.
        LeadListCanceledError: The lead list was canceled.
        UnexpectedStatusError: A status the spec does not know, without `Retry-After`.
        InvalidRequestError: The id is empty or not a string; nothing was sent.
        MalformedResponseError: A response is not a lead list.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
    """
    retries = retries_for(client, max_retries)
    options = WaitOptions(timeout, default_interval, min_interval, max_interval, on_poll, clock, retries)
    return await run_async(wait_plan(lead_list, options), client, sleep)


def iter_lead_list_pages(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int = 100,
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
        page_size: Entries per page (1-100).
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
        page_size,
        after,
        max_pages,
        client.get_httpx_client().base_url,
        clock,
        entry_limit,
        empty_page_limit,
        retries=retries_for(client, max_retries),
    )
    return iterate_pages_sync(pages_plan(lead_list, options), client, sleep, prefetch)


def aiter_lead_list_pages(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int = 100,
    after: str | None = None,
    max_pages: int | None = None,
    entry_limit: int = ENTRY_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    prefetch: int = 0,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncGenerator[LeadList, None]:
    """Async twin of `iter_lead_list_pages`: yield each page of a completed lead list, lazily, following
    `_links.next.href`.

    Paging past `entry_limit` entries (the vendor's 60,000 per list) or through `empty_page_limit` empty pages in a row
    raises PaginationLimitError: the server is paging nowhere. `prefetch=1` requests the next page while the caller
    works on the current one (one more page in memory; see `readahead.py`), with the same guarantees.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        page_size: Entries per page (1-100).
        after: Start after this id (an error's `resume_after` continues where paging stopped).
        max_pages: Stop after this many pages; None reads them all.
        entry_limit: Entries after which a list that still has a `next` is paging nowhere (PaginationLimitError).
        empty_page_limit: Empty pages in a row (each with a `next`) after which paging stops (PaginationLimitError).
        prefetch: 1 requests the next page while the caller works on the current one; 0 does not.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait, awaitable (a test can pass a fake).
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
        page_size,
        after,
        max_pages,
        client.get_async_httpx_client().base_url,
        clock,
        entry_limit,
        empty_page_limit,
        retries=retries_for(client, max_retries),
    )
    return iterate_pages_async(pages_plan(lead_list, options), client, sleep, prefetch)


def iter_lead_list_entries(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int = 100,
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
        page_size: Entries per page (1-100).
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


async def aiter_lead_list_entries(
    client: ApiClient,
    lead_list: LeadList | str,
    *,
    page_size: int = 100,
    after: str | None = None,
    max_pages: int | None = None,
    entry_limit: int = ENTRY_LIMIT,
    empty_page_limit: int = EMPTY_PAGE_LIMIT,
    prefetch: int = 0,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncGenerator[LeadListEntry, None]:
    """Async twin of `iter_lead_list_entries`: yield every entry of a completed lead list, page after page, holding one
    page at a time.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        page_size: Entries per page (1-100).
        after: Start after this id (an error's `resume_after` continues where paging stopped).
        max_pages: Stop after this many pages; None reads them all.
        entry_limit: Entries after which a list that still has a `next` is paging nowhere (PaginationLimitError).
        empty_page_limit: Empty pages in a row (each with a `next`) after which paging stops (PaginationLimitError).
        prefetch: 1 requests the next page while the caller works on the current one; 0 does not.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait, awaitable (a test can pass a fake).
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


def add_leads(
    client: ApiClient,
    lead_list: LeadList | str,
    leads: Sequence[Lead],
    *,
    type: LeadListCreateType | str | None = None,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Validate the leads against the spec, POST them to the lead list, and return the 202's lead list.

    The list goes back to `queued`/`processing` until the new leads are processed: wait for it with
    `wait_for_lead_list`. Near the 60,000-lead limit the server adds only the leads that fit, and the 202 does not say
    how many (count the entries once completed); a full list answers ConflictError. A TransportError with `sent` true
    means the leads may have been added: count before sending again.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        leads: The leads to add (`LeadBody` dicts, mappings or `LeadInput`s), at most 10,000.
        type: The list's type; when given, every lead is checked for the field that type needs.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The 202's lead list, pending again until the new leads are processed.

    Raises:
        InvalidRequestError: The leads break the spec; nothing was sent.
        ConflictError: The list holds 60,000 leads already.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer; with `sent` true the leads may have been added: count before sending again.
        ClientClosedError: The client was closed.
    """
    body = checked_add_body(leads, type)
    return run_sync(
        add_plan(lead_list_id(lead_list), body, clock, CREATE_TIMEOUT, retries_for(client, max_retries)), client, sleep
    )


async def add_leads_async(
    client: ApiClient,
    lead_list: LeadList | str,
    leads: Sequence[Lead],
    *,
    type: LeadListCreateType | str | None = None,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Async twin of `add_leads`: validate the leads against the spec, POST them to the lead list, and return the 202's
    lead list.

    The list goes back to `queued`/`processing` until the new leads are processed: wait for it with
    `wait_for_lead_list`. Near the 60,000-lead limit the server adds only the leads that fit, and the 202 does not say
    how many (count the entries once completed); a full list answers ConflictError. A TransportError with `sent` true
    means the leads may have been added: count before sending again.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        leads: The leads to add (`LeadBody` dicts, mappings or `LeadInput`s), at most 10,000.
        type: The list's type; when given, every lead is checked for the field that type needs.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait, awaitable (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The 202's lead list, pending again until the new leads are processed.

    Raises:
        InvalidRequestError: The leads break the spec; nothing was sent.
        ConflictError: The list holds 60,000 leads already.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer; with `sent` true the leads may have been added: count before sending again.
        ClientClosedError: The client was closed.
    """
    body = checked_add_body(leads, type)
    return await run_async(
        add_plan(lead_list_id(lead_list), body, clock, CREATE_TIMEOUT, retries_for(client, max_retries)), client, sleep
    )
