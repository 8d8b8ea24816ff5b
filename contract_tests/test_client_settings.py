"""Client settings that can never work are refused when the client is built, and what a server sets in
the client's cookie jar stays bounded.

- `prefix` and `auth_header_name` are checked like the token: a prefix ending in a newline went out
  with the key after it, and httpcore's debug log quoted the header (`Illegal header value b'Bearer\\n sk-…'`).
- `max_response_bytes` must be a whole number >= 1: None was a TypeError at the first read, -1 read
  nothing and said the body "passed -1 bytes".
- Cookies a server sets are kept up to 50, 8 KiB of names and values in all: a server setting new
  ones on every page made each request carry more (493 KiB of Cookie header after 600 pages).
- Speed without a change of behaviour: answers that set no cookie skip httpx's cookie search, and
  clients share one default TLS context instead of loading the CA bundle each.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
import traceback
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest

from amplemarket_lead_lists import AuthenticatedClient
from amplemarket_lead_lists.base_client import MAX_COOKIE_BYTES, MAX_COOKIES, BoundedCookieJar
from contract_tests.polling_harness import BASE, LL, TOKEN, Runner, body, next_href


def refused(**settings: Any) -> ValueError:
    with pytest.raises(ValueError) as caught:
        AuthenticatedClient(base_url=BASE, token=TOKEN, **settings)
    text = "".join(traceback.format_exception(caught.value))
    assert TOKEN not in text and TOKEN[3:] not in text
    return caught.value


BAD_PREFIXES = {
    "trailing newline": "Bearer\n",
    "leading space": " Bearer",
    "CRLF inside": "Bea\r\nrer",
    "non-ASCII": "Bearér",
    "tab inside": "Bea\trer",
    "space inside": "Bea rer",
}


@pytest.mark.parametrize("prefix", BAD_PREFIXES.values(), ids=BAD_PREFIXES.keys())
def test_a_malformed_prefix_is_refused_naming_it_without_the_key(prefix: str) -> None:
    assert str(refused(prefix=prefix)).startswith("prefix")


BAD_HEADER_NAMES = {
    "empty": "",
    "space inside": "X Api-Key",
    "colon": "X-Api-Key:",
    "trailing newline": "X-Api-Key\n",
    "non-ASCII": "X-Clé",
}


@pytest.mark.parametrize("name", BAD_HEADER_NAMES.values(), ids=BAD_HEADER_NAMES.keys())
def test_a_malformed_auth_header_name_is_refused_naming_it(name: str) -> None:
    assert str(refused(auth_header_name=name)).startswith("auth_header_name")


def test_usual_prefixes_and_header_names_are_kept() -> None:
    for prefix, name in [("Bearer", "Authorization"), ("", "X-Api-Key"), ("Token", "x-amp_key.v1")]:
        http = AuthenticatedClient(base_url=BASE, token=TOKEN, prefix=prefix, auth_header_name=name).get_httpx_client()
        assert http.headers[name] == (f"{prefix} {TOKEN}" if prefix else TOKEN)


def test_a_prefix_or_header_name_set_later_is_checked_too() -> None:
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with pytest.raises(ValueError, match=r"^prefix"):
        client.prefix = "Bearer\n"
    with pytest.raises(ValueError, match=r"^auth_header_name"):
        client.auth_header_name = "X Key"
    assert (client.prefix, client.auth_header_name) == ("Bearer", "Authorization")


def test_from_env_names_the_variable_only_for_what_it_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad setting passed as an argument is not blamed on AMPLEMARKET_API_KEY."""
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    with pytest.raises(ValueError, match=r"^prefix"):
        AuthenticatedClient.from_env(prefix="Bearer\n")
    with pytest.raises(ValueError, match=r"^max_retries"):
        AuthenticatedClient.from_env(max_retries=-1)
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN + "\n")
    with pytest.raises(ValueError, match=r"^AMPLEMARKET_API_KEY: token"):
        AuthenticatedClient.from_env()


@pytest.mark.parametrize("bad", [None, -1, 0, 1.5, True, "1000"])
def test_a_max_response_bytes_that_is_not_a_whole_number_from_1_is_refused(bad: object) -> None:
    assert str(refused(max_response_bytes=bad)).startswith("max_response_bytes must be a whole number >= 1")
    client = AuthenticatedClient(base_url=BASE, token=TOKEN)
    with pytest.raises(ValueError, match=r"^max_response_bytes"):
        client.max_response_bytes = bad  # type: ignore[assignment]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1, None, "3", True])
