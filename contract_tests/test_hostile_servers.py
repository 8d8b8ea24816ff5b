"""Issue 10: hostile and broken servers, and bad input. One section per case of the issue.

Each test asserts what the client promises (no silent data loss, no leaked key, deadlines that hold in
wall-clock time, typed errors only), through the sync and the async API where both exist. The
wall-clock tests talk to real sockets (`hostile_servers.py`); everything else uses respx or
httpx.MockTransport and a fake clock.
"""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import pickle
import threading
import time
import traceback
import tracemalloc
import warnings
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from functools import cache
from typing import Any, get_type_hints

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    ApiError,
    AuthenticatedClient,
    CreateOutcomeUnknownError,
    InvalidRequestError,
    LeadListError,
    MalformedResponseError,
    NotFoundError,
    PaginationLimitError,
    PaginationLoopError,
    PollingTimeoutError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
    UnsafeLinkError,
    aiter_lead_list_entries,
    iter_lead_list_entries,
    wait_for_lead_list,
    wait_for_lead_list_async,
)
from amplemarket_lead_lists.base_client import MAX_RESPONSE_BYTES
from amplemarket_lead_lists.models import LeadList
from amplemarket_lead_lists.operations import paging as paging_module
from contract_tests.hostile_servers import Behaviour, drip_body, drip_headers, serving, silent
from contract_tests.polling_harness import (
    BASE,
    CT,
    LL,
    TOKEN,
    FakeTime,
    Runner,
    body,
    entry,
    error,
    next_href,
    respond,
)
from contract_tests.sandbox_harness import SandboxClient, create_body

GET = f"/lead-lists/{LL}"
MODES = ["sync", "async"]


def first_page(entries: range = range(100), href: str | None = None) -> LeadList:
    """A completed lead list as `wait_for_lead_list` returns it: its first page of entries included."""
    return LeadList.from_dict(body(entries=entries, next_href=href if href is not None else next_href(99)))


def raw(status: int, content: dict[str, Any] | bytes) -> httpx.Response:
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    return httpx.Response(status, headers=CT, content=data)


def client_with(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> AuthenticatedClient:
    """A client whose sync and async httpx clients both answer with `handler`."""
    return AuthenticatedClient(
        base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(handler)}, **kwargs
    )


def nothing_sent(api: respx.MockRouter) -> bool:
    return len(api.calls) == 0


# 1. A completed page whose entries cannot be read is an error, never the end of the list ---------------


def without_leads(change: str) -> dict[str, Any]:
    page = body(entries=range(100, 150))
    if change == "missing":
        del page["leads"]
    else:
        page["leads"] = {"empty-object": {}, "string": "x", "null": None}[change]
    return page


UNREADABLE = ["missing", "empty-object", "string", "null"]


@pytest.mark.parametrize("change", UNREADABLE)
def test_wait_refuses_a_completed_list_whose_entries_cannot_be_read(
    run: Runner, api: respx.MockRouter, change: str
) -> None:
    api.get(GET).mock(return_value=raw(200, without_leads(change)))
    with pytest.raises(MalformedResponseError, match="leads"):
        run.wait()


@pytest.mark.parametrize("change", UNREADABLE)
def test_an_unreadable_first_page_fetched_by_id_keeps_the_given_cursor(
    run: Runner, api: respx.MockRouter, change: str
) -> None:
    api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00041"}).mock(
        return_value=raw(200, without_leads(change))
    )
    with pytest.raises(MalformedResponseError) as caught:
        run.entries(LL, after="e00041")
    assert caught.value.resume_after == "e00041"


@pytest.mark.parametrize("change", UNREADABLE)
def test_an_unreadable_later_page_stops_iteration_with_the_cursor_to_resume(
    run: Runner, api: respx.MockRouter, change: str
) -> None:
    route = api.get(GET).mock(return_value=raw(200, without_leads(change)))
    with pytest.raises(MalformedResponseError) as caught:
        run.entries(first_page())
    assert caught.value.resume_after == "e00099"
    assert route.call_count == 1 and route.calls.last.request.url.params["page[after]"] == "e00099"


def test_a_given_lead_list_without_entries_is_refused_before_any_request(run: Runner, api: respx.MockRouter) -> None:
    page = body(entries=range(3))
    del page["leads"]
    with pytest.raises(MalformedResponseError):
        run.entries(LeadList.from_dict(page))
    assert nothing_sent(api)


def with_results(entries: range, href: str | None = None) -> httpx.Response:
    """A completed page carrying its entries in `results` (where the vendor's guide says they are)."""
    page = body(entries=entries, next_href=href)
    page["results"] = page.pop("leads")
    return raw(200, page)


def test_a_page_carrying_results_instead_of_leads_is_read_as_its_entries(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET, params__eq={"page[size]": "100"}).mock(return_value=with_results(range(100), next_href(99)))
    api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00099"}).mock(
        return_value=with_results(range(100, 130))
    )
    entries = run.entries(LL)
    assert [e.id for e in entries] == [f"e{n:05d}" for n in range(130)]


