from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import respx

from contract_tests.polling_harness import BASE, Runner


@pytest.fixture(autouse=True)
def sandbox_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's `--sandbox` commands (and the subprocesses it starts) keep lists in their own file."""
    path = tmp_path_factory.mktemp("state") / "sandbox.json"
    monkeypatch.setenv("AMPLEMARKET_SANDBOX_STATE", str(path))
    return path


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Runner:
    """The same test, once through the sync API and once through the async API."""
    return Runner(request.param)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router
