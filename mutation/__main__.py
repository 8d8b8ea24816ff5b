"""`make mutation`: mutate the hand-written library (the modules of LIBRARY) one mutant at a time, in a
temporary copy of the package (never the working tree), and run the fast tests against each.

Each mutant first runs the (at most MAX_TESTS fastest) tests that execute its line, recorded by one
traced run first (see `tracing.py`), with `pytest -x` and a timeout of five times those tests' traced
duration plus 20 s (a mutant that loops forever counts as killed). A mutant that survives them runs,
in a second pass under the same timeout rule, every other traced test that executes its line, so a
mutant only a slow test kills counts as killed. Survivors go to reports/mutation.txt; mutants listed
in mutation/equivalent.txt (no test could tell them apart) are counted apart from the score and get no
second pass.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .operators import Mutant, mutants, mutated

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated_client" / "amplemarket_lead_lists"
FAST_TESTS = sorted(
    str(path.relative_to(ROOT))
    for pattern in ("test_polling_*.py", "test_uploads_*.py")
    for path in (ROOT / "contract_tests").glob(pattern)
) + [
    f"contract_tests/{name}.py"
    for name in (
        "test_hostile_servers",
        "test_add_leads",
        "test_uploads",
        "test_listing",
        "test_client_setup",
        "test_validation",
    )
]
LIBRARY = ("exceptions.py", "wire", "transport", "base_client", "engine", "operations", "uploads", "pacing")
"""What is mutated by default: every hand-written layer of the library below the command."""
EQUIVALENT = Path(__file__).with_name("equivalent.txt")
REPORT = ROOT / "reports" / "mutation.txt"


@dataclass(frozen=True)
class Outcome:
    module: str
    mutant: Mutant
    killed: bool
    how: str


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants; exit 1 when the score of a module is below `--goal` (when given)."""
    parser = argparse.ArgumentParser(prog="python -m mutation", description=__doc__)
    parser.add_argument("modules", nargs="*", help="e.g. engine/retries.py (default: every module of LIBRARY)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--sample", type=int, default=0, help="at most this many mutants per module, evenly spread")
    parser.add_argument("--goal", type=float, default=0.0, help="fail below this percentage per module")
    args = parser.parse_args(argv)
    started = time.monotonic()
    modules = args.modules or [
        str(path.relative_to(PACKAGE))
        for home in LIBRARY
        for path in ([PACKAGE / home] if home.endswith(".py") else sorted((PACKAGE / home).glob("*.py")))
        if path.name not in ("__init__.py", "bodies.py", "twins.py")  # TypedDicts (held by mypy) and a docstring copy
    ]
    trace = _trace()
    equivalent = _equivalent()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        copies: queue.Queue[Path] = queue.Queue()
        for worker in range(args.workers):
            copy = Path(scratch) / str(worker)
            shutil.copytree(PACKAGE, copy / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
            copies.put(copy)
        jobs = []
        for module in modules:
            source = (PACKAGE / module).read_text()
            jobs += [(module, source, mutant) for mutant in _sampled(mutants(source), args.sample)]
        print(f"{len(jobs)} mutants in {len(modules)} modules, {args.workers} at a time…", flush=True)
        with ThreadPoolExecutor(args.workers) as pool:
            outcomes = list(
                pool.map(lambda job: _run(job[0], job[1], job[2], trace, copies, equivalent=equivalent), jobs)
            )
    elapsed = time.monotonic() - started
    report = _report(modules, outcomes, equivalent, elapsed)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report)
    print(report.split("\n\n")[0])
    print(f"survivors: {REPORT.relative_to(ROOT)}; {elapsed:.0f} s")
    below = [m for m in modules if _score([o for o in outcomes if o.module == m], equivalent) < args.goal]
    return 1 if below else 0


@dataclass(frozen=True)
class Trace:
    lines: dict[str, dict[str, list[str]]]
    """module -> line (as text) -> the ids of the tests that run it."""
    durations: dict[str, float]


def _trace() -> Trace:
    """One traced run of the fast tests: which tests run which line, and how long each takes."""
    output = ROOT / "build" / "mutation-trace.json"
    output.parent.mkdir(exist_ok=True)
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "contract_tests").glob("*.py")]
    if output.exists() and output.stat().st_mtime > max(path.stat().st_mtime for path in sources):
        loaded = json.loads(output.read_text())  # nothing changed since the last trace
        return Trace(loaded["lines"], loaded["durations"])
    env = {**os.environ, "MUTATION_TRACE_ROOT": str(PACKAGE), "MUTATION_TRACE_OUTPUT": str(output)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "mutation.tracing", *FAST_TESTS]
    print("tracing the fast tests once…", flush=True)
    traced = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)  # noqa: S603
    if traced.returncode != 0:
        sys.exit("the fast tests fail without any mutant: fix them first")
    loaded = json.loads(output.read_text())
    return Trace(loaded["lines"], loaded["durations"])