def test_wait_reads_results_in_place_of_leads(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=with_results(range(3)))
    lead_list = run.wait()
    assert isinstance(lead_list.leads, list) and [e.id for e in lead_list.leads] == ["e00000", "e00001", "e00002"]


# 2. Malformed `next` links are typed errors with resume_after; a query-only href stays on the list ------


@pytest.mark.parametrize("href", [123, ["/x"], {}, None, "", "   "], ids=repr)
def test_a_next_href_that_is_not_a_url_is_malformed_with_the_cursor_to_resume(
    run: Runner, api: respx.MockRouter, href: object
) -> None:
    page = body(entries=range(100, 150))
    page["_links"]["next"] = {"href": href}
    route = api.get(GET).mock(return_value=raw(200, page))
    with pytest.raises(MalformedResponseError) as caught:
        run.entries(first_page())
    assert caught.value.resume_after == "e00149"
    assert route.call_count == 1


def test_a_next_href_with_an_invalid_international_host_is_an_unsafe_link(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=respond(entries=range(100, 150), next_href="https://xn--zz.example/x"))
    with pytest.raises(UnsafeLinkError) as caught:
        run.entries(first_page())
    assert caught.value.resume_after == "e00149"
    assert route.call_count == 1


def test_a_query_only_next_href_continues_on_the_lists_own_path(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET, params__eq={"page[size]": "100", "page[after]": "e00099"}).mock(
        return_value=respond(entries=range(100, 120))
    )
    entries = run.entries(first_page(href="?page[size]=100&page[after]=e00099"))
    assert len(entries) == 120 and route.call_count == 1
    assert route.calls.last.request.url.path == GET


@pytest.mark.parametrize("mode", MODES)
def test_a_query_only_next_href_keeps_the_base_urls_path(mode: str) -> None:
    seen: list[httpx.URL] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return respond(entries=range(100, 101))

    runner = Runner(mode)
    runner.client = AuthenticatedClient(
        base_url="https://proxy.internal/amplemarket", token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)}
    )
    assert len(runner.entries(first_page(href="?page[after]=e00099"))) == 101
    assert [(u.host, u.path, u.params["page[after]"]) for u in seen] == [
        ("proxy.internal", "/amplemarket/lead-lists/ll_1", "e00099")
    ]


# 3. A malformed token is refused when the client is built; a request httpx cannot form is not retried --

BAD_TOKENS = {
    "empty": "",
    "trailing newline": TOKEN + "\n",
    "leading space": " " + TOKEN,
    "CRLF inside": TOKEN[:10] + "\r\n" + TOKEN[10:],
    "non-ASCII": TOKEN[:10] + "é" + TOKEN[10:],
    "space inside": TOKEN[:10] + " " + TOKEN[10:],
    "tab inside": TOKEN[:10] + "\t" + TOKEN[10:],
}


@pytest.mark.parametrize("token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_malformed_token_is_refused_at_build_without_repeating_it(token: str) -> None:
    with pytest.raises(ValueError) as caught:
        AuthenticatedClient(base_url=BASE, token=token)
    text = "".join(traceback.format_exception(caught.value))
    assert "token" in str(caught.value)
    assert TOKEN[:10] not in text and TOKEN[11:] not in text


@pytest.mark.parametrize("token", ["key\n", " key", "ke\r\ny", "kéy", "k y", "k\ty"])
def test_short_malformed_tokens_are_refused_too(token: str) -> None:
    with pytest.raises(ValueError, match="token"):
        AuthenticatedClient(base_url=BASE, token=token)


def test_a_malformed_token_set_later_is_refused_too() -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with pytest.raises(ValueError, match="token"):
        client.token = "bad\n"
    with pytest.raises(ValueError, match="token"):
        client.token = ""
    assert client.token == TOKEN
    client.token = "another-valid-key"
    assert client.token == "another-valid-key"


def local_protocol_error() -> httpx.LocalProtocolError:
    return httpx.LocalProtocolError(f"Illegal header value b'Bearer {TOKEN}\\n'")


def test_a_request_httpx_cannot_form_is_not_retried_and_not_chained(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=local_protocol_error())
    with pytest.raises(TransportError) as caught:
        run.wait(timeout=3600)
    assert not isinstance(caught.value, PollingTimeoutError)
    assert route.call_count == 1 and run.time.sleeps == []
    assert caught.value.sent is False and caught.value.attempts == 1
    text = "".join(traceback.format_exception(caught.value))
    assert TOKEN not in text and TOKEN not in repr(caught.value)
    assert caught.value.__cause__ is None


def test_a_page_request_httpx_cannot_form_is_not_retried(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=local_protocol_error())
    with pytest.raises(TransportError) as caught:
        run.entries(first_page())
    assert route.call_count == 1 and run.time.sleeps == []
    assert caught.value.resume_after == "e00099"
    assert TOKEN not in "".join(traceback.format_exception(caught.value))


@pytest.mark.parametrize("mode", MODES)
def test_a_header_h11_refuses_is_not_retried_and_its_value_not_shown(mode: str) -> None:
    """The real thing: h11 refuses a header value with a newline, quoting it, before anything is sent."""
    with serving(drip_body(0.1)) as server:
        runner = Runner(mode)
        runner.client = AuthenticatedClient(base_url=server.url, token=TOKEN, headers={"X-Api-Key": TOKEN + "\n"})
        with pytest.raises(TransportError) as caught:
            runner.wait(timeout=60)
    assert runner.time.sleeps == [] and caught.value.attempts == 1
    assert TOKEN not in "".join(traceback.format_exception(caught.value))


# 4. The caller's headers and cookies are copied, never changed --------------------------------------------


def test_the_callers_headers_and_cookies_are_not_changed(run: Runner, api: respx.MockRouter) -> None:
    headers = {"X-Team": "growth"}
    cookies = {"session": "abc"}
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, headers=headers, cookies=cookies)
    route = api.get(GET).mock(return_value=respond())
    run.wait()
    run.client.get_httpx_client()
    run.client.get_async_httpx_client()
    assert headers == {"X-Team": "growth"} and cookies == {"session": "abc"}
    sent = route.calls.last.request
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}" and sent.headers["X-Team"] == "growth"
    other = AuthenticatedClient(base_url="https://other.example", token="other-key-0001", headers=headers)
    assert other.get_httpx_client().headers["Authorization"] == "Bearer other-key-0001"
    assert other.get_async_httpx_client().headers["Authorization"] == "Bearer other-key-0001"


