"""`export` killed mid-way (SIGKILL, as a closed laptop or an OOM kill would) and run again completes
the file with every entry exactly once: the command as a real process, the sandbox over real HTTP
answering 0.1 s late (its latency setting), so a 20-page export lasts long enough to kill."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings

COMMAND = Path(sys.executable).parent / "amplemarket-lead-lists"
KEY = "sandbox-export-kill"
ENTRIES = 2000


def entry_ids(path: Path) -> list[str]:
    with path.open(newline="") as handle:
        return [row["entry_id"] for row in csv.DictReader(handle)]


def lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_an_export_killed_mid_way_completes_on_the_next_run_with_every_entry_once(tmp_path: Path) -> None:
    out, reference = tmp_path / "entries.csv", tmp_path / "reference.csv"
    with running_sandbox(Settings(latency_seconds=0.1)) as base_url:
        prefilled = httpx.post(
            f"{base_url}/_sandbox/lead-lists", json={"entries": ENTRIES}, headers={"Authorization": f"Bearer {KEY}"}
        )
        lead_list_id = prefilled.json()["id"]
        env = {**os.environ, "AMPLEMARKET_API_KEY": KEY, "AMPLEMARKET_BASE_URL": base_url}
        command = [str(COMMAND), "export", lead_list_id]

        first = subprocess.Popen([*command, str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while lines(out) <= 200 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
        assert first.returncode == -signal.SIGKILL  # killed mid-way, not finished
        kept = len(entry_ids(out))
        assert 200 <= kept < ENTRIES

        second = subprocess.run([*command, str(out)], env=env, capture_output=True, text=True, timeout=120, check=False)
        whole = subprocess.run(
            [*command, str(reference)], env=env, capture_output=True, text=True, timeout=120, check=False
        )
    assert second.returncode == 0, second.stderr
    assert f"{out} already has {kept} entries: continuing after entry" in second.stderr
    assert f"wrote {ENTRIES - kept} entries to {out} ({ENTRIES} in all)" in second.stdout
    assert whole.returncode == 0, whole.stderr
    ids = entry_ids(out)
    assert ids == entry_ids(reference) and len(set(ids)) == ENTRIES
