"""A body the client stops reading part way (past the size cap) is closed, in the sync and the async
client alike: the connection is let go at once, not held until the server has sent it all."""

from __future__ import annotations

import httpx
import pytest

from amplemarket_lead_lists import ResponseTooLargeError
from contract_tests.polling_harness import CT, Runner
from contract_tests.test_hostile_servers import MODES, Dripped, client_with


@pytest.mark.parametrize("mode", MODES)
def test_a_body_past_the_size_cap_is_closed_once_reading_stops(mode: str) -> None:
    body = Dripped([b"x" * 4096] * 16)  # 64 KiB

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=CT, stream=body)

    runner = Runner(mode)
    runner.client = client_with(serve, max_response_bytes=10_000)
    with pytest.raises(ResponseTooLargeError) as caught:
        runner.wait()
    assert (caught.value.status_code, caught.value.limit) == (200, 10_000)
    assert body.sent <= 10_000 + 4096, "reading stopped at the first read past the cap"
    assert body.closed
