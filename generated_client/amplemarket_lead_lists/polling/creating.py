"""Creating a lead list: validate the body against the spec, send it once, retry only when safe."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from contextlib import closing
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from ..api.lead_list import create_lead_list
from ..models.lead_list import LeadList
from ..models.lead_list_create import LeadListCreate
from ..models.lead_list_create_type import LeadListCreateType
from ..validation import JsonBody, Problem, body_problems, encoded, packaged_validator
from .bodies import CreateBody
from .errors import InvalidRequestError, LeadListError, MalformedResponseError, lost_create
from .responses import lead_list_from
from .retries import DEFAULT_RETRIES, Deadline, Retries, RetryPolicy, send_or_give_up
from .steps import Emit, Outcome, Plan, Send, Step

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


def create_request(body: JsonBody) -> dict[str, Any]:
    """createLeadList's request as the generated client builds it, carrying the checked body's bytes.

    Turning 60,000 checked leads into models only for the generated code to turn them back into
    dicts cost 0.4 s of a 0.7 s upload; the generated function still says how the request is sent.
    """
    shape = LeadListCreate(shared=False, owner="", type_=LeadListCreateType.LINKEDIN, leads=[])
    return with_content(create_lead_list._get_kwargs(body=shape), body)


def with_content(request: dict[str, Any], body: JsonBody) -> dict[str, Any]:
    """A generated request's keyword arguments with its JSON replaced by the checked body's bytes."""
    request.pop("json")
    return {**request, "content": body.content}


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
    request = create_request(body)
    requested_at = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"
    sent: list[Send] = []
    try:
        step = send_or_give_up(request, retries.applied_to(CREATE_POLICY), Deadline(clock, timeout))
        created = answered_lead_list((yield from _counted(step, sent)))
    except LeadListError as error:
        name, owner = str(body.data["name"]), str(body.data["owner"])
        raise lost_create(error, len(sent), name=name, owner=owner, requested_at=requested_at)  # noqa: B904 - lost_create chains it
    yield Emit(created)


def answered_lead_list(response: httpx.Response, added_to: str | None = None) -> LeadList:
    """The lead list a create (or an add to the list `added_to`) answered with. MalformedResponseError
    when it has no usable id, or is another list than the one added to: an upload would go on there."""
    lead_list = lead_list_from(response)
    found: object = lead_list.id
    if added_to is not None and found != added_to:
        raise MalformedResponseError(response, f"the answer is lead list {found!r}, not {added_to!r}, the one added to")
    if not isinstance(found, str) or not found.strip():
        raise MalformedResponseError(response, f"the created lead list has no usable `id` (got {found!r})")
    return lead_list


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
