"""The shared spec checks (`amplemarket_lead_lists.validation`): where each problem is, and messages
that name the rule without copying the request (lead data is personal data)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    InvalidRequestError,
    add_leads,
    create_lead_list,
    upload_lead_list,
    wait_for_lead_list,
)
from amplemarket_lead_lists.validation import MAX_PROBLEMS, body_problems, packaged_validator
from contract_tests.polling_harness import FakeTime

CREATE = packaged_validator("LeadListCreate")
VALID = {"owner": "a@example.com", "shared": True, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}


def test_each_missing_field_is_named_once() -> None:
    problems = body_problems({"owner": "a@example.com"}, CREATE)
    assert sorted(p.pointer for p in problems) == ["/leads", "/shared", "/type"]
    assert all(p.message == "is required" for p in problems), "an object's own description is not appended"


def test_a_rule_only_subschema_explains_its_rule() -> None:
    [problem] = body_problems({**VALID, "leads": [{"email": "a@example.com"}]}, CREATE)
    assert problem.pointer == "/leads/0/linkedin_url"
    assert "lists of type linkedin need `linkedin_url`" in problem.message


@pytest.mark.parametrize(
    ("change", "pointer", "words"),
    [
        ({"leads": [{"linkedin_url": "x"}] * 10_001}, "/leads", "has 10001 items; at most 10000"),
        ({"leads": []}, "/leads", "has 0 items; at least 1"),
        ({"owner": "n" * 5000}, "/owner", "must be a valid email"),
        ({"type": "t" * 5000}, "/type", "must be one of"),
        ({"shared": {"deep": ["x" * 5000]}}, "/shared", "must be of type boolean, got object"),
        ({"leads": [{"linkedin_url": ""}]}, "/leads/0/linkedin_url", "at least 1 character"),
        ({"leads": ["p" * 5000]}, "/leads/0", "must be of type object, got string"),
    ],
)
def test_messages_name_the_rule_and_quote_at_most_40_characters(
    change: dict[str, object], pointer: str, words: str
) -> None:
    problems = body_problems({**VALID, **change}, CREATE)
    assert pointer in [p.pointer for p in problems]
    [problem] = [p for p in problems if p.pointer == pointer]
    assert words in problem.message
    assert len(problem.message) < 160, problem.message


def test_problems_stop_at_the_bound() -> None:
    problems = body_problems({**VALID, "leads": [{"email": "a@example.com"}] * 10_000}, CREATE)
    assert len(problems) == MAX_PROBLEMS


@pytest.mark.parametrize("bad", ["", "   ", 42])
def test_an_unusable_lead_list_id_is_refused_before_sending(bad: object) -> None:
    client = AuthenticatedClient(base_url="https://api.invalid", token="sk-test-abcd")
    with pytest.raises(InvalidRequestError) as caught:
        wait_for_lead_list(client, bad, sleep=FakeTime().sleep)  # type: ignore[arg-type]
    assert caught.value.problems[0].parameter == "id"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (float("nan"), "finite number"),
        (float("inf"), "finite number"),
        (datetime.now(UTC), "got datetime"),
        ({"deep": [object()]}, "got object"),
    ],
)
def test_a_value_json_cannot_hold_is_refused_with_its_pointer_before_sending(
    api: respx.MockRouter, value: object, words: str
) -> None:
    """A free-form lead field passes the schema; it must still not crash httpx or be sent mangled."""
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token="sk-test-abcd")
    lead = {"linkedin_url": "https://www.linkedin.com/in/x", "extra~/": value}
    with pytest.raises(InvalidRequestError) as created:
        create_lead_list(client, {**VALID, "leads": [{"linkedin_url": "y"}, lead]})
    with pytest.raises(InvalidRequestError) as added:
        add_leads(client, "ll_1", [lead])
    leads: list[dict[str, object]] = [{"linkedin_url": f"https://www.linkedin.com/in/p{n}"} for n in range(25_000)]
    leads[23_456] = lead
    with pytest.raises(InvalidRequestError) as uploaded:
        upload_lead_list(client, {**VALID, "leads": leads})
    assert created.value.problems[0].pointer.startswith("/leads/1/extra~0~1")
    assert added.value.problems[0].pointer.startswith("/leads/0/extra~0~1")
    assert uploaded.value.problems[0].pointer.startswith("/leads/23456/extra~0~1")
    assert all(words in error.value.problems[0].message for error in (created, added, uploaded))
    assert len(api.calls) == 0


def test_the_checked_body_is_sent_as_httpx_would_encode_it(api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(
        return_value=httpx.Response(202, json={"id": "ll_1", "status": "queued", "leads": []})
    )
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token="sk-test-abcd")
    body = {**VALID, "name": "Zoë", "leads": [{"linkedin_url": "https://www.linkedin.com/in/zoë", "n": 1.5}]}
    create_lead_list(client, body)
    [call] = route.calls
    assert call.request.headers["content-type"] == "application/json"
    assert call.request.content == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
