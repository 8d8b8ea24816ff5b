"""Which tests a mutant meets, in which order, and for how long."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

from .trace import Trace


def within(trace: Trace, tests: list[str], seconds: float) -> list[str]:
    """The first of these tests whose traced time adds up to at most `seconds`."""
    chosen: list[str] = []
    for test in tests:
        seconds -= trace.durations.get(test, 1.0)
        if seconds < 0:
            break
        chosen.append(test)
    return chosen


def timeout(trace: Trace, tests: list[str]) -> float:
    """Long enough for the tests on a busy machine; a mutant past it loops, and counts as killed."""
    return 10 + 3 * sum(trace.durations.get(test, 1.0) for test in tests)


def limits(trace: Trace, tests: list[str]) -> dict[str, float]:
    """Each test's own limit: a call (fixtures apart) past it loops, and its mutant counts as killed."""
    return {test: 5 + 4 * trace.durations.get(test, 1.0) for test in tests}


class Killers:
    """The tests that killed mutants so far: a mutant meets first those that killed mutants of its own
    function, then of its module (a test that caught its neighbours is the likeliest to catch it), so a
    kill takes fewer tests."""

    def __init__(self) -> None:
        self.in_function: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.in_module: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.lock = threading.Lock()

    def record(self, module: str, home: str, test: str) -> None:
        with self.lock:
            self.in_function[module, home][test] += 1
            self.in_module[module][test] += 1

    def first(self, module: str, home: str, tests: list[str]) -> list[str]:
        """The tests, most kills in this function first, then in this module (a stable sort: otherwise as
        given)."""
        with self.lock:
            near, far = dict(self.in_function[module, home]), dict(self.in_module[module])
        return sorted(tests, key=lambda test: (-near.get(test, 0), -far.get(test, 0)))
