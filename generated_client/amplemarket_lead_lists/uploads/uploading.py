"""The upload plan: the chunks' requests one after another, progress after each, a typed error between.

Written once as a sans-I/O plan (see `polling/steps.py`) and run by the sync or the async driver.
Each request is the plan of `create_lead_list` or `add_leads` itself, so an upload follows exactly
their rules (a chunk is retried on 429 and 503-with-Retry-After only, each within its own budget).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import TypeVar

from ..engine.retries import DEFAULT_RETRIES, Retries
from ..engine.steps import Emit, Plan, Step
from ..exceptions import LeadListError, PartialUploadError
from ..models.lead_list import LeadList
from ..operations.adding import add_plan
from ..operations.creating import create_plan
from ..operations.ids import lead_list_id
from .chunks import Chunk

T = TypeVar("T")


@dataclass(frozen=True)
class UploadProgress:
    """What `on_chunk` receives after every accepted chunk: the lead list as returned, the 1-based
    chunk number among `chunks`, the leads of the body now in the list, and the body's `total`."""

    lead_list: LeadList
    chunk: int
    chunks: int
    accepted: int
    total: int


@dataclass(frozen=True)
class UploadOptions:
    total: int
    on_chunk: Callable[[UploadProgress], object] | None
    clock: Callable[[], float]
    timeout: float | None
    """Each request's budget for waiting out 429s and 503s."""
    retries: Retries = DEFAULT_RETRIES
    """The client's (or the call's) retry limits for each chunk."""


def upload_plan(lead_list: LeadList | str | None, chunks: Sequence[Chunk], options: UploadOptions) -> Plan[LeadList]:
    """Emit the lead list returned for the last chunk. `lead_list` is None when the first chunk creates it.

    A failed create raises as `create_lead_list` does (there is no list to continue); a failed add
    raises PartialUploadError, chained to the cause. Every add must be answered with the list it
    added to, so the whole upload goes to the one list the create made.
    """
    first, *rest = chunks
    current = yield from _sent(first, lead_list, options)
    _report(current, 1, len(chunks), first, options)
    for number, chunk in enumerate(rest, start=2):
        current = yield from _sent(chunk, current, options)
        _report(current, number, len(chunks), chunk, options)
    yield Emit(current)


def _sent(chunk: Chunk, lead_list: LeadList | str | None, options: UploadOptions) -> Step[LeadList]:
    if chunk.creates:
        return (yield from _result_of(create_plan(chunk.request, options.clock, options.timeout, options.retries)))
    assert lead_list is not None, "an upload creates its lead list before adding to it"
    try:
        added = add_plan(lead_list_id(lead_list), chunk.request, options.clock, options.timeout, options.retries)
        return (yield from _result_of(added))
    except LeadListError as error:
        raise PartialUploadError(lead_list, chunk.leads.start, chunk.leads, options.total, error) from error


def _report(lead_list: LeadList, number: int, chunks: int, chunk: Chunk, options: UploadOptions) -> None:
    if options.on_chunk is not None:
        options.on_chunk(UploadProgress(lead_list, number, chunks, chunk.leads.stop, options.total))


def _result_of(plan: Plan[T]) -> Step[T]:
    """Run a plan inside another: its Send and Sleep steps pass through (and an error the driver
    throws at a step goes back into it); its first Emit is returned instead of emitted."""
    with closing(plan):
        step = next(plan)
        while not isinstance(step, Emit):
            try:
                outcome = yield step
            except LeadListError as error:
                step = plan.throw(error)
            else:
                step = plan.send(outcome)
        return step.value
