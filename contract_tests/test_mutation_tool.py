"""`make mutation`'s own machinery: a mutant reaches every function object made from the code it
changes (hot), a module-level mutant reaches a fresh import (cold), and what cannot be patched says so."""

from __future__ import annotations

import gc
import importlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import cast

import pytest

from mutation.__main__ import LISTED, _unlisted
from mutation.forkserver import _by_file, _forked, _Watchdog
from mutation.operators import Mutant, mutants, mutated
from mutation.patching import Unpatchable, functions_by_file, install_cold, patch_hot
from mutation.project import path_of, readers
from mutation.report import equivalent, score
from mutation.selection import Killers
from mutation.trace import Trace, _affected, _batches, _fingerprints, _remapped, _replaced

SOURCE = """
LIMIT = 3


def over(value):
    return value > LIMIT


def counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count

    return bump


made_at_import = counter()
alias = over


class Box:
    def opened(self):
        return "open"


def evens(values):
    found = [value for value in values if value % 2 == 0]
    return found
"""


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    path = tmp_path / "mutated_sample.py"
    path.write_text(SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("mutated_sample")
    sys.modules.pop("mutated_sample", None)


def _one(operator: str, text: str) -> Mutant:
    (found,) = [m for m in mutants(SOURCE) if m.operator == operator and text in m.description]
    return found


def test_a_mutant_in_a_body_reaches_aliases_and_closures_made_before_it(module: ModuleType) -> None:
    compare = _one("compare", "value > LIMIT")
    patch_hot(module.__file__ or "", SOURCE, mutated(SOURCE, compare.index))
    assert module.over(3) is True  # `>` became `>=`
    assert module.alias(3) is True  # the same function object, imported under another name

    bump = _one("return-none", "return count")
    patch_hot(module.__file__ or "", SOURCE, mutated(SOURCE, bump.index))
    assert module.made_at_import() is None  # a closure made at import
    assert module.counter()() is None  # and one made after
    opened = _one("return-none", "return 'open'")
    patch_hot(module.__file__ or "", SOURCE, mutated(SOURCE, opened.index))
    assert module.Box().opened() is None


def test_a_mutant_deleting_a_comprehension_is_patched_hot(module: ModuleType) -> None:
    """The comprehension's own code is then made by nothing: the function holding it is patched, not
    left to a cold worker's pytest session of its own."""
    gone = _one("delete", "`found = [")
    assert patch_hot(module.__file__ or "", SOURCE, mutated(SOURCE, gone.index)) == 1
    with pytest.raises(NameError, match="'found'"):  # the code patched in is the mutant's
        module.evens([1, 2])


def test_a_frozen_process_patches_the_functions_it_indexed_before_freezing(module: ModuleType) -> None:
    # the hot server freezes what it loaded (so children share its pages): gc then no longer lists it
    path = module.__file__ or ""
    frozen = functions_by_file()
    gc.freeze()
    try:
        compare = _one("compare", "value > LIMIT")
        with pytest.raises(Unpatchable):
            patch_hot(path, SOURCE, mutated(SOURCE, compare.index))
        assert patch_hot(path, SOURCE, mutated(SOURCE, compare.index), frozen[path]) == 1
        assert module.alias(3) is True
    finally:
        gc.unfreeze()


def test_which_mutants_lie_in_a_body() -> None:
    assert _one("compare", "value > LIMIT").in_body
    assert not _one("number", "3 -> 3 + 1").in_body
    assert not _one("delete", "`alias = over`").in_body


def test_a_module_level_mutant_cannot_be_patched_hot_and_reaches_a_fresh_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mutated_cold.py"
    path.write_text(SOURCE)
    monkeypatch.syspath_prepend(str(tmp_path))
    limit = _one("number", "3 -> 3 + 1")
    with pytest.raises(Unpatchable):
        patch_hot(str(path), SOURCE, mutated(SOURCE, limit.index))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    install_cold(str(path), mutated(SOURCE, limit.index))
    try:
        assert importlib.import_module("mutated_cold").LIMIT == 4
    finally:
        sys.modules.pop("mutated_cold", None)


def test_a_closure_whose_variables_change_cannot_be_patched_hot(module: ModuleType) -> None:
    gone = _one("delete", "`nonlocal count`")
    with pytest.raises(Unpatchable):
        patch_hot(module.__file__ or "", SOURCE, mutated(SOURCE, gone.index))


def test_a_mutant_meets_the_tests_that_killed_its_neighbours_first() -> None:
    killers = Killers()
    fastest_first = ["t::fast", "t::middle", "t::slow", "t::slowest"]
    assert killers.first("m.py", "f", fastest_first) == fastest_first  # no history yet: as traced
    killers.record("m.py", "g", "t::slow")
    killers.record("m.py", "g", "t::slow")
    killers.record("m.py", "f", "t::slowest")
    killers.record("m.py", "g", "t::middle")
    killers.record("other.py", "f", "t::fast")
    assert killers.first("m.py", "f", fastest_first) == ["t::slowest", "t::slow", "t::middle", "t::fast"]
    assert killers.first("m.py", "g", fastest_first) == ["t::slow", "t::middle", "t::slowest", "t::fast"]


def test_a_mutant_meets_its_likeliest_killers_first_with_each_files_tests_together() -> None:
    given = ["b.py::killer", "a.py::fast", "b.py::slow", "c.py::x", "a.py::slower"]
    assert _by_file(given) == ["b.py::killer", "b.py::slow", "a.py::fast", "a.py::slower", "c.py::x"]


class _Item:
    nodeid = "t.py::loops"


def test_a_test_past_its_own_limit_ends_the_child_as_a_timeout_that_names_it() -> None:
    """Long before the whole job's timeout: a mutant that loops costs its test's limit, not the job's (the
    job's timeout would answer no test's name)."""

    def child(job: dict[str, object], report: int) -> tuple[int, None]:
        call = _Watchdog(job, report).pytest_runtest_call(cast(pytest.Item, _Item()))
        next(call)
        time.sleep(60)  # a test that never ends
        return 0, None

    job = {"index": None, "limits": {_Item.nodeid: 0.2}, "timeout": 60}
    assert _forked(job, child) == ("timeout", "t.py::loops")


def test_the_same_change_twice_in_a_statement_is_numbered_so_one_can_be_listed_without_the_other() -> None:
    numbers = [m.description for m in mutants("def f(x):\n    return x[0] + x[0]\n") if m.operator == "number"]
    assert numbers == ["`return x[0] + x[0]`: 0 -> 0 + 1 in f", "`return x[0] + x[0]`: 0 -> 0 + 1 in f (#2)"]


def test_a_module_level_mutant_also_meets_the_tests_of_the_modules_reading_its_names() -> None:
    """judges.py reads session.KNOWN_CODES: the judges' tests run no line of session.py, yet are what
    tells a changed code's status."""
    assert "conformance/judges.py" in readers("conformance/session.py")
    assert "base_client/client.py" in readers("base_client/cookies.py")  # `from .cookies import …`
    assert "conformance/session.py" not in readers("conformance/session.py")


def test_no_mutant_is_made_twice() -> None:
    """`return x` ending a function, deleted, is its `return None` mutant; `x == 1` negated is its flip."""
    made = [(m.operator, m.line) for m in mutants("def f(x):\n    if x == 1:\n        return 2\n    return x\n")]
    assert sorted(made) == [
        ("compare", 2), ("delete", 2), ("delete", 3), ("number", 2), ("number", 3),
        ("return-none", 3), ("return-none", 4),
    ]  # fmt: skip


def test_every_listed_equivalent_names_a_mutant_of_its_module() -> None:
    """A listed mutant whose code changed (or whose description did) no longer excuses anything: it
    must be listed again, or killed."""
    listed = sorted(equivalent())
    found = {module: {m.description for m in mutants(path_of(module).read_text())} for module, _ in listed}
    assert [(module, description) for module, description in listed if description not in found[module]] == []


def test_a_retrace_replaces_the_retraced_files_tests_and_drops_deleted_files() -> None:
    kept, retraced, gone = "contract_tests/test_uploads.py", "contract_tests/test_polling_pacing.py", "test_gone.py"
    old = {
        "lines": {"m.py": {"1": [f"{kept}::a", f"{retraced}::b", f"{gone}::c"], "2": [f"{retraced}::b"]}},
        "imported": {"m.py": [1], "n.py": [5]},
        "durations": {f"{kept}::a": 1.0, f"{retraced}::b": 2.0, f"{gone}::c": 3.0},
        "preload": ["httpx"],
    }
    new = {
        "lines": {"m.py": {"1": [f"{retraced}::b2"]}},
        "imported": {"m.py": [1, 3]},
        "durations": {f"{retraced}::b2": 0.5},
        "preload": ["httpx", "respx"],
    }
    assert _replaced(old, new, [retraced]) == {
        "lines": {"m.py": {"1": [f"{kept}::a", f"{retraced}::b2"]}},
        "imported": {"m.py": [1, 3], "n.py": [5]},
        "durations": {f"{kept}::a": 1.0, f"{retraced}::b2": 0.5},
        "preload": ["httpx", "respx"],
    }


def test_a_quick_run_carries_a_changed_modules_lines_over_to_their_new_numbers() -> None:
    """`--changed` does not retrace the tests of a module changed since the trace: a line kept keeps its
    tests at its new number, a line added meets the tests of the lines around it."""
    old = {
        "lines": {"m.py": {"1": ["t::one"], "2": ["t::two"], "4": ["t::four"], "5": ["t::five"]}},
        "imported": {"m.py": [1, 2, 4]},
        "durations": {},
        "preload": [],
        "sources": {"m.py": "import os\nB = os.sep\n\ndef f():\n    return 1\n"},
        "approximate": [],
    }
    new = _remapped(old, {"m.py": "import os\nA = 1\nB = os.sep\n\ndef f():\n    return A\n"})
    assert new["lines"]["m.py"] == {
        "1": ["t::one"],
        "2": ["t::one", "t::two"],  # added: the lines around it
        "3": ["t::two"],
        "5": ["t::four"],
        "6": ["t::five"],  # changed line for line: the line it was
    }
    assert new["imported"]["m.py"] == [1, 2, 3, 5]
    assert new["approximate"] == ["m.py"]  # the next full run retraces its tests


def test_a_module_a_quick_run_remapped_has_its_tests_retraced_by_the_next_full_run_only() -> None:
    seen = _fingerprints()
    old = {
        "lines": {"cli/errors.py": {"1": ["contract_tests/test_cli_input.py::t"]}},
        "fingerprints": seen,
        "approximate": ["cli/errors.py"],
    }
    assert _affected(old, seen, quick=False) == ["contract_tests/test_cli_input.py"]
    assert _affected(old, seen, quick=True) == []
    assert _affected({**old, "approximate": []}, seen, quick=False) == []


def test_the_traced_run_deals_its_files_in_batches_the_longest_first() -> None:
    """Each batch goes to the first process free: the long files start first, and the short ones fill
    the end, so the processes end together."""
    timed = {"a.py::t": 9.0, "b.py::t": 1.0, "b.py::u": 1.0, "c.py::t": 3.0, "d.py::t": 1.0, "e.py::t": 1.0}
    files = ["e.py", "d.py", "c.py", "b.py", "a.py"]
    assert _batches(files, 4, timed) == [["a.py"], ["c.py", "b.py"], ["e.py", "d.py"]]


def test_a_mutant_listed_as_equivalent_is_not_run_and_counts_apart() -> None:
    listed, other = mutants("def f(x):\n    return x + 1\n")[:2]
    jobs, outcomes = _unlisted([("m.py", listed), ("m.py", other), ("n.py", listed)], {("m.py", listed.description)})
    assert jobs == [("m.py", other), ("n.py", listed)]  # the same text in another module is another mutant
    assert [(o.module, o.mutant, o.killed, o.how) for o in outcomes] == [("m.py", listed, False, LISTED)]
    assert score(outcomes, {("m.py", listed.description)}) == 100.0


def test_a_bare_annotation_is_mutated_only_where_it_can_be_a_field() -> None:
    """In a plain class `x: int` only documents an attribute; a dataclass or a NamedTuple makes it a field."""
    source = (
        "class Plain(Exception):\n    x: int\n\n"
        "@dataclass\nclass Data:\n    y: int\n\n"
        "class Row(NamedTuple):\n    z: int\n"
    )
    assert [m.description for m in mutants(source)] == ["`y: int` -> pass in Data", "`z: int` -> pass in Row"]


def test_a_line_run_at_import_meets_first_the_tests_of_the_lines_reading_what_it_binds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test that imports a module runs its import-time lines: among hundreds, those that read the
    changed constant, default or field come first, so the caps do not leave them unrun."""
    module = tmp_path / "m.py"
    module.write_text(
        "LIMIT = 3\n"  # 1
        "OTHER = 4\n"  # 2
        "\n"
        "class Box:\n"  # 4
        "    size: int = 2\n"  # 5
        "\n"
        "    def grow(self, by=1):\n"  # 7
        "        return self.size + by + LIMIT\n"  # 8
    )
    monkeypatch.setattr("mutation.uses.path_of", lambda name: module)
    trace = Trace(
        lines={"uses-test.py": {"3": ["t::import"], "4": ["t::fast_other"], "8": ["t::slow_reader"]}},  # 3: a fake
        imported={"uses-test.py": {1, 2, 4, 5, 7}},
        durations={"t::import": 0.1, "t::slow_reader": 9.0, "t::fast_other": 0.01},
        preload=[],
    )
    assert trace.tests_of("uses-test.py", 1) == ["t::slow_reader", "t::fast_other", "t::import"]  # LIMIT: read at 8
    assert trace.tests_of("uses-test.py", 2) == ["t::fast_other", "t::import", "t::slow_reader"]  # OTHER: unread
    assert trace.tests_of("uses-test.py", 5)[0] == "t::slow_reader"  # a field: self.size at 8
    assert trace.tests_of("uses-test.py", 7)[0] == "t::slow_reader"  # a default of grow: its body reads `by`
    trace.imported["uses-test.py"].add(8)  # the body of grow, run while a test module was imported, too
    trace.lines["uses-test.py"]["8"].append("t::slower_caller")
    trace.durations["t::slower_caller"] = 20.0
    assert trace.tests_of("uses-test.py", 8)[:2] == ["t::slow_reader", "t::slower_caller"]  # its own tests first


def test_a_condition_meets_first_the_tests_that_take_one_of_its_branches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every request runs `if size > limit:`; only the tests that go over it (or take its else) can tell
    `>` from `>=`, however slow they are."""
    module = tmp_path / "m.py"
    module.write_text("def f(size, limit):\n    if size > limit:\n        return 'refused'\n    return 'read'\n")
    monkeypatch.setattr("mutation.uses.path_of", lambda name: module)
    trace = Trace(
        lines={"branch-test.py": {"2": ["t::fast", "t::faster", "t::over"], "3": ["t::over"]}},
        imported={},
        durations={"t::fast": 0.1, "t::faster": 0.01, "t::over": 5.0},
        preload=[],
    )
    assert trace.tests_of("branch-test.py", 2) == ["t::over", "t::faster", "t::fast"]
    assert trace.tests_of("branch-test.py", 3) == ["t::over"]
    module.write_text("LIMIT = 3\n" + "def f(size):\n    if size > LIMIT:\n        return 'refused'\n")
    monkeypatch.setattr("mutation.uses.path_of", lambda name: module)
    trace = Trace(
        lines={"branch-test-2.py": {"3": ["t::fast", "t::faster", "t::over"], "4": ["t::over"]}},
        imported={"branch-test-2.py": {1, 2}},
        durations={"t::fast": 0.1, "t::faster": 0.01, "t::over": 5.0},
        preload=[],
    )
    assert trace.tests_of("branch-test-2.py", 1)[0] == "t::over"  # LIMIT, read by a condition: its takers
