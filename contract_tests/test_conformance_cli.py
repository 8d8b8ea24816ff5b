"""`make conformance` over real HTTP: it passes against the sandbox, fails against each broken
variant of it, and refuses to pass when the key is missing or rejected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amplemarket_lead_lists.conformance.reading import MAX_LEADS_PER_LIST
from amplemarket_lead_lists.conformance.session import CAP_ROOM
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.server import serving
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests import broken_sandboxes
from contract_tests.conformance import (
    SANDBOX_KEY,
    SANDBOX_OTHER_KEY,
    SANDBOX_SETTINGS,
    main,
    prefilled_lead_list,
    run_against_sandbox,
    run_conformance,
    run_schemathesis,
)

# What the output must name for each variant: the check that catches it.
CAUGHT_BY = {
    "retry_after_when_completed": "retry_after_while_pending",
    "no_location": "ST107 Missing required response headers",
    "gone_instead_of_not_found": "ST103 Undocumented status code",
    "drops_an_entry": "pages_are_complete",
    "errors_without_envelope": "errors_are_well_formed",
    "add_drops_a_lead": "pages_are_complete",
    "cap_not_enforced": "lead_list_cap_is_enforced",
    "lists_a_missing_list": "listed_lead_lists_are_readable",
    "bad_request_instead_of_not_found": "statuses_fit_the_request",
    "prev_on_first_page": "pages_are_complete",
    "reports_another_owner": "lead_lists_echo_what_was_sent",
    "entry_linkedin_url_differs": "pages_are_complete",
    "page_size_off_by_one": "pages_are_complete",
    "accepts_too_many_leads": "ten_thousand_leads_per_request: FAILED",
}
# The catalogue's rule that catches it as well, for the variants that break a rule's promise.
RULE_CATCHES = {
    "gone_instead_of_not_found": "unknown_lead_lists_are_not_found",
    "bad_request_instead_of_not_found": "unknown_lead_lists_are_not_found",
    "prev_on_first_page": "pages_walk_every_entry_once",
    "reports_another_owner": "lead_lists_echo_what_was_sent",
    "entry_linkedin_url_differs": "entries_carry_their_leads_input",
    "page_size_off_by_one": "page_sizes_are_bounded",
    "accepts_too_many_leads": "ten_thousand_leads_per_request",
    "cap_not_enforced": "lead_list_cap_keeps_the_first_leads",
    "errors_without_envelope": "errors_carry_the_envelope",
    "retry_after_when_completed": "retry_after_only_while_pending",
    "no_location": "created_lists_are_located",
    "lists_a_missing_list": "listing_reaches_every_list",
}
SCHEMATHESIS_VARIANTS = sorted(CAUGHT_BY)
"""The variants Schemathesis' own and custom checks were built for; the rest are the catalogue's."""


def test_every_broken_variant_is_tested() -> None:
    assert (
        sorted(CAUGHT_BY.keys() | broken_sandboxes.PROVES.values() | {v for _, v in broken_sandboxes.ALSO_PROVES})
        == broken_sandboxes.VARIANTS
    )


def test_the_sandbox_conforms(tmp_path: Path) -> None:
    with serving(create_app(SANDBOX_SETTINGS)) as url:
        done = run_against_sandbox(url, max_examples=15, report=tmp_path / "j.xml")
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"\b(\d+) generated, \1 passed\b", done.stdout), done.stdout[-3000:]  # no failures
    assert (tmp_path / "j.xml").read_text().count("<testcase") >= 3
    assert "25 passed, 0 failed, 0 skipped" in done.stdout, done.stdout[-3000:]
    assert done.stdout.startswith("conformance: creates 4 lead lists")
    assert (tmp_path / "j-rules.xml").read_text().count("<testcase") == 25


@pytest.mark.parametrize("variant", SCHEMATHESIS_VARIANTS)
def test_each_broken_variant_is_caught(variant: str, tmp_path: Path) -> None:
    with serving(broken_sandboxes.broken_app(variant, SANDBOX_SETTINGS)) as url:
        # the catalogue's large rules (a walk of 60,000 entries) only where the fault is theirs
        large = RULE_CATCHES.get(variant) == "lead_list_cap_keeps_the_first_leads"
        done = run_against_sandbox(url, max_examples=15, report=tmp_path / "j.xml", large=large)
    assert done.returncode == 1, done.stdout[-3000:]
    assert CAUGHT_BY[variant] in done.stdout, done.stdout[-3000:]
    if variant in RULE_CATCHES:
        assert f"{RULE_CATCHES[variant]}: FAILED" in done.stdout, done.stdout[-3000:]
    # The JUnit of whatever caught it: Schemathesis' for its checks; the rules' when only a rule is named
    # (Schemathesis meets a body of 10,001 leads only in some runs: the rule sends one every time).
    caught_by_a_rule = CAUGHT_BY[variant].endswith(": FAILED")
    report = (tmp_path / ("j-rules.xml" if caught_by_a_rule else "j.xml")).read_text()
    assert "<failure" in report
    everything = report + (tmp_path / "j.xml").read_text() + done.stdout + done.stderr
    assert SANDBOX_KEY not in everything  # repro lines show [Filtered]


def test_a_rejected_key_fails_the_run(tmp_path: Path) -> None:
    with serving(create_app(SANDBOX_SETTINGS)) as url:
        done = run_schemathesis(url, "not-a-sandbox-key", allow_create=False, max_examples=5, report=tmp_path / "j.xml")
    assert done.returncode != 0
    assert "not-a-sandbox-key" not in done.stdout + done.stderr


def test_make_conformance_needs_a_key_for_another_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(create_app(SANDBOX_SETTINGS)) as url:
        monkeypatch.setenv("BASE_URL", url)
        monkeypatch.delenv("AMPLEMARKET_API_KEY", raising=False)
        assert main() == 2
        monkeypatch.setenv("AMPLEMARKET_API_KEY", "rejected-key")
        assert main() == 2


def test_read_only_against_a_server_that_conforms_passes_and_neither_creates_nor_adds(tmp_path: Path) -> None:
    app = create_app(SANDBOX_SETTINGS)
    with serving(app) as url:
        lead_list_id = prefilled_lead_list(url, SANDBOX_KEY, 250)
        for fixed in (None, lead_list_id):
            done = run_conformance(
                url, SANDBOX_KEY, allow_create=False, max_examples=5, report=tmp_path / "j.xml", lead_list_id=fixed
            )
            assert done.returncode == 0, done.stdout[-3000:]
            # the read-only rules ran (the listed list read with every page size); the creating ones did not
            assert "page_sizes_are_bounded: passed" in done.stdout
            assert "entry_ids_survive_adds: skipped — needs CONFORMANCE_ALLOW_CREATE=1" in done.stdout
    lead_lists = app.state.sandbox.store.accounts[SANDBOX_KEY].lead_lists
    assert list(lead_lists) == [lead_list_id] and len(lead_lists[lead_list_id].leads) == 250


@pytest.mark.parametrize(
    ("variant", "caught_by"),
    [
        ("bad_request_instead_of_not_found", "unknown_lead_lists_are_not_found"),
        ("prev_on_first_page", "pages_walk_every_entry_once"),
    ],
)
def test_read_only_rules_catch_what_needs_no_create(variant: str, caught_by: str, tmp_path: Path) -> None:
    with serving(broken_sandboxes.broken_app(variant, SANDBOX_SETTINGS)) as url:
        lead_list_id = prefilled_lead_list(url, SANDBOX_KEY, 250)
        done = run_conformance(
            url, SANDBOX_KEY, allow_create=False, max_examples=5, report=tmp_path / "j.xml", lead_list_id=lead_list_id
        )
    assert done.returncode == 1
    assert f"{caught_by}: FAILED" in done.stdout, done.stdout[-3000:]


def test_a_fault_only_a_real_list_shows_is_caught_through_conformance_lead_list_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with serving(broken_sandboxes.broken_app("retry_after_when_completed", SANDBOX_SETTINGS)) as url:
        monkeypatch.setenv("BASE_URL", url)
        monkeypatch.setenv("AMPLEMARKET_API_KEY", SANDBOX_KEY)
        monkeypatch.setenv("CONFORMANCE_MAX_EXAMPLES", "5")
        monkeypatch.delenv("CONFORMANCE_ALLOW_CREATE", raising=False)
        monkeypatch.delenv("CONFORMANCE_LEAD_LIST_ID", raising=False)
        assert main() == 0  # read-only, no list to read: the fault is out of reach
        monkeypatch.setenv("CONFORMANCE_LEAD_LIST_ID", "no-such-list")
        assert main() == 2  # a mistyped id would only ever meet 404s
        monkeypatch.setenv("CONFORMANCE_LEAD_LIST_ID", prefilled_lead_list(url, SANDBOX_KEY, 250))
        assert main() == 1


# Lists complete in about 30 ms and Retry-After is 0: the rules poll without waiting a second each time.
QUICK = Settings(retry_after=0, queue_seconds=0.01, processing_seconds=0.02, seconds_per_lead=0.0, rate_limit=10**9)


@pytest.mark.parametrize(("rule", "variant"), sorted(broken_sandboxes.PROVES.items()) + broken_sandboxes.ALSO_PROVES)
def test_each_rule_catches_its_broken_sandbox_over_http(rule: str, variant: str, tmp_path: Path) -> None:
    """The CLI's run of the catalogue (Schemathesis left out: its variants are tested above) names the
    rule that the variant breaks; which rules *only* it breaks is shown in-process (test_catalogue)."""
    with serving(broken_sandboxes.broken_app(variant, QUICK)) as url:
        large = rule == "lead_list_cap_keeps_the_first_leads"  # walking 60,000 entries: only where needed
        done = run_conformance(
            url,
            SANDBOX_KEY,
            allow_create=True,
            max_examples=1,
            report=tmp_path / "j.xml",
            large=large,
            other_key=SANDBOX_OTHER_KEY,
            cap_lead_list_id=prefilled_lead_list(url, SANDBOX_KEY, MAX_LEADS_PER_LIST - CAP_ROOM) if large else None,
            fuzz=False,
        )
    assert done.returncode == 1, done.stdout
    assert f"  {rule}: FAILED — " in done.stdout, done.stdout
    assert f'<testcase name="{rule}"' in (tmp_path / "j-rules.xml").read_text()
    assert SANDBOX_KEY not in done.stdout + (tmp_path / "j-rules.xml").read_text()


def test_the_catalogue_passes_over_http_on_the_sandbox(tmp_path: Path) -> None:
    with serving(create_app(QUICK)) as url:
        done = run_against_sandbox(url, max_examples=1, report=tmp_path / "j.xml", fuzz=False)
    assert done.returncode == 0, done.stdout
    assert "25 passed, 0 failed, 0 skipped" in done.stdout
    summary = (tmp_path / "j-summary.txt").read_text()
    assert summary.splitlines()[0].startswith("conformance: creates 4 lead lists holding 130 leads")
