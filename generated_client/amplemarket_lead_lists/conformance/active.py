"""The active rules: each makes its own requests (GETs only in the read-only tier) and fails with
evidence that names the rule, the field and the numbers, never a request body or the key."""

from __future__ import annotations

import math
import uuid
from collections import Counter
from typing import Any

from .reading import (
    MAX_LEADS_PER_LIST,
    MAX_PAGE_SIZE,
    PENDING,
    echo_problem,
    normalised,
    small_page_size,
    walk,
)
from .session import (
    ADDED_LEADS,
    CAP_OVERFLOW,
    CAP_ROOM,
    DEFAULT_OPTIONS,
    MAX_LEADS_PER_REQUEST,
    Session,
    Skip,
    Tier,
    expect,
    linkedin_leads,
    plain_body,
)

# -- read-only rules -------------------------------------------------------------------------------


def unknown_lead_lists_are_not_found(s: Session) -> None:
    """A lead list id that was never created is a 404, with or without paging (never the 400 the
    spec also documents for GET)."""
    missing = f"/lead-lists/{uuid.uuid4()}"
    for params in (None, {"page[size]": 1}):
        expect(s.get(missing, params), 404, f"GET of an unknown id {'with page[size]=1' if params else ''}".strip())


def pages_walk_every_entry_once(s: Session) -> None:
    """From a completed list's first page, `next` reaches every entry once: each page but the last
    holds exactly `page[size]`, the first has no `prev`, `prev` leads back; walked in the default
    pages and again in about 20 smaller ones (never above 100), to the same entries."""
    list_id = s.readable_list()
    ids = [entry["id"] for entry in walk(s.completed(list_id), s.fetch, size=MAX_PAGE_SIZE)]
    size = small_page_size(len(ids))
    if len(ids) >= 2 and size != MAX_PAGE_SIZE:
        first = s.fetch(f"/lead-lists/{list_id}?page[size]={size}")
        again = [entry["id"] for entry in walk(first, s.fetch, size=size)]
        if again != ids:
            raise AssertionError(f"page[size]={size} walked {len(again)} entries in another order or set than 100")


def pages_reached_backwards_carry_links(s: Session) -> None:
    """A page reached by `prev`, or asked for with `page[before]`, carries `next` (entries follow it)
    and `prev` exactly when entries precede it, like any other page."""
    list_id = s.readable_list()
    ids = [entry["id"] for entry in s.entries(list_id)]
    if len(ids) < 3:
        raise Skip(f"the list read holds {len(ids)} entries; 3 are needed")
    size = min(MAX_PAGE_SIZE, max(1, math.ceil(len(ids) / 3)))
    before = s.fetch(f"/lead-lists/{list_id}?page[size]={size}&page[before]={ids[-1]}")
    got = [entry["id"] for entry in before.get("leads", [])]
    want = ids[len(ids) - 1 - size : -1]  # entries precede it: size is about a third of 3 or more
    if got != want:
        raise AssertionError(
            f"page[before] the last entry (page[size]={size}) held {len(got)} entries, not {len(want)}"
        )
    _links_fit(before, what="the page before the last entry")
    last = s.fetch(f"/lead-lists/{list_id}?page[size]={size}&page[after]={ids[-2]}")
    prev = last.get("_links", {}).get("prev")
    if prev is None:
        raise AssertionError("the page after the second-to-last entry has no prev")
    back = s.fetch(prev["href"])
    _links_fit(back, what="the page reached by prev")
    forward = s.fetch(back["_links"]["next"]["href"])
    if [entry["id"] for entry in forward.get("leads", [])] != ids[-1:]:
        raise AssertionError("next of the page reached by prev does not lead to the last entry")


def _links_fit(page: dict[str, Any], *, what: str) -> None:
    """Both links: entries follow the page, and precede it too (of 3 or more entries in pages of about
    a third, the page of `size` before the last entry never starts at the first)."""
    links = page.get("_links", {})
    if "next" not in links:
        raise AssertionError(f"{what} has no next link, though entries follow it")
    if "prev" not in links:
        raise AssertionError(f"{what} lacks a prev link")


