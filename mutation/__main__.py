"""`make mutation`: mutate every hand-written module (project.HOMES: the library, the command, the sandbox
and the conformance rules) one mutant at a time, and run against each the tests that execute its line.
`--changed REF` mutates only the lines changed since REF (minutes).

A traced run of the tests first records which tests run which line (`trace.py`). Each worker is a copy
of the project with two fork servers (`forkserver.py`) that load the tests once and fork a child per
mutant; no file is ever rewritten (`patching.py`). A mutant first meets the fastest tests that run its
line (at most MAX_TESTS, FIRST_PASS_SECONDS of their traced time), under `pytest -x` and a timeout (a
mutant that loops forever counts as killed), the tests that killed other mutants of its module first; a
survivor then meets the others, fastest first, up to SECOND_PASS_SECONDS of their traced time. Mutants
listed in mutation/equivalent.txt (no test could tell them apart, for the reason given there) are not run,
and are counted apart from the score.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import report
from .operators import Mutant, mutants
from .project import DEPENDENT_TESTS, PACKAGE, ROOT, modules, name_of, path_of, tests
from .report import Outcome
from .selection import Killers, limits, timeout, within
from .trace import Trace, traced
from .workers import Worker, copy_project

MAX_TESTS = 60
FIRST_PASS_SECONDS = 20.0
"""The first pass: the fastest tests that run the mutant's line, at most MAX_TESTS of them and this much
of their traced time (at least one): most mutants die there in a second."""
SECOND_PASS_SECONDS = 30.0
"""The traced time of the slower tests a survivor of the first pass meets next, fastest first."""
# The default workers are one more than cores: tests wait (sockets, sleeps, a sandbox's latency), and with a
# worker a core a run kept the cores about 60 % busy.
CONTROL_TESTS = 300
"""The fastest tests, run by each worker with no mutant before any mutant: they must pass."""
NOT_RUN = "exit 5"
"""The answer when none of the tests could be run: the mutant met no test."""
LISTED = "listed in mutation/equivalent.txt: not run"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants; exit 1 when the score of a module is below `--goal` (when given)."""
    parser = argparse.ArgumentParser(prog="python -m mutation", description=__doc__)
    parser.add_argument("modules", nargs="*", help="e.g. engine/retries.py or contract_tests/checks.py")
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 2) + 1, help="default: a core each, and one more"
    )
    parser.add_argument("--sample", type=int, default=0, help="at most this many mutants per module, evenly spread")
    parser.add_argument("--goal", type=float, default=0.0, help="fail below this percentage per module")
    parser.add_argument("--changed", metavar="REF", help="mutate only the lines changed since this git ref")
    args = parser.parse_args(argv)
    started = time.monotonic()
    changed = _changed_lines(args.changed) if args.changed else None
    chosen = args.modules or modules()
    if changed is not None:
        chosen = [module for module in chosen if changed.get(module)]
    jobs = []
    for module in chosen:
        found = [m for m in mutants(path_of(module).read_text()) if changed is None or m.line in changed[module]]
        jobs += [(module, mutant) for mutant in _sampled(found, args.sample)]
    random.Random(0).shuffle(jobs)  # noqa: S311 (modules mixed, so the progress line's estimate holds early)
    equivalent = report.equivalent()
    jobs, listed = _unlisted(jobs, equivalent)
    shown = f"{len(jobs)} mutants in {len(chosen)} modules, {args.workers} at a time"
    print(f"{shown} ({len(listed)} more listed as equivalent, not run)…", flush=True)
    outcomes = [*listed, *(_outcomes(jobs, args.workers, quick=changed is not None) if jobs else [])]
    elapsed = time.monotonic() - started
    text = report.text(chosen, outcomes, equivalent, elapsed)
    report.TEXT.parent.mkdir(exist_ok=True)
    report.TEXT.write_text(text)
    figures = report.figures(chosen, outcomes, equivalent, elapsed, args.changed)
    report.JSON.write_text(json.dumps(figures, indent=1))
    print(text.split("\n\n")[0])
    print(f"survivors: {report.TEXT.relative_to(ROOT)} ({report.JSON.name} per module); {elapsed:.0f} s")
    below = [m for m in chosen if report.score([o for o in outcomes if o.module == m], equivalent) < args.goal]
    return 1 if below else 0


