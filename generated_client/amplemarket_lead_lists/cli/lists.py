"""`list`, `status ID` and `wait ID`: find lead lists, look at one, or wait until it is completed.

Both go through `wait_for_lead_list`, so a look gets the same retries, typed errors and key
scrubbing as a wait; `status` stops it after the first poll (an exception raised by `on_poll`
propagates, as the polling rules promise).
"""

from __future__ import annotations

from itertools import islice

from .. import (
    AuthenticatedClient,
    AuthenticationError,
    InvalidRequestError,
    LeadListError,
    PollEvent,
    PollingTimeoutError,
    find_lead_lists,
    iter_lead_lists,
    wait_for_lead_list,
)
from ..models import LeadList, LeadListSummary
from .errors import InputError, JobFailed, KeyRefused
from .progress import Progress
from .resuming import command_line


class _Polled(Exception):
    def __init__(self, lead_list: LeadList) -> None:
        self.lead_list = lead_list


def _stop(event: PollEvent) -> None:
    raise _Polled(event.lead_list)


def lead_lists(
    client: AuthenticatedClient, name: str | None, name_contains: str | None, limit: int
) -> list[LeadListSummary]:
    """The newest `limit` lead lists of the account, or those whose name matches (the way to find
    a list whose create got no answer)."""
    try:
        if name is None and name_contains is None:
            return list(islice(iter_lead_lists(client), limit))
        return find_lead_lists(client, name=name, name_contains=name_contains)[:limit]
    except InvalidRequestError as error:
        raise InputError(f"listing lead lists: {error}") from None
    except AuthenticationError as error:
        raise KeyRefused(error) from None
    except LeadListError as error:
        raise JobFailed(f"listing lead lists: {error}") from None


def lead_list_status(client: AuthenticatedClient, lead_list_id: str) -> LeadList:
    """The lead list as the API returns it now (one GET, with the client's retry rules)."""
    try:
        return wait_for_lead_list(client, lead_list_id, timeout=None, on_poll=_stop)
    except _Polled as polled:
        return polled.lead_list
    except InvalidRequestError as error:  # an id that cannot be one: refused before anything was sent
        raise InputError(f"lead list {lead_list_id!r:.60}: {error}") from None
    except AuthenticationError as error:
        raise KeyRefused(error) from None
    except LeadListError as error:
        raise JobFailed(f"lead list {lead_list_id}: {error}") from None


def wait(
    client: AuthenticatedClient, lead_list: LeadList | str, timeout: float, progress: Progress, *, sandbox: bool
) -> LeadList:
    """The lead list once completed, with the live wait line; JobFailed says how to go on (a command,
    with `--sandbox` when it ran there, never the library's Python advice)."""
    lead_list_id = lead_list.id if isinstance(lead_list, LeadList) else lead_list
    try:
        with progress.waiting(lead_list_id) as on_poll:
            return wait_for_lead_list(client, lead_list, timeout=timeout, on_poll=on_poll)
    except PollingTimeoutError as error:
        status = "unknown" if error.lead_list is None else str(error.lead_list.status)
        raise JobFailed(
            f"lead list {lead_list_id} still {status} after {error.elapsed:.1f} s (--timeout {timeout:g}); "
            f"it keeps processing on the server: {command_line('wait', lead_list_id, sandbox=sandbox)} goes on waiting",
            lead_list_id,
        ) from None
    except InvalidRequestError as error:
        raise InputError(f"lead list {lead_list_id!r:.60}: {error}") from None
    except AuthenticationError as error:  # `enrich` says how to finish when its list holds the leads
        raise KeyRefused(error) from None
    except LeadListError as error:
        raise JobFailed(
            f"waiting for lead list {lead_list_id} stopped: {error}; "
            f"{command_line('wait', lead_list_id, sandbox=sandbox)} goes on waiting",
            lead_list_id,
        ) from None
