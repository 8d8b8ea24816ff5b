"""Encoding a checked request body as JSON, or saying which value cannot be.

A schema check cannot see every value: a lead may carry free-form fields, and Python values such as
NaN or a datetime pass `additionalProperties: true` but are not JSON. Encoding is where they fail,
so it happens while checking (before anything is sent, even for the later chunks of an upload),
with httpx's own rules, and a failure names the value's JSON Pointer instead of raising a bare
ValueError from inside httpx.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .nesting import nesting_problem
from .problem import Problem, json_pointer


@dataclass(frozen=True)
class JsonBody:
    """A request body that passed its checks: the data, and the bytes that will be sent."""

    data: Mapping[str, Any]
    content: bytes


def encoded(body: object) -> bytes | Problem:
    """`body` as compact UTF-8 JSON (exactly what httpx sends for `json=`), or why it cannot be: the
    pointer of the first value at fault, a lone surrogate (U+D800 to U+DFFF alone: a Python string,
    but no Unicode text UTF-8 can carry) in a string or a key included."""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        return nesting_problem(body) or _unencodable(body, []) or Problem("", "is not a JSON value")


def _unencodable(value: object, path: list[str]) -> Problem | None:
    """The first value (in document order) `json.dumps` or UTF-8 refuses. Only a body nested at most
    MAX_NESTING deep gets here, so the recursion is bounded."""
    if isinstance(value, str):
        return _surrogate_problem(value, path, "holds")
    if isinstance(value, bool | int) or value is None:
        return None
    if isinstance(value, float):
        return (
            None
            if math.isfinite(value)
            else Problem(json_pointer(path), "must be a finite number (JSON has no NaN or Infinity)")
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return Problem(json_pointer(path), f"has a key of type {type(key).__name__}; JSON keys are strings")
            found = _surrogate_problem(key, path, "has a key with") or _unencodable(item, [*path, key])
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _unencodable(item, [*path, str(index)])
            if found is not None:
                return found
        return None
    return Problem(json_pointer(path), f"must be a JSON value, got {type(value).__name__}")


def _surrogate_problem(text: str, path: list[str], what: str) -> Problem | None:
    """A lone surrogate in `text` (at `path`), named by its code point and position, never quoted."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return Problem(
            json_pointer(path),
            f"{what} a lone surrogate (U+{ord(text[error.start]):04X} at character {error.start}),"
            " which is not Unicode text: JSON cannot carry it",
        )
    return None
