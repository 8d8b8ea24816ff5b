"""The shared spec checks (`amplemarket_lead_lists.validation`): where each problem is, and messages
that name the rule without copying the request (lead data is personal data)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    InvalidRequestError,
    LeadListError,
    add_leads,
    add_leads_async,
    create_lead_list,
    create_lead_list_async,
    upload_lead_list,
    upload_lead_list_async,
    wait_for_lead_list,
)
from amplemarket_lead_lists.validation import MAX_PROBLEMS, Problem, body_problems, encoded, packaged_validator
from amplemarket_lead_lists.validation.nesting import MAX_NESTING
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


def _nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def _refusals(client: AuthenticatedClient, lead: dict[str, object]) -> list[InvalidRequestError]:
    """`lead` sent each way, sync and async: a create of 5,000 leads holding it at 4,321, an add of it
    alone, an upload of 15,000 leads holding it at 12,345 (in the second chunk, an add); each error."""
    leads: list[dict[str, object]] = [{"linkedin_url": f"https://www.linkedin.com/in/p{n}"} for n in range(15_000)]
    leads[12_345] = lead
    created = {**VALID, "leads": [*leads[:4_321], lead, *leads[4_322:5_000]]}
    calls: list[Callable[[], object]] = [
        lambda: create_lead_list(client, created),
        lambda: asyncio.run(create_lead_list_async(client, created)),
        lambda: add_leads(client, "ll_1", [lead]),
        lambda: asyncio.run(add_leads_async(client, "ll_1", [lead])),
        lambda: upload_lead_list(client, {**VALID, "leads": leads}),
        lambda: asyncio.run(upload_lead_list_async(client, {**VALID, "leads": leads})),
    ]
    errors = []
    for call in calls:
        with pytest.raises(LeadListError) as caught:  # never a bare RecursionError or UnicodeEncodeError
            call()
        assert isinstance(caught.value, InvalidRequestError)
        errors.append(caught.value)
    return errors


@pytest.mark.parametrize(
    ("lead", "field"),
    [
        ({"linkedin_url": "https://www.linkedin.com/in/a\ud800"}, "/linkedin_url"),
        ({"linkedin_url": "https://www.linkedin.com/in/b", "note": ["ok", "\udfff trailing"]}, "/note/1"),
        ({"linkedin_url": "https://www.linkedin.com/in/c", "n\ud83d": "a key"}, ""),
    ],
    ids=["in a field", "in a nested free-form field", "in a key"],
)
def test_a_lone_surrogate_is_named_by_the_pointer_of_its_lead(
    api: respx.MockRouter, lead: dict[str, object], field: str
) -> None:
    """`/: is not a JSON value` left the user of a 15,000-lead upload looking for the lead."""
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token="sk-test-abcd")
    created, created_async, added, added_async, uploaded, uploaded_async = _refusals(client, lead)
    for error, index in [(created, 4_321), (created_async, 4_321), (added, 0), (added_async, 0)]:
        assert [p.pointer for p in error.problems] == [f"/leads/{index}{field}"]
    for error in (uploaded, uploaded_async):
        assert [p.pointer for p in error.problems] == [f"/leads/12345{field}"]
        assert "lone surrogate" in str(error) and "U+D" in str(error)
        assert "linkedin.com" not in str(error) and "\\u" not in str(error), "the lead is never quoted"
        str(error).encode("utf-8")  # the message itself can be printed
    assert len(api.calls) == 0


@pytest.mark.parametrize("field", ["linkedin_url", "custom"])
def test_a_lead_field_nested_3000_deep_is_refused_before_anything_walks_it(api: respx.MockRouter, field: str) -> None:
    """It raised a bare RecursionError: from jsonschema's message (a typed field) or from encoding (a
    free-form one), at a depth that depended on the caller's stack."""
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token="sk-test-abcd")
    lead = {"linkedin_url": "https://www.linkedin.com/in/x", field: _nested(3_000)}
    errors = _refusals(client, lead)
    for error, index in zip(errors, [4_321, 4_321, 0, 0, 12_345, 12_345], strict=True):
        [problem] = error.problems
        assert problem.pointer == f"/leads/{index}/{field}", "the field in the lead, not 64 tokens of /0"
        assert f"at most {MAX_NESTING} levels deep" in problem.message
        assert len(str(error)) < 200
    assert len(api.calls) == 0


def test_a_lead_field_may_nest_61_levels_as_the_documented_64_allows() -> None:
    """The bound users read in the docs: 64 levels, the body, `leads` and the lead counted."""
    assert body_problems({**VALID, "leads": [{"linkedin_url": "x", "deep": _nested(61)}]}, CREATE) == []
    [problem] = body_problems({**VALID, "leads": [{"linkedin_url": "x", "deep": _nested(62)}]}, CREATE)
    assert "objects and arrays may be at most 64 levels deep" in problem.message


def test_nesting_is_refused_past_the_bound_and_not_at_it() -> None:
    """The body, `leads` and a lead are 3 levels: a free-form field may nest MAX_NESTING - 3 more."""
    at_bound = {**VALID, "leads": [{"linkedin_url": "x", "deep": _nested(MAX_NESTING - 3)}]}
    past_it = {**VALID, "leads": [{"linkedin_url": "x", "deep": _nested(MAX_NESTING - 2)}]}
    assert body_problems(at_bound, CREATE) == []
    assert isinstance(encoded(at_bound), bytes)
    [problem] = body_problems(past_it, CREATE)
    assert problem.pointer == "/leads/0/deep"
    [problem] = body_problems({**VALID, "owner": _nested(5_000)}, CREATE)
    assert str(problem) == (
        f"/owner/0/0: is nested too deeply: objects and arrays may be at most {MAX_NESTING} levels deep,"
        " the body counted"
    )


def test_a_lone_surrogate_in_a_key_the_schema_refuses_is_shown_escaped() -> None:
    """The pointer names the key exactly; the message, printed or logged as UTF-8, raised UnicodeEncodeError."""
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token="sk-test-abcd")
    with pytest.raises(InvalidRequestError) as caught:
        create_lead_list(client, {**VALID, "own\ud800": 1})
    assert [p.pointer for p in caught.value.problems] == ["/own\ud800"]
    assert str(caught.value).encode("utf-8") == b"invalid request: /own\\ud800: is not a known field"


@pytest.mark.parametrize(
    ("body", "pointer", "message"),
    [
        ({"leads": [{(1, 2): "x"}]}, "/leads/0", "has a key of type tuple; JSON keys are strings"),
        ({"fine": [1, "two"], "bad": {1, 2}}, "/bad", "must be a JSON value, got set"),
    ],
)
def test_the_first_value_json_cannot_carry_is_named_past_the_good_ones(body: Any, pointer: str, message: str) -> None:
    problem = encoded(body)
    assert isinstance(problem, Problem) and (problem.pointer, problem.message) == (pointer, message)