def page_sizes_are_bounded(s: Session) -> None:
    """`page[size]` is 1 to 100 on both paged operations: 0 and 101 are a 400 naming the parameter,
    1 and 100 give pages of at most that many."""
    paths = [("/lead-lists", "lead_lists"), (f"/lead-lists/{s.readable_list()}", "leads")]
    for path, items in paths:
        for size, status in ((0, 400), (1, 200), (100, 200), (101, 400)):
            got = s.get(path, {"page[size]": size})
            expect(got, status, f"GET {path.split('/')[1]}{'/{id}' if items == 'leads' else ''}?page[size]={size}")
            held = len(got.json().get(items, [])) if status == 200 else 0
            if held > size:
                raise AssertionError(f"GET with page[size]={size} answered {held} {items}")


def listing_reaches_every_list(s: Session) -> None:
    """`GET /lead-lists` pages like entries: `next` reaches every list once, `prev` leads back, and
    each list of the first page reads back by id with its name."""
    first = s.get("/lead-lists")
    expect(first, 200, "GET /lead-lists")
    body = first.json()
    if not body.get("lead_lists"):
        raise Skip("the key has no lead list to list")
    walk(body, s.fetch, size=MAX_PAGE_SIZE, items="lead_lists")
    for summary in body["lead_lists"][:5]:
        got = s.get(f"/lead-lists/{summary['id']}")
        if got.status_code != 200 or got.json().get("name") != summary.get("name"):
            raise AssertionError(f"listed lead list {summary['id']!r} reads back as {got.status_code}")


def another_keys_lists_are_not_found_on_read(s: Session) -> None:
    """A lead list is its key's own: another key reading it gets a 404, and does not see it listed."""
    list_id = s.readable_list()
    got = s.get(f"/lead-lists/{list_id}", other=True)
    expect(got, 404, "GET of the first key's list with the second key")
    listing = s.get("/lead-lists", other=True)
    if listing.status_code == 200 and any(x.get("id") == list_id for x in listing.json().get("lead_lists", [])):
        raise AssertionError("the second key's listing names the first key's list")


# -- creating rules ----------------------------------------------------------------------------------


def created_lists_are_located(s: Session) -> None:
    """A create is a 202 with `Location` equal to `_links.self.href`, the list `queued` (guide: "This
    will return a 202 Accepted")."""
    body = plain_body(s) | {"leads": linkedin_leads(1, "located")}
    got = s.post("/lead-lists", body)
    expect(got, 202, "a create of 1 lead")
    answer = got.json()
    location, self_href = got.headers.get("location"), answer.get("_links", {}).get("self", {}).get("href")
    if location is None or location != self_href:
        raise AssertionError(f"Location {location!r} differs from _links.self.href {self_href!r}")
    if answer.get("status") not in PENDING:
        raise AssertionError(f"a new list is {answer.get('status')!r}, not queued or processing")


def omitted_fields_take_their_defaults(s: Session) -> None:
    """A create without `visible` or `options` reports `visible: true` (guide: "defaults to true")
    and the options of the guide's example (`reveal_phone_numbers` false, `validate_email` and
    `enrich` true), in the 202 and once completed; without `name`, a generated one."""
    list_id, _ = s.created("plain")
    for what, body in (("the 202", s.accepted["plain"]), ("the completed list", s.completed(list_id))):
        if body.get("visible") is not True:
            raise AssertionError(f"{what} created without visible reports visible {body.get('visible')!r}")
        options = body.get("options") or {}
        for name, want in DEFAULT_OPTIONS.items():
            if options.get(name) is not want:
                raise AssertionError(f"{what} created without options reports options.{name} {options.get(name)!r}")
        if not body.get("name"):
            raise AssertionError(f"{what} created without name has name {body.get('name')!r}")


def lead_lists_echo_what_was_sent(s: Session) -> None:
    """A list reports the name, owner, type, `shared`, `visible` and options it was created with."""
    list_id, sent = s.created("flags")
    problem = echo_problem(sent, s.completed(list_id))
    if problem is not None:
        raise AssertionError(problem)


