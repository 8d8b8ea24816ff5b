"""Worker functions for the fork-safety tests: importable, so multiprocessing can run them in a child."""

from __future__ import annotations

import os

from amplemarket_lead_lists import AuthenticatedClient, wait_for_lead_list

SHARED: dict[str, AuthenticatedClient] = {}
"""The client a test made (and used) in the parent before forking: a forked child inherits it."""


def wait_with_the_parents_client(lead_list_id: str) -> tuple[int, str]:
    """Wait for `lead_list_id` with the client inherited from the parent; (this process's id, the id answered)."""
    return os.getpid(), wait_for_lead_list(SHARED["client"], lead_list_id, timeout=5.0).id


def wait_with_a_client_for(arguments: tuple[str, str, str]) -> tuple[int, str]:
    """Wait for a lead list with a client built here (forkserver: nothing of the parent is inherited)."""
    base_url, token, lead_list_id = arguments
    client = AuthenticatedClient(base_url=base_url, token=token, rate_limiter=None)
    return os.getpid(), wait_for_lead_list(client, lead_list_id, timeout=5.0).id
