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

from .problem import Problem, json_pointer


@dataclass(frozen=True)
class JsonBody:
    """A request body that passed its checks: the data, and the bytes that will be sent."""

    data: Mapping[str, Any]
    content: bytes


def encoded(body: object) -> bytes | Problem:
    """`body` as compact UTF-8 JSON (exactly what httpx sends for `json=`), or why it cannot be."""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        return _first_unencodable(body, []) or Problem("", "is not a JSON value")


def _first_unencodable(value: object, path: list[str]) -> Problem | None:
    if isinstance(value, str | bool | int) or value is None:
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
            found = _first_unencodable(item, [*path, key])
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _first_unencodable(item, [*path, str(index)])
            if found is not None:
                return found
        return None
    return Problem(json_pointer(path), f"must be a JSON value, got {type(value).__name__}")
