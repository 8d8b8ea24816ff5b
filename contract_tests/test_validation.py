"""The shared spec checks (`amplemarket_lead_lists.validation`): where each problem is, and messages
that name the rule without copying the request (lead data is personal data)."""

from __future__ import annotations

import pytest

from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.polling import InvalidRequestError, wait_for_lead_list
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
