"""The public functions: check the whole upload, then run its plan with the sync or the async driver."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from ..engine.retries import Retries, retries_for
from ..engine.steps import ApiClient, AsyncSleep, SyncSleep, run_async, run_sync
from ..engine.twins import async_twin
from ..models.lead_list import LeadList
from ..operations.bodies import CreateBody
from ..operations.creating import CREATE_TIMEOUT
from ..operations.ids import lead_list_id
from .chunks import MAX_LEADS_PER_REQUEST, upload_chunks
from .uploading import UploadOptions, UploadProgress, upload_plan

Body = CreateBody
OnChunk = Callable[[UploadProgress], object]


def upload_lead_list(
    client: ApiClient,
    body: Body,
    *,
    chunk_size: int = MAX_LEADS_PER_REQUEST,
    on_chunk: OnChunk | None = None,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Create a lead list with up to 60,000 leads: the first `chunk_size` create it, the rest are added.

    Everything is checked before the first request (InvalidRequestError, nothing sent). Returns the lead list returned
    for the last chunk (pending: wait for it with `wait_for_lead_list`).

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        body: The create body: a `CreateLeadListBody`, any mapping, or a `LeadListCreate`; checked against the spec
            before sending.
        chunk_size: Leads per request (1-10,000).
        on_chunk: Called with an `UploadProgress` after every accepted chunk.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The lead list returned for the last chunk (pending: wait for it with `wait_for_lead_list`).

    Raises:
        InvalidRequestError: The body breaks the spec or holds more than 60,000 leads; nothing was sent.
        PartialUploadError: A chunk after the first failed; it says what is in the list and how to go on.
        CreateOutcomeUnknownError: The first chunk's create got no usable answer: the list may exist; its message
            says how to find it (as `create_lead_list`).
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
    """
    chunks = upload_chunks(body, chunk_size, None)
    return run_sync(
        upload_plan(None, chunks, _options(chunks[-1].leads.stop, on_chunk, clock, retries_for(client, max_retries))),
        client,
        sleep,
    )


@async_twin(upload_lead_list)
async def upload_lead_list_async(
    client: ApiClient,
    body: Body,
    *,
    chunk_size: int = MAX_LEADS_PER_REQUEST,
    on_chunk: OnChunk | None = None,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    chunks = upload_chunks(body, chunk_size, None)
    plan = upload_plan(None, chunks, _options(chunks[-1].leads.stop, on_chunk, clock, retries_for(client, max_retries)))
    return await run_async(plan, client, sleep)


def continue_upload(
    client: ApiClient,
    lead_list: LeadList | str,
    body: Body,
    *,
    start: int,
    chunk_size: int = MAX_LEADS_PER_REQUEST,
    on_chunk: OnChunk | None = None,
    max_retries: int | None = None,
    sleep: SyncSleep = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    """Add `body["leads"][start:]` to the lead list chunk by chunk: the rest of an upload that raised PartialUploadError
    (`start=error.accepted`). Same checks, errors and progress as the upload.

    Args:
        client: The `AuthenticatedClient` (or `Client`) whose base URL, auth, timeout and settings apply.
        lead_list: The lead list, or its id.
        body: The create body: a `CreateLeadListBody`, any mapping, or a `LeadListCreate`; checked against the spec
            before sending.
        start: Index in `body['leads']` of the first lead still to send (e.g. `error.accepted`).
        chunk_size: Leads per request (1-10,000).
        on_chunk: Called with an `UploadProgress` after every accepted chunk.
        max_retries: Retries for this call (429s: twice as many); 0 disables; None uses the client's `max_retries`.
        sleep: How to wait (a test can pass a fake).
        clock: A monotonic clock for the deadlines (a test can pass a fake).

    Returns:
        The lead list returned for the last chunk (pending again).

    Raises:
        InvalidRequestError: The body breaks the spec or `start` is out of range; nothing was sent.
        PartialUploadError: A chunk failed; it says what is in the list and how to go on.
        ApiError: The API refused (`NotFoundError`, `AuthenticationError`, `RateLimitError`, `ServerError`, ...).
        TransportError: No answer after the allowed retries (`sent` says whether the request may have arrived).
        ClientClosedError: The client was closed.
    """
    lead_list_id(lead_list)  # refused before the body is checked, and never as a PartialUploadError
    chunks = upload_chunks(body, chunk_size, start)
    return run_sync(
        upload_plan(
            lead_list, chunks, _options(chunks[-1].leads.stop, on_chunk, clock, retries_for(client, max_retries))
        ),
        client,
        sleep,
    )


@async_twin(continue_upload)
async def continue_upload_async(
    client: ApiClient,
    lead_list: LeadList | str,
    body: Body,
    *,
    start: int,
    chunk_size: int = MAX_LEADS_PER_REQUEST,
    on_chunk: OnChunk | None = None,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    lead_list_id(lead_list)
    chunks = upload_chunks(body, chunk_size, start)
    plan = upload_plan(
        lead_list, chunks, _options(chunks[-1].leads.stop, on_chunk, clock, retries_for(client, max_retries))
    )
    return await run_async(plan, client, sleep)


def _options(total: int, on_chunk: OnChunk | None, clock: Callable[[], float], retries: Retries) -> UploadOptions:
    return UploadOptions(total, on_chunk, clock, CREATE_TIMEOUT, retries)
