"""Keeping the API key out of every text a caller sees: messages, attributes, chained errors, logs.

A server may echo the `Authorization` header back, and a lead list's id or an href comes from the
server too; so every such text is scrubbed before it reaches an exception or a log line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import httpx

REDACTED = "[redacted]"

SECRETS = "amplemarket_lead_lists.secrets"
"""The request extension holding the client's key, set by its first request hook (`transport.exchange.guarded`):
the key may travel in another header than `Authorization` (`auth_header_name="X-Api-Key"`)."""


def secrets_of(request: httpx.Request | None) -> tuple[str, ...]:
    """The credential a request carried (the whole `Authorization` value, the key after its scheme, and
    the client's key wherever it was sent)."""
    if request is None:
        return ()
    value = request.headers.get("authorization", "")
    carried = request.extensions.get(SECRETS, ())
    return tuple(part for part in {value, value.rpartition(" ")[2], *carried} if len(part) >= 4)


def request_of(error: BaseException | None) -> httpx.Request | None:
    """The request an error answers: an httpx error's own, or the one a LeadListError (or its cause) holds
    in its `response` or `request`; None when nothing holds it (e.g. once unpickled)."""
    for holder in (error, getattr(error, "__cause__", None)):
        try:
            found = getattr(holder, "response", None)
            if isinstance(found, httpx.Response):
                return found.request
            found = getattr(holder, "request", None)
        except RuntimeError:  # httpx: a response or an error built without its request
            continue
        if isinstance(found, httpx.Request):
            return found
    return None


def redacted(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret replaced by REDACTED."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def scrubbed_value(value: Any, secrets: Sequence[str]) -> Any:
    """An attribute's value with every secret replaced: in a string, a tuple or list of values, or a
    generated model (through its JSON). A value without a secret is returned as it is, the same object."""
    if isinstance(value, str):
        clean = redacted(value, secrets)
        return value if clean == value else clean
    if isinstance(value, tuple | list):
        items = [scrubbed_value(item, secrets) for item in value]
        if all(item is old for item, old in zip(items, value, strict=True)):
            return value
        return tuple(items) if isinstance(value, tuple) else items
    if callable(getattr(value, "to_dict", None)) and callable(getattr(value, "from_dict", None)):
        data = value.to_dict()
        clean = scrubbed_json(data, secrets)
        return value if clean == data else type(value).from_dict(clean)
    return value


def scrub_chains(starts: Iterable[BaseException | None], secrets: Sequence[str]) -> None:
    """Scrub the message and notes of every exception chained from `starts` (causes and contexts), each once."""
    pending = [start for start in starts if start is not None]
    seen: set[int] = set()
    while pending:
        link = pending.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        link.args = scrubbed_value(link.args, secrets)
        notes = getattr(link, "__notes__", None)
        if isinstance(notes, list):
            link.__notes__ = scrubbed_value(notes, secrets)
        pending += [chained for chained in (link.__cause__, link.__context__) if chained is not None]


def scrubbed_json(value: object, secrets: Sequence[str]) -> Any:
    """Decoded JSON with every secret replaced by REDACTED in every string (keys included)."""
    if isinstance(value, str):
        return redacted(value, secrets)
    if isinstance(value, list):
        return [scrubbed_json(item, secrets) for item in value]
    if isinstance(value, dict):
        return {redacted(str(key), secrets): scrubbed_json(item, secrets) for key, item in value.items()}
    return value


def shown_href(href: str, secrets: Sequence[str]) -> str:
    """The href for a message: credentials in a URL (`user:secret@host`) are never repeated, and the
    secrets are replaced before it is shortened (which could cut one in two)."""
    try:
        text = str(httpx.URL(redacted(href, secrets)).copy_with(userinfo=b""))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<invalid URL>"
    return text if len(text) <= 200 else text[:199] + "…"


def origin_of(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"
