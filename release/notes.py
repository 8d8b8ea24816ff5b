"""`make release-notes`: a draft CHANGELOG.md entry from what changed since the last release.

The changes are `make breaking`'s (the spec and the package root's public names), sorted into Keep a
Changelog's sections, followed by the commit subjects since the base for a person to summarise. The
heading carries the version the changes need: pyproject's when it already says enough, else the next
one that would (a new minor version while 0.x for a breaking change, else a patch). Printed, not written:
paste it under `## [Unreleased]` and edit it into words for importers.
"""

from __future__ import annotations

import argparse
import datetime
import sys

from release.breaking import ROOT, Change, compare, default_base, git, says_breaking, tree_at, version_of


def next_version(old: str | None, current: str, breaking: bool) -> str:
    """`current` when it already says what the changes need (or nothing was released), else the smallest that does."""
    if old is None:
        return current
    major, minor, patch = (int(part) for part in old.split("+", maxsplit=1)[0].split(".")[:3])
    if breaking:
        if says_breaking(old, current):
            return current
        return f"0.{minor + 1}.0" if major == 0 else f"{major + 1}.0.0"
    return current if current != old else f"{major}.{minor}.{patch + 1}"


def draft(
    changes: list[Change], commits: list[str], old_version: str | None, current: str, today: datetime.date
) -> str:
    """The entry, in Markdown: sections only where something changed."""
    breaking = [change for change in changes if change.breaking]
    added = [c for c in changes if not c.breaking and ("added to the package root" in c.words or "[Added]" in c.words)]
    changed = [c for c in changes if not c.breaking and c not in added]
    version = next_version(old_version, current, bool(breaking))
    lines = [f"## [{version}] - {today.isoformat()}", ""]
    if version != current:
        lines += [f"<!-- pyproject.toml says {current}: set it to {version} before tagging v{version}. -->", ""]
    for title, items in (("Changed (breaking)", breaking), ("Added", added), ("Changed", changed)):
        if items:
            lines += [f"### {title}", *(f"- {item.surface}: {item.words}" for item in items), ""]
    if not changes:
        lines += ["No change to the spec or to the package root's public names.", ""]
    if commits:
        lines += ["### Commits since the last release (summarise for importers, then delete)"]
        lines += [f"- {subject[:160]}" for subject in commits] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make release-notes", description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="", help="the git ref to compare with (default: the last release)")
    args = parser.parse_args(argv)
    base, why = (args.base, f"{args.base} (BASE_REF)") if args.base else default_base()
    print(f"<!-- drafted by make release-notes from {why} -->")
    with tree_at(base) as old_tree:
        changes = compare(old_tree, ROOT)
        # With no release yet (the base is HEAD by default), the entry is the first release: pyproject's version.
        old_version = None if base == "HEAD" and not args.base else version_of(old_tree)
    log = git("log", "--no-merges", "--format=%s", f"{base}..HEAD").stdout.decode()
    commits = [line for line in log.splitlines() if line.strip()]
    print(draft(changes, commits, old_version, version_of(ROOT), datetime.datetime.now(datetime.UTC).date()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
