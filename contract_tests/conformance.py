"""`make conformance`: the Schemathesis CLI over real HTTP, against the sandbox or any server.

    make conformance                                    # starts the sandbox on a free port
    make conformance BASE_URL=https://api.amplemarket.com AMPLEMARKET_API_KEY=…
    make conformance BASE_URL=… AMPLEMARKET_API_KEY=… CONFORMANCE_ALLOW_CREATE=1   # spends credits

Against a server other than the sandbox, createLeadList runs only with CONFORMANCE_ALLOW_CREATE=1
and a small example budget (CONFORMANCE_MAX_EXAMPLES, default 3). A missing or rejected key fails
the run. The JUnit report goes to reports/conformance.xml.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from sandbox.server import running_sandbox
from sandbox.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "lead-lists.yaml"
CONFIG = ROOT / "contract_tests" / "conformance.toml"
REPORT = ROOT / "reports" / "conformance.xml"
SANDBOX_KEY = "sandbox-conformance"
# Lists of a few leads complete within milliseconds, so the stateful phase reaches `completed` and
# pages even on a fast machine; larger lists stay pending a little longer.
SANDBOX_SETTINGS = Settings(
    retry_after=1, queue_seconds=0.0, processing_seconds=0.0, seconds_per_lead=0.002, rate_limit=10**9
)


def run_schemathesis(
    base_url: str, key: str, *, allow_create: bool, max_examples: int, report: Path = REPORT
) -> subprocess.CompletedProcess[str]:
    """Run `st run` with our checks loaded as hooks; the key travels in the environment, not argv."""
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file", str(CONFIG),
        "run", str(SPEC),
        "--url", base_url,
        "--max-examples", str(max_examples),
        "--generation-database", "none",
        "--report", "junit",
        "--report-junit-path", str(report),
    ]  # fmt: skip
    if not allow_create:
        command += ["--exclude-operation-id", "createLeadList"]
    env = {
        **os.environ,
        "CONFORMANCE_API_KEY": key,
        "SCHEMATHESIS_HOOKS": "contract_tests.checks",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)


def key_is_accepted(base_url: str, key: str) -> bool:
    """A 401 on a harmless GET means every call of the run would be refused."""
    response = httpx.get(f"{base_url}/lead-lists/conformance-probe", headers={"Authorization": f"Bearer {key}"})
    return response.status_code != 401


def main() -> int:
    base_url = os.environ.get("BASE_URL", "").rstrip("/")
    if not base_url:
        with running_sandbox(SANDBOX_SETTINGS) as url:
            done = run_schemathesis(url, SANDBOX_KEY, allow_create=True, max_examples=50)
    else:
        key = os.environ.get("AMPLEMARKET_API_KEY", "")
        if not key:
            print("conformance: set AMPLEMARKET_API_KEY to test", base_url, file=sys.stderr)
            return 2
        if not key_is_accepted(base_url, key):
            print(f"conformance: {base_url} rejected the API key (401)", file=sys.stderr)
            return 2
        allow_create = os.environ.get("CONFORMANCE_ALLOW_CREATE") == "1"
        budget = int(os.environ.get("CONFORMANCE_MAX_EXAMPLES", "3"))
        done = run_schemathesis(base_url, key, allow_create=allow_create, max_examples=budget)
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    print(f"conformance: JUnit report in {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