def _outcomes(jobs: list[tuple[str, Mutant]], workers: int, *, quick: bool) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        copies = [copy_project(Path(scratch) / str(index)) for index in range(workers)]
        trace = traced(copies, quick=quick)
        print("starting the workers…", flush=True)
        idle: queue.Queue[Worker] = queue.Queue()
        runnable = trace.durations.keys() - DEPENDENT_TESTS.keys()
        control = sorted(runnable, key=trace.durations.__getitem__)[:CONTROL_TESTS]
        for copy in copies:
            worker = Worker(copy, trace.preload, tests())
            worker.control(jobs[0][0], control, limits(trace, control), timeout(trace, control))
            idle.put(worker)
        progress, killers = _Progress(len(jobs)), Killers()

        def run(job: tuple[str, Mutant]) -> Outcome:
            return progress.record(_run(job[0], job[1], trace, idle, killers=killers))

        try:
            with ThreadPoolExecutor(workers) as pool:
                return list(pool.map(run, jobs))
        finally:
            while not idle.empty():
                idle.get().close()


def _run(
    module: str,
    mutant: Mutant,
    trace: Trace,
    idle: queue.Queue[Worker],
    *,
    killers: Killers,
) -> Outcome:
    tests = killers.first(module, mutant.home, trace.tests_of(module, mutant.line))
    if not tests:
        return Outcome(module, mutant, killed=False, how="no test runs this line")
    hot = mutant.in_body and mutant.line not in trace.imported.get(module, set())
    first = within(trace, tests[:MAX_TESTS], FIRST_PASS_SECONDS) or tests[:1]
    slower = within(trace, tests[len(first) :], SECOND_PASS_SECONDS)
    worker = idle.get()
    started = time.monotonic()
    try:
        verdict = worker.run(module, mutant.index, first, limits(trace, first), timeout(trace, first), hot=hot)
        how = str(verdict)
        if verdict.passed and slower:
            verdict = worker.run(module, mutant.index, slower, limits(trace, slower), timeout(trace, slower), hot=hot)
            how = f"{verdict} in the second pass ({len(slower)} more tests)"
    finally:
        idle.put(worker)
    left = len(tests) - len(first) - len(slower)
    how += f"; {left} slower tests not run" if left else ""
    killed = not verdict.passed and verdict.exit != NOT_RUN
    by = verdict.failed if killed else None
    if by:
        killers.record(module, mutant.home, by)
    return Outcome(module, mutant, killed=killed, how=how, seconds=time.monotonic() - started, by=by)


class _Progress:
    """A line every 30 s: how many mutants are done, how many survived, and when the run should end; and
    each survivor as soon as it is known (a full run is long: its survivors can be worked on meanwhile)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.survived = total, 0, 0
        self.started = self.shown = time.monotonic()
        self.lock = threading.Lock()

    def record(self, outcome: Outcome) -> Outcome:
        with self.lock:
            self.done += 1
            self.survived += not outcome.killed
            if not outcome.killed:
                print(f"  survived: {report.survivor(outcome)}", flush=True)
            now = time.monotonic()
            if now - self.shown >= 30 or self.done == self.total:
                self.shown = now
                left = (now - self.started) / self.done * (self.total - self.done)
                done = f"{self.done}/{self.total} mutants, {self.survived} survived"
                print(f"  {done}; about {left / 60:.0f} min left", flush=True)
        return outcome


def _unlisted(
    jobs: list[tuple[str, Mutant]], equivalent: set[tuple[str, str]]
) -> tuple[list[tuple[str, Mutant]], list[Outcome]]:
    """The jobs to run, and the outcomes of those listed as equivalent: no test can tell them apart (the
    listing says why), so running them would only cost their tests' time."""
    unlisted: list[tuple[str, Mutant]] = []
    listed: list[Outcome] = []
    for module, mutant in jobs:
        if (module, mutant.description) in equivalent:
            listed.append(Outcome(module, mutant, killed=False, how=LISTED))
        else:
            unlisted.append((module, mutant))
    return unlisted, listed


def _changed_lines(ref: str) -> dict[str, set[int]]:
    """module -> the lines added or changed since `ref` (as `git diff -U0` numbers them in the work tree)."""
    diff = subprocess.run(  # noqa: S603
        ["git", "diff", "-U0", "--no-color", ref, "--", str(PACKAGE), str(ROOT / "contract_tests")],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:].removeprefix("b/")
            current = None if target == "/dev/null" else changed.setdefault(name_of(ROOT / target), set())
        elif line.startswith("@@") and current is not None:
            start, _, count = line.split(" ")[2].lstrip("+").partition(",")
            current.update(range(int(start), int(start) + int(count or 1)))
    return changed


def _sampled(found: list[Mutant], limit: int) -> list[Mutant]:
    if not limit or len(found) <= limit:
        return found
    step = len(found) / limit
    return [found[int(i * step)] for i in range(limit)]


if __name__ == "__main__":
    sys.exit(main())
