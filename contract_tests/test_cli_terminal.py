"""Text from the server reaches the terminal and `list`'s tab-separated lines with its control
characters escaped: a name cannot forge a line, an escape sequence cannot drive the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.cli.terminal import printable
from contract_tests.polling_harness import CT, LL, TOKEN, body

BASE = "https://api.example.test"
runner = CliRunner()
FORGED = "mine\nll_forged\tcompleted\tlinkedin\tpaid list"
ESCAPE = "\x1b]0;owned\x07\x1b[2J"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", TOKEN)
    monkeypatch.setenv("AMPLEMARKET_BASE_URL", BASE)
    with respx.mock(base_url=BASE) as router:
        yield router


def test_a_name_with_a_newline_and_tabs_stays_one_field_of_one_line(api: respx.MockRouter) -> None:
    summaries = [
        {"id": "ll_1", "name": FORGED, "status": f"completed{ESCAPE}", "type": "linkedin"},
        {"id": "ll_2", "name": "plain Müller", "status": "queued", "type": "email"},
    ]
    api.get("/lead-lists").mock(return_value=httpx.Response(200, json={"lead_lists": summaries, "_links": {}}))
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert [line.split("\t") for line in result.stdout.splitlines()] == [
        [
            "ll_1",
            "completed\\x1b]0;owned\\x07\\x1b[2J",
            "linkedin",
            "mine\\nll_forged\\tcompleted\\tlinkedin\\tpaid list",
        ],
        ["ll_2", "queued", "email", "plain Müller"],
    ]


def test_status_and_errors_show_the_servers_text_escaped(api: respx.MockRouter) -> None:
    answer: dict[str, Any] = body(status="queued") | {"name": FORGED, "status": f"queued{ESCAPE}"}
    api.get(f"/lead-lists/{LL}").mock(return_value=httpx.Response(200, headers=CT, json=answer))
    status = runner.invoke(app, ["status", LL])
    assert status.exit_code == 0, status.output
    assert "\x1b" not in status.stdout and len(status.stdout.splitlines()) == 1
    assert status.stdout.rstrip().endswith(": queued\\x1b]0;owned\\x07\\x1b[2J")

    problem = {"status": "404", "code": "not_found", "title": "Not Found", "detail": f"gone{ESCAPE}\rall fine"}
    api.get(f"/lead-lists/{LL}").mock(return_value=httpx.Response(404, headers=CT, json={"_errors": [problem]}))
    failed = runner.invoke(app, ["status", LL])
    assert failed.exit_code == 1
    assert "\x1b" not in failed.stderr and "\r" not in failed.stderr
    assert "gone\\x1b]0;owned\\x07\\x1b[2J\\rall fine" in failed.stderr


def test_only_what_a_terminal_would_act_on_is_escaped() -> None:
    assert printable("Zoë Ørsted 李 🙂 a\\b") == "Zoë Ørsted 李 🙂 a\\b"
    assert printable("a\u202eb\u2028c\x7fd\x85") == "a\\u202eb\\u2028c\\x7fd\\x85"
