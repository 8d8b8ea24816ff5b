"""One reason a request is invalid, located the way the vendor's `_errors[].source` locates it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a request is invalid: a JSON Pointer to the body field at fault, or the parameter.

    `message` names the rule that was broken and never repeats more than a few dozen characters of
    the value, so a problem can be logged without copying personal data out of a request.
    """

    pointer: str
    message: str
    parameter: str | None = None

    def __str__(self) -> str:
        """`pointer: message`; a lone surrogate in a key the pointer names is shown as `\\ud800`, so the
        text can be printed or logged as UTF-8 (`pointer` itself stays exact)."""
        where = self.parameter or self.pointer or "/"
        return f"{where.encode('utf-8', 'backslashreplace').decode('utf-8')}: {self.message}"


def json_pointer(path: list[str]) -> str:
    """RFC 6901: `~` and `/` inside a name are escaped."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in path)
