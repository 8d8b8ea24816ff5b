"""Waiting for a lead list to finish: poll, honour Retry-After, stop at the deadline."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..api.lead_list import get_lead_list
from ..engine.retries import DEFAULT_RETRIES, Deadline, DeadlineReached, Retries, RetryPolicy, retries_for, send
from ..engine.steps import ApiClient, AsyncSleep, Emit, Plan, Sleep, SyncSleep, run_async, run_sync
from ..engine.twins import async_twin
from ..exceptions import InvalidRequestError, LeadListCanceledError, PollingTimeoutError, UnexpectedStatusError
from ..models.lead_list import LeadList
from ..models.lead_list_status import LeadListStatus
from ..validation import Problem
from ..wire.redaction import redacted, request_of, secrets_of
from ..wire.retry_after import clamp, retry_after_seconds
from .answers import is_answer
from .ids import lead_list_id
from .responses import lead_list_about

logger = logging.getLogger("amplemarket_lead_lists")

PENDING = frozenset({LeadListStatus.QUEUED, LeadListStatus.PROCESSING})
KNOWN = frozenset(LeadListStatus)
"""The statuses the spec lists; any other string is a status the vendor added later (an open enum)."""


@dataclass(frozen=True)
class PollEvent:
    """What `on_poll` receives after every poll: the lead list as just read, the 1-based poll
    number, seconds since waiting began, and the wait before the next poll (None when done)."""

    lead_list: LeadList
    attempt: int
    elapsed: float
    next_delay: float | None


OnPoll = Callable[[PollEvent], object]


@dataclass(frozen=True)
class WaitOptions:
    timeout: float | None
    default_interval: float
    min_interval: float
    max_interval: float
    on_poll: Callable[[PollEvent], object] | None
    clock: Callable[[], float]
    retries: Retries = DEFAULT_RETRIES

    def __post_init__(self) -> None:
        """InvalidRequestError naming the parameter, before anything is sent, for a wait that cannot
        mean anything (a NaN timeout never ends; a negative interval is a raw ValueError from sleep)."""
        problems = [
            Problem("", f"must be a number of seconds >= 0 (or None: no limit), got {value!r:.40}", name)
            for name, value in (("timeout", self.timeout),)
            if value is not None and not _seconds(value)
        ]
        intervals = {"default_interval": self.default_interval, "min_interval": self.min_interval,
                     "max_interval": self.max_interval}  # fmt: skip
        problems += [
            Problem("", f"must be a number of seconds >= 0, got {value!r:.40}", name)
            for name, value in intervals.items()
            if not _seconds(value) or value == math.inf
        ]
        if not problems and self.min_interval > self.max_interval:
            message = f"must be at most max_interval ({self.max_interval:g} s), got {self.min_interval:g}"
            problems.append(Problem("", message, "min_interval"))
        if problems:
            raise InvalidRequestError(problems)


def _seconds(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0  # NaN >= 0 is False


def wait_plan(lead_list: LeadList | str, options: WaitOptions) -> Plan[LeadList]:
    """Emit the lead list once it is completed; raise when it is canceled or the deadline comes.

    The errors (and the debug log) are scrubbed of the key: a lead list's id or status may echo it.
    """
    deadline = Deadline(options.clock, options.timeout)
    policy = options.retries.applied_to(
        RetryPolicy(min_interval=options.min_interval, max_interval=options.max_interval)
    )
    list_id = lead_list_id(lead_list)
    request = get_lead_list._get_kwargs(list_id)
    finished = (LeadListStatus.COMPLETED, LeadListStatus.CANCELED)
    if isinstance(lead_list, LeadList) and lead_list.status in finished and not is_answer(lead_list):  # a 202: ask
        yield Emit(_finished(lead_list))
        return
    last = lead_list if isinstance(lead_list, LeadList) else None
    polls = 0
    while True:
        try:
            response = yield from send(request, policy, deadline)
        except DeadlineReached as reached:
            secrets = secrets_of(request_of(reached.cause))
            raise PollingTimeoutError(last, deadline.elapsed(), polls, list_id, secrets=secrets) from reached.cause
        secrets = secrets_of(response.request)
        last = lead_list_about(response, list_id)
        polls += 1
        server_delay = retry_after_seconds(response.headers)
        pending = last.status in PENDING or (last.status not in KNOWN and server_delay is not None)
        delay = clamp(server_delay, options.default_interval, options.min_interval, options.max_interval)
        if options.on_poll is not None:
            options.on_poll(PollEvent(last, polls, deadline.elapsed(), delay if pending else None))
        if not pending:
            yield Emit(_finished(last, secrets))
            return
        if not deadline.allows(delay):
            raise PollingTimeoutError(last, deadline.elapsed(), polls, list_id, secrets=secrets)
        if logger.isEnabledFor(logging.DEBUG):
            state = redacted(f"lead list {last.id} is {last.status}", secrets)
            logger.debug("%s; next poll in %.1f s", state, delay)
        yield Sleep(delay)


def _finished(lead_list: LeadList, secrets: Sequence[str] = ()) -> LeadList:
    """The completed lead list; any other final status raises (scrubbed of `secrets`)."""
    if lead_list.status == LeadListStatus.COMPLETED:
        return lead_list
    if lead_list.status == LeadListStatus.CANCELED:
        raise LeadListCanceledError(lead_list, secrets=secrets)
    raise UnexpectedStatusError(lead_list, "completed or canceled, or Retry-After while in progress", secrets=secrets)


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


@async_twin(wait_for_lead_list)
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
    retries = retries_for(client, max_retries)
    options = WaitOptions(timeout, default_interval, min_interval, max_interval, on_poll, clock, retries)
    return await run_async(wait_plan(lead_list, options), client, sleep)
