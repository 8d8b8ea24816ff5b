"""Explicit probes that `make conformance` runs after Schemathesis: the limits and paging rules that
generated examples rarely reach, each probed on both sides of its boundary.

Read-only probes send GETs only. The creating probes run only when the run may create (the
sandbox, or CONFORMANCE_ALLOW_CREATE=1): they create one lead list of PROBE_LEADS leads, and send
creates and adds of 10,001 leads that a conforming server rejects without creating anything. The
accepting side of the 10,000-lead limit (a new list of 10,000 leads and an add of 10,000: 20,000
leads more) needs `large` as well (the sandbox, or CONFORMANCE_ALLOW_LARGE=1). `probe_cost` says it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from contract_tests.checks import PENDING, check_pages, echo_problem, input_problem, page_fetcher, remember, walk

PROBE_LEADS = 250
"""Leads in the probe list: more than the largest page, so every page size crosses boundaries."""
PROBE_PAGE_SIZES = (1, 7, 100)
MAX_LEADS_PER_REQUEST = 10_000
"""The spec's maxItems of `leads` in createLeadList and addLeads."""
PAGE_SIZE_BOUNDS = ((0, 400), (1, 200), (100, 200), (101, 400))
"""`page[size]` on both sides of its documented range 1–100, and the status each must get."""


@dataclass
class Prober:
    """How the probes reach the server (over HTTP, or a TestClient in-process) and what they may do."""

    client: httpx.Client
    base: str
    headers: dict[str, str]
    create: bool = False
    large: bool = False
    owner: str = "conformance@example.com"
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 900.0
    """Seconds a created list may take to complete (the vendor's processing takes minutes)."""
    lead_list_id: str | None = None
    """CONFORMANCE_LEAD_LIST_ID: a list of the account to read."""
    probe_list_id: str | None = None
    """The list `large_list_pages` created, reused by the probes after it."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        return self.client.get(self.base + path, params=params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.client.post(self.base + path, json=body, headers=self.headers)

    def fetch(self, href: str) -> dict[str, Any]:
        return page_fetcher(self.client, self.base, self.headers)(href)


def probe_cost(large: bool) -> str:
    """What the creating probes spend, for the run's log before they start."""
    lists, leads = 1, PROBE_LEADS
    if large:
        lists, leads = lists + 1, leads + 2 * MAX_LEADS_PER_REQUEST
    return f"the probes create {lists} lead list(s) holding {leads:,} leads in all"


def run_probes(prober: Prober) -> list[tuple[str, str]]:
    """Every probe the prober may run, in order, as (name, "ok" | "skipped: …" | "FAILED: …")."""
    probes: list[Callable[[Prober], str | None]] = [unknown_ids_are_not_found, listing_page_sizes]
    if prober.create:
        probes += [large_list_pages, leads_per_request_limits]
    probes.append(lead_list_page_sizes)
    results = []
    for probe in probes:
        try:
            note = probe(prober)
        except AssertionError as error:
            results.append((probe.__name__, f"FAILED: {error}"))
        else:
            results.append((probe.__name__, "ok" if note is None else f"skipped: {note}"))
    return results


def unknown_ids_are_not_found(p: Prober) -> str | None:
    """A list id that was never created is a 404, with or without valid paging (never the 400 the
    spec also documents); adding to one too, when the run may post."""
    missing = f"/lead-lists/{uuid.uuid4()}"
    for params in (None, {"page[size]": 1}):
        _expect(p.get(missing, params), 404, f"GET {missing} {params or ''}")
    if p.create:
        _expect(p.post(f"{missing}/leads", {"leads": _leads(1)}), 404, f"POST {missing}/leads")
    return None


def listing_page_sizes(p: Prober) -> str | None:
    """`GET /lead-lists` with `page[size]` 0, 1, 100 and 101."""
    _page_size_bounds(p, "/lead-lists", "lead_lists")
    return None


def lead_list_page_sizes(p: Prober) -> str | None:
    """A completed list (CONFORMANCE_LEAD_LIST_ID, the probe list, or the first completed one listed)
    read with `page[size]` 0, 1, 100 and 101."""
    list_id = p.lead_list_id or p.probe_list_id or _a_completed_list(p)
    if list_id is None:
        return "no completed lead list to read"
    _page_size_bounds(p, f"/lead-lists/{list_id}", "leads")
    return None