def _sampled(found: list[Mutant], limit: int) -> list[Mutant]:
    if not limit or len(found) <= limit:
        return found
    step = len(found) / limit
    return [found[int(i * step)] for i in range(limit)]


def _run(
    module: str,
    source: str,
    mutant: Mutant,
    trace: Trace,
    copies: queue.Queue[Path],
    *,
    equivalent: set[tuple[str, str]],
) -> Outcome:
    fastest, others = _selected(trace, module, mutant.line)
    if not fastest:
        return Outcome(module, mutant, killed=False, how="no test runs this line")
    copy = copies.get()
    target = copy / PACKAGE.name / module
    try:
        target.write_text(mutated(source, mutant))
        how = _pytest(copy, fastest, trace)
        if how == "exit 0" and others and (module, mutant.description) not in equivalent:
            how = _pytest(copy, others, trace)
            return Outcome(module, mutant, how != "exit 0", f"{how} in the second pass ({len(others)} slower tests)")
        return Outcome(module, mutant, how != "exit 0", how)
    finally:
        target.write_text(source)
        copies.put(copy)


def _pytest(copy: Path, tests: list[str], trace: Trace) -> str:
    """`pytest -x` on these tests against the mutated copy: "exit N", or "timeout" (killed)."""
    budget = 20 + 5 * sum(trace.durations.get(test, 1.0) for test in tests)
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=budget, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return "timeout"
    return f"exit {result.returncode}"


MAX_TESTS = 60
"""Tests of the first pass, the fastest that run the mutant's line: most mutants die there in
seconds; only their survivors pay for the slower tests of the second pass."""


def _selected(trace: Trace, module: str, line: int) -> tuple[list[str], list[str]]:
    """The tests that run `line`, fastest first, split after MAX_TESTS; for a line run at import (none
    traced), those of the module."""
    lines = trace.lines.get(module, {})
    tests = lines.get(str(line)) or sorted({test for ids in lines.values() for test in ids})
    ordered = sorted(tests, key=lambda test: trace.durations.get(test, 1.0))
    return ordered[:MAX_TESTS], ordered[MAX_TESTS:]


def _equivalent() -> set[tuple[str, str]]:
    """(module, description) of the mutants judged equivalent, from mutation/equivalent.txt."""
    pairs = set()
    for raw in EQUIVALENT.read_text().splitlines():
        if raw.strip() and not raw.startswith("#"):
            module, rest = raw.split(" | ", 1)  # a description may hold " | " itself (`X | None`)
            description, _why = rest.rsplit(" | ", 1)
            pairs.add((module.strip(), description.strip()))
    return pairs


def _score(outcomes: list[Outcome], equivalent: set[tuple[str, str]]) -> float:
    counted = [o for o in outcomes if (o.module, o.mutant.description) not in equivalent]
    return 100.0 if not counted else 100.0 * sum(o.killed for o in counted) / len(counted)


def _line(module: str, outcomes: list[Outcome], equivalent: set[tuple[str, str]]) -> str:
    killed = sum(o.killed for o in outcomes)
    equal = sum(not o.killed and (o.module, o.mutant.description) in equivalent for o in outcomes)
    return (
        f"{module:28} {killed:4}/{len(outcomes):<4} killed, {equal:3} equivalent: "
        f"{_score(outcomes, equivalent):5.1f} % of the others"
    )


def _report(modules: list[str], outcomes: list[Outcome], equivalent: set[tuple[str, str]], elapsed: float) -> str:
    summary = [_line(m, [o for o in outcomes if o.module == m], equivalent) for m in modules]
    summary.append(_line("all", outcomes, equivalent))
    survivors = [
        f"{o.module} | {o.mutant.description} | line {o.mutant.line}, {o.mutant.operator}: {o.how}"
        for o in outcomes
        if not o.killed and (o.module, o.mutant.description) not in equivalent
    ]
    late = sum(o.killed and "second pass" in o.how for o in outcomes)
    second = f"killed only by the second pass (slower tests): {late}"
    return "\n".join(summary) + f"\n\n{second}\nrun took {elapsed:.0f} s\n\nsurvivors:\n" + "\n".join(survivors) + "\n"


if __name__ == "__main__":
    sys.exit(main())
