"""Setting a client up as SDK users expect: the environment, retries per client and per call, the
logging switch, a closed client, and messages that say what went wrong and what to do next."""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import respx

from amplemarket_lead_lists import (
    AuthenticatedClient,
    ClientClosedError,
    InvalidRequestError,
    LeadListError,
    MissingApiKeyError,
    PollingTimeoutError,
    RateLimitError,
    ServerError,
    TransportError,
    wait_for_lead_list,
    wait_for_lead_list_async,
)
from contract_tests.polling_harness import BASE, LL, TOKEN, Runner, error, respond

GET = f"/lead-lists/{LL}"
ROOT = Path(__file__).resolve().parent.parent


# AuthenticatedClient.from_env ---------------------------------------------------------------------


def test_from_env_reads_the_key_and_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "http://127.0.0.1:8000")
    client = AuthenticatedClient.from_env(max_retries=2)
    http = client.get_httpx_client()
    assert str(http.base_url) == "http://127.0.0.1:8000" and http.headers["Authorization"] == f"Bearer {TOKEN}"
    assert client.max_retries == 2


def test_from_env_defaults_to_the_vendors_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.delenv("AMPLEMARKET_BASE_URL", raising=False)
    assert str(AuthenticatedClient.from_env().get_httpx_client().base_url) == "https://api.amplemarket.com"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_from_env_without_a_key_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("AMPLEMARKET_API_KEY", raising=False)
    else:
        monkeypatch.setenv("AMPLEMARKET_API_KEY", value)
    with pytest.raises(MissingApiKeyError, match="AMPLEMARKET_API_KEY is not set"):
        AuthenticatedClient.from_env()


def test_from_env_refuses_a_malformed_key_without_repeating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN + "\n")
    with pytest.raises(ValueError, match=r"AMPLEMARKET_API_KEY: .*whitespace") as caught:
        AuthenticatedClient.from_env()
    assert TOKEN not in str(caught.value) and caught.value.__cause__ is None


# Retries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "words"),
    [
        ("http://[::1", "not a valid URL"),
        ("ftp://files.example", "http:// or https://"),
        ("api.amplemarket.com", "http:// or https://"),
        ("", "http:// or https://"),
        ("https://api.example/v1?region=eu", "must not have a query"),
        ("https://api.example/v1#top", "must not have a query"),
    ],
)
def test_a_base_url_that_can_never_work_is_refused_when_the_client_is_built(
    monkeypatch: pytest.MonkeyPatch, base_url: str, words: str
) -> None:
    """Before, it passed and the first request raised httpx.InvalidURL (a traceback in the CLI)."""
    with pytest.raises(ValueError, match=words):
        AuthenticatedClient(base_url=base_url, token=TOKEN)
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url or "mailto:x")
    with pytest.raises(ValueError, match=r"^AMPLEMARKET_BASE_URL: base_url") as caught:
        AuthenticatedClient.from_env()
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "base_url", ["http://api.example.com", "http://API.example.com:8080/v1", "http://10.0.0.5", "http://0.0.0.0:80"]
)
def test_plain_http_to_another_host_is_refused_unless_the_caller_opts_in(
    monkeypatch: pytest.MonkeyPatch, base_url: str
) -> None:
    """The key (and the leads) went over the network in clear text to any http:// base URL."""
    with pytest.raises(ValueError, match=r"^base_url is http:// to .*allow_insecure_http=True") as built:
        AuthenticatedClient(base_url=base_url, token=TOKEN)
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
    monkeypatch.delenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", raising=False)
    with pytest.raises(
        ValueError, match=r"^AMPLEMARKET_BASE_URL: base_url is http://.*AMPLEMARKET_ALLOW_INSECURE_HTTP=1"
    ) as read:
        AuthenticatedClient.from_env()
    assert all(TOKEN not in str(error.value) for error in (built, read))
    opted_in = AuthenticatedClient(base_url=base_url, token=TOKEN, allow_insecure_http=True)
    assert opted_in.with_headers({"X-Trace": "1"}).allow_insecure_http, "a copy keeps the opt-in"
    assert AuthenticatedClient.from_env(allow_insecure_http=True).allow_insecure_http, "the argument wins"
    for yes in ("1", "true", "YES"):
        monkeypatch.setenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", yes)
        assert AuthenticatedClient.from_env().allow_insecure_http
    monkeypatch.setenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", "0")
    with pytest.raises(ValueError, match=r"^AMPLEMARKET_BASE_URL: base_url is http://"):
        AuthenticatedClient.from_env()
    monkeypatch.setenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", "maybe")  # a typo never opts in
    with pytest.raises(ValueError, match=r"^AMPLEMARKET_ALLOW_INSECURE_HTTP must be 1"):
        AuthenticatedClient.from_env()


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8000",
        "http://127.1.2.3",
        "http://[::1]:9000/v1",
        "http://localhost:8080",
        "http://[::ffff:127.0.0.1]",
    ],
)
def test_plain_http_to_this_machine_needs_no_opt_in(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    """The command's embedded sandbox, a local mock or a tunnel: nothing crosses a network."""
    assert not AuthenticatedClient(base_url=base_url, token=TOKEN).allow_insecure_http
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
    monkeypatch.delenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", raising=False)
    AuthenticatedClient.from_env()


@pytest.mark.parametrize("opt_in", [None, "0", "1", "yes please"])
def test_the_command_refuses_plain_http_to_another_host_in_one_line_unless_opted_in(
    monkeypatch: pytest.MonkeyPatch, opt_in: str | None
) -> None:
    from typer.testing import CliRunner

    from amplemarket_lead_lists.cli.app import app

    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "http://api.example.test")
    if opt_in is None:
        monkeypatch.delenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", raising=False)
    else:
        monkeypatch.setenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", opt_in)
    with respx.mock(assert_all_called=False) as api:
        status = api.get("http://api.example.test/lead-lists/ll_1").mock(
            return_value=httpx.Response(200, json={"id": "ll_1", "status": "queued"})
        )
        result = CliRunner().invoke(app, ["status", "ll_1"])
    if opt_in == "1":
        assert result.exit_code == 0, result.output
        assert status.called
        return
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert TOKEN not in line and not status.called
    if opt_in == "yes please":
        assert line.startswith("error: AMPLEMARKET_ALLOW_INSECURE_HTTP must be 1")
    else:
        assert line == (
            "error: AMPLEMARKET_BASE_URL: http:// to 'api.example.test' would send the key and the leads "
            "unencrypted; use https://, or set AMPLEMARKET_ALLOW_INSECURE_HTTP=1 to allow it "
            "(localhost needs no opt-in)"
        )


