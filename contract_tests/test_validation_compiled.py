"""The compiled check (jsonschema-rs) in front of the detailed one (jsonschema): on every body, both
say the same thing about validity, and `body_problems` returns exactly what jsonschema alone does.

Bodies are generated near the spec's request schemas (right and wrong types, missing and unknown
keys, every list type, `options` on every type, owners with and without `@`), so most land close
to the boundary between valid and invalid, where a disagreement would show.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amplemarket_lead_lists.sandbox.spec import Spec
from amplemarket_lead_lists.validation import (
    BodyValidator,
    body_problems,
    detailed_body_problems,
    packaged_validator,
)

CREATE = packaged_validator("LeadListCreate")
ADD = packaged_validator("LeadListAddLeads")
LEAD_FIELDS = ["linkedin_url", "email", "title", "company_name", "company_domain"]
TYPES = ["linkedin", "email", "titles_and_company"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=6),
)
strings = st.one_of(st.just(""), st.text(max_size=8), st.sampled_from(["a@b", "@", "x", "a@example.com", "noat"]))
almost_strings = st.one_of(strings, strings, scalars)


REQUIRED = {"linkedin": ["linkedin_url"], "email": ["email"], "titles_and_company": ["title", "company_name"]}


@st.composite
def valid_bodies(draw: st.DrawFn, with_owner: bool) -> dict[str, Any]:
    """A body that meets the schema: the fields its type requires on every lead, options allowed."""
    list_type = draw(st.sampled_from(TYPES))
    fields = st.text(min_size=1, max_size=6)
    required = [*REQUIRED[list_type]]
    if list_type == "titles_and_company" and draw(st.booleans()):
        required[1] = "company_domain"
    optional = {name: fields for name in ("email", "title") if name not in required}
    lead = st.fixed_dictionaries({name: fields for name in required}, optional={"crm_id": scalars, **optional})
    body: dict[str, Any] = {"type": list_type, "leads": draw(st.lists(lead, min_size=1, max_size=3))}
    flags = st.booleans() if list_type == "email" else st.just(True)
    body |= draw(
        st.fixed_dictionaries(
            {}, optional={"options": st.fixed_dictionaries({}, optional={"enrich": flags, "validate_email": flags})}
        )
    )
    if with_owner:
        owner = st.one_of(st.just("a@example.com"), st.text(max_size=4).map(lambda t: t + "@" + t))
        body |= {"owner": draw(owner), "shared": draw(st.booleans())}
        body |= draw(st.fixed_dictionaries({}, optional={"name": st.text(max_size=5), "visible": st.booleans()}))
    return body


def mutation(draw: st.DrawFn, body: dict[str, Any]) -> None:
    """Break (or leave valid) one thing, near the boundary: a key dropped or retyped, a lead field
    emptied or removed, an option disabled, an owner without `@`, a tuple for a list, an extra key."""
    leads = body["leads"] if isinstance(body.get("leads"), list) else []
    kind = draw(st.integers(0, 7))
    if kind == 0 and body:
        del body[draw(st.sampled_from(sorted(body)))]
    elif kind == 1 and body:
        body[draw(st.sampled_from(sorted(body)))] = draw(scalars)
    elif kind == 2 and leads:
        lead = draw(st.sampled_from(leads))
        if isinstance(lead, dict) and lead:
            key = draw(st.sampled_from(sorted(lead)))
            lead[key] = draw(st.sampled_from(["", None, 0, "x"]))
            if draw(st.booleans()):
                del lead[key]
    elif kind == 3:
        body["options"] = {draw(st.sampled_from(["enrich", "validate_email", "other"])): draw(st.booleans())}
    elif kind == 4 and "owner" in body:
        body["owner"] = draw(st.sampled_from(["", "noat", "@", "a@b\n"]))
    elif kind == 5 and leads:
        body["leads"] = draw(st.sampled_from([tuple(leads), [*leads, {}], [*leads, "x"], []]))
    elif kind == 6:
        body[draw(st.sampled_from(["unknown", "type", "leads"]))] = draw(st.sampled_from(["email", [], {}, "x"]))
    else:
        body["leads"] = [{**lead, "extra": draw(scalars)} if isinstance(lead, dict) else lead for lead in leads]


@st.composite
def bodies(draw: st.DrawFn, with_owner: bool) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(st.one_of(scalars, st.lists(scalars, max_size=2), st.lists(scalars, max_size=2).map(tuple)))
    body = draw(valid_bodies(with_owner))
    for _ in range(draw(st.integers(0, 2))):
        mutation(draw, body)
    return body


def is_json(value: object) -> bool:
    """Only JSON's own Python types: dicts with string keys, lists, str, numbers, bools, None."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(is_json(v) for v in value)
    return value is None or isinstance(value, str | int | float)


