"""An in-process sandbox with a hand-moved clock, for the sandbox's own tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from amplemarket_lead_lists.sandbox.app import Sandbox, create_app
from amplemarket_lead_lists.sandbox.settings import Settings

KEY = "sandbox-tests"
OTHER_KEY = "sandbox-other"


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


class SandboxClient(TestClient):
    """A TestClient on a fresh sandbox, authenticated with KEY, whose clock the test moves."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.clock = Clock()
        self.settings = settings or Settings(queue_seconds=10, processing_seconds=20, seconds_per_lead=0.1)
        app = create_app(self.settings, clock=self.clock)
        self.sandbox: Sandbox = app.state.sandbox
        super().__init__(app, headers={"Authorization": f"Bearer {KEY}"}, raise_server_exceptions=True)

    def create(self, count: int = 3, **changes: Any) -> dict[str, Any]:
        response = self.post("/lead-lists", json=create_body(count, **changes))
        assert response.status_code == 202, response.text
        body: dict[str, Any] = response.json()
        return body

    def completed(self, count: int = 3, **changes: Any) -> dict[str, Any]:
        lead_list = self.create(count, **changes)
        self.clock.now += 10_000
        return lead_list


def create_body(count: int = 3, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "owner": "user@example.com",
        "shared": True,
        "type": "linkedin",
        "leads": [{"linkedin_url": f"https://www.linkedin.com/in/person-{n}"} for n in range(count)],
    }
    return {**body, **changes}
