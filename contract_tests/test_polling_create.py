"""Rule 5 for creates, and the strict writer: invalid bodies never leave the machine."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import BadRequestError, InvalidRequestError, RateLimitError, ServerError, TransportError
from amplemarket_lead_lists.models import LeadInput, LeadListCreate, LeadListCreateType
from contract_tests.polling_harness import CT, Runner, body, error

VALID: dict[str, Any] = {
    "name": "Example",
    "owner": "user@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://www.linkedin.com/in/lead1/", "note": "kept"}],
}
ACCEPTED = httpx.Response(202, headers={**CT, "Location": "/lead-lists/ll_1"}, json=body("queued"))


def test_create_posts_the_body_and_returns_the_queued_lead_list(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(return_value=ACCEPTED)
    lead_list = run.create(VALID)
    assert lead_list.id == "ll_1" and lead_list.status == "queued"
    sent = route.calls.last.request
    assert json.loads(sent.content) == VALID
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Authorization"].startswith("Bearer ")


def test_a_list_created_without_a_name_gets_its_type_the_utc_time_and_six_hex_digits(
    run: Runner, api: respx.MockRouter
) -> None:
    """Unique and sorting by time, so that a list whose create timed out can be found by name."""
    route = api.post("/lead-lists").mock(return_value=ACCEPTED)
    before = datetime.now(UTC).replace(microsecond=0)
    run.create({key: value for key, value in VALID.items() if key != "name"})
    after = datetime.now(UTC)
    name = json.loads(route.calls.last.request.content)["name"]
    found = re.fullmatch(r"linkedin leads (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC [0-9a-f]{6}", name)
    assert found is not None, name
    assert before <= datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC) <= after


def test_create_accepts_the_generated_model(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(return_value=ACCEPTED)
    lead = LeadInput(email="a@b.co")
    model = LeadListCreate(shared=False, owner="user@example.com", type_=LeadListCreateType.EMAIL, leads=[lead])
    run.create(model)
    assert json.loads(route.calls.last.request.content)["leads"] == [{"email": "a@b.co"}]


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"leads": [{"email": "a@b.co"}]}, "/leads/0/linkedin_url"),
        ({"owner": "nobody"}, "/owner"),
        ({"type": "csv"}, "/type"),
        ({"options": {"enrich": False}}, "/options/enrich"),
        ({"colour": "blue"}, "/colour"),
        ({"leads": []}, "/leads"),
        ({"leads": [{"linkedin_url": "x"}] * 10_001}, "/leads"),
    ],
)
def test_an_invalid_body_is_refused_before_sending(
    run: Runner, api: respx.MockRouter, change: dict[str, Any], pointer: str
) -> None:
    route = api.post("/lead-lists").mock(return_value=ACCEPTED)
    with pytest.raises(InvalidRequestError) as caught:
        run.create({**VALID, **change})
    assert pointer in [problem.pointer for problem in caught.value.problems]
    assert pointer in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert route.call_count == 0


def test_a_missing_required_field_is_named(run: Runner, api: respx.MockRouter) -> None:
    without_owner = {k: v for k, v in VALID.items() if k != "owner"}
    with pytest.raises(InvalidRequestError, match="/owner: is required"):
        run.create(without_owner)


def test_many_bad_leads_give_a_bounded_report(run: Runner, api: respx.MockRouter) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        run.create({**VALID, "leads": [{"email": "x@y.z"}] * 5000})
    assert len(caught.value.problems) == 100
    assert "(and 95 more)" in str(caught.value)


def test_create_retries_a_429(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(side_effect=[error(429, "rate_limited", retry_after="3"), ACCEPTED])
    assert run.create(VALID).id == "ll_1"
    assert route.call_count == 2 and run.time.sleeps == [3.0]


def test_create_retries_a_503_that_says_when(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(side_effect=[error(503, "unavailable", retry_after="4"), ACCEPTED])
    assert run.create(VALID).id == "ll_1"
    assert route.call_count == 2 and run.time.sleeps == [4.0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_create_does_not_retry_other_server_errors(run: Runner, api: respx.MockRouter, status: int) -> None:
    route = api.post("/lead-lists").mock(return_value=error(status))
    with pytest.raises(ServerError):
        run.create(VALID)
    assert route.call_count == 1


@pytest.mark.parametrize("failure", [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped")])
def test_create_never_retries_a_request_that_may_have_arrived(
    run: Runner, api: respx.MockRouter, failure: httpx.RequestError
) -> None:
    route = api.post("/lead-lists").mock(side_effect=[failure, ACCEPTED])
    with pytest.raises(TransportError) as caught:
        run.create(VALID)
    assert route.call_count == 1 and caught.value.attempts == 1


def test_create_gives_up_on_endless_429s(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(return_value=error(429, "rate_limited", retry_after="30"))
    with pytest.raises(RateLimitError):
        run.create(VALID)
    assert route.call_count == 11


def test_server_side_validation_errors_keep_their_pointer(run: Runner, api: respx.MockRouter) -> None:
    api.post("/lead-lists").mock(return_value=error(400, "unsupported_value", pointer="/owner"))
    with pytest.raises(BadRequestError, match=r"\(pointer /owner\)") as caught:
        run.create(VALID)
    source = caught.value.errors[0].source
    assert not isinstance(source, type(None)) and getattr(source, "pointer", None) == "/owner"
