"""Request validation against the spec itself: the sandbox has no schema of its own.

The spec is the one packaged with the client (`openapi.json`, which `make generate` writes from
`openapi/lead-lists.yaml` and `make check-generated` keeps equal to it), so the sandbox works from
an installed wheel exactly as from a checkout.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from ..validation import (
    BodyValidator,
    ParameterValidator,
    Problem,
    body_problems,
    packaged_spec,
    page_parameter_validators,
    parameter_problem,
    schema_validator,
)
from .errors import ApiException, ApiProblem


class Spec:
    """The parts of the spec the sandbox checks requests against."""

    def __init__(self, path: Path | None = None) -> None:
        """The packaged spec, or the YAML or JSON file at `path` (e.g. a spec being edited)."""
        self.document: dict[str, Any] = dict(packaged_spec()) if path is None else yaml.safe_load(path.read_text())
        self.text = yaml.safe_dump(self.document, sort_keys=False, allow_unicode=True)

    @cached_property
    def _create_validator(self) -> BodyValidator:
        return schema_validator(self.document, "LeadListCreate")

    @cached_property
    def _add_validator(self) -> BodyValidator:
        return schema_validator(self.document, "LeadListAddLeads")

    @cache  # noqa: B019 - one Spec per app, kept for the app's life
    def _query_parameters(self, operation_id: str) -> dict[str, ParameterValidator]:
        return page_parameter_validators(self.document, operation_id)

    def check_create_body(self, body: object) -> None:
        """400 with one `_errors` entry (and pointer) per problem when the body breaks LeadListCreate."""
        _raise_problems(_problems(body_problems(body, self._create_validator)))

    def check_add_body(self, body: object, list_type: str) -> None:
        """400 when the body breaks LeadListAddLeads. The leads must suit the list's own type, so that
        type is checked against whatever the body says, and a different `type` in the body is an error."""
        problems: list[ApiProblem] = []
        if isinstance(body, dict):
            if "type" in body and body["type"] != list_type:
                detail = f"/type must be {list_type!r}, the lead list's type"
                problems.append(ApiProblem("unsupported_value", detail, ("pointer", "/type")))
            body = {**body, "type": list_type}
        _raise_problems(problems + _problems(body_problems(body, self._add_validator)))

    def page_parameters(self, query: Mapping[str, list[str]], operation_id: str = "getLeadList") -> dict[str, Any]:
        """The declared query parameters of a paged operation, typed and checked against their schemas."""
        values: dict[str, Any] = {}
        problems = []
        for name, (schema, validator) in self._query_parameters(operation_id).items():
            raw = query.get(name)
            if raw is None:
                if "default" in schema:
                    values[name] = schema["default"]
                continue
            if len(raw) > 1:
                problems.append(ApiProblem("invalid_parameter", f"{name} may be given once", ("parameter", name)))
                continue
            value = _coerce(raw[0], schema)
            problem = parameter_problem(name, value, validator)
            if problem is not None:
                problems.append(ApiProblem("invalid_parameter", str(problem), ("parameter", name)))
            else:
                values[name] = value
        if problems:
            raise ApiException(400, *problems)
        return values


def _coerce(raw: str, schema: Mapping[str, Any]) -> object:
    """Query strings are text; an integer parameter must read as one (else the schema check fails)."""
    if schema.get("type") == "integer":
        try:
            return int(raw, 10)
        except ValueError:
            return raw
    return raw


def _problems(found: list[Problem]) -> list[ApiProblem]:
    return [ApiProblem(_code(p.message), f"{p.pointer or 'body'} {p.message}", ("pointer", p.pointer)) for p in found]


def _raise_problems(problems: list[ApiProblem]) -> None:
    """400 with one `_errors` entry (and pointer) per problem, if there are any."""
    if problems:
        raise ApiException(400, *problems)


def _code(message: str) -> str:
    return "missing_field" if message.startswith("is required") else "unsupported_value"
