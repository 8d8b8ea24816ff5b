"""The sandbox's behaviour, read from SANDBOX_* environment variables (documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Settings:
    retry_after: int = 60
    """Seconds sent in `Retry-After` while a list is queued or processing (the vendor sends 60)."""
    queue_seconds: float = 5.0
    """How long a new list stays `queued`."""
    processing_seconds: float = 20.0
    """Base time a list spends `processing` ..."""
    seconds_per_lead: float = 0.01
    """... plus this much per lead."""
    rate_limit: int = 500
    """Requests per window (a minute) per API key before 429."""
    rate_limit_window_seconds: float = 60.0
    """The rate limit's sliding window: shorter in benchmarks, to scale a minute down."""
    max_body_bytes: int = 8 * 1024 * 1024
    """Larger request bodies get 413 without being read."""
    latency_seconds: float = 0.0
    """Simulated round trip: no response leaves sooner than this after its request arrived (0: at once)."""
    latency_jitter_seconds: float = 0.0
    """Up to this much more, uniformly at random, per request."""

    def __post_init__(self) -> None:
        if self.latency_seconds < 0 or self.latency_jitter_seconds < 0:
            raise ValueError("SANDBOX_LATENCY_SECONDS and SANDBOX_LATENCY_JITTER_SECONDS must be at least 0")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings with every SANDBOX_<FIELD> variable applied; a malformed value raises ValueError."""
        env = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for field in fields(cls):
            raw = env.get(f"SANDBOX_{field.name.upper()}")
            if raw is not None:
                kind = int if field.type == "int" else float
                try:
                    changes[field.name] = kind(raw)
                except ValueError:
                    raise ValueError(f"SANDBOX_{field.name.upper()}={raw!r} is not a number") from None
        return replace(cls(), **changes)

    def processing_time(self, leads: int) -> float:
        return self.processing_seconds + self.seconds_per_lead * leads
