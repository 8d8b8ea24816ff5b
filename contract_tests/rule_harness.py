"""A conformance `Session` on a small server, for fast in-process tests of the rules one by one: the
sandbox of `test_catalogue` (its instant settings and clock), as it is or broken one way by a function
that rewrites its answers (`broken_sandboxes.rewriting`), or a scripted server (`httpx.MockTransport`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from amplemarket_lead_lists.conformance import Session, Tier
from contract_tests import broken_sandboxes
from contract_tests.test_catalogue import EVERY_TIER, KEY, OTHER_KEY, clocked

BASE = "http://testserver"
AUTH = {"Authorization": f"Bearer {KEY}"}
OTHER_AUTH = {"Authorization": f"Bearer {OTHER_KEY}"}


def sandbox_session(
    mutate: Callable[[broken_sandboxes.Exchange], None] | None = None,
    *,
    app: ASGIApp | None = None,
    allowed: frozenset[Tier] = EVERY_TIER,
    second_key: bool = True,
    **fields: Any,
) -> Session:
    """A session on a fresh sandbox (or `app`), every answer passed through `mutate` when given; it
    never really sleeps (pass `sleep=` to see how long it would have)."""
    served = app if app is not None else clocked()
    if mutate is not None:
        served = broken_sandboxes.rewriting(served, mutate)
    fields.setdefault("sleep", lambda seconds: None)
    return Session(
        TestClient(served), BASE, AUTH, allowed=allowed, other_headers=OTHER_AUTH if second_key else None, **fields
    )


def prefill(s: Session, entries: int) -> str:
    """A completed list of `entries` made through the sandbox's own control (no rule sees it made)."""
    got = s.client.post("/_sandbox/lead-lists", json={"entries": entries}, headers=s.headers)
    assert got.status_code == 201, got.text
    return str(got.json()["id"])


Handler = Callable[[httpx.Request], httpx.Response]


def scripted_session(handler: Handler, **fields: Any) -> tuple[Session, list[httpx.Request]]:
    """A session on a server that `handler` plays, and the requests it received."""
    requests: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return handler(request)

    fields.setdefault("sleep", lambda seconds: None)
    client = httpx.Client(transport=httpx.MockTransport(recording))
    return Session(client, BASE, AUTH, **fields), requests


def in_turn(*answers: httpx.Response) -> Handler:
    """A server giving `answers` in turn, the last one again once they run out."""
    given: list[httpx.Response] = []

    def handler(request: httpx.Request) -> httpx.Response:
        given.append(answers[min(len(given), len(answers) - 1)])
        return httpx.Response(given[-1].status_code, headers=given[-1].headers, content=given[-1].content)

    return handler


Mutate = Callable[[broken_sandboxes.Exchange], None]


def chained(*mutates: Mutate) -> Mutate:
    """Every answer passed through each of `mutates` in turn."""

    def mutate(exchange: broken_sandboxes.Exchange) -> None:
        for one in mutates:
            one(exchange)

    return mutate


def recorder(asked: list[tuple[str, str, str]]) -> Mutate:
    """Changes nothing; notes each request's method, path and (unquoted) query in `asked`."""

    def record(exchange: broken_sandboxes.Exchange) -> None:
        asked.append((exchange["method"], exchange["path"], unquote(exchange["query"])))

    return record
