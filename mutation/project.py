"""What `make mutation` mutates and which tests it runs: names of modules and tests, and where they live."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated_client" / "amplemarket_lead_lists"
STARTUP = Path("mutation") / "startup"
"""On PYTHONPATH in the traced run and in the workers: its sitecustomize.py runs in every Python process
a test starts (relative to the project's root)."""
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
UNTRACED_TESTS = {
    "test_wheel.py": "builds and installs the wheel in a fresh venv: the installed copy is not the mutated one",
    "test_make_demo.py": "runs `make demo` in a fresh clone, which is not the mutated copy",
    "test_docs_site.py": "builds the site and drives Chromium over it: docstrings, not behaviour",
    "test_breaking.py": "runs griffe and api-smart-diff on git revisions, not on the mutated copy",
    "test_release_notes.py": "reads git history, not the mutated copy",
    "test_spec_for_other_generators.py": "runs openapi-generator's client (Java), not ours",
    "test_cli_export_kill.py": "waits on real processes being killed (and kills little else)",
    "test_mutation_tool.py": "tests this tool, not the package",
}
"""Left out of the traced set, with why. Every other test file runs against the mutants."""
DEPENDENT_TESTS = {
    "contract_tests/test_conformance.py::test_the_custom_checks_saw_a_full_workflow": (
        "asserts what the Schemathesis runs before it in its file left behind: it cannot run alone"
    ),
}
"""Tests that pass only after others: a mutant's run picks its tests one by one, so these are left out."""


def tests() -> list[str]:
    """Every test file of contract_tests/ but the untraced ones, from the project's root."""
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "contract_tests").glob("test_*.py")
        if path.name not in UNTRACED_TESTS
    )


def path_of(module: str, root: Path = ROOT) -> Path:
    """Where a module name points: `contract_tests/…` from the project's root, anything else in the package."""
    package = root / PACKAGE.relative_to(ROOT)
    return root / module if module.startswith("contract_tests/") else package / module


def name_of(path: Path) -> str:
    """The inverse of `path_of` (for a path in the project itself)."""
    return str(path.relative_to(PACKAGE)) if path.is_relative_to(PACKAGE) else str(path.relative_to(ROOT))


def modules() -> list[str]:
    """Every module of HOMES, in order, its faces and declarations (SKIPPED) left out."""
    found: list[Path] = []
    for home in HOMES:
        where = path_of(home)
        found += [where] if where.suffix == ".py" else sorted(where.glob("*.py"))
    return [name_of(path) for path in found if path.name not in SKIPPED]


@cache
def readers(module: str) -> frozenset[str]:
    """The measured modules that import names from `module`: a test that reads one of its constants
    through them runs no line of `module` itself, yet is what a mutant of that constant must meet."""
    target = path_of(module)
    found = set()
    for other in modules():
        where = path_of(other)
        for node in ast.walk(ast.parse(where.read_text())):
            if isinstance(node, ast.ImportFrom) and target in _imported_files(where, node):
                found.add(other)
    return frozenset(found - {module})


def _imported_files(where: Path, node: ast.ImportFrom) -> set[Path]:
    """The files `from X import a, b` in `where` may read: X's, or a's and b's when they are modules."""
    if node.level:
        base = where.parent
        for _ in range(node.level - 1):
            base = base.parent
    else:
        base = PACKAGE.parent
    named = base.joinpath(*(node.module or "").split(".")) if node.module else base
    candidates = [named.with_suffix(".py"), named / "__init__.py"]
    candidates += [named / f"{alias.name}.py" for alias in node.names]
    return set(candidates)
