"""The catalogue of the Lead Lists API's promises: each rule once, with an id, the text it comes from
and what it needs (its tiers). The same rules run in pytest against the sandbox
(`contract_tests/test_catalogue.py`), in `make conformance` against any server, and in the installed
`amplemarket-lead-lists conformance` command.

Two kinds of rule:
- an *active* rule makes its own requests (GETs only in the read-only tier) and fails with evidence;
- a *response* rule judges every response the active rules receive (e.g. `Retry-After` only while
  pending); it is skipped, by name, when no response it applies to was seen.

Every request an active rule makes is one the spec allows (`page[size]` 1 to 100, cursors taken from
the server's own answers), except where the rule probes a documented bound on purpose and expects the
spec's 400. A 429 is waited out as its `Retry-After` says. Evidence names the rule, the field and the
numbers, never a request body or the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx

from . import active, judges
from .session import (
    ADDED_LEADS,
    CAP_OVERFLOW,
    CAP_ROOM,
    MAX_LEADS_PER_REQUEST,
    PLAIN_LEADS,
    SMALL_LEADS,
    TIER_SETTING,
    Outcome,
    Rule,
    Seen,
    Session,
    Skip,
    Tier,
)

# -- the catalogue -----------------------------------------------------------------------------------

GUIDE = "vendor guide (openapi/sources/lead-lists-guide.txt)"
R, C, L, K = Tier.READ_ONLY, Tier.CREATE, Tier.LARGE, Tier.SECOND_KEY


def _rule(id: str, source: str, needs: Iterable[Tier], **kinds: Any) -> Rule:
    return Rule(id, source, frozenset(needs), **kinds)


CATALOGUE: tuple[Rule, ...] = (
    _rule(
        "unknown_lead_lists_are_not_found", "spec getLeadList 404", [R], check=active.unknown_lead_lists_are_not_found
    ),
    _rule(
        "pages_walk_every_entry_once",
        f"{GUIDE}: Retrieving a Lead List, Links next/prev",
        [R],
        check=active.pages_walk_every_entry_once,
    ),
    _rule(
        "pages_reached_backwards_carry_links",
        f"{GUIDE}: Links prev/next; spec page[before]",
        [R],
        check=active.pages_reached_backwards_carry_links,
    ),
    _rule("page_sizes_are_bounded", "spec page[size] minimum 1, maximum 100", [R], check=active.page_sizes_are_bounded),
    _rule("listing_reaches_every_list", "spec listLeadLists", [R], check=active.listing_reaches_every_list),
    _rule(
        "created_lists_are_located",
        f"{GUIDE}: Creating a new Lead List, Response",
        [C],
        check=active.created_lists_are_located,
    ),
    _rule(
        "omitted_fields_take_their_defaults",
        f"{GUIDE}: visible defaults to true; the 202 example's options",
        [C],
        check=active.omitted_fields_take_their_defaults,
    ),
    _rule(
        "lead_lists_echo_what_was_sent", f"{GUIDE}: Lead List Object", [C], check=active.lead_lists_echo_what_was_sent
    ),
    _rule(
        "completed_lists_hold_every_lead_sent",
        "spec addLeads: every accepted lead becomes one entry",
        [C],
        check=active.completed_lists_hold_every_lead_sent,
    ),
    _rule(
        "entries_carry_their_leads_input",
        f"{GUIDE}: Lead List Entry Object",
        [C],
        check=active.entries_carry_their_leads_input,
    ),
    _rule(
        "switched_off_options_show_in_entries",
        f"{GUIDE}: options.validate_email, options.enrich",
        [C],
        check=active.switched_off_options_show_in_entries,
    ),
    _rule("listing_is_newest_first", "spec listLeadLists: newest first", [C], check=active.listing_is_newest_first),
    _rule(
        "adding_to_unknown_lists_is_not_found",
        "spec addLeads 404",
        [C],
        check=active.adding_to_unknown_lists_is_not_found,
    ),
    _rule(
        "invalid_creates_are_rejected",
        f"{GUIDE}: owner mandatory; each linkedin entry requires linkedin_url",
        [C],
        check=active.invalid_creates_are_rejected,
    ),
    _rule(
        "ten_thousand_leads_per_request",
        "vendor reference: maxItems 10000 (create and add)",
        [C],
        check=active.ten_thousand_leads_per_request,
    ),
    _rule(
        "another_keys_lists_are_not_found_on_read",
        "spec getLeadList 404: no lead list with this id for this API key",
        [R, K],
        check=active.another_keys_lists_are_not_found_on_read,
    ),
    _rule(
        "another_keys_lists_are_not_found_on_add",
        "spec addLeads 404",
        [C, K],
        check=active.another_keys_lists_are_not_found_on_add,
    ),
    _rule(
        "entry_ids_survive_adds",
        "spec addLeads: old entries first, new ones after; cursor = entry id",
        [C],
        check=active.entry_ids_survive_adds,
    ),
    _rule(
        "lead_list_cap_keeps_the_first_leads",
        "vendor reference addLeads: 60,000 per list, partial add, 409",
        [C, L],
        check=active.lead_list_cap_keeps_the_first_leads,
    ),
    _rule(
        "retry_after_only_while_pending",
        f"{GUIDE}: Polling a Lead List",
        [R],
        judge=judges.retry_after_only_while_pending,
    ),
    _rule(
        "pending_lists_carry_no_entries",
        f'{GUIDE}: Polling a Lead List ("leads": [])',
        [R],
        judge=judges.pending_lists_carry_no_entries,
    ),
    _rule(
        "responses_use_the_vendors_media_type",
        f"{GUIDE}: Content-Type: application/vnd.amp+json",
        [R],
        judge=judges.responses_use_the_vendors_media_type,
    ),
    _rule("errors_carry_the_envelope", "vendor errors page: _errors", [R], judge=judges.errors_carry_the_envelope),
    _rule(
        "error_pointers_are_json_pointers",
        "vendor errors page: source.pointer, RFC 6901",
        [R],
        judge=judges.error_pointers_are_json_pointers,
    ),
    _rule(
        "error_codes_fit_the_status",
        "vendor errors page: code, title; spec examples",
        [R],
        judge=judges.error_codes_fit_the_status,
    ),
)
RULES = {rule.id: rule for rule in CATALOGUE}


def tier_of(rule: Rule) -> str:
    """The rule's tier as a CI user chooses it: the most demanding thing it needs."""
    for tier in (K, L, C):
        if tier in rule.needs:
            return tier.value
    return R.value


