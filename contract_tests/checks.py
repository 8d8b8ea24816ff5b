"""Custom Schemathesis checks: what the spec cannot say, checked on every response.

Registered on import. pytest loads them through `contract_tests/test_conformance.py`; the CLI through
`SCHEMATHESIS_HOOKS=contract_tests.checks` (see `python -m contract_tests.conformance`).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import schemathesis
from schemathesis import Case
from schemathesis.core.transport import Response

from amplemarket_lead_lists.conformance import Seen, judges
from amplemarket_lead_lists.conformance.reading import (
    MAX_LEADS_PER_LIST,
    PENDING,
    echo_problem,
    get_politely,
    normalised,
    small_page_size,
    walk,
)

DEFAULT_PAGE_SIZE = 100
"""`page[size]` when none is given (both paged operations in the spec)."""
INPUT_FIELD = {"linkedin": "linkedin_url", "email": "email"}
"""The field of a lead list's type that each entry must echo from the lead it came from."""

submitted: dict[str, int] = {}
"""Leads accepted per lead list id, counted from the 202s of creates and adds in this process."""
sent: dict[str, dict[str, Any]] = {}
"""The create body of each lead list created in this process (ids from the 202s)."""
inputs: dict[str, list[str]] = {}
"""Per lead list created in this process: the normalised input field of every lead sent."""
walked: set[str] = set()
"""Lead lists whose pages were walked since their last add (once each is enough)."""
rechecked: set[str] = set()
"""Lead list paths read again without a query after a 400 (once each)."""
cap_probed: list[str] = []
"""The nearly full list the cap probe used (at most one per process)."""
listings_walked: list[int] = []
"""How many lists the listing walk saw (at most one walk per process, of a non-empty listing)."""


