"""Putting one mutant into a worker's child process, without writing any file.

Hot: the package and the tests are already imported. A mutant in a function's body is compiled with the
module's own line numbers, and every function object made from a changed function (`gc` finds them all,
the ones other modules imported by name, bound as methods or wrapped by decorators included) gets the
mutated code object. Only for a line that never runs at import: what import already computed stays.
Cold: nothing of ours is imported yet; an import hook serves the mutated module's code, as if its file
held the mutant. Used for module-level mutants, lines run at import, and whatever hot cannot patch.
"""

from __future__ import annotations

import ast
import gc
import importlib.abc
import importlib.machinery
import inspect
import sys
from collections.abc import Iterable, Iterator, Sequence
from types import CodeType, FunctionType, ModuleType


class Unpatchable(Exception):
    """The mutant cannot be patched hot (it adds a function, a closure's variables changed, or no live
    function holds it)."""


def patch_hot(path: str, source: str, tree: ast.Module, frozen: Iterable[FunctionType] = ()) -> int:
    """Give each live function of `path` whose code the mutant changed its mutated code; how many.
    `frozen`: the functions of `path` that `gc.freeze()` hid from `gc` (see `functions_by_file`)."""
    old = _functions(compile(ast.parse(source), path, "exec"))
    new = _functions(compile(tree, path, "exec"))
    if not new.keys() <= old.keys():  # one removed (a comprehension or a closure deleted) is made no more
        raise Unpatchable("the mutant adds a function")
    changed = {key for key in new if new[key] != old[key]}
    outermost = {key for key in changed if not any(key[0].startswith(f"{other[0]}.<locals>.") for other in changed)}
    if not outermost:
        raise Unpatchable("the mutant lies outside every function")
    patched: set[tuple[str, int]] = set()
    for function in [*frozen, *_live_functions(path)]:
        key = (function.__code__.co_qualname, function.__code__.co_firstlineno)
        if key in changed:
            try:
                function.__code__ = new[key]
            except ValueError as error:  # a closure's free variables differ
                raise Unpatchable(str(error)) from error
            patched.add(key)
    if not outermost <= patched:
        raise Unpatchable(f"no live function holds {sorted(outermost - patched)}")
    return len(patched)


def _functions(module: CodeType) -> dict[tuple[str, int], CodeType]:
    """(qualified name, first line) -> code, for every function (not class body) compiled in a module."""
    return {
        (code.co_qualname, code.co_firstlineno): code
        for code in _nested(module)
        if code.co_flags & inspect.CO_OPTIMIZED
    }


def _nested(code: CodeType) -> Iterator[CodeType]:
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield constant
            yield from _nested(constant)


def _live_functions(path: str) -> Iterator[FunctionType]:
    return (obj for obj in gc.get_objects() if isinstance(obj, FunctionType) and obj.__code__.co_filename == path)


def functions_by_file() -> dict[str, list[FunctionType]]:
    """Every live function by its file, taken before `gc.freeze()`: frozen objects are no longer in
    `gc.get_objects()`, so without this a frozen process could patch nothing."""
    found: dict[str, list[FunctionType]] = {}
    for obj in gc.get_objects():
        if isinstance(obj, FunctionType):
            found.setdefault(obj.__code__.co_filename, []).append(obj)
    return found


def install_cold(path: str, tree: ast.Module) -> None:
    """From now on, importing the module whose file is `path` runs the mutated tree."""
    sys.meta_path.insert(0, _MutatedFinder(path, compile(tree, path, "exec")))


class _MutatedFinder(importlib.abc.MetaPathFinder):
    def __init__(self, path: str, code: CodeType) -> None:
        self.path = path
        self.code = code

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin != self.path:
            return None
        spec.loader = _MutatedLoader(fullname, self.path, self.code)
        return spec


class _MutatedLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname: str, path: str, code: CodeType) -> None:
        super().__init__(fullname, path)
        self.code = code

    def get_code(self, fullname: str) -> CodeType:
        return self.code
