"""The catalogue's report: one line a rule, counts, JUnit with failures and skips, secrets filtered."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from amplemarket_lead_lists.conformance import RULES, Outcome, summary, write_junit

OUTCOMES = [
    Outcome(RULES["unknown_lead_lists_are_not_found"], "passed"),
    Outcome(
        RULES["completed_lists_hold_every_lead_sent"], "failed", "found 119 entries; 120 leads; key sandbox-secret"
    ),
    Outcome(RULES["entry_ids_survive_adds"], "skipped", "needs CONFORMANCE_ALLOW_CREATE=1"),
]


def test_the_summary_has_the_cost_first_then_one_line_a_rule() -> None:
    text = summary(OUTCOMES, "conformance: read-only: GETs only, nothing created", ["sandbox-secret"])
    assert text.splitlines() == [
        "conformance: read-only: GETs only, nothing created",
        "Conformance rules (amplemarket_lead_lists.conformance):",
        "  unknown_lead_lists_are_not_found: passed  [read-only]",
        "  completed_lists_hold_every_lead_sent: FAILED — found 119 entries; 120 leads; key [Filtered]  [create]",
        "  entry_ids_survive_adds: skipped — needs CONFORMANCE_ALLOW_CREATE=1  [create]",
        "1 passed, 1 failed, 1 skipped",
    ]


def test_the_junit_names_each_rule_with_its_failure_or_skip(tmp_path: Path) -> None:
    write_junit(OUTCOMES, tmp_path / "rules.xml", ["sandbox-secret"])
    text = (tmp_path / "rules.xml").read_text()
    assert "sandbox-secret" not in text
    suite = ElementTree.fromstring(text).find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    cases = {case.get("name"): case for case in suite}
    assert cases["completed_lists_hold_every_lead_sent"].find("failure") is not None
    assert cases["entry_ids_survive_adds"].find("skipped") is not None
    assert cases["unknown_lead_lists_are_not_found"].find("failure") is None
