"""Deliberately broken variants of the sandbox: each must make the conformance suite fail.

Most rewrite responses on their way out; those that break what the sandbox stores, accepts or
pages change its store or its request checks instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amplemarket_lead_lists.sandbox.app import Sandbox, create_app
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.store import Account, LeadListRecord, Store

Exchange = dict[str, Any]
"""method, path, query, status, headers (lower-case dict), body (parsed JSON or None)."""


def breaking(mutate: Callable[[Exchange], None], settings: Settings) -> ASGIApp:
    """The sandbox, with every response passed through `mutate` before it is sent."""
    app = create_app(settings)

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            else:
                chunks.append(message.get("body", b""))

        await app(scope, receive, capture)
        raw = b"".join(chunks)
        exchange: Exchange = {
            "method": scope["method"],
            "path": scope["path"],
            "query": scope["query_string"].decode(),
            "status": start["status"],
            "headers": {k.decode().lower(): v.decode() for k, v in start["headers"]},
            "body": json.loads(raw) if raw[:1] in (b"{", b"[") else None,
        }
        mutate(exchange)
        body = raw if exchange["body"] is None else json.dumps(exchange["body"]).encode()
        exchange["headers"]["content-length"] = str(len(body))
        headers = [(k.encode(), v.encode()) for k, v in exchange["headers"].items()]
        await send({"type": "http.response.start", "status": exchange["status"], "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return broken


def _completed_get(exchange: Exchange) -> bool:
    body = exchange["body"]
    return exchange["method"] == "GET" and isinstance(body, dict) and body.get("status") == "completed"


def retry_after_when_completed(exchange: Exchange) -> None:
    if _completed_get(exchange):
        exchange["headers"]["retry-after"] = "60"


def no_location(exchange: Exchange) -> None:
    if exchange["status"] == 202:
        exchange["headers"].pop("location")


def gone_instead_of_not_found(exchange: Exchange) -> None:
    if exchange["status"] == 404:
        exchange["status"] = 410


def drops_an_entry(exchange: Exchange) -> None:
    if _completed_get(exchange) and "page[after]" in unquote(exchange["query"]):
        del exchange["body"]["leads"][:1]


def lists_a_missing_list(exchange: Exchange) -> None:
    """The listing names a list its key cannot read (e.g. another key's)."""
    if exchange["path"] == "/lead-lists" and exchange["method"] == "GET" and exchange["status"] == 200:
        for summary in exchange["body"]["lead_lists"][:1]:
            summary["id"] = "00000000-0000-4000-8000-000000000000"


def errors_without_envelope(exchange: Exchange) -> None:
    if exchange["status"] == 400:
        exchange["body"] = {"message": "bad request"}


def bad_request_instead_of_not_found(exchange: Exchange) -> None:
    """A 400 the spec also documents, with a well-formed envelope: only the status is wrong."""
    if exchange["status"] == 404:
        exchange["status"] = 400
        for error in exchange["body"]["_errors"]:
            error["status"] = "400"


def prev_on_first_page(exchange: Exchange) -> None:
    query = unquote(exchange["query"])
    if _completed_get(exchange) and "page[after]" not in query and "page[before]" not in query:
        exchange["body"]["_links"]["prev"] = {"href": exchange["body"]["_links"]["self"]["href"]}


def reports_another_owner(exchange: Exchange) -> None:
    body = exchange["body"]
    if exchange["path"].startswith("/lead-lists") and isinstance(body, dict) and "owner" in body:
        body["owner"] = "someone-else@example.com"


def entry_linkedin_url_differs(exchange: Exchange) -> None:
    """The last entry of each page claims another profile than the lead it came from."""
    if _completed_get(exchange) and exchange["body"].get("leads"):
        entry = exchange["body"]["leads"][-1]
        if entry.get("linkedin_url"):
            entry["linkedin_url"] += "-someone-else"


class _DropsALeadStore(Store):
    def add(self, account: Account, record: LeadListRecord, leads: Sequence[dict[str, Any]], now: float) -> None:
        super().add(account, record, leads[1:], now)


def add_drops_a_lead(sandbox: Sandbox) -> None:
    sandbox.store = _DropsALeadStore(sandbox.settings)


def cap_not_enforced(sandbox: Sandbox) -> None:
    sandbox.store.max_leads_per_list = 10**9


def page_size_off_by_one(sandbox: Sandbox) -> None:
    """Lead list pages hold one entry more than `page[size]` asks for."""
    page_parameters = sandbox.spec.page_parameters

    def one_more(query: Mapping[str, list[str]], operation_id: str = "getLeadList") -> dict[str, Any]:
        values = page_parameters(query, operation_id)
        if operation_id == "getLeadList":
            values["page[size]"] += 1
        return values

    sandbox.spec.page_parameters = one_more  # type: ignore[method-assign]


def accepts_too_many_leads(sandbox: Sandbox) -> None:
    """Creates and adds of 10,001 leads pass validation (the spec's maxItems is 10,000)."""
    spec = sandbox.spec
    check_create, check_add = spec.check_create_body, spec.check_add_body

    def first_10000(body: object) -> object:
        if isinstance(body, dict) and isinstance(body.get("leads"), list):
            return {**body, "leads": body["leads"][:10_000]}
        return body

    spec.check_create_body = lambda body: check_create(first_10000(body))  # type: ignore[method-assign]
    spec.check_add_body = lambda body, list_type: check_add(first_10000(body), list_type)  # type: ignore[method-assign]


RESPONSE_FAULTS: dict[str, Callable[[Exchange], None]] = {
    "retry_after_when_completed": retry_after_when_completed,
    "no_location": no_location,
    "gone_instead_of_not_found": gone_instead_of_not_found,
    "drops_an_entry": drops_an_entry,
    "errors_without_envelope": errors_without_envelope,
    "lists_a_missing_list": lists_a_missing_list,
    "bad_request_instead_of_not_found": bad_request_instead_of_not_found,
    "prev_on_first_page": prev_on_first_page,
    "reports_another_owner": reports_another_owner,
    "entry_linkedin_url_differs": entry_linkedin_url_differs,
}
STORE_FAULTS: dict[str, Callable[[Sandbox], None]] = {
    "add_drops_a_lead": add_drops_a_lead,
    "cap_not_enforced": cap_not_enforced,
    "page_size_off_by_one": page_size_off_by_one,
    "accepts_too_many_leads": accepts_too_many_leads,
}
VARIANTS = sorted(RESPONSE_FAULTS.keys() | STORE_FAULTS.keys())


def broken_app(variant: str, settings: Settings) -> ASGIApp:
    """The sandbox, broken in the way `variant` names."""
    if variant in RESPONSE_FAULTS:
        return breaking(RESPONSE_FAULTS[variant], settings)
    app = create_app(settings)
    STORE_FAULTS[variant](app.state.sandbox)
    return app
