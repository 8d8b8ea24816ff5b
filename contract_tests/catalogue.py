"""The catalogue of the Lead Lists API's promises: each rule once, with an id, the text it comes from
and what it needs (its tiers). The same rules run in pytest against the sandbox
(`contract_tests/test_catalogue.py`) and in `make conformance` against any server.

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

import enum
import math
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from contract_tests.checks import (
    MAX_LEADS_PER_LIST,
    MAX_PAGE_SIZE,
    PENDING,
    _normalised,
    echo_problem,
    get_politely,
    small_page_size,
    walk,
)

MEDIA_TYPE = "application/vnd.amp+json"
MAX_LEADS_PER_REQUEST = 10_000
DEFAULT_OPTIONS = {"reveal_phone_numbers": False, "validate_email": True, "enrich": True}
PLAIN_LEADS = 120
"""Leads in the plain list: more than the default page of 100, so every walk crosses a page."""
ADDED_LEADS = 3
SMALL_LEADS = 3
CAP_ROOM = 10
"""The nearly full list holds 60,000 - CAP_ROOM leads; the cap rule adds CAP_ROOM + CAP_OVERFLOW."""
CAP_OVERFLOW = 5
KNOWN_CODES = {
    "unsupported_value": 400,
    "missing_field": 400,
    "unauthorized": 401,
    "not_found": 404,
    "limit_reached": 409,
    "rate_limited": 429,
    "internal_server_error": 500,
    "service_unavailable": 503,
}
"""Error codes whose HTTP status the vendor's pages or the spec's examples pair them with."""


class Tier(enum.Enum):
    READ_ONLY = "read-only"
    CREATE = "create"
    LARGE = "large"
    SECOND_KEY = "second key"


TIER_SETTING = {
    Tier.READ_ONLY: "(always)",
    Tier.CREATE: "CONFORMANCE_ALLOW_CREATE=1",
    Tier.LARGE: "CONFORMANCE_ALLOW_LARGE=1",
    Tier.SECOND_KEY: "CONFORMANCE_SECOND_API_KEY",
}


class Skip(Exception):
    """A rule that cannot run here (nothing to read, a setting missing): reported, never silent."""


@dataclass(frozen=True)
class Seen:
    """One answer an active rule received, as a response rule sees it."""

    method: str
    path: str
    status: int
    headers: httpx.Headers
    body: Any


@dataclass(frozen=True)
class Rule:
    id: str
    source: str
    """Where the promise is written: the vendor's guide (authoritative) or the spec."""
    needs: frozenset[Tier]
    check: Callable[[Session], None] | None = None
    """An active rule: raises AssertionError with evidence, or Skip."""
    judge: Callable[[Seen], str | bool | None] | None = None
    """A response rule: None when the answer is not its business, True when it holds, else the problem."""

    @property
    def summary(self) -> str:
        function = self.check or self.judge
        return (function.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ") if function else ""


@dataclass
class Outcome:
    rule: Rule
    status: str
    """passed | failed | skipped"""
    detail: str = ""


@dataclass
class Session:
    """How the rules reach the server, what they may do, and what they created on the way."""

    client: httpx.Client
    base: str
    headers: dict[str, str]
    allowed: frozenset[Tier] = frozenset({Tier.READ_ONLY})
    other_headers: dict[str, str] | None = None
    """The second key's headers (CONFORMANCE_SECOND_API_KEY)."""
    owner: str = "conformance@example.com"
    lead_list_id: str | None = None
    """CONFORMANCE_LEAD_LIST_ID: a completed list of the account to read."""
    nearly_full_lead_list_id: str | None = None
    """CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID: a list of 60,000 - CAP_ROOM leads (the sandbox prefills one)."""
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 900.0
    lists: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """Lists this run created, by role: (id, the create body)."""
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The 202 body of each list this run created, by role."""
    seen: list[Seen] = field(default_factory=list)

    # -- requests --------------------------------------------------------------------------------

    def get(self, path: str, params: dict[str, Any] | None = None, *, other: bool = False) -> httpx.Response:
        headers = self._headers(other)
        return self._saw("GET", path, get_politely(self.client, self.base + path, params, headers, self.sleep))

    def post(self, path: str, body: dict[str, Any], *, other: bool = False) -> httpx.Response:
        headers = self._headers(other)
        got = self.client.post(self.base + path, json=body, headers=headers)
        for _ in range(5):
            if got.status_code != 429:
                break
            self.sleep(_seconds(got.headers.get("retry-after")))
            got = self.client.post(self.base + path, json=body, headers=headers)
        return self._saw("POST", path, got)

    def fetch(self, href: str) -> dict[str, Any]:
        """GET a `_links` href; anything but a 200 fails the rule."""
        split = urlsplit(href)
        got = self.get(split.path, {name: values[0] for name, values in parse_qs(split.query).items()})
        if got.status_code != 200:
            raise AssertionError(f"GET {href} answered {got.status_code}")
        body: dict[str, Any] = got.json()
        return body

    def _headers(self, other: bool) -> dict[str, str]:
        if not other:
            return self.headers
        if self.other_headers is None:
            raise Skip("needs CONFORMANCE_SECOND_API_KEY")
        return self.other_headers

    def _saw(self, method: str, path: str, response: httpx.Response) -> httpx.Response:
        try:
            body = response.json()
        except ValueError:
            body = None
        self.seen.append(Seen(method, path, response.status_code, response.headers, body))
        return response

    # -- lists -----------------------------------------------------------------------------------

    def created(self, role: str) -> tuple[str, dict[str, Any]]:
        """The list this run created for `role` (made on first use, then reused): its id and body."""
        if role not in self.lists:
            body = CREATE_BODIES[role](self)
            got = self.post("/lead-lists", body)
            expect(got, 202, f"create of the {role} list ({len(body['leads'])} leads)")
            self.lists[role] = (got.json()["id"], body)
            self.accepted[role] = got.json()
        return self.lists[role]

    def completed(self, list_id: str) -> dict[str, Any]:
        """The list's first page once it is completed, polling as `Retry-After` asks."""
        deadline = time.monotonic() + self.timeout
        while True:
            got = self.get(f"/lead-lists/{list_id}")
            expect(got, 200, f"GET /lead-lists/{list_id}")
            body: dict[str, Any] = got.json()
            if body.get("status") == "completed":
                return body
            if body.get("status") not in PENDING or time.monotonic() > deadline:
                raise AssertionError(f"lead list {list_id} is {body.get('status')!r}, not completed")
            self.sleep(_seconds(got.headers.get("retry-after"), default=5.0))

    def entries(self, list_id: str, size: int = MAX_PAGE_SIZE, after: str | None = None) -> list[dict[str, Any]]:
        """Every entry of a completed list (after the entry `after`), following `next`. The pages are
        not judged here: that is the paging rules' business, so a paging fault fails them alone."""
        self.completed(list_id)
        query = f"page[size]={size}" + (f"&page[after]={after}" if after else "")
        page = self.fetch(f"/lead-lists/{list_id}?{query}")
        found = list(page.get("leads", []))
        while "next" in page.get("_links", {}) and len(found) <= MAX_LEADS_PER_LIST:
            page = self.fetch(page["_links"]["next"]["href"])
            found += page.get("leads", [])
        return found

    def readable_list(self) -> str:
        """A completed list to read: CONFORMANCE_LEAD_LIST_ID, the plain list (when creating is
        allowed), or the first completed list the listing shows."""
        if self.lead_list_id is not None:
            return self.lead_list_id
        if Tier.CREATE in self.allowed:
            list_id = self.created("plain")[0]
            self.completed(list_id)
            return list_id
        listing = self.get("/lead-lists")
        expect(listing, 200, "GET /lead-lists")
        for summary in listing.json().get("lead_lists", []):
            if summary.get("status") == "completed":
                return str(summary["id"])
        raise Skip("no completed lead list to read (set CONFORMANCE_LEAD_LIST_ID)")


def _seconds(value: str | None, default: float = 1.0) -> float:
    return float(value) if value is not None and value.isdigit() else default


def expect(response: httpx.Response, status: int, what: str) -> None:
    if response.status_code != status:
        raise AssertionError(f"{what} answered {response.status_code}, not {status}")


def linkedin_leads(count: int, tag: str, start: int = 0) -> list[dict[str, str]]:
    return [{"linkedin_url": f"https://www.linkedin.com/in/conformance-{tag}-{n}"} for n in range(start, start + count)]


def _plain_body(s: Session) -> dict[str, Any]:
    """No `name`, `visible` or `options`: the server's defaults show."""
    return {"owner": s.owner, "shared": False, "type": "linkedin", "leads": linkedin_leads(PLAIN_LEADS, "plain")}


def _flags_body(s: Session) -> dict[str, Any]:
    """Every flag the other way from its default, so a server reporting its defaults is caught."""
    return {
        "name": f"conformance {uuid.uuid4().hex[:8]}",
        "owner": s.owner,
        "shared": False,
        "visible": False,
        "type": "linkedin",
        "options": {"reveal_phone_numbers": True, "validate_email": True, "enrich": True},
        "leads": linkedin_leads(SMALL_LEADS, "flags"),
    }


def _quiet_email_body(s: Session) -> dict[str, Any]:
    """An email list with validation and enrichment off (allowed for email lists only)."""
    return {
        "owner": s.owner,
        "shared": False,
        "visible": False,
        "type": "email",
        "options": {"validate_email": False, "enrich": False},
        "leads": [{"email": f"conformance-{n}@example.com"} for n in range(SMALL_LEADS)],
    }


CREATE_BODIES: dict[str, Callable[[Session], dict[str, Any]]] = {
    "plain": _plain_body,
    "flags": _flags_body,
    "quiet email": _quiet_email_body,
}


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
    want = ids[max(0, len(ids) - 1 - size) : -1]
    if got != want:
        raise AssertionError(
            f"page[before] the last entry (page[size]={size}) held {len(got)} entries, not {len(want)}"
        )
    _links_fit(before, has_prev=len(ids) - 1 > size, what="the page before the last entry")
    last = s.fetch(f"/lead-lists/{list_id}?page[size]={size}&page[after]={ids[-2]}")
    prev = last.get("_links", {}).get("prev")
    if prev is None:
        raise AssertionError("the page after the second-to-last entry has no prev")
    back = s.fetch(prev["href"])
    _links_fit(back, has_prev=len(ids) - 1 > size, what="the page reached by prev")
    forward = s.fetch(back["_links"]["next"]["href"])
    if [entry["id"] for entry in forward.get("leads", [])] != ids[-1:]:
        raise AssertionError("next of the page reached by prev does not lead to the last entry")


def _links_fit(page: dict[str, Any], *, has_prev: bool, what: str) -> None:
    links = page.get("_links", {})
    if "next" not in links:
        raise AssertionError(f"{what} has no next link, though entries follow it")
    if ("prev" in links) != has_prev:
        raise AssertionError(f"{what} {'lacks' if has_prev else 'has'} a prev link")


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
    body = _plain_body(s) | {"leads": linkedin_leads(1, "located")}
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
    unmatched = Counter(_normalised(e.get("linkedin_url")) for e in s.entries(list_id)) - Counter(
        _normalised(lead["linkedin_url"]) for lead in sent["leads"]
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
    body = _plain_body(s) | {"leads": linkedin_leads(MAX_LEADS_PER_REQUEST + 1, "over")}
    expect(s.post("/lead-lists", body), 400, "a create of 10,001 leads")
    list_id, _ = s.created("flags")
    before = len(s.entries(list_id))
    over = {"leads": linkedin_leads(MAX_LEADS_PER_REQUEST + 1, "over")}
    expect(s.post(f"/lead-lists/{list_id}/leads", over), 400, "an add of 10,001 leads")
    held = len(s.entries(list_id))
    if held != before:
        raise AssertionError(f"after a rejected add of 10,001 the list holds {held} entries, not {before}")
    if Tier.LARGE in s.allowed:
        exact = _plain_body(s) | {"leads": linkedin_leads(MAX_LEADS_PER_REQUEST, "exact")}
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
    kept = [_normalised(entry.get("linkedin_url")) for entry in s.entries(list_id, after=last)]
    overflow = {_normalised(lead["linkedin_url"]) for lead in leads[CAP_ROOM:]}
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
    body = _plain_body(s)
    del body["owner"]
    expect(s.post("/lead-lists", body), 400, "a create without owner")
    expect(
        s.post("/lead-lists", _plain_body(s) | {"leads": [{"email": "x@example.com"}]}),
        400,
        "a linkedin lead without linkedin_url",
    )


# -- response rules --------------------------------------------------------------------------------


def _lead_list(seen: Seen) -> dict[str, Any] | None:
    body = seen.body
    if seen.path.startswith("/lead-lists/") and isinstance(body, dict) and "status" in body and "id" in body:
        return body
    return None


def retry_after_only_while_pending(seen: Seen) -> str | bool | None:
    """`Retry-After` is on a lead list's 200 exactly while it is `queued` or `processing` (guide:
    "Polling a Lead List")."""
    body = _lead_list(seen)
    if seen.method != "GET" or seen.status != 200 or body is None:
        return None
    pending = body["status"] in PENDING
    if pending != ("retry-after" in seen.headers):
        return f"a {body['status']} list {'lacks' if pending else 'carries'} Retry-After"
    return True


def pending_lists_carry_no_entries(seen: Seen) -> str | bool | None:
    """A `queued` or `processing` list carries no entries and no `next`/`prev` (guide: `"leads": []`
    while polling; the spec's LeadList.leads)."""
    body = _lead_list(seen)
    if body is None or body["status"] not in PENDING:
        return None
    if body.get("leads"):
        return f"a {body['status']} list carries {len(body['leads'])} entries"
    if {"next", "prev"} & set(body.get("_links", {})):
        return f"a {body['status']} list carries next/prev links"
    return True


def responses_use_the_vendors_media_type(seen: Seen) -> str | bool | None:
    """Every answer with a body is `application/vnd.amp+json` (guide: every response shown)."""
    if seen.body is None or seen.status == 429:
        return None
    media = seen.headers.get("content-type", "").split(";")[0].strip().lower()
    return True if media == MEDIA_TYPE else f"HTTP {seen.status} answered as {media!r}"


def _errors(seen: Seen) -> list[Any] | None:
    if seen.status < 400:
        return None
    body = seen.body
    errors = body.get("_errors") if isinstance(body, dict) else None
    return errors if isinstance(errors, list) else []


def errors_carry_the_envelope(seen: Seen) -> str | bool | None:
    """An error answer carries a non-empty `_errors` array of objects, each `status` the HTTP
    status as a string, `source` naming exactly one of pointer, parameter, header."""
    errors = _errors(seen)
    if errors is None:
        return None
    if not errors or not all(isinstance(e, dict) and e for e in errors):
        return f"HTTP {seen.status} without a non-empty _errors array of objects"
    for error in errors:
        if "status" in error and error["status"] != str(seen.status):
            return f"_errors[].status {error['status']!r} on HTTP {seen.status}"
        source = error.get("source")
        if source is not None and (
            not isinstance(source, dict)
            or len(source) != 1
            or next(iter(source)) not in ("pointer", "parameter", "header")
        ):
            return f"_errors[].source names {sorted(source) if isinstance(source, dict) else type(source).__name__}"
    return True


JSON_POINTER = re.compile(r"(/([^~/]|~[01])*)*")


def error_pointers_are_json_pointers(seen: Seen) -> str | bool | None:
    """`source.pointer` is a JSON Pointer (RFC 6901): empty or `/`-separated, `~` only as `~0`/`~1`."""
    errors = _errors(seen) or []
    pointers = [
        e["source"]["pointer"]
        for e in errors
        if isinstance(e, dict) and isinstance(e.get("source"), dict) and "pointer" in e["source"]
    ]
    if not pointers:
        return None
    for pointer in pointers:
        if not isinstance(pointer, str) or not JSON_POINTER.fullmatch(pointer):
            return f"source.pointer {str(pointer)[:40]!r} is no RFC 6901 pointer"
    return True


def error_codes_fit_the_status(seen: Seen) -> str | bool | None:
    """A code the vendor pairs with a status comes with that status, and its title is the code's
    (vendor errors page: a title "should not change between occurrences")."""
    errors = [e for e in _errors(seen) or [] if isinstance(e, dict) and isinstance(e.get("code"), str)]
    if not errors:
        return None
    for error in errors:
        code = error["code"]
        if KNOWN_CODES.get(code, seen.status) != seen.status:
            return f"code {code!r} on HTTP {seen.status} (it belongs to {KNOWN_CODES[code]})"
        title = error.get("title")
        if isinstance(title, str) and code in KNOWN_CODES and title.casefold() != code.replace("_", " ").casefold():
            return f"code {code!r} titled {title[:40]!r}"
    return True


# -- the catalogue -----------------------------------------------------------------------------------

GUIDE = "vendor guide (openapi/sources/lead-lists-guide.txt)"
R, C, L, K = Tier.READ_ONLY, Tier.CREATE, Tier.LARGE, Tier.SECOND_KEY


def _rule(id: str, source: str, needs: Iterable[Tier], **kinds: Any) -> Rule:
    return Rule(id, source, frozenset(needs), **kinds)


CATALOGUE: tuple[Rule, ...] = (
    _rule("unknown_lead_lists_are_not_found", "spec getLeadList 404", [R], check=unknown_lead_lists_are_not_found),
    _rule(
        "pages_walk_every_entry_once",
        f"{GUIDE}: Retrieving a Lead List, Links next/prev",
        [R],
        check=pages_walk_every_entry_once,
    ),
    _rule(
        "pages_reached_backwards_carry_links",
        f"{GUIDE}: Links prev/next; spec page[before]",
        [R],
        check=pages_reached_backwards_carry_links,
    ),
    _rule("page_sizes_are_bounded", "spec page[size] minimum 1, maximum 100", [R], check=page_sizes_are_bounded),
    _rule("listing_reaches_every_list", "spec listLeadLists", [R], check=listing_reaches_every_list),
    _rule(
        "created_lists_are_located",
        f"{GUIDE}: Creating a new Lead List, Response",
        [C],
        check=created_lists_are_located,
    ),
    _rule(
        "omitted_fields_take_their_defaults",
        f"{GUIDE}: visible defaults to true; the 202 example's options",
        [C],
        check=omitted_fields_take_their_defaults,
    ),
    _rule("lead_lists_echo_what_was_sent", f"{GUIDE}: Lead List Object", [C], check=lead_lists_echo_what_was_sent),
    _rule(
        "completed_lists_hold_every_lead_sent",
        "spec addLeads: every accepted lead becomes one entry",
        [C],
        check=completed_lists_hold_every_lead_sent,
    ),
    _rule(
        "entries_carry_their_leads_input",
        f"{GUIDE}: Lead List Entry Object",
        [C],
        check=entries_carry_their_leads_input,
    ),
    _rule(
        "switched_off_options_show_in_entries",
        f"{GUIDE}: options.validate_email, options.enrich",
        [C],
        check=switched_off_options_show_in_entries,
    ),
    _rule("listing_is_newest_first", "spec listLeadLists: newest first", [C], check=listing_is_newest_first),
    _rule("adding_to_unknown_lists_is_not_found", "spec addLeads 404", [C], check=adding_to_unknown_lists_is_not_found),
    _rule(
        "invalid_creates_are_rejected",
        f"{GUIDE}: owner mandatory; each linkedin entry requires linkedin_url",
        [C],
        check=invalid_creates_are_rejected,
    ),
    _rule(
        "ten_thousand_leads_per_request",
        "vendor reference: maxItems 10000 (create and add)",
        [C],
        check=ten_thousand_leads_per_request,
    ),
    _rule(
        "another_keys_lists_are_not_found_on_read",
        "spec getLeadList 404: no lead list with this id for this API key",
        [R, K],
        check=another_keys_lists_are_not_found_on_read,
    ),
    _rule(
        "another_keys_lists_are_not_found_on_add",
        "spec addLeads 404",
        [C, K],
        check=another_keys_lists_are_not_found_on_add,
    ),
    _rule(
        "entry_ids_survive_adds",
        "spec addLeads: old entries first, new ones after; cursor = entry id",
        [C],
        check=entry_ids_survive_adds,
    ),
    _rule(
        "lead_list_cap_keeps_the_first_leads",
        "vendor reference addLeads: 60,000 per list, partial add, 409",
        [C, L],
        check=lead_list_cap_keeps_the_first_leads,
    ),
    _rule("retry_after_only_while_pending", f"{GUIDE}: Polling a Lead List", [R], judge=retry_after_only_while_pending),
    _rule(
        "pending_lists_carry_no_entries",
        f'{GUIDE}: Polling a Lead List ("leads": [])',
        [R],
        judge=pending_lists_carry_no_entries,
    ),
    _rule(
        "responses_use_the_vendors_media_type",
        f"{GUIDE}: Content-Type: application/vnd.amp+json",
        [R],
        judge=responses_use_the_vendors_media_type,
    ),
    _rule("errors_carry_the_envelope", "vendor errors page: _errors", [R], judge=errors_carry_the_envelope),
    _rule(
        "error_pointers_are_json_pointers",
        "vendor errors page: source.pointer, RFC 6901",
        [R],
        judge=error_pointers_are_json_pointers,
    ),
    _rule(
        "error_codes_fit_the_status",
        "vendor errors page: code, title; spec examples",
        [R],
        judge=error_codes_fit_the_status,
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
