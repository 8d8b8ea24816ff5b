"""`amplemarket-lead-lists conformance`: the catalogue of the API's promises against any server, from the
installed package (no clone of the repository). `make conformance` adds Schemathesis on top."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from ..conformance.runner import Target, run_rules, tiers_for
from .connection import checked_http
from .errors import InputError

SECOND_KEY_ENV = "CONFORMANCE_SECOND_API_KEY"


def conformance(
    base_url: str,
    *,
    allow_create: bool,
    allow_large: bool,
    lead_list_id: str | None,
    cap_lead_list_id: str | None,
    owner: str,
    reports: Path | None,
) -> tuple[str, bool]:
    """The run's summary and whether a rule failed; InputError (nothing judged) when the key is missing
    or the server refuses it. Keys come from the environment only, never the command line."""
    key = os.environ.get("AMPLEMARKET_API_KEY", "").strip()
    if not key:
        raise InputError("AMPLEMARKET_API_KEY is not set: conformance needs a key of the server under test")
    second_key = os.environ.get(SECOND_KEY_ENV, "").strip() or None
    checked_http(base_url, "--base-url (or AMPLEMARKET_BASE_URL)", "AMPLEMARKET_API_KEY")
    try:
        probed = httpx.get(
            f"{base_url.rstrip('/')}/lead-lists", headers={"Authorization": f"Bearer {key}"}, timeout=30
        ).status_code
    except httpx.HTTPError as error:
        raise InputError(f"{base_url} cannot be reached ({type(error).__name__})") from None
    if probed == 401:
        raise InputError(f"{base_url} refused AMPLEMARKET_API_KEY (401): check the key")
    tiers = tiers_for(allow_create=allow_create, allow_large=allow_large, second_key=second_key is not None)
    target = Target(base_url, key, tiers, second_key, owner, lead_list_id, cap_lead_list_id)
    return run_rules(target, reports)
