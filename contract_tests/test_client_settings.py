"""Client settings that can never work are refused when the client is built.

- `prefix` and `auth_header_name` are checked like the token: a prefix ending in a newline went out
  with the key after it, and httpcore's debug log quoted the header (`Illegal header value b'Bearer\\n sk-…'`).
- `max_response_bytes` must be a whole number >= 1: None was a TypeError at the first read, -1 read
  nothing and said the body "passed -1 bytes".
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest

from amplemarket_lead_lists import AuthenticatedClient
from contract_tests.polling_harness import BASE, TOKEN


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


def test_a_max_response_bytes_of_1_is_a_cap_of_1() -> None:
    assert AuthenticatedClient(base_url=BASE, token=TOKEN, max_response_bytes=1).max_response_bytes == 1
