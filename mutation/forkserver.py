"""One worker of `make mutation`: `python -m mutation.forkserver (hot|cold) PRELOAD TESTS...`, run in a copy
of the project. It loads once what every mutant's run needs, then forks a child per mutant, so a mutant
costs its tests, not an interpreter's start, a hundred imports and a pytest session.

Hot: a pytest session that has collected every test (so the package and the tests are imported) serves
the jobs instead of running its tests: each child patches the mutant in and runs the job's items, with
their fixtures, through pytest's own protocol. Cold: the packages the tests use, nothing of ours; each
child installs the mutated module, then runs its tests with a pytest session of its own.

No file is ever rewritten: the Python processes the tests start put the same mutant in at their start
(startup/sitecustomize.py). Jobs come on stdin, one JSON object a line ({"path", "module", "source",
"index", "tests", "limits", "timeout"}; index null: no mutant, a control run; limits: each test's own
time limit), and each answer leaves on stdout: {"exit": N, "failed": ID} (0: every test passed; 1: one
failed, ID is the first that did; 5: no test could be run), {"exit": "timeout", "failed": ID} (ID: the
test past its limit, if the child could say) or, from a hot worker, {"exit": "unpatchable"} for a job
the cold worker must run.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib
import json
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from typing import IO, Any

import pytest

from .operators import mutated
from .patching import Unpatchable, functions_by_file, install_cold, patch_hot

UNPATCHABLE = 121
"""A hot child's exit status when the mutant cannot be patched into the loaded code."""
TIMED_OUT = 124
"""A child's exit status when one of its tests ran past its own limit (see `_Watchdog`)."""
NOT_RUN = 5
MUTANT = "MUTATION_MUTANT"
"""Tells the Python processes a child's tests start which mutant to put in (see startup/sitecustomize.py)."""
PYTEST = ("-q", "-p", "no:cacheprovider", f"--basetemp={os.path.abspath(os.path.join('build', 'pytest-tmp'))}")
"""A child's tests get their tmp_path under the worker's own base, which the next child empties: a child
leaves pytest's per-session directory (and its lock) behind, and thousands of them in /tmp are gigabytes
that every new session lists."""


def main(argv: list[str]) -> int:
    kind, preload, *tests = argv
    os.makedirs("build", exist_ok=True)  # where --basetemp is made (a copy has no build/ of its own)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tests' own filters apply when they run
        for name in json.loads(preload):
            with contextlib.suppress(Exception):  # loading in advance only saves time
                importlib.import_module(name)
    jobs, answers = os.fdopen(os.dup(0)), os.fdopen(os.dup(1), "w")
    with _quiet():  # pytest and the tests never write into the answers' pipe
        if kind == "hot":
            return int(pytest.main([*PYTEST, *tests], plugins=[_HotServer(jobs, answers)]))
        _serve(jobs, answers, _cold_child)
    return 0


class _HotServer:
    """Takes over the session's run loop: the tests are collected, none is run but by a child."""

    def __init__(self, jobs: IO[str], answers: IO[str]) -> None:
        self.jobs, self.answers = jobs, answers

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        items = {item.nodeid: item for item in session.items}
        frozen = functions_by_file()

        def child(job: dict[str, Any], report: int) -> Result:
            _forget_threads()
            try:
                if job["index"] is not None:
                    patch_hot(job["path"], job["source"], _tree(job), frozen.get(job["path"], []))
            except Unpatchable:
                return UNPATCHABLE, None
            session.config.pluginmanager.register(_Watchdog(job, report))
            return _run_items(session, [items[nodeid] for nodeid in _by_file(job["tests"]) if nodeid in items])

        gc.freeze()  # what is loaded now is never collected, so a child does not copy it page by page
        # (and gc.get_objects() no longer sees it: hence `frozen`, the functions a child may patch)
        _serve(self.jobs, self.answers, child)
        return True


_ABANDONED: list[object] = []


def _forget_threads() -> None:
    """Threads do not survive a fork: Schemathesis' ASGI portal (an event loop in a thread, started while
    the tests were collected) is forgotten, so the child starts its own instead of waiting on a dead one."""
    asgi: Any = sys.modules.get("schemathesis.python.asgi")
    if asgi is not None:
        # what is dropped is kept: freeing the old portal would close it, and wait for its thread forever
        _ABANDONED.append((asgi._STACK, dict(asgi._LIFESPANS)))
        asgi._LOCK = threading.Lock()  # no public way to reset them
        asgi._STACK = contextlib.ExitStack()
        asgi._PORTAL = None
        asgi._LIFESPANS.clear()
        asgi._STARTUP_LOCKS.clear()


