"""Checking requests against the spec before they are sent (strict writer).

The schema is the package's `openapi.json`, written from `openapi/lead-lists.yaml` by
`make generate`; the sandbox runs the same checks against the YAML itself. Each problem carries a
JSON Pointer to the body field at fault, or the query parameter, as the vendor's `_errors[].source` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from .errors import Problem

ParameterValidator = tuple[Mapping[str, Any], jsonschema.Draft202012Validator]
"""A query parameter's schema and a validator built once for it."""

MAX_PROBLEMS = 100
"""Stop collecting after this many problems: a 10,000-lead body can hold 10,000 of the same mistake."""


@cache
def packaged_spec() -> Mapping[str, Any]:
    spec: Mapping[str, Any] = json.loads(resources.files("amplemarket_lead_lists").joinpath("openapi.json").read_text())
    return spec


def schema_validator(spec: Mapping[str, Any], schema_name: str) -> jsonschema.Draft202012Validator:
    """A validator for one component schema of `spec`, with formats (e.g. `email`) checked."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@cache
def _packaged_validator(schema_name: str) -> jsonschema.Draft202012Validator:
    return schema_validator(packaged_spec(), schema_name)


def page_parameter_validators(spec: Mapping[str, Any]) -> dict[str, ParameterValidator]:
    """getLeadList's query parameters in `spec` (`page[size]`, …): name → (schema, its validator)."""
    operation = spec["paths"]["/lead-lists/{id}"]["get"]
    return {
        p["name"]: (p["schema"], jsonschema.Draft202012Validator(p["schema"]))
        for p in operation["parameters"]
        if p["in"] == "query"
    }


def parameter_problem(name: str, value: object, validator: jsonschema.Draft202012Validator) -> Problem | None:
    """Why `value` is not valid for the query parameter `name`, or None when it is."""
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    return None if error is None else Problem(pointer="", message=error.message, parameter=name)


def page_parameter_problems(values: Mapping[str, object]) -> list[Problem]:
    """Every given paging parameter (by its name in the spec) that breaks the packaged spec."""
    validators = _packaged_page_validators()
    found = (parameter_problem(name, value, validators[name][1]) for name, value in values.items())
    return [problem for problem in found if problem is not None]


@cache
def _packaged_page_validators() -> dict[str, ParameterValidator]:
    return page_parameter_validators(packaged_spec())


def lead_list_create_problems(body: object, validator: jsonschema.Draft202012Validator | None = None) -> list[Problem]:
    """Every way `body` breaks LeadListCreate (at most MAX_PROBLEMS), most specific first."""
    checker = validator or _packaged_validator("LeadListCreate")
    problems: list[Problem] = []
    for error in checker.iter_errors(body):
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
    message = error.message
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "required" and isinstance(error.instance, Mapping):
        required = error.validator_value if isinstance(error.validator_value, list) else []
        path.append(next(name for name in required if name not in error.instance))
        message = "is required"
    elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = schema.get("properties", {})
        path.append(next(name for name in error.instance if name not in known))
        message = "is not a known field"
    elif error.validator == "const":
        message = f"must be {json.dumps(error.validator_value)}"
    description = schema.get("description") if error.validator in ("required", "const") else None
    if description:
        message = f"{message}: {description}"
    return Problem(pointer=_pointer(path), message=message)


def _pointer(path: list[str]) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in path)
