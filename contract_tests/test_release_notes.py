"""`make release-notes`: the draft sorts the changes into Keep a Changelog's sections, with the version they need."""

from __future__ import annotations

import datetime

import pytest

from release.breaking import Change
from release.notes import draft, next_version

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("old", "current", "breaking", "wanted"),
    [
        ("0.1.0", "0.1.0", True, "0.2.0"),
        ("0.1.0", "0.2.0", True, "0.2.0"),
        ("0.1.3", "0.1.3", False, "0.1.4"),
        ("0.1.0", "0.1.1", False, "0.1.1"),
        ("1.4.2", "1.4.2", True, "2.0.0"),
        (None, "0.1.0", False, "0.1.0"),
    ],
)
def test_the_version_the_changes_need(old: str | None, current: str, breaking: bool, wanted: str) -> None:
    assert next_version(old, current, breaking) == wanted


def test_a_draft_sorts_changes_and_lists_commits() -> None:
    changes = [
        Change("Python API", True, "`amplemarket_lead_lists.iter_lead_lists`: Public object was removed"),
        Change("Python API", False, "`amplemarket_lead_lists.Problem2` was added to the package root"),
        Change("HTTP API", False, "POST /lead-lists: [Added] property `team` in Request Body"),
        Change("HTTP API", False, "GET /lead-lists: [Replaced] annotation (description)"),
    ]
    text = draft(changes, ["paging: a fix"], "0.1.0", "0.1.0", TODAY)
    assert text.startswith("## [0.2.0] - 2026-12-07\n")
    assert "set it to 0.2.0 before tagging v0.2.0" in text
    breaking, rest = text.split("### Added")
    assert "### Changed (breaking)\n- Python API: `amplemarket_lead_lists.iter_lead_lists`" in breaking
    added, changed = rest.split("### Changed\n")
    assert "Problem2" in added and "property `team`" in added and "description" not in added
    assert "[Replaced] annotation (description)" in changed
    assert text.rstrip().endswith("- paging: a fix")


def test_a_draft_with_no_change_says_so() -> None:
    text = draft([], [], "0.1.0", "0.1.0", TODAY)
    assert "## [0.1.1] - 2026-12-07" in text and "No change to the spec" in text and "###" not in text
