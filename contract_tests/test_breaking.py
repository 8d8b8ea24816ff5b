"""`make breaking`: seeded changes to the spec and to the public Python API each get the right verdict."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from release import breaking
from release.breaking import Change, compare, python_changes, says_breaking, spec_changes, verdict

ROOT = breaking.ROOT
SPEC: dict[str, Any] = yaml.safe_load((ROOT / breaking.SPEC).read_text())
Spec = dict[str, Any]


def _schemas(spec: Spec) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def narrow_the_leads_limit(spec: Spec) -> None:
    _schemas(spec)["LeadListCreate"]["properties"]["leads"]["maxItems"] = 5_000


def remove_the_listing(spec: Spec) -> None:
    del spec["paths"]["/lead-lists"]["get"]


def require_a_new_request_field(spec: Spec) -> None:
    create = _schemas(spec)["LeadListCreate"]
    create["properties"]["team"] = {"type": "string"}
    create["required"].append("team")


def remove_a_response_field(spec: Spec) -> None:
    del _schemas(spec)["LeadList"]["properties"]["owner"]


def reword_a_description(spec: Spec) -> None:
    _schemas(spec)["LeadList"]["description"] = "A lead list, in other words."
    spec["paths"]["/lead-lists"]["post"]["summary"] = "Make a lead list"


def add_an_optional_request_field(spec: Spec) -> None:
    _schemas(spec)["LeadListCreate"]["properties"]["team"] = {"type": "string"}


def add_an_optional_response_field(spec: Spec) -> None:
    _schemas(spec)["LeadList"]["properties"]["created_at"] = {"type": ["string", "null"]}


def _seeded(change: Callable[[Spec], None]) -> Spec:
    spec: Spec = yaml.safe_load((ROOT / breaking.SPEC).read_text())
    change(spec)
    return spec


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (narrow_the_leads_limit, "maxItems"),
        (remove_the_listing, "GET /lead-lists"),
        (require_a_new_request_field, "team"),
        (remove_a_response_field, "owner"),
    ],
)
def test_breaking_spec_changes_are_breaking(change: Callable[[Spec], None], words: str) -> None:
    found = spec_changes(SPEC, _seeded(change))
    assert any(c.breaking and words in c.words for c in found), [str(c) for c in found]
    assert all(c.surface == "HTTP API" for c in found)


@pytest.mark.parametrize(
    "change", [reword_a_description, add_an_optional_request_field, add_an_optional_response_field]
)
def test_compatible_spec_changes_are_listed_and_compatible(change: Callable[[Spec], None]) -> None:
    found = spec_changes(SPEC, _seeded(change))
    assert found, "the change is listed"
    assert not [str(c) for c in found if c.breaking]


def test_an_unchanged_spec_has_no_change() -> None:
    assert spec_changes(SPEC, _seeded(lambda spec: None)) == []


def test_a_description_beside_a_ref_is_not_read_as_removed_properties() -> None:
    """api-smart-diff alone reads `$ref` + `description` as an allOf whose properties were all removed."""

    def describe_options(spec: Spec) -> None:
        _schemas(spec)["LeadListCreate"]["properties"]["options"]["description"] = "Other words."

    found = spec_changes(SPEC, _seeded(describe_options))
    assert found and not any("Removed" in c.words or c.breaking for c in found), [str(c) for c in found]


@pytest.fixture(scope="module")
def package_trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of the package (old, new) for the Python API's seeded changes."""
    trees = []
    for name in ("old", "new"):
        tree = tmp_path_factory.mktemp(name)
        shutil.copytree(
            ROOT / breaking.PACKAGE_PARENT / breaking.PACKAGE,
            tree / breaking.PACKAGE_PARENT / breaking.PACKAGE,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        trees.append(tree)
    return trees[0], trees[1]


def _edit(tree: Path, relative: str, old: str, new: str) -> None:
    path = tree / breaking.PACKAGE_PARENT / breaking.PACKAGE / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_python_api_unchanged_then_seeded(package_trees: tuple[Path, Path]) -> None:
    old, new = package_trees
    assert python_changes(old, new) == []
    # A public function removed from the package root, and a parameter of another made required.
    _edit(new, "__init__.py", '    "iter_lead_lists",\n', "")
    _edit(new, "__init__.py", "    iter_lead_lists,\n", "")
    _edit(new, "operations/waiting.py", "    timeout: float | None = 3600.0,\n", "    timeout: float | None,\n")
    found = [str(c) for c in python_changes(old, new)]
    assert found == [
        "BREAKING  Python API: `amplemarket_lead_lists.iter_lead_lists`: Public object was removed",
        "BREAKING  Python API: `amplemarket_lead_lists.wait_for_lead_list(timeout)`: Parameter is now required",
    ]


def test_a_new_public_name_is_compatible(package_trees: tuple[Path, Path]) -> None:
    old, new = package_trees
    _edit(new, "__init__.py", "__all__ = [\n", '__all__ = [\n    "Problem2",\n')
    _edit(
        new, "__init__.py", "from .validation import Problem\n", "from .validation import Problem\nProblem2 = Problem\n"
    )
    found = python_changes(old, new)
    assert Change("Python API", False, "`amplemarket_lead_lists.Problem2` was added to the package root") in found


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("0.1.0", "0.1.1", False),
        ("0.1.0", "0.2.0", True),
        ("0.9.3", "1.0.0", True),
        ("1.2.0", "1.3.0", False),
        ("1.2.0", "2.0.0", True),
        ("0.1.0", "0.1.0", False),
    ],
)
def test_what_a_version_says(old: str, new: str, says: bool) -> None:
    assert says_breaking(old, new) is says


def test_the_verdict_needs_a_version_that_says_so() -> None:
    broken = [Change("HTTP API", True, "GET /lead-lists: removed"), Change("HTTP API", False, "reworded")]
    passes, closing = verdict(broken, "0.1.0", "0.1.1")
    assert not passes and "1 incompatible" in closing and "new minor version" in closing
    assert verdict(broken, "0.1.0", "0.2.0")[0]
    assert verdict(broken[1:], "0.1.0", "0.1.0")[0]


def test_the_whole_tree_against_itself_passes(tmp_path: Path) -> None:
    """As `make breaking` on a tree with no change since the base: nothing listed, exit 0."""
    for part in breaking.TREE:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, tmp_path / part)
    changes = compare(tmp_path, ROOT)
    assert changes == []
    assert verdict(changes, breaking.version_of(tmp_path), breaking.version_of(ROOT))[0]


def test_the_default_base_is_the_tag_else_the_named_commit_else_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI's clone may lack the tag: release/last-release names the commit; with neither, HEAD (said so)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(tmp_path), *args], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    git("init", "-q")
    (tmp_path / "release").mkdir()
    (tmp_path / breaking.LAST_RELEASE_FILE).write_text("# the commit of the last release\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first")
    monkeypatch.setattr(breaking, "ROOT", tmp_path)
    ref, why = breaking.default_base()
    assert ref == "HEAD" and "no release yet" in why
    first = git("rev-parse", "HEAD")
    (tmp_path / breaking.LAST_RELEASE_FILE).write_text(f"# the commit of the last release\n{first}\n")
    assert breaking.default_base()[0] == first
    (tmp_path / breaking.LAST_RELEASE_FILE).write_text("# the commit of the last release\n" + "0" * 40 + "\n")
    ref, why = breaking.default_base()
    assert ref == "HEAD" and "lacks" in why
    git("tag", "v0.1.0")
    assert breaking.default_base() == ("v0.1.0", "the last release tag, v0.1.0")
