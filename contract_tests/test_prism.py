"""A second, independent server built from nothing but the spec: Stoplight Prism's mock (pinned in tools/).

In static mode Prism answers every request with one of the spec's own examples, so a client that gets
through create → wait → page → add against it proves the examples tell one consistent story: no entry
twice, links to the same list, a last page without `next`, headers a client can act on. Prism also
checks each request against the spec (`--errors` turns a violation into an error answer instead of an
example) and reports a response that breaks the spec in an `sl-violations` header.

Static mode sends the first example unless the request names another (`Prefer: example=<name>`), and
knows nothing of state. `Steering` plays that part from the request alone: the first polls see
`processing`, later ones `completed` (the whole list on its one default-sized page); a request for
smaller pages gets `firstPage`, and following its `next` (`page[after]`) gets `lastPage`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import jsonschema
import pytest

from amplemarket_lead_lists import (
    AuthenticatedClient,
    PollEvent,
    add_leads,
    create_lead_list,
    iter_lead_list_entries,
    wait_for_lead_list,
)
from amplemarket_lead_lists.models import LeadListStatus, Link, Links
from amplemarket_lead_lists.transport.links import link_target
from contract_tests.spec import ROOT, SPEC_PATH, load_spec

PRISM = ROOT / "tools" / "node_modules" / ".bin" / "prism"
SPEC = load_spec()
EXAMPLES = {name: example["value"] for name, example in SPEC["components"]["examples"].items()}
HEADERS = SPEC["components"]["headers"]
HREF_PATTERN = SPEC["components"]["schemas"]["Link"]["properties"]["href"]["pattern"]
LIST_ID = EXAMPLES["CompletedLeadList"]["id"]
CREATE_BODY: dict[str, Any] = {
    "owner": "user@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://www.linkedin.com/in/jim-smith"}],
}
STARTUP_SECONDS = 60.0


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["id"] for entry in entries]


# The examples on their own, without Prism: what a mock serving them will tell a client.


def test_examples_tell_one_story() -> None:
    completed, first, last = EXAMPLES["CompletedLeadList"], EXAMPLES["FirstPageLeadList"], EXAMPLES["LastPageLeadList"]
    ids = _ids(completed["leads"])
    assert len(set(ids)) == len(ids) == 3
    assert "next" not in completed["_links"] and "prev" not in completed["_links"]
    assert first["leads"] + last["leads"] == completed["leads"]
    assert "prev" not in first["_links"] and "next" not in last["_links"]
    assert first["_links"]["next"]["href"] == f"/lead-lists/{LIST_ID}?page[size]=2&page[after]={ids[1]}"
    assert last["_links"]["prev"]["href"] == f"/lead-lists/{LIST_ID}?page[size]=2&page[before]={ids[2]}"
    for example in EXAMPLES.values():
        if "_links" in example and "lead_lists" not in example:
            assert example["id"] == LIST_ID
            assert example["_links"]["self"]["href"] == f"/lead-lists/{LIST_ID}"
            assert all(re.search(HREF_PATTERN, link["href"]) for link in example["_links"].values())
    assert HEADERS["Location"]["example"] == f"/lead-lists/{LIST_ID}"


def test_listing_examples_page_one_collection() -> None:
    """The two listing pages: unique ids, the guide's list among them, links within `/lead-lists`."""
    first, last = EXAMPLES["FirstPageOfLeadLists"], EXAMPLES["LastPageOfLeadLists"]
    ids = _ids(first["lead_lists"] + last["lead_lists"])
    assert len(set(ids)) == len(ids) == 3
    assert LIST_ID in ids
    assert first["_links"]["next"]["href"] == f"/lead-lists?page[size]=2&page[after]={ids[1]}"
    assert last["_links"]["prev"]["href"] == f"/lead-lists?page[size]=2&page[before]={ids[2]}"
    assert "prev" not in first["_links"] and "next" not in last["_links"]
    for page in (first, last):
        hrefs = [link["href"] for link in page["_links"].values()]
        hrefs += [summary["_links"]["self"]["href"] for summary in page["lead_lists"]]
        assert all(re.search(HREF_PATTERN, href) for href in hrefs)


