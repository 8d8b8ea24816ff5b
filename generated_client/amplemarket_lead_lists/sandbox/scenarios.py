"""Scenario controls: put an account into the states a client must handle.

Set with `POST /_sandbox/scenario` (same bearer key; not part of the public API or the spec).
Faults are queued per account and consumed by that account's next requests to the public API.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .errors import ApiException, ApiProblem, error_code

_KINDS: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "str": str}
_ALLOWED = {
    "server_error_status": (500, 502, 503, 504),
    "add_failure_status": (409, 500, 502, 503, 504),
    "fault_retry_after": range(601),
}
"""The statuses a scenario may fail requests with, and the Retry-After it may send with them."""


@dataclass
class Scenario:
    rate_limit_burst: int = 0
    """The next N requests get 429 with Retry-After."""
    server_errors: int = 0
    """The next N requests get `server_error_status`."""
    server_error_status: int = 503
    fault_retry_after: int = 1
    """Seconds (0 to 600) in the `Retry-After` of the queued 429s and 503s."""
    cancel_next: int = 0
    """The next N lead lists created end `canceled` instead of `completed`."""
    processing_seconds: float = 0.0
    """When > 0, lists created from now on process this long (slow processing)."""
    processing_status: str = "processing"
    """The status shown while processing; set e.g. `validating` to send a status the spec does not know."""
    fail_adds_after: int = -1
    """When >= 0: that many more adds succeed, then `add_failures` adds fail with `add_failure_status`
    and add nothing (a failure between the chunks of an upload). -1: off."""
    add_failures: int = 1
    add_failure_status: int = 500
    """409 (as if the list were full), 500, 502, 503 or 504; 503 carries Retry-After."""

    def take_cancel(self) -> bool:
        if self.cancel_next > 0:
            self.cancel_next -= 1
            return True
        return False

    def take_fault(self) -> int | None:
        """The status to fail the current request with, if a fault is queued (`fault_exception` answers it)."""
        if self.rate_limit_burst > 0:
            self.rate_limit_burst -= 1
            return 429
        if self.server_errors > 0:
            self.server_errors -= 1
            return self.server_error_status
        return None

    def take_add_fault(self) -> int | None:
        """The status to fail the current add with, counting down `fail_adds_after` on each success."""
        if self.fail_adds_after > 0:
            self.fail_adds_after -= 1
        elif self.fail_adds_after == 0:
            self.add_failures -= 1
            if self.add_failures <= 0:
                self.fail_adds_after, self.add_failures = -1, 1
            return self.add_failure_status
        return None

    def update(self, changes: Any) -> None:
        """Apply a JSON object of changes; unknown keys or wrong types are a 400 naming the field."""
        if not isinstance(changes, dict):
            raise ApiException(400, ApiProblem("unsupported_value", "expected a JSON object", ("pointer", "")))
        known = {field.name: field for field in fields(self)}
        for name, value in changes.items():
            field = known.get(name)
            kind: type | tuple[type, ...] | None = _KINDS[str(field.type)] if field else None
            if kind is None or isinstance(value, bool) or not isinstance(value, kind):
                raise ApiException(
                    400, ApiProblem("unsupported_value", f"{name} is not a valid setting", ("pointer", f"/{name}"))
                )
            allowed = _ALLOWED.get(name)
            if allowed is not None and value not in allowed:
                raise ApiException(
                    400,
                    ApiProblem(
                        "unsupported_value", f"must be one of {', '.join(map(str, allowed))}", ("pointer", f"/{name}")
                    ),
                )
        for name, value in changes.items():
            setattr(self, name, value)


def fault_exception(status: int, retry_after: int) -> ApiException:
    """The error a queued fault answers with; 429 and 503 carry Retry-After like the vendor's."""
    headers = {"Retry-After": str(retry_after)} if status in (429, 503) else {}
    if status == 429:
        return ApiException(429, ApiProblem("rate_limited", "scenario: rate limit burst"), headers=headers)
    if status == 409:
        return ApiException(409, ApiProblem("limit_reached", "scenario: the lead list is full"))
    # Each 5xx says what it is (503: service_unavailable, "Service Unavailable"), as the spec's examples do.
    return ApiException(status, ApiProblem(error_code(status), "scenario: transient server error"), headers=headers)
