"""Every public function documents its arguments, what it returns or yields, and what it raises
(Google style), so `help()` and editors show more than one line."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists import AuthenticatedClient

PUBLIC = [getattr(lead_lists, name) for name in lead_lists.__all__ if inspect.isfunction(getattr(lead_lists, name))] + [
    AuthenticatedClient.from_env
]


@pytest.mark.parametrize("function", PUBLIC, ids=lambda function: function.__qualname__)
def test_a_public_function_documents_args_returns_and_raises(function: Callable[..., Any]) -> None:
    doc = inspect.getdoc(function) or ""
    sections = doc.split("\n\n")
    assert len(sections[0]) > 20 and any(s.startswith(("Returns:", "Yields:")) for s in sections), doc
    raises = next(s for s in sections if s.startswith("Raises:"))
    assert all(line.startswith("    ") for line in raises.splitlines()[1:])
    args = next(s for s in sections if s.startswith("Args:"))
    documented = {
        line.split(":")[0].strip().lstrip("*")
        for line in args.splitlines()[1:]
        if line.startswith("    ") and not line.startswith("        ")
    }
    expected = {name for name in inspect.signature(function).parameters if name not in ("self", "cls")}
    assert documented == expected
