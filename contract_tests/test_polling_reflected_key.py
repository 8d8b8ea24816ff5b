"""Rule 8 against a server that reflects the Authorization header back into a lead list's fields.

A lead list's `status` or `id`, a `next` href, or the text of a broken status line may echo the key
(`Bearer sk-…`). Every error built from such a value is scrubbed of it: its message, repr, traceback
(chained causes included), pickle and the attributes a pickle keeps; so are the log lines.
"""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    LeadListCanceledError,
    LeadListError,
    MalformedResponseError,
    NotFoundError,
    PaginationLimitError,
    PaginationLoopError,
    PollingTimeoutError,
    TransportError,
    UnexpectedStatusError,
    UnsafeLinkError,
)
from amplemarket_lead_lists.models import ErrorObject, LeadList
from amplemarket_lead_lists.wire.redaction import REDACTED, scrubbed_value, secrets_of
from contract_tests.hostile_servers import Connection, Server, serving
from contract_tests.polling_harness import BASE, CT, LL, TOKEN, Runner, assert_no_key, body

AUTHORIZATION = f"Bearer {TOKEN}"
SECRETS = secrets_of(httpx.Request("GET", BASE, headers={"Authorization": AUTHORIZATION}))


def reflected(**fields: Any) -> Any:
    """A respx side effect answering 200 with a lead list whose `fields` hold the request's Authorization value."""

    def answer(request: httpx.Request) -> httpx.Response:
        echo = request.headers["Authorization"]
        changes = {name: (echo if value is None else value(echo)) for name, value in fields.items()}
        return httpx.Response(200, headers=CT, json={**body("processing"), **changes})

    return answer


