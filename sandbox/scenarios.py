"""Scenario controls: put an account into the states a client must handle.

Set with `POST /_sandbox/scenario` (same bearer key; not part of the public API or the spec).
Faults are queued per account and consumed by that account's next requests to the public API.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .errors import ApiException, ApiProblem

_KINDS: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "str": str}


@dataclass
class Scenario:
    rate_limit_burst: int = 0
    """The next N requests get 429 with Retry-After."""
    server_errors: int = 0
    """The next N requests get `server_error_status`."""
    server_error_status: int = 503
    cancel_next: int = 0
    """The next N lead lists created end `canceled` instead of `completed`."""
    processing_seconds: float = 0.0
    """When > 0, lists created from now on process this long (slow processing)."""
    processing_status: str = "processing"
    """The status shown while processing; set e.g. `validating` to send a status the spec does not know."""

    def take_cancel(self) -> bool:
        if self.cancel_next > 0:
            self.cancel_next -= 1
            return True
        return False

    def take_fault(self) -> int | None:
        """The status to fail the current request with, if a fault is queued."""
        if self.rate_limit_burst > 0:
            self.rate_limit_burst -= 1
            return 429
        if self.server_errors > 0:
            self.server_errors -= 1
            return self.server_error_status
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
            if name == "server_error_status" and value not in (500, 502, 503, 504):
                raise ApiException(
                    400, ApiProblem("unsupported_value", "must be 500, 502, 503 or 504", ("pointer", f"/{name}"))
                )
        for name, value in changes.items():
            setattr(self, name, value)
