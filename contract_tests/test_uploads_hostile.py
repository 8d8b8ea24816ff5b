"""Creates and uploads against servers whose answers cannot be used.

A create that may have happened but got no usable answer (a 2xx whose body cannot be read, a 5xx
other than 503) names the list to look for, as a lost answer does: CreateOutcomeUnknownError, which
is also the error it would have been (ServerError, MalformedResponseError, ResponseTooLargeError).
An add answered with another lead list stops the upload there: nothing is sent to that list.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    BadRequestError,
    CreateOutcomeUnknownError,
    LeadListError,
    MalformedResponseError,
    PartialUploadError,
    ResponseTooLargeError,
    ServerError,
)
from contract_tests.hostile_servers import Connection, serving
from contract_tests.polling_harness import BASE, CT, LL, TOKEN, Runner, assert_no_key, body
from contract_tests.uploads_harness import linkedin_leads, upload

CREATE: dict[str, Any] = {"owner": "user@example.com", "shared": True, "type": "linkedin"}
HTML = {"Content-Type": "text/html"}


def upload_body(count: int) -> dict[str, Any]:
    return {**CREATE, "leads": linkedin_leads(count)}


def queued(lead_list_id: str = LL) -> httpx.Response:
    return httpx.Response(202, headers=CT, json=body("queued", lead_list_id=lead_list_id))


UNUSABLE: dict[str, tuple[Callable[[], httpx.Response], type[LeadListError]]] = {
    "202 not JSON": (lambda: httpx.Response(202, headers=CT, content=b"<html>Accepted</html>"), MalformedResponseError),
    "202 without an id": (lambda: httpx.Response(202, headers=CT, json={"status": "queued"}), MalformedResponseError),
    "202 with an empty id": (
        lambda: httpx.Response(202, headers=CT, json=body("queued", lead_list_id="")),
        MalformedResponseError,
    ),
    "202 over max_response_bytes": (
        lambda: httpx.Response(202, headers=CT, json={**body("queued"), "pad": "x" * 5_000}),
        ResponseTooLargeError,
    ),
    "504 with an HTML body": (
        lambda: httpx.Response(504, headers=HTML, content=b"<h1>Gateway Timeout</h1>"),
        ServerError,
    ),
    "500": (lambda: httpx.Response(500, headers=CT, json={"_errors": [{"code": "oops"}]}), ServerError),
}


class Made:
    """A server that makes the list, answers `answer` to the create, and lists what it made by name."""

    def __init__(self, answer: Callable[[], httpx.Response]) -> None:
        self.answer = answer
        self.made: list[dict[str, Any]] = []

    def mount(self, api: respx.MockRouter) -> respx.Route:
        api.get("/lead-lists").mock(
            side_effect=lambda _: httpx.Response(200, headers=CT, json={"lead_lists": self.made})
        )
        return api.post("/lead-lists").mock(side_effect=self.create)

    def create(self, request: httpx.Request) -> httpx.Response:
        self.made.append({"id": "ll_made", "object": "lead_list", "name": json.loads(request.content)["name"]})
        return self.answer()


@pytest.mark.parametrize(("answer", "original"), UNUSABLE.values(), ids=UNUSABLE.keys())
@pytest.mark.parametrize("how", ["create_lead_list", "upload_lead_list"])
def test_a_create_without_a_usable_answer_names_the_list_to_look_for(
    run: Runner,
    api: respx.MockRouter,
    answer: Callable[[], httpx.Response],
    original: type[LeadListError],
    how: str,
) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1_000)
    server = Made(answer)
    post = server.mount(api)
    with pytest.raises(CreateOutcomeUnknownError) as caught:
        run.create(upload_body(1)) if how == "create_lead_list" else upload(run, upload_body(25), chunk_size=10)
    error = caught.value
    sent = json.loads(post.calls.last.request.content)["name"]
    assert isinstance(error, original) and isinstance(error.__cause__, original)
    assert (error.name, error.owner, error.sent, error.attempts) == (sent, "user@example.com", True, 1)
    assert sent.startswith("linkedin leads ") and error.requested_at.endswith(" UTC")
    assert f"find_lead_lists(client, name={sent!r})" in str(error) and "user@example.com" in str(error)
    assert (error.method, error.path, error.host) == ("POST", "/lead-lists", "api.amplemarket.com")
    assert [found.id for found in run.find(name=error.name)] == ["ll_made"]
    assert post.call_count == 1 and len(api.calls) == 2  # the create, once, and the look-up
    assert_no_key(error)
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is type(error) and str(restored) == str(error) and restored.name == error.name


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (lambda: httpx.Response(503, headers=CT, json={"_errors": [{"code": "down"}]}), ServerError),
        (lambda: httpx.Response(400, headers=CT, json={"_errors": [{"code": "bad"}]}), BadRequestError),
        (lambda: httpx.Response(413, headers=HTML, content=b"x" * 5_000), ResponseTooLargeError),
    ],
    ids=["503 without Retry-After", "400", "4xx over max_response_bytes"],
)
def test_a_refused_create_raises_as_it_did(
    run: Runner, api: respx.MockRouter, answer: Callable[[], httpx.Response], expected: type[LeadListError]
) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1_000)
    Made(answer).mount(api)
    with pytest.raises(expected) as caught:
        run.create(upload_body(1))
    assert not isinstance(caught.value, CreateOutcomeUnknownError)


def test_the_attempts_before_an_unusable_answer_are_counted(run: Runner, api: respx.MockRouter) -> None:
    rate_limited = httpx.Response(429, headers={**CT, "Retry-After": "2"}, json={"_errors": [{"code": "slow"}]})
    post = api.post("/lead-lists").mock(side_effect=[rate_limited, httpx.Response(504, headers=HTML, content=b"")])
    with pytest.raises(CreateOutcomeUnknownError) as caught:
        run.create(upload_body(1))
    assert caught.value.attempts == 2 == post.call_count and run.time.sleeps == [2.0]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_real_gateway_timeout_on_a_create_names_the_list(mode: str) -> None:
    page = b"<html><body><h1>504 Gateway Time-out</h1></body></html>"
    head = f"HTTP/1.1 504 Gateway Time-out\r\nContent-Type: text/html\r\nContent-Length: {len(page)}\r\n\r\n"

    def behave(connection: Connection) -> None:
        while connection.read_request():
            if not connection.send(head.encode() + page):
                return

    run = Runner(mode)
    with serving(behave) as server:
        run.client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        with pytest.raises(CreateOutcomeUnknownError) as caught:
            upload(run, upload_body(25), chunk_size=10)
    assert isinstance(caught.value, ServerError) and caught.value.status_code == 504
    assert caught.value.name.startswith("linkedin leads ") and caught.value.name in str(caught.value)


# An add's answer must be the list added to -------------------------------------------------------


@pytest.mark.parametrize("mismatched", [2, 3], ids=["first add", "second add"])
def test_an_add_answered_with_another_list_stops_the_upload(
    run: Runner, api: respx.MockRouter, mismatched: int
) -> None:
    answers = {1: queued(), 2: queued(), 3: queued()}
    answers[mismatched] = queued("OTHER")
    sent: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return answers[len(sent)]

    api.post(path__regex=r"^/lead-lists(/[^/]+/leads)?$").mock(side_effect=serve)
    with pytest.raises(PartialUploadError) as caught:
        upload(run, upload_body(35), chunk_size=10)
    error = caught.value
    accepted = (mismatched - 1) * 10
    assert sent == ["/lead-lists"] + [f"/lead-lists/{LL}/leads"] * (mismatched - 1)
    assert (error.lead_list_id, error.accepted, error.failed) == (LL, accepted, range(accepted, accepted + 10))
    assert error.outcome_unknown and error.lead_list is not None and error.lead_list.id == LL
    assert isinstance(error.__cause__, MalformedResponseError)
    assert "'OTHER'" in str(error.__cause__) and "'OTHER'" in str(error)


def test_a_reflected_key_is_scrubbed_from_a_partial_upload(run: Runner, api: respx.MockRouter) -> None:
    api.post("/lead-lists").mock(side_effect=lambda request: queued(request.headers["Authorization"]))
    api.post(path__regex=r"^/lead-lists/.+/leads$").mock(return_value=httpx.Response(404, headers=CT, json={}))
    with pytest.raises(PartialUploadError) as caught:
        upload(run, upload_body(25), chunk_size=10)
    assert_no_key(caught.value)
    assert caught.value.lead_list_id == "[redacted]" and caught.value.accepted == 10
    assert "/lead-lists/[redacted]/leads" in str(caught.value)


@pytest.mark.parametrize(("status", "unknown"), [(202, True), (413, False)])
def test_an_add_answer_over_the_cap_may_be_in_the_list_only_if_it_was_accepted(
    run: Runner, api: respx.MockRouter, status: int, unknown: bool
) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1_000)
    api.post("/lead-lists").mock(return_value=queued())
    api.post(f"/lead-lists/{LL}/leads").mock(return_value=httpx.Response(status, headers=HTML, content=b"x" * 5_000))
    with pytest.raises(PartialUploadError) as caught:
        upload(run, upload_body(25), chunk_size=10)
    assert isinstance(caught.value.__cause__, ResponseTooLargeError)
    assert caught.value.outcome_unknown is unknown and caught.value.accepted == 10
