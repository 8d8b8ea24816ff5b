"""`make conformance`: Schemathesis over real HTTP, then the catalogue of rules, against the sandbox
or any server.

    make conformance                                    # starts the sandbox on a free port, every tier
    make conformance BASE_URL=https://api.amplemarket.com AMPLEMARKET_API_KEY=…        # read-only
    make conformance BASE_URL=… AMPLEMARKET_API_KEY=… CONFORMANCE_LEAD_LIST_ID=…    # reads one real list
    make conformance BASE_URL=… AMPLEMARKET_API_KEY=… CONFORMANCE_ALLOW_CREATE=1   # spends credits

Tiers (amplemarket_lead_lists/conformance/): read-only (GETs only) by default; CONFORMANCE_ALLOW_CREATE=1
creates a few small lists (owner CONFORMANCE_OWNER) and lets Schemathesis create and add with a small
example budget (CONFORMANCE_MAX_EXAMPLES, default 3); CONFORMANCE_ALLOW_LARGE=1 adds the 10,000-lead
create and, with CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID (a list of 59,990 leads), the 60,000-lead cap;
CONFORMANCE_SECOND_API_KEY (a key of another account) the isolation between keys. The cost of the
chosen tiers is printed first; every rule a tier cannot run is reported skipped, by name.
Without creating, getLeadList only meets ids that do not exist unless CONFORMANCE_LEAD_LIST_ID names
an existing list of the account. A missing or rejected key fails the run (exit 2). Reports:
reports/conformance.xml (Schemathesis' JUnit), reports/conformance-rules.xml (the rules' JUnit) and
reports/conformance-summary.txt (one line a rule); exit 0 only when nothing failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import httpx

from amplemarket_lead_lists.conformance import tier_cost
from amplemarket_lead_lists.conformance.reading import MAX_LEADS_PER_LIST
from amplemarket_lead_lists.conformance.runner import Target, run_rules, tiers_for
from amplemarket_lead_lists.conformance.session import CAP_ROOM
from amplemarket_lead_lists.sandbox.server import running_sandbox
from amplemarket_lead_lists.sandbox.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "lead-lists.yaml"
CONFIG = ROOT / "contract_tests" / "conformance.toml"
REPORT = ROOT / "reports" / "conformance.xml"
SANDBOX_KEY = "sandbox-conformance"
SANDBOX_OTHER_KEY = "sandbox-conformance-2"
# Lists of a few leads complete within milliseconds, so the stateful phase reaches `completed` and
# pages even on a fast machine; larger lists stay pending a little longer.
# `Retry-After: 0` (the spec's minimum): the rules poll such a list again at once.
SANDBOX_SETTINGS = Settings(
    retry_after=0, queue_seconds=0.0, processing_seconds=0.0, seconds_per_lead=0.002, rate_limit=10**9
)


def run_schemathesis(
    base_url: str,
    key: str,
    *,
    allow_create: bool,
    max_examples: int,
    report: Path = REPORT,
    lead_list_id: str | None = None,
    nearly_full_lead_list_id: str | None = None,
    seed: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `st run` with our checks loaded as hooks; the key travels in the environment, not argv.

    With `lead_list_id`, every getLeadList call reads that list (its `id` path parameter is fixed).
    With `nearly_full_lead_list_id` (a list of 59,999 leads), the cap check adds to it.
    `seed` replaces conformance.toml's seed (CONFORMANCE_SEED).
    """
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            str(Path(sys.executable).with_name("st")),
            "--config-file", str(_config(Path(scratch), fixed_id=lead_list_id is not None)),
            "run", str(SPEC),
            "--url", base_url,
            "--max-examples", str(max_examples),
            "--generation-database", "none",
            "--report", "junit",
            "--report-junit-path", str(report),
        ]  # fmt: skip
        if seed is not None:
            command += ["--seed", str(seed)]
        if not allow_create:
            # Reads only (creating and adding spend credits). Every link starts at createLeadList,
            # so without it there is no stateful phase to run.
            command += ["--include-method", "GET", "--phases", "examples,coverage,fuzzing"]
        env = {
            **os.environ,
            "CONFORMANCE_API_KEY": key,
            "CONFORMANCE_LEAD_LIST_ID": lead_list_id or "",
            "CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID": nearly_full_lead_list_id or "",
            "SCHEMATHESIS_HOOKS": "contract_tests.checks",
            "PYTHONPATH": str(ROOT),
        }
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)


def _config(scratch: Path, *, fixed_id: bool) -> Path:
    """conformance.toml, plus the fixed getLeadList id (read from the environment) when one is given."""
    if not fixed_id:
        return CONFIG
    config = scratch / "conformance.toml"
    # TOML: top-level keys must come before the first table, so the line goes first.
    config.write_text('parameters = { "path.id" = "${CONFORMANCE_LEAD_LIST_ID}" }\n' + CONFIG.read_text())
    return config


