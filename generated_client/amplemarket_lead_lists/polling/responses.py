"""Turning a success response into the typed LeadList, or a typed error when it is not one."""

from __future__ import annotations

from typing import Any

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
    if body.get("status") == "completed":
        body = _with_entries(body, response)
    try:
        return LeadList.from_dict(body)
    except KeyError as exc:
        raise MalformedResponseError(response, f"the lead list has no {exc.args[0]!r}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise MalformedResponseError(response, f"the lead list does not match the spec ({exc})") from exc


def _with_entries(body: dict[str, Any], response: httpx.Response) -> dict[str, Any]:
    """A completed page must say which entries it holds, or the list would seem to end there.

    As the spec decides: `leads` is the entries; when it is absent, `results` (where the vendor's
    guide says they are) is read instead. Anything else is a MalformedResponseError, never an
    empty page.
    """
    if "leads" not in body and isinstance(body.get("results"), list):
        return {**body, "leads": body["results"]}
    entries = body.get("leads")
    if not isinstance(entries, list):
        found = "no `leads`" if "leads" not in body else f"`leads` of type {type(entries).__name__}"
        raise MalformedResponseError(response, f"a completed lead list must carry its entries in `leads`, got {found}")
    return body
