from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx

from contract_tests.polling_harness import BASE, Runner


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Runner:
    """The same test, once through the sync API and once through the async API."""
    return Runner(request.param)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router
