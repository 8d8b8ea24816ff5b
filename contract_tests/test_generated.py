"""`make check-generated` passes on the committed client and fails on any drift from the spec."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.spec import ROOT

PACKAGE = ROOT / "generated_client" / "amplemarket_lead_lists"
CHECK = ROOT / "generator" / "check.sh"


def _check(package: Path) -> subprocess.CompletedProcess[str]:
    # The generator and its ruff hooks come from the environment running the tests.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", str(CHECK), str(package)], capture_output=True, text=True, check=False, env=env)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "amplemarket_lead_lists"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_committed_client_matches_the_spec() -> None:
    done = _check(PACKAGE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hand_edit_of_a_generated_file_is_caught(package_copy: Path) -> None:
    model = package_copy / "models" / "lead_list.py"
    model.write_text(model.read_text().replace("class LeadList:", "class LeadList:  # edited"))
    done = _check(package_copy)
    assert done.returncode == 1
    assert "lead_list.py" in done.stdout and "differs from a fresh generation" in done.stderr


def test_a_stray_generated_file_is_caught(package_copy: Path) -> None:
    (package_copy / "models" / "extra.py").write_text("X = 1\n")
    done = _check(package_copy)
    assert done.returncode == 1
    assert "extra.py" in done.stdout


def test_the_hand_written_polling_package_is_not_drift(package_copy: Path) -> None:
    (package_copy / "polling").mkdir(exist_ok=True)
    (package_copy / "polling" / "scratch.py").write_text("X = 1\n")
    assert _check(package_copy).returncode == 0
