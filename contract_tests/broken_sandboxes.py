"""Deliberately broken variants of the sandbox: each must make the conformance suite fail.

Most rewrite responses on their way out; those that break what the sandbox stores, accepts or
pages change its store or its request checks instead.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amplemarket_lead_lists.sandbox.app import Sandbox, create_app
from amplemarket_lead_lists.sandbox.settings import Settings
from amplemarket_lead_lists.sandbox.store import Account, LeadListRecord, Store

Exchange = dict[str, Any]
"""method, path, query, status, headers (lower-case dict), body (parsed JSON or None), request_body."""
Clock = Callable[[], float]


def breaking(mutate: Callable[[Exchange], None], settings: Settings, clock: Clock = time.monotonic) -> ASGIApp:
    """The sandbox, with every response passed through `mutate` before it is sent."""
    return rewriting(create_app(settings, clock=clock), mutate)


def rewriting(app: ASGIApp, mutate: Callable[[Exchange], None]) -> ASGIApp:
    """`app`, with every response passed through `mutate` (which also sees the request's JSON body)."""

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []
        received: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            else:
                chunks.append(message.get("body", b""))

        async def recording() -> Message:
            message = await receive()
            received.append(message.get("body", b""))
            return message

        await app(scope, recording, capture)
        raw = b"".join(chunks)
        request = b"".join(received)
        exchange: Exchange = {
            "method": scope["method"],
            "path": scope["path"],
            "query": scope["query_string"].decode(),
            "status": start["status"],
            "headers": {k.decode().lower(): v.decode() for k, v in start["headers"]},
            "body": json.loads(raw) if raw[:1] in (b"{", b"[") else None,
            "request_body": json.loads(request) if request[:1] == b"{" else None,
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


def _query(exchange: Exchange) -> str:
    return unquote(exchange["query"])


def _recode(exchange: Exchange, status: int) -> None:
    """Another status, with an envelope as a server answering it would write (the 400's vendor code)."""
    exchange["status"] = status
    for error in exchange["body"]["_errors"]:
        error["status"], error["code"], error["title"] = str(status), "unsupported_value", "Unsupported Value"


def paged_unknown_id_is_a_bad_request(exchange: Exchange) -> None:
    """An unknown id read with `page[size]` is a 400 (the paging is judged first), without it a 404."""
    if exchange["method"] == "GET" and exchange["status"] == 404 and "page[size]" in _query(exchange):
        _recode(exchange, 400)


def no_next_on_pages_before(exchange: Exchange) -> None:
    """Pages asked for with `page[before]` (as every `prev` href is) lack `next`."""
    if _completed_get(exchange) and "page[before]" in _query(exchange):
        exchange["body"]["_links"].pop("next", None)


def validates_when_told_not_to(exchange: Exchange) -> None:
    """Entries carry an email validation result although the list has `validate_email: false`."""
    if _completed_get(exchange):
        for entry in exchange["body"].get("leads", []):
            if entry.get("email") and not entry.get("email_validation_result"):
                entry["email_validation_result"] = {
                    "object": "email_validation_result",
                    "email": entry["email"],
                    "result": "deliverable",
                    "catch_all": False,
                }


def lists_oldest_first(exchange: Exchange) -> None:
    if exchange["path"] == "/lead-lists" and exchange["method"] == "GET" and exchange["status"] == 200:
        exchange["body"]["lead_lists"].reverse()


def entries_while_pending(exchange: Exchange) -> None:
    """A queued or processing list already carries an entry."""
    body = exchange["body"]
    if isinstance(body, dict) and body.get("status") in ("queued", "processing") and "leads" in body:
        body["leads"] = [{"id": "00000000-0000-4000-8000-00000000000a", "object": "lead_list_entry", "data": {}}]


def plain_json_media_type(exchange: Exchange) -> None:
    if exchange["body"] is not None:
        exchange["headers"]["content-type"] = "application/json"


def dotted_pointers(exchange: Exchange) -> None:
    """`source.pointer` written as a dotted path (`leads.0.linkedin_url`), not RFC 6901."""
    if exchange["status"] >= 400 and isinstance(exchange["body"], dict):
        for error in exchange["body"].get("_errors", []):
            source = error.get("source", {})
            if "pointer" in source:
                source["pointer"] = source["pointer"].lstrip("/").replace("/", ".")


def mislabelled_error_codes(exchange: Exchange) -> None:
    """A 404 coded as the vendor's 400 code."""
    if exchange["status"] == 404 and isinstance(exchange["body"], dict):
        for error in exchange["body"].get("_errors", []):
            error["code"], error["title"] = "unsupported_value", "Unsupported Value"


def _owner_elsewhere(sandbox: Sandbox, exchange: Exchange) -> tuple[Account, LeadListRecord] | None:
    """The account and list an id of the request path names, if the list is another key's."""
    parts = exchange["path"].split("/")
    if len(parts) < 3 or parts[1] != "lead-lists" or exchange["status"] != 404:
        return None
    for account in sandbox.store.accounts.values():
        record = account.lead_lists.get(unquote(parts[2]))
        if record is not None:
            return account, record
    return None


def add_to_unknown_is_a_bad_request(sandbox: Sandbox, exchange: Exchange) -> None:
    """An add to an id no key has is a 400 (another key's list is still a 404)."""
    is_add = exchange["method"] == "POST" and exchange["path"].endswith("/leads")
    if is_add and exchange["status"] == 404 and _owner_elsewhere(sandbox, exchange) is None:
        _recode(exchange, 400)


def other_keys_can_read(sandbox: Sandbox, exchange: Exchange) -> None:
    """Reading another key's list by id answers it (adds are still refused)."""
    found = _owner_elsewhere(sandbox, exchange)
    if exchange["method"] == "GET" and found is not None:
        now = sandbox.clock()
        exchange["status"], exchange["body"] = 200, found[1].body(now)


def other_keys_can_add(sandbox: Sandbox, exchange: Exchange) -> None:
    """Adding to another key's list appends the leads (reads are still refused)."""
    found = _owner_elsewhere(sandbox, exchange)
    if exchange["method"] == "POST" and exchange["path"].endswith("/leads") and found is not None:
        account, record = found
        now = sandbox.clock()
        sandbox.store.add(account, record, exchange["request_body"]["leads"], now)
        exchange["status"], exchange["body"] = 202, record.body(now)


APP_FAULTS: dict[str, Callable[[Sandbox, Exchange], None]] = {
    "add_to_unknown_is_a_bad_request": add_to_unknown_is_a_bad_request,
    "other_keys_can_read": other_keys_can_read,
    "other_keys_can_add": other_keys_can_add,
}


class _RenumberingRecord(LeadListRecord):
    """Entry ids shift by 4,096 at every add: old ids, hence old cursors, name nothing any more."""

    def entry_id(self, index: int) -> str:
        return super().entry_id(index + 4096 * (len(self.leads._segments) - 1))

    def index_of(self, cursor: str, parameter: str) -> int:
        shift = 4096 * (len(self.leads._segments) - 1)
        try:
            shifted = f"{cursor[:24]}{int(cursor[24:], 16) - shift:012x}"
        except ValueError:
            shifted = cursor
        return super().index_of(shifted, parameter)


def renumbers_after_add(sandbox: Sandbox) -> None:
    """Lists made through the API renumber their entries at every add (the prefilled one does not)."""
    create = sandbox.store.create

    def renumbering(account: Account, body: dict[str, Any], now: float, *, completed: bool = False) -> LeadListRecord:
        record = create(account, body, now, completed=completed)
        if not completed:
            record.__class__ = _RenumberingRecord
        return record

    sandbox.store.create = renumbering  # type: ignore[method-assign]


def visible_false_when_omitted(sandbox: Sandbox) -> None:
    create = sandbox.store.create

    def hidden(account: Account, body: dict[str, Any], now: float, *, completed: bool = False) -> LeadListRecord:
        return create(account, {"visible": False, **body}, now, completed=completed)

    sandbox.store.create = hidden  # type: ignore[method-assign]


def create_drops_the_last_lead(sandbox: Sandbox) -> None:
    create = sandbox.store.create

    def dropping(account: Account, body: dict[str, Any], now: float, *, completed: bool = False) -> LeadListRecord:
        leads = body["leads"]
        if isinstance(leads, list) and len(leads) > 1:
            body = {**body, "leads": leads[:-1]}
        return create(account, body, now, completed=completed)

    sandbox.store.create = dropping  # type: ignore[method-assign]


def accepts_a_create_without_owner(sandbox: Sandbox) -> None:
    check_create = sandbox.spec.check_create_body

    def owner_optional(body: object) -> None:
        if isinstance(body, dict) and "owner" not in body:
            body["owner"] = "fallback-admin@example.com"
        check_create(body)

    sandbox.spec.check_create_body = owner_optional  # type: ignore[method-assign]


def accepts_page_size_101(sandbox: Sandbox) -> None:
    """`page[size]=101` is served as 100 instead of refused."""
    page_parameters = sandbox.spec.page_parameters

    def clamped(query: Mapping[str, list[str]], operation_id: str = "getLeadList") -> dict[str, Any]:
        if list(query.get("page[size]", [])) == ["101"]:
            query = {**query, "page[size]": ["100"]}
        return page_parameters(query, operation_id)

    sandbox.spec.page_parameters = clamped  # type: ignore[method-assign]


class _KeepsTheLastStore(Store):
    def add(self, account: Account, record: LeadListRecord, leads: Sequence[dict[str, Any]], now: float) -> None:
        room = self.max_leads_per_list - len(record.leads)
        super().add(account, record, leads[-room:] if 0 < room < len(leads) else leads, now)


def keeps_the_last_leads(sandbox: Sandbox) -> None:
    """A partial add keeps the last leads that fit instead of the first."""
    sandbox.store = _KeepsTheLastStore(sandbox.settings)


class _AddsOnTheConflictStore(Store):
    def add(self, account: Account, record: LeadListRecord, leads: Sequence[dict[str, Any]], now: float) -> None:
        if len(record.leads) >= self.max_leads_per_list:
            record.leads.append(list(leads[:1]))
        super().add(account, record, leads, now)


def adds_on_the_409(sandbox: Sandbox) -> None:
    """The 409 of a full list still appends the first lead."""
    sandbox.store = _AddsOnTheConflictStore(sandbox.settings)


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
    "paged_unknown_id_is_a_bad_request": paged_unknown_id_is_a_bad_request,
    "no_next_on_pages_before": no_next_on_pages_before,
    "validates_when_told_not_to": validates_when_told_not_to,
    "lists_oldest_first": lists_oldest_first,
    "entries_while_pending": entries_while_pending,
    "plain_json_media_type": plain_json_media_type,
    "dotted_pointers": dotted_pointers,
    "mislabelled_error_codes": mislabelled_error_codes,
}
STORE_FAULTS: dict[str, Callable[[Sandbox], None]] = {
    "add_drops_a_lead": add_drops_a_lead,
    "cap_not_enforced": cap_not_enforced,
    "page_size_off_by_one": page_size_off_by_one,
    "accepts_too_many_leads": accepts_too_many_leads,
    "renumbers_after_add": renumbers_after_add,
    "visible_false_when_omitted": visible_false_when_omitted,
    "create_drops_the_last_lead": create_drops_the_last_lead,
    "accepts_a_create_without_owner": accepts_a_create_without_owner,
    "accepts_page_size_101": accepts_page_size_101,
    "keeps_the_last_leads": keeps_the_last_leads,
    "adds_on_the_409": adds_on_the_409,
}
VARIANTS = sorted(RESPONSE_FAULTS.keys() | STORE_FAULTS.keys() | APP_FAULTS.keys())

PROVES = {
    "unknown_lead_lists_are_not_found": "paged_unknown_id_is_a_bad_request",
    "pages_walk_every_entry_once": "prev_on_first_page",
    "pages_reached_backwards_carry_links": "no_next_on_pages_before",
    "page_sizes_are_bounded": "accepts_page_size_101",
    "listing_reaches_every_list": "lists_a_missing_list",
    "created_lists_are_located": "no_location",
    "omitted_fields_take_their_defaults": "visible_false_when_omitted",
    "lead_lists_echo_what_was_sent": "reports_another_owner",
    "completed_lists_hold_every_lead_sent": "create_drops_the_last_lead",
    "entries_carry_their_leads_input": "entry_linkedin_url_differs",
    "switched_off_options_show_in_entries": "validates_when_told_not_to",
    "listing_is_newest_first": "lists_oldest_first",
    "adding_to_unknown_lists_is_not_found": "add_to_unknown_is_a_bad_request",
    "invalid_creates_are_rejected": "accepts_a_create_without_owner",
    "ten_thousand_leads_per_request": "accepts_too_many_leads",
    "another_keys_lists_are_not_found_on_read": "other_keys_can_read",
    "another_keys_lists_are_not_found_on_add": "other_keys_can_add",
    "entry_ids_survive_adds": "renumbers_after_add",
    "lead_list_cap_keeps_the_first_leads": "keeps_the_last_leads",
    "retry_after_only_while_pending": "retry_after_when_completed",
    "pending_lists_carry_no_entries": "entries_while_pending",
    "responses_use_the_vendors_media_type": "plain_json_media_type",
    "errors_carry_the_envelope": "errors_without_envelope",
    "error_pointers_are_json_pointers": "dotted_pointers",
    "error_codes_fit_the_status": "mislabelled_error_codes",
}
"""Each catalogue rule, and the broken sandbox that it, and no other rule, catches."""
ALSO_PROVES = [("lead_list_cap_keeps_the_first_leads", "adds_on_the_409")]
"""More (rule, variant) pairs a rule alone catches: the cap rule's other half, nothing added on the 409."""


def broken_app(variant: str, settings: Settings, clock: Clock = time.monotonic) -> ASGIApp:
    """The sandbox, broken in the way `variant` names."""
    if variant in RESPONSE_FAULTS:
        return breaking(RESPONSE_FAULTS[variant], settings, clock)
    app = create_app(settings, clock=clock)
    sandbox: Sandbox = app.state.sandbox
    if variant in APP_FAULTS:
        fault = APP_FAULTS[variant]
        return rewriting(app, lambda exchange: fault(sandbox, exchange))
    STORE_FAULTS[variant](sandbox)
    return app
