"""Checking requests against the spec before they are sent (strict writer) and on receipt (sandbox).

The schema is the package's `openapi.json`, written from `openapi/lead-lists.yaml` by
`make generate`; the sandbox runs the same checks against the YAML itself. Each problem carries a
JSON Pointer to the body field at fault, or the query parameter, as the vendor's `_errors[].source`
does, and a message that names the rule without echoing the request (lead data is personal data).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from .compiled import BodyValidator
from .nesting import nesting_problem
from .problem import Problem, json_pointer

ParameterValidator = tuple[Mapping[str, Any], jsonschema.Draft202012Validator]
"""A query parameter's schema and a validator built once for it."""

MAX_PROBLEMS = 100
"""Stop collecting after this many problems: a 10,000-lead body can hold 10,000 of the same mistake."""

MAX_ECHO = 40
"""At most this many characters of a received value are repeated in a message."""

_JSON_TYPES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


@cache
def packaged_spec() -> Mapping[str, Any]:
    spec: Mapping[str, Any] = json.loads(resources.files("amplemarket_lead_lists").joinpath("openapi.json").read_text())
    return spec


def schema_validator(spec: Mapping[str, Any], schema_name: str) -> BodyValidator:
    """A validator for one component schema of `spec`, with formats (e.g. `email`) checked."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return BodyValidator.for_schema(schema)


@cache
def packaged_validator(schema_name: str) -> BodyValidator:
    """The validator for one component schema of the packaged spec, built once."""
    return schema_validator(packaged_spec(), schema_name)


def page_parameter_validators(
    spec: Mapping[str, Any], operation_id: str = "getLeadList"
) -> dict[str, ParameterValidator]:
    """An operation's query parameters in `spec` (`page[size]`, …): name → (schema, its validator).

    Every paged operation (getLeadList, listLeadLists) declares its own, so each is read from the spec.
    """
    operation = _operation(spec, operation_id)
    return {
        p["name"]: (p["schema"], jsonschema.Draft202012Validator(p["schema"]))
        for p in operation["parameters"]
        if p["in"] == "query"
    }


def parameter_problem(name: str, value: object, validator: jsonschema.Draft202012Validator) -> Problem | None:
    """Why `value` is not valid for the query parameter `name`, or None when it is."""
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    return None if error is None else Problem(pointer="", message=_message(error), parameter=name)


def page_parameter_problems(values: Mapping[str, object], operation_id: str = "getLeadList") -> list[Problem]:
    """Every given paging parameter (by its name in the spec) that breaks the packaged spec."""
    validators = _packaged_page_validators(operation_id)
    found = (parameter_problem(name, value, validators[name][1]) for name, value in values.items())
    return [problem for problem in found if problem is not None]


@cache
def _packaged_page_validators(operation_id: str) -> dict[str, ParameterValidator]:
    return page_parameter_validators(packaged_spec(), operation_id)


def _operation(spec: Mapping[str, Any], operation_id: str) -> Mapping[str, Any]:
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(f"no operation {operation_id!r} in the spec")


def body_problems(body: object, validator: BodyValidator) -> list[Problem]:
    """Every way `body` breaks the validator's schema (at most MAX_PROBLEMS), most specific first.

    The compiled check passes a valid body in about a millisecond; only a body it rejects is walked
    by jsonschema for its problems (see `compiled.py`). A body nested too deeply for either to walk
    (`nesting.py`) is that one problem.
    """
    too_deep = nesting_problem(body)
    if too_deep is not None:
        return [too_deep]
    return [] if validator.surely_valid(body) else detailed_body_problems(body, validator.detailed)


def detailed_body_problems(body: object, validator: jsonschema.Draft202012Validator) -> list[Problem]:
    """`body_problems` by jsonschema alone: the reference the compiled check must agree with."""
    problems: list[Problem] = []
    for error in validator.iter_errors(body):
        for leaf in _leaves(error):
            problems.append(_problem(leaf))
            if len(problems) >= MAX_PROBLEMS:
                return problems
    return problems


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The innermost errors: `if`/`then` and `anyOf` failures say more in their context."""
    if error.context:
        for child in error.context:
            yield from _leaves(child)
    else:
        yield error


def _problem(error: ValidationError) -> Problem:
    path = [str(part) for part in error.absolute_path]
    message = _message(error)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "required" and isinstance(error.instance, Mapping):
        required = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [str(name) for name in required if name not in error.instance]
        # jsonschema reports each missing field as its own error, naming it only in its message.
        path.append(next((name for name in missing if error.message.startswith(repr(name))), missing[0]))
    elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = schema.get("properties", {})
        path.append(next(str(name) for name in error.instance if name not in known))
    # A rule-only subschema (the per-type `then` branches) describes its rule; an object's own
    # description describes the object, and would only make the message long.
    explains = error.validator in ("required", "const") and "properties" not in schema
    description = schema.get("description") if explains else None
    if description:
        message = f"{message}: {description}"
    return Problem(pointer=json_pointer(path), message=message)


def _message(error: ValidationError) -> str:
    """The rule `error` broke, in words, with at most MAX_ECHO characters of the value.

    jsonschema's own messages start with the whole offending value (all 10,001 leads of a body that
    is one lead too long); these never do.
    """
    rule, limit, value = error.validator, error.validator_value, error.instance
    if rule == "maxItems":
        return f"has {_count(value)} items; at most {limit} are allowed"
    if rule == "minItems":
        return f"has {_count(value)} items; at least {limit} are required"
    if rule == "maxLength":
        return f"is longer than {limit} characters"
    if rule == "minLength":
        return f"must have at least {limit} character(s)"
    if rule == "minProperties":
        return f"must have at least {limit} field(s)"
    if rule in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than"}
        return f"must be {words.get(str(rule), 'less than')} {limit}, got {_echo(value)}"
    if rule == "type":
        return f"must be of type {_expected_types(limit)}, got {_json_type(value)}"
    if rule == "enum":
        allowed = ", ".join(json.dumps(option) for option in limit) if isinstance(limit, list) else str(limit)
        return f"must be one of {allowed}, got {_echo(value)}"
    if rule == "const":
        return f"must be {json.dumps(limit)}"
    if rule == "format":
        return f"must be a valid {limit}, got {_echo(value)}"
    if rule == "pattern":
        return f"must match the pattern {_echo(limit)}, got {_echo(value)}"
    if rule == "required":
        return "is required"
    if rule == "additionalProperties":
        return "is not a known field"
    return f"breaks the {rule!r} rule"


def _count(value: object) -> int:
    return len(value) if isinstance(value, list) else 0


def _expected_types(expected: object) -> str:
    return " or ".join(expected) if isinstance(expected, list) else str(expected)


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _echo(value: object) -> str:
    """A short quotation of a received value: JSON scalars as JSON, cut at MAX_ECHO characters."""
    if not isinstance(value, str | int | float | bool | type(None)):
        return f"a value of type {_json_type(value)}"
    text = json.dumps(value)
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"
