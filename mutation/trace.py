"""Which tests run which line: one traced run of the tests (the `tracing` plugin), split across the
workers' copies, cached in build/ until a source or a test changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .project import DEPENDENT_TESTS, PACKAGE, ROOT, STARTUP, modules, name_of, path_of, tests

CACHE = ROOT / "build" / "mutation-trace.json"


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
        """The tests that run `line`, fastest first. A line run at import is run for every test that
        runs any line of the module (the trace saw it only once, while the tests were imported)."""
        by_line = self.lines.get(module, {})
        if line in self.imported.get(module, set()):
            tests = set().union(*by_line.values())
        else:
            tests = set(by_line.get(str(line), []))
        tests -= DEPENDENT_TESTS.keys()
        return sorted(tests, key=lambda test: (self.durations.get(test, 1.0), test))


def traced(copies: list[Path], only: list[str] | None = None) -> Trace:
    """The trace: from the cache when nothing changed since, else traced afresh in these copies. With
    `only` (the modules a `--changed` run or a run of named modules mutates) and an older cache, only the
    test files that ran those modules then, and the test files changed since, are traced again, into a
    cache of their own."""
    tracer = [Path(__file__).with_name("tracing.py"), Path(__file__).parent / "startup" / "sitecustomize.py"]
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "contract_tests").glob("*.py"), *tracer]
    cache = CACHE
    if not CACHE.exists():
        _trace(copies, tests(), CACHE)
    elif CACHE.stat().st_mtime < max(path.stat().st_mtime for path in sources):
        if only is None:
            _trace(copies, tests(), CACHE)
        else:
            cache = CACHE.with_name("mutation-trace-changed.json")
            _trace(copies, _files_of(only), cache)
    loaded = json.loads(cache.read_text())
    imported = {module: set(lines) for module, lines in loaded["imported"].items()}
    return Trace(loaded["lines"], imported, loaded["durations"], loaded["preload"])


def _files_of(modules: list[str]) -> list[str]:
    """The test files that ran these modules in the cached trace, and those changed since it."""
    old = json.loads(CACHE.read_text())["lines"]
    files = {test.split("::")[0] for module in modules for ids in old.get(module, {}).values() for test in ids}
    changed = {test for test in tests() if (ROOT / test).stat().st_mtime > CACHE.stat().st_mtime}
    return sorted((files | changed) & set(tests()))


def _trace(copies: list[Path], files: list[str], into: Path) -> None:
    """Trace the test files, a share in each copy at once (split by their last traced durations, if any)."""
    print(f"tracing {len(files)} test files once, in {len(copies)} processes…", flush=True)
    shares = _shares(files, len(copies))
    CACHE.parent.mkdir(exist_ok=True)
    running = []
    for index, (copy, share) in enumerate(zip(copies, shares, strict=True)):
        if not share:
            continue  # pytest given no file would run them all
        output = CACHE.with_name(f"mutation-trace-{index}.json")
        measured = os.pathsep.join(str(path_of(module, copy)) for module in modules())
        processes = copy / "build" / "trace-processes"
        processes.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join((str(copy / PACKAGE.relative_to(ROOT).parent), str(copy / STARTUP))),
            "MUTATION_TRACE_FILES": measured,
            "MUTATION_TRACE_PROJECT": str(copy),
            "MUTATION_TRACE_OUTPUT": str(output),
            "MUTATION_TRACE_SUBPROCESSES": str(processes),
        }
        command = [sys.executable, "-m", "pytest", "-q", "-p", "mutation.tracing", *share]
        with output.with_suffix(".log").open("w") as log:
            running.append((output, subprocess.Popen(command, cwd=copy, env=env, stdout=log, stderr=log)))  # noqa: S603
    lines: dict[str, dict[str, list[str]]] = {}
    imported: dict[str, set[int]] = {}
    durations: dict[str, float] = {}
    preload: dict[str, None] = {}  # an ordered set
    failed: list[str] = []
    for output, process in running:
        process.wait()
        if not output.exists():
            sys.exit(f"the traced run of the tests broke: see {output.with_suffix('.log')}")
        part = json.loads(output.read_text())
        failed += part["failed"]
        for relative, by_line in part["lines"].items():
            module = lines.setdefault(name_of(ROOT / relative), {})
            for line, ids in by_line.items():
                module.setdefault(line, []).extend(ids)
        for relative, run in part["imported"].items():
            imported.setdefault(name_of(ROOT / relative), set()).update(run)
        durations.update(part["durations"])
        preload.update(dict.fromkeys(part["preload"]))
        output.unlink()
    if failed:
        print(f"{len(failed)} tests fail without any mutant and are left out (see build/*.log):", *failed, sep="\n  ")
    merged = {
        "lines": lines,
        "imported": {module: sorted(run) for module, run in imported.items()},
        "durations": durations,
        "preload": list(preload),
    }
    into.write_text(json.dumps(merged))


def _shares(files: list[str], count: int) -> list[list[str]]:
    """The test files dealt into `count` shares of about equal traced time (the longest first)."""
    durations: dict[str, float] = {}
    if CACHE.exists():
        for test, seconds in json.loads(CACHE.read_text())["durations"].items():
            durations[test.split("::")[0]] = durations.get(test.split("::")[0], 0.0) + seconds
    shares: list[list[str]] = [[] for _ in range(count)]
    totals = [0.0] * count
    for file in sorted(files, key=lambda f: -durations.get(f, (ROOT / f).stat().st_size / 1000)):
        emptiest = totals.index(min(totals))
        shares[emptiest].append(file)
        totals[emptiest] += durations.get(file, (ROOT / file).stat().st_size / 1000)
    return shares