def assert_agree(body: object, validator: BodyValidator, json_value: bool = True) -> None:
    """Same validity both ways, same problems; a value that is not JSON (a tuple, a non-string key)
    is only ever passed by jsonschema, the compiled check leaving it to the detailed one."""
    reference = detailed_body_problems(body, validator.detailed)
    if json_value and is_json(body):
        assert validator.surely_valid(body) == (not reference), (body, reference)
    elif validator.surely_valid(body):
        assert not reference
    assert body_problems(body, validator) == reference


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bodies(with_owner=True))
def test_create_bodies_checked_the_same_both_ways(body: object) -> None:
    assert_agree(body, CREATE)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bodies(with_owner=False))
def test_add_bodies_checked_the_same_both_ways(body: object) -> None:
    assert_agree(body, ADD)


VALID = {"owner": "a@example.com", "shared": True, "type": "linkedin", "leads": [{"linkedin_url": "x"}]}


@pytest.mark.parametrize(
    "body",
    [
        VALID,
        {**VALID, "owner": "@"},  # jsonschema's email rule: an `@` anywhere
        {**VALID, "owner": "no-at-sign"},
        {**VALID, "owner": "a@b\n"},
        {**VALID, "leads": [{"linkedin_url": "x"}] * 10_000},
        {**VALID, "leads": [{"linkedin_url": "x"}] * 10_001},
        {**VALID, "leads": [{"linkedin_url": "x", "n": 10**40}]},  # beyond 64 bits
        {**VALID, "leads": [{"linkedin_url": "x", "n": float("inf")}]},
        {**VALID, "shared": 1},
        {**VALID, "shared": 1.0},
        {**VALID, "type": "email", "leads": [{"email": "a"}], "options": {"enrich": False}},
        {**VALID, "options": {"enrich": False}},  # only email lists may disable enrichment
        {**VALID, "type": "titles_and_company", "leads": [{"title": "t", "company_domain": "d"}]},
        {**VALID, "type": "titles_and_company", "leads": [{"title": "t"}]},
        {**VALID, "leads": [{}]},
        {**VALID, "extra": 1},
    ],
)
def test_edge_cases_checked_the_same_both_ways(body: object) -> None:
    assert_agree(body, CREATE)


@pytest.mark.parametrize(
    "body",
    [
        {**VALID, "leads": [{"linkedin_url": "x", "tags": ("a", "b")}]},
        {**VALID, "leads": [{"linkedin_url": "x", 1: "non-string key"}]},
        {**VALID, "leads": [{"linkedin_url": "x", "at": object()}]},
        {**VALID, "leads": ({"linkedin_url": "x"},)},
    ],
)
def test_values_that_are_not_json_are_left_to_jsonschema(body: object) -> None:
    assert_agree(body, CREATE, json_value=False)


def test_the_sandbox_uses_the_compiled_check_and_keeps_precise_problems() -> None:
    spec = Spec()
    assert_agree({**VALID, "owner": "x"}, spec._create_validator)
    assert [p.pointer for p in body_problems({**VALID, "owner": "x"}, spec._create_validator)] == ["/owner"]
