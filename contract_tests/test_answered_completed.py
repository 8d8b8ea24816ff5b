"""A lead list already `completed` in its create's (or add's) 202 carries no entries (the guide's 202
has `leads: []`): waiting and paging read it again with GET, so every entry arrives — sync, async,
through uploads, and in the command against a sandbox whose lists finish at once."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

import amplemarket_lead_lists as lead_lists
from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.polling_harness import CT, LL, Runner, body, respond
from contract_tests.uploads_harness import call

LEADS = [{"linkedin_url": f"https://www.linkedin.com/in/lead-{n}"} for n in range(5)]
CREATE: dict[str, Any] = {"name": "n", "owner": "user@example.com", "shared": True, "type": "linkedin", "leads": LEADS}
DONE_BUT_EMPTY = httpx.Response(202, headers={**CT, "Location": f"/lead-lists/{LL}"}, json=body("completed"))


def serve_entries(api: respx.MockRouter) -> respx.Route:
    api.post("/lead-lists").mock(return_value=DONE_BUT_EMPTY)
    api.post(f"/lead-lists/{LL}/leads").mock(return_value=DONE_BUT_EMPTY)
    return api.get(f"/lead-lists/{LL}").mock(return_value=respond("completed", entries=range(5)))


def test_a_create_answered_completed_is_paged_from_a_get(run: Runner, api: respx.MockRouter) -> None:
    got = serve_entries(api)
    created = run.create(CREATE)
    assert created.status == "completed" and created.leads == []
    assert [entry.id for entry in run.entries(created)] == [f"e{n:05d}" for n in range(5)]
    assert got.call_count == 1


def test_waiting_on_a_create_answered_completed_asks_the_server(run: Runner, api: respx.MockRouter) -> None:
    got = serve_entries(api)
    done = run.wait(run.create(CREATE))
    assert got.call_count == 1 and len(done.leads or []) == 5
    assert len(run.entries(done)) == 5 and got.call_count == 1  # a list a GET read is paged as it is


def test_an_upload_answered_completed_delivers_every_entry(run: Runner, api: respx.MockRouter) -> None:
    serve_entries(api)
    uploaded = call(run, lead_lists.upload_lead_list, lead_lists.upload_lead_list_async, CREATE, chunk_size=2)
    assert uploaded.leads == []
    assert len(run.entries(uploaded)) == 5


def test_a_sandbox_with_instant_lists_answers_queued_and_the_command_writes_every_row(tmp_path: Path) -> None:
    settings = Settings(queue_seconds=0, processing_seconds=0, seconds_per_lead=0)
    with running_sandbox(settings) as url, httpx.Client(base_url=url) as http:
        headers = {"Authorization": "Bearer sandbox-instant"}
        created = http.post("/lead-lists", json=CREATE, headers=headers)
        assert created.status_code == 202 and created.json()["status"] == "queued" and created.json()["leads"] == []
        assert http.get(created.headers["Location"], headers=headers).json()["status"] == "completed"
    source = tmp_path / "leads.csv"
    source.write_text("crm,linkedin\n" + "".join(f"c{n},{lead['linkedin_url']}\n" for n, lead in enumerate(LEADS)))
    out = tmp_path / "out.csv"
    env = {"SANDBOX_QUEUE_SECONDS": "0", "SANDBOX_PROCESSING_SECONDS": "0", "SANDBOX_SECONDS_PER_LEAD": "0"}
    result = CliRunner().invoke(app, ["enrich", "--sandbox", str(source), str(out)], env=env)
    assert result.exit_code == 0, result.output
    with out.open(newline="") as written:
        rows = list(csv.DictReader(written))
    assert [row["crm"] for row in rows] == [f"c{n}" for n in range(5)]
    assert all(row["entry_id"] for row in rows)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMPLEMARKET_API_KEY", raising=False)
