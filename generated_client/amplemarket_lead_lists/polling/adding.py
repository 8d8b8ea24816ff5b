"""Adding leads to a lead list: check the body against the spec, send it once, retry only when safe."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from typing import Any

from ..api.lead_list import add_leads
from ..models.lead_input import LeadInput
from ..models.lead_list import LeadList
from ..models.lead_list_add_leads import LeadListAddLeads
from ..models.lead_list_create_type import LeadListCreateType
from ..validation import JsonBody, Problem, body_problems, packaged_validator
from .bodies import Lead
from .creating import CREATE_POLICY, answered_lead_list, json_body, with_content
from .errors import InvalidRequestError
from .retries import DEFAULT_RETRIES, Deadline, Retries, send_or_give_up
from .steps import Emit, Plan


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


def add_request(lead_list_id: str, body: JsonBody) -> dict[str, Any]:
    """addLeads' request as the generated client builds it, carrying the checked body's bytes (see
    `creating.create_request` for why)."""
    return with_content(add_leads._get_kwargs(lead_list_id, body=LeadListAddLeads(leads=[])), body)


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
    request = add_request(lead_list_id, body)
    response = yield from send_or_give_up(request, retries.applied_to(CREATE_POLICY), Deadline(clock, timeout))
    yield Emit(answered_lead_list(response, lead_list_id))