def run_conformance(
    base_url: str,
    key: str,
    *,
    allow_create: bool,
    max_examples: int,
    report: Path = REPORT,
    lead_list_id: str | None = None,
    nearly_full_lead_list_id: str | None = None,
    large: bool = False,
    owner: str = "conformance@example.com",
    seed: int | None = None,
    other_key: str | None = None,
    cap_lead_list_id: str | None = None,
    fuzz: bool = True,
) -> subprocess.CompletedProcess[str]:
    """The cost of the tiers, Schemathesis (unless `fuzz` is false), then the catalogue; the run
    fails if either does. stdout carries both reports; the rules' JUnit goes beside `report`.

    `nearly_full_lead_list_id` (59,999 leads) is for the Schemathesis cap check, `cap_lead_list_id`
    (59,990) for the catalogue's cap rule."""
    tiers = tiers_for(allow_create=allow_create, allow_large=large, second_key=other_key is not None)
    cost = f"conformance: {tier_cost(tiers)}\n"
    if fuzz:
        done = run_schemathesis(
            base_url,
            key,
            allow_create=allow_create,
            max_examples=max_examples,
            report=report,
            lead_list_id=lead_list_id,
            nearly_full_lead_list_id=nearly_full_lead_list_id,
            seed=seed,
        )
    else:
        done = subprocess.CompletedProcess([], 0, "Schemathesis: not run\n", "")
    target = Target(base_url, key, tiers, other_key, owner, lead_list_id, cap_lead_list_id)
    text, failed = run_rules(target, report.with_suffix(""))
    stdout = f"{cost}{done.stdout}\n{text}"
    return subprocess.CompletedProcess(done.args, done.returncode or int(failed), stdout, done.stderr)


def run_against_sandbox(
    url: str, *, max_examples: int, report: Path = REPORT, fuzz: bool = True, large: bool = True
) -> subprocess.CompletedProcess[str]:
    """The full run, every tier: creating and adding, a second key, the cap check and rule on lists
    the sandbox prefills. Without `large` the rules that walk 60,000 entries or create 10,000 are
    skipped (Schemathesis' cap check still runs)."""
    nearly_full = prefilled_lead_list(url, SANDBOX_KEY, MAX_LEADS_PER_LIST - 1)
    cap_list = prefilled_lead_list(url, SANDBOX_KEY, MAX_LEADS_PER_LIST - CAP_ROOM) if large else None
    return run_conformance(
        url,
        SANDBOX_KEY,
        allow_create=True,
        max_examples=max_examples,
        report=report,
        nearly_full_lead_list_id=nearly_full,
        large=large,
        other_key=SANDBOX_OTHER_KEY,
        cap_lead_list_id=cap_list,
        fuzz=fuzz,
    )


def prefilled_lead_list(url: str, key: str, entries: int) -> str:
    """A completed list of `entries` synthetic leads, made through the sandbox's scenario controls."""
    response = httpx.post(
        f"{url}/_sandbox/lead-lists", json={"entries": entries}, headers={"Authorization": f"Bearer {key}"}
    )
    lead_list_id: str = response.raise_for_status().json()["id"]
    return lead_list_id


def probe(base_url: str, key: str, lead_list_id: str = "conformance-probe") -> int:
    """The status of one harmless GET: a 401 means every call of the run would be refused, a 404 on
    CONFORMANCE_LEAD_LIST_ID that the run would only ever read a missing list."""
    url = f"{base_url}/lead-lists/{quote(lead_list_id, safe='')}"
    return httpx.get(url, headers={"Authorization": f"Bearer {key}"}).status_code


def main() -> int:
    base_url = os.environ.get("BASE_URL", "").rstrip("/")
    if not base_url:
        with running_sandbox(SANDBOX_SETTINGS) as url:
            done = run_against_sandbox(url, max_examples=50)
    else:
        key = os.environ.get("AMPLEMARKET_API_KEY", "")
        if not key:
            print("conformance: set AMPLEMARKET_API_KEY to test", base_url, file=sys.stderr)
            return 2
        if probe(base_url, key) == 401:
            print(f"conformance: {base_url} rejected the API key (401)", file=sys.stderr)
            return 2
        lead_list_id = os.environ.get("CONFORMANCE_LEAD_LIST_ID") or None
        if lead_list_id is not None and probe(base_url, key, lead_list_id) == 404:
            print(f"conformance: CONFORMANCE_LEAD_LIST_ID {lead_list_id!r} is no list of this account", file=sys.stderr)
            return 2
        allow_create = os.environ.get("CONFORMANCE_ALLOW_CREATE") == "1"
        large = os.environ.get("CONFORMANCE_ALLOW_LARGE") == "1"
        budget = int(os.environ.get("CONFORMANCE_MAX_EXAMPLES", "3"))
        tiers = tiers_for(
            allow_create=allow_create, allow_large=large, second_key=bool(os.environ.get("CONFORMANCE_SECOND_API_KEY"))
        )
        print(f"conformance: {tier_cost(tiers)}", file=sys.stderr, flush=True)
        done = run_conformance(
            base_url,
            key,
            allow_create=allow_create,
            max_examples=budget,
            lead_list_id=lead_list_id,
            large=large,
            owner=os.environ.get("CONFORMANCE_OWNER", "conformance@example.com"),
            seed=int(os.environ["CONFORMANCE_SEED"]) if os.environ.get("CONFORMANCE_SEED") else None,
            other_key=os.environ.get("CONFORMANCE_SECOND_API_KEY") or None,
            cap_lead_list_id=os.environ.get("CONFORMANCE_NEARLY_FULL_LEAD_LIST_ID") or None,
        )
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    print(f"conformance: JUnit reports in {REPORT.relative_to(ROOT)} and {REPORT.stem}-rules.xml", file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
