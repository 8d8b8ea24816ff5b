"""Deliberately broken variants of the sandbox: each must make the conformance suite fail.

Most rewrite responses on their way out; those that break what an add stores change the sandbox's
store instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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


class _DropsALeadStore(Store):
    def add(self, account: Account, record: LeadListRecord, leads: Sequence[dict[str, Any]], now: float) -> None:
        super().add(account, record, leads[1:], now)


def add_drops_a_lead(sandbox: Sandbox) -> None:
    sandbox.store = _DropsALeadStore(sandbox.settings)


def cap_not_enforced(sandbox: Sandbox) -> None:
    sandbox.store.max_leads_per_list = 10**9


RESPONSE_FAULTS: dict[str, Callable[[Exchange], None]] = {
    "retry_after_when_completed": retry_after_when_completed,
    "no_location": no_location,
    "gone_instead_of_not_found": gone_instead_of_not_found,
    "drops_an_entry": drops_an_entry,
    "errors_without_envelope": errors_without_envelope,
    "lists_a_missing_list": lists_a_missing_list,
}
STORE_FAULTS: dict[str, Callable[[Sandbox], None]] = {
    "add_drops_a_lead": add_drops_a_lead,
    "cap_not_enforced": cap_not_enforced,
}
VARIANTS = sorted(RESPONSE_FAULTS.keys() | STORE_FAULTS.keys())


def broken_app(variant: str, settings: Settings) -> ASGIApp:
    """The sandbox, broken in the way `variant` names."""
    if variant in RESPONSE_FAULTS:
        return breaking(RESPONSE_FAULTS[variant], settings)
    app = create_app(settings)
    STORE_FAULTS[variant](app.state.sandbox)
    return app
