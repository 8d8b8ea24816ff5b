"""`amplemarket-lead-lists conformance`: the catalogue from the installed command, over real HTTP,
against the sandbox (passes) and a broken variant (fails with the rule and its evidence)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app
from amplemarket_lead_lists.sandbox.server import running_sandbox, serving
from contract_tests.broken_sandboxes import broken_app
from contract_tests.conformance import SANDBOX_KEY, SANDBOX_SETTINGS, prefilled_lead_list

runner = CliRunner()


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPLEMARKET_API_KEY", SANDBOX_KEY)
    monkeypatch.delenv("CONFORMANCE_SECOND_API_KEY", raising=False)


def test_a_conforming_server_passes_read_only_and_the_reports_hold_no_key(tmp_path: Path) -> None:
    with running_sandbox(SANDBOX_SETTINGS) as url:
        args = ["conformance", "--base-url", url, "--allow-create", "--reports", str(tmp_path / "c")]
        result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("conformance: creates 4 lead lists")
    assert "  completed_lists_hold_every_lead_sent: passed" in result.stdout
    assert "another_keys_lists_are_not_found_on_read: skipped — needs CONFORMANCE_SECOND_API_KEY" in result.stdout
    assert " 0 failed" in lines[-1]
    written = (tmp_path / "c-rules.xml").read_text() + (tmp_path / "c-summary.txt").read_text()
    assert written.count("<testcase") == 25 and SANDBOX_KEY not in written + result.output


def test_a_server_that_drops_an_entry_fails_the_rule_that_names_it() -> None:
    with serving(broken_app("drops_an_entry", SANDBOX_SETTINGS)) as url:
        lead_list = prefilled_lead_list(url, SANDBOX_KEY, 150)
        result = runner.invoke(app, ["conformance", "--base-url", url, "--lead-list", lead_list])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), "a failed rule is an exit status, not a traceback"
    assert "pages_walk_every_entry_once: FAILED" in result.stdout
    assert "created_lists_are_located: skipped — needs CONFORMANCE_ALLOW_CREATE=1" in result.stdout


def test_no_key_or_a_refused_key_is_a_settings_error_before_any_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMPLEMARKET_API_KEY")
    missing = runner.invoke(app, ["conformance", "--base-url", "http://127.0.0.1:9"])
    assert missing.exit_code == 2 and "AMPLEMARKET_API_KEY is not set" in missing.stderr
    monkeypatch.setenv("AMPLEMARKET_API_KEY", "not-a-sandbox-key")
    with running_sandbox(SANDBOX_SETTINGS) as url:
        refused = runner.invoke(app, ["conformance", "--base-url", url])
    assert refused.exit_code == 2 and "refused AMPLEMARKET_API_KEY (401)" in refused.stderr
    assert "not-a-sandbox-key" not in refused.output


def test_plain_http_to_another_host_is_refused_before_the_key_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe sent AMPLEMARKET_API_KEY in clear text to any http:// --base-url."""
    monkeypatch.setenv("AMPLEMARKET_API_KEY", "sk-conformance-key")
    monkeypatch.delenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", raising=False)
    with respx.mock(assert_all_called=False) as api:
        probe = api.route().mock(return_value=httpx.Response(401))
        refused = runner.invoke(app, ["conformance", "--base-url", "http://staging.example.test"])
        monkeypatch.setenv("AMPLEMARKET_ALLOW_INSECURE_HTTP", "1")
        allowed = runner.invoke(app, ["conformance", "--base-url", "http://staging.example.test"])
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "error: --base-url (or AMPLEMARKET_BASE_URL): http:// to 'staging.example.test' would send "
        "AMPLEMARKET_API_KEY unencrypted; use https://, or set AMPLEMARKET_ALLOW_INSECURE_HTTP=1 to allow it "
        "(localhost needs no opt-in)"
    )
    assert probe.call_count == 1, "only the opted-in run probed the server"
    assert allowed.exit_code == 2 and "refused AMPLEMARKET_API_KEY (401)" in allowed.stderr


def test_the_probe_of_the_server_gives_up_after_30_seconds() -> None:
    """The first request, before any rule, is bounded: a server that accepts and never answers is a settings
    error after 30 s, not a run hanging for ever."""
    with respx.mock(assert_all_called=False) as api:
        probe = api.route().mock(return_value=httpx.Response(401))
        result = runner.invoke(app, ["conformance", "--base-url", "https://staging.example.test"])
    assert result.exit_code == 2 and "refused AMPLEMARKET_API_KEY (401)" in result.stderr
    assert probe.calls.last.request.extensions["timeout"] == dict.fromkeys(("connect", "read", "write", "pool"), 30)
