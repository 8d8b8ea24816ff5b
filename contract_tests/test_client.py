"""The generated clients keep the API key out of repr() and never wait forever by default."""

from __future__ import annotations

import httpx
import pytest

from amplemarket_lead_lists import AuthenticatedClient, Client
from amplemarket_lead_lists.base_client import DEFAULT_TIMEOUT

TOKEN = "sk-live-0123456789abcdef0123456789abcdef"


def test_repr_never_shows_the_token() -> None:
    client = AuthenticatedClient(base_url="https://api.amplemarket.com", token=TOKEN)
    client.get_httpx_client()
    assert TOKEN not in repr(client)
    assert TOKEN not in str(client)
    headers_client = client.with_headers({"X-Extra": "1"})
    assert TOKEN not in repr(headers_client)


def test_repr_never_shows_a_token_passed_as_a_header() -> None:
    client = Client(base_url="https://api.amplemarket.com", headers={"Authorization": f"Bearer {TOKEN}"})
    assert TOKEN not in repr(client)


def test_the_token_is_still_sent() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(404, json={"_errors": [{"code": "not_found"}]})

    client = AuthenticatedClient(
        base_url="https://api.amplemarket.com", token=TOKEN, httpx_args={"transport": httpx.MockTransport(handler)}
    )
    client.get_httpx_client().get("/lead-lists/x")
    assert seen == [f"Bearer {TOKEN}"]


@pytest.mark.parametrize("cls", [Client, AuthenticatedClient])
def test_default_timeout_is_finite(cls: type[Client] | type[AuthenticatedClient]) -> None:
    kwargs = {"token": TOKEN} if cls is AuthenticatedClient else {}
    client = cls(base_url="https://api.amplemarket.com", **kwargs)  # type: ignore[arg-type]
    timeout = client.get_httpx_client().timeout
    assert timeout == DEFAULT_TIMEOUT
    assert None not in (timeout.connect, timeout.read, timeout.write, timeout.pool)
    assert timeout.read == 30.0 and timeout.connect == 10.0
    assert client.get_async_httpx_client().timeout == DEFAULT_TIMEOUT