@pytest.mark.parametrize("name", ["Location", "RetryAfter"])
def test_header_examples_match_their_schemas(name: str) -> None:
    header = HEADERS[name]
    jsonschema.Draft202012Validator(header["schema"]).validate(header["example"])


@pytest.mark.parametrize(
    ("href", "valid"),
    [
        (f"/lead-lists/{LIST_ID}?page[size]=100&page[after]=81f63c2e-edbd-4c1a-9168-542ede3ce98a", True),
        (f"https://api.amplemarket.com/lead-lists/{LIST_ID}", True),
        ("/lead-lists/a%20b", True),
        ("anim exercitation ut", False),  # what Prism's dynamic mode sent before the pattern
        (f"https://example.com/lead-lists/{LIST_ID}", False),
        (f"/lead-lists/{LIST_ID}?page[after]=a b", False),
        ("/lead-lists/", False),
        ("/lead-lists?page[size]=2&page[after]=2c9d7a10", True),
        ("/lead-lists", True),
        ("/lead-listsx", False),
    ],
)
def test_href_pattern(href: str, valid: bool) -> None:
    assert bool(re.search(HREF_PATTERN, href)) is valid


def test_retry_after_is_bounded_but_the_vendor_value_fits() -> None:
    schema = HEADERS["RetryAfter"]["schema"]
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(60) and validator.is_valid(86_400)
    assert not validator.is_valid(79_000_000)


# Prism itself.