Result = tuple[int, str | None]
"""A child's exit status, and the first test that failed (if one did)."""


def _by_file(tests: list[str]) -> list[str]:
    """The tests in the order given (the likeliest killers first), but each file's together, files in the
    order of their first test: a file's module fixtures are then set up once, not once per visit."""
    first: dict[str, int] = {}
    for rank, test in enumerate(tests):
        first.setdefault(test.split("::")[0], rank)
    return sorted(tests, key=lambda test: first[test.split("::")[0]])


class _Watchdog:
    """Ends the child when a test's call runs past its own limit: a mutant that loops is found in seconds,
    not at the end of the whole job's timeout (which stays, for a loop in a fixture or in C)."""

    def __init__(self, job: dict[str, Any], report: int) -> None:
        self.limits, self.otherwise, self.report = job["limits"], job["timeout"], report

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        timer = threading.Timer(self.limits.get(item.nodeid, self.otherwise), self._expired, (item.nodeid,))
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def _expired(self, nodeid: str) -> None:
        os.write(self.report, nodeid.encode()[:4096])
        os._exit(TIMED_OUT)


def _run_items(session: pytest.Session, chosen: list[pytest.Item]) -> Result:
    """Run the items as `pytest -x` would (each with its fixtures, the last one's torn down); 1 at the
    first failure."""
    if not chosen:
        return NOT_RUN, None
    for item, following in zip(chosen, [*chosen[1:], None], strict=True):
        item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
        if session.testsfailed:
            return 1, item.nodeid
    return 0, None


def _cold_child(job: dict[str, Any], report: int) -> Result:
    if job["index"] is not None:
        install_cold(job["path"], _tree(job))
    try:
        importlib.import_module(job["module"])
    except BaseException:  # the mutant breaks the import: every test of it fails
        return 1, f"import {job['module']}"
    failure = _FirstFailure()
    code = pytest.main([*PYTEST, "-x", *job["tests"]], plugins=[failure, _Watchdog(job, report)])
    if code in (0, 1):
        return code, failure.nodeid
    return (1, failure.nodeid) if failure.nodeid else (NOT_RUN, None)


class _FirstFailure:
    """What a cold child's session saw fail first: a test, a fixture or a collection."""

    nodeid: str | None = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and self.nodeid is None:
            self.nodeid = report.nodeid

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and self.nodeid is None:
            self.nodeid = report.nodeid


def _serve(jobs: IO[str], answers: IO[str], child: Any) -> None:
    answers.write("ready\n")
    answers.flush()
    for line in jobs:
        status, failed = _forked(json.loads(line), child)
        answers.write(json.dumps({"exit": status, "failed": failed}) + "\n")
        answers.flush()


def _forked(job: dict[str, Any], child: Any) -> tuple[int | str, str | None]:
    """Fork a child that puts the mutant in and runs the tests; wait for it within the job's timeout.
    The child names the test that failed through a pipe (its exit status holds only a number)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.setsid()
        if job["index"] is not None:
            os.environ[MUTANT] = json.dumps({"path": job["path"], "index": job["index"]})
        code, failed = child(job, write)
        os.write(write, (failed or "").encode()[:4096])  # within a pipe's buffer: never blocks
        os._exit(code)
    os.close(write)
    status = _waited(pid, job["timeout"])
    os.set_blocking(read, False)  # a timed-out child may have written nothing
    try:
        return status, os.read(read, 4096).decode(errors="replace") or None
    except BlockingIOError:
        return status, None
    finally:
        os.close(read)


def _tree(job: dict[str, Any]) -> ast.Module:
    return mutated(job["source"], job["index"])


def _waited(pid: int, timeout: float) -> int | str:
    deadline = time.monotonic() + timeout
    status = None
    while status is None and time.monotonic() < deadline:
        done, raw = os.waitpid(pid, os.WNOHANG)
        status = os.waitstatus_to_exitcode(raw) if done else None
        time.sleep(0.002 if status is None else 0)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)  # the child's own children too, and all of it on a timeout
    if status is None:
        os.waitpid(pid, 0)
        return "timeout"
    return {TIMED_OUT: "timeout", UNPATCHABLE: "unpatchable"}.get(status, status)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """stdin, stdout and stderr on /dev/null (the jobs and answers go through copies of the first two)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    yield


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
