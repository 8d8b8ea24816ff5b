"""`make demo`, the README's first command, on a fresh clone: `reports/` is git-ignored and `make clean`
deletes it, so the demo must not depend on it existing."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent


def test_make_demo_writes_its_report_where_no_reports_folder_exists(tmp_path: Path) -> None:
    clone = tmp_path / "clone"  # what the demo needs of a fresh clone: the Makefile and the example
    clone.mkdir()
    shutil.copy(ROOT / "Makefile", clone / "Makefile")
    shutil.copytree(ROOT / "examples", clone / "examples")
    env = {
        **os.environ,
        "SANDBOX_QUEUE_SECONDS": "0",
        "SANDBOX_PROCESSING_SECONDS": "0",
        "AMPLEMARKET_SANDBOX_STATE": str(tmp_path / "state.json"),
    }
    installed = VENV / ".installed"  # this venv, taken as installed: the demo is tested, not `make install`
    result = subprocess.run(
        ["make", "--no-print-directory", "demo", f"VENV={VENV}", "-o", str(installed)],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reports = clone / "reports"
    written, rejected = rows(reports / "enriched_leads.csv"), rows(reports / "enriched_leads.rejects.csv")
    assert len(written) + len(rejected) == len(rows(clone / "examples" / "linkedin_leads.csv")) > 300


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
