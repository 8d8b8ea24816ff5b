"""The README's client example runs as written, against the sandbox instead of the real API."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings
from contract_tests.spec import ROOT


def test_the_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    fast = Settings(retry_after=0, queue_seconds=0.1, processing_seconds=0.2, seconds_per_lead=0.0)
    with running_sandbox(fast) as base_url:
        code = example.group(1)
        monkeypatch.setenv("AMPLEMARKET_API_KEY", "sandbox-readme")
        monkeypatch.setenv("AMPLEMARKET_BASE_URL", base_url)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines[0].startswith("poll 1: ")
    assert any(line.endswith("next in None s") for line in lines)
    assert lines[-1].startswith(tuple("0123456789abcdef"))  # the entry line: id first
