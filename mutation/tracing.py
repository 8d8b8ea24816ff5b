"""A pytest plugin (`-p mutation.tracing`) that records which tests run which lines of the package.

The mutation run then gives each mutant only the tests that execute its line, which keeps it to
minutes on two cores; a line no test runs is a survivor without running anything.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Generator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

ROOT = os.environ.get("MUTATION_TRACE_ROOT", "")
EXTRA = tuple(path for path in os.environ.get("MUTATION_TRACE_EXTRA", "").split(os.pathsep) if path)
"""Files outside the package traced too (the conformance rules), named from the project's root."""
PROJECT = os.environ.get("MUTATION_TRACE_PROJECT", "")
OUTPUT = os.environ.get("MUTATION_TRACE_OUTPUT", "")

_lines: dict[str, set[int]] = {}
_map: dict[str, dict[int, list[str]]] = {}
_durations: dict[str, float] = {}


def _local(frame: FrameType, event: str, arg: Any) -> Any:
    if event == "line":
        _lines.setdefault(frame.f_code.co_filename, set()).add(frame.f_lineno)
    return _local


def _global(frame: FrameType, event: str, arg: Any) -> Any:
    filename = frame.f_code.co_filename
    if filename.startswith(ROOT) or filename in EXTRA:
        _lines.setdefault(frame.f_code.co_filename, set()).add(frame.f_lineno)
        return _local
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """Trace one test (setup, call and teardown, in every thread it starts)."""
    _lines.clear()
    threading.settrace(_global)
    sys.settrace(_global)
    started = time.perf_counter()
    yield
    sys.settrace(None)
    threading.settrace(None)
    _durations[item.nodeid] = time.perf_counter() - started
    for filename, lines in _lines.items():
        relative = str(Path(filename).relative_to(ROOT if filename.startswith(ROOT) else PROJECT))
        for line in lines:
            _map.setdefault(relative, {}).setdefault(line, []).append(item.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write {module: {line: [test ids]}} and every test's duration."""
    Path(OUTPUT).write_text(json.dumps({"lines": _map, "durations": _durations}))
