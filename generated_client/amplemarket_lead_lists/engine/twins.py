"""Async twins say their docstring once: the sync function's, shown by `help()` under a pointer to it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def async_twin(sync: Callable[..., Any]) -> Callable[[F], F]:
    """Give the decorated async function `sync`'s docstring, headed "Async twin of `sync`" (its awaitable
    `sleep` aside, the two take the same arguments, return or yield the same values and raise the same errors)."""

    def decorate(function: F) -> F:
        function.__doc__ = f"Async twin of `{sync.__name__}`.\n\n{inspect.getdoc(sync)}"
        return function

    return decorate
