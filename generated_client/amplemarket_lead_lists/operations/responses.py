"""Turning a success response into the typed LeadList (or page of lead lists), or a typed error when
it is not one."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx

from ..exceptions import MalformedResponseError
from ..models.lead_list import LeadList
from ..models.lead_list_page import LeadListPage
from ..wire.decoding import decode_json

MAX_JSON_VALUES = 200_000
"""Values a lead list or a page of them may hold (80 times a full page of 100 entries) before it is
refused undecoded: the size cap bounds bytes, not objects, and 32 MiB of `{}` or `"a"` decode to millions
of Python objects (0.5-0.8 GB). Within this, decoding a body takes tens of MB at most."""


def lead_list_from(response: httpx.Response, page_size: int | None = None) -> LeadList:
    """The lead list in `response`; when it is a page asked for `page_size` entries, holding no more."""
    body = _json_object(response, "a lead list object")
    if body.get("status") == "completed":
        body = _with_entries(body, response)
        if page_size is not None:
            _within(page_size, body["leads"], "leads", response)
    return _parsed(LeadList, body, response, "the lead list")


def lead_list_about(response: httpx.Response, list_id: str, page_size: int | None = None) -> LeadList:
    """`lead_list_from`, refusing an answer about another list than `list_id`, the one asked for: a
    server (or a mock) that answers a poll of A with B would have B returned, or B's entries paged, as A's."""
    lead_list = lead_list_from(response, page_size)
    if lead_list.id != list_id:
        found: object = lead_list.id  # shown whole: the message is scrubbed of the key, then shortened
        shown = repr(found) if isinstance(found, str) else f"a value of type {type(found).__name__}"
        raise MalformedResponseError(response, f"the answer is lead list {shown}, not {list_id!r}, the one asked for")
    return lead_list


def lead_list_page_from(response: httpx.Response, page_size: int) -> LeadListPage:
    """A page of `listLeadLists` asked for `page_size` lists: its lists must be readable (each with an
    id, the cursor), or paging would stop early or resume in the wrong place; fields the spec does not
    name are kept."""
    body = _json_object(response, "a page of lead lists")
    lead_lists = body.get("lead_lists")
    if not isinstance(lead_lists, list):
        found = "no `lead_lists`" if "lead_lists" not in body else f"`lead_lists` of type {type(lead_lists).__name__}"
        raise MalformedResponseError(response, f"a page of lead lists must carry them in `lead_lists`, got {found}")
    _within(page_size, lead_lists, "lead_lists", response)
    for index, summary in enumerate(lead_lists):
        cursor = summary.get("id") if isinstance(summary, dict) else None
        if not isinstance(cursor, str) or not cursor:
            raise MalformedResponseError(response, f"`lead_lists[{index}]` is not a lead list with a usable `id`")
    return _parsed(LeadListPage, body, response, "the page of lead lists")


def _within(page_size: int, items: list[Any], field: str, response: httpx.Response) -> None:
    """A page holding more than it asked for is not one the spec describes. Checked on the decoded
    JSON, before a model is built for any item: 32 MiB of tiny items would be gigabytes of models."""
    if len(items) > page_size:
        raise MalformedResponseError(
            response, f"`{field}` holds {len(items)} items, more than the {page_size} asked for (`page[size]`)"
        )


M = TypeVar("M", LeadList, LeadListPage)


def _json_object(response: httpx.Response, expected: str) -> dict[str, Any]:
    _decodable(response)
    try:
        body = decode_json(response.content)
    except ValueError as exc:
        raise MalformedResponseError(response, "the body is not JSON") from exc
    if not isinstance(body, dict):
        raise MalformedResponseError(response, f"expected {expected}, got {type(body).__name__}")
    return body


def _decodable(response: httpx.Response) -> None:
    """A body with more than MAX_JSON_VALUES values is refused before it is decoded. Each value but the
    first of an array or object follows a comma, so commas, braces and brackets count every value; those
    inside strings count too, so the count only errs high, by far less than the margin for a real body.
    A body shorter than the bound cannot exceed it, and is not even scanned."""
    content = response.content
    if len(content) > MAX_JSON_VALUES and sum(map(content.count, (b",", b"{", b"["))) > MAX_JSON_VALUES:
        raise MalformedResponseError(
            response,
            f"the body holds more than {MAX_JSON_VALUES} JSON values (MAX_JSON_VALUES), more than any lead list "
            "or page of them; it was not decoded",
        )


def _parsed(model: type[M], body: dict[str, Any], response: httpx.Response, what: str) -> M:
    try:
        return model.from_dict(body)
    except KeyError as exc:
        raise MalformedResponseError(response, f"{what} has no {exc.args[0]!r}") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise MalformedResponseError(response, f"{what} does not match the spec ({exc})") from exc


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
