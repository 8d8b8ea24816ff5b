"""Where the command's requests go when nothing says otherwise, and how fast `--sandbox` moves: the real
API at https://api.amplemarket.com when AMPLEMARKET_BASE_URL is unset, and the demo timings of the
embedded sandbox (queued 1 s, processing 2 s plus 0.1 ms a lead, polls asked back after 1 s) unless a
SANDBOX_* variable says otherwise. The demo timings are what make `enrich --sandbox` finish in seconds."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.connection import connect
from contract_tests.polling_harness import CT, LL, TOKEN, body

runner = CliRunner()
LEADS = 10


def test_without_a_base_url_the_command_talks_to_amplemarket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.delenv("AMPLEMARKET_BASE_URL", raising=False)
    with respx.mock(base_url="https://api.amplemarket.com") as api:
        route = api.get(f"/lead-lists/{LL}").mock(return_value=httpx.Response(200, headers=CT, json=body()))
        result = runner.invoke(app, ["status", LL])
    assert result.exit_code == 0, result.output
    assert route.call_count == 1


def sandbox_list(sandbox_state: Path) -> tuple[dict[str, Any], str | None]:
    """A list of LEADS leads made in the command's sandbox: its saved record and a poll's Retry-After."""
    key = {"Authorization": "Bearer sandbox-demo"}
    leads = [{"linkedin_url": f"https://www.linkedin.com/in/p-{n}"} for n in range(LEADS)]
    with connect(use_sandbox=True) as connection:
        made = httpx.post(
            f"{connection.base_url}/lead-lists",
            headers=key,
            json={"owner": "demo@example.com", "shared": False, "type": "linkedin", "name": "n", "leads": leads},
        )
        polled = httpx.get(f"{connection.base_url}/lead-lists/{made.json()['id']}", headers=key)
    [record] = json.loads(sandbox_state.read_text())["accounts"]["sandbox-demo"]
    return record, polled.headers.get("Retry-After")


def test_the_sandbox_runs_on_demo_timings(sandbox_state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RETRY_AFTER", "QUEUE_SECONDS", "PROCESSING_SECONDS", "SECONDS_PER_LEAD"):
        monkeypatch.delenv(f"SANDBOX_{name}", raising=False)
    record, retry_after = sandbox_list(sandbox_state)
    assert record["queued_until"] - record["created_at"] == pytest.approx(1.0)
    assert record["processing_until"] - record["queued_until"] == pytest.approx(2.0 + 0.0001 * LEADS)
    assert retry_after == "1"


def test_a_sandbox_variable_that_is_set_wins_over_the_demo_timing(
    sandbox_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_QUEUE_SECONDS", "7")
    monkeypatch.setenv("SANDBOX_SECONDS_PER_LEAD", "0.5")
    record, retry_after = sandbox_list(sandbox_state)
    assert record["queued_until"] - record["created_at"] == pytest.approx(7.0)
    assert record["processing_until"] - record["queued_until"] == pytest.approx(2.0 + 0.5 * LEADS)
    assert retry_after == "1"


def test_a_sandbox_setting_that_is_not_a_number_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANDBOX_QUEUE_SECONDS", "soon")
    result = runner.invoke(app, ["list", "--sandbox"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: SANDBOX_QUEUE_SECONDS")


def test_sandbox_without_its_dependencies_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed without the [sandbox] extra, `--sandbox` says what to install instead of a traceback."""
    monkeypatch.setitem(sys.modules, "amplemarket_lead_lists.sandbox.server", None)  # as if not installed
    result = runner.invoke(app, ["list", "--sandbox"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "error: --sandbox needs the sandbox's dependencies: pip install 'amplemarket-lead-lists[sandbox]' ("
    )
