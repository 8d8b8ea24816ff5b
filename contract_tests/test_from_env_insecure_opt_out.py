"""`AMPLEMARKET_ALLOW_INSECURE_HTTP` set to a "no" (0, false, no, or empty) leaves the client's
`allow_insecure_http` False, the same as unset: a boolean setting, never None."""

from __future__ import annotations

import pytest

from amplemarket_lead_lists import AuthenticatedClient
from contract_tests.polling_harness import TOKEN


@pytest.mark.parametrize("value", ["0", "false", " No ", ""])
def test_a_no_keeps_plain_http_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", value)
    assert AuthenticatedClient.from_env().allow_insecure_http is False
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", "http://api.example.com")
    with pytest.raises(ValueError, match=r"^AMPLEMARKET_BASE_URL: base_url is http:// to 'api\.example\.com'"):
        AuthenticatedClient.from_env()
