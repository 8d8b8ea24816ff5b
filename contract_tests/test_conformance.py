"""Schemathesis against the sandbox in-process: every operation, all default checks plus ours,
and the stateful phase through the spec's links (create → add → poll → page). Seeded for reproducible CI."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from amplemarket_lead_lists.conformance.reading import MAX_LEADS_PER_LIST
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests import broken_sandboxes, checks  # registers the custom checks
from contract_tests.conformance import SANDBOX_KEY
from contract_tests.sandbox_harness import create_body

AUTH = {"Authorization": f"Bearer {SANDBOX_KEY}"}
os.environ.setdefault("CONFORMANCE_API_KEY", SANDBOX_KEY)
CONFIG = SchemathesisConfig.from_path(str(Path(__file__).with_name("conformance.toml")))
# Lists finish within a few polls, so the stateful phase reaches `completed` and pages.
CONFORMANCE = Settings(
    retry_after=1, queue_seconds=0.01, processing_seconds=0.02, seconds_per_lead=0.0, rate_limit=10**9
)

# A clock that moves 10 ms at every reading instead of real time: lists go pending and complete at
# the same step on every run, so Hypothesis' replays meet the same answers (with real time the
# stateful phase was flaky once adds made lists pending again).
APP = create_app(CONFORMANCE, clock=itertools.count(0.0, 0.01).__next__)
# The cap check's list: one lead short of the 60,000-lead cap.
NEARLY_FULL = TestClient(APP).post("/_sandbox/lead-lists", json={"entries": MAX_LEADS_PER_LIST - 1}, headers=AUTH)
os.environ["CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID"] = NEARLY_FULL.json()["id"]

schema = schemathesis.openapi.from_asgi("/openapi.yaml", APP, config=CONFIG)
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
    """The runs above created lists, waited for them and walked their pages, and the cap check
    probed the nearly full list."""
    assert checks.submitted and checks.walked
    assert set(checks.walked) & set(checks.submitted)
    assert checks.cap_probed == [os.environ["CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID"]]
    assert checks.listings_walked and checks.listings_walked[0] >= 1  # the listing was walked and read back
    # the echo and input checks had something to compare: lists created here, and entries read from them
    assert set(checks.sent) >= set(checks.submitted)
    assert any(checks.inputs.get(list_id) for list_id in checks.walked)


# The value, paging and status checks, and a broken sandbox each must catch (None: the sandbox, caught by none).
CHECK_CATCHES = {
    None: None,
    "bad_request_instead_of_not_found": "statuses_fit_the_request",
    "reports_another_owner": "lead_lists_echo_what_was_sent",
    "prev_on_first_page": "pages_are_complete",
    "entry_linkedin_url_differs": "pages_are_complete",
    "page_size_off_by_one": "pages_are_complete",
}


@pytest.mark.parametrize(("variant", "check"), CHECK_CATCHES.items())
def test_each_value_and_paging_check_catches_its_broken_sandbox_in_process(
    variant: str | None, check: str | None
) -> None:
    instant = Settings(queue_seconds=0.0, processing_seconds=0.0, seconds_per_lead=0.0, rate_limit=10**9)
    app = create_app(instant) if variant is None else broken_sandboxes.broken_app(variant, instant)
    failed = _failed_checks(app)
    assert failed == ([] if check is None else [check])


def _failed_checks(app: ASGIApp) -> list[str]:
    """The checks that fail on a create of 5 leads, a read of its first page of 2 and a read of an
    unknown id, each response validated as the suite does."""
    variant_schema = schemathesis.openapi.from_asgi("/openapi.yaml", app, config=CONFIG)
    create = variant_schema["/lead-lists"]["POST"].Case(body=create_body(5), media_type="application/json")
    get = variant_schema["/lead-lists/{id}"]["GET"]
    failed: set[str] = set()
    lead_list_id = _validate(create, failed).json()["id"]
    _validate(get.Case(path_parameters={"id": lead_list_id}, query={"page[size]": 2}), failed)
    _validate(get.Case(path_parameters={"id": "no-such-list"}), failed)
    return sorted(failed)


def _validate(case: Case[Any], failed: set[str]) -> Any:
    response = case.call(headers=AUTH)
    try:
        case.validate_response(response)
    except FailureGroup as group:
        failed.update(name for name in CHECK_CATCHES.values() if name and f"`{name}`" in str(group))
    return response