# 5. Server text is scrubbed of the key; errors pickle without the exchange -------------------------------


def escaped_everywhere(text: str) -> str:
    """Every character as a JSON \\u escape: valid JSON that decodes to `text`."""
    return "".join(f"\\u{ord(char):04x}" for char in text)


KEY_FORMS: dict[str, tuple[str, Callable[[str], str]]] = {
    "plain": (TOKEN, lambda key: key),
    "JSON-escaped quote and backslash": ('sk-"live"\\' + TOKEN[8:], lambda key: json.dumps(key)[1:-1]),
    "escaped slashes": ("sk-live/" + TOKEN[8:] + "/x", lambda key: key.replace("/", "\\/")),
    "unicode escapes": (TOKEN, escaped_everywhere),
}


@pytest.mark.parametrize(("key", "written"), KEY_FORMS.values(), ids=KEY_FORMS.keys())
def test_the_key_in_server_error_text_is_redacted(
    run: Runner, api: respx.MockRouter, key: str, written: Callable[[str], str]
) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=key)
    echoed = written(key)
    content = (
        '{"_errors": [{"status": "404", "code": "not_found", '
        f'"title": "Bad key {echoed}", "detail": "No list for key {echoed}", '
        f'"source": {{"pointer": "/{echoed}"}}}}]}}'
    ).encode()
    assert json.loads(content)["_errors"][0]["detail"].endswith(key)
    api.get(GET).mock(return_value=httpx.Response(404, headers=CT, content=content))
    with pytest.raises(NotFoundError) as caught:
        run.wait()
    shown = [str(caught.value), repr(caught.value), repr(caught.value.errors)]
    for text in shown:
        assert key not in text and key[3:] not in text
    assert "[redacted]" in str(caught.value)
    assert caught.value.errors[0].detail == "No list for key [redacted]"
    assert caught.value.errors[0].title == "Bad key [redacted]"


def run_sync(scenario: Callable[[respx.MockRouter, Runner], object]) -> LeadListError:
    runner = Runner("sync")
    with respx.mock(base_url=BASE, assert_all_called=False) as api, pytest.raises(LeadListError) as caught:
        scenario(api, runner)
    return caught.value


def not_found(api: respx.MockRouter, run: Runner) -> object:
    detail = {"status": "404", "code": "not_found", "detail": f"no list for {TOKEN}", "source": {"parameter": "id"}}
    api.get(GET).mock(return_value=raw(404, {"_errors": [detail]}))
    return run.wait()


def server_error(api: respx.MockRouter, run: Runner) -> object:
    api.get(GET).mock(return_value=error(500, retry_after="3"))
    return run.wait()


def lost_connection(api: respx.MockRouter, run: Runner) -> object:
    api.get(GET).mock(side_effect=httpx.ConnectError(f"refused for {TOKEN}"))
    return run.entries(first_page())


def malformed(api: respx.MockRouter, run: Runner) -> object:
    api.get(GET).mock(return_value=raw(200, b"not json"))
    return run.entries(first_page())


def invalid_request(api: respx.MockRouter, run: Runner) -> object:
    return run.entries(LL, page_size=0)


def polling_timeout(api: respx.MockRouter, run: Runner) -> object:
    api.get(GET).mock(return_value=respond("processing", retry_after="30"))
    return run.wait(timeout=10)


def unsafe_link(api: respx.MockRouter, run: Runner) -> object:
    return run.entries(first_page(href="https://evil.example/lead-lists/ll_1"))


def pagination_loop(api: respx.MockRouter, run: Runner) -> object:
    api.get(GET).mock(return_value=respond(entries=range(100, 110), next_href=next_href(99)))
    return run.entries(first_page())


def pagination_limit(api: respx.MockRouter, run: Runner) -> object:
    return run.entries(first_page(), entry_limit=50)


