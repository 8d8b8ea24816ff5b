"""Read-only `make conformance` never fails a server that conforms: run over HTTP against the sandbox's
completed lists of several sizes, under several seeds, it passes; and every request our own checks
and probes make is one the spec allows (a `page[size]` of 1 to 100), but for the two that probe the
bounds and are answered 400 as the spec says."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amplemarket_lead_lists.conformance.reading import MAX_PAGE_SIZE, RATE_LIMIT_RETRIES, small_page_size
from amplemarket_lead_lists.sandbox.app import create_app
from amplemarket_lead_lists.sandbox.server import serving
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.checks import page_fetcher
from contract_tests.conformance import SANDBOX_KEY, SANDBOX_SETTINGS, prefilled_lead_list, run_conformance
from contract_tests.sandbox_harness import SandboxClient

SEEDS = (20261126, 1, 424242)
SIZES = (1, 100, 101, 2_001)
BOUNDS_PROBED = {"0", "101"}
"""The `page[size]` values the bounds probes send on purpose, expecting 400."""


@dataclass(frozen=True)
class Seen:
    """One request the sandbox answered: who sent it (Schemathesis, or our checks through httpx)."""

    agent: str
    path: str
    query: dict[str, list[str]]
    status: int


def recording(app: ASGIApp, seen: list[Seen]) -> ASGIApp:
    async def recorder(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                query = parse_qs(scope["query_string"].decode(), keep_blank_values=True)
                seen.append(Seen(headers.get("user-agent", ""), scope["path"], query, message["status"]))
            await send(message)

        await app(scope, receive, capture)

    return recorder


@contextmanager
def read_only_run(entries: int, seed: int, tmp_path: Path) -> Iterator[tuple[int, list[Seen], str]]:
    """A read-only run against a sandbox holding one completed list of `entries`, named by
    CONFORMANCE_LEAD_LIST_ID: (exit code, requests seen, the list's id)."""
    seen: list[Seen] = []
    with serving(recording(create_app(SANDBOX_SETTINGS), seen)) as url:
        lead_list_id = prefilled_lead_list(url, SANDBOX_KEY, entries)
        seen.clear()
        done = run_conformance(
            url,
            SANDBOX_KEY,
            allow_create=False,
            max_examples=5,
            report=tmp_path / "j.xml",
            lead_list_id=lead_list_id,
            seed=seed,
        )
        assert done.returncode == 0, done.stdout[-3000:]
        yield done.returncode, seen, lead_list_id


def assert_only_allowed_requests(seen: list[Seen], lead_list_id: str, entries: int) -> None:
    ours = [request for request in seen if request.agent.startswith("python-httpx")]
    assert all(request.status != 400 or request.query.get("page[size]", [""])[0] in BOUNDS_PROBED for request in ours)
    for request in ours:
        sizes = request.query.get("page[size]", [])
        if sizes and sizes[0] not in BOUNDS_PROBED:
            assert 1 <= int(sizes[0]) <= MAX_PAGE_SIZE, request
    # our checks walked the whole list: at least one request per page of 100
    walked = [r for r in ours if r.path == f"/lead-lists/{lead_list_id}" and r.status == 200]
    assert len(walked) >= math.ceil(entries / MAX_PAGE_SIZE)
    # and never created or added anything
    assert {r.path for r in seen if r.path == "/lead-lists" or r.path.endswith("/leads")} <= {"/lead-lists"}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("entries", SIZES)
def test_read_only_passes_on_every_completed_list_size(entries: int, seed: int, tmp_path: Path) -> None:
    with read_only_run(entries, seed, tmp_path) as (_, seen, lead_list_id):
        assert_only_allowed_requests(seen, lead_list_id, entries)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_read_only_passes_on_a_full_list(seed: int, tmp_path: Path) -> None:
    """60,000 entries: 600 pages walked, each checked on the way back too (about 10 s a seed)."""
    with read_only_run(60_000, seed, tmp_path) as (_, seen, lead_list_id):
        assert_only_allowed_requests(seen, lead_list_id, 60_000)


@pytest.mark.parametrize(
    ("entries", "size"), [(1, 1), (2, 1), (20, 1), (21, 2), (2_000, 100), (2_001, 100), (60_000, 100)]
)
def test_the_second_walk_stays_within_the_spec(entries: int, size: int) -> None:
    assert small_page_size(entries) == size


def test_a_check_waits_out_a_rate_limit_instead_of_failing() -> None:
    """A 429 is documented on every operation: the checks' GETs wait as `Retry-After` says."""
    client = SandboxClient(Settings(queue_seconds=0, processing_seconds=0, seconds_per_lead=0))
    lead_list = client.create(count=3)
    assert client.post("/_sandbox/scenario", json={"rate_limit_burst": 2}).status_code == 200
    slept: list[float] = []
    fetch = page_fetcher(client, "http://testserver", {}, sleep=slept.append)
    assert len(fetch(f"/lead-lists/{lead_list['id']}")["leads"]) == 3
    assert slept == [1.0, 1.0]


def test_a_check_gives_up_on_a_rate_limit_that_never_ends() -> None:
    client = SandboxClient()
    lead_list = client.create(count=1)
    assert client.post("/_sandbox/scenario", json={"rate_limit_burst": 10}).status_code == 200
    slept: list[float] = []
    with pytest.raises(AssertionError, match="answered 429"):
        page_fetcher(client, "http://testserver", {}, sleep=slept.append)(f"/lead-lists/{lead_list['id']}")
    assert len(slept) == RATE_LIMIT_RETRIES
