"""One run of the catalogue against a server: the cost of its tiers first, then a line a rule, JUnit and
the same summary written for a CI; shared by `make conformance` and the installed command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from .catalogue import run_catalogue, tier_cost
from .report import summary, write_junit
from .session import Session, Tier


@dataclass(frozen=True)
class Target:
    """The server under test and what the run may do there."""

    base_url: str
    key: str
    tiers: frozenset[Tier] = frozenset({Tier.READ_ONLY})
    second_key: str | None = None
    """A key of another account (tier "second key"): never one with access to the first key's lists."""
    owner: str = "conformance@example.com"
    lead_list_id: str | None = None
    """A completed list of the account to read; otherwise one the listing shows."""
    cap_lead_list_id: str | None = None
    """A list holding 60,000 - CAP_ROOM leads, for the cap rule (tier "large")."""


def tiers_for(*, allow_create: bool, allow_large: bool, second_key: bool) -> frozenset[Tier]:
    """The tiers a CI user's settings allow: large needs create; read-only always."""
    tiers = {Tier.READ_ONLY}
    tiers |= {Tier.CREATE} if allow_create else set()
    tiers |= {Tier.LARGE} if allow_create and allow_large else set()
    tiers |= {Tier.SECOND_KEY} if second_key else set()
    return frozenset(tiers)


def run_rules(target: Target, reports: Path | None = None, *, timeout: float = 120.0) -> tuple[str, bool]:
    """The summary (cost first, a line a rule, the counts) and whether a rule failed; with `reports`
    (e.g. `reports/conformance`), `<reports>-rules.xml` (JUnit) and `<reports>-summary.txt` are
    written. No key is ever written: each is filtered out of the text."""
    with httpx.Client(timeout=timeout) as client:
        session = Session(
            client,
            target.base_url.rstrip("/"),
            {"Authorization": f"Bearer {target.key}"},
            allowed=target.tiers,
            other_headers={"Authorization": f"Bearer {target.second_key}"} if target.second_key else None,
            owner=target.owner,
            lead_list_id=target.lead_list_id,
            nearly_full_lead_list_id=target.cap_lead_list_id,
        )
        outcomes = run_catalogue(session)
    secrets = [secret for secret in (target.key, target.second_key) if secret]
    text = summary(outcomes, f"conformance: {tier_cost(target.tiers)}", secrets)
    if reports is not None:
        reports.parent.mkdir(parents=True, exist_ok=True)
        write_junit(outcomes, reports.with_name(f"{reports.name}-rules.xml"), secrets)
        reports.with_name(f"{reports.name}-summary.txt").write_text(text)
    return text, any(outcome.status == "failed" for outcome in outcomes)