def test_a_retry_backoff_cap_that_is_not_seconds_is_refused(bad: object) -> None:
    """NaN made every backoff, and with it the retry budget, nonsense: PollingTimeoutError at once."""
    with pytest.raises(ValueError, match="retry_backoff_cap must be a number of seconds >= 0"):
        AuthenticatedClient(base_url=BASE, token=TOKEN, retry_backoff_cap=bad)  # type: ignore[arg-type]
    assert AuthenticatedClient(base_url=BASE, token=TOKEN, retry_backoff_cap=0).retry_backoff_cap == 0
    assert AuthenticatedClient(base_url=BASE, token=TOKEN, retry_backoff_cap=2.5).retry_backoff_cap == 2.5


def test_a_max_response_bytes_of_1_is_a_cap_of_1() -> None:
    assert AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1).max_response_bytes == 1


# Cookies ---------------------------------------------------------------------------------------------


def cookie_header(request: httpx.Request) -> dict[str, str]:
    pairs = (pair.partition("=") for pair in request.headers.get("Cookie", "").split("; ") if pair)
    return {name: value for name, _, value in pairs}


class CookieServer:
    """Pages of a completed list; every answer sets `per_page` cookies it never set before (as the
    reviewer's server did), and the cookies each request carried are kept."""

    def __init__(self, pages: int, per_page: int, size: int = 20) -> None:
        self.pages = pages
        self.per_page = per_page
        self.size = size
        self.sent: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(cookie_header(request))
        page = len(self.sent) - 1
        headers = [("Content-Type", "application/vnd.amp+json")]
        headers += [("Set-Cookie", f"c{page}_{n}={'x' * self.size}; Path=/") for n in range(self.per_page)]
        following = next_href(page) if page + 1 < self.pages else None
        return httpx.Response(200, headers=headers, json=body(entries=range(page, page + 1), next_href=following))


def paged(mode: str, server: CookieServer, **settings: Any) -> Runner:
    runner = Runner(mode)
    runner.client = AuthenticatedClient(
        base_url=BASE, token=TOKEN, rate_limiter=None, httpx_args={"transport": httpx.MockTransport(server)}, **settings
    )
    assert len(runner.entries(LL)) == server.pages
    return runner


@pytest.mark.parametrize("size", [20, 1000], ids=["small: the count binds", "large: the bytes bind"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_cookies_a_server_keeps_setting_stay_within_the_bounds(mode: str, size: int) -> None:
    server = CookieServer(pages=30, per_page=40, size=size)
    paged(mode, server, cookies={"caller": "mine"})
    last = server.sent[-1]
    assert len(last) <= MAX_COOKIES
    assert sum(len(name) + len(value) for name, value in last.items()) <= MAX_COOKIE_BYTES
    assert last["caller"] == "mine"  # the caller's own cookie is always sent
    assert "c0_0" in last  # cookies already kept are kept: new ones are what is refused


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_few_cookies_work_as_usual(mode: str) -> None:
    server = CookieServer(pages=3, per_page=2)
    paged(mode, server)
    assert [sorted(sent) for sent in server.sent] == [[], ["c0_0", "c0_1"], ["c0_0", "c0_1", "c1_0", "c1_1"]]


def test_a_full_jar_still_takes_a_new_value_or_a_deletion_of_a_cookie_it_holds() -> None:
    answers = iter(
        [
            [f"c{n}=v; Path=/" for n in range(MAX_COOKIES)],
            ["c0=new; Path=/", "late=1; Path=/"],
            ["c1=; Path=/; Max-Age=0", "later=1; Path=/", "latest=1; Path=/"],
            [],
        ]
    )
    sent: list[dict[str, str]] = []

    def serve(request: httpx.Request) -> httpx.Response:
        sent.append(cookie_header(request))
        return httpx.Response(200, headers=[("Set-Cookie", value) for value in next(answers)])

    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})
    http = client.get_httpx_client()
    for _ in range(4):
        http.get("/lead-lists")
    assert len(sent[1]) == MAX_COOKIES
    assert sent[2]["c0"] == "new" and "late" not in sent[2]
    assert "c1" not in sent[3] and "later" in sent[3] and "latest" not in sent[3]  # c1's place is taken again


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_jar_keeps_50_cookies_the_number_rfc_6265_asks_for(mode: str) -> None:
    server = CookieServer(pages=2, per_page=51)
    paged(mode, server)
    assert sorted(server.sent[1]) == sorted(f"c0_{n}" for n in range(50))