@dataclass
class Prism:
    base_url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_listening(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"prism exited with {process.returncode}:\n{log.read_text()}")
        try:
            httpx.get(f"{base_url}/lead-lists/{LIST_ID}", timeout=1.0)  # any answer (a 401 here) means ready
        except httpx.TransportError:
            time.sleep(0.1)
        else:
            return
    pytest.fail(f"prism did not listen within {STARTUP_SECONDS:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    assert PRISM.exists(), "run `make test` (its tools/node_modules/.installed step installs the pinned Prism CLI)"
    assert shutil.which("node"), "Prism needs Node.js on PATH"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    command = [str(PRISM), "mock", "--errors", "--seed", "lead-lists", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, str(SPEC_PATH)], stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_listening(process, base_url, log)
        yield Prism(base_url, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Steering:
    """Names the example Prism should send for each request, and records what went over the wire."""

    pending_polls: int = 2
    polls: int = 0
    exchanges: list[tuple[str, str, httpx.Response]] = field(default_factory=list)

    def example_for(self, request: httpx.Request) -> str:
        params = request.url.params
        if request.method == "POST":
            return "queued"  # both createLeadList and addLeads answer 202 with the queued list
        if "page[after]" in params:
            return "lastPage"
        if "page[before]" in params or params.get("page[size]", "100") != "100":
            return "firstPage"
        self.polls += 1  # polls ask for the default page (the generated call sends `page[size]=100`)
        if self.polls <= self.pending_polls:
            return "processing"
        return "completed"

    def on_request(self, request: httpx.Request) -> None:
        request.headers["Prefer"] = f"example={self.example_for(request)}"

    def on_response(self, response: httpx.Response) -> None:
        request = response.request
        self.exchanges.append((request.method, str(request.url.raw_path, "ascii"), response))

    def client(self, prism: Prism) -> AuthenticatedClient:
        hooks = {"request": [self.on_request], "response": [self.on_response]}
        return AuthenticatedClient(base_url=prism.base_url, token="prism-key", httpx_args={"event_hooks": hooks})

    def assert_all_conform(self, prism: Prism) -> None:
        """Prism found nothing wrong with any request the client sent or any example it answered with."""
        for method, path, response in self.exchanges:
            assert response.is_success, f"{method} {path}: {response.status_code}\n{prism.log.read_text()[-2000:]}"
            assert "sl-violations" not in response.headers, f"{method} {path}: {response.headers['sl-violations']}"


def _no_sleep(seconds: float) -> None:
    del seconds


def test_create_wait_and_page_against_prism(prism: Prism) -> None:
    steering = Steering()
    with steering.client(prism) as client:
        created = create_lead_list(client, CREATE_BODY, sleep=_no_sleep)
        assert created.status is LeadListStatus.QUEUED and created.id == LIST_ID
        links = created.links
        assert isinstance(links, Links) and isinstance(links.self_, Link)
        assert steering.exchanges[0][2].headers["location"] == links.self_.href == f"/lead-lists/{LIST_ID}"

        sleeps: list[float] = []
        events: list[PollEvent] = []
        done = wait_for_lead_list(client, created, sleep=sleeps.append, on_poll=events.append)
        assert [event.lead_list.status for event in events] == ["processing", "processing", "completed"]
        assert sleeps == [60.0, 60.0]  # the Retry-After example, honoured
        assert done.status is LeadListStatus.COMPLETED

        sent = len(steering.exchanges)
        entries = [entry.id for entry in iter_lead_list_entries(client, done, sleep=_no_sleep)]
        assert entries == _ids(EXAMPLES["CompletedLeadList"]["leads"])
        assert len(steering.exchanges) == sent  # a page without `next` is the last one: nothing fetched

        paged = [entry.id for entry in iter_lead_list_entries(client, done.id, page_size=2, sleep=_no_sleep)]
        assert paged == entries  # every entry once, in order, and the walk ended
        page_requests = [path for _method, path, _response in steering.exchanges[sent:]]
        assert page_requests == [
            f"/lead-lists/{LIST_ID}?page%5Bsize%5D=2",
            EXAMPLES["FirstPageLeadList"]["_links"]["next"]["href"],
        ]
    steering.assert_all_conform(prism)


def test_add_leads_then_wait_against_prism(prism: Prism) -> None:
    steering = Steering()
    with steering.client(prism) as client:
        leads = [{"linkedin_url": "https://www.linkedin.com/in/lead3/"}]
        added = add_leads(client, LIST_ID, leads, type="linkedin", sleep=_no_sleep)
        assert added.status is LeadListStatus.QUEUED and added.id == LIST_ID  # pending again after an add
        method, path, response = steering.exchanges[0]
        assert (method, path, response.status_code) == ("POST", f"/lead-lists/{LIST_ID}/leads", 202)
        assert response.headers["location"] == f"/lead-lists/{LIST_ID}"

        done = wait_for_lead_list(client, added, sleep=_no_sleep)
        assert done.status is LeadListStatus.COMPLETED and steering.polls == 3
    steering.assert_all_conform(prism)


def test_prism_refuses_what_the_spec_forbids(prism: Prism) -> None:
    """The checks above mean something: Prism does validate requests against the spec."""
    with httpx.Client(base_url=prism.base_url, timeout=10.0) as http:
        unauthenticated = http.get(f"/lead-lists/{LIST_ID}")
        empty = http.post("/lead-lists", json={**CREATE_BODY, "leads": []}, headers={"Authorization": "Bearer k"})
        unknown_example = http.get(
            f"/lead-lists/{LIST_ID}", headers={"Authorization": "Bearer k", "Prefer": "example=nonesuch"}
        )
    assert unauthenticated.status_code == 401
    assert empty.status_code in (400, 422)
    assert "leads" in empty.text
    assert unknown_example.status_code == 404


def test_dynamic_answers_stay_within_the_spec(prism: Prism) -> None:
    """Prism's dynamic mode invents values from the schemas: hrefs must still be URLs to follow, and
    `Retry-After` a wait worth honouring."""
    base_url = httpx.URL(prism.base_url)
    headers = {"Authorization": "Bearer k", "Prefer": "dynamic=true"}
    hrefs: list[str] = []
    with httpx.Client(base_url=prism.base_url, headers=headers, timeout=10.0) as http:
        for _ in range(10):
            response = http.get(f"/lead-lists/{LIST_ID}")
            assert response.status_code == 200 and "sl-violations" not in response.headers
            assert 0 <= int(response.headers.get("retry-after", "0")) <= 86_400
            hrefs += [link["href"] for link in response.json().get("_links", {}).values()]
    assert hrefs
    for href in hrefs:
        # `Link.href` is shared with the listing's links, so `/lead-lists` alone is within the spec too.
        assert re.match(r"(https://api\.amplemarket\.com)?/lead-lists([/?]|$)", href), href
        # Every percent escape spells UTF-8: Prism's own decodeURIComponent crashed on others.
        unquote(href, errors="strict")
        if href.startswith("/"):
            target = link_target(href, base_url)
            assert (target.host, target.port) == (base_url.host, base_url.port)
            assert target.path.startswith("/lead-lists")