def completed_lists_hold_every_lead_sent(s: Session) -> None:
    """Once completed, a list's entries (counted by paging) are as many as the leads sent."""
    list_id, sent = s.created("plain")
    found = len(s.entries(list_id))
    if found != len(sent["leads"]):
        raise AssertionError(f"paging the completed list found {found} entries; {len(sent['leads'])} leads were sent")


def entries_carry_their_leads_input(s: Session) -> None:
    """Each entry's `linkedin_url` is that of a lead sent (the guide's entries echo their input)."""
    list_id, sent = s.created("plain")
    unmatched = Counter(normalised(e.get("linkedin_url")) for e in s.entries(list_id)) - Counter(
        normalised(lead["linkedin_url"]) for lead in sent["leads"]
    )
    if unmatched:
        raise AssertionError(f"{sum(unmatched.values())} entries carry a linkedin_url no lead sent")


def switched_off_options_show_in_entries(s: Session) -> None:
    """An email list with `validate_email` and `enrich` off: no entry carries an
    `email_validation_result` or a matched person (`person_id`)."""
    list_id, _ = s.created("quiet email")
    entries = s.entries(list_id)
    validated = sum(1 for entry in entries if entry.get("email_validation_result"))
    enriched = sum(1 for entry in entries if entry.get("person_id"))
    if validated or enriched:
        raise AssertionError(
            f"with validate_email and enrich false, {validated} of {len(entries)} entries carry "
            f"email_validation_result and {enriched} a person_id"
        )


def listing_is_newest_first(s: Session) -> None:
    """`GET /lead-lists` lists the newest list first (the spec's listLeadLists)."""
    older, newer = s.created("plain")[0], s.created("flags")[0]
    order: list[str] = []
    page = s.get("/lead-lists")
    expect(page, 200, "GET /lead-lists")
    body = page.json()
    while True:
        order += [x["id"] for x in body.get("lead_lists", []) if x.get("id") in (older, newer)]
        if len(order) == 2 or "next" not in body.get("_links", {}):
            break
        body = s.fetch(body["_links"]["next"]["href"])
    if order != [newer, older]:
        raise AssertionError(
            f"of two lists created one after the other the listing shows {len(order)}, "
            f"the newer first: {order[:1] == [newer]}"
        )


def adding_to_unknown_lists_is_not_found(s: Session) -> None:
    """An add to a lead list id that was never created is a 404."""
    expect(
        s.post(f"/lead-lists/{uuid.uuid4()}/leads", {"leads": linkedin_leads(1, "nowhere")}),
        404,
        "an add to an unknown id",
    )


def ten_thousand_leads_per_request(s: Session) -> None:
    """10,001 leads are a 400 in a create and in an add, which leaves the list as it was; with
    CONFORMANCE_ALLOW_LARGE=1 a create of exactly 10,000 is a 202."""
    body = plain_body(s) | {"leads": linkedin_leads(MAX_LEADS_PER_REQUEST + 1, "over")}
    expect(s.post("/lead-lists", body), 400, "a create of 10,001 leads")
    list_id, _ = s.created("flags")
    before = len(s.entries(list_id))
    over = {"leads": linkedin_leads(MAX_LEADS_PER_REQUEST + 1, "over")}
    expect(s.post(f"/lead-lists/{list_id}/leads", over), 400, "an add of 10,001 leads")
    held = len(s.entries(list_id))
    if held != before:
        raise AssertionError(f"after a rejected add of 10,001 the list holds {held} entries, not {before}")
    if Tier.LARGE in s.allowed:
        exact = plain_body(s) | {"leads": linkedin_leads(MAX_LEADS_PER_REQUEST, "exact")}
        expect(s.post("/lead-lists", exact), 202, "a create of 10,000 leads")


def another_keys_lists_are_not_found_on_add(s: Session) -> None:
    """Another key adding to a list gets a 404 and the list keeps its entries."""
    list_id, _ = s.created("flags")
    before = len(s.entries(list_id))
    got = s.post(f"/lead-lists/{list_id}/leads", {"leads": linkedin_leads(1, "intruder")}, other=True)
    expect(got, 404, "an add to the first key's list with the second key")
    held = len(s.entries(list_id))
    if held != before:
        raise AssertionError(f"after the second key's refused add the list holds {held} entries, not {before}")