def too_large(api: respx.MockRouter, run: Runner) -> object:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=100)
    api.get(GET).mock(return_value=respond(entries=range(100, 120)))
    return run.entries(first_page())


def outcome_unknown(api: respx.MockRouter, run: Runner) -> object:
    api.post("/lead-lists").mock(side_effect=httpx.ReadTimeout(f"timed out with {TOKEN}"))
    return run.create(CREATE)


SCENARIOS: dict[str, tuple[Callable[[respx.MockRouter, Runner], object], type[LeadListError]]] = {
    "NotFoundError": (not_found, NotFoundError),
    "ServerError": (server_error, ServerError),
    "TransportError": (lost_connection, TransportError),
    "MalformedResponseError": (malformed, MalformedResponseError),
    "InvalidRequestError": (invalid_request, InvalidRequestError),
    "PollingTimeoutError": (polling_timeout, PollingTimeoutError),
    "UnsafeLinkError": (unsafe_link, UnsafeLinkError),
    "PaginationLoopError": (pagination_loop, PaginationLoopError),
    "PaginationLimitError": (pagination_limit, PaginationLimitError),
    "ResponseTooLargeError": (too_large, ResponseTooLargeError),
    "CreateOutcomeUnknownError": (outcome_unknown, CreateOutcomeUnknownError),
}

KEPT = ("status_code", "resume_after", "retry_after", "sent", "attempts", "href", "polls", "problems", "name")


@pytest.mark.parametrize(("scenario", "expected"), SCENARIOS.values(), ids=SCENARIOS.keys())
def test_errors_pickle_without_the_key_or_the_exchange(
    scenario: Callable[[respx.MockRouter, Runner], object], expected: type[LeadListError]
) -> None:
    raised = run_sync(scenario)
    assert type(raised) is expected
    data = pickle.dumps(raised)
    assert TOKEN.encode() not in data and b"Bearer" not in data
    restored = pickle.loads(data)
    assert type(restored) is type(raised) and str(restored) == str(raised)
    assert restored.args == raised.args
    for name in KEPT:
        assert getattr(restored, name, None) == getattr(raised, name, None), name
    assert as_dicts(restored) == as_dicts(raised)
    if isinstance(raised, PollingTimeoutError):
        assert isinstance(restored, PollingTimeoutError)
        assert raised.lead_list is not None and restored.lead_list is not None
        assert restored.lead_list.to_dict() == raised.lead_list.to_dict()
    assert getattr(restored, "response", None) is None
    assert TOKEN not in str(restored) + repr(restored)


def as_dicts(error: LeadListError) -> list[dict[str, Any]]:
    """An ApiError's `errors` as JSON (UNSET is not one object any more once unpickled)."""
    return [each.to_dict() for each in getattr(error, "errors", ())]


def test_an_api_error_keeps_its_response_until_pickled() -> None:
    raised = run_sync(not_found)
    assert isinstance(raised, NotFoundError) and raised.response is not None and raised.status_code == 404
    assert raised.errors and raised.errors[0].detail == "no list for [redacted]"
    restored = pickle.loads(pickle.dumps(raised))
    assert restored.response is None and as_dicts(restored) == as_dicts(raised)
    assert restored.errors[0].source.parameter == "id"


@pytest.mark.parametrize(
    ("error", "name", "kind"),
    [
        (ApiError, "response", httpx.Response),
        (MalformedResponseError, "response", httpx.Response),
        (ResponseTooLargeError, "request", httpx.Request),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_the_exchange_a_pickle_drops_is_declared_as_maybe_none(error: type, name: str, kind: type) -> None:
    """An unpickled error's `response` or `request` is None: its declared type says so, to a type checker
    and to `typing.get_type_hints` alike, so a user's code is made to handle it."""
    assert get_type_hints(error)[name] == kind | None


# 6. `timeout=` is a wall-clock deadline, whatever the server does (real sockets, real time) ---------------

DEADLINE = 2.0
BOUND = 4.0
"""The deadline plus the documented grace (about a second) plus slack for a loaded machine."""

SLOW = {
    "body dripped": drip_body(0.3),
    "never answers": silent,
}


def timed(call: Callable[[], object]) -> tuple[float, BaseException]:
    start = time.monotonic()
    with pytest.raises((PollingTimeoutError, TransportError)) as caught:
        call()
    return time.monotonic() - start, caught.value


def wait_on(url: str, mode: str, timeout: float = DEADLINE) -> Callable[[], object]:
    client = AuthenticatedClient(base_url=url, token=TOKEN)
    if mode == "sync":
        return lambda: wait_for_lead_list(client, LL, timeout=timeout)
    return lambda: asyncio.run(wait_for_lead_list_async(client, LL, timeout=timeout))


@pytest.mark.parametrize("behaviour", SLOW.values(), ids=SLOW.keys())
@pytest.mark.parametrize("mode", MODES)
def test_wait_holds_its_deadline_against_a_slow_server(mode: str, behaviour: Behaviour) -> None:
    with serving(behaviour) as server:
        elapsed, raised = timed(wait_on(server.url, mode))
    assert DEADLINE - 0.5 < elapsed < BOUND, elapsed
    assert TOKEN not in str(raised)


def test_async_wait_holds_its_deadline_against_dripped_headers() -> None:
    with serving(drip_headers(0.3)) as server:
        elapsed, _ = timed(wait_on(server.url, "async"))
    assert elapsed < BOUND, elapsed


def test_sync_wait_holds_its_deadline_against_dripped_headers() -> None:
    # httpx bounds each socket read, not the head; polling/socket_deadline.py bounds every read by the
    # exchange's deadline (1 s here, 2 s with the grace). Before it, this took the 6 s the server drips.
    with serving(drip_headers(0.3, for_seconds=6.0)) as server:
        elapsed, raised = timed(wait_on(server.url, "sync", timeout=1.0))
    assert elapsed < 3.0, elapsed
    assert isinstance(raised, LeadListError) and TOKEN not in str(raised)


def test_a_client_supplied_transport_keeps_httpx_timeouts() -> None:
    """The socket deadline is installed only into the pool httpx builds itself."""
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, json={"id": LL, "status": "completed", "leads": []})
    )
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": transport})
    assert wait_for_lead_list(client, LL).id == LL
    assert client.get_httpx_client()._transport is transport