def test_a_reflected_status_is_scrubbed_from_unexpected_status_error(run: Runner, api: respx.MockRouter) -> None:
    api.get(f"/lead-lists/{LL}").mock(side_effect=reflected(status=None))
    with pytest.raises(UnexpectedStatusError) as caught:
        run.wait()
    assert_no_key(caught.value)
    assert caught.value.status == REDACTED and str(caught.value.lead_list.status) == REDACTED
    assert f"has status {REDACTED!r}" in str(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_key_sent_in_another_header_is_scrubbed_too(mode: str) -> None:
    """`auth_header_name="X-Api-Key", prefix=""`: no `Authorization` to find the key in."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=CT, json={**body("processing"), "status": request.headers["X-Api-Key"]})

    client = AuthenticatedClient(
        base_url=BASE, token=TOKEN, auth_header_name="X-Api-Key", prefix="",
        httpx_args={"transport": httpx.MockTransport(answer)},
    )  # fmt: skip
    runner = Runner(mode)
    runner.client = client
    with pytest.raises(UnexpectedStatusError) as caught:
        runner.wait()
    assert_no_key(caught.value)
    assert caught.value.status == REDACTED


def test_a_reflected_id_naming_another_list_is_scrubbed_from_malformed_response_error(
    run: Runner, api: respx.MockRouter
) -> None:
    api.get(f"/lead-lists/{LL}").mock(side_effect=reflected(id=lambda echo: "x" * 50 + echo))
    with pytest.raises(MalformedResponseError, match="the one asked for") as caught:
        run.wait()
    assert_no_key(caught.value)


ANY_LIST = {"method": "GET", "path__startswith": "/lead-lists/"}
"""The two tests below ask for the list whose id the server reflects (the answer must name the list asked for)."""


def test_a_reflected_id_is_scrubbed_from_lead_list_canceled_error(run: Runner, api: respx.MockRouter) -> None:
    api.route(**ANY_LIST).mock(side_effect=reflected(id=None, status=lambda _: "canceled"))
    with pytest.raises(LeadListCanceledError) as caught:
        run.wait(AUTHORIZATION)
    assert_no_key(caught.value)
    assert caught.value.lead_list.id == REDACTED and caught.value.lead_list.status == "canceled"


def test_a_reflected_id_is_scrubbed_from_polling_timeout_error_and_its_hint(
    run: Runner, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="amplemarket_lead_lists")
    api.route(**ANY_LIST).mock(side_effect=reflected(id=None))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(AUTHORIZATION, timeout=150, default_interval=60)
    assert_no_key(caught.value)
    assert caught.value.lead_list_id == REDACTED and caught.value.polls == 3
    assert f"wait_for_lead_list(client, {REDACTED!r})" in str(caught.value)
    assert "lead list [redacted] is processing" in caplog.text, "the debug log of each poll is scrubbed too"
    assert TOKEN not in caplog.text


def test_a_status_the_model_cannot_read_is_scrubbed_from_the_chained_cause(run: Runner, api: respx.MockRouter) -> None:
    api.get(f"/lead-lists/{LL}").mock(side_effect=reflected(status=lambda echo: [echo]))
    with pytest.raises(MalformedResponseError) as caught:
        run.wait()
    assert_no_key(caught.value)
    chained = "".join(traceback.format_exception(caught.value))
    assert f"['{REDACTED}'] is not a valid LeadListStatus" in chained


def test_a_path_built_from_a_reflected_id_is_scrubbed_from_api_and_transport_errors(
    run: Runner, api: respx.MockRouter
) -> None:
    created = LeadList.from_dict(body("queued", lead_list_id=AUTHORIZATION))
    route = api.get(path__regex=r"^/lead-lists/.+").mock(return_value=httpx.Response(404, headers=CT, json={}))
    with pytest.raises(NotFoundError) as not_found:
        run.wait(created)
    route.mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(TransportError) as lost:
        run.wait(created, max_retries=0)
    for error in (not_found.value, lost.value):
        assert_no_key(error)
        assert f"/lead-lists/{REDACTED}" in str(error)


# Real sockets: a server that reflects the request's Authorization header ---------------------------


def reflecting(head: str, content: str = "") -> AbstractContextManager[Server]:
    """A local server answering every request with `head` and `content`, `{key}` replaced by the
    Authorization value the request carried."""

    def behave(connection: Connection) -> None:
        while request := connection.read_request():
            echo = next(
                line.split(b":", 1)[1].strip().decode()
                for line in request.split(b"\r\n")
                if line.lower().startswith(b"authorization:")
            )
            data = content.replace("{key}", echo).encode()
            answer = head.replace("{key}", echo).replace("{length}", str(len(data))).encode() + data
            if not connection.send(answer):
                return

    return serving(behave)


def test_a_real_server_reflecting_the_key_in_the_status_is_scrubbed(run: Runner) -> None:
    lead_list = '{"id": "ll_1", "object": "lead_list", "status": "{key}"}'
    ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    with reflecting(ok, lead_list) as server:
        run.client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        with pytest.raises(UnexpectedStatusError) as caught:
            run.wait()
    assert_no_key(caught.value)


def test_a_real_server_reflecting_the_key_in_a_broken_status_line_is_scrubbed_from_the_cause(run: Runner) -> None:
    with reflecting("HTTP/1.1 200 {key}\x00\r\n\r\n") as server:
        run.client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        with pytest.raises(TransportError) as caught:
            run.wait(max_retries=0)
    assert_no_key(caught.value)


# Errors raised by paging and links.py: scrubbed inside the error once given the secrets -------------


ERRORS: dict[str, Callable[[], LeadListError]] = {
    "UnsafeLinkError": lambda: UnsafeLinkError(
        f"https://evil.example/{AUTHORIZATION}", httpx.URL(BASE), secrets=SECRETS
    ),
    "PaginationLoopError": lambda: PaginationLoopError(
        f"/lead-lists/{LL}?page[after]={AUTHORIZATION}", secrets=SECRETS
    ),
    "PaginationLimitError": lambda: PaginationLimitError(f"/x?page[after]={TOKEN}", f"beyond {TOKEN}", secrets=SECRETS),
    "MalformedResponseError": lambda: MalformedResponseError(
        None, f"lead list {AUTHORIZATION} has no `leads`", secrets=SECRETS
    ),
    "UnexpectedStatusError": lambda: UnexpectedStatusError(
        LeadList.from_dict(body(AUTHORIZATION)), "completed", secrets=SECRETS
    ),
}


@pytest.mark.parametrize("build", ERRORS.values(), ids=ERRORS.keys())
def test_errors_given_the_secrets_scrub_their_message_and_attributes(build: Callable[[], LeadListError]) -> None:
    error = build()
    assert_no_key(error)
    assert REDACTED in str(error) + repr(vars(error))
    restored = pickle.loads(pickle.dumps(error))
    assert str(restored) == str(error) and vars(restored) == vars(error)


def test_scrubbing_keeps_values_without_the_key_as_they_are() -> None:
    lead_list = LeadList.from_dict(body("weird", entries=range(3)))
    error = UnexpectedStatusError(lead_list, "completed", secrets=SECRETS)
    assert error.lead_list is lead_list and error.status == "weird"
    values = ("plain", ["text"], lead_list)
    assert scrubbed_value(values, SECRETS) is values  # nothing rebuilt where there was nothing to scrub


def test_a_reflected_next_href_is_scrubbed_from_paging_errors(run: Runner, api: respx.MockRouter) -> None:
    api.get(f"/lead-lists/{LL}").mock(
        side_effect=reflected(
            status=lambda _: "completed", _links=lambda echo: {"next": {"href": f"/lead-lists/{LL}?{echo}"}}
        )
    )
    with pytest.raises(PaginationLoopError) as caught:
        run.entries(LeadList.from_dict(body(next_href=f"/lead-lists/{LL}?page[after]=e1")))
    assert_no_key(caught.value)


class _OnlyToDict:
    """Not a generated model: it can be read as JSON, but not rebuilt from it."""

    def to_dict(self) -> dict[str, str]:
        return {"token": TOKEN}


def test_a_value_that_cannot_be_rebuilt_from_its_json_is_kept_as_it_is() -> None:
    value = _OnlyToDict()
    assert scrubbed_value(value, [TOKEN]) is value  # not a crash: the scrubbing of an error never fails it


def test_a_note_on_the_exception_being_handled_is_scrubbed_from_the_traceback() -> None:
    """Notes (`add_note`) print in a traceback under their exception: one quoting the key is scrubbed too."""
    cause = ValueError("the server's body could not be read")
    cause.add_note(f"while reading a body sent with {AUTHORIZATION}")
    try:
        raise cause
    except ValueError:
        error = MalformedResponseError(None, "the body is not JSON", secrets=SECRETS)
    error.__cause__ = cause
    assert_no_key(error)
    assert f"while reading a body sent with {REDACTED}" in "".join(traceback.format_exception(error))


def test_an_href_in_a_message_is_shown_whole_up_to_200_characters() -> None:
    """A server's link is quoted to find it by, cut past 200 characters (the 200th an ellipsis)."""
    fits = "https://evil.example/" + "a" * (200 - len("https://evil.example/"))
    assert len(fits) == 200 and repr(fits) in str(UnsafeLinkError(fits, httpx.URL(BASE)))
    longer = fits + "b"
    assert repr(fits[:199] + "…") in str(UnsafeLinkError(longer, httpx.URL(BASE)))


def test_an_api_error_built_with_error_objects_quoting_the_key_keeps_them_a_tuple_scrubbed() -> None:
    """`errors` is a tuple whether or not scrubbing had to rebuild it."""
    request = httpx.Request("GET", f"{BASE}/lead-lists/{LL}", headers={"Authorization": AUTHORIZATION})
    quoted = ErrorObject.from_dict({"code": "bad", "detail": f"sent with {AUTHORIZATION}"})
    error = NotFoundError(httpx.Response(404, request=request), [quoted])
    assert type(error.errors) is tuple and [e.detail for e in error.errors] == [f"sent with {REDACTED}"]
    assert_no_key(error)
