"""Checking requests against the spec: one home shared by the client (before sending) and the sandbox
(on receipt), so the two can never disagree about what a valid request is."""

from .compiled import BodyValidator
from .encoding import JsonBody, encoded
from .problem import Problem, json_pointer
from .rules import (
    MAX_PROBLEMS,
    ParameterValidator,
    body_problems,
    detailed_body_problems,
    packaged_spec,
    packaged_validator,
    page_parameter_problems,
    page_parameter_validators,
    parameter_problem,
    schema_validator,
)

__all__ = [
    "MAX_PROBLEMS",
    "BodyValidator",
    "JsonBody",
    "ParameterValidator",
    "Problem",
    "body_problems",
    "detailed_body_problems",
    "encoded",
    "json_pointer",
    "packaged_spec",
    "packaged_validator",
    "page_parameter_problems",
    "page_parameter_validators",
    "parameter_problem",
    "schema_validator",
]
