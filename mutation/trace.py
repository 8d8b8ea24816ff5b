"""Which tests run which line: one traced run of the tests (the `tracing` plugin), split across the
workers' copies, cached in build/; after a change only the test files it can affect are traced again."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import queue
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .project import DEPENDENT_TESTS, PACKAGE, ROOT, STARTUP, modules, name_of, path_of, readers, tests
from .uses import bound_at, branch_taken, lines_loading

CACHE = ROOT / "build" / "mutation-trace.json"


FOCUSED = 60
"""A group of tests put first (those taking a branch, those reading a constant) only when it is at most
this large: hundreds (every test that builds a Settings) would only push the fastest, often the one
that reads the value, past the caps."""


@dataclass(frozen=True)
class Trace:
    lines: dict[str, dict[str, list[str]]]
    """module -> line (as text) -> the ids of the tests that run it."""
    imported: dict[str, set[int]]
    """module -> the lines run while the tests are imported."""
    durations: dict[str, float]
    preload: list[str]
    """The modules beside our own the tests load (the workers load them once, in advance)."""

    def tests_of(self, module: str, line: int) -> list[str]:
        """The tests that run `line`, fastest first, but those likeliest to tell its mutant apart before
        the others (`uses.py`): for a condition, those that take one of its branches.

        A line run at import is run for every test that runs any line of the module (the trace saw it
        only once, while the tests were imported), or of a module that imports from it (a constant read
        there runs no line here); those that ran the line itself in a test (a function's line that a
        test module also ran while it was imported), or a line reading what it binds, come first, and
        before them those that take a branch of a condition reading it."""
        by_line = self.lines.get(module, {})
        tests = set(by_line.get(str(line), []))
        branches = {test for taken in branch_taken(module, line) for test in by_line.get(str(taken), [])}
        using: set[str] = set()
        if line in self.imported.get(module, set()):
            using = set(tests)
            near = (module, *readers(module))
            tests = {test for name in near for ids in self.lines.get(name, {}).values() for test in ids}
            names = bound_at(module, line)
            for name in near:
                read = self.lines.get(name, {})
                for reading in lines_loading(name, names):
                    using.update(read.get(str(reading), []))
                    branches.update(test for taken in branch_taken(name, reading) for test in read.get(str(taken), []))
        tests -= DEPENDENT_TESTS.keys()
        branches, using = (group if len(group & tests) <= FOCUSED else set() for group in (branches, using))
        return sorted(
            tests, key=lambda test: (test not in branches, test not in using, self.durations.get(test, 1.0), test)
        )


def traced(copies: list[Path], *, quick: bool = False) -> Trace:
    """The trace, brought up to date first in these copies: with no cache, or the tracer itself changed,
    every test file is traced; else only the test files a change can affect (`_affected`) are traced
    again, and their part of the cache replaced. Nothing changed: nothing is traced.

    `quick` (for `--changed`): a changed module's tests are not traced again; its lines are carried over
    to their new numbers through a diff with the source the cache saw (`_remapped`), and it is marked
    `approximate` in the cache, so the next full run retraces its tests."""
    seen, sources = _fingerprints(), _sources()  # before tracing: a file changed meanwhile counts as changed
    old = json.loads(CACHE.read_text()) if CACHE.exists() else None
    if old is None or old.get("fingerprints", {}).get(TRACER) != seen[TRACER]:
        timed = old["durations"] if old else {}  # a tracer changed: the old times still deal the files
        trace = {**_trace(copies, tests(), timed), "fingerprints": seen, "sources": sources, "approximate": []}
        CACHE.write_text(json.dumps(trace))
    else:
        files = _affected(old, seen, quick=quick)
        trace = _remapped(old, sources) if quick else {**old, "approximate": []}
        if files:
            trace = _replaced(trace, _trace(copies, files, old["durations"]), files)
        if trace != old:
            CACHE.write_text(json.dumps({**trace, "fingerprints": seen, "sources": sources}))
    imported = {module: set(lines) for module, lines in trace["imported"].items()}
    return Trace(trace["lines"], imported, trace["durations"], trace["preload"])


TRACER = "mutation/tracing.py"
"""Its fingerprint stands for the tracer's (with startup/sitecustomize.py): a change to either retraces all."""


