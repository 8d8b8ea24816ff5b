"""A lead list id as one path segment of `/lead-lists/{id}`, whoever supplied it.

The generated functions percent-encode the id (`quote(id, safe="")`), so `/`, `?`, `#` and `%` stay in
the segment; but `.` and `..` are dot segments, which httpx (as RFC 3986 asks) removes: `".."` would
send `GET /` and an add would `POST /leads` with the key and the leads. Those, a `/` (some servers
decode `%2F` before routing), control characters and text without UTF-8 are refused here, before
anything is sent; everything else is sent percent-encoded, in its segment.
"""

from __future__ import annotations

from ..exceptions import InvalidRequestError
from ..models.lead_list import LeadList
from ..validation import Problem

MAX_ID_LENGTH = 1_000
"""Far above any id the vendor issues (UUIDs), far below what a URL can hold (httpx: 64 KiB)."""


def lead_list_id(lead_list: LeadList | str) -> str:
    """The id to put in the path; InvalidRequestError naming the `id` parameter when it cannot be one."""
    found: object = lead_list.id if isinstance(lead_list, LeadList) else lead_list
    if not isinstance(found, str) or not found.strip():
        shown = repr(found) if isinstance(found, str) else type(found).__name__
        raise InvalidRequestError([Problem("", f"must be a lead list id or LeadList, got {shown[:40]}", "id")])
    problem = segment_problem(found)
    if problem is not None:
        raise InvalidRequestError([Problem("", f"cannot be a lead list id: {problem}", "id")])
    return found


def segment_problem(text: str) -> str | None:
    """Why `text` cannot be one path segment (None when it can): the rule, never the text itself."""
    if text in (".", ".."):
        return "a dot segment ('.' or '..') would leave the lead list's path"
    if "/" in text or "\\" in text:
        return "it holds a slash, which would leave the lead list's path"
    if len(text) > MAX_ID_LENGTH:
        return f"longer than {MAX_ID_LENGTH} characters"
    if not text.isprintable():  # a lone surrogate (which UTF-8 cannot encode) is not printable either
        return "not printable text (a control character or a lone surrogate)"
    return None
