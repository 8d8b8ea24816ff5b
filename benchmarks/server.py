"""The sandbox in its own process (uvicorn, with its compiled HTTP parser and event loop), so its CPU and
memory never mix with the client's and its own overhead stays small next to what the cases measure."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
KEY = "sandbox-bench"
AUTH = {"Authorization": f"Bearer {KEY}"}


@contextmanager
def sandbox_process(**settings: float) -> Iterator[str]:
    """Serve the sandbox with SANDBOX_<NAME>=value for each setting; yield its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = os.pathsep.join([str(ROOT / "generated_client"), str(ROOT)])
    env = {**os.environ, "PYTHONPATH": path, "SANDBOX_RATE_LIMIT": str(10**9)}
    env.update({f"SANDBOX_{name.upper()}": str(value) for name, value in settings.items()})
    command = [sys.executable, "-m", "uvicorn", "amplemarket_lead_lists.sandbox.app:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--http", "httptools", "--loop", "uvloop"]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base_url}/openapi.yaml")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.05)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def prefilled_list(base_url: str, entries: int) -> str:
    """The id of a new completed list of `entries` synthetic entries."""
    response = httpx.post(f"{base_url}/_sandbox/lead-lists", json={"entries": entries}, headers=AUTH)
    response.raise_for_status()
    lead_list_id: str = response.json()["id"]
    return lead_list_id