def test_the_command_names_a_malformed_base_url_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from amplemarket_lead_lists.cli.app import app

    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "http://[::1")
    result = CliRunner().invoke(app, ["status", "ll_1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: AMPLEMARKET_BASE_URL: base_url is not a valid URL"


def test_max_retries_zero_on_the_client_disables_retries(api: respx.MockRouter) -> None:
    run = Runner("sync", client=AuthenticatedClient(base_url=BASE, token=TOKEN, max_retries=0))
    route = api.get(GET).mock(return_value=error(503))
    with pytest.raises(ServerError):
        run.wait()
    assert route.call_count == 1 and run.time.sleeps == []


def test_max_retries_zero_also_stops_rate_limit_retries(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=error(429, "rate_limited", retry_after="1"))
    with pytest.raises(RateLimitError):
        run.wait(max_retries=0)
    assert route.call_count == 1


def test_a_calls_max_retries_wins_over_the_clients(run: Runner, api: respx.MockRouter) -> None:
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_retries=0)
    route = api.get(GET).mock(side_effect=[error(500), error(502), respond()])
    assert run.wait(max_retries=2).status == "completed"
    assert route.call_count == 3


def test_max_retries_bounds_pages_and_creates_too(run: Runner, api: respx.MockRouter) -> None:
    route = api.get(GET).mock(return_value=error(500))
    with pytest.raises(ServerError):
        run.entries(max_retries=1)
    assert route.call_count == 2
    post = api.post("/lead-lists").mock(return_value=error(429, "rate_limited", retry_after="1"))
    body = {"owner": "a@example.com", "shared": True, "type": "email", "leads": [{"email": "a@example.com"}]}
    run.client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_retries=1)
    with pytest.raises(RateLimitError):
        run.create(body)
    assert post.call_count == 3  # 429s: twice max_retries


def test_the_backoff_cap_is_a_client_setting(api: respx.MockRouter) -> None:
    run = Runner("sync", client=AuthenticatedClient(base_url=BASE, token=TOKEN, retry_backoff_cap=0.25))
    api.get(GET).mock(side_effect=[error(500)] * 5 + [respond()])
    run.wait()
    assert len(run.time.sleeps) == 5 and max(run.time.sleeps) <= 0.25


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_bad_max_retries_is_refused(run: Runner, api: respx.MockRouter, bad: object) -> None:
    with pytest.raises(InvalidRequestError, match="max_retries"):
        run.wait(max_retries=bad)
    assert not api.calls
    with pytest.raises(ValueError, match="max_retries"):
        AuthenticatedClient(base_url=BASE, token=TOKEN, max_retries=bad)  # type: ignore[arg-type]


# AMPLEMARKET_LOG ----------------------------------------------------------------------------------

LOGGED = f"""
import logging
import httpx
from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists import wait_for_lead_list

answers = iter([
    httpx.Response(503, json={{"_errors": [{{"code": "busy", "detail": "key {TOKEN} is busy"}}]}}),
    httpx.Response(200, json={{"id": "{LL}", "name": "n", "status": "completed", "shared": True,
                              "visible": True, "type": "email", "leads": []}}),
])
client = AuthenticatedClient(base_url="{BASE}", token="{TOKEN}", retry_backoff_cap=0.01)
AuthenticatedClient(base_url="{BASE}", token="{TOKEN}")  # a second client adds no second handler
client.set_httpx_client(httpx.Client(base_url="{BASE}", transport=httpx.MockTransport(lambda r: next(answers)),
                                     headers={{"Authorization": "Bearer {TOKEN}"}}))
wait_for_lead_list(client, "{LL}")
print(len(logging.getLogger("amplemarket_lead_lists").handlers))
"""


