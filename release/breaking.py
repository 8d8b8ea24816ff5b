"""`make breaking`: what changed for the package's users since a release, and whether the version says so.

Two surfaces are compared between a base tree (a git ref: by default the last release) and this tree:
- the HTTP API: the spec, by api-smart-diff (npm, pinned in tools/), which resolves every `$ref` and
  classifies each change breaking, non-breaking, annotation or unclassified, close to oasdiff's rules;
  on top of it, two rules for a generated SDK: removing a response property is breaking (the generated
  model loses the attribute; oasdiff only warns), and an unclassified change counts as breaking (review it);
- the Python API: the names in the package root's `__all__` (its one public import path), by griffe: a
  name removed, or griffe's breakages of the object it names (parameters, kinds, bases, return types).

A breaking change needs a version that says so: a new major version, or while 0.x a new minor one
(0.1.x -> 0.2.0). `python -m release.breaking [--base REF]` prints every change in words and exits 1 when
one is breaking and the version in pyproject.toml does not say so.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import griffe
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = Path("openapi/lead-lists.yaml")
PACKAGE = "amplemarket_lead_lists"
PACKAGE_PARENT = Path("generated_client")
LAST_RELEASE_FILE = Path("release/last-release")
"""The commit of the last release, for clones without its tag (`git tag` is not always cloned)."""
TREE = [str(SPEC), str(PACKAGE_PARENT / PACKAGE), "pyproject.toml"]
"""What a base tree needs from a git ref."""


@dataclass(frozen=True)
class Change:
    surface: str
    """`HTTP API` or `Python API`."""
    breaking: bool
    words: str

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'compatible'}  {self.surface}: {self.words}"


# -- the HTTP API ------------------------------------------------------------------------------------


def _where(path: list[str]) -> str:
    """`GET /lead-lists` for a change under paths, else the component's path."""
    if len(path) >= 3 and path[0] == "paths":
        return f"{path[2].upper()} {path[1]}" if path[2] in {"get", "post", "put", "patch", "delete"} else path[1]
    return "/".join(path)


def _is_removed_response_property(diff: dict[str, Any]) -> bool:
    path = diff["path"]
    return diff["action"] == "remove" and "responses" in path and len(path) >= 2 and path[-2] == "properties"


def resolved(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every local `$ref` replaced by what it names, its sibling keywords laid over it.

    OpenAPI 3.1 allows `description` beside a `$ref`; api-smart-diff reads such a pair as an `allOf`
    and then reports the referenced schema's properties as removed. Compared resolved, it sees what a
    client sees. (The spec has no recursive schema; a cycle would raise RecursionError.)
    """

    def lookup(pointer: str) -> Any:
        node: Any = spec
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                target = resolve(lookup(ref))
                siblings = {key: resolve(value) for key, value in node.items() if key != "$ref"}
                return {**target, **siblings} if isinstance(target, dict) else target
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return {key: resolve(value) for key, value in spec.items() if key != "components"}


def spec_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes from one spec to another, each with its verdict, in words."""
    with tempfile.TemporaryDirectory() as scratch:
        files = [Path(scratch) / "old.json", Path(scratch) / "new.json"]
        for file, spec in zip(files, (old, new), strict=True):
            file.write_text(json.dumps(resolved(spec)))
        done = subprocess.run(
            ["node", str(ROOT / "release" / "spec_diff.cjs"), *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"api-smart-diff failed (run `make tools/node_modules/.installed`):\n{done.stderr[-2000:]}")
    changes: list[Change] = []
    seen: set[str] = set()
    for diff in json.loads(done.stdout):
        path = diff["path"]
        if path[:1] == ["info"]:
            continue
        kind = diff["type"]
        breaking = kind in {"breaking", "unclassified"} or _is_removed_response_property(diff)
        words = diff["description"] or f"{diff['action']} at {'/'.join(path)}"
        if _is_removed_response_property(diff):
            words = f"{words} (the generated model loses the attribute)"
        elif kind == "unclassified":
            words = f"{words} (unclassified by api-smart-diff: counted as breaking until reviewed)"
        words = f"{_where(path)}: {words}"
        if words not in seen:
            seen.add(words)
            changes.append(Change("HTTP API", breaking, words))
    return changes


# -- the Python API ----------------------------------------------------------------------------------


def _package(tree: Path) -> Any:
    return griffe.load(
        PACKAGE,
        search_paths=[str(tree / PACKAGE_PARENT)],
        resolve_aliases=True,
        allow_inspection=False,
        modules_collection=griffe.ModulesCollection(),
    )


def _words(breakage: Any, exports: set[str]) -> str:
    """`amplemarket_lead_lists.wait_for_lead_list(timeout)`: Parameter is now required (…)."""
    obj = breakage.obj
    name = f"{PACKAGE}.{obj.name}" if obj.name in exports else obj.path
    old = breakage.old_value
    if isinstance(old, griffe.Parameter):
        name = f"{name}({old.name})"
    details = f" ({breakage.details})" if getattr(breakage, "details", None) else ""
    if breakage.kind in {griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT, griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE}:
        default = old.default if isinstance(old, griffe.Parameter) else old
        new = breakage.new_value.default if isinstance(breakage.new_value, griffe.Parameter) else breakage.new_value
        details = f" (from {default} to {new})"
    return f"`{name}`: {breakage.kind.value}{details}"


def python_changes(old_tree: Path, new_tree: Path) -> list[Change]:
    """griffe's breakages of the package root's public names (its `__all__`), and the names added."""
    old, new = _package(old_tree), _package(new_tree)
    old_names, new_names = set(old.exports or []), set(new.exports or [])
    changes = [
        Change("Python API", True, _words(breakage, old_names | new_names))
        for breakage in griffe.find_breaking_changes(old, new)
    ]
    changes += [
        Change("Python API", False, f"`{PACKAGE}.{name}` was added to the package root")
        for name in sorted(new_names.difference(old_names))
    ]
    return changes


# -- versions and trees ------------------------------------------------------------------------------


def version_of(tree: Path) -> str:
    with (tree / "pyproject.toml").open("rb") as handle:
        version: str = tomllib.load(handle)["project"]["version"]
    return version


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("+", maxsplit=1)[0].split(".")[:3])


def says_breaking(old: str, new: str) -> bool:
    """A new major version, or while 0.x a new minor one: how semver marks an incompatible release."""
    before, after = _release(old), _release(new)
    if before[0] == 0 and after[0] == 0:
        return after[1] > before[1]
    return after[0] > before[0]


def git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False)