def test_cookies_fill_the_jar_up_to_8_kib_of_names_and_values_and_no_further() -> None:
    """8 KiB: the Cookie header line most servers accept (nginx and Apache by default)."""
    answers = iter([["a=" + "x" * 8183 + "; Path=/"], ["b=1234567; Path=/"], ["c=1; Path=/"], []])
    sent: list[dict[str, str]] = []

    def serve(request: httpx.Request) -> httpx.Response:
        sent.append(cookie_header(request))
        return httpx.Response(200, headers=[("Set-Cookie", value) for value in next(answers)])

    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})
    for _ in range(4):
        client.get_httpx_client().get("/lead-lists")
    assert sorted(sent[3]) == ["a", "b"]  # 8,184 + 8 bytes: 8,192 in all; c's 2 more are refused


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_answers_that_set_no_cookie_are_not_searched_for_cookies(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx builds a urllib Request per response to look for cookies; the client skips that for the
    answers that set none (every answer of this API) and still keeps the cookies of those that do."""
    searched: list[str] = []
    original = BoundedCookieJar.extract_cookies

    def counting(jar: BoundedCookieJar, response: Any, request: Any) -> None:
        searched.append(request.get_full_url())
        original(jar, response, request)

    monkeypatch.setattr(BoundedCookieJar, "extract_cookies", counting)
    answers = iter([[], [("SET-COOKIE", "lb=a1; Path=/")], [], [("Set-Cookie2", 'old="1"; Version=1')], []])
    sent: list[dict[str, str]] = []

    def serve(request: httpx.Request) -> httpx.Response:
        sent.append(cookie_header(request))
        return httpx.Response(200, headers=next(answers))

    client = AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"transport": httpx.MockTransport(serve)})
    for n in range(5):
        if mode == "sync":
            client.get_httpx_client().get(f"/lead-lists?n={n}")
        else:
            asyncio.run(_get_async(client, f"/lead-lists?n={n}"))
    assert searched == [f"{BASE}/lead-lists?n=1", f"{BASE}/lead-lists?n=3"]
    assert sent[2] == {"lb": "a1"}  # the cookie set in an answer is sent as before


async def _get_async(client: AuthenticatedClient, path: str) -> None:
    await client.get_async_httpx_client().get(path)


def _tls_context(client: AuthenticatedClient) -> object:
    return client.get_httpx_client()._transport._pool._ssl_context  # type: ignore[attr-defined]


def test_clients_share_one_default_tls_context_and_keep_any_tls_setting_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loading the CA bundle takes 25-45 ms a client: the default context is made once per process."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    shared = _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN))
    assert isinstance(shared, ssl.SSLContext) and shared.verify_mode == ssl.CERT_REQUIRED
    assert _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN)) is shared
    async_client = AuthenticatedClient(base_url=BASE, token=TOKEN).get_async_httpx_client()
    assert async_client._transport._pool._ssl_context is shared  # type: ignore[attr-defined]
    mine = ssl.create_default_context()
    assert _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN, verify_ssl=mine)) is mine
    assert _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args={"verify": mine})) is mine
    unverified = _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN, verify_ssl=False))
    assert unverified is not shared and unverified.verify_mode == ssl.CERT_NONE  # type: ignore[attr-defined]
    for own in ({"trust_env": False}, {"http2": False}):
        assert _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN, httpx_args=own)) is not shared
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())  # read by httpx: a change takes effect as without sharing
    from_file = _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN))
    assert from_file is not shared and _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN)) is from_file


def test_a_ca_file_changed_in_place_is_read_again_by_the_clients_made_afterwards(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    before = _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN))
    assert _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN)) is before
    with bundle.open("ab") as added:  # a CA added to the file the variable names
        added.write(b"\n")
    after = _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN))
    assert after is not before and isinstance(after, ssl.SSLContext)


def test_the_tls_contexts_of_the_four_latest_ca_settings_are_kept_and_no_more(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A CA setting changed again and again does not keep a context (its CA bundle loaded) for each."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)

    def context_for(setting: int) -> object:
        monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / f"not-there-{setting}"))
        return _tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN))

    made = [context_for(setting) for setting in range(4)]
    assert context_for(0) is made[0] and context_for(3) is made[3]  # four settings: each kept
    context_for(4)  # a fifth: the one used longest ago (1) is dropped
    assert context_for(2) is made[2] and context_for(1) is not made[1]


def test_threads_building_clients_at_once_share_one_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent-for-a-fresh-cache-key")
    contexts: list[object] = []
    start = threading.Barrier(16)

    def build() -> None:
        start.wait()
        contexts.append(_tls_context(AuthenticatedClient(base_url=BASE, token=TOKEN)))

    threads = [threading.Thread(target=build) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(contexts) == 16 and len(set(map(id, contexts))) == 1
