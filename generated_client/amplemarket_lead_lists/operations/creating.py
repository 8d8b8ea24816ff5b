"""Creating a lead list: validate the body against the spec, send it once, retry only when safe."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Mapping
from contextlib import closing
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from ..engine.retries import DEFAULT_RETRIES, Deadline, Retries, RetryPolicy, retries_for, send_or_give_up
from ..engine.steps import ApiClient, AsyncSleep, Emit, Outcome, Plan, Send, Step, SyncSleep, run_async, run_sync
from ..engine.twins import async_twin
from ..exceptions import (
    CreateMalformedResponseError,
    CreateOutcomeUnknownError,
    CreateResponseTooLargeError,
    CreateServerError,
    InvalidRequestError,
    LeadListError,
    MalformedResponseError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
    outcome_unknown,
)
from ..models.lead_list import LeadList
from ..models.lead_list_create import LeadListCreate
from ..validation import JsonBody, Problem, body_problems, encoded, packaged_validator
from ..wire.redaction import request_of, secrets_of
from .answers import mark_answer
from .bodies import CreateBody
from .ids import segment_problem
from .requests import json_request
from .responses import lead_list_from

CREATE_TIMEOUT = 600.0
"""Seconds `create_lead_list` or `add_leads` may spend waiting out 429s before giving up."""

T = TypeVar("T")

CREATE_POLICY = RetryPolicy(idempotent=False)


def checked_body(body: CreateBody) -> JsonBody:
    """The body as it will be sent, after checking it against the spec; InvalidRequestError if not.

    A body without a `name` gets a unique one (type, UTC time, random suffix), so a list whose create
    timed out can be found by name before trying again.
    """
    if not isinstance(body, LeadListCreate | Mapping):
        raise InvalidRequestError([Problem("", f"must be a JSON object or LeadListCreate, got {type(body).__name__}")])
    as_dict = body.to_dict() if isinstance(body, LeadListCreate) else dict(body)
    problems = body_problems(as_dict, packaged_validator("LeadListCreate"))
    if problems:
        raise InvalidRequestError(problems)
    if "name" not in as_dict:
        as_dict["name"] = default_name(str(as_dict["type"]))
    return json_body(as_dict)


def json_body(data: dict[str, Any]) -> JsonBody:
    """A checked body with its JSON bytes; InvalidRequestError naming a value JSON cannot hold (NaN…)."""
    content = encoded(data)
    if isinstance(content, Problem):
        raise InvalidRequestError([content])
    return JsonBody(data, content)


def default_name(lead_list_type: str) -> str:
    """E.g. `linkedin leads 2026-11-27 21:40:05 UTC 3f9a1c`: unique, and sorts by time."""
    return f"{lead_list_type} leads {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC {secrets.token_hex(3)}"


def create_plan(
    body: JsonBody, clock: Callable[[], float], timeout: float | None, retries: Retries = DEFAULT_RETRIES
) -> Plan[LeadList]:
    """Emit the 202's lead list. Retries 429 and 503-with-Retry-After only, within `timeout`.

    When the create may have happened but no usable answer came back (none, a 5xx other than 503, a
    2xx whose body cannot be read), the list may exist: CreateOutcomeUnknownError says which list to
    look for instead of sending it again.
    """
    request = json_request("createLeadList", body)
    requested_at = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"
    sent: list[Send] = []
    try:
        step = send_or_give_up(request, retries.applied_to(CREATE_POLICY), Deadline(clock, timeout))
        created = answered_lead_list((yield from _counted(step, sent)))
    except LeadListError as error:
        name, owner = str(body.data["name"]), str(body.data["owner"])
        raise lost_create(error, len(sent), name=name, owner=owner, requested_at=requested_at)  # noqa: B904 - lost_create chains it
    yield Emit(created)


_ANSWERED: dict[type[LeadListError], type[CreateOutcomeUnknownError]] = {
    ServerError: CreateServerError,
    MalformedResponseError: CreateMalformedResponseError,
    ResponseTooLargeError: CreateResponseTooLargeError,
}
"""What a create raises instead of each error of an answer that came but could not be used."""


def lost_create(error: LeadListError, attempts: int, *, name: str, owner: str, requested_at: str) -> LeadListError:
    """What a create that failed with `error` raises: when it may have happened (`outcome_unknown`), a
    CreateOutcomeUnknownError that names the list, chained to `error`'s cause (a lost answer) or to
    `error` (an unusable one); otherwise, or for an error no answer explains (a redirect off the API's
    origin), `error` itself. `attempts` is how many requests were sent."""
    if not outcome_unknown(error):
        return error
    if isinstance(error, TransportError):
        cause = error.__cause__
        assert isinstance(cause, httpx.RequestError), "a request that may have arrived is chained to its cause"
        return CreateOutcomeUnknownError(
            error.path, error.attempts, cause, name=name, owner=owner, requested_at=requested_at
        )
    kind = next((kind for base, kind in _ANSWERED.items() if isinstance(error, base)), None)
    if kind is None:
        return error
    request = request_of(error)
    assert request is not None, "an answer that came holds its request until pickled"
    lost = kind.__new__(kind)  # `error` as it is (its attributes, its message), and a CreateOutcomeUnknownError
    vars(lost).update(vars(error))
    lost.name, lost.owner, lost.requested_at = name, owner, requested_at
    lost.method, lost.path, lost.host = (
        request.method,
        request.url.path,
        request.url.host + (f":{request.url.port}" if request.url.port else ""),
    )
    lost.attempts, lost.sent, lost.reason = attempts, True, str(error)
    lost.__cause__ = error
    LeadListError.__init__(lost, f"{error}; {lost._look_up()}", secrets=secrets_of(request))
    return lost


def answered_lead_list(response: httpx.Response, added_to: str | None = None) -> LeadList:
    """The lead list a create (or an add to the list `added_to`) answered with. MalformedResponseError
    when it has no usable id, or is another list than the one added to: an upload would go on there."""
    lead_list = lead_list_from(response)
    found: object = lead_list.id
    if added_to is not None and found != added_to:
        raise MalformedResponseError(response, f"the answer is lead list {found!r}, not {added_to!r}, the one added to")
    if not isinstance(found, str) or not found.strip():
        raise MalformedResponseError(response, f"the created lead list has no usable `id` (got {found!r})")
    problem = segment_problem(found)
    if problem is not None:  # the next add (an upload's next chunk) would go to another path
        raise MalformedResponseError(response, f"the created lead list's `id` cannot be sent: {problem}")
    return mark_answer(lead_list)


def _counted(step: Step[T], sent: list[Send]) -> Step[T]:
    """`step` unchanged (what the driver sends or throws goes into it), each request it sends noted in `sent`."""
    with closing(step):
        outcome: Outcome = None
        failure: LeadListError | None = None
        while True:
            try:
                item = step.send(outcome) if failure is None else step.throw(failure)
            except StopIteration as done:
                result: T = done.value
                return result
            if isinstance(item, Send):
                sent.append(item)
            try:
                outcome, failure = (yield item), None
            except LeadListError as thrown:
                outcome, failure = None, thrown


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


@async_twin(create_lead_list)
async def create_lead_list_async(
    client: ApiClient,
    body: CreateBody,
    *,
    max_retries: int | None = None,
    sleep: AsyncSleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> LeadList:
    return await run_async(
        create_plan(checked_body(body), clock, CREATE_TIMEOUT, retries_for(client, max_retries)), client, sleep
    )