def large_list_pages(p: Prober) -> str | None:
    """A list of PROBE_LEADS leads: it echoes what was sent, then walks whole with page sizes 1, 7
    and 100 to the same entries, one per lead sent, each entry's `linkedin_url` one of the leads'."""
    body = _create_body(p, PROBE_LEADS)
    lead_list = _create(p, body)
    p.probe_list_id = list_id = lead_list["id"]
    _no_problem(echo_problem(body, _completed(p, list_id)))
    walks = []
    for size in PROBE_PAGE_SIZES:
        entries = walk(p.fetch(f"/lead-lists/{list_id}?page[size]={size}"), p.fetch, size=size)
        if len(entries) != PROBE_LEADS:
            raise AssertionError(f"page[size]={size}: {len(entries)} entries in a list of {PROBE_LEADS} leads")
        _no_problem(input_problem(list_id, entries))
        walks.append([entry["id"] for entry in entries])
    if any(ids != walks[0] for ids in walks):
        raise AssertionError(f"walks with page sizes {PROBE_PAGE_SIZES} returned different entries")
    return None


def leads_per_request_limits(p: Prober) -> str | None:
    """10,001 leads are a 400 in a create and in an add (which leaves the list as it was); 10,000 are
    accepted by both (only with `large`: 20,000 leads)."""
    _expect(p.post("/lead-lists", _create_body(p, MAX_LEADS_PER_REQUEST + 1)), 400, "a create of 10,001 leads")
    list_id = p.probe_list_id
    if list_id is not None:
        too_many = {"leads": _leads(MAX_LEADS_PER_REQUEST + 1)}
        _expect(p.post(f"/lead-lists/{list_id}/leads", too_many), 400, "an add of 10,001 leads")
        held = len(walk(_completed(p, list_id), p.fetch, size=100))
        if held != PROBE_LEADS:
            raise AssertionError(f"after a rejected add the list holds {held} entries, not {PROBE_LEADS}")
    if not p.large:
        return "the accepting side (10,000 leads) needs CONFORMANCE_ALLOW_LARGE=1"
    _create(p, _create_body(p, MAX_LEADS_PER_REQUEST))
    if list_id is not None:
        exact = {"leads": _leads(MAX_LEADS_PER_REQUEST, start=PROBE_LEADS)}
        _expect(p.post(f"/lead-lists/{list_id}/leads", exact), 202, "an add of 10,000 leads")
        remember(list_id, exact, add=True)
    return None


def _page_size_bounds(p: Prober, path: str, items: str) -> None:
    for size, status in PAGE_SIZE_BOUNDS:
        got = p.get(path, {"page[size]": size})
        _expect(got, status, f"GET {path}?page[size]={size}")
        if status == 200:
            check_pages([got.json()], [size], items)


def _a_completed_list(p: Prober) -> str | None:
    listing = p.get("/lead-lists")
    _expect(listing, 200, "GET /lead-lists")
    completed = [
        summary["id"] for summary in listing.json().get("lead_lists", []) if summary.get("status") == "completed"
    ]
    return completed[0] if completed else None


def _create(p: Prober, body: dict[str, Any]) -> dict[str, Any]:
    got = p.post("/lead-lists", body)
    _expect(got, 202, f"a create of {len(body['leads']):,} leads")
    lead_list: dict[str, Any] = got.json()
    remember(lead_list["id"], body, add=False)
    _no_problem(echo_problem(body, lead_list))
    return lead_list


def _completed(p: Prober, list_id: str) -> dict[str, Any]:
    """The list's first page once it is completed, polling as `Retry-After` asks."""
    deadline = time.monotonic() + p.timeout
    while True:
        got = p.get(f"/lead-lists/{list_id}")
        _expect(got, 200, f"GET /lead-lists/{list_id}")
        body: dict[str, Any] = got.json()
        if body.get("status") == "completed":
            return body
        if body.get("status") not in PENDING or time.monotonic() > deadline:
            raise AssertionError(f"lead list {list_id} is {body.get('status')!r}, not completed")
        retry_after = got.headers.get("retry-after", "")
        p.sleep(float(retry_after) if retry_after.isdigit() else 5.0)


def _create_body(p: Prober, count: int) -> dict[str, Any]:
    """Non-default flags and explicit options, so that a server reporting its defaults is caught."""
    return {
        "name": f"conformance probe {uuid.uuid4().hex[:8]}",
        "owner": p.owner,
        "shared": False,
        "visible": False,
        "type": "linkedin",
        "options": {"reveal_phone_numbers": False, "validate_email": True, "enrich": True},
        "leads": _leads(count),
    }


def _leads(count: int, start: int = 0) -> list[dict[str, str]]:
    return [{"linkedin_url": f"https://www.linkedin.com/in/conformance-probe-{n}"} for n in range(start, start + count)]


def _expect(response: httpx.Response, status: int, what: str) -> None:
    if response.status_code != status:
        raise AssertionError(f"{what} answered {response.status_code}, not {status}")


def _no_problem(problem: str | None) -> None:
    if problem is not None:
        raise AssertionError(problem)
