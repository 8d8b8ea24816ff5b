"""Custom Schemathesis checks: what the spec cannot say, checked on every response.

Registered on import. pytest loads them through `contract_tests/test_conformance.py`; the CLI through
`SCHEMATHESIS_HOOKS=contract_tests.checks` (see `python -m contract_tests.conformance`).
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import schemathesis
from schemathesis import Case
from schemathesis.core.transport import Response

PENDING = ("queued", "processing")
MAX_LEADS_PER_LIST = 60_000
"""The vendor's cap on the leads in one lead list (addLeads' description in the spec)."""

submitted: dict[str, int] = {}
"""Leads accepted per lead list id, counted from the 202s of creates and adds in this process."""
walked: set[str] = set()
"""Lead lists whose pages were walked since their last add (once each is enough)."""
cap_probed: list[str] = []
"""The nearly full list the cap probe used (at most one per process)."""
listings_walked: list[int] = []
"""How many lists the listing walk saw (at most one walk per process, of a non-empty listing)."""


def _json(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


@schemathesis.check
def retry_after_while_pending(ctx: Any, response: Response, case: Case[Any]) -> None:
    """`Retry-After` is present exactly when the lead list is queued or processing."""
    if case.method.upper() != "GET" or response.status_code != 200:
        return
    body = _json(response)
    pending = isinstance(body, dict) and body.get("status") in PENDING
    if pending != ("retry-after" in response.headers):
        status = body.get("status") if isinstance(body, dict) else None
        raise AssertionError(f"Retry-After must be sent exactly while queued or processing (status {status!r})")


@schemathesis.check
def location_is_self_link(ctx: Any, response: Response, case: Case[Any]) -> None:
    """The 202's `Location` equals the body's `_links.self.href`, and the accepted count is remembered."""
    if case.method.upper() != "POST" or response.status_code != 202:
        return
    body = _json(response) or {}
    location = next(iter(response.headers.get("location", [])), None)
    self_href = body.get("_links", {}).get("self", {}).get("href")
    if location != self_href:
        raise AssertionError(f"Location {location!r} differs from _links.self.href {self_href!r}")
    leads = case.body.get("leads") if isinstance(case.body, dict) else None
    if isinstance(leads, list) and isinstance(body.get("id"), str):
        _count(case, body["id"], len(leads))


def _count(case: Case[Any], list_id: str, leads: int) -> None:
    """A create sets the count; an add raises it up to the cap (the vendor's partial add), and the
    list's pages must be walked again."""
    if not _is_add(case):
        submitted[list_id] = leads
        return
    walked.discard(list_id)
    if list_id in submitted:
        submitted[list_id] = min(submitted[list_id] + leads, MAX_LEADS_PER_LIST)


def _is_add(case: Case[Any]) -> bool:
    return case.method.upper() == "POST" and case.path.endswith("/leads")


@schemathesis.check
def adds_make_the_list_pending(ctx: Any, response: Response, case: Case[Any]) -> None:
    """An accepted add answers with the list `queued` or `processing` again (the spec's decision)."""
    if not _is_add(case) or response.status_code != 202:
        return
    body = _json(response)
    status = body.get("status") if isinstance(body, dict) else None
    if status not in PENDING:
        raise AssertionError(f"an accepted add answered with the lead list {status!r}, not queued or processing")


@schemathesis.check
def lead_list_cap_is_enforced(ctx: Any, response: Response, case: Case[Any]) -> None:
    """Once per run, on a list one lead short of 60,000 (CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID, which
    `make conformance` prefills only on the sandbox): two leads are a partial add (202), a third is 409.
    """
    list_id = os.environ.get("CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID", "")
    if not list_id or cap_probed or not _is_add(case):
        return
    cap_probed.append(list_id)
    client, base, headers = _session(case, response)
    full = MAX_LEADS_PER_LIST
    for count, held, expected in ((2, full - 1, 202), (1, full, 409)):
        leads = [{"linkedin_url": f"https://www.linkedin.com/in/cap-probe-{n}"} for n in range(count)]
        got = client.post(f"{base}/lead-lists/{list_id}/leads", json={"leads": leads}, headers=headers)
        if got.status_code != expected:
            raise AssertionError(
                f"adding {count} lead(s) to a list of {held} answered {got.status_code}, not {expected}"
            )
    if not isinstance(got.json(), dict) or not got.json().get("_errors"):
        raise AssertionError("the 409 of a full lead list carries no _errors")


@schemathesis.check
def errors_are_well_formed(ctx: Any, response: Response, case: Case[Any]) -> None:
    """Every error response carries a non-empty `_errors` array of vendor-shaped error objects."""
    if response.status_code < 400:
        return
    body = _json(response)
    errors = body.get("_errors") if isinstance(body, dict) else None
    if not isinstance(errors, list) or not errors:
        raise AssertionError(f"HTTP {response.status_code} without a non-empty _errors array")
    for error in errors:
        if not isinstance(error, dict) or not error:
            raise AssertionError("an _errors member must be an object with at least one member")
        if "status" in error and error["status"] != str(response.status_code):
            raise AssertionError(f"_errors status {error['status']!r} differs from HTTP {response.status_code}")
        source = error.get("source")
        if source is not None and (
            not isinstance(source, dict)
            or len(source) != 1
            or next(iter(source)) not in ("pointer", "parameter", "header")
        ):
            raise AssertionError(f"source must name exactly one of pointer, parameter, header: {source!r}")


@schemathesis.check
def pages_are_complete(ctx: Any, response: Response, case: Case[Any]) -> None:
    """From a completed list, `next` yields every submitted entry once; `prev` leads back page by page.

    Walked twice: from the page the run fetched, and again in small pages (about 20 of them), so
    that lists of a few entries also cross page boundaries.
    """
    if case.method.upper() != "GET" or response.status_code != 200:
        return
    body = _json(response)
    if not isinstance(body, dict) or body.get("status") != "completed" or body.get("id") in walked:
        return
    if case.query and any(case.query.get(name) for name in ("page[after]", "page[before]")):
        return  # start from the first page only
    walked.add(body["id"])
    fetch = _fetcher(case, response)
    ids = _walk(body, fetch)
    expected = submitted.get(body["id"])
    if expected is not None and len(ids) != expected:
        raise AssertionError(f"following next returned {len(ids)} entries; {expected} were submitted")
    if len(ids) >= 2:
        small = fetch(f"/lead-lists/{body['id']}?page[size]={max(1, math.ceil(len(ids) / 20))}")
        if _walk(small, fetch) != ids:
            raise AssertionError("walking in smaller pages returned other entries than walking in large ones")


@schemathesis.check
def listed_lead_lists_are_readable(ctx: Any, response: Response, case: Case[Any]) -> None:
    """Once per run, from a first page of `GET /lead-lists` that lists something: `next` reaches every
    list once, `prev` leads back, and each list of the first page reads back by id with its name."""
    if case.method.upper() != "GET" or response.status_code != 200 or case.path != "/lead-lists" or listings_walked:
        return
    body = _json(response)
    if not isinstance(body, dict) or not body.get("lead_lists"):
        return
    if case.query and any(case.query.get(name) for name in ("page[after]", "page[before]")):
        return  # start from the first page only
    fetch = _fetcher(case, response)
    listings_walked.append(len(_walk(body, fetch, items="lead_lists")))
    for summary in body["lead_lists"]:
        got = fetch(f"/lead-lists/{quote(summary['id'], safe='')}")
        if got.get("id") != summary["id"] or got.get("name") != summary.get("name"):
            raise AssertionError(f"lead list {summary['id']!r} reads back as {got.get('id')!r} {got.get('name')!r}")


def _walk(first: dict[str, Any], fetch: Callable[[str], dict[str, Any]], items: str = "leads") -> list[str]:
    """Every item id (entries, or lead lists) reached by following `next` from `first`, checking
    `prev` on the way."""
    pages = [first]
    while "next" in pages[-1].get("_links", {}):
        if len(pages) > 1000:
            raise AssertionError("more than 1000 pages: the next links do not end")
        pages.append(fetch(pages[-1]["_links"]["next"]["href"]))
    ids = [item["id"] for page in pages for item in page.get(items, [])]
    if len(ids) != len(set(ids)):
        raise AssertionError(f"following next returned an item of `{items}` twice")
    for earlier, later in itertools.pairwise(pages):
        prev = later.get("_links", {}).get("prev")
        if prev is None:
            raise AssertionError("a page after the first has no prev link")
        back = [item["id"] for item in fetch(prev["href"]).get(items, [])]
        if back != [item["id"] for item in earlier.get(items, [])]:
            raise AssertionError(f"prev {prev['href']} does not lead back to the previous page")
    return ids


def _session(case: Case[Any], response: Response) -> tuple[httpx.Client, str, dict[str, str]]:
    """A client that talks to the server the way the run does (in-process for an ASGI app, over HTTP
    otherwise), the base URL, and the run's credentials."""
    url = urlsplit(response.request.url or "")
    prefix = url.path[: url.path.rfind("/lead-lists")]  # a base URL may carry a path
    base = f"{url.scheme}://{url.netloc}{prefix}"
    headers = {"Authorization": str(response.request.headers.get("Authorization", ""))}
    app = case.operation.app
    if app is None:
        return httpx.Client(), base, headers
    # in-process run: talk to the same ASGI app (imported here: the CLI never needs it)
    from starlette.testclient import TestClient

    return TestClient(app), base, headers


def _fetcher(case: Case[Any], response: Response) -> Callable[[str], dict[str, Any]]:
    """GET an href the way the run does."""
    client, base, headers = _session(case, response)

    def fetch(href: str) -> dict[str, Any]:
        split = urlsplit(href)
        params = {name: values[0] for name, values in parse_qs(split.query).items()}
        got = client.get(base + split.path, params=params, headers=headers)
        if got.status_code != 200:
            raise AssertionError(f"GET {href} answered {got.status_code}")
        page: dict[str, Any] = got.json()
        return page

    return fetch
