"""The command tells a new user what they need: its version, which variable holds a bad key, why it
waits, which column or header line to read, and which rows would fit another list type (issue 24)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from amplemarket_lead_lists.cli.app import app

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "amplemarket-lead-lists"


def test_version_prints_the_installed_packages_version() -> None:
    installed = subprocess.run([COMMAND, "--version"], capture_output=True, text=True, timeout=30, check=False)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout == f"amplemarket-lead-lists {version('amplemarket-lead-lists')}\n"
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == installed.stdout