def tier_cost(allowed: frozenset[Tier]) -> str:
    """What a run with these tiers sends and creates, for the first line of its output."""
    if C not in allowed:
        cost = "read-only: GETs only, nothing created"
    else:
        leads = PLAIN_LEADS + ADDED_LEADS + 2 * SMALL_LEADS + 1
        cost = (
            f"creates 4 lead lists holding {leads} leads in all, "
            "plus requests of 10,001 leads a conforming server rejects"
        )
        if L in allowed:
            cost += (
                f"; large: a list of {MAX_LEADS_PER_REQUEST:,} leads, and {CAP_ROOM + CAP_OVERFLOW + 1} "
                "leads offered to CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID"
            )
    if K in allowed:
        cost += (
            "; the second key reads (and, when creating, adds to) the first key's list, "
            "which a conforming server refuses"
        )
    return cost


def run_catalogue(session: Session, rules: Iterable[Rule] = CATALOGUE) -> list[Outcome]:
    """Every rule, in order: active ones first (each skipped, by name, when the session's tiers lack
    what it needs), then the response rules over everything the active ones received."""
    chosen = list(rules)
    outcomes: dict[str, Outcome] = {}
    for rule in chosen:
        missing = rule.needs - session.allowed
        if missing:
            settings = ", ".join(TIER_SETTING[tier] for tier in sorted(missing, key=lambda t: t.value))
            outcomes[rule.id] = Outcome(rule, "skipped", f"needs {settings}")
        elif rule.check is not None:
            outcomes[rule.id] = _run(rule, session)
    for rule in chosen:
        if rule.judge is not None and rule.id not in outcomes:
            outcomes[rule.id] = _judge(rule, session.seen)
    return [outcomes[rule.id] for rule in chosen]


def _run(rule: Rule, session: Session) -> Outcome:
    assert rule.check is not None
    try:
        rule.check(session)
    except Skip as reason:
        return Outcome(rule, "skipped", str(reason))
    except AssertionError as error:
        return Outcome(rule, "failed", str(error))
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
        return Outcome(rule, "failed", f"{type(error).__name__} on the way: {str(error)[:200]}")
    return Outcome(rule, "passed")


def _judge(rule: Rule, seen: list[Seen]) -> Outcome:
    assert rule.judge is not None
    applied = 0
    for answer in seen:
        verdict = rule.judge(answer)
        if verdict is None:
            continue
        applied += 1
        if verdict is not True:
            return Outcome(rule, "failed", f"{answer.method} {answer.path.split('?')[0]}: {verdict}")
    if not applied:
        return Outcome(rule, "skipped", "no answer it applies to was met")
    return Outcome(rule, "passed", f"{applied} answers judged")
