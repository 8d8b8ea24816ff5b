"""`make mutation`: mutate every hand-written module (HOMES: the library, the command, the sandbox and the
conformance rules) one mutant at a time, in a temporary copy of the project (never the working tree), and
run the fast tests against each. `--changed REF` mutates only the lines changed since REF (minutes).

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
SLOW_TESTS = ("test_cli_export_kill.py", "test_sandbox_latency.py")
"""Left out of the traced set: they wait on real processes or simulated latency (and kill little else)."""
FAST_TESTS = sorted(
    str(path.relative_to(ROOT))
    for pattern in (
        "test_polling_*.py",
        "test_uploads_*.py",
        "test_cli_*.py",
        "test_validation*.py",
        "test_sandbox_*.py",
    )
    for path in (ROOT / "contract_tests").glob(pattern)
    if path.name not in SLOW_TESTS
) + [
    f"contract_tests/{name}.py"
    for name in (
        "test_hostile_servers",
        "test_add_leads",
        "test_uploads",
        "test_listing",
        "test_client",
        "test_client_setup",
        "test_client_settings",
        "test_answered_completed",
        "test_catalogue",
        "test_report",
    )
]
HOMES = (
    "exceptions.py",
    "wire",
    "transport",
    "base_client",
    "engine",
    "operations",
    "uploads",
    "pacing",
    "validation",
    "cli",
    "sandbox",
    "conformance",
    "contract_tests/checks.py",
)
"""What is mutated by default: every hand-written home (package paths relative to the package; the
conformance rules, which are product code for whoever runs `make conformance`, under contract_tests/)."""
SKIPPED = ("__init__.py", "bodies.py", "twins.py")
"""Package faces, TypedDicts (held by mypy in test_typed_surface) and a docstring copy: nothing to mutate."""
COPY_IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "reports", "build", "site", "__pycache__", ".*_cache"
)
"""What a worker's copy of the project leaves out (tools/node_modules is linked instead)."""
EQUIVALENT = Path(__file__).with_name("equivalent.txt")
REPORT = ROOT / "reports" / "mutation.txt"
REPORT_JSON = ROOT / "reports" / "mutation.json"


@dataclass(frozen=True)
class Outcome:
    module: str
    mutant: Mutant
    killed: bool
    how: str


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants; exit 1 when the score of a module is below `--goal` (when given)."""
    parser = argparse.ArgumentParser(prog="python -m mutation", description=__doc__)
    parser.add_argument("modules", nargs="*", help="e.g. engine/retries.py or contract_tests/checks.py")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--sample", type=int, default=0, help="at most this many mutants per module, evenly spread")
    parser.add_argument("--goal", type=float, default=0.0, help="fail below this percentage per module")
    parser.add_argument("--changed", metavar="REF", help="mutate only the lines changed since this git ref")
    args = parser.parse_args(argv)
    started = time.monotonic()
    changed = _changed_lines(args.changed) if args.changed else None
    modules = args.modules or _modules()
    if changed is not None:
        modules = [module for module in modules if changed.get(module)]
    jobs = []
    for module in modules:
        source = path_of(module).read_text()
        found = [m for m in mutants(source) if changed is None or m.line in changed[module]]
        jobs += [(module, source, mutant) for mutant in _sampled(found, args.sample)]
    print(f"{len(jobs)} mutants in {len(modules)} modules, {args.workers} at a time…", flush=True)
    trace = _trace() if jobs else Trace({}, {})
    equivalent = _equivalent()
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        copies: queue.Queue[Path] = queue.Queue()
        for worker in range(args.workers):
            copies.put(_copy(Path(scratch) / str(worker)))
        with ThreadPoolExecutor(args.workers) as pool:
            outcomes = list(
                pool.map(lambda job: _run(job[0], job[1], job[2], trace, copies, equivalent=equivalent), jobs)
            )
    elapsed = time.monotonic() - started
    report = _report(modules, outcomes, equivalent, elapsed)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report)
    REPORT_JSON.write_text(json.dumps(_json_report(modules, outcomes, equivalent, elapsed, args.changed), indent=1))
    print(report.split("\n\n")[0])
    print(f"survivors: {REPORT.relative_to(ROOT)} ({REPORT_JSON.name} per module); {elapsed:.0f} s")
    below = [m for m in modules if _score([o for o in outcomes if o.module == m], equivalent) < args.goal]
    return 1 if below else 0


def path_of(module: str) -> Path:
    """Where a module name points: `contract_tests/…` from the project's root, anything else in the package."""
    return ROOT / module if module.startswith("contract_tests/") else PACKAGE / module


