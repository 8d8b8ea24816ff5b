"""A conformance run's session: how the rules reach the server, which tiers they may use, what they
created and every answer they received (for the response rules); the rule and outcome types."""

from __future__ import annotations

import enum
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from .reading import (
    MAX_LEADS_PER_LIST,
    MAX_PAGE_SIZE,
    PENDING,
    get_politely,
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
        return " ".join((function.__doc__ or "").strip().split("\n\n")[0].split()) if function else ""


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


def plain_body(s: Session) -> dict[str, Any]:
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
    "plain": plain_body,
    "flags": _flags_body,
    "quiet email": _quiet_email_body,
}
