"""Turning a success response into the typed LeadList, or a typed error when it is not one."""

from __future__ import annotations

import httpx

from ..models.lead_list import LeadList
from .decoding import decode_json
from .errors import MalformedResponseError


def lead_list_from(response: httpx.Response) -> LeadList:
    try:
        body = decode_json(response.content)
    except ValueError as exc:
        raise MalformedResponseError(response, "the body is not JSON") from exc
    if not isinstance(body, dict):
        raise MalformedResponseError(response, f"expected a lead list object, got {type(body).__name__}")
    try:
        return LeadList.from_dict(body)
    except KeyError as exc:
        raise MalformedResponseError(response, f"the lead list has no {exc.args[0]!r}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise MalformedResponseError(response, f"the lead list does not match the spec ({exc})") from exc
