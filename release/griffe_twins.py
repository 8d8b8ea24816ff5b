"""A griffe extension for `make docs`: an async twin's docstring, as `help()` shows it.

`@async_twin(sync)` (engine/twins.py) gives an async function its sync twin's docstring at import time,
which griffe, reading the source, does not see: without this the reference would show the async
functions bare. release/docs.py names this file in mkdocstrings' `extensions`.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe


class AsyncTwins(griffe.Extension):
    """Give each function decorated `@async_twin(sync)` the docstring `async_twin` gives it at run time."""

    def on_function_instance(self, *, node: ast.AST | griffe.ObjectNode, func: griffe.Function, **kwargs: Any) -> None:
        for decorator in func.decorators:
            value = decorator.value
            if not (isinstance(value, griffe.ExprCall) and str(value.function) == "async_twin"):
                continue
            sync = func.parent.get_member(str(value.arguments[0])) if func.parent else None
            if isinstance(sync, griffe.Function) and sync.docstring is not None:
                func.docstring = griffe.Docstring(
                    f"Async twin of `{sync.name}`.\n\n{sync.docstring.value}", parent=func
                )
