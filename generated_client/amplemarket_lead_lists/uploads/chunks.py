"""Splitting an upload into the requests it will send, every one checked against the spec first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..exceptions import InvalidRequestError
from ..models.lead_list_create import LeadListCreate
from ..operations.adding import add_body, add_body_problems
from ..operations.creating import checked_body, json_body
from ..validation import MAX_PROBLEMS, JsonBody, Problem, body_problems, packaged_validator

MAX_LEADS_PER_LIST = 60_000
"""The vendor's limit on the leads of one lead list."""

MAX_LEADS_PER_REQUEST = 10_000
"""The vendor's limit on the leads of one create or add (the spec's `maxItems`)."""


@dataclass(frozen=True)
class Chunk:
    """One request of an upload: the leads `leads` of the body, sent as `request` (the JSON body of a
    create when `creates`, else of an add), already checked against the spec."""

    leads: range
    request: JsonBody
    creates: bool


def upload_chunks(body: LeadListCreate | Mapping[str, Any], chunk_size: int, start: int | None) -> list[Chunk]:
    """The requests that upload `body["leads"][start:]`, in order; `start=None` creates the list first.

    Raises InvalidRequestError, before anything is sent, for more than MAX_LEADS_PER_LIST leads, a
    `chunk_size` outside 1..MAX_LEADS_PER_REQUEST, a `start` outside the leads, or any request that
    breaks the spec; pointers are relative to the whole body (`/leads/12345/linkedin_url`).
    """
    as_dict = body.to_dict() if isinstance(body, LeadListCreate) else body
    leads = as_dict.get("leads") if isinstance(as_dict, Mapping) else None
    if not isinstance(leads, list):
        raise InvalidRequestError(body_problems(as_dict, packaged_validator("LeadListCreate")))
    _check_arguments(len(leads), chunk_size, start)
    first = start or 0
    bounds = [range(i, min(i + chunk_size, len(leads))) for i in range(first, len(leads), chunk_size)]
    chunks: list[Chunk] = []
    problems: dict[Problem, None] = {}  # each once, in order: one shared by every chunk counts once toward the cap
    for part in bounds or [range(0, 0)]:
        try:
            chunks.append(_chunk(part, leads, as_dict, creates=start is None and part.start == 0))
        except InvalidRequestError as invalid:
            problems.update(dict.fromkeys(invalid.problems))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise InvalidRequestError(list(problems)[:MAX_PROBLEMS])
    return chunks


def _chunk(part: range, leads: list[Any], body: Mapping[str, Any], *, creates: bool) -> Chunk:
    """One chunk's request, checked against the spec: a create (`create_lead_list`'s own check) or an add."""
    if creates:
        return Chunk(part, checked_body({**body, "leads": leads[: part.stop]}), creates=True)
    request = add_body(leads[part.start : part.stop], body.get("type"))
    problems = add_body_problems(request)
    if problems:
        raise InvalidRequestError(_shifted(problems, part.start))
    try:
        return Chunk(part, json_body(request), creates=False)
    except InvalidRequestError as invalid:
        raise InvalidRequestError(_shifted(invalid.problems, part.start)) from None


def _check_arguments(count: int, chunk_size: int, start: int | None) -> None:
    problems = []
    if count > MAX_LEADS_PER_LIST:
        problems.append(Problem("/leads", f"has {count} leads; a lead list holds at most {MAX_LEADS_PER_LIST}"))
    if not 1 <= chunk_size <= MAX_LEADS_PER_REQUEST:
        problems.append(Problem("", f"must be 1 to {MAX_LEADS_PER_REQUEST}", parameter="chunk_size"))
    if start is not None and not 0 <= start < count:
        problems.append(Problem("", f"must be 0 to {count - 1}, the index of the first lead to add", parameter="start"))
    if problems:
        raise InvalidRequestError(problems)


def _shifted(problems: Iterable[Problem], offset: int) -> list[Problem]:
    """Problems of a chunk, their `/leads/<i>` pointers made relative to the whole body."""
    return [_moved(problem, offset) for problem in problems]


def _moved(problem: Problem, offset: int) -> Problem:
    parts = problem.pointer.split("/", 3)
    if len(parts) < 3 or parts[1] != "leads" or not parts[2].isdigit():
        return problem
    parts[2] = str(int(parts[2]) + offset)
    return replace(problem, pointer="/".join(parts))
