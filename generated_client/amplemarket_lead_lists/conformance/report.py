"""The catalogue's report: one human line a rule (passed / failed with evidence / skipped with why),
and the same as JUnit for a CI to show. Any secret given is replaced before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from .catalogue import tier_of
from .session import Outcome

MARK = {"passed": "passed", "failed": "FAILED", "skipped": "skipped"}


def _clean(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "[Filtered]")
    return text


def summary(outcomes: list[Outcome], cost: str, secrets: Iterable[str] = ()) -> str:
    """`cost` first, then `  <rule>: passed|FAILED|skipped — <evidence or why>` per rule, by tier,
    then the counts."""
    lines = [cost, "Conformance rules (amplemarket_lead_lists.conformance):"]
    for outcome in outcomes:
        detail = f" — {outcome.detail}" if outcome.detail else ""
        lines.append(f"  {outcome.rule.id}: {MARK[outcome.status]}{detail}  [{tier_of(outcome.rule)}]")
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in MARK}
    lines.append(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return _clean("\n".join(lines) + "\n", list(secrets))


def write_junit(outcomes: list[Outcome], path: Path, secrets: Iterable[str] = ()) -> None:
    """One testcase a rule, its source as the classname's suffix; failures and skips carry the text."""
    hidden = list(secrets)
    suite = ElementTree.Element(
        "testsuite",
        name="conformance rules",
        tests=str(len(outcomes)),
        failures=str(sum(1 for o in outcomes if o.status == "failed")),
        skipped=str(sum(1 for o in outcomes if o.status == "skipped")),
    )
    for outcome in outcomes:
        case = ElementTree.SubElement(
            suite, "testcase", name=outcome.rule.id, classname=f"catalogue.{tier_of(outcome.rule).replace(' ', '_')}"
        )
        ElementTree.SubElement(case, "system-out").text = f"{outcome.rule.summary} Source: {outcome.rule.source}"
        if outcome.status == "failed":
            ElementTree.SubElement(case, "failure", message=_clean(outcome.detail, hidden))
        elif outcome.status == "skipped":
            ElementTree.SubElement(case, "skipped", message=_clean(outcome.detail, hidden))
    root = ElementTree.Element("testsuites")
    root.append(suite)
    path.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(root).write(path, encoding="unicode", xml_declaration=True)