def test_the_socket_deadline_is_installed_once_into_the_default_pool() -> None:
    from amplemarket_lead_lists.transport.socket_deadline import DeadlineBackend, install

    http = AuthenticatedClient(base_url=BASE, token=TOKEN).get_httpx_client()
    install(http)
    install(http)
    backend = http._transport._pool._network_backend  # type: ignore[attr-defined]
    assert isinstance(backend, DeadlineBackend) and not isinstance(backend._backend, DeadlineBackend)


@pytest.mark.parametrize("mode", MODES)
def test_a_page_holds_its_budget_against_a_dripping_server(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's retry budget (600 s, cut here to 2 s) holds in wall-clock time too."""
    monkeypatch.setattr(paging_module, "PAGE_RETRY_BUDGET", DEADLINE)

    def page_on(url: str) -> Callable[[], object]:
        client = AuthenticatedClient(base_url=url, token=TOKEN)
        if mode == "sync":
            return lambda: list(iter_lead_list_entries(client, first_page()))

        async def collect() -> list[object]:
            return [each async for each in aiter_lead_list_entries(client, first_page())]

        return lambda: asyncio.run(collect())

    with serving(drip_body(0.3)) as server:
        elapsed, raised = timed(page_on(server.url))
    assert elapsed < BOUND, elapsed
    assert isinstance(raised, LeadListError) and raised.resume_after == "e00099"


# 7. Bodies are capped after decompression, and a body over the cap is not downloaded again --------------


def test_the_default_cap_is_32_mib() -> None:
    assert MAX_RESPONSE_BYTES == 32 * 1024 * 1024
    assert AuthenticatedClient(base_url=BASE, token=TOKEN).max_response_bytes == MAX_RESPONSE_BYTES


def test_a_page_over_the_cap_is_refused_with_the_cursor_and_not_retried(run: Runner, api: respx.MockRouter) -> None:
    page = respond(entries=range(100, 200))
    size = len(page.content)
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=size - 1)
    route = api.get(GET).mock(return_value=page)
    with pytest.raises(ResponseTooLargeError) as caught:
        run.entries(first_page())
    assert caught.value.resume_after == "e00099" and caught.value.status_code == 200
    assert route.call_count == 1 and run.time.sleeps == []
    assert str(size - 1) in str(caught.value)


def test_a_page_at_the_cap_is_read(run: Runner, api: respx.MockRouter) -> None:
    page = respond(entries=range(100, 200))
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=len(page.content))
    api.get(GET).mock(return_value=page)
    assert len(run.entries(first_page())) == 200


def test_a_poll_over_the_cap_is_refused(run: Runner, api: respx.MockRouter) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1000)
    route = api.get(GET).mock(return_value=respond(entries=range(100)))
    with pytest.raises(ResponseTooLargeError):
        run.wait()
    assert route.call_count == 1


def test_an_error_body_over_the_cap_is_not_downloaded_again(run: Runner, api: respx.MockRouter) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1000)
    route = api.get(GET).mock(return_value=httpx.Response(500, headers=CT, content=b" " * 5000))
    with pytest.raises(ResponseTooLargeError) as caught:
        run.wait()
    assert caught.value.status_code == 500
    assert route.call_count == 1 and run.time.sleeps == []


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body delivered in chunks, counting how many the client pulled."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.pulled = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk


BOMB_INFLATED = 64 * 1024 * 1024


