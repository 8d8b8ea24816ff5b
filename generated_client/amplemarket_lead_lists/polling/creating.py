"""Creating a lead list: validate the body against the spec, send it once, retry only when safe."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..api.lead_list import create_lead_list
from ..models.lead_list import LeadList
from ..models.lead_list_create import LeadListCreate
from ..validation import body_problems, packaged_validator
from .errors import InvalidRequestError
from .responses import lead_list_from
from .retries import Deadline, RetryPolicy, send_or_give_up
from .steps import Emit, Plan

CREATE_POLICY = RetryPolicy(idempotent=False)


def checked_body(body: LeadListCreate | Mapping[str, Any]) -> LeadListCreate:
    """The body as the generated model, after checking it against the spec; InvalidRequestError if not."""
    as_dict = body.to_dict() if isinstance(body, LeadListCreate) else body
    problems = body_problems(as_dict, packaged_validator("LeadListCreate"))
    if problems:
        raise InvalidRequestError(problems)
    return body if isinstance(body, LeadListCreate) else LeadListCreate.from_dict(as_dict)


def create_plan(body: LeadListCreate, clock: Callable[[], float], timeout: float | None) -> Plan[LeadList]:
    """Emit the 202's lead list. Retries 429 and 503-with-Retry-After only, within `timeout`."""
    request = create_lead_list._get_kwargs(body=body)
    response = yield from send_or_give_up(request, CREATE_POLICY, Deadline(clock, timeout))
    yield Emit(lead_list_from(response))