@pytest.mark.parametrize("level", ["debug", "info", ""])
def test_amplemarket_log_switches_logging_on_and_redacts(level: str) -> None:
    env = {**os.environ, "AMPLEMARKET_LOG": level, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", LOGGED], capture_output=True, text=True, env=env, check=True)
    assert TOKEN not in result.stderr + result.stdout
    assert result.stdout.strip() == ("1" if level else "0")
    assert ("retrying in" in result.stderr) == bool(level) and ("[redacted]" in result.stderr) == bool(level)
    assert (f"GET /lead-lists/{LL} -> 503" in result.stderr) == (level == "debug")


# A closed client ----------------------------------------------------------------------------------


def test_a_closed_client_raises_a_typed_error(api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=respond())
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with client:
        wait_for_lead_list(client, LL)
    with pytest.raises(ClientClosedError, match="client is closed") as caught:
        wait_for_lead_list(client, LL)
    assert isinstance(caught.value, LeadListError)


def test_a_closed_async_client_raises_a_typed_error(api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=respond())
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)

    async def twice() -> None:
        async with client:
            await wait_for_lead_list_async(client, LL)
        await wait_for_lead_list_async(client, LL)

    with pytest.raises(ClientClosedError):
        asyncio.run(twice())


# Messages -----------------------------------------------------------------------------------------


def _connect_error(cause: BaseException) -> httpx.ConnectError:
    try:
        raise httpx.ConnectError(str(cause)) from cause
    except httpx.ConnectError as exc:
        return exc


@pytest.mark.parametrize(
    ("raised", "words"),
    [
        (_connect_error(ConnectionRefusedError(111, "Connection refused")), "connection refused"),
        (_connect_error(socket.gaierror(-2, "Name or service not known")), "DNS lookup failed"),
        (_connect_error(ssl.SSLCertVerificationError("certificate verify failed")), "TLS handshake failed"),
        (httpx.ConnectTimeout("timed out"), "timed out connecting"),
        (httpx.ReadTimeout("timed out"), "timed out waiting for the response"),
        (httpx.RemoteProtocolError("peer closed"), "closed the connection"),
        (httpx.RequestError("Authorization: Bearer in the text"), "the request failed"),  # no words of its own
    ],
)
def test_a_transport_error_names_the_host_and_the_cause(
    api: respx.MockRouter, raised: httpx.RequestError, words: str
) -> None:
    api.get(GET).mock(side_effect=raised)
    with pytest.raises(TransportError) as caught:
        wait_for_lead_list(AuthenticatedClient(base_url=BASE, token=TOKEN), LL, max_retries=0)
    message = str(caught.value)
    assert f"GET {GET} to api.amplemarket.com failed after 1 attempt(s): " in message and words in message
    assert caught.value.host == "api.amplemarket.com" and caught.value.reason in message


def test_connection_refused_for_real_names_host_and_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = AuthenticatedClient(base_url=f"http://127.0.0.1:{port}", token=TOKEN)
    with pytest.raises(TransportError, match=f"to 127.0.0.1:{port} failed .*connection refused"):
        wait_for_lead_list(client, LL, max_retries=0)


def test_a_transport_of_your_own_that_retries_connections_still_waits_between_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """httpx.HTTPTransport(retries=2) backs off 0 s, then 0.5 s: the client's deadline-keeping network
    backend, put into that transport too, passes the waits on (here to a fake sleep)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    transport = httpx.HTTPTransport(retries=2)
    client = AuthenticatedClient(base_url=f"http://127.0.0.1:{port}", token=TOKEN, httpx_args={"transport": transport})
    with pytest.raises(TransportError, match="connection refused"):
        wait_for_lead_list(client, LL, max_retries=0)
    assert waits == [0, 0.5]


def test_a_polling_timeout_names_the_list_and_how_to_go_on(run: Runner, api: respx.MockRouter) -> None:
    api.get(GET).mock(return_value=respond("processing", retry_after="60"))
    with pytest.raises(PollingTimeoutError) as caught:
        run.wait(timeout=100)
    assert caught.value.lead_list_id == LL
    assert f"lead list {LL} still processing" in str(caught.value)
    assert f"call wait_for_lead_list(client, '{LL}') again" in str(caught.value)


def test_uploads_follow_the_clients_and_the_calls_max_retries(api: respx.MockRouter) -> None:
    from amplemarket_lead_lists import upload_lead_list

    post = api.post("/lead-lists").mock(return_value=error(429, "rate_limited", retry_after="1"))
    body = {"owner": "a@example.com", "shared": True, "type": "email", "leads": [{"email": "a@example.com"}]}
    client = AuthenticatedClient(base_url=BASE, token=TOKEN, max_retries=1)
    with pytest.raises(RateLimitError):
        upload_lead_list(client, body, sleep=lambda _: None)
    assert post.call_count == 3  # 429s: twice the client's max_retries
    with pytest.raises(RateLimitError):
        upload_lead_list(client, body, max_retries=0, sleep=lambda _: None)
    assert post.call_count == 4