@cache
def gzip_bomb() -> bytes:
    """64 MiB of zeros, gzip-compressed (about 64 KB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    compressed = b"".join(packer.compress(zeros) for _ in range(BOMB_INFLATED // len(zeros))) + packer.flush()
    return compressed


@pytest.mark.parametrize("read", [1024, 65536], ids=["1 KiB reads", "64 KiB reads (a socket's)"])
@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_bomb_is_refused_without_inflating_it(mode: str, read: int) -> None:
    """Not even one read is inflated whole: 64 KiB of this bomb is 64 MiB once inflated."""
    bomb = gzip_bomb()
    assert len(bomb) < 100_000 and len(gzip.decompress(bomb)) == BOMB_INFLATED
    stream = Chunks([bomb[i : i + read] for i in range(0, len(bomb), read)])

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={**CT, "Content-Encoding": "gzip"}, stream=stream)

    runner = Runner(mode)
    runner.client = client_with(serve, max_response_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError):
            runner.wait()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert stream.pulled <= 3 and (read > 1024 or len(stream.chunks) // 4 > 3)
    assert peak < 4 * 1024 * 1024, peak


# 8. Paging that goes nowhere is bounded -----------------------------------------------------------------


GIVE_UP = 1_000
"""Pages after which the endless servers below end the list after all: a client that does not bound
paging then fails its test instead of hanging the run."""


def endless(entries_per_page: int) -> Callable[[httpx.Request], httpx.Response]:
    """Every page `entries_per_page` new entries and a fresh `next`, forever (well, GIVE_UP pages)."""
    served = [0]

    def serve(request: httpx.Request) -> httpx.Response:
        served[0] += 1
        start = 100 + (served[0] - 1) * entries_per_page
        last = start + entries_per_page - 1 if entries_per_page else 99
        href = f"{next_href(last)}&n={served[0]}" if served[0] < GIVE_UP else None
        return respond(entries=range(start, start + entries_per_page), next_href=href)

    return serve


def test_endless_empty_pages_stop_at_the_empty_page_limit(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=endless(0))
    with pytest.raises(PaginationLimitError) as caught:
        run.entries(first_page())
    assert isinstance(caught.value, PaginationLoopError)
    assert route.call_count == 10 and caught.value.resume_after == "e00099"
    assert "empty_page_limit" in str(caught.value)


def test_the_empty_page_limit_is_configurable_and_a_full_page_resets_it(run: Runner, api: respx.MockRouter) -> None:
    pages = [respond(next_href=f"{next_href(99)}&n={n}") for n in range(2)]
    pages.append(respond(entries=range(100, 101), next_href=f"{next_href(100)}&n=full"))
    pages += [respond(next_href=f"{next_href(100)}&n={n}") for n in range(10, 20)]
    route = api.get(GET).mock(side_effect=pages)
    with pytest.raises(PaginationLimitError) as caught:
        run.entries(first_page(), empty_page_limit=3)
    assert route.call_count == 6 and caught.value.resume_after == "e00100"


def test_endless_full_pages_stop_past_the_entry_limit(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(side_effect=endless(100))
    with pytest.raises(PaginationLimitError) as caught:
        run.entries(first_page(), entry_limit=250)
    assert route.call_count == 2 and caught.value.resume_after == "e00299"
    assert "entry_limit" in str(caught.value)


def test_a_list_as_long_as_the_entry_limit_is_read_whole(run: Runner, api: respx.MockRouter) -> None:
    pages = [respond(entries=range(100, 200), next_href=next_href(199)), respond(entries=range(200, 300))]
    api.get(GET).mock(side_effect=pages)
    assert len(run.entries(first_page(), entry_limit=300)) == 300


@cache
def entries_json(start: int) -> list[dict[str, Any]]:
    return [entry(n) for n in range(start, start + 100)]


def test_by_default_paging_stops_past_60000_entries() -> None:
    """60,000 entries and a `next`: the next page is read (it may be the last); one entry more, it stops."""
    served = [0]

    def serve(request: httpx.Request) -> httpx.Response:
        served[0] += 1
        page = body(next_href=f"{next_href(99)}&n={served[0]}" if served[0] < GIVE_UP else None)
        page["leads"] = entries_json(100 * served[0])[: 1 if served[0] == 600 else None]  # entry 60,001 alone
        return raw(200, page)

    client = client_with(serve, rate_limiter=None)  # 600 requests: more than the default pacing allows a minute
    delivered = 0
    with pytest.raises(PaginationLimitError) as caught:
        for _ in iter_lead_list_entries(client, first_page(), sleep=FakeTime().sleep):
            delivered += 1
    assert delivered == 60_001 and served[0] == 600
    assert caught.value.resume_after == "e60000"


@pytest.mark.parametrize("parameter", ["entry_limit", "empty_page_limit"])
@pytest.mark.parametrize("value", [0, -1, 2.5])
def test_invalid_paging_bounds_are_refused_before_sending(
    run: Runner, api: respx.MockRouter, parameter: str, value: object
) -> None:
    with pytest.raises(InvalidRequestError, match=parameter):
        run.entries(LL, **{parameter: value})
    assert nothing_sent(api)


# 9. One httpx client per AuthenticatedClient, however many threads ask at once ---------------------------


@pytest.mark.parametrize("getter", ["get_httpx_client", "get_async_httpx_client"])
def test_fifty_threads_get_the_same_httpx_client(getter: str) -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    barrier = threading.Barrier(50)
    got: list[object] = []

    def ask() -> None:
        barrier.wait()
        got.append(getattr(client, getter)())

    gc.collect()  # what earlier tests left for the collector warns now, not inside the check below
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=ask) for _ in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        gc.collect()
    assert len(got) == 50 and all(each is got[0] for each in got)
    assert getattr(client, getter)() is got[0]
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    if getter == "get_httpx_client":
        client.get_httpx_client().close()
    else:
        asyncio.run(client.get_async_httpx_client().aclose())


# 10. Validation errors name the field and the rule, never the whole request -------------------------------

CREATE: dict[str, Any] = {
    "owner": "user@example.com",
    "shared": True,
    "type": "linkedin",
    "leads": [{"linkedin_url": "https://www.linkedin.com/in/lead1/"}],
}


def test_too_many_leads_is_a_short_error_naming_the_field_and_the_rule(run: Runner, api: respx.MockRouter) -> None:
    leads = [{"linkedin_url": f"https://www.linkedin.com/in/person-{n}"} for n in range(10_001)]
    with pytest.raises(InvalidRequestError) as caught:
        run.create({**CREATE, "leads": leads})
    message = str(caught.value)
    assert len(message) < 300 and len(repr(caught.value)) < 400
    assert "/leads" in message and "at most 10000" in message
    assert "person-" not in message
    assert nothing_sent(api)


def test_a_lead_list_passed_as_the_create_body_is_a_short_error(run: Runner, api: respx.MockRouter) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        run.create(first_page())
    assert len(str(caught.value)) < 300 and "got LeadList" in str(caught.value)
    assert "e00000" not in str(caught.value)
    assert nothing_sent(api)


def sandbox_errors(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 400
    found: list[dict[str, Any]] = response.json()["_errors"]
    return found


def test_the_sandbox_answers_too_many_leads_with_a_short_400() -> None:
    sandbox = SandboxClient()
    response = sandbox.post("/lead-lists", json=create_body(10_001))
    assert len(response.content) < 2048
    problems = sandbox_errors(response)
    assert problems[0]["source"]["pointer"] == "/leads"
    assert "person-" not in response.text


def test_the_sandbox_does_not_echo_a_malformed_body() -> None:
    sandbox = SandboxClient()
    long = "x" * 5000
    payload = create_body(1, owner="y" * 5000, shared="z" * 5000, name=["n" * 5000])
    payload["leads"] = [{"linkedin_url": long, "email": 12345}, {"linkedin_url": 7}]
    response = sandbox.post("/lead-lists", json=payload)
    problems = sandbox_errors(response)
    assert problems and len(response.content) < 2048
    for repeated in ("x" * 100, "y" * 100, "z" * 100, "n" * 100):
        assert repeated not in response.text
    assert {"/owner", "/shared"} <= {p["source"]["pointer"] for p in problems}


# 11. A redirect the caller allowed must not leave the API's origin --------------------------------------


def redirecting(location: str) -> Callable[[httpx.Request], httpx.Response]:
    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == GET and request.url.host == "api.amplemarket.com":
            return httpx.Response(302, headers={"Location": location})
        return respond(entries=range(3))

    return serve


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_to_another_origin_is_refused(mode: str) -> None:
    seen: list[httpx.URL] = []
    serve = redirecting("https://evil.example/lead-lists/ll_1")

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return serve(request)

    runner = Runner(mode)
    # Redirects switched on as the issue did, through httpx_args (a TypeError before: the generated
    # client passed follow_redirects twice).
    transport = httpx.MockTransport(recording)
    args = {"transport": transport, "follow_redirects": True}
    runner.client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args=args)
    with pytest.raises(UnsafeLinkError) as caught:
        runner.wait()
    assert "evil.example" in str(caught.value)
    assert [url.host for url in seen] == ["api.amplemarket.com"]  # refused before it was sent there


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_that_leaves_the_origin_while_paging_keeps_the_cursor(mode: str) -> None:
    runner = Runner(mode)
    runner.client = client_with(redirecting("https://evil.example/elsewhere"), follow_redirects=True)
    with pytest.raises(UnsafeLinkError) as caught:
        runner.entries(first_page())
    assert caught.value.resume_after == "e00099"


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_on_the_same_origin_is_followed(mode: str) -> None:
    runner = Runner(mode)
    runner.client = client_with(redirecting("/lead-lists/ll_1/moved"), follow_redirects=True)
    lead_list = runner.wait()
    assert lead_list.id == LL and len(lead_list.leads or []) == 3


class Dripped(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent in chunks, as over a socket (a body given as bytes is read by httpx at once)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.sent = 0
        self.closed = False

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.sent += len(chunk)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


def redirecting_with(body: Dripped, **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == GET:
            return httpx.Response(302, headers={"Location": f"{GET}/moved", **headers}, stream=body)
        return respond(entries=range(3))

    return serve


@pytest.mark.parametrize("mode", MODES)
def test_the_body_of_a_redirect_followed_is_read_within_the_size_cap(mode: str) -> None:
    """httpx reads a redirect's body whole before the next hop, out of reach of the client's cap."""
    body = Dripped([b"x" * 65_536] * 64)  # 4 MiB
    runner = Runner(mode)
    runner.client = client_with(redirecting_with(body), follow_redirects=True, max_response_bytes=200_000)
    with pytest.raises(ResponseTooLargeError) as caught:
        runner.wait()
    assert (caught.value.status_code, caught.value.limit) == (302, 200_000)
    assert body.sent <= 200_000 + 65_536  # reading stopped at the first read past the cap
    assert body.closed  # and the connection was let go


@pytest.mark.parametrize("mode", MODES)
def test_the_body_of_a_redirect_followed_is_never_inflated_past_the_size_cap(mode: str) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)  # 49 KiB that inflate to 50 MB
    runner = Runner(mode)
    runner.client = client_with(
        redirecting_with(Dripped([bomb]), **{"Content-Encoding": "gzip"}),
        follow_redirects=True,
        max_response_bytes=100_000,
    )
    with pytest.raises(ResponseTooLargeError) as caught:
        runner.wait()
    assert (caught.value.status_code, caught.value.limit) == (302, 100_000)


@pytest.mark.parametrize("mode", MODES)
def test_the_body_of_a_redirect_followed_is_read_within_the_size_cap_even_when_it_decodes_to_nothing(
    mode: str,
) -> None:
    """Padding after a small gzip member decodes to nothing: the bytes read count against the cap too."""
    body = Dripped([gzip.compress(b"moved"), *[bytes(65_536)] * 64])  # 4 MiB after the member
    runner = Runner(mode)
    runner.client = client_with(
        redirecting_with(body, **{"Content-Encoding": "gzip"}), follow_redirects=True, max_response_bytes=200_000
    )
    with pytest.raises(ResponseTooLargeError) as caught:
        runner.wait()
    assert (caught.value.status_code, caught.value.limit) == (302, 200_000)
    assert body.sent <= 200_000 + 65_536 and body.closed


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_body_of_exactly_the_cap_is_read_and_followed(mode: str) -> None:
    runner = Runner(mode)
    serve = redirecting_with(Dripped([b"x" * 2000]))
    runner.client = client_with(serve, follow_redirects=True, max_response_bytes=2000)
    assert runner.wait().id == LL


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_body_within_the_cap_is_decoded_and_followed(mode: str) -> None:
    runner = Runner(mode)
    runner.client = client_with(
        redirecting_with(Dripped([gzip.compress(b"moved")]), **{"Content-Encoding": "gzip"}), follow_redirects=True
    )
    lead_list = runner.wait()
    assert lead_list.id == LL and len(lead_list.leads or []) == 3


def test_a_request_choosing_to_follow_a_redirect_or_not_gets_the_same_bounds_as_the_client() -> None:
    """httpx lets a request override the client's `follow_redirects`: the cap holds either way, and a
    redirect not followed still has its body, decoded as httpx would (without the Content-Encoding)."""
    bomb = gzip.compress(b"\0" * 50_000_000)
    not_following = client_with(
        redirecting_with(Dripped([bomb]), **{"Content-Encoding": "gzip"}), max_response_bytes=100_000
    )
    with pytest.raises(ResponseTooLargeError):
        not_following.get_httpx_client().get(GET, follow_redirects=True)
    following = client_with(
        redirecting_with(Dripped([gzip.compress(b"moved")]), **{"Content-Encoding": "gzip"}), follow_redirects=True
    )
    response = following.get_httpx_client().get(GET, follow_redirects=False)
    assert response.status_code == 302 and response.content == b"moved"
    assert "Content-Encoding" not in response.headers


# 12. A create whose answer was lost says which list to look for ----------------------------------------


def test_what_identifies_a_create_that_may_have_happened_is_declared_text() -> None:
    """`name`, `owner` and `requested_at` are typed for a user's checker and for `get_type_hints`."""
    hints = get_type_hints(CreateOutcomeUnknownError)
    assert [hints[name] for name in ("name", "owner", "requested_at")] == [str, str, str]


