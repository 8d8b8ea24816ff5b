"""The catalogue in-process against the sandbox: every rule passes on it with every tier, a tier that
lacks what a rule needs reports that rule skipped by name, and each rule has a broken sandbox that it,
and only it, catches."""

from __future__ import annotations

import itertools

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from amplemarket_lead_lists.conformance import CATALOGUE, RULES, Outcome, Session, Tier, run_catalogue
from amplemarket_lead_lists.conformance.reading import MAX_LEADS_PER_LIST
from amplemarket_lead_lists.conformance.session import CAP_ROOM
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests import broken_sandboxes

KEY, OTHER_KEY = "sandbox-conformance", "sandbox-conformance-2"
# Lists finish within a few polls; the clock moves 10 ms at every reading, so polls never really wait.
INSTANT = Settings(retry_after=1, queue_seconds=0.01, processing_seconds=0.02, seconds_per_lead=0.0, rate_limit=10**9)
EVERY_TIER = frozenset(Tier)


def clocked(variant: str | None = None) -> ASGIApp:
    clock = itertools.count(0.0, 0.01).__next__
    if variant is None:
        return create_app(INSTANT, clock=clock)
    return broken_sandboxes.broken_app(variant, INSTANT, clock=clock)


def run(app: ASGIApp, allowed: frozenset[Tier] = EVERY_TIER, *, lead_list_id: str | None = None) -> list[Outcome]:
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {KEY}"}
    nearly_full = None
    if Tier.LARGE in allowed:
        prefill = client.post("/_sandbox/lead-lists", json={"entries": MAX_LEADS_PER_LIST - CAP_ROOM}, headers=headers)
        nearly_full = prefill.json()["id"]
    session = Session(
        client,
        "http://testserver",
        headers,
        allowed=allowed,
        other_headers={"Authorization": f"Bearer {OTHER_KEY}"} if Tier.SECOND_KEY in allowed else None,
        lead_list_id=lead_list_id,
        nearly_full_lead_list_id=nearly_full,
        sleep=lambda seconds: None,
    )
    return run_catalogue(session)


def by_status(outcomes: list[Outcome], status: str) -> set[str]:
    return {outcome.rule.id for outcome in outcomes if outcome.status == status}


def test_every_rule_passes_on_the_sandbox_with_every_tier() -> None:
    outcomes = run(clocked())
    assert [(o.rule.id, o.status, o.detail) for o in outcomes if o.status != "passed"] == []
    assert [o.rule.id for o in outcomes] == [rule.id for rule in CATALOGUE]


def test_read_only_skips_every_rule_that_creates_by_name_and_sends_only_gets() -> None:
    app = create_app(INSTANT, clock=itertools.count(0.0, 0.01).__next__)
    client = TestClient(app)
    prefilled = client.post("/_sandbox/lead-lists", json={"entries": 250}, headers={"Authorization": f"Bearer {KEY}"})
    outcomes = run(app, frozenset({Tier.READ_ONLY}), lead_list_id=prefilled.json()["id"])
    needing = {rule.id for rule in CATALOGUE if rule.needs - {Tier.READ_ONLY}}
    assert by_status(outcomes, "skipped") == needing | {
        "pending_lists_carry_no_entries",
        "error_pointers_are_json_pointers",
    }
    assert by_status(outcomes, "failed") == set()
    skipped = {o.rule.id: o.detail for o in outcomes}
    assert skipped["entry_ids_survive_adds"] == "needs CONFORMANCE_ALLOW_CREATE=1"
    assert skipped["another_keys_lists_are_not_found_on_read"] == "needs CONFORMANCE_SECOND_API_KEY"
    assert skipped["pending_lists_carry_no_entries"] == "no answer it applies to was met"
    held = app.state.sandbox.store.accounts[KEY].lead_lists
    assert len(held) == 1 and len(held[prefilled.json()["id"]].leads) == 250  # nothing created or added


def test_read_only_without_a_list_to_read_says_so() -> None:
    outcomes = run(clocked(), frozenset({Tier.READ_ONLY}))
    details = {o.rule.id: o.detail for o in outcomes if o.status == "skipped"}
    assert details["pages_walk_every_entry_once"] == "no completed lead list to read (set CONFORMANCE_LEAD_LIST_ID)"
    assert details["listing_reaches_every_list"] == "the key has no lead list to list"
    assert by_status(outcomes, "failed") == set()


def test_create_without_large_or_a_second_key_skips_those_rules() -> None:
    outcomes = run(clocked(), frozenset({Tier.READ_ONLY, Tier.CREATE}))
    assert by_status(outcomes, "skipped") == {
        "another_keys_lists_are_not_found_on_read",
        "another_keys_lists_are_not_found_on_add",
        "lead_list_cap_keeps_the_first_leads",
    }
    assert by_status(outcomes, "failed") == set()


@pytest.mark.parametrize(("rule", "variant"), sorted(broken_sandboxes.PROVES.items()) + broken_sandboxes.ALSO_PROVES)
def test_each_rule_alone_catches_its_broken_sandbox(rule: str, variant: str) -> None:
    outcomes = run(clocked(variant))
    failed = [(o.rule.id, o.detail) for o in outcomes if o.status == "failed"]
    assert [name for name, _ in failed] == [rule], failed


def test_every_rule_has_a_broken_sandbox() -> None:
    assert set(broken_sandboxes.PROVES) == set(RULES)
    assert set(broken_sandboxes.PROVES.values()) <= set(broken_sandboxes.VARIANTS)
