"""Schemathesis against the sandbox in-process: every operation, all default checks plus ours,
and the stateful phase through the spec's links (create → poll → page). Seeded for reproducible CI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.config import SchemathesisConfig

from contract_tests import checks  # registers the custom checks
from contract_tests.conformance import SANDBOX_KEY
from sandbox.app import create_app
from sandbox.settings import Settings

AUTH = {"Authorization": f"Bearer {SANDBOX_KEY}"}
os.environ.setdefault("CONFORMANCE_API_KEY", SANDBOX_KEY)
CONFIG = SchemathesisConfig.from_path(str(Path(__file__).with_name("conformance.toml")))
# Lists finish within a few polls, so the stateful phase reaches `completed` and pages.
CONFORMANCE = Settings(
    retry_after=1, queue_seconds=0.01, processing_seconds=0.02, seconds_per_lead=0.0, rate_limit=10**9
)

schema = schemathesis.openapi.from_asgi("/openapi.yaml", create_app(CONFORMANCE), config=CONFIG)
SETTINGS = settings(
    max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@SETTINGS
def test_every_operation(case: Case[Any]) -> None:
    case.call_and_validate(headers=AUTH)


class LeadListWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
        return {"headers": AUTH}


TestStatefulWorkflow = LeadListWorkflow.TestCase
TestStatefulWorkflow.settings = settings(SETTINGS, max_examples=40, stateful_step_count=8)


def test_the_custom_checks_saw_a_full_workflow() -> None:
    """The stateful run above created lists, waited for them, and walked their pages."""
    assert checks.submitted and checks.walked
    assert set(checks.walked) & set(checks.submitted)