def entry_ids_survive_adds(s: Session) -> None:
    """After an add (a 202, the list `queued` or `processing` again), the old entries keep their ids
    and order, and the old last entry's id, as `page[after]`, leads to exactly the new ones."""
    list_id, sent = s.created("plain")
    before = [entry["id"] for entry in s.entries(list_id)]
    got = s.post(f"/lead-lists/{list_id}/leads", {"leads": linkedin_leads(ADDED_LEADS, "added")})
    expect(got, 202, f"an add of {ADDED_LEADS} leads")
    if got.json().get("status") not in PENDING:
        raise AssertionError(f"an accepted add answered with the list {got.json().get('status')!r}")
    after = [entry["id"] for entry in s.entries(list_id)]
    if after[: len(before)] != before:
        changed = sum(1 for old, new in zip(before, after, strict=False) if old != new)
        raise AssertionError(f"after an add {changed} of {len(before)} old entries changed id or place")
    tail = s.get(f"/lead-lists/{list_id}", {"page[after]": before[-1]})
    expect(tail, 200, "GET page[after] the old last entry")
    if [entry["id"] for entry in tail.json().get("leads", [])] != after[len(before) :]:
        raise AssertionError("page[after] the old last entry does not give exactly the added entries")
    sent["leads"] = sent["leads"] + linkedin_leads(ADDED_LEADS, "added")


def lead_list_cap_keeps_the_first_leads(s: Session) -> None:
    """A list holds at most 60,000 leads: an add past the cap is a 202 that keeps the first leads sent
    (none of the overflow), and once full an add is a 409 that adds nothing (vendor reference for
    addLeads: "added partially until the limit is reached", then 409)."""
    list_id = s.nearly_full_lead_list_id
    if list_id is None:
        raise Skip(f"needs CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID: a list of {MAX_LEADS_PER_LIST - CAP_ROOM:,} leads")
    entries = s.entries(list_id)
    if len(entries) != MAX_LEADS_PER_LIST - CAP_ROOM:
        raise Skip(f"the nearly full list holds {len(entries):,} entries, not {MAX_LEADS_PER_LIST - CAP_ROOM:,}")
    last = entries[-1]["id"]
    leads = linkedin_leads(CAP_ROOM + CAP_OVERFLOW, "cap")
    expect(s.post(f"/lead-lists/{list_id}/leads", {"leads": leads}), 202, "an add past the cap")
    kept = [normalised(entry.get("linkedin_url")) for entry in s.entries(list_id, after=last)]
    overflow = {normalised(lead["linkedin_url"]) for lead in leads[CAP_ROOM:]}
    if len(kept) != CAP_ROOM or overflow & set(kept):
        raise AssertionError(
            f"an add of {len(leads)} to a list {CAP_ROOM} short of 60,000 kept {len(kept)} entries, "
            f"{len(overflow & set(kept))} of them from the {CAP_OVERFLOW} leads past the cap"
        )
    full = s.post(f"/lead-lists/{list_id}/leads", {"leads": linkedin_leads(1, "cap-over")})
    expect(full, 409, "an add to a full list")
    held = len(s.entries(list_id, after=last))
    if held != CAP_ROOM:
        raise AssertionError(
            f"after the 409 the list holds {MAX_LEADS_PER_LIST - CAP_ROOM + held:,} entries, not 60,000"
        )


def invalid_creates_are_rejected(s: Session) -> None:
    """A create without `owner`, or whose lead lacks its type's field, is a 400 (nothing is created):
    the answers whose `source.pointer` the error rules judge."""
    body = plain_body(s)
    del body["owner"]
    expect(s.post("/lead-lists", body), 400, "a create without owner")
    expect(
        s.post("/lead-lists", plain_body(s) | {"leads": [{"email": "x@example.com"}]}),
        400,
        "a linkedin lead without linkedin_url",
    )
