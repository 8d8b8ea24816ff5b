"""A key as short as 4 characters is still kept out of errors when a server reflects it, even sent in a
header of its own (`auth_header_name`), where no `Authorization` value names it."""

from __future__ import annotations

import httpx
import pytest

from amplemarket_lead_lists import AuthenticatedClient, UnexpectedStatusError
from amplemarket_lead_lists.wire.redaction import REDACTED
from contract_tests.polling_harness import BASE, CT, Runner, body

SHORT_KEY = "k3y9"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_four_character_key_reflected_by_the_server_is_scrubbed(mode: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=CT, json={**body("processing"), "status": request.headers["X-Api-Key"]})

    runner = Runner(mode)
    runner.client = AuthenticatedClient(
        base_url=BASE, token=SHORT_KEY, auth_header_name="X-Api-Key", prefix="",
        httpx_args={"transport": httpx.MockTransport(answer)},
    )  # fmt: skip
    with pytest.raises(UnexpectedStatusError) as caught:
        runner.wait()
    assert caught.value.status == REDACTED
    assert SHORT_KEY not in str(caught.value) and SHORT_KEY not in repr(caught.value.lead_list)