def test_a_create_timing_out_after_sending_names_the_list_to_look_for(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(CreateOutcomeUnknownError) as caught:
        run.create({**CREATE, "name": "Q4 targets"})
    error = caught.value
    assert isinstance(error, TransportError) and error.sent is True
    assert route.call_count == 1 and run.time.sleeps == []
    assert (error.name, error.owner) == ("Q4 targets", "user@example.com")
    message = str(error)
    assert "'Q4 targets'" in message and "user@example.com" in message and error.requested_at in message
    assert time.strftime("%Y-%m-%d", time.gmtime()) in error.requested_at


def test_a_create_without_a_name_gets_a_unique_one_it_can_be_found_by(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(side_effect=httpx.ReadTimeout("timed out"))
    names = []
    for _ in range(2):
        with pytest.raises(CreateOutcomeUnknownError) as caught:
            run.create(CREATE)
        sent = json.loads(route.calls.last.request.content)
        assert sent["name"] == caught.value.name and sent["name"] in str(caught.value)
        names.append(sent["name"])
    assert names[0] != names[1]
    assert all(name.startswith("linkedin leads ") for name in names)
    assert "name" not in CREATE


def test_a_create_that_could_not_connect_is_a_plain_transport_error(run: Runner, api: respx.MockRouter) -> None:
    route = api.post("/lead-lists").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(TransportError) as caught:
        run.create(CREATE)
    assert type(caught.value) is TransportError and caught.value.sent is False
    assert "may have been created" not in str(caught.value)
    assert route.call_count == 1