def default_base() -> tuple[str, str]:
    """(ref, why): the last `v*` tag; else the commit in release/last-release; else HEAD (nothing released)."""
    tag = git("describe", "--tags", "--abbrev=0", "--match", "v[0-9]*").stdout.decode().strip()
    if tag:
        return tag, f"the last release tag, {tag}"
    named = ROOT / LAST_RELEASE_FILE
    lines = named.read_text().splitlines() if named.exists() else []
    ref = next((line.strip() for line in lines if line.strip() and not line.startswith("#")), "")
    if ref and git("cat-file", "-e", f"{ref}^{{commit}}").returncode == 0:
        return ref, f"the last release named in {LAST_RELEASE_FILE} ({ref}; no release tag in this clone)"
    if ref:
        return "HEAD", f"HEAD: {LAST_RELEASE_FILE} names {ref}, which this clone lacks (a shallow clone?)"
    return "HEAD", "HEAD: no release yet (no v* tag, and release/last-release names none)"


@contextmanager
def tree_at(ref: str) -> Iterator[Path]:
    """The spec, the package and pyproject.toml as they were at `ref`, in a scratch directory."""
    archive = git("archive", "--format=tar", ref, *TREE)
    if archive.returncode != 0:
        raise SystemExit(f"breaking: cannot read {ref!r}: {archive.stderr.decode().strip()}")
    scratch = Path(tempfile.mkdtemp(prefix="breaking-"))
    try:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(scratch, filter="data")
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compare(old_tree: Path, new_tree: Path) -> list[Change]:
    """Every change from one tree to the other, HTTP API first."""
    old_spec = yaml.safe_load((old_tree / SPEC).read_text())
    new_spec = yaml.safe_load((new_tree / SPEC).read_text())
    return spec_changes(old_spec, new_spec) + python_changes(old_tree, new_tree)


def verdict(changes: list[Change], old_version: str, new_version: str) -> tuple[bool, str]:
    """(passes, the closing line)."""
    breaking = [change for change in changes if change.breaking]
    if not breaking:
        return True, f"breaking: no incompatible change ({len(changes)} compatible); version {new_version}"
    if says_breaking(old_version, new_version):
        return True, f"breaking: {len(breaking)} incompatible changes, and {old_version} -> {new_version} says so"
    wanted = "a new minor version (0.x)" if _release(old_version)[0] == 0 else "a new major version"
    return False, (
        f"breaking: {len(breaking)} incompatible changes since {old_version}, but the version is {new_version}: "
        f"release them as {wanted} (pyproject.toml), or undo them"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make breaking", description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="", help="the git ref to compare with (default: the last release)")
    args = parser.parse_args(argv)
    base, why = (args.base, f"{args.base} (BASE_REF)") if args.base else default_base()
    print(f"breaking: comparing this tree with {why}")
    with tree_at(base) as old_tree:
        changes = compare(old_tree, ROOT)
        old_version = version_of(old_tree)
    for change in sorted(changes, key=lambda change: not change.breaking):
        print(f"  {change}")
    passes, closing = verdict(changes, old_version, version_of(ROOT))
    print(closing)
    return 0 if passes else 1


if __name__ == "__main__":
    sys.exit(main())
