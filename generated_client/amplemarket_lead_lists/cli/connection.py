"""Where requests go: the real API (key and owner from the environment or options) or the embedded sandbox.

Against the real API a lead list spends the owner's credits, so the owner is never guessed; the key
comes only from the environment and is never printed (the client's own checks keep it out of errors).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any

from .. import AuthenticatedClient
from ..base_client.settings import ALLOW_INSECURE_HTTP_ENV, insecure_http_allowed_from_env, insecure_http_host
from ..pacing import limiter_from_env
from .errors import InputError
from .sandbox_state import SandboxState, state_path

DEFAULT_BASE_URL = "https://api.amplemarket.com"
SANDBOX_OWNER = "demo@example.com"
SANDBOX_KEY = "sandbox-demo"
FAST_SANDBOX: dict[str, Any] = {
    "retry_after": 1,
    "queue_seconds": 1.0,
    "processing_seconds": 2.0,
    "seconds_per_lead": 0.0001,
}
"""Demo timings; any SANDBOX_* variable that is set wins over them."""


@dataclass(frozen=True)
class Connection:
    client: AuthenticatedClient
    base_url: str


def owner_for(owner: str | None, use_sandbox: bool) -> str:
    """The owner given (option or AMPLEMARKET_OWNER); the demo owner only for the sandbox."""
    chosen = owner or os.environ.get("AMPLEMARKET_OWNER")
    if chosen:
        return chosen
    if use_sandbox:
        return SANDBOX_OWNER
    raise InputError("--owner (or AMPLEMARKET_OWNER) is required against the real API: the email of the list's owner")


@contextmanager
def connect(use_sandbox: bool) -> Iterator[Connection]:
    """A client for the sandbox (started here, stopped on exit) or for AMPLEMARKET_BASE_URL.

    Raises InputError, before any request, when the key is missing or malformed.
    """
    try:
        limiter = limiter_from_env()  # the vendor's 500 a minute, or what AMPLEMARKET_REQUESTS_PER_MINUTE says
    except ValueError as error:
        raise InputError(str(error)) from None
    if use_sandbox:
        with _sandbox() as base_url:
            yield Connection(AuthenticatedClient(base_url=base_url, token=SANDBOX_KEY, rate_limiter=limiter), base_url)
        return
    key = os.environ.get("AMPLEMARKET_API_KEY")
    if not key:
        raise InputError("set AMPLEMARKET_API_KEY to your API key, or pass --sandbox to try the embedded sandbox")
    base_url = os.environ.get("AMPLEMARKET_BASE_URL") or DEFAULT_BASE_URL
    allow_insecure_http = checked_http(base_url, "AMPLEMARKET_BASE_URL", "the key and the leads")
    try:
        client = AuthenticatedClient(
            base_url=base_url, token=key, rate_limiter=limiter, allow_insecure_http=allow_insecure_http
        )
    except ValueError as error:  # the message never repeats the key
        variable = "AMPLEMARKET_BASE_URL" if str(error).startswith("base_url") else "AMPLEMARKET_API_KEY"
        raise InputError(f"{variable}: {error}") from None
    yield Connection(client, base_url)


def checked_http(base_url: str, setting: str, sent: str) -> bool:
    """Whether AMPLEMARKET_ALLOW_INSECURE_HTTP opts in; InputError naming `setting` when `base_url` is
    http:// to a host other than this machine without it (what would go unencrypted: `sent`)."""
    try:
        allowed = insecure_http_allowed_from_env()
    except ValueError as error:
        raise InputError(str(error)) from None
    insecure = insecure_http_host(base_url)
    if insecure is not None and not allowed:
        raise InputError(
            f"{setting}: http:// to {insecure!r:.60} would send {sent} unencrypted; use https://, "
            f"or set {ALLOW_INSECURE_HTTP_ENV}=1 to allow it (localhost needs no opt-in)"
        )
    return allowed


@contextmanager
def _sandbox() -> Iterator[str]:
    """The embedded sandbox on a free port, its lead lists loaded from the state file and saved back."""
    try:  # the sandbox's server dependencies come with the [sandbox] extra
        from ..sandbox.app import create_app  # noqa: PLC0415
        from ..sandbox.server import serving  # noqa: PLC0415
        from ..sandbox.settings import Settings  # noqa: PLC0415
    except ImportError as error:
        raise InputError(
            f"--sandbox needs the sandbox's dependencies: pip install 'amplemarket-lead-lists[sandbox]' ({error})"
        ) from None
    try:
        from_env = Settings.from_env()
    except ValueError as error:
        raise InputError(str(error)) from None
    names = {f.name for f in fields(Settings)}
    fast = {k: v for k, v in FAST_SANDBOX.items() if k in names and f"SANDBOX_{k.upper()}" not in os.environ}
    app = create_app(replace(from_env, **fast), clock=time.time)  # lists outlive the process: the wall clock
    store = app.state.sandbox.store
    state = SandboxState.load(store, state_path())
    try:
        with serving(app) as base_url:
            yield base_url
    finally:
        state.save(store)
