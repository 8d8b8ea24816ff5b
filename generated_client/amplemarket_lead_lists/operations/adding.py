"""Adding leads to a lead list: check the body against the spec, send it once, retry only when safe."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from typing import Any

from ..engine.retries import DEFAULT_RETRIES, Deadline, Retries, retries_for, send_or_give_up
from ..engine.steps import ApiClient, AsyncSleep, Emit, Plan, SyncSleep, run_async, run_sync
from ..engine.twins import async_twin
from ..exceptions import InvalidRequestError
from ..models.lead_input import LeadInput
from ..models.lead_list import LeadList
from ..models.lead_list_create_type import LeadListCreateType
from ..validation import JsonBody, Problem, body_problems, packaged_validator
from .bodies import Lead
from .creating import CREATE_POLICY, CREATE_TIMEOUT, answered_lead_list, json_body
from .ids import lead_list_id
from .requests import json_request


def add_body(leads: Sequence[Lead], lead_list_type: LeadListCreateType | str | None) -> dict[str, Any]:
    """The JSON body of an add: `{"leads": [...]}`, with `type` when one is given. Leads that are all
    plain mappings (the usual case) are only copied: converting them one by one in Python cost an
    upload of 60,000 leads 7 % of its time."""
    models = any(map(isinstance, leads, repeat(LeadInput)))
    copied = [lead.to_dict() if isinstance(lead, LeadInput) else lead for lead in leads] if models else list(leads)
    body: dict[str, Any] = {"leads": copied}
    if lead_list_type is not None:
        body["type"] = str(lead_list_type)
    return body


def add_body_problems(body: Mapping[str, Any]) -> list[Problem]:
    """Every way an add body breaks the spec's `LeadListAddLeads` (at most MAX_PROBLEMS)."""
    return body_problems(body, packaged_validator("LeadListAddLeads"))


def checked_add_body(leads: Sequence[Lead], lead_list_type: LeadListCreateType | str | None) -> JsonBody:
    """The add body as it will be sent, after checking it against the spec; InvalidRequestError if not."""
    body = add_body(leads, lead_list_type)
    problems = add_body_problems(body)
    if problems:
        raise InvalidRequestError(problems)
    return json_body(body)


def add_plan(
    lead_list_id: str,
    body: JsonBody,
    clock: Callable[[], float],
    timeout: float | None,
    retries: Retries = DEFAULT_RETRIES,
) -> Plan[LeadList]:
    """Emit the 202's lead list (pending again). Like a create, an add is not idempotent: it is
    retried on 429 and 503-with-Retry-After only, never after a timeout (the leads may be in).

    An answer naming another list than the one added to is MalformedResponseError: the caller (an
    upload sends its next chunk to the list the add answered with) would go on with the wrong list.
    """
    request = json_request("addLeads", body, id=lead_list_id)
    response = yield from send_or_give_up(request, retries.applied_to(CREATE_POLICY), Deadline(clock, timeout))
    yield Emit(answered_lead_list(response, lead_list_id))


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


@async_twin(add_leads)
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
    body = checked_add_body(leads, type)
    return await run_async(
        add_plan(lead_list_id(lead_list), body, clock, CREATE_TIMEOUT, retries_for(client, max_retries)), client, sleep
    )