def name_of(path: Path) -> str:
    """The inverse of `path_of`."""
    return str(path.relative_to(PACKAGE)) if path.is_relative_to(PACKAGE) else str(path.relative_to(ROOT))


def _modules() -> list[str]:
    """Every module of HOMES, in order, its faces and declarations (SKIPPED) left out."""
    found: list[Path] = []
    for home in HOMES:
        where = path_of(home)
        found += [where] if where.suffix == ".py" else sorted(where.glob("*.py"))
    return [name_of(path) for path in found if path.name not in SKIPPED]


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


def _copy(where: Path) -> Path:
    """A worker's copy of the project (its tests read README.md, openapi/, examples/ from the root)."""
    shutil.copytree(ROOT, where, ignore=COPY_IGNORED)
    node_modules = ROOT / "tools" / "node_modules"
    if node_modules.exists():
        (where / "tools" / "node_modules").symlink_to(node_modules)
    return where


@dataclass(frozen=True)
class Trace:
    lines: dict[str, dict[str, list[str]]]
    """module -> line (as text) -> the ids of the tests that run it."""
    durations: dict[str, float]


def _trace() -> Trace:
    """One traced run of the fast tests: which tests run which line, and how long each takes."""
    output = ROOT / "build" / "mutation-trace.json"
    output.parent.mkdir(exist_ok=True)
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "contract_tests").glob("*.py"), Path(__file__)]
    if output.exists() and output.stat().st_mtime > max(path.stat().st_mtime for path in sources):
        loaded = json.loads(output.read_text())  # nothing changed since the last trace
        return Trace(loaded["lines"], loaded["durations"])
    extra = os.pathsep.join(str(path_of(home)) for home in HOMES if home.startswith("contract_tests/"))
    env = {
        **os.environ,
        "MUTATION_TRACE_ROOT": str(PACKAGE),
        "MUTATION_TRACE_EXTRA": extra,
        "MUTATION_TRACE_PROJECT": str(ROOT),
        "MUTATION_TRACE_OUTPUT": str(output),
    }
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
    target = copy / path_of(module).relative_to(ROOT)
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
    env = {**os.environ, "PYTHONPATH": str(copy / PACKAGE.relative_to(ROOT).parent), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        result = subprocess.run(command, cwd=copy, env=env, capture_output=True, timeout=budget, check=False)  # noqa: S603
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


def _json_report(
    modules: list[str], outcomes: list[Outcome], equivalent: set[tuple[str, str]], elapsed: float, changed: str | None
) -> dict[str, object]:
    """The same figures for a machine: per module, and every survivor with file:line and the mutation."""

    def counts(mine: list[Outcome]) -> dict[str, object]:
        equal = sum(not o.killed and (o.module, o.mutant.description) in equivalent for o in mine)
        score = round(_score(mine, equivalent), 1)
        return {"mutants": len(mine), "killed": sum(o.killed for o in mine), "equivalent": equal, "score": score}

    return {
        "date": time.strftime("%Y-%m-%d"),
        "seconds": round(elapsed),
        "changed_since": changed,
        "modules": {m: counts([o for o in outcomes if o.module == m]) for m in modules},
        "all": counts(outcomes),
        "survivors": [
            {
                "where": f"{o.module}:{o.mutant.line}",
                "operator": o.mutant.operator,
                "mutation": o.mutant.description,
                "how": o.how,
            }
            for o in outcomes
            if not o.killed and (o.module, o.mutant.description) not in equivalent
        ],
    }


if __name__ == "__main__":
    sys.exit(main())
