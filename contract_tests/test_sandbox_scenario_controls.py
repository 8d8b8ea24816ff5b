"""`POST /_sandbox/scenario`: it answers the account's whole scenario (its documented defaults first), a
bad change is refused naming its field and changes nothing, and each queued fault answers as documented
(its own code and detail; Retry-After on 429 and 503 only, as `fault_retry_after` says)."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.sandbox_harness import SandboxClient, create_body

DEFAULTS = {
    "rate_limit_burst": 0,
    "server_errors": 0,
    "server_error_status": 503,
    "fault_retry_after": 1,
    "cancel_next": 0,
    "processing_seconds": 0.0,
    "processing_status": "processing",
    "fail_adds_after": -1,
    "add_failures": 1,
    "add_failure_status": 500,
}


@pytest.fixture
def client() -> SandboxClient:
    return SandboxClient()


def scenario(client: SandboxClient, changes: Any) -> Any:
    return client.post("/_sandbox/scenario", json=changes)


def test_the_scenario_answers_its_whole_state_starting_from_the_documented_defaults(client: SandboxClient) -> None:
    assert scenario(client, {}).json() == DEFAULTS
    changed = scenario(client, {"cancel_next": 2, "processing_seconds": 5, "processing_status": "validating"})
    assert changed.status_code == 200
    assert changed.json() == {**DEFAULTS, "cancel_next": 2, "processing_seconds": 5, "processing_status": "validating"}


@pytest.mark.parametrize(
    ("changes", "pointer", "detail"),
    [
        ({"rate_limit_burst": 2, "nonsense": 1}, "/nonsense", "nonsense is not a valid setting"),
        ({"rate_limit_burst": 2, "server_errors": True}, "/server_errors", "server_errors is not a valid setting"),
        ({"rate_limit_burst": 2, "processing_seconds": "5"}, "/processing_seconds", "processing_seconds is not a"),
        ({"rate_limit_burst": 2, "processing_status": 5}, "/processing_status", "processing_status is not a valid"),
        ({"rate_limit_burst": 2, "fault_retry_after": 601}, "/fault_retry_after", "must be one of 0, 1, 2,"),
        ({"rate_limit_burst": 2, "fault_retry_after": -1}, "/fault_retry_after", "must be one of 0, 1, 2,"),
        (
            {"rate_limit_burst": 2, "server_error_status": 501},
            "/server_error_status",
            "must be one of 500, 502, 503, 504",
        ),
        ({"add_failure_status": 404}, "/add_failure_status", "must be one of 409, 500, 502, 503, 504"),
        ([{"rate_limit_burst": 2}], "", "expected a JSON object"),
    ],
)
def test_a_bad_change_is_refused_naming_its_field_and_changes_nothing(
    client: SandboxClient, changes: Any, pointer: str, detail: str
) -> None:
    response = scenario(client, changes)
    assert response.status_code == 400
    [error] = response.json()["_errors"]
    assert (error["code"], error["source"]) == ("unsupported_value", {"pointer": pointer})
    assert error["detail"].startswith(detail)
    assert scenario(client, {}).json() == DEFAULTS


def test_retry_after_of_0_and_600_are_allowed(client: SandboxClient) -> None:
    assert scenario(client, {"fault_retry_after": 0}).json()["fault_retry_after"] == 0
    assert scenario(client, {"fault_retry_after": 600}).json()["fault_retry_after"] == 600


def test_a_queued_429_is_a_rate_limit_burst_with_the_scenarios_retry_after(client: SandboxClient) -> None:
    scenario(client, {"rate_limit_burst": 1, "fault_retry_after": 7})
    response = client.get("/lead-lists")
    assert response.status_code == 429 and response.headers["retry-after"] == "7"
    [error] = response.json()["_errors"]
    assert (error["code"], error["detail"]) == ("rate_limited", "scenario: rate limit burst")
    assert client.get("/lead-lists").status_code == 200


@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (502, None), (503, "7"), (504, None)])
def test_only_a_queued_503_carries_retry_after(client: SandboxClient, status: int, retry_after: str | None) -> None:
    scenario(client, {"server_errors": 1, "server_error_status": status, "fault_retry_after": 7})
    response = client.get("/lead-lists")
    assert response.status_code == status and response.headers.get("retry-after") == retry_after
    assert response.json()["_errors"][0]["detail"] == "scenario: transient server error"


def test_a_queued_409_on_an_add_has_no_retry_after(client: SandboxClient) -> None:
    lead_list = client.completed()
    scenario(client, {"fail_adds_after": 0, "add_failure_status": 409, "fault_retry_after": 7})
    response = client.post(f"/lead-lists/{lead_list['id']}/leads", json={"leads": create_body(1)["leads"]})
    assert response.status_code == 409 and "retry-after" not in response.headers
    assert response.json()["_errors"][0]["detail"] == "scenario: the lead list is full"


def test_add_failures_then_adds_succeed_again_and_the_scenario_is_off(client: SandboxClient) -> None:
    lead_list = client.completed()
    scenario(client, {"fail_adds_after": 0, "add_failures": 2})
    leads = {"leads": create_body(1)["leads"]}
    statuses = [client.post(f"/lead-lists/{lead_list['id']}/leads", json=leads).status_code for _ in range(4)]
    assert statuses == [500, 500, 202, 202]
    assert scenario(client, {}).json() == DEFAULTS


def test_cancel_next_cancels_that_many_lists_then_they_complete(client: SandboxClient) -> None:
    scenario(client, {"cancel_next": 2})
    made = [client.completed() for _ in range(3)]
    client.clock.now += 10_000
    statuses = [client.get(f"/lead-lists/{lead_list['id']}").json()["status"] for lead_list in made]
    assert statuses == ["canceled", "canceled", "completed"]
    assert scenario(client, {}).json()["cancel_next"] == 0