def _fingerprints() -> dict[str, str]:
    """A hash of every file a change to which can change the trace, by name (the tracer's under TRACER)."""
    tracer = Path(__file__).with_name("tracing.py").read_bytes() + (ROOT / STARTUP / "sitecustomize.py").read_bytes()
    found = {TRACER: hashlib.sha256(tracer).hexdigest()}
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "contract_tests").glob("*.py")]:
        found[name_of(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _sources() -> dict[str, str]:
    """The text of every measured module, as traced: what `_remapped` diffs the work tree against."""
    return {module: path_of(module).read_text() for module in modules()}


def _affected(old: dict[str, Any], seen: dict[str, str], *, quick: bool) -> list[str]:
    """The test files to trace again since the cache was written: those changed (or new), those that ran
    a module changed since or remapped by a quick run (unless `quick`), and those that import a helper
    of contract_tests/ changed since (conftest.py: all). A change to any other file of the package
    (generated code, a package face): all of them."""
    measured = set(modules())
    every = set(tests())
    affected: set[str] = set()
    approximate = set() if quick else set(old.get("approximate", []))  # remapped by a quick run: retraced now
    for name, fingerprint in seen.items():
        if fingerprint == old["fingerprints"].get(name) and name not in approximate:
            continue
        if name in every:
            affected.add(name)
        elif name in measured:
            if not quick:
                affected |= {test.split("::")[0] for ids in old["lines"].get(name, {}).values() for test in ids}
        elif not name.startswith("contract_tests/") or name.endswith("conftest.py"):
            return sorted(every)
        else:  # a helper module of the tests
            affected |= {test for test in every if Path(name).stem in (ROOT / test).read_text()}
    return sorted(affected & every)


def _remapped(old: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    """The trace with each measured module changed since (`sources`: the modules' text now) carried over
    to its new line numbers: a line kept keeps its tests; a line changed or added gets those of the old
    lines it replaced (added: of the lines around it)."""
    lines = dict(old["lines"])
    imported = dict(old["imported"])
    approximate = set(old.get("approximate", []))
    for module, was in old["sources"].items():
        now = sources.get(module, "")
        if now == was:
            continue
        by_line = old["lines"].get(module, {})
        at_import = set(old["imported"].get(module, []))
        moved: dict[str, list[str]] = {}
        moved_import: set[int] = set()
        matcher = difflib.SequenceMatcher(None, was.splitlines(), now.splitlines(), autojunk=False)
        for _, i1, i2, j1, j2 in matcher.get_opcodes():
            was_at = range(i1 + 1, i2 + 1) if i2 > i1 else range(max(i1, 1), i1 + 2)  # 1-based; added: around
            tests = sorted({test for line in was_at for test in by_line.get(str(line), [])})
            run_at_import = any(line in at_import for line in was_at)
            for j in range(j1 + 1, j2 + 1):
                if i2 - i1 == j2 - j1:  # kept (or changed line for line): the line it was
                    tests = by_line.get(str(i1 + j - j1), [])
                    run_at_import = i1 + j - j1 in at_import
                if tests:
                    moved[str(j)] = list(tests)
                if run_at_import:
                    moved_import.add(j)
        lines[module] = moved
        imported[module] = sorted(moved_import)
        approximate.add(module)
    return {**old, "lines": lines, "imported": imported, "approximate": sorted(approximate)}


def _replaced(old: dict[str, Any], new: dict[str, Any], files: list[str]) -> dict[str, Any]:
    """The old trace with the tests of `files` (and of test files deleted since) replaced by the new."""
    kept = set(tests()) - set(files)

    def keep(test: str) -> bool:
        return test.split("::", maxsplit=1)[0] in kept

    lines: dict[str, dict[str, list[str]]] = {}
    for trace in (old, new):
        for module, by_line in trace["lines"].items():
            for line, ids in by_line.items():
                mine = [test for test in ids if trace is new or keep(test)]
                if mine:
                    lines.setdefault(module, {}).setdefault(line, []).extend(mine)
    return {
        **old,
        "lines": lines,
        "imported": {**old["imported"], **new["imported"]},  # a changed module's import lines are the new ones
        "durations": {**{t: s for t, s in old["durations"].items() if keep(t)}, **new["durations"]},
        "preload": list(dict.fromkeys([*old["preload"], *new["preload"]])),
    }


BATCHES_PER_PROCESS = 4
"""The test files are dealt in about this many batches a process, the largest first, each to the first
process free: a wrong guess of a file's time (on a clean clone, its size stands for it) then costs at most
a batch's time at the end, not a process's whole share."""


def _trace(copies: list[Path], files: list[str], timed: dict[str, float]) -> dict[str, Any]:
    """Trace the test files, a batch at a time in each copy (see BATCHES_PER_PROCESS); `timed`: each
    test's last traced time, if any."""
    batches = _batches(files, len(copies) * BATCHES_PER_PROCESS, timed)
    print(f"tracing {len(files)} test files once, in {len(batches)} batches, {len(copies)} at a time…", flush=True)
    CACHE.parent.mkdir(exist_ok=True)
    free: queue.Queue[Path] = queue.Queue()
    for copy in copies:
        free.put(copy)

    def run(index: int, batch: list[str]) -> dict[str, Any]:
        copy = free.get()
        try:
            return _traced_batch(copy, index, batch)
        finally:
            free.put(copy)

    with ThreadPoolExecutor(len(copies)) as pool:
        parts = list(pool.map(run, range(len(batches)), batches))
    lines: dict[str, dict[str, list[str]]] = {}
    imported: dict[str, set[int]] = {}
    durations: dict[str, float] = {}
    preload: dict[str, None] = {}  # an ordered set
    failed: list[str] = []
    for part in parts:
        failed += part["failed"]
        for relative, by_line in part["lines"].items():
            module = lines.setdefault(name_of(ROOT / relative), {})
            for line, ids in by_line.items():
                module.setdefault(line, []).extend(ids)
        for relative, run_at_import in part["imported"].items():
            imported.setdefault(name_of(ROOT / relative), set()).update(run_at_import)
        durations.update(part["durations"])
        preload.update(dict.fromkeys(part["preload"]))
    if failed:
        print(f"{len(failed)} tests fail without any mutant and are left out (see build/*.log):", *failed, sep="\n  ")
    return {
        "lines": lines,
        "imported": {module: sorted(run) for module, run in imported.items()},
        "durations": durations,
        "preload": list(preload),
    }


def _traced_batch(copy: Path, index: int, batch: list[str]) -> dict[str, Any]:
    """One traced pytest run of a batch of test files in a copy: what `mutation.tracing` recorded."""
    output = CACHE.with_name(f"mutation-trace-{index}.json")
    processes = copy / "build" / f"trace-processes-{index}"  # the batch's own: the plugin reads them all
    processes.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join((str(copy / PACKAGE.relative_to(ROOT).parent), str(copy / STARTUP))),
        "MUTATION_TRACE_FILES": os.pathsep.join(str(path_of(module, copy)) for module in modules()),
        "MUTATION_TRACE_PROJECT": str(copy),
        "MUTATION_TRACE_OUTPUT": str(output),
        "MUTATION_TRACE_SUBPROCESSES": str(processes),
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "mutation.tracing", *batch]
    with output.with_suffix(".log").open("w") as log:
        subprocess.run(command, cwd=copy, env=env, stdout=log, stderr=log, check=False)  # noqa: S603
    if not output.exists():
        sys.exit(f"the traced run of the tests broke: see {output.with_suffix('.log')}")
    part: dict[str, Any] = json.loads(output.read_text())
    output.unlink()
    return part


def _batches(files: list[str], count: int, timed: dict[str, float]) -> list[list[str]]:
    """The test files in about `count` batches of about equal traced time (`timed`: by test), the
    longest first (a file's size stands for its time when no trace has timed it)."""
    durations: dict[str, float] = {}
    for test, seconds in timed.items():
        durations[test.split("::")[0]] = durations.get(test.split("::")[0], 0.0) + seconds
    weights = {file: durations[file] if file in durations else (ROOT / file).stat().st_size / 1000 for file in files}
    share = sum(weights.values()) / max(count, 1)
    batches: list[list[str]] = []
    filling: list[str] = []
    for file in sorted(files, key=lambda f: -weights[f]):
        filling.append(file)
        if sum(weights[f] for f in filling) >= share:
            batches.append(filling)
            filling = []
    return [*batches, filling] if filling else batches
