"""`make other-generators`: openapi-generator's Python client, built from the spec, reads what the vendor sends.

openapi-generator (the PyPI package `openapi-generator-cli` bundles its JAR; it needs Java) generates a client
into build/openapi-generator/; this module imports it and parses the spec's examples and a lead list whose
status the spec does not list (a closed enum made such clients raise on a status added later). Run as
`python -m contract_tests.other_generators`; prints one line a check and exits 1 on any failure.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract_tests.spec import ROOT, SPEC_PATH, load_spec

OUT = ROOT / "build" / "openapi-generator"
PACKAGE = "lead_lists_openapi_generator"


def generate(out: Path = OUT, spec: Path = SPEC_PATH) -> None:
    """Generate openapi-generator's Python client (models and API, no docs or tests) into `out`."""
    shutil.rmtree(out, ignore_errors=True)
    cli = Path(sys.executable).parent / "openapi-generator-cli"
    done = subprocess.run(
        [
            str(cli),
            "generate",
            "--input-spec",
            str(spec),
            "--generator-name",
            "python",
            "--output",
            str(out),
            "--package-name",
            PACKAGE,
            "--global-property",
            "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"openapi-generator failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def checks(out: Path = OUT) -> dict[str, Callable[[], None]]:
    """Each check by name: it raises when openapi-generator's client misreads a body the spec allows."""
    sys.path.insert(0, str(out))
    models = importlib.import_module(f"{PACKAGE}.models")
    examples = load_spec()["components"]["examples"]

    def status_of(lead_list: Any) -> object:
        status = lead_list.status
        return getattr(status, "actual_instance", status)

    def unknown_status() -> None:
        body = {**examples["ProcessingLeadList"]["value"], "status": "validating"}
        lead_list = models.LeadList.from_dict(body)
        assert status_of(lead_list) == "validating", status_of(lead_list)
        assert lead_list.to_dict()["status"] == "validating", lead_list.to_dict()["status"]

    def known_status() -> None:
        lead_list = models.LeadList.from_dict(examples["CompletedLeadList"]["value"])
        assert status_of(lead_list) == models.LeadListStatus.COMPLETED, status_of(lead_list)
        assert len(lead_list.leads) == 3

    def listing_with_unknown_status() -> None:
        body = examples["FirstPageOfLeadLists"]["value"]
        summaries = [{**summary, "status": "archived"} for summary in body["lead_lists"]]
        page = models.LeadListPage.from_dict({**body, "lead_lists": summaries})
        assert [status_of(summary) for summary in page.lead_lists] == ["archived", "archived"]

    return {
        "a lead list whose status the spec does not list parses and keeps it": unknown_status,
        "a completed lead list parses, its status a known value": known_status,
        "a listing whose statuses the spec does not list parses": listing_with_unknown_status,
    }


def main() -> int:
    generate()
    failed = 0
    found = checks()
    for name, check in found.items():
        try:
            check()
        except Exception as error:  # every failure is reported, then the exit code says so
            failed += 1
            print(f"FAILED  {name}: {type(error).__name__}: {str(error)[:300]}")
        else:
            print(f"passed  {name}")
    print(f"openapi-generator's Python client (build/openapi-generator/): {failed} of {len(found)} checks failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
