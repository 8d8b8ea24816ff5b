"""A spec other than the packaged one (a later version, another generator's) is checked with the same
messages: each names the rule and its bound, never quoting the offending value whole."""

from __future__ import annotations

from typing import Any

import pytest

from amplemarket_lead_lists.validation import Problem, body_problems, page_parameter_validators, schema_validator

SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Named": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 2, "maxLength": 5},
                    "version": {"const": 2},
                    "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
                    "kind": {"enum": ["a", "b"]},
                    "meta": {"type": "object", "minProperties": 1},
                    "tags": {"type": "array", "uniqueItems": True},
                },
            }
        }
    }
}
NAMED = schema_validator(SPEC, "Named")


def test_a_string_longer_than_its_bound_is_named_without_quoting_it() -> None:
    assert body_problems({"name": "x" * 10_000}, NAMED) == [Problem("/name", "is longer than 5 characters")]


def test_a_string_shorter_than_its_bound_names_the_bound() -> None:
    assert body_problems({"name": "x"}, NAMED) == [Problem("/name", "must have at least 2 character(s)")]
    assert body_problems({"name": "xyz"}, NAMED) == []


def test_a_value_other_than_its_constant_names_the_constant() -> None:
    assert body_problems({"version": 3}, NAMED) == [Problem("/version", "must be 2")]
    assert body_problems({"version": 2}, NAMED) == []


def test_a_string_off_its_pattern_names_the_pattern_and_the_value() -> None:
    expected = Problem("/code", 'must match the pattern "^[A-Z]{3}$", got "abcd"')
    assert body_problems({"code": "abcd"}, NAMED) == [expected]
    assert body_problems({"code": "ABC"}, NAMED) == []


def test_a_value_quoted_in_a_message_is_cut_to_40_characters() -> None:
    """The quotation (JSON, its quotes included) is at most 40 characters, the 40th an ellipsis when cut."""
    fits, cut = "a" * 38, "a" * 39
    assert body_problems({"code": fits}, NAMED)[0].message.endswith(f', got "{fits}"')
    assert body_problems({"code": cut}, NAMED)[0].message.endswith(f', got "{"a" * 38}…')


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"kind": "c"}, Problem("/kind", 'must be one of "a", "b", got "c"')),
        ({"kind": ["a"]}, Problem("/kind", 'must be one of "a", "b", got a value of type array')),
        ({"meta": {}}, Problem("/meta", "must have at least 1 field(s)")),
        ({"tags": ["x", "x"]}, Problem("/tags", "breaks the 'uniqueItems' rule")),  # a rule without words of its own
    ],
    ids=["enum", "enum, given an array", "minProperties", "uniqueItems"],
)
def test_each_rule_is_named_in_words(body: dict[str, Any], problem: Problem) -> None:
    assert body_problems(body, NAMED) == [problem]


def test_a_path_items_own_parameters_and_summary_are_passed_over_on_the_way_to_its_operation() -> None:
    """OpenAPI lets a path item hold a summary and shared parameters beside its operations."""
    size = {"name": "page[size]", "in": "query", "schema": {"type": "integer", "maximum": 100}}
    spec = {
        "paths": {
            "/items": {
                "summary": "items",
                "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
                "get": {"operationId": "listItems", "parameters": [size]},
            }
        }
    }
    assert list(page_parameter_validators(spec, "listItems")) == ["page[size]"]
    with pytest.raises(KeyError, match="no operation 'getItem' in the spec"):  # the caller's mistake, named
        page_parameter_validators(spec, "getItem")
