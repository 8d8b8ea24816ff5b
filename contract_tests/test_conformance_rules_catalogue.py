"""How the catalogue runs its rules and how a run is reported, in-process: each rule's outcome (passed,
failed with its evidence, skipped saying why, an error on the way), the tiers a user's settings allow
and what a run with them costs, and `run_rules` over HTTP writing its summary and JUnit without a key."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from amplemarket_lead_lists.conformance import (
    RULES,
    Outcome,
    Rule,
    Seen,
    Session,
    Skip,
    Tier,
    run_catalogue,
    tier_cost,
    tier_of,
    write_junit,
)
from amplemarket_lead_lists.conformance.runner import Target, run_rules, tiers_for
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.server import serving
from contract_tests.rule_harness import in_turn, scripted_session
from contract_tests.test_catalogue import INSTANT

R, C, L, K = Tier.READ_ONLY, Tier.CREATE, Tier.LARGE, Tier.SECOND_KEY


@pytest.mark.parametrize(
    ("rule", "tier"),
    [
        ("unknown_lead_lists_are_not_found", "read-only"),
        ("errors_carry_the_envelope", "read-only"),
        ("created_lists_are_located", "create"),
        ("lead_list_cap_keeps_the_first_leads", "large"),
        ("another_keys_lists_are_not_found_on_read", "second key"),
        ("another_keys_lists_are_not_found_on_add", "second key"),
    ],
)
def test_a_rules_tier_is_the_most_demanding_thing_it_needs(rule: str, tier: str) -> None:
    assert tier_of(RULES[rule]) == tier


CREATES = "creates 4 lead lists holding 130 leads in all, plus requests of 10,001 leads a conforming server rejects"
LARGE = "; large: a list of 10,000 leads, and 16 leads offered to CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID"
SECOND = "; the second key reads (and, when creating, adds to) the first key's list, which a conforming server refuses"


@pytest.mark.parametrize(
    ("tiers", "cost"),
    [
        ({R}, "read-only: GETs only, nothing created"),
        ({R, L}, "read-only: GETs only, nothing created"),
        ({R, C}, CREATES),
        ({R, C, L}, CREATES + LARGE),
        ({R, K}, "read-only: GETs only, nothing created" + SECOND),
        ({R, C, L, K}, CREATES + LARGE + SECOND),
    ],
)
def test_a_runs_cost_says_what_it_sends_and_creates(tiers: set[Tier], cost: str) -> None:
    assert tier_cost(frozenset(tiers)) == cost


@pytest.mark.parametrize(
    ("create", "large", "second", "tiers"),
    [
        (False, False, False, {R}),
        (False, True, False, {R}),
        (True, False, False, {R, C}),
        (True, True, False, {R, C, L}),
        (False, False, True, {R, K}),
        (True, True, True, {R, C, L, K}),
    ],
)
def test_the_tiers_a_ci_users_settings_allow(create: bool, large: bool, second: bool, tiers: set[Tier]) -> None:
    """Large needs create too; read-only is always allowed."""
    assert tiers_for(allow_create=create, allow_large=large, second_key=second) == frozenset(tiers)


# -- run_catalogue ----------------------------------------------------------------------------------------


def raising(error: BaseException) -> Any:
    def check(s: Session) -> None:
        raise error

    return check


def rule(id: str, needs: set[Tier] | None = None, **kinds: Any) -> Rule:
    return Rule(id, "a test", frozenset(needs or {R}), **kinds)


def session(allowed: set[Tier] | None = None, seen: list[Seen] | None = None) -> Session:
    s, _ = scripted_session(in_turn(httpx.Response(500)), allowed=frozenset(allowed or {R}))
    s.seen.extend(seen or [])
    return s


def outcomes(rules: list[Rule], s: Session) -> list[tuple[str, str, str]]:
    return [(o.rule.id, o.status, o.detail) for o in run_catalogue(s, rules)]


def test_each_active_rules_outcome_carries_its_evidence() -> None:
    rules = [
        rule("passes", check=lambda s: None),
        rule("fails", check=raising(AssertionError("the evidence"))),
        rule("skips", check=raising(Skip("what it lacks"))),
        rule("http", check=raising(httpx.ConnectError("refused"))),
        rule("value", check=raising(ValueError("x" * 300))),
        rule("key", check=raising(KeyError("id"))),
        rule("type", check=raising(TypeError("not a list"))),
    ]
    assert outcomes(rules, session()) == [
        ("passes", "passed", ""),
        ("fails", "failed", "the evidence"),
        ("skips", "skipped", "what it lacks"),
        ("http", "failed", "ConnectError on the way: refused"),
        ("value", "failed", "ValueError on the way: " + "x" * 200),
        ("key", "failed", "KeyError on the way: 'id'"),
        ("type", "failed", "TypeError on the way: not a list"),
    ]


def test_any_other_error_of_a_rule_stops_the_run() -> None:
    with pytest.raises(ZeroDivisionError):
        run_catalogue(session(), [rule("broken", check=raising(ZeroDivisionError()))])


def test_a_rule_needing_tiers_the_run_lacks_is_skipped_naming_their_settings_and_never_run() -> None:
    ran: list[str] = []
    rules = [
        rule("large", {C, L}, check=lambda s: ran.append("large")),
        rule("second", {K, C, L}, judge=lambda seen: ran.append("judged")),
        rule("allowed", {R, C}, check=lambda s: ran.append("allowed")),
    ]
    assert outcomes(rules, session({R, C})) == [
        ("large", "skipped", "needs CONFORMANCE_ALLOW_LARGE=1"),
        ("second", "skipped", "needs CONFORMANCE_ALLOW_LARGE=1, CONFORMANCE_SECOND_API_KEY"),
        ("allowed", "passed", ""),
    ]
    assert ran == ["allowed"]
    assert outcomes(rules[:1], session()) == [
        ("large", "skipped", "needs CONFORMANCE_ALLOW_CREATE=1, CONFORMANCE_ALLOW_LARGE=1")
    ]


def seen(status: int, path: str = "/lead-lists?page[size]=1", method: str = "GET") -> Seen:
    return Seen(method, path, status, httpx.Headers(), {})


def test_response_rules_judge_every_answer_the_active_rules_received() -> None:
    """Judged after every active rule, in the catalogue's order: the first answer it finds wrong fails
    it (named without its query), an answer not its business is not counted."""
    judged: list[int] = []

    def only_errors(answer: Seen) -> str | bool | None:
        judged.append(answer.status)
        return None if answer.status < 400 else (True if answer.status == 404 else f"a {answer.status}")

    def adds(s: Session) -> None:
        s.seen.append(seen(500, "/lead-lists/L/leads?x=1", "POST"))

    rules = [
        rule("judge", judge=only_errors),
        rule("adds", check=adds),
        rule("none", judge=lambda answer: None),
        rule("all", judge=lambda answer: True),
    ]
    answers = [seen(200), seen(404), seen(404)]
    assert outcomes(rules, session(seen=answers)) == [
        ("judge", "failed", "POST /lead-lists/L/leads: a 500"),
        ("adds", "passed", ""),
        ("none", "skipped", "no answer it applies to was met"),
        ("all", "passed", "4 answers judged"),
    ]
    assert judged == [200, 404, 404, 500]
    assert outcomes([rule("judge", judge=only_errors)], session(seen=answers)) == [
        ("judge", "passed", "2 answers judged")
    ]


# -- run_rules ---------------------------------------------------------------------------------------------

KEY, SECOND_KEY = "sandbox-runner-key", "sandbox-runner-second"


@pytest.fixture
def sandbox_url() -> Any:
    with serving(create_app(INSTANT)) as url:
        yield url


def test_a_run_on_a_conforming_server_passes_and_writes_its_reports(sandbox_url: str, tmp_path: Path) -> None:
    made = httpx.post(
        f"{sandbox_url}/_sandbox/lead-lists", json={"entries": 3}, headers={"Authorization": f"Bearer {KEY}"}
    )
    target = Target(sandbox_url + "/", KEY, lead_list_id=made.json()["id"])
    text, failed = run_rules(target, tmp_path / "out" / "conformance")
    assert failed is False
    lines = text.splitlines()
    assert lines[0] == "conformance: read-only: GETs only, nothing created"
    assert "  pages_walk_every_entry_once: passed  [read-only]" in lines
    assert (tmp_path / "out" / "conformance-summary.txt").read_text() == text
    assert 'name="pages_walk_every_entry_once"' in (tmp_path / "out" / "conformance-rules.xml").read_text()


def test_a_run_reports_failures_and_never_writes_a_key(sandbox_url: str, tmp_path: Path) -> None:
    """A list id that contains both keys (an id the server does not know) shows up in the evidence:
    filtered out of the summary and the JUnit alike."""
    target = Target(sandbox_url, KEY, second_key=SECOND_KEY, lead_list_id=f"{SECOND_KEY}-and-{KEY}")
    text, failed = run_rules(target, tmp_path / "conformance")
    assert failed is True
    assert "GET /lead-lists/[Filtered]-and-[Filtered] answered 404, not 200" in text
    written = (tmp_path / "conformance-summary.txt").read_text() + (tmp_path / "conformance-rules.xml").read_text()
    assert "[Filtered]" in written
    assert KEY not in text + written and SECOND_KEY not in text + written


def test_a_run_without_reports_writes_nothing(
    sandbox_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text, failed = run_rules(Target(sandbox_url, KEY))
    assert failed is False and ", 0 failed, " in text.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


def test_a_runs_requests_wait_120_seconds_unless_told(sandbox_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    timeouts: list[Any] = []

    class Recording(httpx.Client):
        def __init__(self, **options: Any) -> None:
            timeouts.append(options["timeout"])
            super().__init__(**options)

    monkeypatch.setattr(httpx, "Client", Recording)
    run_rules(Target(sandbox_url, KEY))
    run_rules(Target(sandbox_url, KEY), timeout=5.0)
    assert timeouts == [120.0, 5.0]


def test_a_run_with_a_second_key_sends_it(sandbox_url: str) -> None:
    made = httpx.post(
        f"{sandbox_url}/_sandbox/lead-lists", json={"entries": 3}, headers={"Authorization": f"Bearer {KEY}"}
    )
    target = Target(sandbox_url, KEY, frozenset({R, K}), second_key=SECOND_KEY, lead_list_id=made.json()["id"])
    text, failed = run_rules(target)
    assert failed is False
    assert "  another_keys_lists_are_not_found_on_read: passed  [second key]" in text.splitlines()


def test_the_junit_says_what_each_rule_promises_and_where_in_a_new_folder(tmp_path: Path) -> None:
    outcome = Outcome(RULES["unknown_lead_lists_are_not_found"], "passed")
    write_junit([outcome], tmp_path / "new" / "rules.xml")
    case = ElementTree.parse(tmp_path / "new" / "rules.xml").getroot().find("testsuite/testcase")
    assert case is not None and case.get("classname") == "catalogue.read-only"
    assert case.findtext("system-out") == (
        "A lead list id that was never created is a 404, with or without paging (never the 400 the spec also "
        "documents for GET). Source: spec getLeadList 404"
    )
