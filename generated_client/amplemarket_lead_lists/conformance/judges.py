"""The response rules: each judges every answer the active rules received (None: not its business)."""

from __future__ import annotations

import re
from typing import Any

from .reading import (
    PENDING,
)
from .session import KNOWN_CODES, MEDIA_TYPE, Seen

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
