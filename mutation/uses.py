"""Which lines use what a line makes: a constant, a default, a field, a decorated function run at
import; a condition's branches.

Every test that imports a module runs its import-time lines, so a mutant there would meet hundreds of
tests, fastest first, and the one that reads the changed value could come after the caps. The tests
that run a line *reading* the names the statement binds come first instead (`Trace.tests_of`); for a
condition, those that take one of its branches.
"""

from __future__ import annotations

import ast
from functools import cache

from .project import path_of


def bound_at(module: str, line: int) -> frozenset[str]:
    """The names the module- or class-level statement holding `line` binds: an assignment's targets, a
    function's name and its parameters' (for a line of its decorators or defaults), a class's name and
    its field's."""
    return _bound(module).get(line, frozenset())


def lines_loading(module: str, names: frozenset[str]) -> set[int]:
    """The lines of `module` that read one of `names` (as a name, or as an attribute: `self.jitter`)."""
    loads = _loads(module)
    return {line for name in names for line in loads.get(name, ())}


def branch_taken(module: str, line: int) -> frozenset[int]:
    """The first lines of the branches of an `if` or `while` whose condition holds `line`: of the tests
    that evaluate a condition, those that take a branch are the ones a mutant of it can change the path
    of (a line every request runs, `if len(body) > limit:`, is run by hundreds of tests, its body by few)."""
    return _branches(module).get(line, frozenset())


@cache
def _branches(module: str) -> dict[int, frozenset[int]]:
    found: dict[int, frozenset[int]] = {}
    for node in ast.walk(ast.parse(path_of(module).read_text())):
        if isinstance(node, ast.If | ast.While):
            firsts = frozenset(block[0].lineno for block in (node.body, node.orelse) if block)
            for line in range(node.test.lineno, (node.test.end_lineno or node.test.lineno) + 1):
                found[line] = firsts
    return found


@cache
def _bound(module: str) -> dict[int, frozenset[str]]:
    found: dict[int, frozenset[str]] = {}

    def visit(statements: list[ast.stmt], outer: frozenset[str]) -> None:
        for statement in statements:
            if isinstance(statement, ast.ClassDef):
                names = outer | {statement.name}
                header = [*statement.decorator_list, *statement.bases, *(k.value for k in statement.keywords)]
                for line in range(min((n.lineno for n in header), default=statement.lineno), statement.lineno + 1):
                    found[line] = names
                visit(statement.body, names)
                continue
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                parameters = {a.arg for a in ast.walk(statement.args) if isinstance(a, ast.arg)}  # a default's reader
                names = outer | {statement.name} | parameters
                end = statement.body[0].lineno  # the decorators, the signature and its defaults
                start = min((n.lineno for n in statement.decorator_list), default=statement.lineno)
            else:
                stored = {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
                names = outer | stored
                start, end = statement.lineno, (statement.end_lineno or statement.lineno) + 1
            for line in range(start, end):
                found[line] = frozenset(names)

    visit(ast.parse(path_of(module).read_text()).body, frozenset())
    return found


@cache
def _loads(module: str) -> dict[str, frozenset[int]]:
    loads: dict[str, set[int]] = {}
    for node in ast.walk(ast.parse(path_of(module).read_text())):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads.setdefault(node.id, set()).add(node.lineno)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            loads.setdefault(node.attr, set()).add(node.lineno)
    return {name: frozenset(lines) for name, lines in loads.items()}
