"""A pytest plugin (`-p mutation.tracing`) that records, with coverage.py, which tests run which lines
of the mutated homes, which of those lines run at import or in a process a test starts (`startup/`),
and how long each test takes.

The mutation run then gives each mutant only the tests that execute its line, and patches a mutant
into already-imported code only when its line never runs at import (see `patching.py`).
coverage.py's C tracer follows every thread a test starts; its context is switched to the test's id
for the test's setup, call and teardown, and is "" while pytest collects (imports) the tests.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Generator
from pathlib import Path

import coverage
import pytest

MEASURED = tuple(path for path in os.environ.get("MUTATION_TRACE_FILES", "").split(os.pathsep) if path)
"""The files traced: every mutated module, named as this process imports them."""
PROJECT = os.environ.get("MUTATION_TRACE_PROJECT", "")
OUTPUT = os.environ.get("MUTATION_TRACE_OUTPUT", "")
SUBPROCESSES = os.environ.get("MUTATION_TRACE_SUBPROCESSES", "")
"""Where the processes the tests start leave their lines (see startup/sitecustomize.py)."""

_coverage = coverage.Coverage(data_file=None, include=list(MEASURED), config_file=False)
_coverage.start()  # now, before the conftest imports the package: its import-time lines count as such
_durations: dict[str, float] = {}
_failed: set[str] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """Trace one test (setup, call and teardown, in every thread it starts) under its own context."""
    _coverage.switch_context(item.nodeid)
    os.environ["MUTATION_TRACE_TEST"] = item.nodeid  # for the processes it starts
    started = time.perf_counter()
    yield
    _durations[item.nodeid] = time.perf_counter() - started
    del os.environ["MUTATION_TRACE_TEST"]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A test that fails without any mutant can kill none: it is left out of the trace."""
    if report.failed:
        _failed.add(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write {module: {line: [test ids]}} (lines run in processes a test starts count for the test), the
    lines run at import,
    every test's duration, and the modules beside our own the tests loaded (the workers load them once,
    in advance)."""
    _coverage.stop()
    data = _coverage.get_data()
    lines: dict[str, dict[int, list[str]]] = {}
    imported: dict[str, list[int]] = {}
    for filename in data.measured_files():
        module = str(Path(filename).relative_to(PROJECT))
        for line, contexts in data.contexts_by_lineno(filename).items():
            tests = [context for context in contexts if context and context not in _failed]
            if tests:
                lines.setdefault(module, {})[line] = tests
            if "" in contexts:
                imported.setdefault(module, []).append(line)
    for part in Path(SUBPROCESSES).glob("*.json"):
        started = json.loads(part.read_text())
        for filename, run in started["lines"].items():
            module = str(Path(filename).relative_to(PROJECT))
            for line in run:
                tests = lines.setdefault(module, {}).setdefault(line, [])
                tests += [] if started["test"] in tests or started["test"] in _failed else [started["test"]]
    ours = (PROJECT, os.path.dirname(__file__))
    preload = [  # in the order they were imported: some packages break when loaded in another one
        name
        for name, module in list(sys.modules.items())
        if not str(getattr(module, "__file__", None) or "").startswith(ours) and not name.startswith("__")
    ]
    report = {
        "failed": sorted(_failed),
        "lines": lines,
        "imported": imported,
        "durations": _durations,
        "preload": preload,
    }
    Path(OUTPUT).write_text(json.dumps(report))
