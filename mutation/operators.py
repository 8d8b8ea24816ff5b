"""The mutation operators: each site in a module's AST becomes one mutant, applied to a fresh parse. A
mutant's description says what changed and in which function or class (`… in Class.method`).

Operators: a statement replaced by `pass`, `return x` made `return None`, the exception a `raise`
builds swapped for RuntimeError, a comparison flipped (`<`/`<=`, `==`/`!=`, `is`/`is not`, `in`/
`not in`), `and`/`or` swapped, a numeric constant + 1, an `if`/`while`/conditional test negated.
Docstrings, imports, definitions, `if TYPE_CHECKING`, annotations, and a class's bare annotations
where nothing makes them fields are left alone: mutating them changes nothing a test could see.
"""

from __future__ import annotations

import ast
import copy
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}

NEGATED_BY_FLIP = (ast.Eq, ast.NotEq, ast.Is, ast.IsNot, ast.In, ast.NotIn)
"""Comparisons whose flip is their negation: a condition that is one of them gets the compare mutant only
(negated, it would be the same mutant again)."""
SKIPPED_STATEMENTS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)


@dataclass(frozen=True)
class Mutant:
    """One change: its index among the module's sites, the operator, the line and what it did, and
    whether it lies in a function's body (then it can be patched into functions already made)."""

    index: int
    operator: str
    line: int
    description: str
    in_body: bool
    home: str = ""
    """The function or class it lies in (`Class.method`; "": the module's own level)."""


class _Site(NamedTuple):
    node: ast.AST
    operator: str
    description: str
    in_body: bool
    home: str


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _sites(tree: ast.Module) -> Iterator[_Site]:
    """Every place a mutant can be made, in a stable order, described."""
    home = _homes(tree)
    found = []
    for node, operator, describe, in_body in _places(tree):
        where = f" in {home[id(node)]}" if id(node) in home else ""  # tells apart the same text twice
        found.append(_Site(node, operator, describe() + where, in_body, home.get(id(node), "")))
    yield from _told_apart(found)


def _places(tree: ast.Module) -> Iterator[tuple[ast.AST, str, Callable[[], str], bool]]:
    """Every place a mutant can be made, in a stable order: its node, its operator, how to describe it
    (unparsing is most of the cost, and `mutated` needs no description), and whether it is in a body."""
    skipped: set[int] = set()
    in_body: set[int] = set()
    statement_of: dict[int, ast.stmt] = {}  # the innermost statement of each node (ast.walk goes outside in)
    last: set[int] = set()  # a function's last statement: `return x` deleted is `return None`, a mutant already
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            statement_of.update((id(child), node) for child in ast.walk(node))
        if _type_checking(node) or isinstance(node, ast.arg):
            skipped.update(id(child) for child in ast.walk(node))
        if isinstance(node, ast.AnnAssign | ast.FunctionDef | ast.AsyncFunctionDef):
            for annotation in _annotations(node):
                skipped.update(id(child) for child in ast.walk(annotation))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_body.update(id(child) for statement in node.body for child in ast.walk(statement))
            last.add(id(node.body[-1]))
        if isinstance(node, ast.ClassDef) and not _makes_fields(node):
            skipped.update(id(child) for child in node.body if isinstance(child, ast.AnnAssign) and child.value is None)
    for node in ast.walk(tree):
        if id(node) not in skipped:
            for operator, describe in _node_sites(node, statement_of.get(id(node)), id(node) in last):
                yield node, operator, describe, id(node) in in_body


def _told_apart(found: list[_Site]) -> Iterator[_Site]:
    """The sites, a description met again in the same function (two 0s of one statement) numbered in the
    order of the source from the second on (`(#2)`), so mutation/equivalent.txt can name one and not its twin."""
    order = sorted(
        range(len(found)), key=lambda i: (getattr(found[i].node, "lineno", 0), getattr(found[i].node, "col_offset", 0))
    )
    seen: Counter[str] = Counter()
    named = {}
    for i in order:
        description = found[i].description
        seen[description] += 1
        named[i] = description if seen[description] == 1 else f"{description} (#{seen[description]})"
    for i, site in enumerate(found):
        yield site._replace(description=named[i])