def _json(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _judged(judge: Callable[[Seen], str | bool | None], response: Response, case: Case[Any]) -> None:
    """A response rule of the catalogue applied to one of Schemathesis' answers: each rule written once."""
    headers = httpx.Headers([(name, value) for name, values in response.headers.items() for value in values])
    verdict = judge(Seen(case.method.upper(), case.path, response.status_code, headers, _json(response)))
    if verdict is not None and verdict is not True:
        raise AssertionError(verdict)


@schemathesis.check
def retry_after_while_pending(ctx: Any, response: Response, case: Case[Any]) -> None:
    """The catalogue's `retry_after_only_while_pending`, on every answer Schemathesis gets."""
    _judged(judges.retry_after_only_while_pending, response, case)


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
    request_body = case.body if isinstance(case.body, dict) else {}
    if isinstance(request_body.get("leads"), list) and isinstance(body.get("id"), str):
        remember(body["id"], request_body, add=_is_add(case))


def remember(list_id: str, request_body: dict[str, Any], *, add: bool) -> None:
    """What a 202 accepted: a create sets the count, the sent fields and the inputs; an add raises the
    count up to the cap (the vendor's partial add) and the list's pages must be walked again."""
    leads: list[Any] = request_body["leads"]
    if not add:
        submitted[list_id] = len(leads)
        sent[list_id] = request_body
        inputs[list_id] = []
    walked.discard(list_id)
    if add and list_id in submitted:
        submitted[list_id] = min(submitted[list_id] + len(leads), MAX_LEADS_PER_LIST)
    field = INPUT_FIELD.get(str(sent.get(list_id, {}).get("type")))
    if field is not None and list_id in inputs:
        inputs[list_id] += [normalised(lead.get(field)) for lead in leads if isinstance(lead, dict)]


def input_problem(list_id: str, entries: list[dict[str, Any]]) -> str | None:
    """An entry whose input field (e.g. `linkedin_url` of a linkedin list) no lead sent, or None."""
    field = INPUT_FIELD.get(str(sent.get(list_id, {}).get("type")))
    if field is None or list_id not in inputs:
        return None
    unmatched = Counter(normalised(entry.get(field)) for entry in entries) - Counter(inputs[list_id])
    if unmatched:
        return f"entries of {list_id!r} carry a {field} no lead sent: {sorted(unmatched)[:3]}"
    return None


def _is_add(case: Case[Any]) -> bool:
    return case.method.upper() == "POST" and case.path.endswith("/leads")


@schemathesis.check
def lead_lists_echo_what_was_sent(ctx: Any, response: Response, case: Case[Any]) -> None:
    """A lead list created in this run reports the type, name, owner, flags and options it was created
    with, in the create's 202 and in every later answer (adds and reads)."""
    if response.status_code not in (200, 202) or not case.path.startswith("/lead-lists"):
        return
    body = _json(response)
    if not isinstance(body, dict) or not isinstance(body.get("id"), str):
        return
    request_body = sent.get(body["id"])
    if request_body is None and case.method.upper() == "POST" and not _is_add(case) and isinstance(case.body, dict):
        request_body = case.body
    problem = echo_problem(request_body, body) if request_body is not None else None
    if problem is not None:
        raise AssertionError(problem)


@schemathesis.check
def statuses_fit_the_request(ctx: Any, response: Response, case: Case[Any]) -> None:
    """Of the statuses a GET documents, the one that fits: a 400 is for a bad query parameter, so a
    400 without a query is wrong, and the same lead list id read without a query must be a 200 or a
    404 (an unknown id is a 404, never the 400 the spec also lists)."""
    if case.method.upper() != "GET" or response.status_code != 400:
        return
    if not case.query:
        raise AssertionError(f"GET {case.formatted_path} without query parameters answered 400")
    url = urlsplit(response.request.url or "")
    if case.path != "/lead-lists/{id}" or url.path in rechecked:
        return
    rechecked.add(url.path)
    client, _, headers = _session(case, response)
    got = client.get(f"{url.scheme}://{url.netloc}{url.path}", headers=headers)
    if got.status_code not in (200, 404):
        raise AssertionError(f"GET {url.path} (the same lead list without a query) answered {got.status_code}")


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
    """The catalogue's `errors_carry_the_envelope`, on every answer Schemathesis gets."""
    _judged(judges.errors_carry_the_envelope, response, case)


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
    entries = walk(body, fetch, size=_page_size(case))
    ids = [entry["id"] for entry in entries]
    expected = submitted.get(body["id"])
    if expected is not None and len(ids) != expected:
        raise AssertionError(f"following next returned {len(ids)} entries; {expected} were submitted")
    problem = input_problem(body["id"], entries)
    if problem is not None:
        raise AssertionError(problem)
    size = small_page_size(len(ids))
    if len(ids) >= 2 and size != _page_size(case):
        small = fetch(f"/lead-lists/{body['id']}?page[size]={size}")
        if [entry["id"] for entry in walk(small, fetch, size=size)] != ids:
            raise AssertionError("walking in smaller pages returned other entries than walking in large ones")


def _page_size(case: Case[Any]) -> int:
    """The `page[size]` a (successful) case asked for."""
    return int((case.query or {}).get("page[size]") or DEFAULT_PAGE_SIZE)


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
    listings_walked.append(len(walk(body, fetch, size=_page_size(case), items="lead_lists")))
    for summary in body["lead_lists"]:
        got = fetch(f"/lead-lists/{quote(summary['id'], safe='')}")
        if got.get("id") != summary["id"] or got.get("name") != summary.get("name"):
            raise AssertionError(f"lead list {summary['id']!r} reads back as {got.get('id')!r} {got.get('name')!r}")


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
    return page_fetcher(*_session(case, response))


def page_fetcher(
    client: httpx.Client, base: str, headers: dict[str, str], sleep: Callable[[float], None] = time.sleep
) -> Callable[[str], dict[str, Any]]:
    """GET a server href (a path from the server's root, as in `_links`) under `base`; a 429 is waited
    out as its `Retry-After` says (the spec documents it on every operation: a conforming server may
    send it), anything else but a 200 fails."""

    def fetch(href: str) -> dict[str, Any]:
        split = urlsplit(href)
        params = {name: values[0] for name, values in parse_qs(split.query).items()}
        got = get_politely(client, base + split.path, params, headers, sleep)
        if got.status_code != 200:
            raise AssertionError(f"GET {href} answered {got.status_code}")
        page: dict[str, Any] = got.json()
        return page

    return fetch
