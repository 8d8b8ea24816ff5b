"""Conformance of any server to the Lead Lists API: one catalogue of the API's promises (each rule once,
with an id, its source and its tiers), run by pytest against the sandbox, by `make conformance` after
Schemathesis, and by the installed `amplemarket-lead-lists conformance` command against any base URL.
Plain httpx: it tests a server, so it never goes through the client it would be testing."""

from .catalogue import CATALOGUE, RULES, run_catalogue, tier_cost, tier_of
from .report import summary, write_junit
from .session import TIER_SETTING, Outcome, Rule, Seen, Session, Skip, Tier

__all__ = [
    "CATALOGUE",
    "RULES",
    "TIER_SETTING",
    "Outcome",
    "Rule",
    "Seen",
    "Session",
    "Skip",
    "Tier",
    "run_catalogue",
    "summary",
    "tier_cost",
    "tier_of",
    "write_junit",
]
