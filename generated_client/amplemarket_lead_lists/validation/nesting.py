"""How deeply a body nests objects and arrays, checked without recursion before anything walks it.

jsonschema (building a message with the value's repr), jsonschema-rs and `json.dumps` all recurse
into a body, so one lead field nested 3,000 deep raised a bare RecursionError from whichever came
first, at a depth that depended on the caller's own stack. Refusing it first, with a fixed bound,
makes the answer the same everywhere (client and sandbox alike) and a Problem like any other.
"""

from __future__ import annotations

from itertools import chain

from .problem import Problem, json_pointer

MAX_NESTING = 64
"""At most this many levels of objects and arrays inside one another, the body itself counted: a lead
is 3 deep (`{"leads": [{…}]}`), so its fields may nest 61 more."""

_CONTAINERS = (dict, list, tuple)
"""What `json.dumps` descends into."""

_SCALARS = frozenset({str, int, float, bool, type(None)})

_POINTER_TOKENS = 3
"""A problem names the field at fault (`/leads/12345/custom`), not a pointer 64 tokens long."""


def nesting_problem(body: object, limit: int = MAX_NESTING) -> Problem | None:
    """Why `body` nests too deeply to be checked or encoded, or None.

    Walked a level at a time with the iteration done in C (about 2 ms for 10,000 flat leads), so a
    body of any depth costs at most `limit` levels; only a body found too deep is walked again for
    the pointer of its field.
    """
    level: list[object] = [body] if isinstance(body, _CONTAINERS) else []
    for _ in range(limit):
        level = [child for child in _children(level) if isinstance(child, _CONTAINERS)]
        if not level:
            return None
    return Problem(
        json_pointer(_path_past(body, limit)[:_POINTER_TOKENS]),
        f"is nested too deeply: objects and arrays may be at most {limit} levels deep, the body counted",
    )


def _children(level: list[object]) -> list[object]:
    """The values of every object and the items of every array in `level` (containers only), or []
    when none of those values and items is a container itself: the walk ends there."""
    dicts = [value for value in level if isinstance(value, dict)]
    arrays = [value for value in level if isinstance(value, list | tuple)] if len(dicts) < len(level) else []
    values = list(chain(chain.from_iterable(map(dict.values, dicts)), chain.from_iterable(arrays)))
    return [] if _SCALARS.issuperset(map(type, values)) else values


def _path_past(body: object, limit: int) -> list[str]:
    """The path of the first container (in document order) nested deeper than `limit` levels."""
    stack: list[tuple[object, list[str]]] = [(body, [])]
    while stack:
        value, path = stack.pop()
        if len(path) >= limit:
            return path
        if isinstance(value, dict):
            items = [(str(key), child) for key, child in value.items()]
        elif isinstance(value, list | tuple):
            items = [(str(index), child) for index, child in enumerate(value)]
        else:
            continue
        stack.extend((child, [*path, key]) for key, child in reversed(items) if isinstance(child, _CONTAINERS))
    return []