def _homes(tree: ast.Module) -> dict[int, str]:
    """The qualified name of the innermost function or class whose body holds each node."""
    homes: dict[int, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + child.name
                homes.update((id(inner), name) for statement in child.body for inner in ast.walk(statement))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return homes


FIELD_BASES = ("NamedTuple", "TypedDict")


def _makes_fields(node: ast.ClassDef) -> bool:
    """Whether the class's bare annotations (`x: int`) can be fields: a decorator (dataclass, attrs) or a
    typing base reads them. Elsewhere they only document an attribute: deleting one changes nothing."""
    return bool(node.decorator_list) or any(ast.unparse(base).endswith(FIELD_BASES) for base in node.bases)


def _annotations(node: ast.AnnAssign | ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    if isinstance(node, ast.AnnAssign):
        return [node.annotation]
    return [node.returns] if node.returns is not None else []


def _node_sites(node: ast.AST, statement: ast.stmt | None, last: bool) -> Iterator[tuple[str, Callable[[], str]]]:
    """The mutants of one node, none twice: `return x` ending a function is not deleted (that is its
    return-None mutant, or no change), a condition flipped by compare is not negated."""
    deletable = isinstance(node, ast.stmt) and not isinstance(node, SKIPPED_STATEMENTS) and not _is_docstring(node)
    if deletable and not (last and isinstance(node, ast.Return)):
        yield "delete", lambda: f"`{_short(node)}` -> pass"
    if isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
        yield "return-none", lambda: f"`{_short(node)}` -> return None"
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and ast.unparse(node.exc.func) != "RuntimeError":
        yield "swap-exception", lambda: f"`{_short(node)}` -> raise RuntimeError"
    if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIPPED:
        op = type(node.ops[0])
        yield "compare", lambda: f"`{_short(node)}`: {op.__name__} -> {FLIPPED[op].__name__}"
    if isinstance(node, ast.BoolOp):
        yield "boolop", lambda: f"`{_short(node)}`: {type(node.op).__name__} swapped"
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        # named with its statement: "0 -> 0 + 1" alone would name every such mutant of the module
        yield "number", lambda: f"`{_short(statement or node)}`: {node.value!r} -> {node.value!r} + 1"
    if isinstance(node, ast.If | ast.While | ast.IfExp) and not _is_true(node.test) and not _flipped(node.test):
        test = node.test
        yield "negate", lambda: f"`{_short(test)}` negated"


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _flipped(test: ast.expr) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.ops[0], NEGATED_BY_FLIP) and len(test.ops) == 1


def _is_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _short(node: ast.AST) -> str:
    text = next(iter(ast.unparse(node).splitlines()), "")
    return text if len(text) <= 70 else text[:69] + "…"


def mutants(source: str) -> list[Mutant]:
    """Every mutant of a module's source."""
    tree = ast.parse(source)
    return [
        Mutant(index, site.operator, getattr(site.node, "lineno", 0), site.description, site.in_body, site.home)
        for index, site in enumerate(_sites(tree))
    ]


def mutated(source: str, index: int) -> ast.Module:
    """The module's tree with its mutant number `index` (`Mutant.index`) applied, every other node where
    the source has it (so the code compiled from it differs from the module's own only in the functions
    the mutant is in)."""
    tree = ast.parse(source)
    for found, (node, operator, _, _) in enumerate(_places(tree)):
        if found == index:
            _apply(tree, node, operator)
            return ast.fix_missing_locations(tree)
    raise LookupError(index)


def _apply(tree: ast.Module, node: ast.AST, operator: str) -> None:
    if operator == "delete":
        _replace_statement(tree, node, ast.copy_location(ast.Pass(), node))
    elif operator == "return-none":
        assert isinstance(node, ast.Return)
        node.value = ast.Constant(None)
    elif operator == "swap-exception":
        assert isinstance(node, ast.Raise)
        node.exc = ast.Call(ast.Name("RuntimeError", ast.Load()), [ast.Constant("mutant")], [])
    elif operator == "compare":
        assert isinstance(node, ast.Compare)
        node.ops[0] = FLIPPED[type(node.ops[0])]()
    elif operator == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif operator == "number":
        assert isinstance(node, ast.Constant) and isinstance(node.value, int | float)
        node.value = node.value + 1
    elif operator == "negate":
        assert isinstance(node, ast.If | ast.While | ast.IfExp)
        node.test = ast.UnaryOp(ast.Not(), copy.deepcopy(node.test))


def _replace_statement(tree: ast.Module, old: ast.AST, new: ast.stmt) -> None:
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and any(item is old for item in block):
                block[block.index(old)] = new
                return
    raise LookupError(old)
