"""A compiled yes/no check in front of the detailed one: a 10,000-lead body is checked in about a
millisecond by jsonschema-rs instead of hundreds by jsonschema, and only a body it rejects pays for
jsonschema's detailed walk, which names every problem (JSON Pointer, rule).

The fast check may only be stricter than the detailed one, never more lenient: a body it passes is
valid, and a body it rejects goes to jsonschema, which has the last word. `email` uses jsonschema's
own rule (the FormatChecker's: it contains an `@`) so the two agree on it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema
import jsonschema_rs


def _email(value: str) -> bool:
    """jsonschema's FormatChecker rule for `email`, so both validators accept the same owners."""
    return "@" in value


@dataclass(frozen=True)
class BodyValidator:
    """One schema, compiled twice: `fast` answers yes or no, `detailed` says why not."""

    detailed: jsonschema.Draft202012Validator
    fast: jsonschema_rs.Validator

    @classmethod
    def for_schema(cls, schema: Mapping[str, Any]) -> BodyValidator:
        """Both validators for `schema` (Draft 2020-12, formats checked)."""
        detailed = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        fast = jsonschema_rs.Draft202012Validator(dict(schema), validate_formats=True, formats={"email": _email})
        return cls(detailed, fast)

    def surely_valid(self, body: object) -> bool:
        """True when the compiled check passes `body`; False sends it to the detailed check.

        A value jsonschema-rs cannot read as JSON (a set, bytes) is left to jsonschema, which decides
        such values its own way. jsonschema-rs reads a tuple as an array where jsonschema refuses it;
        the request schemas constrain arrays only at the top (`leads`), so a tuple there is left to
        jsonschema too (the property tests generate tuples everywhere to hold this).
        """
        if isinstance(body, tuple) or (isinstance(body, dict) and any(isinstance(v, tuple) for v in body.values())):
            return False
        try:
            return self.fast.is_valid(body)
        except (ValueError, TypeError, OverflowError, RecursionError):
            return False
